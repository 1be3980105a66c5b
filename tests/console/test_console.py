"""The console: a person types lines, the real bot answers, as a script piping into it would see.

Each test runs ``run_console`` on a text stream (what ``printf ... | solidarity-bot console``
gives it) and reads the transcript: every line typed is echoed as ``› line``, followed by what
the bot and the console printed in answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import sqlite3
from pathlib import Path

import pytest
from icalendar import Calendar
from pypdf import PdfReader

from bot.config import Settings, load_settings
from bot.console.main import CONSOLE_MARK, run_console
from storage.database import application_id

LOIKA = "nasta-loika"  # typing "Loika" lists her and Ihar Losik as buttons
ARESHKA = "vatslau-areshka"  # in prison since 19 April 2022, in the bundled data set
ARESHKA_ANNIVERSARY = "2027-04-19 10:00"


class Transcript:
    """What the console printed, read by the line that was typed."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.turns: list[tuple[str, str]] = []
        typed, answer = "", []
        for line in text.splitlines():
            if line.startswith("› "):
                self.turns.append((typed, "\n".join(answer)))
                typed, answer = line[2:], []
            else:
                answer.append(line)
        self.turns.append((typed, "\n".join(answer)))

    def after(self, typed: str, occurrence: int = 1) -> str:
        """Return what was printed after the nth time `typed` was typed."""
        answers = [answer for line, answer in self.turns if line == typed]
        assert len(answers) >= occurrence, f"{typed!r} was not typed {occurrence} times"
        return answers[occurrence - 1]


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The operator's settings, with the production database somewhere the console must not go."""
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.chdir(tmp_path)
    return load_settings(env_file=None, database_path=tmp_path / "data" / "bot.sqlite3")


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "data" / "console.sqlite3"


async def converse(
    settings: Settings, database: Path, *lines: str, language: str | None = None
) -> Transcript:
    out = io.StringIO()
    await run_console(
        settings,
        database=database,
        stdin=io.StringIO("".join(f"{line}\n" for line in lines)),
        out=out,
        interactive=False,
        language=language,
    )
    return Transcript(out.getvalue())


def rows(database: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    with contextlib.closing(sqlite3.connect(database)) as conn:
        return [tuple(row) for row in conn.execute(sql, params)]


async def test_a_lookup_shows_the_card_and_its_numbered_buttons(
    settings: Settings, database: Path
) -> None:
    talk = await converse(settings, database, ":help", "/start", "Bialiatski")

    assert ":time 2026-07-14 10:00" in talk.after(":help")
    assert "send me a name" in talk.after("/start")
    card = talk.after("Bialiatski")
    assert "— @solidarity_console_bot —" in card
    assert "Ales Bialiatski" in card
    assert "Алесь Бяляцкі" in card
    assert "[1] 🔔 Follow" in card
    assert "[2] Share ↗" in card
    assert "\x1b[" not in talk.text, "a pipe gets no terminal escape codes"


async def test_typing_a_number_presses_the_button_and_the_card_changes_in_place(
    settings: Settings, database: Path
) -> None:
    # An exact surname opens the card at once; its first button is Follow.
    talk = await converse(settings, database, "Loika", "1")

    assert "Наста Лойка" in talk.after("Loika")
    assert "[1] 🔔 Follow" in talk.after("Loika")
    pressed = talk.after("1")
    assert "(You follow Nasta Loika now." in pressed
    assert "— @solidarity_console_bot, edited —" in pressed
    assert "[1] 🔕 Stop following" in pressed
    assert rows(database, "SELECT prisoner_id FROM follows") == [(LOIKA,)]


async def test_moving_the_clock_to_an_anniversary_delivers_the_daily_message_once(
    settings: Settings, database: Path
) -> None:
    talk = await converse(
        settings,
        database,
        "/follow Vatslau Areshka",
        f":time {ARESHKA_ANNIVERSARY}",
        ":outbox",
        f":time {ARESHKA_ANNIVERSARY}",
        "1",
    )

    moved = talk.after(f":time {ARESHKA_ANNIVERSARY}")
    assert "Monday 19 April 2027, 10:00 in Europe/Minsk" in moved
    assert "One message was due." in moved
    assert "5 years ago today Vatslau Areshka was detained." in moved
    assert "[1] 📇 Vatslau Areshka ↗" in moved
    assert "#1 daily message 2027-04-19 to Supporter 1: sent" in talk.after(":outbox")
    again = talk.after(f":time {ARESHKA_ANNIVERSARY}", 2)
    assert "Nothing new to send then" in again
    assert "years ago today" not in again
    # The digest's card button is a deep link into the bot: pressing it opens the card.
    assert "In prison since 19 April 2022" in talk.after("1")
    assert rows(database, "SELECT state FROM outbox") == [("sent",)]


async def test_the_clock_can_go_back_to_an_earlier_day(settings: Settings, database: Path) -> None:
    talk = await converse(
        settings,
        database,
        "/follow Vatslau Areshka",
        ":time 2028-04-19",
        ":time 2027-04-19",
        ":time now",
    )

    assert "6 years ago today" in talk.after(":time 2028-04-19")
    assert "5 years ago today" in talk.after(":time 2027-04-19")
    assert "Back to the real time" in talk.after(":time now")
    days = rows(database, "SELECT local_date FROM outbox ORDER BY local_date")
    assert days == [("2027-04-19",), ("2028-04-19",)]


async def test_inline_mode_lists_cards_and_a_number_posts_one(
    settings: Settings, database: Path
) -> None:
    talk = await converse(settings, database, "@ Losik", "1")

    results = talk.after("@ Losik")
    assert "[1] Ihar Losik" in results
    posted = talk.after("1")
    assert "— you, via @solidarity_console_bot —" in posted
    assert "Ігар Лосік" in posted
    assert "[1] Share ↗" in posted


async def test_admin_commands_answer_the_operator_only(settings: Settings, database: Path) -> None:
    talk = await converse(settings, database, "/stats", ":admin", "/stats", ":user 1", "/stats")

    assert "I do not know that command" in talk.after("/stats")
    assert "You are Operator (one of the bot's ADMIN_IDS)" in talk.after(":admin")
    assert "How the bot is doing" in talk.after("/stats", 2)
    assert "I do not know that command" in talk.after("/stats", 3)


async def test_an_upload_that_releases_someone_tells_their_follower(
    settings: Settings, database: Path, tmp_path: Path
) -> None:
    bundled = settings.dataset_path.read_text(encoding="utf-8")
    table = list(csv.reader(io.StringIO(bundled)))
    header = table[0]
    for row in table[1:]:
        if row[0] == ARESHKA:
            row[header.index("status")] = "released"
            row[header.index("status_changed_on")] = "2027-01-10"
    upload = tmp_path / "people.csv"
    with upload.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(table)

    talk = await converse(
        settings,
        database,
        "/follow Vatslau Areshka",
        # News waits for the morning: make it midday.
        ":time 2027-01-10 12:00",
        ":admin",
        f":upload {upload}",
        "1",
    )

    report = talk.after(f":upload {upload}")
    assert "Vatslau Areshka" in report
    assert "[1] ✅ Import" in report
    imported = talk.after("1")
    assert "— @solidarity_console_bot → Supporter 1 —" in imported
    assert "Vatslau Areshka is free" in imported
    assert rows(database, "SELECT status FROM prisoners WHERE id = ?", ARESHKA) == [("released",)]


async def test_the_calendar_views_work_in_the_console_and_the_file_is_saved(
    settings: Settings, database: Path
) -> None:
    talk = await converse(
        settings,
        database,
        "/follow Vatslau Areshka",
        # Before the alert time, so no daily message comes in between.
        ":time 2027-04-19 09:00",
        "/today",
        "/upcoming",
        "/calendar",
    )

    today = talk.after("/today")
    assert "Today, 19 April 2027" in today
    assert "★ Vatslau Areshka" in today
    assert "5 years ago today Vatslau Areshka was detained." in today
    # Only his, as the chat follows him alone: his next date is in October.
    upcoming = talk.after("/upcoming")
    assert "None of the people followed here has a date to mark from 20 April" in upcoming
    assert "[1] 👥 Everyone in prison" in upcoming
    sent = talk.after("/calendar")
    saved = database.parent / "console-files" / "solidarity-calendar.ics"
    assert "📎 solidarity-calendar.ics, " in sent
    assert f"saved as {saved}" in sent
    assert "[1] 👥 Everyone in prison instead" in sent
    calendar = Calendar.from_ical(await asyncio.to_thread(saved.read_bytes))
    starts = sorted(str(event.decoded("dtstart")) for event in calendar.walk("VEVENT"))
    # His arrest anniversary today, day 2,000 behind bars, verdict anniversary, and birthday.
    assert starts == ["2027-04-19", "2027-10-10", "2028-01-05", "2028-01-18"]


async def test_the_language_switch_changes_the_bots_answers(
    settings: Settings, database: Path
) -> None:
    talk = await converse(settings, database, "/start", ":lang ru", "/help", ":lang xx", "/help")

    assert "Что я умею" in talk.after("/help")
    # The console's own texts follow the person's language too.
    assert "«xx» среди них нет" in talk.after(":lang xx")
    assert "Что я умею" in talk.after("/help", 2)
    assert rows(database, "SELECT language FROM chats") == [("ru",)]


async def test_a_console_started_in_belarusian_greets_in_belarusian(
    settings: Settings, database: Path
) -> None:
    talk = await converse(settings, database, "/start", language="be")

    assert "Дзякуй, што вы тут" in talk.after("/start")


async def test_a_group_is_run_by_whoever_opened_it(settings: Settings, database: Path) -> None:
    talk = await converse(
        settings, database, ":group", ":user new", ":group", "/settings", ":user 1", "/settings"
    )

    assert "thank you for adding me" in talk.after(":group")
    assert "Only the admins of this group can change" in talk.after("/settings")
    assert "Settings" in talk.after("/settings", 2)


async def test_bad_console_input_gets_an_explanation_and_changes_nothing(
    settings: Settings, database: Path
) -> None:
    talk = await converse(
        settings,
        database,
        "/follow Nasta Loika",
        ":nonsense",
        "Loika",
        "42",
        ":time 2027-13-45",
        ":time tomorrow",
        ":user 9",
        ":upload",
        ":upload /no/such/file.csv",
    )

    assert "no command :nonsense" in talk.after(":nonsense")
    assert "no button 42" in talk.after("42")
    assert "Write the time as YYYY-MM-DD HH:MM" in talk.after(":time 2027-13-45")
    assert "Write the time as YYYY-MM-DD HH:MM" in talk.after(":time tomorrow")
    assert "There is no person 9" in talk.after(":user 9")
    assert "Give the file to send" in talk.after(":upload")
    assert "There is no file" in talk.after(":upload /no/such/file.csv")
    assert rows(database, "SELECT count(*) FROM outbox") == [(0,)]
    assert rows(database, "SELECT prisoner_id FROM follows") == [(LOIKA,)]


async def test_the_clock_refuses_years_whose_dates_do_not_exist(
    settings: Settings, database: Path
) -> None:
    talk = await converse(
        settings, database, ":time 0001-01-01 00:00", ":time 9999-12-31 23:00", "/today"
    )

    assert "Write the time as" in talk.after(":time 0001-01-01 00:00")
    assert "Write the time as" in talk.after(":time 9999-12-31 23:00")
    assert "Sorry" not in talk.after("/today")


async def test_a_card_link_pressed_in_a_group_opens_the_private_chat(
    settings: Settings, database: Path
) -> None:
    talk = await converse(settings, database, ":group", ":time 2027-10-20 09:00", "/upcoming", "1")

    assert "[1] 📇 Andrei Aliaksandrau ↗" in talk.after("/upcoming")
    opened = talk.after("1")
    assert "your private chat with the bot" in opened
    assert "Андрэй Аляксандраў" in opened
    assert "→" not in opened.split("\n", 1)[1], "the card comes to the private chat"


async def test_buttons_an_edit_removed_no_longer_answer(settings: Settings, database: Path) -> None:
    talk = await converse(settings, database, "/forget", "1", "1")

    assert "[1]" in talk.after("/forget")
    assert "[1]" not in talk.after("1"), "the confirmation loses its buttons"
    assert "That message is gone" in talk.after("1", 2)


async def test_control_characters_never_reach_the_terminal(
    settings: Settings, database: Path
) -> None:
    talk = await converse(settings, database, "\x1b]0;PWNED\x07\x1b[2J Loika")

    assert "\x1b" not in talk.text
    assert "\x07" not in talk.text
    assert "\ufffd]0;PWNED\ufffd\ufffd[2J Loika" in talk.text


async def test_the_console_keeps_to_its_own_database(settings: Settings, database: Path) -> None:
    await converse(settings, database, "/follow Nasta Loika")
    talk = await converse(settings, database, "/following")

    assert "Nasta Loika" in talk.after("/following"), "the console's own file opens again"
    assert application_id(database) == CONSOLE_MARK

    assert rows(database, "SELECT prisoner_id FROM follows") == [(LOIKA,)]
    production = settings.database_path
    assert not await asyncio.to_thread(production.exists), "the bot's database was never opened"


async def test_letters_in_the_console_write_check_a_draft_say_i_wrote_and_print_a_kit(
    settings: Settings, database: Path
) -> None:
    talk = await converse(
        settings,
        database,
        # While Andrzej Poczobut's address in the bundled list is current.
        ":time 2026-03-25 09:00",
        "/write",
        "1",
        ":reply Дорогой друг! Скоро будет свобода.",
        "1",
        ":reply",
        "/evening Navapolatsk",
    )

    suggestion = talk.after("/write")
    assert "[1] ✍️ How to write   [2] ✉️ I wrote" in suggestion
    guide = talk.after("1")
    assert "Reply to this message with your draft" in guide
    assert "[1] ✉️ I wrote" in guide
    checked = talk.after(":reply Дорогой друг! Скоро будет свобода.")
    assert "What may hold the letter back" in checked
    assert "«свобода»" in checked
    assert "Thank you for writing" in talk.after("1", 2)
    assert rows(database, "SELECT count(*) FROM letter_marks") == [(1,)]
    assert "like :reply" in talk.after(":reply")
    sent = talk.after("/evening Navapolatsk")
    saved = database.parent / "console-files" / "letter-evening-2026-03-25.pdf"
    assert "📎 letter-evening-2026-03-25.pdf, " in sent
    assert f"saved as {saved}" in sent
    assert "(Penal colony No. 1, Navapolatsk): 2 people" in sent
    content = await asyncio.to_thread(saved.read_bytes)
    text = [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]
    assert len(text) == 3
    poczobut = next(page for page in text if page.startswith("Анджей Почобут"))
    assert "Кому: Почобуту Анджею" in poczobut
    assert "Куда: 211440, Navapolatsk" in poczobut
    assert "Write every line of the envelope in Cyrillic." in poczobut
