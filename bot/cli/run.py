"""`cap-quartiers run`: the Telegram bot (long polling, or webhook with a secret token).

Without TELEGRAM_BOT_TOKEN it runs the same dialog in this terminal instead. Before talking to Telegram it
checks the settings, the dialog corpus and the place index, and refuses to start on any problem."""

from __future__ import annotations

import argparse
import asyncio
import logging
import re
import signal
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from bot.config import Settings
from bot.errors import BotError, ConfigError

if TYPE_CHECKING:
    from bot.tg.app import NetworkConfig, TgApplication

logger = logging.getLogger(__name__)

SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--webhook",
        metavar="URL",
        help="mode webhook : URL publique HTTPS (sinon BOT_WEBHOOK_URL ; par défaut, long polling)",
    )
    parser.add_argument(
        "--drop-pending", action="store_true", help="ignorer les messages reçus pendant l'arrêt"
    )
    parser.set_defaults(func=run)


class TokenFilter(logging.Filter):
    """Last line of defence: the bot token never reaches a log line."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.token in message:
            record.msg = message.replace(self.token, "<jeton>")
            record.args = None
        if record.exc_info and not record.exc_text:
            # the traceback too (python-telegram-bot's InvalidToken quotes the token): formatted here, the
            # handler's formatter then uses this text as it is
            record.exc_text = _PLAIN.formatException(record.exc_info)
        if record.exc_text and self.token in record.exc_text:
            record.exc_text = record.exc_text.replace(self.token, "<jeton>")
        if record.stack_info and self.token in record.stack_info:
            record.stack_info = record.stack_info.replace(self.token, "<jeton>")
        return True


_PLAIN = logging.Formatter()


def install_token_filter(token: str) -> None:
    token_filter = TokenFilter(token)
    for handler in logging.getLogger().handlers:
        handler.addFilter(token_filter)
    # httpx logs every request URL at INFO, and Bot API URLs contain the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


def webhook_settings(settings: Settings, url: str | None) -> tuple[str, str] | None:
    """``(url, url_path)`` when webhook mode is asked, after checking its settings."""
    url = url or settings.webhook_url
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.netloc:
        raise ConfigError(
            f"URL de webhook invalide : {url!r}. Exemple : --webhook https://bot.exemple.fr/telegram"
        )
    if not settings.webhook_secret:
        raise ConfigError(
            "Le mode webhook exige un secret vérifié à chaque appel de Telegram : "
            "export BOT_WEBHOOK_SECRET=$(openssl rand -hex 32)"
        )
    if not SECRET_TOKEN.fullmatch(settings.webhook_secret):
        raise ConfigError("BOT_WEBHOOK_SECRET : 1 à 256 caractères parmi A-Z a-z 0-9 _ - uniquement.")
    return url, parts.path.strip("/")


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    if not getattr(args, "verbose", False):
        logging.getLogger().setLevel(settings.log_level)
    if not settings.token:
        print("Pas de TELEGRAM_BOT_TOKEN : je lance le dialogue dans ce terminal (aperçu).")
        from bot.console.chat import run_chat

        return run_chat(settings)

    webhook = webhook_settings(settings, args.webhook)
    install_token_filter(settings.token)

    # Refuse to start on an invalid corpus or a missing place index (raises BotError with every problem).
    # On errors, the last good copy (var/corpus-last-good) is served instead, and the admins are told.
    from bot.base.memory import gc_paused
    from bot.compose import build_reloader, load_bot_profile, open_backend

    reloader = build_reloader(settings, offer_followup=True)
    with gc_paused():  # the whole corpus and the place index: lasting objects, made once
        engine = reloader.start()
    load_bot_profile(settings)  # refuse to start on a broken profile too, before connecting
    settings.db_path.parent.mkdir(parents=True, exist_ok=True)

    from telegram.error import InvalidToken, NetworkError

    from bot.tg.app import NetworkConfig, build_application

    network = NetworkConfig()

    application = build_application(
        settings, lambda: open_backend(settings, engine, reloader), network=network
    )
    stop_signals = (signal.SIGINT, signal.SIGTERM)
    try:
        serve(application, settings, args, network, webhook, stop_signals)
    except InvalidToken:  # (its message quotes the token: not repeated)
        raise ConfigError(
            "Telegram refuse le jeton TELEGRAM_BOT_TOKEN. Vérifie-le auprès de @BotFather (/token) "
            "puis relance."
        ) from None
    except NetworkError as exc:  # at start-up or stop: while running, the library retries on its own
        raise BotError(
            f"Telegram injoignable ({settings.api_base_url.split('/bot')[0]}) : {exc}. Vérifie la connexion "
            "de la machine (proxy : HTTPS_PROXY) ou TELEGRAM_API_BASE_URL ; sous systemd, le service "
            "redémarre seul 5 s plus tard."
        ) from None
    return 0


def serve(
    application: TgApplication,
    settings: Settings,
    args: argparse.Namespace,
    network: NetworkConfig,
    webhook: tuple[str, str] | None,
    stop_signals: tuple[signal.Signals, ...],
) -> None:
    """Long polling or webhook until a stop signal."""
    from bot.tg.app import ALLOWED_UPDATES

    if webhook is None:
        logger.info("starting in long polling on %s", urlsplit(settings.api_base_url).netloc)
        application.run_polling(
            timeout=int(network.poll_timeout),
            allowed_updates=ALLOWED_UPDATES,
            drop_pending_updates=args.drop_pending,
            stop_signals=stop_signals,
        )
    else:
        url, path = webhook
        logger.info(
            "starting in webhook mode on %s:%s/%s", settings.webhook_listen, settings.webhook_port, path
        )
        from bot.tg.webhook import serve_webhook

        # PTB's run_webhook cannot serve /healthz beside Telegram's calls: same lifecycle, own server.
        asyncio.run(
            serve_webhook(
                application,
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                url_path=path,
                webhook_url=url,
                secret_token=settings.webhook_secret or "",
                allowed_updates=ALLOWED_UPDATES,
                drop_pending_updates=args.drop_pending,
                stop_signals=stop_signals,
            )
        )
