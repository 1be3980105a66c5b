"""Operators in the chat: /stats and campaign actions. Only users in ADMIN_IDS reach these.

Admin handlers are registered behind `admin_filter` and check again inside (`is_admin`), so a
forged button or a handler registered by mistake without the filter still refuses. To everyone
else an admin command looks like any unknown command and an admin button like an expired one.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import date, timedelta
from functools import wraps
from typing import Any, TypeVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import filters

from bot.context import BotContext
from bot.domain.actions import ActionKind, is_action_text, is_link
from bot.domain.card import STALE_AFTER, is_stale
from bot.domain.chat import ChatType
from bot.domain.letters.follow_up import counted_since
from bot.domain.prisoner import Status
from bot.domain.timezones import zone
from bot.l10n import Translator
from bot.notices import day, freshness, problem_text, when
from bot.rendering.cards import display_name
from handlers.callbacks import RetireAction, decode, encode
from handlers.common import edit_in_place, translator
from storage.letters import month_of
from storage.outbox import DeliveryKind, DeliveryState

ADMIN_PREFIX = "adm:"
AUDIT_SHOWN = 5
# /stats lists this many people with the fewest letters this month.
FEWEST_SHOWN = 5
# /stats lists the answers about letters arriving for this many facilities, the most answered.
FACILITIES_SHOWN = 10

R = TypeVar("R")
Handler = Callable[[Update, BotContext], Coroutine[Any, Any, R]]


def admin_filter(admin_ids: frozenset[int]) -> filters.BaseFilter:
    """Match updates from operators in private chats."""
    return filters.User(user_id=admin_ids, allow_empty=False) & filters.ChatType.PRIVATE


def is_admin(update: Update, context: BotContext) -> bool:
    """Tell whether the update comes from an operator, in a private chat."""
    user, chat = update.effective_user, update.effective_chat
    return (
        user is not None
        and chat is not None
        and chat.type == ChatType.PRIVATE
        and user.id in context.services.settings.admin_ids
    )


def admin_only(handler: Handler[R]) -> Handler[R | None]:
    """Run the handler for operators only; others get the answer an unknown request gets.

    The handler's result (a conversation's next state) is passed on; for others it is None.
    """

    @wraps(handler)
    async def guarded(update: Update, context: BotContext) -> R | None:
        if is_admin(update, context):
            return await handler(update, context)
        t = await translator(update, context)
        if update.callback_query is not None:
            await update.callback_query.answer(t("button-expired"), show_alert=True)
        elif update.effective_message is not None:
            await update.effective_message.reply_text(t("unknown-command"))
        return None

    guarded.admin_only = True  # type: ignore[attr-defined]
    return guarded


async def audit(update: Update, context: BotContext, action: str, detail: str = "") -> None:
    """Record what an operator did."""
    user = update.effective_user
    if user is not None:
        services = context.services
        await services.audit.record(user.id, action, detail, now=services.clock())


# -- /stats --------------------------------------------------------------------------------


@admin_only
async def stats(update: Update, context: BotContext) -> None:
    """Show the operator how the bot and its deliveries are doing."""
    message = update.effective_message
    if message is not None:
        t = await translator(update, context)
        await message.reply_text(await stats_text(context, t))


async def _fewest_letters(context: BotContext, t: Translator, today: date) -> list[str]:
    """Return the people in prison with the fewest letters this month: counts, never chats."""
    services = context.services
    fewest = await services.letters.fewest(month_of(today), FEWEST_SHOWN)
    if not fewest:
        return []
    people = {p.id: p for p in await services.prisoners.by_ids(w.prisoner_id for w in fewest)}
    lines = ["", t("admin-stats-fewest-letters")]
    lines += [
        t(
            "admin-stats-fewest-letters-entry",
            name=display_name(people[w.prisoner_id], t.language),
            count=w.marks,
        )
        for w in fewest
        if w.prisoner_id in people
    ]
    return lines


async def _arrivals(context: BotContext, t: Translator, today: date) -> list[str]:
    """Return what supporters said about letters arriving, per facility: counts, never chats."""
    found = await context.services.letters.arrivals_by_facility(
        counted_since(today), FACILITIES_SHOWN
    )
    if not found:
        return []
    lines = ["", t("admin-stats-arrivals")]
    lines += [
        t(
            "admin-stats-arrivals-entry",
            facility=facility,
            answers=counts.answers,
            reply=counts.reply,
            returned=counts.returned,
            no_news=counts.no_news,
        )
        for facility, counts in found
    ]
    return lines


async def stats_text(context: BotContext, t: Translator) -> str:
    """Return the /stats report in the operator's language."""
    services = context.services
    now = services.clock()
    today = now.astimezone(zone(services.settings.default_timezone)).date()
    chats = await services.chats.counts()
    by_status = await services.prisoners.count_by_status()
    everyone = await services.prisoners.all()
    stale = sum(1 for p in everyone if is_stale(p, today))
    digests = await services.outbox.counts_for_day(DeliveryKind.DIGEST, today)
    last_import = await services.prisoners.last_import()
    last_error = await services.outbox.last_error()
    planner = await services.heartbeats.last("planner")

    lines = [
        t("admin-stats-title"),
        t("admin-stats-chats", **chats._asdict()),
        t("admin-stats-follows", count=await services.follows.total()),
        t(
            "admin-stats-digests-today",
            sent=digests[DeliveryState.SENT],
            failed=digests[DeliveryState.FAILED],
            pending=digests[DeliveryState.PENDING] + digests[DeliveryState.SENDING],
        ),
        t("admin-stats-queue", count=await services.outbox.pending_count()),
        t("admin-stats-last-error", when=when(t, last_error[0]), error=last_error[1])
        if last_error
        else t("admin-stats-no-error"),
        t("admin-stats-planner", when=when(t, planner))
        if planner
        else t("admin-stats-planner-never"),
        t(
            "admin-stats-people",
            total=sum(by_status.values()),
            imprisoned=by_status.get(Status.IMPRISONED, 0),
            stale=stale,
            days=STALE_AFTER // timedelta(days=1),
        ),
        t(
            "admin-stats-last-import",
            when=when(t, last_import.imported_at),
            source=last_import.source,
            added=last_import.added,
            changed=last_import.changed,
        )
        if last_import
        else t("admin-stats-no-import"),
        *await _data_lines(context, t),
        *await _fewest_letters(context, t, today),
        *await _arrivals(context, t, today),
    ]
    entries = await services.audit.latest(AUDIT_SHOWN)
    if entries:
        lines += ["", t("admin-stats-audit")]
        lines += [
            t(
                "admin-stats-audit-entry",
                when=when(t, entry.at),
                admin=str(entry.admin_id),
                action=entry.action,
                detail=entry.detail,
            )
            for entry in entries
        ]
    return "\n".join(lines)


async def _data_lines(context: BotContext, t: Translator) -> list[str]:
    """Say where the data comes from, how fresh it is, and whether a sync waits for a decision."""
    services = context.services
    state = await services.sources.state()
    fresh = await freshness(services)
    lines = []
    if services.settings.source_url is None and state.source is None:
        lines.append(t("admin-stats-no-source"))
    elif state.failures:
        lines.append(
            t(
                "admin-stats-source-failing",
                source=state.source or "",
                failures=state.failures,
                problem=problem_text(t, state.last_problem),
            )
        )
    else:
        last = state.last_success_at
        lines.append(
            t(
                "admin-stats-source",
                source=state.source or "",
                when=t("sync-never") if last is None else when(t, last),
            )
        )
    if fresh.stale_days is None:
        lines.append(t("admin-stats-data-fresh", as_of=day(t, fresh.as_of)))
    else:
        lines.append(t("admin-stats-data-stale", as_of=day(t, fresh.as_of), days=fresh.stale_days))
    held = await services.sources.held()
    if held is not None:
        lines.append(t("admin-stats-held", when=when(t, held.held_at)))
    return lines


# -- campaign actions ----------------------------------------------------------------------


@admin_only
async def list_actions(update: Update, context: BotContext) -> None:
    """List the live campaign actions, each with a button to retire it."""
    message = update.effective_message
    if message is not None:
        t = await translator(update, context)
        text, markup = await _actions_view(context, t)
        await message.reply_text(text, reply_markup=markup)


async def _actions_view(
    context: BotContext, t: Translator
) -> tuple[str, InlineKeyboardMarkup | None]:
    live = await context.services.actions.live()
    if not live:
        return t("admin-actions-none-chat"), None
    lines = [t("admin-actions-title", count=len(live))]
    rows = []
    for action in live:
        target = action.prisoner_id or t("admin-actions-for-everyone")
        lines.append(
            t(
                "admin-actions-item",
                id=action.id,
                text=action.text,
                url=action.url or "",
                target=target,
                language=action.language or "*",
            )
        )
        rows.append(
            [
                InlineKeyboardButton(
                    t.format("admin-actions-button-retire", {"id": action.id}, escape=False),
                    callback_data=encode(RetireAction(action.id)),
                )
            ]
        )
    lines += ["", t("admin-actions-add-usage")]
    return "\n".join(lines), InlineKeyboardMarkup(rows)


@admin_only
async def retire_action(update: Update, context: BotContext) -> None:
    """Retire the action whose button was pressed, and show the list again."""
    query = update.callback_query
    if query is None:
        return
    t = await translator(update, context)
    press = decode(query.data, RetireAction)
    if press is None:
        await query.answer(t("button-expired"), show_alert=True)
        return
    services = context.services
    retired = await services.actions.retire(press.action_id, now=services.clock())
    if retired:
        await audit(update, context, "action-retired", str(press.action_id))
    await query.answer(t("admin-actions-retired-note") if retired else t("button-expired"))
    text, markup = await _actions_view(context, t)
    await edit_in_place(query, text, markup)


@admin_only
async def add_action(update: Update, context: BotContext) -> None:
    """Add a campaign action: `/addaction [person-id] https://link The words people read`."""
    message = update.effective_message
    if message is None:
        return
    t = await translator(update, context)
    words = list(context.args or [])
    services = context.services
    prisoner_id = None
    if words and not is_link(words[0]):
        candidate = await services.prisoners.get(words[0])
        if candidate is not None:
            prisoner_id = candidate.id
            words = words[1:]
    url = words.pop(0) if words and is_link(words[0]) else None
    text = " ".join(words).strip()
    if not is_action_text(text):
        await message.reply_text(t("admin-actions-add-usage"))
        return
    action = await services.actions.add(
        ActionKind.PETITION if url else ActionKind.EVENT,
        text,
        url=url,
        prisoner_id=prisoner_id,
        language=None,
        now=services.clock(),
    )
    await audit(update, context, "action-added", f"{action.id} {prisoner_id or '*'}")
    await message.reply_text(
        t("admin-actions-added-chat", id=action.id, text=text),
    )
