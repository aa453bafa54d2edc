"""The pure runtime: `core.Engine` moves a conversation; the other modules compute values (no I/O)."""
