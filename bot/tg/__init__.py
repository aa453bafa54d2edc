"""The Telegram edge (python-telegram-bot 22): updates -> engine events, engine replies -> messages.

Entry point: :func:`bot.tg.app.build_application`. One module per concept: ``commands``, ``callbacks``,
``messages``, ``errors`` (handlers), ``render`` (replies -> Telegram), ``sender`` (retries and harmless
errors), ``ordering`` (per-chat order), ``menu``, ``jobs``, ``backend`` (what the edge needs)."""
