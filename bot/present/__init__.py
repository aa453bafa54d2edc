"""What the edges show, shared: the texts of result cards, formatted once for Telegram (HTML) and for the
terminal preview (plain text), so the preview shows what residents read."""
