"""Shared ground of dialogs and knowledge: the condition language, the one YAML reader, problems, hints."""
