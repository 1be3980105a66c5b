"""Canonical records as JSON: the same people as the CSV, and precise errors."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from bot.domain.dataset import ErrorCode, Format, ParseResult, RowError, parse
from tests.conftest import REFERENCE_DATA

CURATED = REFERENCE_DATA / "belarus_curated.csv"


def parse_json(value: Any) -> ParseResult:
    """Serialise a value as indented JSON and parse it as the canonical format."""
    return parse(json.dumps(value, indent=2).encode(), Format.CANONICAL, source_name="t.json")


def curated_records(*, lists_as_arrays: bool) -> list[dict[str, Any]]:
    """The curated CSV as JSON-ready objects: empty cells become null."""
    records: list[dict[str, Any]] = []
    for row in csv.DictReader(io.StringIO(CURATED.read_text(encoding="utf-8"))):
        record: dict[str, Any] = {key: value or None for key, value in row.items()}
        if lists_as_arrays:
            for key in ("aliases", "charges"):
                record[key] = row[key].split("|") if row[key] else []
        records.append(record)
    return records


@pytest.mark.parametrize("lists_as_arrays", [True, False])
def test_json_gives_the_same_prisoners_as_csv(lists_as_arrays: bool) -> None:
    from_csv = parse(CURATED.read_bytes(), Format.CANONICAL, source_name="c.csv")

    from_json = parse_json(curated_records(lists_as_arrays=lists_as_arrays))

    assert from_json.errors == []
    assert from_json.rows_read == 32
    assert from_json.prisoners == from_csv.prisoners


def test_absent_keys_mean_empty() -> None:
    result = parse_json([{"id": "a", "name": "A", "status": "imprisoned"}])

    assert result.errors == []
    assert result.prisoners[0].letters == "unknown"
    assert result.prisoners[0].aliases == ()


def test_json_with_byte_order_mark_and_leading_blanks() -> None:
    data = b'\xef\xbb\xbf  \n[{"id": "a", "name": "A", "status": "released"}]'

    result = parse(data, Format.CANONICAL, source_name="t.json")

    assert result.errors == []
    assert result.prisoners[0].status == "released"


def test_empty_json_list_is_an_empty_data_set() -> None:
    result = parse_json([])

    assert result.errors == []
    assert result.rows_read == 0


def test_json_object_instead_of_list_is_an_error() -> None:
    result = parse_json({"id": "a", "name": "A", "status": "imprisoned"})

    assert result.errors == [RowError(1, None, None, ErrorCode.JSON_NOT_A_LIST, {})]
    assert result.prisoners == []


def test_wrong_types_are_reported_per_field_and_line() -> None:
    data = b"""[
  {"id": "ok", "name": "Fine", "status": "imprisoned"},
  {"id": "a", "name": 123, "status": "imprisoned",
   "aliases": [1, 2]},
  {"id": "b", "name": "B", "status": true, "birth_date": 19620925, "charges": {"x": 1}}
]"""

    result = parse(data, Format.CANONICAL, source_name="t.json")

    assert result.errors == [
        RowError(3, "name", "123", ErrorCode.WRONG_TYPE, {"expected": "text"}),
        RowError(3, "aliases", "[1, 2]", ErrorCode.WRONG_TYPE, {"expected": "list"}),
        RowError(5, "birth_date", "19620925", ErrorCode.WRONG_TYPE, {"expected": "text"}),
        RowError(5, "status", "true", ErrorCode.WRONG_TYPE, {"expected": "text"}),
        RowError(5, "charges", '{"x": 1}', ErrorCode.WRONG_TYPE, {"expected": "list"}),
    ]
    assert [p.id for p in result.prisoners] == ["ok"]


def test_json_values_are_checked_like_csv_values() -> None:
    result = parse_json(
        [
            {"id": "Bad Id", "name": "", "status": "jailed"},
            {"id": "b", "name": "B", "status": "released", "birth_date": "2021-13-40"},
        ]
    )

    assert [(e.line, e.column, e.code) for e in result.errors] == [
        (2, "id", ErrorCode.BAD_ID),
        (2, "name", ErrorCode.REQUIRED),
        (2, "status", ErrorCode.UNKNOWN_VALUE),
        (7, "birth_date", ErrorCode.BAD_DATE),
    ]


def test_element_that_is_not_an_object_is_reported() -> None:
    data = b'[\n{"id": "a", "name": "A", "status": "released"},\n"b",\n[]\n]'

    result = parse(data, Format.CANONICAL, source_name="t.json")

    assert result.errors == [
        RowError(3, None, None, ErrorCode.JSON_NOT_AN_OBJECT, {"index": 2}),
        RowError(4, None, None, ErrorCode.JSON_NOT_AN_OBJECT, {"index": 3}),
    ]
    assert result.rows_read == 3
    assert [p.id for p in result.prisoners] == ["a"]


def test_unknown_key_is_reported_and_drops_the_record() -> None:
    result = parse_json([{"id": "a", "name": "A", "status": "released", "birthdate": "x"}])

    assert [(e.line, e.code, e.detail["columns"]) for e in result.errors] == [
        (2, ErrorCode.UNKNOWN_COLUMNS, "birthdate")
    ]
    assert result.prisoners == []


@pytest.mark.parametrize(
    ("data", "line", "position"),
    [
        (b'[\n{"id": "a",}\n]', 2, 12),
        (b'[\n{"id": "a"}\n{"id": "b"}]', 3, 1),
        (b'[{"id": "a"}] trailing', 1, 15),
        (b'[{"id": "a"}', 1, 13),
    ],
)
def test_malformed_json_reports_where_it_breaks(data: bytes, line: int, position: int) -> None:
    result = parse(data, Format.CANONICAL, source_name="t.json")

    malformed = [e for e in result.errors if e.code is ErrorCode.MALFORMED_JSON]
    assert malformed == [
        RowError(line, None, None, ErrorCode.MALFORMED_JSON, {"position": position})
    ]


def test_text_that_is_not_json_after_a_brace_is_not_a_list() -> None:
    result = parse(b"\n\n{not json", Format.CANONICAL, source_name="t.json")

    assert result.errors == [RowError(3, None, None, ErrorCode.JSON_NOT_A_LIST, {})]


def test_duplicate_ids_in_json_are_reported_on_both_lines() -> None:
    result = parse_json(
        [
            {"id": "a", "name": "A", "status": "released"},
            {"id": "a", "name": "A again", "status": "released"},
        ]
    )

    assert result.errors == [
        RowError(2, "id", "a", ErrorCode.DUPLICATE_ID, {"other_line": 7}),
        RowError(7, "id", "a", ErrorCode.DUPLICATE_ID, {"other_line": 2}),
    ]


def test_invalid_utf8_in_json_is_reported_and_drops_that_record() -> None:
    data = (
        b'[\n{"id": "a", "name": "A\xff", "status": "released"},\n'
        b'{"id": "b", "name": "B", "status": "released"}\n]'
    )

    result = parse(data, Format.CANONICAL, source_name="t.json")

    assert result.errors == [
        RowError(2, None, None, ErrorCode.INVALID_UTF8, {"offset": data.index(b"\xff")})
    ]
    assert [p.id for p in result.prisoners] == ["b"]


def test_json_list_items_holding_the_separator_are_split() -> None:
    result = parse_json([{"id": "a", "name": "A", "status": "released", "aliases": ["B|C", " "]}])

    assert result.prisoners[0].aliases == ("B", "C")
