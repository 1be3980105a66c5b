"""Bad input: every problem is reported with its line, column and code, all at once."""

from __future__ import annotations

import csv
import io

import pytest

from bot.domain.dataset import ErrorCode, Format, ParseResult, RowError, detect_format, parse
from bot.domain.prisoner import FIELDS, OPTIONAL_FIELDS, REQUIRED_FIELDS

VALID = {
    "id": "ales-bialiatski",
    "name": "Ales Bialiatski",
    "name_be": "Алесь Бяляцкі",
    "name_ru": "Алесь Беляцкий",
    "aliases": "",
    "gender": "male",
    "birth_date": "1962-09-25",
    "detained_on": "2021-07-14",
    "status": "released",
    "status_changed_on": "2025-12-13",
    "status_note": "Pardoned on 2025-12-13 and taken to Lithuania.",
    "sentence": "10 years",
    "sentenced_on": "2023-03-03",
    "charges": "Part 4 Art. 228 CC|Part 2 Art. 342 CC",
    "facility": "",
    "mailing_address": "",
    "letters": "no",
    "organization": "Viasna Human Rights Centre",
    "summary": "",
    "source_url": "https://www.hrw.org/",
    "verified_on": "2025-12-15",
}

VIASNA_HEADER = (
    "id,url,name,status,gender,description,birthday,arrested,articles,prison_title,"
    "prison_address,declaration,decision,penalty,judge,councel,penalty_start_date,"
    "release_date,verdict_date,appeal_date,source_file"
)
VIASNA_ROW = (
    "1,https://prisoners.spring96.org/en/person/x,Andrei Chapiuk,active,male,volunteer,"
    "1996-05-17,2020-10-02,Art. 341 | Art. 130,Penal colony No. 1,FALSE,,6 years,"
    "imprisonment,,,,,2022-09-06,,file"
)


def canonical_csv(*rows: dict[str, str], header: list[str] | None = None) -> bytes:
    """Write a canonical CSV with the given rows, each a change to a valid record."""
    columns = list(FIELDS) if header is None else header
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for number, changes in enumerate(rows, start=1):
        row = {**VALID, "id": f"person-{number}", **changes}
        writer.writerow(row.get(column, "") for column in columns)
    return buffer.getvalue().encode()


def parse_canonical(data: bytes) -> ParseResult:
    """Parse bytes as the canonical format."""
    return parse(data, Format.CANONICAL, source_name="test.csv")


def located(result: ParseResult) -> list[tuple[int | None, str | None, ErrorCode]]:
    """Reduce errors to where they are and what they are."""
    return [(error.line, error.column, error.code) for error in result.errors]


def test_valid_rows_parse_cleanly() -> None:
    result = parse_canonical(canonical_csv({}, {}))

    assert result.errors == []
    assert [p.id for p in result.prisoners] == ["person-1", "person-2"]
    assert result.rows_read == 2


def test_wrong_header_names_missing_and_unknown_columns() -> None:
    header = [c for c in FIELDS if c not in ("birth_date", "letters")] + ["birthdate", "notes"]

    result = parse_canonical(canonical_csv({}, header=header))

    assert result.errors == [
        RowError(
            1,
            None,
            None,
            ErrorCode.MISSING_COLUMNS,
            {"columns": "birth_date, letters", "count": 2, "expected": ", ".join(REQUIRED_FIELDS)},
        ),
        RowError(
            1,
            None,
            None,
            ErrorCode.UNKNOWN_COLUMNS,
            {"columns": "birthdate, notes", "count": 2, "expected": ", ".join(FIELDS)},
        ),
    ]
    assert result.prisoners == []


def test_the_columns_in_belarusian_and_russian_may_be_left_out() -> None:
    result = parse_canonical(canonical_csv({}, header=list(REQUIRED_FIELDS)))

    assert result.errors == []
    assert all(getattr(result.prisoners[0], column) in (None, ()) for column in OPTIONAL_FIELDS)


def test_the_columns_in_belarusian_and_russian_are_read() -> None:
    header = [*REQUIRED_FIELDS, "summary_be", "charges_ru", "sentence_ru"]
    row = {
        "summary_be": " Блогер. ",
        "charges_ru": "Ч. 1 ст. 293 УК | Ч. 3 ст. 130 УК",
        "sentence_ru": "",
    }

    [prisoner] = parse_canonical(canonical_csv(row, header=header)).prisoners

    assert prisoner.summary_be == "Блогер."
    assert prisoner.charges_ru == ("Ч. 1 ст. 293 УК", "Ч. 3 ст. 130 УК")
    assert prisoner.sentence_ru is None
    assert prisoner.summary_ru is None


def test_a_column_in_another_language_is_unknown() -> None:
    header = [*REQUIRED_FIELDS, "summary_pl"]

    result = parse_canonical(canonical_csv({"summary_pl": "Bloger."}, header=header))

    assert located(result) == [(1, None, ErrorCode.UNKNOWN_COLUMNS)]
    assert result.errors[0].detail == {
        "columns": "summary_pl",
        "count": 1,
        "expected": ", ".join(FIELDS),
    }


def test_header_in_another_order_is_accepted() -> None:
    result = parse_canonical(canonical_csv({}, header=list(reversed(FIELDS))))

    assert result.errors == []
    assert result.prisoners[0].birth_date is not None


def test_repeated_column_is_reported() -> None:
    result = parse_canonical(canonical_csv({}, header=[*FIELDS, "name"]))

    assert located(result) == [(1, None, ErrorCode.DUPLICATE_COLUMNS)]
    assert result.errors[0].detail["columns"] == "name"


def test_extra_column_is_reported_but_rows_are_still_checked() -> None:
    result = parse_canonical(canonical_csv({"birth_date": "soon"}, header=[*FIELDS, "notes"]))

    assert located(result) == [
        (1, None, ErrorCode.UNKNOWN_COLUMNS),
        (2, "birth_date", ErrorCode.BAD_DATE),
    ]


def test_bad_date_is_reported_with_line_column_and_value() -> None:
    result = parse_canonical(canonical_csv({}, {"birth_date": "2021-13-40"}))

    assert result.errors == [RowError(3, "birth_date", "2021-13-40", ErrorCode.BAD_DATE, {})]
    assert [p.id for p in result.prisoners] == ["person-1"]


@pytest.mark.parametrize(
    "column", ["birth_date", "detained_on", "status_changed_on", "sentenced_on", "verified_on"]
)
@pytest.mark.parametrize("value", ["2021-13-40", "2021-02-29", "20210101", "14.07.2021", "soon"])
def test_every_date_column_rejects_non_dates(column: str, value: str) -> None:
    result = parse_canonical(canonical_csv({column: value}))

    assert located(result) == [(2, column, ErrorCode.BAD_DATE)]


def test_leap_day_is_a_date() -> None:
    result = parse_canonical(canonical_csv({"birth_date": "2000-02-29"}))

    assert result.errors == []


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("status", "jailed", "imprisoned, released, deceased, persecuted"),
        ("gender", "m", "female, male"),
        ("letters", "maybe", "yes, no, unknown"),
    ],
)
def test_unknown_vocabulary_value_lists_allowed_values(
    column: str, value: str, expected: str
) -> None:
    result = parse_canonical(canonical_csv({column: value}))

    assert result.errors == [
        RowError(2, column, value, ErrorCode.UNKNOWN_VALUE, {"expected": expected})
    ]


def test_status_is_required_but_letters_default_to_unknown() -> None:
    result = parse_canonical(canonical_csv({"status": ""}, {"letters": "", "gender": ""}))

    assert located(result) == [(2, "status", ErrorCode.REQUIRED)]
    assert result.prisoners[0].letters == "unknown"
    assert result.prisoners[0].gender is None


def test_duplicate_id_is_reported_on_both_lines() -> None:
    result = parse_canonical(canonical_csv({"id": "same"}, {}, {"id": "same"}))

    assert result.errors == [
        RowError(2, "id", "same", ErrorCode.DUPLICATE_ID, {"other_line": 4}),
        RowError(4, "id", "same", ErrorCode.DUPLICATE_ID, {"other_line": 2}),
    ]
    assert [p.id for p in result.prisoners] == ["person-2"]


@pytest.mark.parametrize(
    "value", ["Ales_Bialiatski", "ales bialiatski", "Ales", "алесь", "a" * 49, "a/b"]
)
def test_id_must_be_a_short_lowercase_slug(value: str) -> None:
    result = parse_canonical(canonical_csv({"id": value}))

    assert located(result) == [(2, "id", ErrorCode.BAD_ID)]
    assert result.errors[0].detail == {"max": 48}


def test_empty_name_is_required() -> None:
    result = parse_canonical(canonical_csv({"name": "   "}))

    assert result.errors == [RowError(2, "name", None, ErrorCode.REQUIRED, {})]
    assert result.prisoners == []


def test_ten_thousand_character_field_is_rejected_and_shown_short() -> None:
    result = parse_canonical(canonical_csv({"summary": "x" * 10_000}))

    [error] = result.errors
    assert (error.line, error.column, error.code) == (2, "summary", ErrorCode.TOO_LONG)
    assert error.detail == {"length": 10_000, "max": 2000}
    assert error.value == "x" * 59 + "…"
    assert result.prisoners == []


def test_text_at_the_limit_is_accepted() -> None:
    result = parse_canonical(canonical_csv({"summary": "x" * 2000}))

    assert result.errors == []


def test_overlong_name_is_rejected() -> None:
    result = parse_canonical(canonical_csv({"name": "N" * 201}))

    assert located(result) == [(2, "name", ErrorCode.TOO_LONG)]


def test_row_with_too_many_columns_is_reported() -> None:
    data = canonical_csv({}) + b"person-9,Unquoted, comma" + b"," * (len(FIELDS) - 2) + b"\n"

    result = parse_canonical(data)

    assert result.errors == [
        RowError(
            3,
            None,
            None,
            ErrorCode.TOO_MANY_COLUMNS,
            {"expected": len(FIELDS), "count": len(FIELDS) + 1},
        )
    ]
    assert [p.id for p in result.prisoners] == ["person-1"]


def test_row_with_too_few_columns_is_reported() -> None:
    data = canonical_csv({}) + b"person-9,Short Row\n"

    result = parse_canonical(data)

    assert result.errors == [
        RowError(3, None, None, ErrorCode.TOO_FEW_COLUMNS, {"expected": len(FIELDS), "count": 2})
    ]


def test_detention_before_birth_is_reported() -> None:
    result = parse_canonical(
        canonical_csv({"birth_date": "1990-01-01", "detained_on": "1989-12-31"})
    )

    assert result.errors == [
        RowError(
            2,
            "detained_on",
            "1989-12-31",
            ErrorCode.DETAINED_BEFORE_BIRTH,
            {"birth_date": "1990-01-01"},
        )
    ]


def test_invalid_utf8_reports_the_line_of_the_bad_byte() -> None:
    good = canonical_csv({}, {"name": "Placeholder"}, {})
    data = good.replace(b"Placeholder", b"Bad \xff name")

    result = parse_canonical(data)

    offset = data.index(b"\xff")
    assert result.errors == [RowError(3, None, None, ErrorCode.INVALID_UTF8, {"offset": offset})]
    assert [p.id for p in result.prisoners] == ["person-1", "person-3"]


def test_invalid_utf8_inside_a_multiline_value_taints_that_record() -> None:
    data = canonical_csv({"summary": "first\nsecond Placeholder"}, {})
    data = data.replace(b"Placeholder", b"\xc3\x28")

    result = parse_canonical(data)

    assert located(result) == [(3, None, ErrorCode.INVALID_UTF8)]
    assert [p.id for p in result.prisoners] == ["person-2"]


def test_byte_order_mark_is_accepted() -> None:
    result = parse_canonical(b"\xef\xbb\xbf" + canonical_csv({}))

    assert result.errors == []
    assert len(result.prisoners) == 1


def test_crlf_line_endings_and_blank_rows_are_accepted() -> None:
    data = canonical_csv({}, {}).replace(b"\n", b"\r\n") + b"\r\n" + b"," * 20 + b"\r\n"

    result = parse_canonical(data)

    assert result.errors == []
    assert result.rows_read == 2


def test_line_numbers_count_physical_lines() -> None:
    data = canonical_csv({"status_note": "one\ntwo\nthree"}, {"birth_date": "nope"})

    result = parse_canonical(data)

    assert located(result) == [(5, "birth_date", ErrorCode.BAD_DATE)]


def test_unreadable_csv_row_is_reported_and_reading_goes_on() -> None:
    later = canonical_csv({"id": "later", "birth_date": "x"}).split(b"\n")[1]
    data = canonical_csv({}) + b"bad\rrow\n" + later + b"\n"

    result = parse_canonical(data)

    assert located(result) == [
        (3, None, ErrorCode.MALFORMED_CSV),
        (4, "birth_date", ErrorCode.BAD_DATE),
    ]


@pytest.mark.parametrize("data", [b"", b"\n\n", b"\xef\xbb\xbf"])
def test_empty_file_is_reported(data: bytes) -> None:
    result = parse_canonical(data)

    assert result.errors == [RowError(None, None, None, ErrorCode.EMPTY_FILE, {})]


def test_header_alone_is_an_empty_data_set() -> None:
    result = parse_canonical(canonical_csv())

    assert result.errors == []
    assert result.prisoners == []


def test_every_error_in_a_file_is_reported_in_line_order() -> None:
    data = canonical_csv(
        {"id": "dup", "birth_date": "2021-13-40", "status": "jailed"},
        {"name": "", "gender": "x", "summary": "y" * 2001},
        {"id": "dup", "letters": "often"},
        {"id": "Bad Id", "verified_on": "yesterday"},
    )

    result = parse_canonical(data)

    assert located(result) == [
        (2, "birth_date", ErrorCode.BAD_DATE),
        (2, "status", ErrorCode.UNKNOWN_VALUE),
        (2, "id", ErrorCode.DUPLICATE_ID),
        (3, "name", ErrorCode.REQUIRED),
        (3, "gender", ErrorCode.UNKNOWN_VALUE),
        (3, "summary", ErrorCode.TOO_LONG),
        (4, "letters", ErrorCode.UNKNOWN_VALUE),
        (4, "id", ErrorCode.DUPLICATE_ID),
        (5, "id", ErrorCode.BAD_ID),
        (5, "verified_on", ErrorCode.BAD_DATE),
    ]
    assert result.prisoners == []
    assert result.rows_read == 4


def test_values_are_stripped_and_lists_split() -> None:
    result = parse_canonical(
        canonical_csv({"name": "  Ales  ", "aliases": " A | B ||", "facility": "  "})
    )

    [prisoner] = result.prisoners
    assert prisoner.name == "Ales"
    assert prisoner.aliases == ("A", "B")
    assert prisoner.facility is None


def test_viasna_errors_name_the_export_columns() -> None:
    row = VIASNA_ROW.replace("1996-05-17", "1996-02-30").replace(",active,", ",jailed,")
    data = f"{VIASNA_HEADER}\n{row}\n".encode()

    result = parse(data, Format.VIASNA, source_name="viasna.csv")

    assert result.errors == [
        RowError(
            2, "status", "jailed", ErrorCode.UNKNOWN_VALUE, {"expected": "active, former, np"}
        ),
        RowError(2, "birthday", "1996-02-30", ErrorCode.BAD_DATE, {}),
    ]


def test_viasna_arrest_before_birth_is_reported() -> None:
    row = VIASNA_ROW.replace("2020-10-02", "1990-10-02")
    result = parse(f"{VIASNA_HEADER}\n{row}\n".encode(), Format.VIASNA, source_name="v")

    assert located(result) == [(2, "arrested", ErrorCode.DETAINED_BEFORE_BIRTH)]


def test_viasna_requires_the_columns_it_maps_and_ignores_others() -> None:
    header = VIASNA_HEADER.replace("birthday,", "").replace("judge", "extra")
    row = VIASNA_ROW.replace("1996-05-17,", "")

    result = parse(f"{header}\n{row}\n".encode(), Format.VIASNA, source_name="v")

    assert located(result) == [(1, None, ErrorCode.MISSING_COLUMNS)]
    assert result.errors[0].detail["columns"] == "birthday"


def test_viasna_row_maps_articles_and_false() -> None:
    result = parse(f"{VIASNA_HEADER}\n{VIASNA_ROW}\n".encode(), Format.VIASNA, source_name="v")

    [prisoner] = result.prisoners
    assert prisoner.id == "viasna-1"
    assert prisoner.charges == ("Art. 341", "Art. 130")
    assert prisoner.mailing_address is None
    assert prisoner.sentence == "6 years, imprisonment"


def test_viasna_id_must_make_a_valid_slug() -> None:
    row = VIASNA_ROW.replace("1,", "A 1,", 1)
    result = parse(f"{VIASNA_HEADER}\n{row}\n".encode(), Format.VIASNA, source_name="v")

    assert result.errors == [RowError(2, "id", "A 1", ErrorCode.BAD_ID, {"max": 48})]


def test_canonical_file_read_as_viasna_names_missing_columns() -> None:
    result = parse(canonical_csv({}), Format.VIASNA, source_name="v")

    assert located(result) == [(1, None, ErrorCode.MISSING_COLUMNS)]


@pytest.mark.parametrize("data", [b"", b"\n\n", b"a,b,c\n1,2,3\n", b"\xff\xfe\n"])
def test_detect_format_gives_up_on_unknown_headers(data: bytes) -> None:
    assert detect_format(data) is None


def test_detect_format_reads_a_header_with_only_shared_columns_as_canonical() -> None:
    data = b"id,name,colour\njane,Jane,blue\n"

    assert detect_format(data) is Format.CANONICAL
    result = parse_canonical(data)
    assert [(e.code, e.detail["columns"]) for e in result.errors][1] == (
        ErrorCode.UNKNOWN_COLUMNS,
        "colour",
    )


def test_detect_format_reads_a_partial_canonical_header() -> None:
    assert detect_format(b"\xef\xbb\xbf\nid,name,birth_date,status\n") is Format.CANONICAL
    assert detect_format(b"id,name,birthday,arrested\n") is Format.VIASNA
    assert detect_format(b'  \n [{"id": "x"}]') is Format.CANONICAL
