"""The prisoners table and the log of imports that fill it."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePath

from bot.domain.news import NewsKind, StatusNews
from bot.domain.prisoner import Gender, Letters, Prisoner, Status
from storage.sql import Connection, Row, SQLDatabase
from storage.timestamps import decode_timestamp, encode_timestamp

_Values = Mapping[str, str | None]


@dataclass(frozen=True, slots=True)
class ImportRecord:
    """One import of a data set: when, from which file, and what it changed."""

    imported_at: datetime
    source: str
    format: str | None
    added: int
    changed: int
    status_changes: int
    total: int
    id: int | None = None


@dataclass(frozen=True, slots=True)
class UpsertResult:
    """The ids an upsert inserted or changed; status changes are a subset of the changes.

    status_news holds each status change as news (stored status, then the new one), in the
    order of status_changed.
    """

    added: tuple[str, ...]
    changed: tuple[str, ...]
    status_changed: tuple[str, ...]
    unchanged: int
    status_news: tuple[StatusNews, ...] = ()


_SELECT_BY_IDS = "SELECT * FROM prisoners WHERE id IN (SELECT value FROM json_each(?))"

_INSERT = """
INSERT INTO prisoners (
    id, name, name_be, name_ru, name_full_be, name_full_ru, aliases, gender, birth_date,
    detained_on, status,
    status_changed_on, status_note, status_note_be, status_note_ru, sentence, sentence_be,
    sentence_ru, sentenced_on, charges, charges_be, charges_ru, facility, facility_be, facility_ru,
    mailing_address, letters, organization, organization_be, organization_ru, summary, summary_be,
    summary_ru, source_url, verified_on, updated_at
) VALUES (
    :id, :name, :name_be, :name_ru, :name_full_be, :name_full_ru, :aliases, :gender, :birth_date,
    :detained_on, :status,
    :status_changed_on, :status_note, :status_note_be, :status_note_ru, :sentence, :sentence_be,
    :sentence_ru, :sentenced_on, :charges, :charges_be, :charges_ru, :facility, :facility_be,
    :facility_ru, :mailing_address, :letters, :organization, :organization_be, :organization_ru,
    :summary, :summary_be, :summary_ru, :source_url, :verified_on, :updated_at
)
"""

_UPDATE = """
UPDATE prisoners SET
    name = :name, name_be = :name_be, name_ru = :name_ru, name_full_be = :name_full_be,
    name_full_ru = :name_full_ru, aliases = :aliases, gender = :gender,
    birth_date = :birth_date, detained_on = :detained_on, status = :status,
    status_changed_on = :status_changed_on, status_note = :status_note,
    status_note_be = :status_note_be, status_note_ru = :status_note_ru, sentence = :sentence,
    sentence_be = :sentence_be, sentence_ru = :sentence_ru, sentenced_on = :sentenced_on,
    charges = :charges, charges_be = :charges_be, charges_ru = :charges_ru, facility = :facility,
    facility_be = :facility_be, facility_ru = :facility_ru, mailing_address = :mailing_address,
    letters = :letters, organization = :organization, organization_be = :organization_be,
    organization_ru = :organization_ru, summary = :summary, summary_be = :summary_be,
    summary_ru = :summary_ru, source_url = :source_url, verified_on = :verified_on,
    updated_at = :updated_at
WHERE id = :id
"""


def prisoner_to_row(prisoner: Prisoner) -> dict[str, str | None]:
    """Return the column values that store a prisoner (without updated_at)."""
    return {
        "id": prisoner.id,
        "name": prisoner.name,
        "name_be": prisoner.name_be,
        "name_ru": prisoner.name_ru,
        "name_full_be": prisoner.name_full_be,
        "name_full_ru": prisoner.name_full_ru,
        "aliases": _encode_list(prisoner.aliases),
        "gender": None if prisoner.gender is None else prisoner.gender.value,
        "birth_date": _encode_date(prisoner.birth_date),
        "detained_on": _encode_date(prisoner.detained_on),
        "status": prisoner.status.value,
        "status_changed_on": _encode_date(prisoner.status_changed_on),
        "status_note": prisoner.status_note,
        "status_note_be": prisoner.status_note_be,
        "status_note_ru": prisoner.status_note_ru,
        "sentence": prisoner.sentence,
        "sentence_be": prisoner.sentence_be,
        "sentence_ru": prisoner.sentence_ru,
        "sentenced_on": _encode_date(prisoner.sentenced_on),
        "charges": _encode_list(prisoner.charges),
        "charges_be": _encode_list(prisoner.charges_be),
        "charges_ru": _encode_list(prisoner.charges_ru),
        "facility": prisoner.facility,
        "facility_be": prisoner.facility_be,
        "facility_ru": prisoner.facility_ru,
        "mailing_address": prisoner.mailing_address,
        "letters": prisoner.letters.value,
        "organization": prisoner.organization,
        "organization_be": prisoner.organization_be,
        "organization_ru": prisoner.organization_ru,
        "summary": prisoner.summary,
        "summary_be": prisoner.summary_be,
        "summary_ru": prisoner.summary_ru,
        "source_url": prisoner.source_url,
        "verified_on": _encode_date(prisoner.verified_on),
    }


def prisoner_from_row(row: Row) -> Prisoner:
    """Return the prisoner a row of the prisoners table stores."""
    return Prisoner(
        id=row["id"],
        name=row["name"],
        name_be=row["name_be"],
        name_ru=row["name_ru"],
        name_full_be=row["name_full_be"],
        name_full_ru=row["name_full_ru"],
        aliases=_decode_list(row["aliases"]),
        gender=None if row["gender"] is None else Gender(row["gender"]),
        birth_date=_decode_date(row["birth_date"]),
        detained_on=_decode_date(row["detained_on"]),
        status=Status(row["status"]),
        status_changed_on=_decode_date(row["status_changed_on"]),
        status_note=row["status_note"],
        status_note_be=row["status_note_be"],
        status_note_ru=row["status_note_ru"],
        sentence=row["sentence"],
        sentence_be=row["sentence_be"],
        sentence_ru=row["sentence_ru"],
        sentenced_on=_decode_date(row["sentenced_on"]),
        charges=_decode_list(row["charges"]),
        charges_be=_decode_list(row["charges_be"]),
        charges_ru=_decode_list(row["charges_ru"]),
        facility=row["facility"],
        facility_be=row["facility_be"],
        facility_ru=row["facility_ru"],
        mailing_address=row["mailing_address"],
        letters=Letters(row["letters"]),
        organization=row["organization"],
        organization_be=row["organization_be"],
        organization_ru=row["organization_ru"],
        summary=row["summary"],
        summary_be=row["summary_be"],
        summary_ru=row["summary_ru"],
        source_url=row["source_url"],
        verified_on=_decode_date(row["verified_on"]),
        # Rows read by a query that leaves the column out count as never synced.
        synced_on=_decode_date(row["synced_on"]) if "synced_on" in row.keys() else None,  # noqa: SIM118
    )


class PrisonerRepository:
    """Read prisoners, write them in an import's transaction, and keep the import log."""

    def __init__(self, db: SQLDatabase) -> None:
        """Use the given database."""
        self._db = db

    async def get(self, prisoner_id: str) -> Prisoner | None:
        """Return the prisoner with this id, or None."""
        row = await self._db.fetch_keyed("SELECT * FROM prisoners WHERE id = ?", (prisoner_id,))
        return None if row is None else prisoner_from_row(row)

    async def all(self) -> list[Prisoner]:
        """Return every prisoner, ordered by display name."""
        rows = await self._db.fetchall("SELECT * FROM prisoners ORDER BY lower(name), id")
        return [prisoner_from_row(row) for row in rows]

    async def fingerprint(self) -> tuple[object, ...]:
        """Return a value that changes whenever the records or their confirmation change.

        A copy of `all()` may be kept until it does; reading it takes one pass over the table
        (milliseconds for ten thousand records). It changes with every import (`record_import`),
        records added or removed, one rewritten at a later second (`updated_at`), and a sync
        that confirmed records (`mark_synced` moves nothing but `synced_on`).
        """
        # The days of synced_on as numbers (20251215), summed: any day that moves changes it.
        row = await self._db.fetchone(
            "SELECT count(*), max(updated_at), sum(CAST(replace(synced_on, '-', '') AS BIGINT)),"
            " (SELECT max(id) FROM imports) FROM prisoners"
        )
        return () if row is None else tuple(row)

    async def by_ids(self, ids: Iterable[str]) -> list[Prisoner]:
        """Return the prisoners with these ids, in the order given, skipping unknown ids."""
        wanted = list(dict.fromkeys(ids))
        rows = await self._db.fetchall(_SELECT_BY_IDS, (json.dumps(wanted),))
        found = {row["id"]: prisoner_from_row(row) for row in rows}
        return [found[prisoner_id] for prisoner_id in wanted if prisoner_id in found]

    async def count(self) -> int:
        """Return how many prisoners are stored."""
        value = await self._db.fetchval("SELECT count(*) FROM prisoners")
        return int(value) if isinstance(value, int) else 0

    async def count_by_status(self) -> dict[Status, int]:
        """Return how many prisoners have each status, zero included."""
        counts = dict.fromkeys(Status, 0)
        rows = await self._db.fetchall("SELECT status, count(*) FROM prisoners GROUP BY status")
        for status, count in rows:
            counts[Status(status)] = count
        return counts

    async def newest_verified_on(self) -> date | None:
        """Return the latest date any record was verified, or None if none was."""
        value = await self._db.fetchval("SELECT max(verified_on) FROM prisoners")
        return _decode_date(value) if isinstance(value, str) else None

    async def upsert_many(
        self, prisoners: Iterable[Prisoner], conn: Connection, *, now: datetime
    ) -> UpsertResult:
        """Insert new prisoners and rewrite changed ones, in the caller's open transaction."""
        if not conn.in_transaction:
            raise RuntimeError("upsert_many writes inside Database.transaction(); open one first")
        updated_at = encode_timestamp(now)
        batch = list(prisoners)
        ids = [prisoner.id for prisoner in batch]
        duplicates = sorted(i for i, n in Counter(ids).items() if n > 1)
        if duplicates:
            raise ValueError(f"prisoner ids appear more than once: {', '.join(duplicates)}")
        stored = {row["id"]: row for row in await conn.fetchall(_SELECT_BY_IDS, (json.dumps(ids),))}
        rows = [prisoner_to_row(prisoner) for prisoner in batch]
        new = [row for row in rows if row["id"] not in stored]
        changed = [row for row in rows if row["id"] in stored and _differs(row, stored[row["id"]])]
        await conn.executemany(_INSERT, [{**row, "updated_at": updated_at} for row in new])
        await conn.executemany(_UPDATE, [{**row, "updated_at": updated_at} for row in changed])
        by_id = {prisoner.id: prisoner for prisoner in batch}
        news = [
            item
            for item in (_news(by_id[str(row["id"])], stored[str(row["id"])]) for row in changed)
            if item is not None
        ]
        return UpsertResult(
            added=tuple(str(row["id"]) for row in new),
            changed=tuple(str(row["id"]) for row in changed),
            status_changed=tuple(n.prisoner_id for n in news if n.kind is NewsKind.STATUS),
            unchanged=len(rows) - len(new) - len(changed),
            status_news=tuple(news),
        )

    async def mark_synced(self, conn: Connection, ids: Iterable[str] | None, day: date) -> int:
        """Record that a sync on `day` contained these records (None: every synced record).

        None serves a source that answered "not modified": everything it held before is
        confirmed again. Return how many records were marked.
        """
        if not conn.in_transaction:
            raise RuntimeError("mark_synced writes inside Database.transaction(); open one first")
        if ids is None:
            return await conn.execute(
                "UPDATE prisoners SET synced_on = ? WHERE synced_on IS NOT NULL", (day.isoformat(),)
            )
        return await conn.execute(
            "UPDATE prisoners SET synced_on = ? WHERE id IN (SELECT value FROM json_each(?))",
            (day.isoformat(), json.dumps(list(ids))),
        )

    async def newest_confirmed_on(self) -> date | None:
        """Return the latest day any record was confirmed, by its source or by a sync."""
        row = await self._db.fetchone("SELECT max(verified_on), max(synced_on) FROM prisoners")
        days = [value for value in row or () if isinstance(value, str)]
        return _decode_date(max(days)) if days else None

    async def delete_many(self, ids: Iterable[str], conn: Connection) -> int:
        """Remove these prisoners in the caller's open transaction; return how many were removed."""
        if not conn.in_transaction:
            raise RuntimeError("delete_many writes inside Database.transaction(); open one first")
        return await conn.execute(
            "DELETE FROM prisoners WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(ids)),),
        )

    async def record_import(self, conn: Connection, record: ImportRecord) -> ImportRecord:
        """Log an import in the caller's open transaction; keep only the source's file name."""
        if not conn.in_transaction:
            raise RuntimeError("record_import writes inside Database.transaction(); open one first")
        source = PurePath(record.source).name
        import_id = await conn.fetchval(
            "INSERT INTO imports (imported_at, source, format, added, changed, status_changes, "
            "total) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                encode_timestamp(record.imported_at),
                source,
                record.format,
                record.added,
                record.changed,
                record.status_changes,
                record.total,
            ),
        )
        return ImportRecord(
            imported_at=record.imported_at,
            source=source,
            format=record.format,
            added=record.added,
            changed=record.changed,
            status_changes=record.status_changes,
            total=record.total,
            id=import_id,
        )

    async def last_import(self) -> ImportRecord | None:
        """Return the most recent import, or None if nothing was imported yet."""
        row = await self._db.fetchone(
            "SELECT id, imported_at, source, format, added, changed, status_changes, total "
            "FROM imports ORDER BY id DESC LIMIT 1"
        )
        if row is None:
            return None
        return ImportRecord(
            imported_at=decode_timestamp(row["imported_at"]),
            source=row["source"],
            format=row["format"],
            added=row["added"],
            changed=row["changed"],
            status_changes=row["status_changes"],
            total=row["total"],
            id=row["id"],
        )


def _news(prisoner: Prisoner, stored: Row) -> StatusNews | None:
    """Return the news a rewritten record makes: a new status, a transfer, or nothing."""
    old_status = Status(stored["status"])
    if prisoner.status is not old_status:
        return StatusNews(prisoner.id, old_status, prisoner.status, prisoner.status_changed_on)
    if prisoner.status is not Status.IMPRISONED:
        return None
    was = (stored["facility"], stored["mailing_address"])
    now = (prisoner.facility, prisoner.mailing_address)
    # A record that gains a place where none was known, or loses it, tells of no move.
    if not any(was) or not any(now) or _place(was) == _place(now):
        return None
    return StatusNews(
        prisoner.id,
        old_status,
        prisoner.status,
        None,
        kind=NewsKind.TRANSFER,
        old_facility=stored["facility"],
        facility=prisoner.facility,
        address=prisoner.mailing_address,
    )


def _place(values: tuple[str | None, str | None]) -> tuple[str, ...]:
    """Return a facility and address compared without case, punctuation or spacing."""
    return tuple("".join(ch for ch in (v or "").casefold() if ch.isalnum()) for v in values)


def _differs(new: _Values, stored: Row) -> bool:
    """Tell whether any stored column differs from the new values."""
    return any(stored[column] != value for column, value in new.items())


def _encode_list(values: tuple[str, ...]) -> str:
    """Return a tuple of strings as a JSON array."""
    return json.dumps(list(values), ensure_ascii=False)


def _decode_list(text: str) -> tuple[str, ...]:
    """Return the tuple of strings a JSON array holds."""
    return tuple(str(value) for value in json.loads(text))


def _encode_date(value: date | None) -> str | None:
    """Return a date as ISO text."""
    return None if value is None else value.isoformat()


def _decode_date(text: str | None) -> date | None:
    """Return the date ISO text holds."""
    return None if text is None else date.fromisoformat(text)
