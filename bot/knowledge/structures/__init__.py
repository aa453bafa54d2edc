"""Structures: curated entries, imported directories, the nearest-door finder and knowledge checks."""
