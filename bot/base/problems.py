"""A problem found in a file written by a counsellor: where, what, and how to fix it (in French)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(Enum):
    ERROR = "erreur"
    WARNING = "avertissement"


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    line: int | None
    message: str
    hint: str | None = None
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        prefix = "" if self.severity is Severity.ERROR else "avertissement : "
        text = f"{where}: {prefix}{self.message}"
        if self.hint:
            text += f" {self.hint}"
        return text
