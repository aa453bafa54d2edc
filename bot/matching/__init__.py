"""Normalisation of what young people type (reading an answer itself is `bot.understanding`)."""
