"""Letters: /write, the letter guide, checking a draft, "✉️ I wrote", undo, /stats, /forget."""

from __future__ import annotations

import logging
from datetime import date, timedelta

import pytest

from bot.context import BotApplication
from bot.domain.letters.follow_up import Arrival
from bot.domain.letters.suggest import may_get_letters
from bot.domain.prisoner import Gender, Letters, Prisoner, Status
from bot.flood import FloodGuard
from bot.sandbox.models import ChatMessage, FakeChat
from bot.sandbox.telegram_state import TelegramState
from bot.sandbox.user import SimulatedUser
from storage.letters import month_of
from tests.chat.helpers import mark_by_others, press_data, snapshot, store

ADMIN_ID = 42  # ADMIN_IDS in the test settings
LOSIK = Prisoner(
    id="letters-losik",
    name="Ihar Losik",
    name_be="Ігар Лосік",
    name_ru="Игорь Лосик",
    name_full_ru="Лосик Игорь Александрович",
    name_full_be="Лосік Ігар Аляксандравіч",
    gender=Gender.MALE,
    birth_date=date(1992, 8, 3),
    detained_on=date(2020, 6, 25),
    status=Status.IMPRISONED,
    facility="Исправительная колония № 1",
    mailing_address="211440, г. Новополоцк, ул. Техническая, 8",
    letters=Letters.YES,
)


@pytest.fixture
def admin(bot_app: BotApplication, telegram_state: TelegramState) -> SimulatedUser:
    return SimulatedUser(bot_app, telegram_state, ADMIN_ID)


async def candidates(bot_app: BotApplication) -> int:
    return sum(1 for p in await bot_app.bot_data.services.prisoners.all() if may_get_letters(p))


def shown(message: ChatMessage) -> str:
    """Return the id of the person a /write suggestion shows (its "I wrote" button's data)."""
    data = message.button("✉️ I wrote")
    assert data is not None
    return str(data["callback_data"]).removeprefix("lw:")


async def walk(user: SimulatedUser, first: ChatMessage, steps: int) -> list[str]:
    """Press Another `steps` times; return whom the message showed, the first included.

    The presses come faster than flood control lets a person through: it starts afresh.
    """
    user.application.bot_data.flood = FloodGuard()
    seen = [shown(first)]
    for _ in range(steps):
        await user.press("➡️ Another", message=first)
        assert user.last_message.message_id == first.message_id  # edited in place
        seen.append(shown(user.last_message))
    return seen


async def test_write_suggests_someone_with_the_three_buttons(
    user: SimulatedUser, today: date
) -> None:
    [suggestion] = await user.send("/write")

    assert suggestion.text.startswith("✉️ ")
    assert suggestion.button_texts == ["✍️ How to write", "✉️ I wrote", "➡️ Another"]


async def test_another_walks_everyone_and_the_much_written_to_come_last(
    user: SimulatedUser, bot_app: BotApplication, today: date
) -> None:
    count = await candidates(bot_app)
    [first] = await user.send("/write")
    favourite = shown(first)
    await mark_by_others(bot_app, favourite, 3, today)

    [again] = await user.send("/write")
    seen = await walk(user, again, count - 1)

    assert len(set(seen)) == count  # Another never repeats before the end
    assert seen[-1] == favourite
    await user.press("➡️ Another", message=again)
    assert shown(user.last_message) == seen[0]  # and then starts over


async def test_i_wrote_counts_once_a_month_and_keeps_the_person_out_for_30_days(
    user: SimulatedUser, bot_app: BotApplication, today: date
) -> None:
    services = bot_app.bot_data.services
    count = await candidates(bot_app)
    [first] = await user.send("/write")
    person = shown(first)

    [thanks] = await user.press("✉️ I wrote", message=first)
    again = await user.press("✉️ I wrote", message=first)

    assert "Thank you for writing" in thanks.text
    assert thanks.button_texts == ["Undo"]
    assert again == []
    assert user.last_callback_answer is not None
    assert "already" in user.last_callback_answer["text"]
    assert await services.letters.counts(month_of(today)) == {person: 1}

    [later] = await user.send("/write")
    assert person not in await walk(user, later, count - 1)

    after = services.clock() + timedelta(days=31)
    services.clock = lambda: after
    [next_month] = await user.send("/write")
    assert person in await walk(user, next_month, count - 1)


async def test_undo_takes_the_mark_back(
    user: SimulatedUser, bot_app: BotApplication, today: date
) -> None:
    services = bot_app.bot_data.services
    [first] = await user.send("/write")
    await user.press("✉️ I wrote", message=first)

    await user.press("Undo")

    assert "Taken back" in user.last_message.text
    assert user.last_message.buttons == []
    assert await services.letters.counts(month_of(today)) == {}


async def test_the_guide_has_the_rules_two_letters_and_a_cyrillic_envelope(
    user: SimulatedUser, bot_app: BotApplication, today: date
) -> None:
    await store(bot_app, LOSIK)
    [card] = await user.send(f"/start p_{LOSIK.id}")
    assert "✉️ I wrote" in card.button_texts

    [guide] = await user.press("How to write")

    assert "How to write to Ihar Losik" in guide.text
    assert "Russian or Belarusian" in guide.text
    assert '"freedom"' in guide.text
    assert "Latin letters" in guide.text
    assert "Дорогой Игорь!" in guide.text
    assert "Дарагі Ігар!" in guide.text
    assert "Кому: Лосику Игорю Александровичу" in guide.text
    assert "1992 г. р." in guide.text
    assert "Куда: 211440, г. Новополоцк, ул. Техническая, 8" in guide.text
    assert "Dear Ihar Losik," in guide.text  # what the letter says, for an English chat
    assert guide.text.endswith(
        "Reply to this message with your draft and I will check it. I do not keep it."
    )
    assert guide.button_texts == ["✉️ I wrote"]


async def test_the_guide_in_belarusian_addresses_the_envelope_in_belarusian(
    bot_app: BotApplication, telegram_state: TelegramState, today: date
) -> None:
    user = SimulatedUser(bot_app, telegram_state, language_code="be")
    await store(bot_app, LOSIK)
    [card] = await user.send(f"/start p_{LOSIK.id}")

    [guide] = await user.press("Як напісаць", message=card)

    assert "Ігар Лосік: як напісаць ліст" in guide.text
    assert "Каму: Лосіку Ігару Аляксандравічу" in guide.text
    assert "1992 г. н." in guide.text
    assert "Адкажыце на гэтае паведамленне чарнавіком ліста" in guide.text


async def open_guide(user: SimulatedUser, bot_app: BotApplication) -> ChatMessage:
    await store(bot_app, LOSIK)
    await user.send(f"/start p_{LOSIK.id}")
    [guide] = await user.press("How to write")
    return guide


@pytest.mark.parametrize(
    ("draft", "expected"),
    [
        ("Дорогой Игорь! Скоро свобода, приговор отменят.", ["«свобода»", "«приговор»"]),
        ("Дарагі Ігар! Жыве Беларусь, барацьба працягваецца.", ["«Жыве Беларусь»", "«барацьба»"]),
        ("Dear Ihar, the trial was unfair; freedom soon!", ["«trial»", "«freedom»", "Latin"]),
    ],
)
async def test_a_draft_in_reply_to_the_guide_is_checked(
    user: SimulatedUser, bot_app: BotApplication, today: date, draft: str, expected: list[str]
) -> None:
    guide = await open_guide(user, bot_app)

    [answer] = await user.send(draft, reply_to=guide)

    assert "What may hold the letter back" in answer.text
    for words in expected:
        assert words in answer.text


async def test_a_safe_draft_gets_a_warm_answer(
    user: SimulatedUser, bot_app: BotApplication, today: date
) -> None:
    guide = await open_guide(user, bot_app)

    [answer] = await user.send(
        "Дорогой Игорь! У нас выпал первый снег. Что вы сейчас читаете? Анна", reply_to=guide
    )

    assert answer.text.startswith("Nothing risky found")


async def test_a_draft_is_never_stored_nor_logged(
    user: SimulatedUser,
    bot_app: BotApplication,
    today: date,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    marker = "Зюзюбликовщина"
    guide = await open_guide(user, bot_app)
    # Every logger listened to at DEBUG, even one a logging set-up elsewhere switched off.
    for logger in logging.root.manager.loggerDict.values():
        if isinstance(logger, logging.Logger):
            monkeypatch.setattr(logger, "disabled", False)
            monkeypatch.setattr(logger, "propagate", True)
            monkeypatch.setattr(logger, "level", logging.DEBUG)
    monkeypatch.setattr(logging.root.manager, "disable", logging.NOTSET)
    caplog.set_level(logging.DEBUG)

    [answer] = await user.send(f"Дорогой Игорь! {marker} и свобода.", reply_to=guide)

    assert "«свобода»" in answer.text
    db = bot_app.bot_data.services.db
    tables = [
        row[0]
        for row in await db.fetchall(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    # The guide the draft answers is kept in chat_state, by its message id alone.
    assert {"letter_marks", "chat_state"} <= set(tables)
    assert await db.fetchval("SELECT count(*) FROM chat_state WHERE kind = 'letter_guides'") == 1
    for table in tables:
        rows = await db.fetchall(f"SELECT * FROM {table}")  # noqa: S608 - names from the schema
        assert marker not in repr([tuple(row) for row in rows]), table
    assert caplog.records  # the log was listened to
    for record in caplog.records:
        assert marker not in record.getMessage()
        assert marker not in repr(record.args)


async def test_stats_shows_the_fewest_letters_as_counts(
    admin: SimulatedUser, bot_app: BotApplication, today: date
) -> None:
    services = bot_app.bot_data.services
    fewest = await services.letters.fewest(month_of(today), 100)
    for written in fewest[:5]:
        await mark_by_others(bot_app, written.prisoner_id, 1, today)

    [report] = await admin.send("/stats")

    assert "Fewest letters this month" in report.text
    lines = report.text.split("Fewest letters this month")[1].strip().splitlines()[:5]
    assert [line.rsplit(": ", 1)[1] for line in lines] == ["0"] * 5
    assert "9001" not in report.text


async def test_stats_shows_whether_letters_arrive_by_facility(
    admin: SimulatedUser, bot_app: BotApplication, today: date
) -> None:
    services = bot_app.bot_data.services
    await store(bot_app, LOSIK)
    await mark_by_others(bot_app, LOSIK.id, 3, today)
    for chat_id, answer in zip((9001, 9002, 9003), Arrival, strict=True):
        assert await services.letters.answer(chat_id, LOSIK.id, month_of(today), answer, today)

    [report] = await admin.send("/stats")

    assert "Do letters arrive?" in report.text
    assert "Исправительная колония № 1: 3 answers; a reply 1, came back 1, no news 1" in report.text
    assert "9001" not in report.text


async def test_forget_erases_the_marks(
    user: SimulatedUser, bot_app: BotApplication, today: date
) -> None:
    [first] = await user.send("/write")
    await user.press("✉️ I wrote", message=first)
    db = bot_app.bot_data.services.db
    assert await db.fetchval("SELECT count(*) FROM letter_marks WHERE chat_id = ?", (user.id,)) == 1

    await user.send("/forget")
    await user.press("Yes, erase everything")

    assert await db.fetchval("SELECT count(*) FROM letter_marks WHERE chat_id = ?", (user.id,)) == 0


@pytest.mark.parametrize(
    "data", ["lw:nobody", "lu:letters-losik:2025-13", "lu:nobody:2025-01", "ln:", "write:nobody"]
)
async def test_forged_letter_buttons_are_answered_and_change_nothing(
    user: SimulatedUser, bot_app: BotApplication, today: date, data: str
) -> None:
    await store(bot_app, LOSIK)
    [message] = await user.send("/help")
    before = await snapshot(bot_app)
    marks = await bot_app.bot_data.services.db.fetchall("SELECT * FROM letter_marks")

    await press_data(user, message, data)

    assert await snapshot(bot_app) == before
    assert await bot_app.bot_data.services.db.fetchall("SELECT * FROM letter_marks") == marks


async def test_write_works_in_groups_for_anyone(
    bot_app: BotApplication, telegram_state: TelegramState, today: date
) -> None:
    group = telegram_state.add_chat(FakeChat.group())
    member = SimulatedUser(bot_app, telegram_state, chat=group)

    [suggestion] = await member.send("/write")
    await member.press("✉️ I wrote", message=suggestion)

    counts = await bot_app.bot_data.services.letters.counts(month_of(today))
    assert counts == {shown(suggestion): 1}
