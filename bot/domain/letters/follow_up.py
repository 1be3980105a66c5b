"""After "I wrote": when to suggest writing again, when to ask whether the letter arrived.

Supporters asked for two things after a letter: a nudge to keep writing ("it's important that a
person doesn't just write one letter and forget") and a way to learn whether letters arrive at
all. Both go inside the chat's daily message, never as a message of their own, and each is said
once per letter:

- **Write again.** For a person the chat follows, whose letters may reach them, once the chat's
  latest "I wrote" to them is `weeks` old: one line, "it has been 5 weeks since you wrote to …".
  A chat that writes again gets a new mark, and the count starts over.
- **Did it arrive?** Six weeks after an "I wrote" (time for a letter to arrive, be read and be
  answered), one question with three answers: a reply came, the letter came back, no news yet.
  One question a message, about the oldest letter not asked about; a letter more than three
  months old is no longer asked about, since memories fade and the answer would mislead.

The answers are counted per facility (the place the letter went) and quarter; they are shown
only from MIN_ANSWERS up, so that no count points at a few supporters.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot.domain.letters.suggest import may_get_letters
from bot.domain.prisoner import Prisoner

# Time for a letter to arrive, be read and be answered.
ASK_AFTER = timedelta(weeks=6)
# Letters older than this are no longer asked about.
ASK_UNTIL = timedelta(weeks=13)
# At most this many "write again" lines in one daily message: a nudge, not a list of debts.
MOST_REMINDERS = 3
# Counts of answers are shown from this many up.
MIN_ANSWERS = 5
# The answers counted on a card: the current quarter and the three before it.
QUARTERS_SHOWN = 4
# The longest interval a chat may choose, in weeks.
MOST_WEEKS = 52


class Arrival(StrEnum):
    """What became of a letter, as the supporter who wrote it tells."""

    REPLY = "reply"
    RETURNED = "returned"
    NO_NEWS = "no-news"


@dataclass(frozen=True, slots=True)
class Mark:
    """One "I wrote" of a chat, as the follow-ups need it."""

    prisoner_id: str
    month: str
    written_on: date
    reminded_on: date | None = None
    asked_on: date | None = None
    answer: Arrival | None = None


@dataclass(frozen=True, slots=True)
class WriteAgain:
    """Say that it has been `weeks` weeks since the chat wrote to the person (mark `month`)."""

    prisoner_id: str
    month: str
    weeks: int


@dataclass(frozen=True, slots=True)
class ArrivalQuestion:
    """Ask whether the letter of mark `month`, written on `written_on`, arrived."""

    prisoner_id: str
    month: str
    written_on: date


@dataclass(frozen=True, slots=True)
class FollowUps:
    """What a chat's daily message says about its letters today."""

    write_again: tuple[WriteAgain, ...] = ()
    question: ArrivalQuestion | None = None

    def __bool__(self) -> bool:
        """Tell whether there is anything to say."""
        return bool(self.write_again) or self.question is not None


@dataclass(frozen=True, slots=True)
class ArrivalCounts:
    """How many supporters answered about letters to one facility, by answer."""

    reply: int = 0
    returned: int = 0
    no_news: int = 0

    @property
    def answers(self) -> int:
        """Return how many answers there are in all."""
        return self.reply + self.returned + self.no_news

    @property
    def shown(self) -> bool:
        """Tell whether there are enough answers to show (MIN_ANSWERS)."""
        return self.answers >= MIN_ANSWERS


def follow_ups(
    marks: Iterable[Mark],
    today: date,
    *,
    weeks: int,
    follows: Container[str],
    people: Mapping[str, Prisoner],
) -> FollowUps:
    """Return what the chat's message on `today` says about its letters.

    `marks` are the chat's "I wrote" marks (any order), `weeks` its write-again interval (0:
    off), `follows` the ids of the people it follows, `people` the records by id.
    """
    marks = list(marks)
    return FollowUps(
        _write_again(marks, today, weeks=weeks, follows=follows, people=people),
        _question(marks, today, people=people),
    )


def _write_again(
    marks: list[Mark],
    today: date,
    *,
    weeks: int,
    follows: Container[str],
    people: Mapping[str, Prisoner],
) -> tuple[WriteAgain, ...]:
    if weeks <= 0:
        return ()
    latest: dict[str, Mark] = {}
    for mark in marks:
        known = latest.get(mark.prisoner_id)
        if known is None or mark.written_on > known.written_on:
            latest[mark.prisoner_id] = mark
    due = [
        mark
        for mark in latest.values()
        if mark.reminded_on is None
        and (today - mark.written_on) >= timedelta(weeks=weeks)
        and mark.prisoner_id in follows
        and (person := people.get(mark.prisoner_id)) is not None
        and may_get_letters(person)
    ]
    due.sort(key=lambda mark: (mark.written_on, mark.prisoner_id))
    return tuple(
        WriteAgain(mark.prisoner_id, mark.month, (today - mark.written_on).days // 7)
        for mark in due[:MOST_REMINDERS]
    )


def _question(
    marks: list[Mark], today: date, *, people: Mapping[str, Prisoner]
) -> ArrivalQuestion | None:
    due = [
        mark
        for mark in marks
        if mark.asked_on is None
        and mark.answer is None
        and ASK_AFTER <= (today - mark.written_on) <= ASK_UNTIL
        and mark.prisoner_id in people
    ]
    if not due:
        return None
    oldest = min(due, key=lambda mark: (mark.written_on, mark.prisoner_id))
    return ArrivalQuestion(oldest.prisoner_id, oldest.month, oldest.written_on)


def quarter_start(day: date) -> date:
    """Return the first day of the quarter `day` falls in."""
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def counted_since(today: date) -> date:
    """Return the first day whose letters count in the answers shown (QUARTERS_SHOWN)."""
    start = quarter_start(today)
    months = start.year * 12 + start.month - 1 - 3 * (QUARTERS_SHOWN - 1)
    return date(months // 12, months % 12 + 1, 1)


def weeks_between_letters(chosen: int | None, default: int) -> int:
    """Return a chat's write-again interval in weeks (0: off): its own, else the bot's."""
    return default if chosen is None else chosen
