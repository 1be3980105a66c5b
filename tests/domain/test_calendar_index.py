"""The calendar's dates made once per day serve every chat exactly as working them out afresh did.

/today and /upcoming used to work out everyone's events on each press; now a `CalendarIndex` per
local date is made once, each chat marks its own followed in it (`marked`), and the coming
days' lines are written once per language (`upcoming_lines`). The screens must not change: each
is compared with the one the old way gives, for a few hundred people with dates of every kind.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping, Sequence
from datetime import date, timedelta

import pytest
from telegram import InlineKeyboardMarkup

from bot.domain.calendar import (
    YEAR_DAYS,
    Day,
    WrittenLines,
    by_day,
    calendar_index,
    dates_of,
    marked,
    upcoming_range,
)
from bot.domain.events import events_between
from bot.domain.prisoner import Gender, Letters, Prisoner, Status
from bot.l10n import Localizer, Translator
from handlers.calendar_views import (
    Scope,
    Screen,
    render_no_dates,
    render_today,
    render_upcoming,
    upcoming_lines,
)

BOT = "solidarity_bot"
MAX_AGE = 45
LOCALIZER = Localizer()


def day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def people(count: int, seed: int) -> list[Prisoner]:
    """Return people with random dates, some without, some released, one born on 29 February."""
    rng = random.Random(seed)
    result = []
    for n in range(count):
        detained = day_between(rng, date(2015, 1, 1), date(2026, 6, 1))
        result.append(
            Prisoner(
                id=f"p{n:03d}",
                name=f"Person {n:03d}",
                gender=rng.choice([Gender.FEMALE, Gender.MALE, None]),
                detained_on=detained if rng.random() < 0.9 else None,
                sentenced_on=detained + timedelta(days=rng.randrange(60, 400))
                if rng.random() < 0.6
                else None,
                birth_date=(
                    date(1996, 2, 29)
                    if n == 0
                    else day_between(rng, date(1950, 1, 1), date(2005, 12, 31))
                    if rng.random() < 0.8
                    else None
                ),
                status=Status.IMPRISONED if rng.random() < 0.8 else Status.RELEASED,
                letters=Letters.YES if n % 3 == 0 else Letters.NO,
                mailing_address="Colony No. 4, Homiel" if n % 3 == 0 else None,
                verified_on=date(2026, 12, 1) if n % 2 == 0 else None,
            )
        )
    return result


def inside(everyone: Sequence[Prisoner]) -> dict[str, Prisoner]:
    return {p.id: p for p in everyone if p.status is Status.IMPRISONED}


def same(left: Screen, right: Screen) -> None:
    assert left.text == right.text

    def buttons(markup: InlineKeyboardMarkup | None) -> object:
        return None if markup is None else markup.to_dict()

    assert buttons(left.markup) == buttons(right.markup)


def today_afresh(
    language: str, today: date, people: Mapping[str, Prisoner], followed: Collection[str]
) -> list[Screen]:
    """Render /today as the handler did before: every event worked out on the press."""
    t = LOCALIZER(language)
    days = by_day(events_between(people.values(), today, today), followed)
    if not days:
        coming = dates_of(
            events_between(
                people.values(), today + timedelta(days=1), today + timedelta(days=YEAR_DAYS)
            )
        )
        return [render_no_dates(t, today, coming, people, BOT, address_max_age_days=MAX_AGE)]
    return render_today(t, today, days[0], people, BOT, address_max_age_days=MAX_AGE)


def today_from_index(
    language: str, today: date, people: Mapping[str, Prisoner], followed: Collection[str]
) -> list[Screen]:
    t = LOCALIZER(language)
    index = calendar_index(people.values(), today, card_lead_days=14)
    if index.on_today is None:
        coming = [] if index.next_date is None else [index.next_date]
        return [render_no_dates(t, today, coming, people, BOT, address_max_age_days=MAX_AGE)]
    [day] = marked([index.on_today], followed)
    return render_today(t, today, day, people, BOT, address_max_age_days=MAX_AGE)


def upcoming_afresh(
    language: str,
    today: date,
    people: Mapping[str, Prisoner],
    followed: Collection[str],
    scope: Scope,
) -> list[Screen]:
    """Render every /upcoming page as the handler did before: every event worked out anew."""
    t = LOCALIZER(language)
    if scope is Scope.FOLLOWED:
        people = {pid: person for pid, person in people.items() if pid in followed}
    first, last = upcoming_range(today)
    events = events_between(people.values(), first, last)
    days = by_day(events, followed if scope is Scope.EVERYONE else ())
    return pages(t, today, days, people, followed, scope, None)


def upcoming_from_index(
    language: str,
    today: date,
    everyone: Mapping[str, Prisoner],
    followed: Collection[str],
    scope: Scope,
) -> list[Screen]:
    t = LOCALIZER(language)
    index = calendar_index(everyone.values(), today, card_lead_days=14)
    lines = upcoming_lines(t, today, index.coming, everyone, address_max_age_days=MAX_AGE)
    people = everyone
    if scope is Scope.FOLLOWED:
        people = {pid: person for pid, person in everyone.items() if pid in followed}
    days = marked(index.coming, followed if scope is Scope.EVERYONE else ())
    return pages(
        t, today, days, people, followed, scope, lines if scope is Scope.EVERYONE else None
    )


def pages(
    t: Translator,
    today: date,
    days: Sequence[Day],
    people: Mapping[str, Prisoner],
    followed: Collection[str],
    scope: Scope,
    lines: WrittenLines | None,
) -> list[Screen]:
    """Return every page, and one past the end (which shows the last)."""
    screens = []
    for page in range(100):
        screen, shown = render_upcoming(
            t,
            today,
            days,
            people,
            BOT,
            page,
            scope=scope,
            narrowable=bool(followed),
            lines=lines,
            address_max_age_days=MAX_AGE,
        )
        screens.append(screen)
        if shown < page:
            return screens
    raise AssertionError("more pages than expected")


DAYS = [date(2026, 12, 20), date(2027, 2, 28), date(2028, 2, 29), date(2026, 7, 14)]


@pytest.mark.parametrize("today", DAYS)
@pytest.mark.parametrize("language", ["en", "be"])
def test_today_from_the_days_made_once_is_as_it_was(today: date, language: str) -> None:
    everyone = inside(people(400, seed=today.toordinal()))
    followed_sets = [set(), {"p001", "p002", "p003"}, set(list(everyone)[::7]) | {"released"}]
    for followed in followed_sets:
        for new, old in zip(
            today_from_index(language, today, everyone, followed),
            today_afresh(language, today, everyone, followed),
            strict=True,
        ):
            same(new, old)


@pytest.mark.parametrize("count", [0, 1, 3])
def test_a_day_without_dates_offers_the_same_next_date(count: int) -> None:
    today = date(2026, 7, 14)
    few = inside(people(count, seed=count))
    near = Prisoner(id="near", name="Near", detained_on=date(2024, 7, 20))
    far = Prisoner(id="far", name="Far", birth_date=date(1990, 1, 2))
    for group in (few, {**few, "far": far}, {**few, "far": far, "near": near}):
        [new] = today_from_index("en", today, group, ())
        [old] = today_afresh("en", today, group, ())
        same(new, old)


@pytest.mark.parametrize("today", DAYS)
def test_every_upcoming_page_from_the_days_made_once_is_as_it_was(today: date) -> None:
    everyone = inside(people(400, seed=today.toordinal()))
    followed_sets: list[set[str]] = [set(), set(list(everyone)[:2]), set(list(everyone)[::5])]
    for followed in followed_sets:
        for scope in (Scope.EVERYONE, Scope.FOLLOWED):
            new = upcoming_from_index("en", today, everyone, followed, scope)
            old = upcoming_afresh("en", today, everyone, followed, scope)
            assert len(new) == len(old)
            for new_page, old_page in zip(new, old, strict=True):
                same(new_page, old_page)
    # The comparison covers a list of many pages, the followed marked on them.
    assert len(upcoming_afresh("en", today, everyone, (), Scope.EVERYONE)) > 5


def test_marking_the_followed_is_grouping_them_first() -> None:
    today = date(2026, 12, 20)
    everyone = inside(people(300, seed=1))
    first, last = upcoming_range(today)
    events = events_between(everyone.values(), first, last)
    followed = set(list(everyone)[::4])

    assert marked(by_day(events, ()), followed) == by_day(events, followed)
    assert marked(by_day(events, ()), ()) == by_day(events, ())
