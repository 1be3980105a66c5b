"""When the daily message suggests writing again and asks whether a letter arrived (pure)."""

from __future__ import annotations

from datetime import date, timedelta

from bot.domain.letters.follow_up import (
    MOST_REMINDERS,
    Arrival,
    ArrivalCounts,
    ArrivalQuestion,
    Mark,
    WriteAgain,
    counted_since,
    follow_ups,
    quarter_start,
)
from bot.domain.prisoner import Letters, Prisoner, Status

WROTE = date(2026, 3, 10)
INSIDE = Prisoner("inside", "Inside", status=Status.IMPRISONED, letters=Letters.YES)
UNKNOWN = Prisoner("unknown", "Letters unknown", status=Status.IMPRISONED)
BLOCKED = Prisoner("blocked", "No letters", status=Status.IMPRISONED, letters=Letters.NO)
FREE = Prisoner("free", "Free", status=Status.RELEASED, letters=Letters.YES)
PEOPLE = {p.id: p for p in (INSIDE, UNKNOWN, BLOCKED, FREE)}
EVERYONE = frozenset(PEOPLE)


def _mark(person: str = "inside", on: date = WROTE, **changes: object) -> Mark:
    return Mark(person, f"{on:%Y-%m}", on, **changes)  # type: ignore[arg-type]


def test_write_again_from_the_chosen_week_on() -> None:
    marks = [_mark()]

    early = follow_ups(marks, WROTE + timedelta(days=27), weeks=4, follows=EVERYONE, people=PEOPLE)
    due = follow_ups(marks, WROTE + timedelta(days=30), weeks=4, follows=EVERYONE, people=PEOPLE)

    assert not early
    assert due.write_again == (WriteAgain("inside", "2026-03", 4),)
    assert due.question is None


def test_write_again_only_once_for_the_latest_letter_of_a_person_followed() -> None:
    later = WROTE + timedelta(weeks=2)
    day = WROTE + timedelta(weeks=5)

    reminded = follow_ups(
        [_mark(reminded_on=WROTE + timedelta(weeks=4))],
        day,
        weeks=4,
        follows=EVERYONE,
        people=PEOPLE,
    )
    rewritten = follow_ups(
        [_mark(), _mark(on=later)], day, weeks=4, follows=EVERYONE, people=PEOPLE
    )
    not_followed = follow_ups([_mark()], day, weeks=4, follows=frozenset(), people=PEOPLE)
    off = follow_ups([_mark()], day, weeks=0, follows=EVERYONE, people=PEOPLE)

    assert not reminded
    assert not rewritten  # the letter two weeks later counts: three weeks ago
    assert not not_followed
    assert not off


def test_write_again_only_where_letters_may_reach_and_a_few_at_most() -> None:
    day = WROTE + timedelta(weeks=5)
    marks = [_mark(p) for p in ("inside", "unknown", "blocked", "free")]

    said = follow_ups(marks, day, weeks=4, follows=EVERYONE, people=PEOPLE)
    many = [_mark(f"p{i}", WROTE + timedelta(days=i)) for i in range(MOST_REMINDERS + 2)]
    crowd = {m.prisoner_id: Prisoner(m.prisoner_id, m.prisoner_id) for m in many}
    capped = follow_ups(many, day + timedelta(weeks=1), weeks=4, follows=crowd, people=crowd)

    assert [w.prisoner_id for w in said.write_again] == ["inside", "unknown"]
    assert [w.prisoner_id for w in capped.write_again] == ["p0", "p1", "p2"]  # the oldest first


def test_the_question_comes_at_six_weeks_once_and_about_the_oldest_letter() -> None:
    marks = [_mark("inside"), _mark("unknown", WROTE + timedelta(days=3))]

    early = follow_ups(marks, WROTE + timedelta(days=41), weeks=0, follows=EVERYONE, people=PEOPLE)
    due = follow_ups(marks, WROTE + timedelta(weeks=7), weeks=0, follows=EVERYONE, people=PEOPLE)
    asked = [_mark("inside", asked_on=WROTE + timedelta(weeks=6)), marks[1]]
    next_one = follow_ups(asked, WROTE + timedelta(weeks=7), weeks=0, follows=(), people=PEOPLE)
    answered = [_mark("inside", answer=Arrival.REPLY)]
    late = follow_ups([_mark()], WROTE + timedelta(weeks=14), weeks=0, follows=(), people=PEOPLE)

    assert early.question is None
    assert due.question == ArrivalQuestion("inside", "2026-03", WROTE)
    assert next_one.question == ArrivalQuestion("unknown", "2026-03", WROTE + timedelta(days=3))
    assert (
        follow_ups(
            answered, WROTE + timedelta(weeks=7), weeks=0, follows=(), people=PEOPLE
        ).question
        is None
    )
    assert late.question is None  # three months on, memories fade


def test_answers_show_from_five_and_count_the_last_four_quarters() -> None:
    assert not ArrivalCounts(reply=2, returned=1, no_news=1).shown
    assert ArrivalCounts(reply=2, returned=1, no_news=2).shown
    assert quarter_start(date(2026, 12, 3)) == date(2026, 10, 1)
    assert counted_since(date(2026, 12, 3)) == date(2026, 1, 1)
    assert counted_since(date(2026, 2, 1)) == date(2025, 4, 1)
