"""Fixtures shared across test folders: the real corpus with small fake places and structures; a throwaway
PostgreSQL server (one per test session) and a fresh database on it per test."""

from tests.engine.conftest import corpus, engine, talk
from tests.postgres import postgres_server, postgres_url

__all__ = ["corpus", "engine", "postgres_server", "postgres_url", "talk"]
