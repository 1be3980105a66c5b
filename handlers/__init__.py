"""Every update handler, registered in one place."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.context import BotApplication, BotContext
from bot.rendering.cards import CARD_PREFIX, FOLLOW_PREFIX, UNFOLLOW_PREFIX
from handlers import (
    admin,
    calendar,
    campaign_draft,
    campaign_sending,
    campaigns,
    channels,
    chat_state,
    data_source,
    errors,
    evening,
    flood,
    follow,
    inline,
    letters,
    lifecycle,
    lookup,
    privacy,
    settings,
    start,
    upload,
    zone_question,
)
from handlers.callbacks import (
    AnotherPerson,
    ArrivalAnswer,
    DraftPress,
    EveningPlace,
    FollowAll,
    FollowingPage,
    FollowingUnfollow,
    ImportAnswer,
    IWrote,
    LetterGuide,
    MorePage,
    RetireAction,
    SettingsPress,
    StopCampaign,
    SyncAnswer,
    UndoWrote,
    UpcomingPage,
    pattern,
)
from handlers.common import NEW_MESSAGE, NEW_TEXT, translator
from handlers.keyboards import FORGET_NO, FORGET_YES

# Command name -> the Fluent id of its menu description, in menu order.
MENU: tuple[tuple[str, str], ...] = (
    ("start", "command-start"),
    ("find", "command-find"),
    ("follow", "command-follow"),
    ("following", "command-following"),
    ("write", "command-write"),
    ("evening", "command-evening"),
    ("today", "command-today"),
    ("upcoming", "command-upcoming"),
    ("calendar", "command-calendar"),
    ("settings", "command-settings"),
    ("help", "command-help"),
    ("about", "command-about"),
    ("forget", "command-forget"),
)


PRIVATE_MESSAGE = filters.ChatType.PRIVATE & NEW_MESSAGE

# Handler groups, run in this order. A flooding sender's updates stop in the first. Then the
# answers to the bot's questions, each kind in a group of its own: a handler there reads its
# question from the database, takes the update if it answers it (stopping it there), and
# otherwise lets it go on, to the next kind and at last to the ordinary handlers.
FLOOD_GROUP = -4
ZONE_ANSWER_GROUP = -3
CAMPAIGN_ANSWER_GROUP = -2
LETTER_DRAFT_GROUP = -1
ORDINARY_GROUP = 0


def _pattern(*prefixes: str) -> str:
    return "^(" + "|".join(prefixes) + ")"


async def unknown_command(update: Update, context: BotContext) -> None:
    """Answer a command the bot does not know (admin commands look the same to others)."""
    if update.effective_message is not None:
        t = await translator(update, context)
        await update.effective_message.reply_text(t("unknown-command"))


# Commands that may take seconds (a year of dates for everyone, or an evening kit, uploaded as
# a file): they run as tasks of their own, so that other chats' updates are not held up.
SLOW_COMMANDS = frozenset({"calendar", "evening"})


def register(application: BotApplication, admin_ids: frozenset[int] = frozenset()) -> None:
    """Attach all handlers to the application; `admin_ids` may upload files to import."""
    commands = {
        "start": start.start,
        "help": start.help_command,
        "about": start.about,
        "forget": privacy.forget,
        "find": lookup.find_command,
        "follow": follow.follow_command,
        "unfollow": follow.unfollow_command,
        "following": follow.following_command,
        "write": letters.write_command,
        "evening": evening.evening_command,
        "today": calendar.today_command,
        "upcoming": calendar.upcoming_command,
        "calendar": calendar.calendar_command,
        "settings": settings.settings_command,
        "connect": channels.connect_command,
        "disconnect": channels.disconnect_command,
        # Operators only: each checks ADMIN_IDS itself (handlers.admin.admin_only).
        "stats": admin.stats,
        "actions": admin.list_actions,
        "addaction": admin.add_action,
        "campaign": campaigns.start,
    }
    handlers: list[Any] = [
        *(
            CommandHandler(name, callback, filters=NEW_MESSAGE, block=name not in SLOW_COMMANDS)
            for name, callback in commands.items()
        ),
        # "⌨️ Type another…" asks the time-zone question; before the menu's other buttons.
        zone_question.asking(),
        CallbackQueryHandler(privacy.forget_answer, pattern=f"^({FORGET_YES}|{FORGET_NO})$"),
        CallbackQueryHandler(lookup.show_card, pattern=_pattern(CARD_PREFIX)),
        CallbackQueryHandler(lookup.more_results, pattern=pattern(MorePage)),
        CallbackQueryHandler(letters.guide, pattern=pattern(LetterGuide)),
        CallbackQueryHandler(letters.wrote, pattern=pattern(IWrote)),
        CallbackQueryHandler(letters.undo, pattern=pattern(UndoWrote)),
        CallbackQueryHandler(letters.arrival, pattern=pattern(ArrivalAnswer)),
        CallbackQueryHandler(letters.another, pattern=pattern(AnotherPerson)),
        CallbackQueryHandler(evening.evening_place, pattern=pattern(EveningPlace), block=False),
        CallbackQueryHandler(
            follow.flip_from_card, pattern=_pattern(FOLLOW_PREFIX, UNFOLLOW_PREFIX)
        ),
        CallbackQueryHandler(follow.follow_picked, pattern=_pattern(follow.PICK_PREFIX)),
        CallbackQueryHandler(
            follow.following_page, pattern=pattern(FollowingPage, FollowingUnfollow, FollowAll)
        ),
        CallbackQueryHandler(calendar.upcoming_page, pattern=pattern(UpcomingPage)),
        CallbackQueryHandler(
            calendar.calendar_everyone, pattern=_pattern(calendar.CALENDAR_PREFIX), block=False
        ),
        CallbackQueryHandler(settings.settings_pressed, pattern=pattern(SettingsPress)),
        CallbackQueryHandler(upload.answered, pattern=pattern(ImportAnswer)),
        CallbackQueryHandler(data_source.held_answered, pattern=pattern(SyncAnswer)),
        CallbackQueryHandler(admin.retire_action, pattern=pattern(RetireAction)),
        CallbackQueryHandler(campaign_sending.stop, pattern=pattern(StopCampaign)),
        # A button of a /campaign draft: of the open draft's step, or expired.
        CallbackQueryHandler(campaigns.pressed, pattern=pattern(DraftPress)),
        # Anything else pressed: a button of an older release, or forged data.
        CallbackQueryHandler(errors.unknown_button),
        InlineQueryHandler(inline.inline_lookup),
        ChatMemberHandler(lifecycle.membership_changed, ChatMemberHandler.MY_CHAT_MEMBER),
        MessageHandler(filters.StatusUpdate.MIGRATE, lifecycle.chat_migrated),
        # An operator's file is a data set to import; anyone else's is not a name (not_text).
        MessageHandler(
            PRIVATE_MESSAGE & filters.Document.ALL & admin.admin_filter(admin_ids), upload.received
        ),
        # A post forwarded from a channel connects that channel.
        MessageHandler(PRIVATE_MESSAGE & filters.FORWARDED, channels.connect_forwarded),
        # After the commands and the questions: any other new text in a private chat is a
        # name to look up.
        MessageHandler(PRIVATE_MESSAGE & filters.TEXT & ~filters.COMMAND, lookup.find_text),
        MessageHandler(
            PRIVATE_MESSAGE & ~filters.TEXT & ~filters.StatusUpdate.ALL, lookup.not_text
        ),
        MessageHandler(PRIVATE_MESSAGE & filters.COMMAND, unknown_command),
    ]
    # Scheduled campaigns are in the outbox already; the leader follows their progress.
    application.bot_data.while_leading.append(campaign_sending.resume_progress)
    # Questions nobody answered are swept away by the leader; a campaign draft's operator is told.
    application.bot_data.while_leading.append(chat_state.sweep)
    application.bot_data.on_state_expired[campaign_draft.DRAFTS.kind] = campaigns.timed_out
    # Everyone's calendar is made ahead whenever the data (or the day) changes.
    application.bot_data.on_data_change.append(calendar.prepare_calendar_of)
    application.add_handler(TypeHandler(Update, flood.guard), group=FLOOD_GROUP)
    application.add_handlers(zone_question.answers(), group=ZONE_ANSWER_GROUP)
    application.add_handler(
        MessageHandler(NEW_TEXT & admin.admin_filter(admin_ids), campaigns.answered),
        group=CAMPAIGN_ANSWER_GROUP,
    )
    # A draft letter sent in reply to a letter guide: checked, never taken for a name.
    application.add_handler(
        MessageHandler(NEW_TEXT & filters.REPLY, letters.check), group=LETTER_DRAFT_GROUP
    )
    application.add_handlers(handlers, group=ORDINARY_GROUP)
    application.add_error_handler(errors.on_error)
