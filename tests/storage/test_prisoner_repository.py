"""The prisoners table: exact round trips, change detection on import, and the import log."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.domain.prisoner import Gender, Letters, Prisoner, Status
from storage.database import Database
from storage.prisoners import ImportRecord, PrisonerRepository
from tests.postgres import CHECK_FAILED, INTEGRITY_ERRORS

FULL = Prisoner(
    id="ales-bialiatski",
    name="Ales Bialiatski",
    name_be="Алесь Бяляцкі",
    name_ru="Алесь Беляцкий",
    aliases=("Aleś Bialacki", "Алесь Беляцкий", "Ales Byalyatsky"),
    gender=Gender.MALE,
    birth_date=date(1962, 9, 25),
    detained_on=date(2021, 7, 14),
    status=Status.RELEASED,
    status_changed_on=date(2025, 12, 13),
    status_note="Released and deported to Lithuania.",
    status_note_be="Вызвалены і дэпартаваны ў Літву.",
    status_note_ru="Освобождён и депортирован в Литву.",
    sentence="10 years in a high-security colony",
    sentence_be="10 гадоў калоніі ўзмоцненага рэжыму",
    sentence_ru="10 лет колонии усиленного режима",
    sentenced_on=date(2023, 3, 3),
    charges=("228-4", "243-2"),
    charges_be=("228-4 КК",),
    charges_ru=("228-4 УК", "243-2 УК"),
    facility="Penal colony No. 9, Horki",
    facility_be="Калонія № 9, Горкі",
    facility_ru="Колония № 9, Горки",
    mailing_address="Horki, Mogilev region",
    letters=Letters.NO,
    organization="Viasna Human Rights Centre",
    organization_be="Праваабарончы цэнтр «Вясна»",
    organization_ru="Правозащитный центр «Весна»",
    summary="Founder of Viasna; Nobel Peace Prize 2022.",
    summary_be="Заснавальнік «Вясны».",
    summary_ru="Основатель «Весны».",
    source_url="https://spring96.org/en/news/1",
    verified_on=date(2025, 12, 15),
)

BARE = Prisoner(id="eduard-babaryka", name="Eduard Babaryka")


async def _upsert(
    db: Database, prisoners: list[Prisoner], now: datetime
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    async with db.transaction() as conn:
        result = await PrisonerRepository(db).upsert_many(prisoners, conn, now=now)
    return result.added, result.changed, result.status_changed


async def _updated_at(db: Database, prisoner_id: str) -> object:
    return await db.fetchval("SELECT updated_at FROM prisoners WHERE id = ?", (prisoner_id,))


async def test_every_field_survives_a_round_trip(db: Database, now: datetime) -> None:
    await _upsert(db, [FULL], now)

    assert await PrisonerRepository(db).get(FULL.id) == FULL


async def test_empty_fields_stay_empty(db: Database, now: datetime) -> None:
    await _upsert(db, [BARE], now)

    stored = await PrisonerRepository(db).get(BARE.id)

    assert stored == BARE
    assert stored is not None
    assert stored.aliases == ()
    assert stored.birth_date is None
    assert stored.gender is None


async def test_unknown_id_is_none(db: Database) -> None:
    assert await PrisonerRepository(db).get("nobody") is None


async def test_all_is_ordered_by_name(db: Database, now: datetime) -> None:
    people = [
        Prisoner("maria-kalesnikava", "Maria Kalesnikava"),
        Prisoner("ihar-losik", "Ihar Losik"),
        Prisoner("andrzej-poczobut", "andrzej Poczobut"),
    ]
    await _upsert(db, people, now)

    names = [p.name for p in await PrisonerRepository(db).all()]

    assert names == ["andrzej Poczobut", "Ihar Losik", "Maria Kalesnikava"]


async def test_by_ids_keeps_the_order_asked_and_skips_unknown(db: Database, now: datetime) -> None:
    await _upsert(db, [FULL, BARE], now)

    found = await PrisonerRepository(db).by_ids([BARE.id, "nobody", FULL.id, BARE.id])

    assert found == [BARE, FULL]
    assert await PrisonerRepository(db).by_ids([]) == []


async def test_counts(db: Database, now: datetime) -> None:
    repo = PrisonerRepository(db)
    assert await repo.count() == 0

    await _upsert(db, [FULL, BARE, Prisoner("ihar-losik", "Ihar Losik")], now)

    assert await repo.count() == 3
    assert await repo.count_by_status() == {
        Status.IMPRISONED: 2,
        Status.RELEASED: 1,
        Status.DECEASED: 0,
        Status.PERSECUTED: 0,
    }


async def test_newest_verified_on(db: Database, now: datetime) -> None:
    repo = PrisonerRepository(db)
    await _upsert(db, [BARE], now)
    assert await repo.newest_verified_on() is None

    older = Prisoner("ihar-losik", "Ihar Losik", verified_on=date(2025, 1, 10))
    await _upsert(db, [older, FULL], now)

    assert await repo.newest_verified_on() == date(2025, 12, 15)


async def test_upsert_reports_what_it_added_and_changed(db: Database, now: datetime) -> None:
    await _upsert(db, [FULL, BARE], now)
    freed = Prisoner(BARE.id, BARE.name, status=Status.RELEASED)
    described = replace(FULL, summary="Founder of Viasna.")
    new = Prisoner("ihar-losik", "Ihar Losik")

    added, changed, status_changed = await _upsert(db, [freed, described, new], now)

    assert added == ("ihar-losik",)
    assert changed == (BARE.id, FULL.id)
    assert status_changed == (BARE.id,)


async def test_unchanged_record_keeps_its_updated_at(db: Database, now: datetime) -> None:
    await _upsert(db, [FULL], now)
    first = await _updated_at(db, FULL.id)

    added, changed, _ = await _upsert(db, [FULL], now + timedelta(days=1))

    assert (added, changed) == ((), ())
    assert await _updated_at(db, FULL.id) == first


async def test_changed_record_gets_a_new_updated_at(db: Database, now: datetime) -> None:
    await _upsert(db, [FULL], now)
    later = now + timedelta(days=1)

    await _upsert(db, [Prisoner(FULL.id, FULL.name)], later)

    assert await _updated_at(db, FULL.id) == "2025-12-16T09:30:00+00:00"


async def test_upsert_outside_a_transaction_is_refused(db: Database, now: datetime) -> None:
    async with db.transaction() as conn:
        pass

    with pytest.raises(RuntimeError, match="transaction"):
        await PrisonerRepository(db).upsert_many([FULL], conn, now=now)


async def test_duplicate_ids_in_one_batch_are_refused(db: Database, now: datetime) -> None:
    with pytest.raises(ValueError, match="ales-bialiatski"):
        await _upsert(db, [FULL, BARE, FULL], now)

    assert await PrisonerRepository(db).count() == 0


async def test_failed_import_leaves_neither_rows_nor_log(db: Database, now: datetime) -> None:
    repo = PrisonerRepository(db)
    record = ImportRecord(now, "belarus_curated.csv", "canonical", 2, 0, 0, 2)

    async def import_then_fail() -> None:
        async with db.transaction() as conn:
            await repo.upsert_many([FULL, BARE], conn, now=now)
            await repo.record_import(conn, record)
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        await import_then_fail()

    assert await repo.count() == 0
    assert await repo.last_import() is None


async def test_import_log_keeps_the_file_name_only(db: Database, now: datetime) -> None:
    repo = PrisonerRepository(db)
    record = ImportRecord(
        now, "/home/volunteer/lists/belarus_curated.csv", "canonical", 16, 0, 0, 16
    )

    async with db.transaction() as conn:
        stored = await repo.record_import(conn, record)

    assert stored.source == "belarus_curated.csv"
    assert stored.id is not None
    assert await repo.last_import() == stored


async def test_last_import_is_the_newest(db: Database, now: datetime) -> None:
    repo = PrisonerRepository(db)
    assert await repo.last_import() is None
    async with db.transaction() as conn:
        await repo.record_import(conn, ImportRecord(now, "a.csv", None, 1, 0, 0, 1))
    async with db.transaction() as conn:
        await repo.record_import(
            conn, ImportRecord(now + timedelta(hours=1), "b.json", "viasna", 0, 3, 1, 34)
        )

    last = await repo.last_import()

    assert last is not None
    assert (last.source, last.format, last.changed, last.status_changes, last.total) == (
        "b.json",
        "viasna",
        3,
        1,
        34,
    )
    assert last.imported_at == datetime(2025, 12, 15, 10, 30, tzinfo=UTC)


async def test_naive_timestamps_are_refused(db: Database) -> None:
    with pytest.raises(ValueError, match="timezone"):
        await _upsert(db, [FULL], datetime(2025, 12, 15, 9, 30))  # noqa: DTZ001


async def test_malformed_values_are_refused_by_the_schema(db: Database, now: datetime) -> None:
    with pytest.raises(INTEGRITY_ERRORS, match=CHECK_FAILED):
        await _upsert(db, [Prisoner("Not A Slug", "Someone")], now)


async def test_charges_in_each_language_must_be_a_json_array(db: Database, now: datetime) -> None:
    await _upsert(db, [BARE], now)

    for column in ("charges_be", "charges_ru"):
        with pytest.raises(INTEGRITY_ERRORS, match=CHECK_FAILED):
            async with db.transaction() as conn:
                await conn.execute(f"UPDATE prisoners SET {column} = '{{\"a\": 1}}'")  # noqa: S608
