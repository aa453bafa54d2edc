"""What the edges show, shared: the result's texts, formatted once as HTML for Telegram and turned into
plain text for the terminal preview, so the preview shows what residents read."""
