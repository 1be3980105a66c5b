"""The letter_marks table: one mark per chat, person and month; undo; counts; forgetting."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from bot.domain.chat import ChatType
from bot.domain.prisoner import Letters, Prisoner, Status
from storage.chats import ChatRepository
from storage.letters import LetterRepository, MarkOutcome, Written, month_of
from storage.prisoners import PrisonerRepository
from storage.sql import SQLDatabase

LOSIK = Prisoner("ihar-losik", "Ihar Losik", status=Status.IMPRISONED, letters=Letters.YES)
KALESNIKAVA = Prisoner("maria-kalesnikava", "Maria Kalesnikava", status=Status.IMPRISONED)
SILENT = Prisoner("no-letters", "No Letters", status=Status.IMPRISONED, letters=Letters.NO)
FREE = Prisoner("released-one", "Released One", status=Status.RELEASED)
DEC = date(2025, 12, 15)


@pytest.fixture
async def letters(db: SQLDatabase, now: datetime) -> LetterRepository:
    async with db.transaction() as conn:
        await PrisonerRepository(db).upsert_many([LOSIK, KALESNIKAVA, SILENT, FREE], conn, now=now)
    for chat_id in (1, 2, 3):
        await ChatRepository(db).ensure(
            chat_id, ChatType.PRIVATE, "be", "Europe/Minsk", time(9, 0), now
        )
    return LetterRepository(db)


async def test_one_mark_per_chat_person_and_month(letters: LetterRepository, now: datetime) -> None:
    first = await letters.mark(1, LOSIK.id, today=DEC, now=now)
    again = await letters.mark(1, LOSIK.id, today=date(2025, 12, 31), now=now)
    next_month = await letters.mark(1, LOSIK.id, today=date(2026, 1, 2), now=now)
    nobody = await letters.mark(1, "nobody", today=DEC, now=now)
    no_chat = await letters.mark(404, LOSIK.id, today=DEC, now=now)

    assert (first, again, next_month) == (
        MarkOutcome.MARKED,
        MarkOutcome.ALREADY,
        MarkOutcome.MARKED,
    )
    assert (nobody, no_chat) == (MarkOutcome.UNKNOWN_PERSON, MarkOutcome.UNKNOWN_CHAT)
    assert await letters.counts("2025-12") == {LOSIK.id: 1}
    assert await letters.counts("2026-01") == {LOSIK.id: 1}


async def test_undo_takes_back_only_that_month(letters: LetterRepository, now: datetime) -> None:
    await letters.mark(1, LOSIK.id, today=DEC, now=now)
    await letters.mark(1, LOSIK.id, today=date(2026, 1, 2), now=now)

    assert await letters.unmark(1, LOSIK.id, "2025-12")
    assert not await letters.unmark(1, LOSIK.id, "2025-12")
    assert not await letters.has_mark(1, LOSIK.id, "2025-12")
    assert await letters.has_mark(1, LOSIK.id, "2026-01")


async def test_written_since_is_the_chats_own(letters: LetterRepository, now: datetime) -> None:
    await letters.mark(1, LOSIK.id, today=date(2025, 11, 10), now=now)
    await letters.mark(1, KALESNIKAVA.id, today=date(2025, 12, 1), now=now)
    await letters.mark(2, LOSIK.id, today=DEC, now=now)

    assert await letters.written_since(1, date(2025, 11, 15)) == {KALESNIKAVA.id}
    assert await letters.written_since(1, date(2025, 11, 10)) == {LOSIK.id, KALESNIKAVA.id}
    assert await letters.written_since(3, date(2025, 1, 1)) == set()


async def test_fewest_counts_people_in_prison_whose_letters_may_reach_them(
    letters: LetterRepository, now: datetime
) -> None:
    for chat_id in (1, 2):
        await letters.mark(chat_id, LOSIK.id, today=DEC, now=now)
    await letters.mark(3, KALESNIKAVA.id, today=DEC, now=now)
    await letters.mark(3, SILENT.id, today=DEC, now=now)

    assert await letters.fewest("2025-12", 5) == [
        Written(KALESNIKAVA.id, 1),
        Written(LOSIK.id, 2),
    ]
    assert await letters.fewest("2026-01", 1) == [Written(LOSIK.id, 0)]


async def test_a_forgotten_chat_leaves_no_marks(
    db: SQLDatabase, letters: LetterRepository, now: datetime
) -> None:
    await letters.mark(1, LOSIK.id, today=DEC, now=now)
    await letters.mark(2, LOSIK.id, today=DEC, now=now)

    await ChatRepository(db).delete(1)

    assert await db.fetchval("SELECT count(*) FROM letter_marks WHERE chat_id = 1") == 0
    assert await letters.counts(month_of(DEC)) == {LOSIK.id: 1}
    assert await letters.forget_chat(2) == 1
    assert await letters.counts(month_of(DEC)) == {}
