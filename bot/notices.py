"""What operators are told about the data: a held sync, a source that keeps failing, stale data.

Each notice is sent once: the database remembers what was told (`storage.sources`), and a notice
that reached no operator (Telegram down) is tried again at the next check. The texts are in
`bot/locales/*/sync.ftl`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import date

from babel.dates import format_date, format_datetime
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import TelegramError

from bot.domain.sync import FAILURES_BEFORE_NOTICE, HoldReason, HoldRules
from bot.health import DataAge, Freshness, data_freshness
from bot.l10n import Translator
from bot.services import Services
from bot.syncing import hold_limit, hold_rules
from storage.sources import HeldSync, SourceState, stale_mark

logger = logging.getLogger(__name__)

SYNC_PREFIX = "adm:sync:"
APPLY, DISCARD = "apply", "drop"

Render = Callable[[Translator], tuple[str, InlineKeyboardMarkup | None]]


async def freshness(services: Services) -> Freshness:
    """Tell when the data was last confirmed and whether that is too long ago."""
    settings = services.settings
    age = DataAge(settings.default_timezone, settings.data_max_age_days)
    return await data_freshness(services.db, now=services.clock(), age=age)


def day(t: Translator, value: date | None) -> str:
    """Write a date for operators, or "never" when there is none."""
    return t("sync-never") if value is None else format_date(value, "long", locale=t.locale)


def held_notice(held: HeldSync, rules: HoldRules) -> Render:
    """Return the message that asks operators to apply or discard a held sync."""
    summary = held.summary

    def render(t: Translator) -> tuple[str, InlineKeyboardMarkup]:
        count = _count(summary)
        lines = [
            t("sync-held-title"),
            t(
                "sync-held-counts",
                source=held.source,
                records=count("records"),
                added=count("added"),
                changed=count("changed"),
                removed=count("removed"),
                status=count("status_changes"),
            ),
        ]
        reasons = summary.get("reasons")
        for reason in reasons if isinstance(reasons, list) else []:
            lines.append(
                t(
                    f"sync-hold-{reason}",
                    removed=count("removed"),
                    current=count("current"),
                    status=count("status_changes"),
                    records=count("records"),
                    previous=count("previous"),
                    limit=hold_limit(rules, HoldReason(reason)),
                )
            )
        changes = summary.get("first_changes")
        for change in changes if isinstance(changes, list) else []:
            if isinstance(change, dict):
                gender = str(change.get("gender", "unknown"))
                lines.append(
                    t(
                        "sync-held-change",
                        name=str(change.get("name", "")),
                        old=t(f"sync-status-{change.get('old')}", gender=gender),
                        new=t(f"sync-status-{change.get('new')}", gender=gender),
                    )
                )
        lines += ["", t("sync-held-question")]
        buttons = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        t("sync-button-apply"),
                        callback_data=f"{SYNC_PREFIX}{APPLY}:{held.token}",
                    ),
                    InlineKeyboardButton(
                        t("sync-button-discard"),
                        callback_data=f"{SYNC_PREFIX}{DISCARD}:{held.token}",
                    ),
                ]
            ]
        )
        return "\n".join(lines), buttons

    return render


def problem_text(t: Translator, stored: str | None) -> str:
    """Say what went wrong with the source, from the state's `problem: detail` text."""
    if not stored:
        return t("sync-problem-unknown")
    problem, _, detail = stored.partition(":")
    return t(f"sync-problem-{problem.strip()}", detail=detail.strip())


def failing_notice(state: SourceState, as_of: date | None) -> Render:
    """Return the message that tells operators the source keeps failing."""

    def render(t: Translator) -> tuple[str, None]:
        text = t(
            "sync-failing",
            failures=state.failures,
            source=state.source or "",
            problem=problem_text(t, state.last_problem),
            as_of=day(t, as_of),
        )
        return text, None

    return render


def stale_notice(fresh: Freshness, syncing: bool) -> Render:
    """Return the message that tells operators the data has grown stale."""

    def render(t: Translator) -> tuple[str, None]:
        lines = [t("sync-stale", days=fresh.stale_days or 0, as_of=day(t, fresh.as_of))]
        lines.append(t("sync-stale-syncing" if syncing else "sync-stale-no-source"))
        return "\n".join(lines), None

    return render


async def tell_operators(bot: Bot, services: Services, render: Render) -> int:
    """Send a notice to every operator in their chat's language; return how many got it."""
    settings = services.settings
    delivered = 0
    for admin_id in sorted(settings.admin_ids):
        chat = await services.chats.get(admin_id)
        t = services.l10n(chat.language if chat is not None else settings.default_language)
        text, markup = render(t)
        try:
            await bot.send_message(admin_id, text, reply_markup=markup)
        except TelegramError as error:
            # An operator who never opened the bot cannot be written to; the others still are.
            logger.warning("Could not tell operator %d about the data: %s", admin_id, error)
            continue
        delivered += 1
    return delivered


async def send_due_notices(bot: Bot, services: Services) -> None:
    """Tell operators what they have not been told yet: a held sync, failures, stale data."""
    if not services.settings.admin_ids:
        return
    sources = services.sources
    held = await sources.held()
    if held is not None and held.notified_at is None:
        ask = held_notice(held, hold_rules(services.settings))
        if await tell_operators(bot, services, ask):
            await sources.mark_held_notified(held.id, now=services.clock())
    state = await sources.state()
    fresh = await freshness(services)
    failing = state.failures >= FAILURES_BEFORE_NOTICE and not state.failure_notified
    if failing and await tell_operators(bot, services, failing_notice(state, fresh.as_of)):
        await sources.mark_failure_notified()
    stale = fresh.stale_days is not None and state.stale_notified_for != stale_mark(fresh.as_of)
    syncing = services.settings.source_url is not None
    if stale and await tell_operators(bot, services, stale_notice(fresh, syncing)):
        await sources.mark_stale_notified(fresh.as_of)


def when(t: Translator, moment: object) -> str:
    """Write a moment for operators."""
    return format_datetime(moment, "short", locale=t.locale)  # type: ignore[arg-type]


def _count(summary: Mapping[str, object]) -> Callable[[str], int]:
    def count(key: str) -> int:
        value = summary.get(key)
        return value if isinstance(value, int) else 0

    return count
