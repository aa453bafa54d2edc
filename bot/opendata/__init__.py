"""Fetching the open data the bot reads (``bot geodata fetch``): the manifest of files, their checks, and
a resumable downloader. The core never imports this package; only the CLI does."""
