"""Fixtures shared across test folders: the real corpus with small fake places and structures."""

from tests.engine.conftest import corpus, engine, talk

__all__ = ["corpus", "engine", "talk"]
