"""An operator's answer to a held sync: Apply writes it and tells followers, Discard drops it."""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.data_watch import after_sync
from bot.notices import APPLY, DISCARD
from bot.syncing import apply_held, discard_held
from handlers.admin import admin_only
from handlers.callbacks import SyncAnswer, decode
from handlers.common import edit_in_place, translator


@admin_only
async def held_answered(update: Update, context: BotContext) -> None:
    """Apply or discard the held sync whose button was pressed."""
    query = update.callback_query
    user = update.effective_user
    if query is None or user is None:
        return
    t = await translator(update, context)
    press = decode(query.data, SyncAnswer)
    if press is None or press.action not in (APPLY, DISCARD):
        await query.answer(t("button-expired"), show_alert=True)
        return
    action, token = press.action, press.token
    services = context.services
    if action == DISCARD:
        dropped = await discard_held(services, token, user.id)
        if dropped is None:
            await query.answer(t("sync-held-expired"), show_alert=True)
            return
        await query.answer()
        await edit_in_place(query, t("sync-discarded-done"), None)
        return
    outcome = await apply_held(services, token, user.id)
    if outcome is None or outcome.plan is None:
        await query.answer(t("sync-held-expired"), show_alert=True)
        return
    await query.answer()
    diff = outcome.plan.diff
    await edit_in_place(
        query,
        t(
            "sync-applied-done",
            added=len(diff.added),
            changed=len(diff.changed),
            removed=len(diff.missing_from_file),
            status=len(diff.status_changes),
        ),
        None,
    )
    await after_sync(context, outcome)
