"""The follows table: capped follows, and follows that survive imports and chat migrations."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from bot.domain.chat import AlertKind, Chat, ChatType
from bot.domain.prisoner import Prisoner, Status
from storage.chats import ChatRepository
from storage.database import Database
from storage.follows import FollowOutcome, FollowRepository, FollowResult
from storage.prisoners import PrisonerRepository
from tests.postgres import FOREIGN_KEY_FAILED, INTEGRITY_ERRORS

LOSIK = Prisoner("ihar-losik", "Ihar Losik", status=Status.IMPRISONED)
KALESNIKAVA = Prisoner("maria-kalesnikava", "Maria Kalesnikava", status=Status.IMPRISONED)
POCZOBUT = Prisoner("andrzej-poczobut", "Andrzej Poczobut", status=Status.IMPRISONED)
PEOPLE = (LOSIK, KALESNIKAVA, POCZOBUT)


async def _import(db: Database, people: list[Prisoner], now: datetime) -> tuple[str, ...]:
    async with db.transaction() as conn:
        result = await PrisonerRepository(db).upsert_many(people, conn, now=now)
    return result.changed


async def _chat(
    db: Database, chat_id: int, now: datetime, *, type: ChatType = ChatType.PRIVATE
) -> Chat:
    return await ChatRepository(db).ensure(chat_id, type, "be", "Europe/Minsk", time(9, 0), now)


async def _rows_for_chat(db: Database, chat_id: int) -> object:
    return await db.fetchval("SELECT count(*) FROM follows WHERE chat_id = ?", (chat_id,))


@pytest.fixture
async def follows(db: Database, now: datetime) -> FollowRepository:
    """Return the repository over a database with three people and no chats."""
    await _import(db, list(PEOPLE), now)
    return FollowRepository(db)


async def test_follow_outcomes_and_counts(
    db: Database, follows: FollowRepository, now: datetime
) -> None:
    await _chat(db, 1, now)

    first = await follows.follow(1, LOSIK.id, limit=2, now=now)
    again = await follows.follow(1, LOSIK.id, limit=2, now=now)
    second = await follows.follow(1, KALESNIKAVA.id, limit=2, now=now)
    over = await follows.follow(1, POCZOBUT.id, limit=2, now=now)
    # A follow that exists is reported as such even when the chat is at its limit.
    again_at_limit = await follows.follow(1, KALESNIKAVA.id, limit=2, now=now)
    nobody = await follows.follow(1, "nobody", limit=2, now=now)
    no_chat = await follows.follow(404, LOSIK.id, limit=2, now=now)

    assert first == FollowResult(FollowOutcome.FOLLOWED, 1)
    assert again == FollowResult(FollowOutcome.ALREADY, 1)
    assert second == FollowResult(FollowOutcome.FOLLOWED, 2)
    assert over == FollowResult(FollowOutcome.LIMIT, 2)
    assert again_at_limit == FollowResult(FollowOutcome.ALREADY, 2)
    assert nobody == FollowResult(FollowOutcome.UNKNOWN_PERSON, 2)
    assert no_chat == FollowResult(FollowOutcome.UNKNOWN_CHAT, 0)
    assert await follows.count(1) == 2
    assert await follows.count(404) == 0
    assert await follows.total() == 2
    assert await follows.is_following(1, LOSIK.id)
    assert await follows.is_following(1, KALESNIKAVA.id)
    assert not await follows.is_following(1, POCZOBUT.id)
    assert not await follows.is_following(1, "nobody")
    assert not await follows.is_following(404, LOSIK.id)


async def test_limit_counts_only_this_chats_follows(
    db: Database, follows: FollowRepository, now: datetime
) -> None:
    await _chat(db, 1, now)
    await _chat(db, 2, now)
    await follows.follow(1, LOSIK.id, limit=1, now=now)

    other = await follows.follow(2, LOSIK.id, limit=1, now=now)
    full = await follows.follow(1, KALESNIKAVA.id, limit=1, now=now)

    assert other == FollowResult(FollowOutcome.FOLLOWED, 1)
    assert full == FollowResult(FollowOutcome.LIMIT, 1)
    assert await follows.total() == 2


async def test_unfollow_says_whether_there_was_a_follow(
    db: Database, follows: FollowRepository, now: datetime
) -> None:
    await _chat(db, 1, now)
    await _chat(db, 2, now)
    await follows.follow(1, LOSIK.id, limit=10, now=now)
    await follows.follow(1, KALESNIKAVA.id, limit=10, now=now)
    await follows.follow(2, LOSIK.id, limit=10, now=now)

    assert await follows.unfollow(1, LOSIK.id) is True
    assert await follows.unfollow(1, LOSIK.id) is False
    assert await follows.unfollow(1, POCZOBUT.id) is False
    assert await follows.unfollow(404, LOSIK.id) is False

    assert not await follows.is_following(1, LOSIK.id)
    assert await follows.followed_by(1) == [KALESNIKAVA.id]
    assert await follows.followers(LOSIK.id) == [2]
    assert await follows.total() == 2


async def test_followed_by_lists_the_earliest_follow_first(
    db: Database, follows: FollowRepository, now: datetime
) -> None:
    await _chat(db, 1, now)
    await follows.follow(1, POCZOBUT.id, limit=10, now=now + timedelta(minutes=2))
    await follows.follow(1, LOSIK.id, limit=10, now=now)
    await follows.follow(1, KALESNIKAVA.id, limit=10, now=now + timedelta(minutes=1))

    assert await follows.followed_by(1) == [LOSIK.id, KALESNIKAVA.id, POCZOBUT.id]
    assert await follows.followed_by(404) == []


async def test_follows_made_in_the_same_second_are_listed_by_id(
    db: Database, follows: FollowRepository, now: datetime
) -> None:
    await _chat(db, 1, now)
    for person in (LOSIK, KALESNIKAVA, POCZOBUT):
        await follows.follow(1, person.id, limit=10, now=now)

    assert await follows.followed_by(1) == sorted(person.id for person in PEOPLE)


async def test_followers_are_every_following_chat_by_id_active_or_not(
    db: Database, follows: FollowRepository, now: datetime
) -> None:
    for chat_id in (3, -100, 1):
        await _chat(db, chat_id, now)
        await follows.follow(chat_id, LOSIK.id, limit=10, now=now)
    await _chat(db, 2, now)
    await follows.follow(2, KALESNIKAVA.id, limit=10, now=now)
    await ChatRepository(db).set_active(3, False, now=now)

    assert await follows.followers(LOSIK.id) == [-100, 1, 3]
    assert await follows.followers(KALESNIKAVA.id) == [2]
    assert await follows.followers(POCZOBUT.id) == []
    assert await follows.total() == 4


async def test_deleting_a_chat_deletes_its_follows(
    db: Database, follows: FollowRepository, now: datetime
) -> None:
    await _chat(db, 1, now)
    await _chat(db, 2, now)
    for person in PEOPLE:
        await follows.follow(1, person.id, limit=10, now=now)
    await follows.follow(2, LOSIK.id, limit=10, now=now)

    assert await ChatRepository(db).delete(1) is True

    assert await _rows_for_chat(db, 1) == 0
    assert await follows.followed_by(1) == []
    assert await follows.followers(LOSIK.id) == [2]
    assert await follows.total() == 1


async def test_pruning_a_person_deletes_their_follows(
    db: Database, follows: FollowRepository, now: datetime
) -> None:
    await _chat(db, 1, now)
    await _chat(db, 2, now)
    await follows.follow(1, LOSIK.id, limit=10, now=now)
    await follows.follow(1, KALESNIKAVA.id, limit=10, now=now)
    await follows.follow(2, LOSIK.id, limit=10, now=now)

    async with db.transaction() as conn:
        removed = await PrisonerRepository(db).delete_many([LOSIK.id], conn)

    assert removed == 1
    assert await follows.followers(LOSIK.id) == []
    assert await db.fetchval("SELECT count(*) FROM follows WHERE prisoner_id = ?", (LOSIK.id,)) == 0
    assert await follows.followed_by(1) == [KALESNIKAVA.id]
    assert await follows.followed_by(2) == []
    assert await follows.total() == 1


async def test_reimporting_a_changed_person_keeps_their_follows(
    db: Database, follows: FollowRepository, now: datetime
) -> None:
    await _chat(db, 1, now)
    await _chat(db, 2, now)
    await follows.follow(1, LOSIK.id, limit=10, now=now)
    await follows.follow(2, LOSIK.id, limit=10, now=now)
    released = Prisoner(
        LOSIK.id, LOSIK.name, status=Status.RELEASED, status_note="Pardoned and released."
    )

    changed = await _import(db, [released, KALESNIKAVA], now + timedelta(days=1))

    assert changed == (LOSIK.id,)
    assert await PrisonerRepository(db).get(LOSIK.id) == released
    assert await follows.followers(LOSIK.id) == [1, 2]
    assert await follows.followed_by(1) == [LOSIK.id]
    assert await follows.total() == 2


async def test_follows_need_a_known_chat_and_person_at_the_database_level(
    db: Database, follows: FollowRepository
) -> None:
    with pytest.raises(INTEGRITY_ERRORS, match=FOREIGN_KEY_FAILED):
        async with db.transaction() as conn:
            await conn.execute(
                "INSERT INTO follows (chat_id, prisoner_id, created_at) VALUES (404, ?, 'x')",
                (LOSIK.id,),
            )

    assert await follows.total() == 0


async def test_move_keeps_follows_and_settings_under_the_new_id(
    db: Database, follows: FollowRepository, now: datetime
) -> None:
    chats = ChatRepository(db)
    await _chat(db, -5, now, type=ChatType.GROUP)
    await chats.update_settings(
        -5, now=now, language="en", kinds=[AlertKind.NEWS], paused=True, follow_all=True
    )
    await follows.follow(-5, LOSIK.id, limit=10, now=now)
    await follows.follow(-5, POCZOBUT.id, limit=10, now=now + timedelta(minutes=1))
    later = now + timedelta(days=1)

    assert await chats.move(-5, -1005, type=ChatType.SUPERGROUP, now=later) is True

    moved = await chats.get(-1005)
    assert await chats.get(-5) is None
    assert moved is not None
    assert moved.type is ChatType.SUPERGROUP
    assert moved.is_group
    assert (moved.language, moved.timezone, moved.alert_time) == ("en", "Europe/Minsk", time(9))
    assert (moved.kinds, moved.paused, moved.follow_all) == (
        frozenset({AlertKind.NEWS}),
        True,
        True,
    )
    assert (moved.created_at, moved.updated_at) == (now, later)
    assert await follows.followed_by(-1005) == [LOSIK.id, POCZOBUT.id]
    assert await _rows_for_chat(db, -5) == 0
    assert await follows.followers(LOSIK.id) == [-1005]
    assert await follows.total() == 2


async def test_move_merges_into_a_row_the_new_id_already_has(
    db: Database, follows: FollowRepository, now: datetime
) -> None:
    chats = ChatRepository(db)
    await _chat(db, -5, now, type=ChatType.GROUP)
    await chats.update_settings(-5, now=now, language="en")
    await follows.follow(-5, LOSIK.id, limit=10, now=now)
    await follows.follow(-5, KALESNIKAVA.id, limit=10, now=now)
    # Someone wrote in the supergroup before the bot heard of the migration.
    later = now + timedelta(hours=1)
    await _chat(db, -1005, later, type=ChatType.SUPERGROUP)
    await chats.update_settings(-1005, now=later, language="ru")
    await follows.follow(-1005, KALESNIKAVA.id, limit=10, now=later)
    await follows.follow(-1005, POCZOBUT.id, limit=10, now=later)

    assert await chats.move(-5, -1005, type=ChatType.SUPERGROUP, now=later) is True

    merged = await chats.get(-1005)
    assert await chats.get(-5) is None
    assert merged is not None
    # The old chat's settings win: they are the ones its members chose.
    assert (merged.language, merged.created_at, merged.updated_at) == ("en", now, later)
    assert sorted(await follows.followed_by(-1005)) == sorted(person.id for person in PEOPLE)
    assert await _rows_for_chat(db, -5) == 0
    assert await db.fetchval("SELECT count(*) FROM chats") == 1
    assert await follows.total() == 3


async def test_move_of_an_unknown_chat_changes_nothing(
    db: Database, follows: FollowRepository, now: datetime
) -> None:
    chats = ChatRepository(db)
    await _chat(db, -1404, now, type=ChatType.SUPERGROUP)
    await follows.follow(-1404, LOSIK.id, limit=10, now=now)

    assert await chats.move(-404, -1404, type=ChatType.SUPERGROUP, now=now) is False

    kept = await chats.get(-1404)
    assert kept is not None
    assert kept.updated_at is None
    assert await follows.followed_by(-1404) == [LOSIK.id]


async def test_move_to_the_same_id_keeps_the_chat(
    db: Database, follows: FollowRepository, now: datetime
) -> None:
    chats = ChatRepository(db)
    await _chat(db, -5, now, type=ChatType.GROUP)
    await follows.follow(-5, LOSIK.id, limit=10, now=now)

    assert await chats.move(-5, -5, type=ChatType.SUPERGROUP, now=now) is True

    kept = await chats.get(-5)
    assert kept is not None
    assert kept.type is ChatType.SUPERGROUP
    assert await follows.followed_by(-5) == [LOSIK.id]
