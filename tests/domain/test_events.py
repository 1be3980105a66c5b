"""Events: anniversaries, day milestones and birthdays, with fixed dates across leap years."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.chat import AlertKind
from bot.domain.durations import add_months, span_between
from bot.domain.events import (
    CARD_LEAD_DAYS,
    MILESTONES,
    POSTAL_DAYS,
    Event,
    EventKind,
    anniversary_in,
    birthdays_between,
    events_between,
    events_on,
    is_milestone,
)
from bot.domain.prisoner import Prisoner, Status

# Detained 2021-07-14, as Ales Bialiatski was; here still inside.
BIALIATSKI = Prisoner(
    id="ales-bialiatski",
    name="Ales Bialiatski",
    detained_on=date(2021, 7, 14),
    status=Status.IMPRISONED,
)
LEAP_BORN = Prisoner(id="leap", name="Leap", birth_date=date(2000, 2, 29))
LEAP_DETAINED = Prisoner(id="leap-detained", name="Leap Detained", detained_on=date(2020, 2, 29))
D = EventKind.DETENTION_ANNIVERSARY
S = EventKind.SENTENCE_ANNIVERSARY
M = EventKind.DAYS_MILESTONE
SOON = EventKind.BIRTHDAY_SOON
B = EventKind.BIRTHDAY


def kinds(events: list[Event]) -> list[EventKind]:
    return [event.kind for event in events]


def days_of(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def test_defaults_and_alert_kinds() -> None:
    assert (CARD_LEAD_DAYS, POSTAL_DAYS) == (14, 10)
    assert MILESTONES == (100, 365)
    assert {kind: kind.alert_kind for kind in EventKind} == {
        D: AlertKind.ANNIVERSARIES,
        S: AlertKind.ANNIVERSARIES,
        M: AlertKind.MILESTONES,
        SOON: AlertKind.BIRTHDAYS,
        B: AlertKind.BIRTHDAYS,
    }
    assert [kind.priority for kind in (D, S, M, SOON, B)] == [0, 1, 2, 3, 4]


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (0, False),
        (99, False),
        (100, True),
        (200, False),
        (365, True),
        (366, False),
        (500, True),
        (730, False),
        (1000, True),
        (1500, True),
        (2500, True),
        (-500, False),
    ],
)
def test_is_milestone(days: int, expected: bool) -> None:
    assert is_milestone(days) is expected


def test_fourth_detention_anniversary() -> None:
    assert events_on(BIALIATSKI, date(2025, 7, 14)) == [
        Event(D, "ales-bialiatski", date(2025, 7, 14), years=4)
    ]
    assert events_on(BIALIATSKI, date(2025, 7, 13)) == []
    assert events_on(BIALIATSKI, date(2025, 7, 15)) == []


def test_detention_day_itself_is_nothing() -> None:
    assert events_on(BIALIATSKI, date(2021, 7, 14)) == []


def test_hundred_days() -> None:
    assert events_on(BIALIATSKI, date(2021, 10, 22)) == [
        Event(M, "ales-bialiatski", date(2021, 10, 22), days=100)
    ]


def test_first_anniversary_and_365_days_fall_together() -> None:
    assert events_on(BIALIATSKI, date(2022, 7, 14)) == [
        Event(D, "ales-bialiatski", date(2022, 7, 14), years=1),
        Event(M, "ales-bialiatski", date(2022, 7, 14), days=365),
    ]


def test_365_days_across_a_leap_day_is_not_the_anniversary() -> None:
    # 2023-07-14 + 365 days crosses 29 Feb 2024: day 365 is 13 July, the anniversary 14 July.
    prisoner = Prisoner(id="x", name="X", detained_on=date(2023, 7, 14))
    assert events_on(prisoner, date(2024, 7, 13)) == [Event(M, "x", date(2024, 7, 13), days=365)]
    assert events_on(prisoner, date(2024, 7, 14)) == [Event(D, "x", date(2024, 7, 14), years=1)]


@pytest.mark.parametrize(
    ("on", "days"),
    [
        # 2022-07-14 is day 365; +17 to 31 Jul (382), Aug (413), Sep (443), Oct (474), +26 = 500.
        (date(2022, 11, 26), 500),
        # 2023-07-14 is day 730 (no 29 Feb yet); 31 Dec 2023 is day 900; then Jan 31 (931),
        # 29 Feb 2024 (960), Mar 31 (991), 9 Apr = day 1000.
        (date(2024, 4, 9), 1000),
        # 2025-07-14 is day 4 * 365 + 1 = 1461 (29 Feb 2024 inside); +17 to 31 Jul (1478), +22.
        (date(2025, 8, 22), 1500),
    ],
)
def test_round_milestones_across_leap_years(on: date, days: int) -> None:
    assert date(2021, 7, 14) + timedelta(days=days) == on
    assert events_on(BIALIATSKI, on) == [Event(M, "ales-bialiatski", on, days=days)]
    assert events_on(BIALIATSKI, on - timedelta(days=1)) == []


def test_sentence_anniversary_and_its_priority() -> None:
    prisoner = Prisoner(
        id="x", name="X", detained_on=date(2021, 7, 14), sentenced_on=date(2023, 3, 3)
    )
    assert events_on(prisoner, date(2024, 3, 3)) == [Event(S, "x", date(2024, 3, 3), years=1)]
    both = Prisoner(id="y", name="Y", detained_on=date(2020, 5, 1), sentenced_on=date(2021, 5, 1))
    assert kinds(events_on(both, date(2023, 5, 1))) == [D, S]
    assert [e.years for e in events_on(both, date(2023, 5, 1))] == [3, 2]


def test_birthday_and_reminder() -> None:
    prisoner = Prisoner(id="x", name="X", birth_date=date(1962, 9, 25))
    assert events_on(prisoner, date(2025, 9, 11)) == [
        Event(
            SOON,
            "x",
            date(2025, 9, 11),
            years=63,
            birthday=date(2025, 9, 25),
            post_by=date(2025, 9, 15),
        )
    ]
    assert events_on(prisoner, date(2025, 9, 25)) == [Event(B, "x", date(2025, 9, 25), years=63)]
    assert events_on(prisoner, date(2025, 9, 12)) == []
    assert events_on(prisoner, date(2025, 9, 10)) == []


def test_reminder_options() -> None:
    prisoner = Prisoner(id="x", name="X", birth_date=date(1962, 9, 25))
    [event] = events_on(prisoner, date(2025, 8, 26), card_lead_days=30, postal_days=20)
    assert (event.kind, event.birthday, event.post_by) == (
        SOON,
        date(2025, 9, 25),
        date(2025, 9, 5),
    )
    assert events_on(prisoner, date(2025, 9, 11), card_lead_days=30) == []
    # A lead of 0 puts the reminder on the birthday itself; reminder first.
    assert kinds(events_on(prisoner, date(2025, 9, 25), card_lead_days=0)) == [SOON, B]


def test_negative_options_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        events_on(BIALIATSKI, date(2025, 1, 1), card_lead_days=-1)
    with pytest.raises(ValueError, match="negative"):
        events_between([BIALIATSKI], date(2025, 1, 1), date(2025, 1, 2), postal_days=-1)


def test_birthday_on_29_february() -> None:
    assert events_on(LEAP_BORN, date(2023, 2, 28)) == [
        Event(B, "leap", date(2023, 2, 28), years=23)
    ]
    assert events_on(LEAP_BORN, date(2024, 2, 29)) == [
        Event(B, "leap", date(2024, 2, 29), years=24)
    ]
    assert events_on(LEAP_BORN, date(2023, 3, 1)) == []
    assert events_on(LEAP_BORN, date(2024, 2, 28)) == []
    assert events_on(LEAP_BORN, date(2023, 2, 14)) == [
        Event(
            SOON,
            "leap",
            date(2023, 2, 14),
            years=23,
            birthday=date(2023, 2, 28),
            post_by=date(2023, 2, 18),
        )
    ]
    assert events_on(LEAP_BORN, date(2024, 2, 15)) == [
        Event(
            SOON,
            "leap",
            date(2024, 2, 15),
            years=24,
            birthday=date(2024, 2, 29),
            post_by=date(2024, 2, 19),
        )
    ]
    assert events_on(LEAP_BORN, date(2024, 2, 14)) == []
    assert kinds(events_between([LEAP_BORN], date(2023, 1, 1), date(2024, 12, 31))) == [
        SOON,
        B,
        SOON,
        B,
    ]


def test_detention_on_29_february() -> None:
    # 29 Feb 2020 + 365 days is 28 Feb 2021: the first anniversary and day 365 together.
    assert events_on(LEAP_DETAINED, date(2021, 2, 28)) == [
        Event(D, "leap-detained", date(2021, 2, 28), years=1),
        Event(M, "leap-detained", date(2021, 2, 28), days=365),
    ]
    assert events_on(LEAP_DETAINED, date(2021, 3, 1)) == []
    assert events_on(LEAP_DETAINED, date(2024, 2, 29)) == [
        Event(D, "leap-detained", date(2024, 2, 29), years=4)
    ]
    assert events_on(LEAP_DETAINED, date(2024, 2, 28)) == []


def test_anniversary_in() -> None:
    assert anniversary_in(date(2000, 2, 29), 2023) == date(2023, 2, 28)
    assert anniversary_in(date(2000, 2, 29), 2024) == date(2024, 2, 29)
    assert anniversary_in(date(2001, 2, 28), 2024) == date(2024, 2, 28)
    assert anniversary_in(date(2021, 7, 14), 2030) == date(2030, 7, 14)


def test_reminder_crosses_the_year_boundary() -> None:
    prisoner = Prisoner(id="x", name="X", birth_date=date(1980, 1, 5))
    assert events_on(prisoner, date(2025, 12, 22)) == [
        Event(
            SOON,
            "x",
            date(2025, 12, 22),
            years=46,
            birthday=date(2026, 1, 5),
            post_by=date(2025, 12, 26),
        )
    ]
    assert events_between([prisoner], date(2025, 12, 1), date(2025, 12, 31)) == events_on(
        prisoner, date(2025, 12, 22)
    )
    assert kinds(events_between([prisoner], date(2026, 1, 1), date(2026, 12, 31))) == [B, SOON]


@pytest.mark.parametrize("status", [Status.RELEASED, Status.DECEASED, Status.PERSECUTED])
def test_people_not_in_prison_have_no_events(status: Status) -> None:
    prisoner = Prisoner(
        id="x",
        name="X",
        status=status,
        birth_date=date(1962, 7, 14),
        detained_on=date(2021, 7, 14),
        sentenced_on=date(2022, 7, 14),
    )
    assert events_on(prisoner, date(2025, 7, 14)) == []
    assert events_between([prisoner], date(2021, 1, 1), date(2030, 12, 31)) == []
    imprisoned = Prisoner(
        id="x",
        name="X",
        birth_date=date(1962, 7, 14),
        detained_on=date(2021, 7, 14),
        sentenced_on=date(2022, 7, 14),
    )
    assert kinds(events_on(imprisoned, date(2025, 7, 14))) == [D, S, B]


def test_missing_dates_give_no_events_of_their_kinds() -> None:
    nobody = Prisoner(id="x", name="X")
    assert events_between([nobody], date(2000, 1, 1), date(2030, 12, 31)) == []
    only_birth = Prisoner(id="x", name="X", birth_date=date(1970, 3, 3))
    assert set(kinds(events_between([only_birth], date(2000, 1, 1), date(2030, 12, 31)))) == {
        SOON,
        B,
    }
    only_sentence = Prisoner(id="x", name="X", sentenced_on=date(2022, 3, 3))
    assert set(kinds(events_between([only_sentence], date(2000, 1, 1), date(2030, 12, 31)))) == {S}


def test_future_dates_give_no_events() -> None:
    # Bad data: detained, sentenced and born "after" today.
    prisoner = Prisoner(
        id="x",
        name="X",
        birth_date=date(2030, 1, 1),
        detained_on=date(2030, 1, 1),
        sentenced_on=date(2030, 1, 1),
    )
    for today in days_of(date(2025, 1, 1), date(2029, 12, 31)):
        assert events_on(prisoner, today) == []
    assert events_between([prisoner], date(2000, 1, 1), date(2029, 12, 31)) == []
    # Not even one with a negative N or a negative day count on the "anniversary" day.
    assert events_on(prisoner, date(2029, 1, 1)) == []


def test_events_between_orders_by_day_kind_and_id() -> None:
    a = Prisoner(id="a", name="A", detained_on=date(2021, 7, 14), birth_date=date(1990, 7, 14))
    b = Prisoner(id="b", name="B", detained_on=date(2020, 7, 14))
    got = events_between([b, a], date(2022, 6, 30), date(2022, 7, 14))
    assert [(e.on, e.kind, e.prisoner_id) for e in got] == [
        (date(2022, 6, 30), SOON, "a"),
        (date(2022, 7, 14), D, "a"),
        (date(2022, 7, 14), D, "b"),
        (date(2022, 7, 14), M, "a"),
        (date(2022, 7, 14), B, "a"),
    ]
    assert [e.years for e in got] == [32, 1, 2, None, 32]


def test_events_between_refuses_a_backwards_range() -> None:
    with pytest.raises(ValueError, match="before"):
        events_between([BIALIATSKI], date(2025, 1, 2), date(2025, 1, 1))


def test_events_between_one_day_for_many_people() -> None:
    people = [
        Prisoner(
            id=f"p{n:05d}",
            name="P",
            detained_on=date(2015, 1, 1) + timedelta(days=n % 3000),
            sentenced_on=date(2016, 1, 1) + timedelta(days=n % 2000),
            birth_date=date(1950, 1, 1) + timedelta(days=n * 7 % 18000),
        )
        for n in range(10_000)
    ]
    today = date(2025, 7, 14)
    got = events_between(people, today, today)
    expected = sorted((e for p in people for e in events_on(p, today)), key=lambda e: e.sort_key)
    assert got == expected
    assert got  # the population is dense enough for that day to have events
    assert all(e.on == today for e in got)


# Property tests -----------------------------------------------------------------------------

DATES = st.dates(min_value=date(1950, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def prisoners(draw: st.DrawFn, pid: str = "p") -> Prisoner:
    return Prisoner(
        id=pid,
        name=pid.upper(),
        birth_date=draw(st.none() | DATES),
        detained_on=draw(st.none() | DATES),
        sentenced_on=draw(st.none() | DATES),
        status=draw(st.sampled_from(Status)),
    )


@st.composite
def imprisoned(draw: st.DrawFn) -> Prisoner:
    return Prisoner(
        id="p",
        name="P",
        birth_date=draw(DATES),
        detained_on=draw(DATES),
        sentenced_on=draw(DATES),
    )


@settings(deadline=None)
@given(imprisoned(), st.integers(1950, 2031))
def test_each_kind_once_a_calendar_year(prisoner: Prisoner, year: int) -> None:
    got = events_between([prisoner], date(year, 1, 1), date(year, 12, 31))
    counts = Counter(kinds(got))
    for kind in (D, S, SOON, B):
        assert counts[kind] <= 1
    # Milestones: 100 and 365, or 365 and 500, can share a year; never the same one twice.
    milestone_days = [e.days for e in got if e.kind is M]
    assert len(milestone_days) == len(set(milestone_days)) <= 2
    # Every event of the year is found, by the rules, on its day.
    for event in got:
        assert event.on.year == year
        assert event in events_on(prisoner, event.on)


@settings(max_examples=300)
@given(imprisoned(), DATES)
def test_anniversary_numbers_are_whole_years(prisoner: Prisoner, today: date) -> None:
    originals = {D: prisoner.detained_on, S: prisoner.sentenced_on, B: prisoner.birth_date}
    got = {e.kind: e for e in events_on(prisoner, today)}
    for kind, original in originals.items():
        assert original is not None
        fires = original <= today and (
            span_between(original, today).years >= 1
            and add_months(original, 12 * span_between(original, today).years) == today
        )
        assert (kind in got) is fires
        if fires:
            assert got[kind].years == span_between(original, today).years
            assert got[kind].years == today.year - original.year
            assert anniversary_in(original, today.year) == today


@settings(max_examples=300)
@given(imprisoned(), DATES)
def test_reminder_points_at_the_next_birthday(prisoner: Prisoner, today: date) -> None:
    assert prisoner.birth_date is not None
    soon = [e for e in events_on(prisoner, today) if e.kind is SOON]
    birthday = today + timedelta(days=CARD_LEAD_DAYS)
    if soon:
        [event] = soon
        assert event.birthday == birthday
        assert event.post_by == birthday - timedelta(days=POSTAL_DAYS)
        assert events_on(prisoner, birthday)[-1] == Event(B, "p", birthday, years=event.years)
    elif prisoner.birth_date <= today:
        assert B not in kinds(events_on(prisoner, birthday))


def groups(most: int) -> st.SearchStrategy[tuple[Prisoner, ...]]:
    """Return a strategy for up to `most` people with distinct ids."""
    return st.lists(st.sampled_from("abcde"), min_size=1, max_size=most, unique=True).flatmap(
        lambda ids: st.tuples(*(prisoners(pid) for pid in ids))
    )


@settings(deadline=None)
@given(groups(5), DATES, st.integers(0, 400))
def test_birthdays_between_are_the_birthdays_of_events_between(
    people: tuple[Prisoner, ...], start: date, length: int
) -> None:
    end = start + timedelta(days=length)

    expected = [e for e in events_between(people, start, end) if e.kind is B]
    assert birthdays_between(people, start, end) == expected


@settings(deadline=None)
@given(
    groups(3),
    DATES,
    st.integers(0, 400),
    st.integers(0, 60),
    st.integers(0, 30),
)
def test_between_equals_day_by_day(
    people: tuple[Prisoner, ...], start: date, length: int, lead: int, postal: int
) -> None:
    end = start + timedelta(days=length)
    options = {"card_lead_days": lead, "postal_days": postal}
    got = events_between(people, start, end, **options)
    expected = [
        event
        for day in days_of(start, end)
        for event in sorted(
            (e for p in people for e in events_on(p, day, **options)), key=lambda e: e.sort_key
        )
    ]
    assert got == expected
    if len(people) == 1:
        [person] = people
        assert got == [e for day in days_of(start, end) for e in events_on(person, day, **options)]


@settings(deadline=None)
@given(imprisoned(), DATES, st.integers(0, 3000))
def test_milestones_are_detention_plus_k_days(prisoner: Prisoner, start: date, length: int) -> None:
    assert prisoner.detained_on is not None
    end = start + timedelta(days=length)
    got = [e for e in events_between([prisoner], start, end) if e.kind is M]
    expected = [
        prisoner.detained_on + timedelta(days=k)
        for k in range(1, (end - prisoner.detained_on).days + 1)
        if is_milestone(k) and start <= prisoner.detained_on + timedelta(days=k) <= end
    ]
    assert [e.on for e in got] == expected
    for event in got:
        assert event.days is not None
        assert event.on == prisoner.detained_on + timedelta(days=event.days)
        assert event.days in MILESTONES or event.days % 500 == 0


def test_no_reminder_before_the_birth_even_with_a_long_lead() -> None:
    # The first birthday's reminder 400 days ahead would be before the birth itself.
    baby = Prisoner(id="x", name="X", birth_date=date(2024, 3, 1))
    assert events_on(baby, date(2024, 1, 26), card_lead_days=400) == []
    got = events_between([baby], date(2023, 1, 1), date(2026, 12, 31), card_lead_days=400)
    assert [(e.kind, e.on, e.years) for e in got] == [
        # Not (SOON, 2024-01-26, 1): 400 days before 2025-03-01, the baby was not born yet.
        (SOON, date(2025, 1, 25), 2),
        (B, date(2025, 3, 1), 1),
        (SOON, date(2026, 1, 25), 3),
        (B, date(2026, 3, 1), 2),
    ]
