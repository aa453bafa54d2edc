"""Plain words for a QPV: its official name is often long (« Quartier intercommunal Blanc Seau - Croix
Bas Saint Pierre - … »); people, buttons and admin tables need a short one. Kept outside `geo` so that
using it loads no geometry library."""

from __future__ import annotations

import re

MAX_QPV_NAME = 42
_QPV_PREFIX = re.compile(r"^(?:quartiers?\s+(?:intercommunal\s+|prioritaires?\s+)?)", re.IGNORECASE)


def short_qpv_name(official: str, limit: int = MAX_QPV_NAME) -> str:
    """A readable short form of an official QPV name: without the leading « Quartier (intercommunal) »,
    and only its first parts when it lists many (« Blanc Seau - Croix Bas Saint Pierre … »), at most
    ``limit`` characters."""
    name = _QPV_PREFIX.sub("", official.strip()) or official.strip()
    parts = [p.strip() for p in name.split(" - ") if p.strip()]
    kept = parts[0] if parts else name
    for part in parts[1:]:
        if len(kept) + 3 + len(part) > limit:
            return kept + " …" if len(kept) + 2 <= limit else kept[: limit - 1].rstrip() + "…"
        kept = f"{kept} - {part}"
    if len(kept) > limit:
        return kept[: limit - 1].rstrip() + "…"
    return kept
