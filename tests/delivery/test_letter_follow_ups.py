"""After "✉️ I wrote": "write again" and "did it arrive?" inside the daily message, once each.

A supporter follows Ihar Losik and says she wrote to him. Weeks later her daily message (and
only it: never a message of its own) reminds her once that it has been a while, and six weeks
after the letter asks once whether it arrived. Her answer counts for the prison it went to,
and cards of people there show the answers from five up.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.context import BotApplication
from bot.dispatcher import Dispatcher
from bot.domain.buttons import CallbackButton
from bot.domain.chat import ChatType
from bot.domain.letters.follow_up import Arrival
from bot.domain.prisoner import Gender, Letters, Prisoner, Status
from bot.planner import Planner
from bot.sandbox.models import ChatMessage
from bot.sandbox.telegram_state import TelegramState
from bot.sandbox.user import SimulatedUser
from bot.services import Services
from storage.letters import month_of
from storage.outbox import DeliveryKind
from tests.delivery.conftest import Clock, add_chat, drain

FACILITY = "Исправительная колония № 1"
LOSIK = Prisoner(
    id="follow-up-losik",
    name="Ihar Losik",
    name_be="Ігар Лосік",
    name_ru="Игорь Лосик",
    gender=Gender.MALE,
    birth_date=date(1992, 8, 3),
    detained_on=date(2020, 6, 25),
    status=Status.IMPRISONED,
    facility=FACILITY,
    mailing_address="211440, г. Новополоцк, ул. Техническая, 8",
    letters=Letters.YES,
)
# Detained on 25 March: today, in the tests' clock, is an anniversary of hers.
ZHYVITSA = Prisoner(
    id="follow-up-zhyvitsa",
    name="Nadzeya Zhyvitsa",
    gender=Gender.FEMALE,
    detained_on=date(2022, 3, 25),
    status=Status.IMPRISONED,
    facility=FACILITY,
    mailing_address="211440, г. Новополоцк, ул. Техническая, 8",
    letters=Letters.YES,
)
WROTE_ON = date(2026, 3, 25)
CHAT = 1


async def store(services: Services, *people: Prisoner, on: date = WROTE_ON) -> None:
    """Store the people as confirmed on `on`, as an import would."""
    async with services.db.transaction() as conn:
        await services.prisoners.upsert_many(
            [replace(p, verified_on=on) for p in people], conn, now=services.clock()
        )


def card_button(person: Prisoner) -> tuple[str, str]:
    """Return the button of a digest that opens the person's card."""
    return (f"📇 {person.name}", f"https://t.me/solidarity_test_bot?start=p_{person.id}")


def wrote_button(person: Prisoner) -> CallbackButton:
    """Return the button of a digest that says the chat wrote to the person."""
    return CallbackButton("✉️ I wrote", f"lw:{person.id}")


def after_alert_time(day: date) -> datetime:
    """Return 11:00 in Minsk on `day`: past the chats' alert time."""
    return datetime(day.year, day.month, day.day, 8, 0, tzinfo=UTC)


async def digest_on(services: Services, planner: Planner, clock: Clock, day: date) -> str | None:
    """Plan `day`; return the text of the chat's message of that day, or None if there is none."""
    clock.set(after_alert_time(day))
    await planner.run(clock.now)
    rows = [
        row
        for row in await services.outbox.rows_for(CHAT)
        if row.kind is DeliveryKind.DIGEST and row.local_date == day
    ]
    return "\n".join(row.text for row in rows) if rows else None


@pytest.fixture
async def wrote(services: Services, clock: Clock) -> None:
    """A chat follows Ihar Losik and said on 25 March 2026 that it wrote to him."""
    await store(services, LOSIK)
    await add_chat(services, CHAT, follows=(LOSIK.id,))
    await services.letters.mark(CHAT, LOSIK.id, today=WROTE_ON, now=clock.now)


@pytest.mark.usefixtures("wrote")
async def test_write_again_comes_once_after_four_weeks(
    services: Services, planner: Planner, clock: Clock
) -> None:
    before = await digest_on(services, planner, clock, WROTE_ON + timedelta(days=27))
    on_the_day = await digest_on(services, planner, clock, WROTE_ON + timedelta(weeks=4))
    next_day = await digest_on(services, planner, clock, WROTE_ON + timedelta(weeks=4, days=1))

    assert before is None
    assert on_the_day is not None
    assert "Ihar Losik</b>: 4 weeks since your last letter. Write again" in on_the_day
    assert "Did the letter arrive?" not in on_the_day
    assert next_day is None
    [row] = await services.outbox.rows_for(CHAT)
    assert row.buttons == ((card_button(LOSIK), wrote_button(LOSIK)),)


@pytest.mark.usefixtures("wrote")
async def test_a_chat_chooses_its_own_weeks_or_none(
    services: Services, planner: Planner, clock: Clock
) -> None:
    await services.chats.update_settings(CHAT, write_again_weeks=2, now=clock.now)
    await add_chat(services, 2, follows=(LOSIK.id,))
    await services.chats.update_settings(2, write_again_weeks=0, now=clock.now)
    await services.letters.mark(2, LOSIK.id, today=WROTE_ON, now=clock.now)

    two_weeks = await digest_on(services, planner, clock, WROTE_ON + timedelta(weeks=2))
    await digest_on(services, planner, clock, WROTE_ON + timedelta(weeks=4))

    assert two_weeks is not None
    assert "2 weeks since your last letter" in two_weeks
    assert [row.text for row in await services.outbox.rows_for(2)] == []


async def test_no_reminder_for_someone_not_followed_or_written_to_again(
    services: Services, planner: Planner, clock: Clock
) -> None:
    await store(services, LOSIK, ZHYVITSA)
    # Wrote to Losik without following him; wrote to Zhyvitsa twice, the second time lately.
    await add_chat(services, CHAT, follows=(ZHYVITSA.id,))
    await services.letters.mark(CHAT, LOSIK.id, today=WROTE_ON, now=clock.now)
    await services.letters.mark(CHAT, ZHYVITSA.id, today=WROTE_ON, now=clock.now)
    await services.letters.mark(
        CHAT, ZHYVITSA.id, today=WROTE_ON + timedelta(weeks=3), now=clock.now
    )

    assert await digest_on(services, planner, clock, WROTE_ON + timedelta(weeks=4)) is None
    later = await digest_on(services, planner, clock, WROTE_ON + timedelta(weeks=7))
    assert later is not None
    assert "Nadzeya Zhyvitsa</b>: 4 weeks since your last letter" in later
    assert "Ihar Losik</b>: 7 weeks" not in later


async def test_the_reminder_joins_the_days_message_rather_than_adding_one(
    services: Services, planner: Planner, clock: Clock
) -> None:
    await store(services, ZHYVITSA)
    await add_chat(services, CHAT, follows=(ZHYVITSA.id,))
    await services.letters.mark(CHAT, ZHYVITSA.id, today=date(2026, 2, 25), now=clock.now)

    text = await digest_on(services, planner, clock, WROTE_ON)  # an anniversary of hers

    assert text is not None
    assert "4 years ago today Nadzeya Zhyvitsa was detained" in text
    assert "Nadzeya Zhyvitsa</b>: 4 weeks since your last letter" in text
    [row] = await services.outbox.rows_for(CHAT)  # one message: the day's, the reminder in it
    assert row.buttons == ((card_button(ZHYVITSA), wrote_button(ZHYVITSA)),)


@pytest.mark.usefixtures("wrote")
async def test_did_it_arrive_is_asked_once_after_six_weeks(
    services: Services, planner: Planner, clock: Clock
) -> None:
    await services.chats.update_settings(CHAT, write_again_weeks=0, now=clock.now)

    before = await digest_on(services, planner, clock, WROTE_ON + timedelta(days=41))
    asked = await digest_on(services, planner, clock, WROTE_ON + timedelta(weeks=6))
    again = await digest_on(services, planner, clock, WROTE_ON + timedelta(weeks=6, days=1))

    assert before is None
    assert asked is not None
    assert "Ihar Losik</b>: you wrote on 25 March. Did the letter arrive?" in asked
    assert again is None
    [row] = await services.outbox.rows_for(CHAT)
    month = month_of(WROTE_ON)
    assert row.buttons[-3:] == (
        (CallbackButton("💌 Got a reply", f"la:{LOSIK.id}:{month}:r"),),
        (CallbackButton("↩️ It came back", f"la:{LOSIK.id}:{month}:b"),),
        (CallbackButton("⏳ No news yet", f"la:{LOSIK.id}:{month}:n"),),
    )


# -- through Telegram: pressing the buttons of the day's message ------------------------------


async def _sent_digest(
    delivery_app: BotApplication,
    telegram_state: TelegramState,
    dispatcher: Dispatcher,
    clock: Clock,
    planner: Planner,
    day: date,
) -> tuple[SimulatedUser, ChatMessage]:
    """Plan and send `day`'s message to the supporter; return her and the message."""
    user = SimulatedUser(delivery_app, telegram_state, CHAT)
    clock.set(after_alert_time(day))
    await planner.run(clock.now)
    await drain(dispatcher, clock)
    [digest] = [m for m in user.messages if "Days that matter" in m.text]
    return user, digest


@pytest.mark.usefixtures("wrote")
async def test_an_answer_is_kept_and_its_buttons_leave_the_message(
    delivery_app: BotApplication,
    telegram_state: TelegramState,
    dispatcher: Dispatcher,
    services: Services,
    planner: Planner,
    clock: Clock,
) -> None:
    day = WROTE_ON + timedelta(weeks=6)
    user, digest = await _sent_digest(delivery_app, telegram_state, dispatcher, clock, planner, day)

    await user.press("💌 Got a reply", message=digest)

    assert user.last_callback_answer is not None
    assert "Thank you" in user.last_callback_answer["text"]
    shown = user.messages[-1]
    assert shown.message_id == digest.message_id
    assert "💌 Got a reply" not in shown.button_texts
    assert "📇 Ihar Losik" in shown.button_texts  # the rest stays
    counts = await services.letters.arrivals(FACILITY, date(2026, 1, 1))
    assert (counts.reply, counts.answers) == (1, 1)


@pytest.mark.usefixtures("wrote")
async def test_i_wrote_in_the_days_message_counts_for_the_chat(
    delivery_app: BotApplication,
    telegram_state: TelegramState,
    dispatcher: Dispatcher,
    services: Services,
    planner: Planner,
    clock: Clock,
) -> None:
    await store(services, ZHYVITSA, on=WROTE_ON)
    await services.follows.follow(CHAT, ZHYVITSA.id, limit=100, now=clock.now)
    user, digest = await _sent_digest(
        delivery_app, telegram_state, dispatcher, clock, planner, WROTE_ON
    )
    assert digest.button_texts == ["📇 Nadzeya Zhyvitsa", "✉️ I wrote"]

    [thanks] = await user.press("✉️ I wrote", message=digest)

    assert "Thank you for writing to Nadzeya Zhyvitsa" in thanks.text
    assert await services.letters.has_mark(CHAT, ZHYVITSA.id, month_of(WROTE_ON))


async def test_a_forged_or_stale_answer_changes_nothing(
    delivery_app: BotApplication,
    telegram_state: TelegramState,
    services: Services,
    clock: Clock,
) -> None:
    await store(services, LOSIK)
    user = SimulatedUser(delivery_app, telegram_state, CHAT)
    [welcome] = await user.send("/start")
    await services.letters.mark(CHAT, LOSIK.id, today=WROTE_ON, now=clock.now)
    month = month_of(WROTE_ON)

    async def press(data: str) -> str:
        update = telegram_state.callback_update(user.user, welcome, data)
        await user.process(update)
        answer = telegram_state.callback_answers.get(update["callback_query"]["id"])
        assert answer is not None
        return str(answer.get("text"))

    forged = [
        await press(f"la:{LOSIK.id}:{month}:x"),  # no such answer
        await press(f"la:{LOSIK.id}:2026-13:r"),  # no such month
    ]
    other_month = await press(f"la:{LOSIK.id}:2026-02:r")  # no letter that month
    counted_before = (await services.letters.arrivals(FACILITY, date(2026, 1, 1))).answers
    thanks = await press(f"la:{LOSIK.id}:{month}:r")

    assert all("no longer works" in text for text in forged), forged
    assert "no longer counted" in other_month
    assert counted_before == 0
    assert "Thank you" in thanks  # the same press for the letter written is counted
    assert (await services.letters.arrivals(FACILITY, date(2026, 1, 1))).reply == 1


# -- what the answers show ---------------------------------------------------------------------


async def _answered(
    services: Services, clock: Clock, answers: list[Arrival], first: int = 100
) -> None:
    """Let chats `first`, `first + 1`... each write to Losik in March and answer as given."""
    for chat_id, answer in enumerate(answers, start=first):
        await add_chat(services, chat_id)
        await services.letters.mark(chat_id, LOSIK.id, today=WROTE_ON, now=clock.now)
        assert await services.letters.answer(
            chat_id, LOSIK.id, month_of(WROTE_ON), answer, WROTE_ON + timedelta(weeks=6)
        )


async def _card(user: SimulatedUser) -> str:
    [card] = await user.send("/start p_follow-up-losik")
    return card.text


async def test_cards_show_the_answers_from_five_up(
    delivery_app: BotApplication,
    telegram_state: TelegramState,
    services: Services,
    clock: Clock,
) -> None:
    await store(services, LOSIK)
    await _answered(
        services, clock, [Arrival.REPLY, Arrival.RETURNED, Arrival.NO_NEWS, Arrival.REPLY]
    )
    user = SimulatedUser(delivery_app, telegram_state, 7)
    await user.send("/start")

    four = await _card(user)
    await _answered(services, clock, [Arrival.NO_NEWS] * 5, first=200)  # read afresh
    nine = await _card(user)

    assert "supporters who wrote there" not in four
    assert (
        f"📬 {FACILITY}: in the past year 2 of 9 supporters who wrote there got a reply."
        " Letters that came back: 1." in nine
    )


async def test_forget_erases_the_marks_and_answers(
    delivery_app: BotApplication,
    telegram_state: TelegramState,
    services: Services,
    clock: Clock,
) -> None:
    await store(services, LOSIK)
    user = SimulatedUser(delivery_app, telegram_state, 100)
    await user.send("/start")
    await _answered(services, clock, [Arrival.REPLY])

    await user.send("/forget")
    await user.press("Yes, erase everything")

    assert (await services.letters.arrivals_by_facility(date(2026, 1, 1), 10)) == []
    assert await services.letters.follow_up_marks([100], date(2026, 1, 1)) == {}


async def test_a_chat_is_asked_in_its_own_language(
    services: Services, planner: Planner, clock: Clock
) -> None:
    await store(services, LOSIK)
    await add_chat(services, CHAT, follows=(LOSIK.id,), language="be")
    await services.letters.mark(CHAT, LOSIK.id, today=WROTE_ON, now=clock.now)
    await services.chats.update_settings(CHAT, write_again_weeks=0, now=clock.now)

    asked = await digest_on(services, planner, clock, WROTE_ON + timedelta(weeks=6))

    assert asked is not None
    assert "Ігар Лосік</b>: вы пісалі 25 сакавіка. Ці дайшоў ліст?" in asked


async def test_the_chats_own_weeks_are_kept_apart_from_other_settings(
    services: Services, clock: Clock
) -> None:
    await add_chat(services, CHAT, alert_time=time(9))
    await services.chats.update_settings(CHAT, write_again_weeks=6, now=clock.now)
    changed = await services.chats.update_settings(CHAT, alert_time=time(8), now=clock.now)
    back = await services.chats.update_settings(CHAT, write_again_weeks=None, now=clock.now)

    assert changed is not None
    assert changed.write_again_weeks == 6
    assert back is not None
    assert back.write_again_weeks is None


async def test_a_channels_message_has_no_i_wrote(
    services: Services, planner: Planner, clock: Clock
) -> None:
    await store(services, ZHYVITSA)
    channel, person = -1001234, 2
    await add_chat(services, channel, follows=(ZHYVITSA.id,), chat_type=ChatType.CHANNEL)
    await add_chat(services, person, follows=(ZHYVITSA.id,))
    clock.set(after_alert_time(WROTE_ON))  # an anniversary of hers

    await planner.run(clock.now)

    [posted] = await services.outbox.rows_for(channel)
    [private] = await services.outbox.rows_for(person)
    assert posted.text == private.text
    card = card_button(ZHYVITSA)
    assert posted.buttons == ((card,),)  # its readers cannot speak for the channel
    assert private.buttons == ((card, wrote_button(ZHYVITSA)),)
