"""Exception hierarchy. Every error carries what a person needs to find and fix it.

BotError
 ├── DialogError      a dialog file is wrong (path, line, node id)
 ├── KnowledgeError   a knowledge file or the geodata is wrong or missing
 ├── ConfigError      a setting is missing or malformed (names the variable)
 └── StorageError     the database cannot be read or written
"""

from __future__ import annotations


class BotError(Exception):
    """Base of every error raised on purpose by this project."""


class DialogError(BotError):
    def __init__(
        self, message: str, *, path: str | None = None, line: int | None = None, node_id: str | None = None
    ) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.node_id = node_id
        super().__init__(self.located())

    def located(self) -> str:
        where = self.path or "?"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}"


class KnowledgeError(BotError):
    pass


class ConfigError(BotError):
    pass


class StorageError(BotError):
    pass
