"""The solidarity calendar through the real bot process and the local fake Bot API over HTTP.

The process reads the wall clock, so the data set is dated from the test's own today in Minsk
(the default time zone): one person's arrest anniversary is today, another's tomorrow, so a
test that runs across midnight still sees a date.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar

from bot.domain.dataset import write_canonical_csv
from bot.domain.prisoner import Gender, Letters, Prisoner
from tests.e2e.test_follow_process import assert_nothing_personal_logged, bot_env, ready
from tests.fakes import BotProcess, FakeBotApiServer


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _people(today: date) -> list[Prisoner]:
    return [
        Prisoner(
            id=f"person-{offset}",
            name=f"Person Dated {offset}",
            gender=Gender.FEMALE,
            detained_on=_years_before(today + timedelta(days=offset), 3),
            letters=Letters.YES,
            mailing_address="Colony No. 4, Homiel",
            verified_on=today,
        )
        for offset in (0, 1)
    ]


async def test_today_and_a_calendar_file_over_http(
    bot_api_server: FakeBotApiServer, tmp_path: Path
) -> None:
    """A supporter sends /today and sees the day's arrest anniversary with a letter to write
    and a button that opens the card. She sends /calendar all and gets a file, which her
    calendar app can read: its events are the anniversaries, each with the card's link."""
    today = datetime.now(ZoneInfo("Europe/Minsk")).date()
    dataset = tmp_path / "people.csv"
    dataset.write_text(write_canonical_csv(_people(today)), encoding="utf-8")
    database = tmp_path / "bot.sqlite3"
    server, state = bot_api_server, bot_api_server.state
    kira = state.add_user(first_name="Kira", language_code="en")
    env = {**bot_env(server, database), "DATASET_PATH": str(dataset)}

    async with BotProcess(env=env, cwd=tmp_path) as bot:
        await ready(server)
        server.send_text(kira, None, "/today")
        listing = await server.wait_for_message(kira.id, timeout=30)
        text = listing.text or ""
        assert "Today, " in text
        assert "3 years ago today Person Dated" in text
        assert "Write a letter" in text
        assert "Colony No. 4, Homiel" in text
        [button] = listing.buttons
        assert button["url"].startswith(f"https://t.me/{state.bot.username}?start=p_person-")

        server.send_text(kira, None, "/calendar all")
        sent = await server.wait_for_message(kira.id, lambda m: m.document is not None)
        assert "Solidarity calendar of everyone in prison" in (sent.caption or "")
        assert sent.document is not None
        content = state.files[sent.document["file_id"]].content
        exit_code = await bot.stop()

    assert exit_code == 0, bot.output
    calendar = Calendar.from_ical(content)
    items = calendar.walk("VEVENT")
    assert {str(item["uid"]).split("@")[0].split("-", 1)[1] for item in items} == {
        "detention_anniversary-person-0",
        "detention_anniversary-person-1",
    }
    for item in items:
        assert "years ago today Person Dated" in str(item["summary"])
        assert str(item["url"]) in str(item["description"])
        assert today <= item.decoded("dtstart") <= today + timedelta(days=365)
    assert_nothing_personal_logged(bot.output, "Kira", "Person Dated", "/calendar")
