"""/campaign: an operator writes, previews and sends one message to many chats; nobody else can."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.context import BotApplication
from bot.dispatcher import Dispatcher
from bot.sandbox.models import ChatMessage, FakeChat
from bot.sandbox.telegram_state import TelegramState
from bot.sandbox.user import SimulatedUser
from handlers import campaign_draft
from handlers.campaign_sending import progress_job_name, resume_progress
from storage.campaigns import CampaignState
from storage.outbox import DeliveryKind, DeliveryState, OutboxRow
from tests.chat.helpers import press_data, snapshot, time_out

ADMIN_ID = 42  # ADMIN_IDS in the test settings
UNKNOWN_COMMAND = "I do not know that command. /help lists what I can do."
EXPIRED_BUTTON = "This button no longer works. Please send the command again."
STALE = "This belongs to an older step or draft."
TEXT = '<b>Write to Maria</b> today: <a href="https://example.org/how">how to write</a>'


@pytest.fixture
def admin(bot_app: BotApplication, telegram_state: TelegramState) -> SimulatedUser:
    return SimulatedUser(bot_app, telegram_state, ADMIN_ID)


def _supporter(bot_app: BotApplication, state: TelegramState, name: str) -> SimulatedUser:
    return SimulatedUser(bot_app, state, first_name=name)


async def _campaign_rows(bot_app: BotApplication, *users: SimulatedUser) -> list[OutboxRow]:
    outbox = bot_app.bot_data.services.outbox
    return [
        row
        for user in users
        for row in await outbox.rows_for(user.id)
        if row.kind is DeliveryKind.CAMPAIGN
    ]


async def _stored_campaigns(bot_app: BotApplication) -> int:
    count = await bot_app.bot_data.services.db.fetchval("SELECT count(*) FROM campaigns")
    assert isinstance(count, int)
    return count


async def _to_audience(admin: SimulatedUser, text: str = TEXT) -> None:
    """Start a campaign with this text and no button, up to the audience question."""
    [prompt] = await admin.send("/campaign")
    await admin.send(text, reply_to=prompt)
    await admin.press("No button")


async def _to_summary(admin: SimulatedUser, text: str = TEXT) -> ChatMessage:
    """Write a campaign for all active chats, to be sent now; return the summary."""
    await _to_audience(admin, text)
    await admin.press("All active chats")
    [_, summary] = await admin.press("Now")
    return summary


async def _drain(bot_app: BotApplication) -> int:
    services = bot_app.bot_data.services
    return await Dispatcher(services, bot_app.bot).drain_once()


async def _run_progress_job(bot_app: BotApplication, campaign_id: int) -> bool:
    """Run the campaign's progress job once, as the job queue would; False if there is none."""
    assert bot_app.job_queue is not None
    jobs = bot_app.job_queue.get_jobs_by_name(progress_job_name(campaign_id))
    if not jobs:
        return False
    await jobs[0].run(bot_app)
    return True


async def test_a_campaign_to_the_followers_of_one_person_reaches_only_them(
    admin: SimulatedUser, bot_app: BotApplication, telegram_state: TelegramState
) -> None:
    follower = _supporter(bot_app, telegram_state, "Alesia")
    other = _supporter(bot_app, telegram_state, "Barys")
    await follower.send("/follow Kalesnikava")
    await other.send("/follow Stefanovich")

    [prompt] = await admin.send("/campaign")
    assert "step 1 of 4" in prompt.text
    assert (prompt.reply_markup or {}).get("force_reply")
    [ask_button] = await admin.send(TEXT, reply_to=prompt)
    assert "link button" in ask_button.text
    [ask_audience] = await admin.send(
        "https://example.org/letters   Write a letter", reply_to=ask_button
    )
    assert ask_audience.button_texts == [
        "All active chats",
        "Followers of a person",
        "Chats in one language",
        "✖ Cancel",
    ]
    assert ask_button.button_texts == []  # the step is over
    [ask_person] = await admin.press("Followers of a person")
    assert (ask_person.reply_markup or {}).get("force_reply")
    [ask_time] = await admin.send("Калеснікава", reply_to=ask_person)
    assert "Europe/Minsk" in ask_time.text
    [preview, summary] = await admin.press("Now")

    # The preview is the message itself, as followers will get it.
    assert preview.raw_text == TEXT
    assert preview.parse_mode == "HTML"
    assert preview.text == "Write to Maria today: how to write"
    assert preview.inline_keyboard == [
        [{"text": "Write a letter", "url": "https://example.org/letters"}]
    ]
    assert "To: the chats that follow Maria Kalesnikava" in summary.text
    assert "Chats: 1" in summary.text
    assert "When: now" in summary.text
    assert summary.button_texts == ["✅ Send", "✖ Cancel"]
    assert await _stored_campaigns(bot_app) == 0  # nothing before Send

    await admin.press("✅ Send")

    assert admin.last_callback_answer is not None
    assert "Saved" in admin.last_callback_answer["text"]
    assert summary.text.startswith("Campaign 1 to the chats that follow Maria Kalesnikava")
    assert "0 sent, 0 failed, 1 to go" in summary.text
    assert summary.button_texts == ["✖ Cancel campaign"]
    [row] = await _campaign_rows(bot_app, follower, other, admin)
    assert row.chat_id == follower.id
    assert row.key == f"campaign:{follower.id}:c1"
    assert row.text == TEXT
    assert row.buttons == ((("Write a letter", "https://example.org/letters"),),)
    services = bot_app.bot_data.services
    campaign = await services.campaigns.get(1)
    assert campaign is not None
    assert campaign.created_by == ADMIN_ID
    assert campaign.audience_value == "maria-kalesnikava"
    [entry, *_] = await services.audit.latest()
    assert (entry.admin_id, entry.action) == (ADMIN_ID, "campaign")
    assert entry.detail.startswith("1: followers maria-kalesnikava, 1 chats")


async def test_a_name_shared_by_several_people_is_picked_from_buttons(
    admin: SimulatedUser, bot_app: BotApplication, telegram_state: TelegramState
) -> None:
    viktar = _supporter(bot_app, telegram_state, "Hanna")
    eduard = _supporter(bot_app, telegram_state, "Ihar")
    await viktar.send("/follow Viktar Babaryka")
    await eduard.send("/follow Eduard Babaryka")
    await _to_audience(admin)
    [ask_person] = await admin.press("Followers of a person")

    [pick] = await admin.send("Babaryka", reply_to=ask_person)

    assert "Several people match" in pick.text
    eduard_button = next(text for text in pick.button_texts if text.startswith("Eduard"))
    await admin.press(eduard_button)
    [_, summary] = await admin.press("Now")
    assert "the chats that follow Eduard Babaryka" in summary.text
    await admin.press("✅ Send")
    assert [row.chat_id for row in await _campaign_rows(bot_app, viktar, eduard)] == [eduard.id]


async def test_a_campaign_in_one_language_goes_to_the_chats_that_speak_it(
    admin: SimulatedUser, bot_app: BotApplication, telegram_state: TelegramState
) -> None:
    belarusian = SimulatedUser(bot_app, telegram_state, language_code="be")
    english = _supporter(bot_app, telegram_state, "Jan")
    await belarusian.send("/start")
    await english.send("/start")
    await _to_audience(admin)

    [ask_language] = await admin.press("Chats in one language")
    assert {"Беларуская", "Русский", "English"} <= set(ask_language.button_texts)
    await admin.press("Беларуская")
    [_, summary] = await admin.press("Now")
    assert "Chats: 1" in summary.text
    await admin.press("✅ Send")

    assert [row.chat_id for row in await _campaign_rows(bot_app, belarusian, english)] == [
        belarusian.id
    ]


async def test_progress_is_shown_as_messages_go_out_and_cancel_stops_the_rest(
    admin: SimulatedUser, bot_app: BotApplication, telegram_state: TelegramState
) -> None:
    supporters = [_supporter(bot_app, telegram_state, name) for name in ("A", "B", "C")]
    for supporter in supporters:
        await supporter.send("/start")
    summary = await _to_summary(admin)
    await admin.press("✅ Send")
    assert "0 sent, 0 failed, 3 to go" in summary.text
    services = bot_app.bot_data.services
    dispatcher = Dispatcher(services, bot_app.bot)
    dispatcher.batch = 1

    assert await dispatcher.drain_once() == 1
    assert await _run_progress_job(bot_app, 1)

    assert "1 sent, 0 failed, 2 to go" in summary.text
    assert "left" in summary.text
    await admin.press("✖ Cancel campaign", message=summary)

    assert admin.last_callback_answer is not None
    assert "Messages not sent yet will not go out" in admin.last_callback_answer["text"]
    assert summary.text == "Campaign 1 cancelled: 1 sent, 0 failed, 2 not sent."
    assert summary.button_texts == []
    assert await _drain(bot_app) == 0
    received = [s for s in supporters if telegram_state.sent_messages(s.id)[-1].raw_text == TEXT]
    assert len(received) == 1
    campaign = await services.campaigns.get(1)
    assert campaign is not None
    assert campaign.state is CampaignState.CANCELLED
    assert not await _run_progress_job(bot_app, 1)  # the job is gone
    [entry, *_] = await services.audit.latest()
    assert (entry.action, entry.detail) == ("campaign-cancelled", "1: 2 not sent")


async def test_the_progress_message_ends_with_what_was_sent_and_what_failed(
    admin: SimulatedUser, bot_app: BotApplication, telegram_state: TelegramState
) -> None:
    reached = _supporter(bot_app, telegram_state, "D")
    blocked = _supporter(bot_app, telegram_state, "E")
    await reached.send("/start")
    await blocked.send("/start")
    summary = await _to_summary(admin)
    await admin.press("✅ Send")
    telegram_state.block(blocked.id)

    await _drain(bot_app)
    assert await _run_progress_job(bot_app, 1)

    assert summary.text == "Campaign 1 done: 1 sent, 1 failed."
    assert summary.button_texts == []
    assert reached.last_message.raw_text == TEXT
    campaign = await bot_app.bot_data.services.campaigns.get(1)
    assert campaign is not None
    assert campaign.state is CampaignState.SENT
    assert not await _run_progress_job(bot_app, 1)
    await press_data(admin, summary, "adm:camp:stop:1")  # an old client still shows the button
    assert admin.last_callback_answer is not None
    assert admin.last_callback_answer["text"] == "This campaign has already finished."
    assert summary.text == "Campaign 1 done: 1 sent, 1 failed."


async def test_unfinished_campaigns_are_followed_again_after_a_restart(
    admin: SimulatedUser, bot_app: BotApplication, telegram_state: TelegramState
) -> None:
    await _supporter(bot_app, telegram_state, "F").send("/start")
    await _to_summary(admin)
    await admin.press("✅ Send")
    assert bot_app.job_queue is not None
    for job in bot_app.job_queue.get_jobs_by_name(progress_job_name(1)):
        job.schedule_removal()
    assert not await _run_progress_job(bot_app, 1)

    await resume_progress(bot_app)
    await resume_progress(bot_app)  # once is enough, twice changes nothing

    assert len(bot_app.job_queue.get_jobs_by_name(progress_job_name(1))) == 1


@pytest.mark.parametrize(
    ("text", "explained"),
    [
        ("<script>alert(1)</script>", "Telegram does not support the tag <script>"),
        ("<div>Letters</div>", "Telegram does not support the tag <div>"),
        ("<b>Write today", "The tag <b> is opened but never closed"),
        ("<b><i>Write</b></i>", "close <i> first"),
        ('<a href="javascript:alert(1)">Sign</a>', "“javascript:alert(1)” does not"),
        ("Tom & Jerry", "must be written as &amp;"),
        ("x" * 4097, "4097 characters long; Telegram allows 4096"),
    ],
)
async def test_a_text_telegram_would_refuse_is_explained_and_asked_again(
    admin: SimulatedUser, bot_app: BotApplication, text: str, explained: str
) -> None:
    before = await snapshot(bot_app)
    [prompt] = await admin.send("/campaign")

    [answer] = await admin.send(text, reply_to=prompt)

    assert explained in answer.text
    assert "Reply with the corrected text" in answer.text
    assert (answer.reply_markup or {}).get("force_reply")
    assert await snapshot(bot_app) == before
    assert await _stored_campaigns(bot_app) == 0
    [next_step] = await admin.send("<b>Fixed</b>", reply_to=answer)
    assert "link button" in next_step.text


async def test_a_bad_link_button_is_explained_and_asked_again(admin: SimulatedUser) -> None:
    [prompt] = await admin.send("/campaign")
    [ask_button] = await admin.send("Write a letter", reply_to=prompt)

    [wrong] = await admin.send("javascript:alert(1) Click", reply_to=ask_button)
    assert "That is not a link and a label" in wrong.text
    [too_long] = await admin.send("https://example.org " + "x" * 65, reply_to=wrong)
    assert "1 to 64 characters" in too_long.text

    [ask_audience] = await admin.send("https://example.org Sign", reply_to=too_long)
    assert "who gets it" in ask_audience.text


async def test_a_time_in_the_past_or_unreadable_is_asked_again(
    admin: SimulatedUser, bot_app: BotApplication, telegram_state: TelegramState
) -> None:
    supporter = _supporter(bot_app, telegram_state, "G")
    await supporter.send("/start")
    await _to_audience(admin)
    [ask_time] = await admin.press("All active chats")

    [past] = await admin.send("2020-01-01 10:00", reply_to=ask_time)
    assert "2020-01-01 10:00 (Europe/Minsk) has passed already" in past.text
    [unreadable] = await admin.send("tomorrow at ten", reply_to=past)
    assert "I cannot read “tomorrow at ten” as a time" in unreadable.text
    assert await _stored_campaigns(bot_app) == 0

    minsk = ZoneInfo("Europe/Minsk")
    later = (datetime.now(minsk) + timedelta(days=2)).replace(second=0, microsecond=0)
    [_, summary] = await admin.send(later.strftime("%Y-%m-%d %H:%M"), reply_to=unreadable)
    assert f"When: {later:%Y-%m-%d %H:%M} (Europe/Minsk)" in summary.text
    await admin.press("✅ Send")

    [row] = await _campaign_rows(bot_app, supporter)
    assert row.not_before == later
    assert row.state is DeliveryState.PENDING
    assert f"waits until {later:%Y-%m-%d %H:%M} (Europe/Minsk) for one chat" in summary.text
    assert await _drain(bot_app) == 0  # not yet


async def test_a_double_press_of_send_stores_one_campaign(
    admin: SimulatedUser, bot_app: BotApplication, telegram_state: TelegramState
) -> None:
    supporter = _supporter(bot_app, telegram_state, "H")
    await supporter.send("/start")
    summary = await _to_summary(admin)
    send = summary.buttons[0]["callback_data"]
    presses = [telegram_state.callback_update(admin.user, summary, send) for _ in range(2)]

    await asyncio.gather(*(admin.process(press) for press in presses))

    answers = [telegram_state.callback_answers[p["callback_query"]["id"]] for p in presses]
    assert sorted(answer.get("show_alert", False) for answer in answers) == [False, True]
    assert await _stored_campaigns(bot_app) == 1
    assert len(await _campaign_rows(bot_app, supporter)) == 1


async def test_starting_over_drops_the_open_draft_and_its_buttons(
    admin: SimulatedUser, bot_app: BotApplication
) -> None:
    [first_prompt] = await admin.send("/campaign")
    [old_question] = await admin.send("First text", reply_to=first_prompt)

    [restarted, prompt] = await admin.send("/campaign")

    assert "You had a campaign draft open" in restarted.text
    assert "step 1 of 4" in prompt.text
    await admin.press("No button", message=old_question)
    assert admin.last_callback_answer is not None
    assert STALE in admin.last_callback_answer["text"]
    [stale_reply] = await admin.send("Second text", reply_to=first_prompt)
    assert STALE in stale_reply.text
    [question] = await admin.send("Second text", reply_to=prompt)
    assert "link button" in question.text
    assert await _stored_campaigns(bot_app) == 0


async def test_a_step_of_buttons_asks_for_its_buttons_and_refuses_other_steps_buttons(
    admin: SimulatedUser, bot_app: BotApplication
) -> None:
    await _to_audience(admin)
    ask_audience = admin.last_message

    [hint] = await admin.send("everyone", reply_to=ask_audience)
    assert hint.text == "Please choose with the buttons above."
    [lookup] = await admin.send("Kalesnikava")  # not a reply: a name, as ever
    assert lookup.text.startswith("Maria Kalesnikava")
    send = ask_audience.buttons[0]["callback_data"].replace(":all:", ":send:")
    await press_data(admin, ask_audience, send)  # a step the draft is not at
    assert admin.last_callback_answer is not None
    assert STALE in admin.last_callback_answer["text"]
    assert await _stored_campaigns(bot_app) == 0

    [ask_time] = await admin.press("All active chats")
    assert "Step 4 of 4" in ask_time.text


async def test_a_draft_left_unanswered_is_closed_and_the_operator_told(
    started_bot: BotApplication, telegram_state: TelegramState
) -> None:
    admin = SimulatedUser(started_bot, telegram_state, ADMIN_ID)
    [prompt] = await admin.send("/campaign")
    [ask_button] = await admin.send(TEXT, reply_to=prompt)
    no_button = ask_button.buttons[0]["callback_data"]

    await time_out(started_bot, campaign_draft.WAIT)

    assert "waited too long for an answer" in admin.last_message.text
    assert "Nothing was sent" in admin.last_message.text
    assert ask_button.button_texts == []
    [lookup] = await admin.send("Kalesnikava")  # plain text is a name again
    assert lookup.text.startswith("Maria Kalesnikava")
    await press_data(admin, ask_button, no_button)  # an app that still shows the button
    assert admin.last_callback_answer is not None
    assert STALE in admin.last_callback_answer["text"]
    assert await _stored_campaigns(started_bot) == 0


async def test_a_cancelled_draft_sends_nothing(
    admin: SimulatedUser, bot_app: BotApplication, telegram_state: TelegramState
) -> None:
    supporter = _supporter(bot_app, telegram_state, "I")
    await supporter.send("/start")
    summary = await _to_summary(admin)

    await admin.press("✖ Cancel", message=summary)

    assert summary.text == "Cancelled. Nothing was sent."
    assert await _stored_campaigns(bot_app) == 0
    assert await _campaign_rows(bot_app, supporter) == []
    [lookup] = await admin.send("Kalesnikava")  # plain text is a name again
    assert lookup.text.startswith("Maria Kalesnikava")


async def test_an_audience_with_nobody_in_it_cannot_be_sent(
    admin: SimulatedUser, bot_app: BotApplication
) -> None:
    await _to_audience(admin)
    [ask_person] = await admin.press("Followers of a person")
    await admin.send("Poczobut", reply_to=ask_person)

    [_, summary] = await admin.press("Now")

    assert "No chat is in this audience right now" in summary.text
    assert summary.button_texts == ["✖ Cancel"]


async def test_nobody_but_an_operator_reaches_any_step(
    admin: SimulatedUser,
    user: SimulatedUser,
    bot_app: BotApplication,
    telegram_state: TelegramState,
) -> None:
    [own] = await user.send("/start")
    before = await snapshot(bot_app)

    [reply] = await user.send("/campaign")
    assert reply.text == UNKNOWN_COMMAND
    for data in ("adm:camp:deadbeef:send", "adm:camp:deadbeef:all", "adm:camp:stop:1"):
        await press_data(user, own, data)
        assert user.last_callback_answer is not None
        assert user.last_callback_answer["text"] == EXPIRED_BUTTON
    [looked_up] = await user.send("<b>Everyone</b> write today")
    assert "step" not in looked_up.text
    assert await snapshot(bot_app) == before

    # The operator's real draft and campaign: a supporter replaying their buttons changes nothing.
    summary = await _to_summary(admin)
    send = summary.buttons[0]["callback_data"]
    await press_data(user, own, send)
    assert user.last_callback_answer is not None
    assert user.last_callback_answer["text"] == EXPIRED_BUTTON
    assert await _stored_campaigns(bot_app) == 0
    await admin.press("✅ Send")
    await press_data(user, own, "adm:camp:stop:1")
    campaign = await bot_app.bot_data.services.campaigns.get(1)
    assert campaign is not None
    assert campaign.state is CampaignState.SCHEDULED
    [row] = await _campaign_rows(bot_app, user)
    assert row.state is DeliveryState.PENDING


async def test_an_operator_in_a_group_gets_no_campaign(
    bot_app: BotApplication, telegram_state: TelegramState
) -> None:
    group = telegram_state.add_chat(FakeChat.group(-777, "Letters"))
    operator = SimulatedUser(bot_app, telegram_state, ADMIN_ID, chat=group)

    [reply] = await operator.send("/campaign")

    assert reply.text == UNKNOWN_COMMAND
    assert await _stored_campaigns(bot_app) == 0


async def test_text_formatted_in_the_app_is_kept_as_html(
    admin: SimulatedUser, bot_app: BotApplication, telegram_state: TelegramState
) -> None:
    """Bold set with the app's own menu arrives as an entity, not as tags; it is kept."""
    supporter = _supporter(bot_app, telegram_state, "J")
    await supporter.send("/start")
    [prompt] = await admin.send("/campaign")
    update = telegram_state.message_update(admin.user, None, "Write today: 1 < 2", reply_to=prompt)
    update["message"]["entities"] = [{"type": "bold", "offset": 0, "length": 5}]

    [question] = await admin.process(update)

    assert "link button" in question.text
    await admin.press("No button")
    await admin.press("All active chats")
    [preview, _] = await admin.press("Now")
    assert preview.raw_text == "<b>Write</b> today: 1 &lt; 2"
    assert preview.text == "Write today: 1 < 2"
    await admin.press("✅ Send")
    [row] = await _campaign_rows(bot_app, supporter)
    assert row.text == "<b>Write</b> today: 1 &lt; 2"
