"""Build the Telegram Application: settings in, a wired bot out."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Callable, Coroutine
from functools import cache
from importlib.metadata import entry_points
from typing import Any, Protocol
from urllib.parse import urlsplit

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    ApplicationBuilder,
    ContextTypes,
    Defaults,
    ExtBot,
)
from telegram.request import BaseRequest

from bot import data_watch
from bot.bot_api_request import AiohttpRequest
from bot.config import Settings
from bot.context import BotApplication, BotContext, BotData
from bot.delivery import Delivery
from bot.dispatcher import IN_FLIGHT, Dispatcher, Sleep, in_flight
from bot.health import HEALTH_PATH, DataAge, Health, HealthServer, check
from bot.importing import import_bundled_if_empty
from bot.l10n import FALLBACK_LANGUAGE
from bot.pacing import Pace
from bot.planner import Planner
from bot.services import Clock, Services, system_clock
from bot.telegram_bot import SolidarityBot
from bot.updates import PerChatUpdateProcessor

logger = logging.getLogger(__name__)

# Connections to the Bot API for requests other than getUpdates, and how long a request may wait
# for one to be free (seconds).
CONNECTIONS = 8
POOL_TIMEOUT = 30.0
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


class Features(Protocol):
    """What the package of update handlers gives the wiring: its registration and its menu."""

    MENU: tuple[tuple[str, str], ...]

    def register(self, application: BotApplication, admin_ids: frozenset[int]) -> None: ...


# The update handlers are found through this entry point (pyproject.toml), so that the wiring
# depends on no handler module: handlers import bot, never the other way round.
FEATURES_GROUP = "solidarity_bot.features"


@cache
def features() -> Features:
    """Load the update handlers declared under FEATURES_GROUP (exactly one package)."""
    found = entry_points(group=FEATURES_GROUP)
    if len(found) != 1:
        raise RuntimeError(
            f"expected one {FEATURES_GROUP} entry point, found {len(found)}: reinstall the bot"
        )
    loaded: Features = next(iter(found)).load()
    return loaded


class AlreadyRunning(Exception):
    """Another process runs the bot on this database, in a mode that allows only one."""

    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


def by_webhook(settings: Settings) -> bool:
    """Tell whether the bot gets its updates by webhook (else by long polling)."""
    return bool(settings.webhook_url) and settings.webhook_secret is not None


def runs_alone(settings: Settings) -> bool:
    """Tell whether only one process may run the bot: long polling, or any mode on SQLite.

    Several webhook workers may share a PostgreSQL database; see storage.run_lock.
    """
    return not by_webhook(settings) or settings.postgres_url is None


def build_application(
    settings: Settings,
    *,
    request: BaseRequest | None = None,
    clock: Clock = system_clock,
    sleep: Sleep = asyncio.sleep,
    deliver: bool = True,
    rate_limits: bool = True,
    alone: bool = False,
) -> BotApplication:
    """Create the Application with every handler; services open in post_init.

    With `deliver`, the planner and the dispatcher start with the application (the dispatcher
    waits with `sleep`, on `clock`); handler tests leave them out and drive delivery themselves.
    With `rate_limits`, every call that names a chat takes its place in Telegram's budget (see
    `send_budget`); handler tests lift it, so that their replies come at once. With `alone`,
    start-up fails with AlreadyRunning while another process runs the bot on the database.
    """
    if request is None:
        # A few connections serve many concurrent updates; long polling has one of its own.
        # Paid broadcasts keep more sends on their way at once (bot.dispatcher): one each.
        connections = CONNECTIONS + in_flight(settings.outbox_rate) - IN_FLIGHT
        requests: tuple[BaseRequest, BaseRequest] = (
            AiohttpRequest(connections, pool_timeout=POOL_TIMEOUT),
            AiohttpRequest(1),
        )
    else:
        requests = (request, request)
    bot: ExtBot[Any] = SolidarityBot(
        settings.token,
        base_url=settings.bot_api_base_url,
        base_file_url=settings.bot_api_file_url,
        request=requests[0],
        get_updates_request=requests[1],
        # Every text is Telegram HTML without link previews, unless a call says otherwise.
        defaults=Defaults(parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW),
        rate_limiter=send_budget(settings) if rate_limits else None,
    )
    application: BotApplication = (
        ApplicationBuilder()
        .bot(bot)
        .context_types(ContextTypes(context=BotContext, bot_data=BotData))
        # Many chats at once, each chat's updates in order (see bot.updates).
        .concurrent_updates(PerChatUpdateProcessor())
        .post_init(_on_startup(settings, clock, sleep, deliver, alone))
        .post_stop(_on_stop)
        .post_shutdown(_on_shutdown)
        .build()
    )
    features().register(application, settings.admin_ids)
    return application


def send_budget(settings: Settings) -> AIORateLimiter:
    """Return the budget that replies, edits and the outbox's sends share, as Telegram counts.

    SEND_RATE_PER_SECOND in all, one every 1/rate seconds and never more than the rate in one
    second (`bot.pacing.Pace`, in place of aiolimiter's bucket of one, which falls short of the
    rate). Twenty a minute per group or channel. A RetryAfter is not retried here but goes to
    the caller: the outbox pauses all its sends for as long as Telegram says, and a handler's
    reply fails like any other error.

    The outbox keeps to a pace of its own too (`Settings.outbox_rate`, see bot.dispatcher):
    Telegram's free rate for bulk messages, or with PAID_BROADCAST SEND_RATE_PER_SECOND as paid
    broadcasts, which python-telegram-bot passes by this budget to a limiter of its own.
    """
    if settings.send_rate_per_second > settings.outbox_rate:
        logger.warning(
            "SEND_RATE_PER_SECOND is %g, but without PAID_BROADCAST=true Telegram allows about "
            "%g messages a second to many chats: queued messages go out at most that fast",
            settings.send_rate_per_second,
            settings.outbox_rate,
        )
    budget = AIORateLimiter(
        overall_max_rate=1,
        overall_time_period=1 / settings.send_rate_per_second,
        group_max_rate=20,
        group_time_period=60,
        max_retries=0,
    )
    # Its overall bucket of one, kept at the rate on an exact timeline (see bot.pacing).
    budget._base_limiter = Pace(settings.send_rate_per_second)
    return budget


def _on_startup(
    settings: Settings, clock: Clock, sleep: Sleep, deliver: bool, alone: bool
) -> Callable[[BotApplication], Coroutine[Any, Any, None]]:
    async def on_startup(application: BotApplication) -> None:
        services = await Services.open(settings, clock)
        application.bot_data.services = services
        if alone:
            lock = services.db.run_lock()
            if not await lock.acquire():
                raise AlreadyRunning(services.db.location)
            application.bot_data.run_lock = lock
        count = await import_bundled_if_empty(services)
        if count:
            logger.info("Imported %d records from the configured data set", count)
        await services.refresh_search()
        # What is made from the data (everyone's calendar) is made before anyone asks.
        await application.bot_data.data_changed(application)
        await publish_profile(application, services)
        if deliver:
            delivery = delivery_of(application, sleep)
            application.bot_data.delivery = delivery
            delivery.schedule(application.job_queue, settings.planner_interval_seconds)
            data_watch.schedule(
                application,
                sync=settings.source_url is not None,
                watch_every=settings.planner_interval_seconds,
            )

    return on_startup


def delivery_of(application: BotApplication, sleep: Sleep = asyncio.sleep) -> Delivery:
    """Return the planner and dispatcher of a started application, led as its database says.

    The leader also runs the features' `while_leading` hooks (campaign progress messages).
    """
    services = application.bot_data.services

    async def while_leading() -> None:
        for hook in application.bot_data.while_leading:
            await hook(application)

    return Delivery(
        Planner(services, application.bot.username),
        Dispatcher(services, application.bot, sleep=sleep),
        services.db.leadership(),
        while_leading=while_leading,
    )


async def _on_stop(application: BotApplication) -> None:
    if application.bot_data.delivery is not None:
        await application.bot_data.delivery.stop()


async def _on_shutdown(application: BotApplication) -> None:
    await application.bot_data.close()


async def publish_profile(application: BotApplication, services: Services) -> None:
    """Register the command menu and the description in every language the bot speaks.

    They are a courtesy, and Telegram keeps the last ones: a call Telegram refuses (a server
    error, or its limit on profile changes after quick restarts) is logged and the rest go on.
    """
    bot, l10n = application.bot, services.l10n
    default = services.settings.default_language
    failed = 0
    for language in (None, *l10n.languages):
        t = l10n(language or default)
        commands = [BotCommand(name, t(key)) for name, key in features().MENU]
        for call in (
            bot.set_my_commands(commands, language_code=language),
            bot.set_my_description(t("bot-description"), language_code=language),
            bot.set_my_short_description(t("bot-short-description"), language_code=language),
        ):
            try:
                await call
            except TelegramError as error:
                failed += 1
                logger.warning("Telegram refused a profile update: %s", error)
    if failed:
        logger.warning("%d profile updates failed; the menu may be out of date", failed)


def run(application: BotApplication, settings: Settings) -> None:
    """Serve updates by webhook when WEBHOOK_URL is set, by long polling otherwise.

    The health URL, when HEALTH_PORT is in use, is served for as long as the bot runs.
    """
    _freeze_after_start(application)
    if settings.health_port is not None:
        _serve_health(application, settings, settings.health_port)
    if settings.webhook_url and settings.webhook_secret is not None:
        application.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            # The local path is the public one: a reverse proxy passes it through unchanged.
            url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
            webhook_url=settings.webhook_url,
            secret_token=settings.webhook_secret.get_secret_value(),
            allowed_updates=Update.ALL_TYPES,
            bootstrap_retries=-1,
        )
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES, bootstrap_retries=-1)


def _freeze_after_start(application: BotApplication) -> None:
    """Once started, keep what start-up made out of the garbage collector's full collections.

    The modules, the texts, the people and their search index live as long as the process, and a
    full collection would walk all of them, holding every chat up meanwhile: measured under a
    burst of lookups (bench/throughput.py), about 160 ms each, and about 50 once they are frozen.
    The same again once new data brought a new search index (not at each look for new data).
    """
    started = application.post_init
    frozen_index: object = None

    async def start_then_freeze(app: BotApplication) -> None:
        if started is not None:
            await started(app)
        await freeze_new_index(app)
        # Last, after every feature has remade what it makes from the data.
        app.bot_data.on_data_change.append(freeze_new_index)

    async def freeze_new_index(app: BotApplication) -> None:
        nonlocal frozen_index
        if app.bot_data.services.search is not frozen_index:
            gc.collect()  # garbage is never kept for ever
            gc.freeze()
            frozen_index = app.bot_data.services.search

    application.post_init = start_then_freeze


def _serve_health(application: BotApplication, settings: Settings, port: int) -> None:
    """Serve `GET /healthz` from start-up, once the services are open, until shut-down."""
    started, finished = application.post_init, application.post_shutdown
    server: HealthServer | None = None

    async def start_serving(app: BotApplication) -> None:
        nonlocal server
        if started is not None:
            await started(app)
        services = app.bot_data.services

        async def probe() -> Health:
            return await check(
                services.heartbeats,
                now=services.clock(),
                interval_seconds=settings.planner_interval_seconds,
                db=services.db,
                age=DataAge(settings.default_timezone, settings.data_max_age_days),
            )

        server = HealthServer(probe, services.l10n(FALLBACK_LANGUAGE))
        try:
            await server.start(settings.webhook_listen, port)
        except OSError as error:
            logger.error(
                "Cannot serve health checks on %s:%d (%s); set HEALTH_PORT to a free port",
                settings.webhook_listen,
                port,
                error.strerror or error,
            )
            raise
        logger.info("Health checks: http://%s:%d%s", settings.webhook_listen, port, HEALTH_PATH)

    async def stop_serving(app: BotApplication) -> None:
        # Before the services close, so no health check meets a closed database.
        if server is not None:
            await server.stop()
        if finished is not None:
            await finished(app)

    application.post_init = start_serving
    application.post_shutdown = stop_serving
