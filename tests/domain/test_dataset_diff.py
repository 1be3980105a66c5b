"""Comparing a file with the current data: additions, field changes, status news, absences."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from bot.domain.dataset import FieldChange, StatusChange, diff
from bot.domain.prisoner import Letters, Prisoner, Status

LOIKA = Prisoner(
    id="nasta-loika",
    name="Nasta Loika",
    detained_on=date(2022, 10, 28),
    status=Status.IMPRISONED,
    charges=("Part 3 Art. 130 CC (inciting social hatred)",),
    verified_on=date(2025, 12, 15),
)
ZNAK = Prisoner(id="maksim-znak", name="Maksim Znak", status=Status.IMPRISONED)
LOSIK = Prisoner(id="ihar-losik", name="Ihar Losik", status=Status.RELEASED)


def current(*prisoners: Prisoner) -> dict[str, Prisoner]:
    """Index the current data by id."""
    return {prisoner.id: prisoner for prisoner in prisoners}


def test_identical_data_is_an_empty_diff() -> None:
    result = diff(current(LOIKA, ZNAK), [ZNAK, LOIKA])

    assert result.is_empty
    assert result.added == []
    assert result.changed == []
    assert result.status_changes == []
    assert result.missing_from_file == []
    assert result.unchanged_count == 2


def test_new_people_are_added_in_id_order() -> None:
    result = diff(current(LOIKA), [ZNAK, LOIKA, LOSIK])

    assert result.added == [LOSIK, ZNAK]
    assert result.unchanged_count == 1
    assert not result.is_empty


def test_changes_are_listed_field_by_field_in_column_order() -> None:
    edited = dataclasses.replace(
        LOIKA,
        verified_on=date(2026, 1, 10),
        facility="Penal colony No. 4, Homiel",
        charges=(),
        letters=Letters.YES,
    )

    result = diff(current(LOIKA), [edited])

    [change] = result.changed
    assert (change.id, change.name) == ("nasta-loika", "Nasta Loika")
    assert change.before == LOIKA
    assert change.after == edited
    assert change.changes == [
        FieldChange("charges", ("Part 3 Art. 130 CC (inciting social hatred)",), ()),
        FieldChange("facility", None, "Penal colony No. 4, Homiel"),
        FieldChange("letters", Letters.UNKNOWN, Letters.YES),
        FieldChange("verified_on", date(2025, 12, 15), date(2026, 1, 10)),
    ]
    assert result.status_changes == []
    assert result.unchanged_count == 0


def test_status_change_is_called_out_separately() -> None:
    released = dataclasses.replace(
        ZNAK, status=Status.RELEASED, status_changed_on=date(2025, 12, 13)
    )

    result = diff(current(ZNAK, LOIKA), [released, LOIKA])

    assert result.status_changes == [
        StatusChange("maksim-znak", "Maksim Znak", Status.IMPRISONED, Status.RELEASED)
    ]
    assert [c.field for c in result.changed[0].changes] == ["status", "status_changed_on"]


def test_people_absent_from_the_file_are_listed_by_id() -> None:
    result = diff(current(ZNAK, LOIKA, LOSIK), [LOIKA])

    assert result.missing_from_file == ["ihar-losik", "maksim-znak"]
    assert result.unchanged_count == 1
    assert not result.is_empty


def test_order_does_not_depend_on_input_order() -> None:
    renamed = [dataclasses.replace(p, name=p.name + " (edited)") for p in (LOSIK, ZNAK, LOIKA)]

    forward = diff(current(LOSIK, ZNAK, LOIKA), renamed)
    backward = diff(current(LOIKA, ZNAK, LOSIK), list(reversed(renamed)))

    assert forward == backward
    assert [c.id for c in forward.changed] == ["ihar-losik", "maksim-znak", "nasta-loika"]


def test_empty_file_marks_everyone_missing() -> None:
    result = diff(current(ZNAK), [])

    assert result.missing_from_file == ["maksim-znak"]
    assert result.added == []


def test_duplicate_ids_in_the_file_are_refused() -> None:
    with pytest.raises(ValueError, match="maksim-znak"):
        diff({}, [ZNAK, ZNAK])
