"""The solidarity calendar's pure parts: ranges, dates by day, pages, views and the .ics file."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from bot.domain.calendar import (
    DATE_KINDS,
    UPCOMING_DAYS,
    by_day,
    dates_of,
    paginate,
    upcoming_range,
    year_range,
)
from bot.domain.events import (
    POSTAL_DAYS,
    Event,
    EventKind,
    card_post_by,
    events_between,
    events_on,
    without_repeats,
)
from bot.domain.prisoner import Gender, Letters, Prisoner, Status
from bot.domain.telegram_html import plain_text
from bot.l10n import Localizer
from bot.rendering.digests import MESSAGE_LIMIT, split_parts
from handlers.calendar_file import PRODID, build_calendar, event_uid
from handlers.calendar_views import render_today, render_upcoming

D = EventKind.DETENTION_ANNIVERSARY
M = EventKind.DAYS_MILESTONE
B = EventKind.BIRTHDAY
SOON = EventKind.BIRTHDAY_SOON

ANNA = Prisoner(
    id="anna",
    name="Anna <Bold> & Co",
    gender=Gender.FEMALE,
    detained_on=date(2023, 1, 5),
    birth_date=date(1980, 1, 20),
    letters=Letters.YES,
    mailing_address="Colony No. 4 & Co, Homiel",
    verified_on=date(2026, 12, 10),
)
# ADDRESS_MAX_AGE_DAYS, as the settings have it by default.
MAX_AGE = 45
LEAP = Prisoner(id="leap", name="Leap Person", birth_date=date(1996, 2, 29))
FIRST_YEAR = Prisoner(id="first", name="First Year", detained_on=date(2025, 6, 1))


# -- ranges and grouping ---------------------------------------------------------------------


def test_upcoming_starts_tomorrow_and_the_file_holds_a_year() -> None:
    today = date(2026, 12, 20)
    assert upcoming_range(today) == (date(2026, 12, 21), date(2027, 1, 19))
    assert (upcoming_range(today)[1] - today).days == UPCOMING_DAYS
    assert year_range(today) == (today, date(2027, 12, 19))
    # Across a 29 February the year has 366 days: 9 June 2028 is in the file made on 10 June 2027.
    assert year_range(date(2027, 6, 10)) == (date(2027, 6, 10), date(2028, 6, 9))
    assert year_range(date(2027, 3, 1)) == (date(2027, 3, 1), date(2028, 2, 29))
    # Made on 29 February, the file runs to 27 February: 28 February is next year's "same day".
    assert year_range(date(2028, 2, 29)) == (date(2028, 2, 29), date(2029, 2, 27))


def test_card_post_by_is_the_postal_days_before_the_birthday() -> None:
    assert card_post_by(date(2027, 1, 20)) == date(2027, 1, 20) - timedelta(days=POSTAL_DAYS)
    assert card_post_by(date(2027, 3, 5), 7) == date(2027, 2, 26)


def test_dates_keep_the_days_themselves_not_the_card_reminder() -> None:
    events = events_between([ANNA], date(2027, 1, 1), date(2027, 1, 31))
    assert SOON in {e.kind for e in events}  # the daily message's reminder exists...
    dates = dates_of(events)
    assert [(e.kind, e.on) for e in dates] == [(D, date(2027, 1, 5)), (B, date(2027, 1, 20))]
    assert {e.kind for e in dates} <= DATE_KINDS


def test_day_365_that_repeats_the_first_anniversary_is_dropped() -> None:
    day = date(2026, 6, 1)
    events = events_on(FIRST_YEAR, day)
    assert [e.kind for e in events] == [D, M]
    assert [e.kind for e in without_repeats(events)] == [D]
    assert [e.kind for e in dates_of(events)] == [D]
    # Another person's 365th day on the same date is no repeat of this anniversary.
    other = Event(M, "other", day, days=365)
    assert without_repeats([*events, other]) == [events[0], other]


def test_by_day_puts_the_followed_first_within_each_day() -> None:
    day = date(2026, 7, 14)
    events = [
        Event(D, "a", day, years=2),
        Event(B, "b", day, years=40),
        Event(D, "c", day + timedelta(days=1), years=1),
        Event(B, "a", day + timedelta(days=1), years=30),
    ]
    days = by_day(events, followed={"b"})
    assert [d.on for d in days] == [day, day + timedelta(days=1)]
    assert [(e.prisoner_id, e.followed) for e in days[0].entries] == [("b", True), ("a", False)]
    assert [e.prisoner_id for e in days[1].entries] == ["c", "a"]
    assert by_day(events, followed={"a"})[1].entries[0].prisoner_id == "a"


def test_by_day_keeps_a_persons_dates_of_one_day_together() -> None:
    day = date(2026, 3, 3)
    both = Prisoner(id="p", name="P", detained_on=date(2021, 3, 3), sentenced_on=date(2023, 3, 3))
    [only] = by_day(events_between([both], day, day), followed=())
    [entry] = only.entries
    assert [e.kind for e in entry.events] == [D, EventKind.SENTENCE_ANNIVERSARY]


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (date(2027, 2, 20), date(2027, 2, 28)),
        (date(2028, 2, 20), date(2028, 2, 29)),
    ],
)
def test_a_29_february_birthday_is_one_date_a_year(start: date, expected: date) -> None:
    days = by_day(events_between([LEAP], start, start + timedelta(days=20)), followed=())
    assert [d.on for d in days] == [expected]


def test_a_range_over_new_year_is_in_order() -> None:
    dec = Prisoner(id="dec", name="Dec", birth_date=date(1990, 12, 28))
    jan = Prisoner(id="jan", name="Jan", detained_on=date(2023, 1, 5))
    first, last = upcoming_range(date(2026, 12, 20))
    days = by_day(events_between([jan, dec], first, last), followed=())
    assert [d.on for d in days] == [date(2026, 12, 28), date(2027, 1, 5)]


# -- pages -----------------------------------------------------------------------------------


def test_pages_hold_at_most_so_many_rows_and_characters() -> None:
    assert paginate([10] * 20, per_page=8, budget=1000) == [
        range(8),
        range(8, 16),
        range(16, 20),
    ]
    assert paginate([400, 400, 400, 100], per_page=8, budget=1000) == [
        range(2),
        range(2, 4),
    ]
    # A row too large for any page stands alone rather than being lost.
    assert paginate([10, 5000, 10], per_page=8, budget=1000) == [
        range(1),
        range(1, 2),
        range(2, 3),
    ]
    assert paginate([], per_page=8, budget=1000) == [range(0)]
    with pytest.raises(ValueError, match="at least one row"):
        paginate([1], per_page=0, budget=10)


@given(
    st.lists(st.integers(min_value=1, max_value=300), max_size=60),
    st.integers(min_value=1, max_value=10),
    st.integers(min_value=1, max_value=1000),
)
def test_pages_cover_every_row_once_in_order(sizes: list[int], per_page: int, budget: int) -> None:
    pages = paginate(sizes, per_page=per_page, budget=budget)
    assert [i for page in pages for i in page] == list(range(len(sizes)))
    for page in pages:
        assert len(page) <= per_page
        assert len(page) == 1 or sum(sizes[i] for i in page) <= budget


def test_parts_are_cut_between_blocks_and_say_which_blocks_they_hold() -> None:
    blocks = ["title", *("x" * 1500 for _ in range(5))]
    parts = split_parts(blocks)
    assert [list(indexes) for _, indexes in parts] == [[0, 1, 2], [3, 4], [5]]
    assert all(len(text) <= MESSAGE_LIMIT for text, _ in parts)


# -- views -----------------------------------------------------------------------------------

T = Localizer()("en")


def test_today_view_marks_the_followed_and_escapes_names() -> None:
    day = date(2027, 1, 5)
    [only] = by_day(events_between([ANNA], day, day), followed={"anna"})
    [screen] = render_today(T, day, only, {"anna": ANNA}, "bot", address_max_age_days=MAX_AGE)
    assert "★ <b>Anna &lt;Bold&gt; &amp; Co</b>" in screen.text
    assert "★ marks the people you follow." in screen.text
    assert screen.markup is not None
    [[button]] = screen.markup.inline_keyboard
    assert button.url == "https://t.me/bot?start=p_anna"


def test_upcoming_view_writes_the_year_of_days_in_another_year() -> None:
    today = date(2026, 12, 20)
    first, last = upcoming_range(today)
    days = by_day(events_between([ANNA], first, last), followed=())
    screen, page = render_upcoming(
        T, today, days, {"anna": ANNA}, "bot", page=5, address_max_age_days=45
    )
    assert page == 0
    assert "<b>Tuesday, 5 January 2027</b>" in screen.text
    assert "• 4 years since Anna &lt;Bold&gt; &amp; Co was detained." in screen.text


# -- the calendar file -----------------------------------------------------------------------

NOW = datetime(2026, 12, 20, 9, 30, tzinfo=UTC)


def build(
    events: list[Event], *, today: date = date(2026, 12, 20), everyone: bool = False
) -> tuple[bytes, Calendar]:
    data = build_calendar(
        T,
        events,
        {"anna": ANNA, "leap": LEAP},
        bot_username="solidarity_bot",
        today=today,
        now=NOW,
        everyone=everyone,
        address_max_age_days=MAX_AGE,
    )
    return data, Calendar.from_ical(data)


def test_calendar_file_has_one_all_day_event_per_date() -> None:
    first, last = year_range(date(2026, 12, 20))
    events = dates_of(events_between([ANNA, LEAP], first, last))
    data, calendar = build(events)

    assert str(calendar["prodid"]) == PRODID
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["x-wr-calname"]) == "Solidarity calendar"
    items = calendar.walk("VEVENT")
    assert [(i.decoded("dtstart"), str(i["uid"])) for i in items] == [
        (e.on, f"{e.on:%Y%m%d}-{e.kind.value}-{e.prisoner_id}@solidarity_bot") for e in events
    ]
    assert (date(2027, 2, 28), "leap") in {(e.on, e.prisoner_id) for e in events}
    for item in items:
        assert item.decoded("dtend") - item.decoded("dtstart") == timedelta(days=1)
        assert item.decoded("dtstamp") == NOW
    assert b"DTSTART;VALUE=DATE:20270105" in data


def test_calendar_texts_are_plain_and_the_birthday_asks_for_a_card_in_time() -> None:
    birthday = Event(B, "anna", date(2027, 1, 20), years=47)
    _, calendar = build([birthday])
    [item] = calendar.walk("VEVENT")
    assert str(item["summary"]) == "Anna <Bold> & Co turns 47 today."
    description = str(item["description"])
    assert description.startswith("📮 Send a card by 10 January so that it arrives in time:")
    assert "Colony No. 4 & Co, Homiel" in description
    assert description.endswith("Open the card: https://t.me/solidarity_bot?start=p_anna")
    assert str(item["url"]) == "https://t.me/solidarity_bot?start=p_anna"


def test_a_birthday_too_close_for_a_card_asks_for_a_letter() -> None:
    birthday = Event(B, "anna", date(2027, 1, 20), years=47)
    _, calendar = build([birthday], today=date(2027, 1, 15))
    [item] = calendar.walk("VEVENT")
    assert str(item["description"]).startswith("✉️ Write a letter")


def test_uids_name_person_kind_and_day_only() -> None:
    event = Event(D, "anna", date(2027, 1, 5), years=4)
    assert event_uid(event, "b") == "20270105-detention_anniversary-anna@b"
    assert event_uid(event, "b") != event_uid(Event(B, "anna", date(2027, 1, 5), years=4), "b")
    first, _ = build([event])
    other_moment, _ = build([event], today=date(2026, 12, 21))
    assert first.count(b"UID:") == 1
    assert (
        Calendar.from_ical(first).walk("VEVENT")[0]["uid"]
        == (Calendar.from_ical(other_moment).walk("VEVENT")[0]["uid"])
    )


def test_the_everyone_calendar_is_named_so() -> None:
    _, calendar = build([], everyone=True)
    assert str(calendar["x-wr-calname"]) == "Solidarity calendar: everyone in prison"
    assert calendar.walk("VEVENT") == []


def test_plain_text_drops_tags_and_reads_entities() -> None:
    assert plain_text("<b>Anna &lt;3 &amp; Co</b>\n<a href='x'>link</a>") == "Anna <3 & Co\nlink"


def test_released_people_have_no_calendar_dates() -> None:
    freed = Prisoner(
        id="freed",
        name="Freed",
        detained_on=date(2023, 1, 5),
        status=Status.RELEASED,
        status_changed_on=date(2025, 1, 1),
    )
    first, last = year_range(date(2026, 12, 20))
    assert by_day(events_between([freed], first, last), followed={"freed"}) == []
