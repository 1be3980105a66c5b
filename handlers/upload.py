"""Import by upload: an operator sends a CSV or JSON file, sees what would change, confirms."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from pydantic import Base64Bytes
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, TelegramError

from bot.context import BotContext
from bot.domain.dataset import Format, detect_format, report_messages
from bot.importing import ImportPlan, apply_import, plan_import
from bot.l10n import Translator
from handlers.admin import admin_only, audit
from handlers.calendar import prepare_calendar
from handlers.callbacks import ImportAnswer, decode, encode
from handlers.chat_state import Kept
from handlers.common import edit_in_place, translator

# Telegram lets bots download files up to 20 MB; a list of people is far smaller.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
ACCEPTED_SUFFIXES = (".csv", ".json", ".txt")
# Each list in the report shows this many lines, then "and N more".
REPORT_LIMIT = 10
# Telegram's limit for one message, with room for the question under the report.
REPORT_CHARS = 3500


@dataclass(frozen=True, slots=True)
class PendingImport:
    """A checked file waiting for the operator's yes; planned again when confirmed."""

    token: str
    data: Base64Bytes
    format: Format
    name: str


# The file waiting for a confirmation, one at a time per operator's chat.
PENDING = Kept("pending_import", PendingImport, timedelta(days=1))


@admin_only
async def received(update: Update, context: BotContext) -> None:
    """Check an uploaded file and show what importing it would change."""
    message = update.effective_message
    if message is None or message.document is None:
        return
    t = await translator(update, context)
    document = message.document
    name = (document.file_name or "upload.csv").rsplit("/", 1)[-1][:100]
    if document.file_size is not None and document.file_size > MAX_UPLOAD_BYTES:
        await message.reply_text(t("upload-too-big", limit=MAX_UPLOAD_BYTES // (1024 * 1024)))
        return
    if not name.lower().endswith(ACCEPTED_SUFFIXES):
        # Plain-text replies: the file name is shown as it is, not HTML-escaped.
        text = t.format("upload-wrong-type", {"name": name}, escape=False)
        await message.reply_text(text, parse_mode=None)
        return
    try:
        file = await document.get_file()
        data = bytes(await file.download_as_bytearray())
    except BadRequest:
        await message.reply_text(t("upload-too-big", limit=MAX_UPLOAD_BYTES // (1024 * 1024)))
        return
    except TelegramError:
        await message.reply_text(t("upload-download-failed"))
        return
    fmt = detect_format(data)
    if fmt is None:
        text = t.format("upload-unknown-format", {"name": name}, escape=False)
        await message.reply_text(text, parse_mode=None)
        return
    plan = await plan_import(context.services, data, fmt, name)
    report = _report(t, plan)
    if not plan.ok:
        await message.reply_text(f"{report}\n\n{t('upload-rejected')}", parse_mode=None)
        return
    if plan.diff.is_empty:
        await message.reply_text(f"{report}\n\n{t('upload-nothing')}", parse_mode=None)
        return
    pending = PendingImport(secrets.token_hex(4), data, fmt, name)
    await PENDING.put(context, message.chat_id, pending)
    buttons = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("upload-button-confirm"),
                    callback_data=encode(ImportAnswer("yes", pending.token)),
                ),
                InlineKeyboardButton(
                    t("upload-button-cancel"),
                    callback_data=encode(ImportAnswer("no", pending.token)),
                ),
            ]
        ]
    )
    await message.reply_text(
        f"{report}\n\n{t('upload-confirm')}", parse_mode=None, reply_markup=buttons
    )


def _report(t: Translator, plan: ImportPlan) -> str:
    """Say, as plain text, what is wrong with the file or what importing it would change."""
    messages = report_messages(
        plan.parsed.errors, plan.diff, limit=REPORT_LIMIT, skipped=plan.parsed.skipped
    )
    lines = [t.format(message_id, dict(args), escape=False) for message_id, args in messages]
    text = "\n".join(lines)
    return text if len(text) <= REPORT_CHARS else text[: REPORT_CHARS - 1] + "…"


@admin_only
async def answered(update: Update, context: BotContext) -> None:
    """Apply the waiting file on "import", drop it on "cancel"."""
    query = update.callback_query
    if query is None:
        return
    t = await translator(update, context)
    press = decode(query.data, ImportAnswer)
    chat = update.effective_chat
    pending = await PENDING.get(context, chat.id) if chat is not None else None
    if press is None or chat is None or pending is None or pending.token != press.token:
        await query.answer(t("upload-expired"), show_alert=True)
        return
    # Taken before anything else is awaited: a second press finds nothing.
    if await PENDING.take(context, chat.id) is None:
        await query.answer(t("upload-expired"), show_alert=True)
        return
    if press.answer == "no":
        await query.answer()
        await edit_in_place(query, t("upload-cancelled"), None, plain=True)
        return
    services = context.services
    # Planned again: the database may have changed since the file was checked.
    plan = await plan_import(services, pending.data, pending.format, pending.name)
    if not plan.ok:
        await query.answer()
        await edit_in_place(
            query, f"{_report(t, plan)}\n\n{t('upload-rejected')}", None, plain=True
        )
        return
    await query.answer()
    await apply_import(services, plan)
    await services.refresh_search()
    await prepare_calendar(context.bot_data, context.bot.username)
    diff = plan.diff
    counts = f"+{len(diff.added)} ~{len(diff.changed)} status {len(diff.status_changes)}"
    await audit(update, context, "import", f"{pending.name}: {counts}")
    delivery = context.bot_data.delivery
    if delivery is not None and diff.status_changes:
        # Tell followers now rather than at the planner's next run.
        await delivery.planner.plan_news(services.clock())
        delivery.outbox_changed.set()
    done = t.format(
        "upload-done",
        {
            "name": pending.name,
            "added": len(diff.added),
            "changed": len(diff.changed),
            "status": len(diff.status_changes),
        },
        escape=False,
    )
    await edit_in_place(query, done, None, plain=True)
