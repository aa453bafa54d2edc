"""Datasette plugin loaded by ``bot admin`` (``--plugins-dir``): someone not logged in is sent to the login
page instead of a bare « Forbidden »."""

from __future__ import annotations

from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import Response


@hookimpl  # type: ignore[untyped-decorator]
def forbidden(datasette: Any, request: Any, message: str) -> Response | None:
    if request.actor is None:
        return Response.redirect(datasette.urls.path("/-/login"))
    return None
