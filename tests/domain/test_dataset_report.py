"""Reports are Fluent message ids with arguments, and every one exists in the English locale."""

from __future__ import annotations

import dataclasses
from datetime import date
from importlib import resources

import pytest
from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax import ast
from fluent.syntax import parse as parse_ftl

from bot.domain.dataset import (
    ErrorCode,
    FieldChange,
    Format,
    Message,
    ParseResult,
    RowError,
    diff,
    error_message,
    parse,
    report_messages,
    summary_message,
)
from bot.domain.dataset.compare import FieldValue
from bot.domain.dataset.report import field_change_message
from bot.domain.prisoner import REQUIRED_FIELDS, Prisoner, Status

FTL = resources.files("bot").joinpath("locales/en/import.ftl").read_text(encoding="utf-8")
# A file without the optional per-language columns, as most files are.
HEADER = ",".join(REQUIRED_FIELDS)
GOOD_ROW = "a,A,,,,,,,imprisoned,,,,,,,,,,,,"


def row(**cells: str) -> str:
    """Write a canonical CSV row from a valid one with some cells changed."""
    values = dict(zip(REQUIRED_FIELDS, GOOD_ROW.split(","), strict=True)) | cells
    return ",".join(values[field] for field in REQUIRED_FIELDS)


# Inputs that between them raise every error code.
BAD_INPUTS: list[tuple[Format, bytes]] = [
    (Format.CANONICAL, b""),
    (Format.CANONICAL, f"{HEADER}\n{row(name='Bad')}\n".encode().replace(b"Bad", b"B\xe4d")),
    (Format.CANONICAL, f"{HEADER.replace('summary', 'notes')},name\n".encode()),
    (Format.CANONICAL, f"{HEADER}\n{GOOD_ROW},extra\na,b\nbad\rrow\n".encode()),
    (
        Format.CANONICAL,
        "\n".join(
            [
                HEADER,
                row(id="dup", birth_date="2021-13-40", gender="x"),
                row(id="dup", name="", summary="s" * 2001),
                row(id="Bad Id", birth_date="2000-01-01", detained_on="1999-01-01"),
            ]
        ).encode(),
    ),
    (Format.CANONICAL, b'{"id": "a"}'),
    (Format.CANONICAL, b'[1, {"id": "a", "name": 5, "status": "released"}, oops]'),
]


def all_bad_input_errors() -> list[RowError]:
    """Parse every bad input and collect the errors."""
    errors: list[RowError] = []
    for fmt, data in BAD_INPUTS:
        errors += parse(data, fmt, source_name="bad").errors
    return errors


def sample_diff_messages() -> list[Message]:
    """Report a diff with every section, capped so that the "more" lines appear too."""
    old = Prisoner(id="a", name="A", facility="Colony", status=Status.IMPRISONED)
    existing = {
        "a": old,
        "b": Prisoner(id="b", name="B"),
        "c": Prisoner(id="c", name="C", status=Status.IMPRISONED),
        "gone-1": Prisoner(id="gone-1", name="G1"),
        "gone-2": Prisoner(id="gone-2", name="G2"),
        "same": Prisoner(id="same", name="S"),
    }
    incoming = [
        dataclasses.replace(old, status=Status.RELEASED, facility=None, summary="New"),
        Prisoner(id="b", name="B", aliases=("Bee",), birth_date=date(1990, 1, 1)),
        Prisoner(id="c", name="C", status=Status.DECEASED),
        Prisoner(id="new-1", name="N1"),
        Prisoner(id="new-2", name="N2"),
        existing["same"],
    ]
    return report_messages([], diff(existing, incoming), limit=1)


def english() -> FluentBundle:
    """Load the English import messages."""
    bundle = FluentBundle(["en"], use_isolating=False)
    bundle.add_resource(FluentResource(FTL))
    return bundle


def render(bundle: FluentBundle, message: Message) -> str:
    """Render one message, failing on any Fluent error such as a missing variable."""
    message_id, args = message
    pattern = bundle.get_message(message_id).value
    assert pattern is not None, message_id
    text, errors = bundle.format_pattern(pattern, args)
    assert errors == [], (message_id, errors)
    return str(text)


def every_message() -> list[Message]:
    """Every kind of message the report functions produce."""
    errors = all_bad_input_errors()
    nothing = diff({"a": Prisoner(id="a", name="A")}, [Prisoner(id="a", name="A")])
    return [
        summary_message(ParseResult([], errors, 9, "bad.csv")),
        *report_messages(errors),
        *report_messages(errors, limit=1),
        *sample_diff_messages(),
        *report_messages([], nothing),
        *report_messages(errors, skipped=2),
    ]


def test_bad_inputs_raise_every_error_code() -> None:
    assert {error.code for error in all_bad_input_errors()} == set(ErrorCode)


def test_ftl_has_no_syntax_errors() -> None:
    junk = [entry for entry in parse_ftl(FTL).body if isinstance(entry, ast.Junk)]

    assert junk == []


def test_every_produced_message_exists_and_every_message_is_used() -> None:
    defined = {entry.id.name for entry in parse_ftl(FTL).body if isinstance(entry, ast.Message)}

    produced = {message_id for message_id, _ in every_message()}

    assert produced <= defined
    assert defined == produced


def test_every_message_renders_with_the_arguments_given() -> None:
    bundle = english()

    rendered = [render(bundle, message) for message in every_message()]

    assert all(text.strip() for text in rendered)


def test_error_renders_line_column_and_value() -> None:
    error = RowError(1234, "birth_date", "2021-13-40", ErrorCode.BAD_DATE)

    text = render(english(), error_message(error))

    assert text == (
        "Line 1234, column birth_date: “2021-13-40” is not a date; write it as YYYY-MM-DD."
    )


def test_duplicate_id_names_both_lines() -> None:
    [first, second] = parse(
        f"{HEADER}\n{row(id='x')}\n{row(id='x')}\n".encode(), Format.CANONICAL, source_name="d"
    ).errors

    assert render(english(), error_message(first)) == "Line 2: id “x” is also used on line 3."
    assert render(english(), error_message(second)) == "Line 3: id “x” is also used on line 2."


def test_missing_columns_use_plural_forms() -> None:
    one = RowError(
        1, None, None, ErrorCode.MISSING_COLUMNS, {"columns": "a", "count": 1, "expected": "a, b"}
    )
    two = dataclasses.replace(one, detail={"columns": "a, b", "count": 2, "expected": "a, b"})

    assert render(english(), error_message(one)).startswith("Line 1: column a is missing.")
    assert render(english(), error_message(two)).startswith("Line 1: columns a, b are missing.")


def test_summary_counts_records_and_valid_ones() -> None:
    data = f"{HEADER}\n{row(birth_date='x')}\n{row(id='b')}\n".encode()
    result = parse(data, Format.CANONICAL, source_name="f.csv")

    assert render(english(), summary_message(result)) == "f.csv: read 2 records, 1 without errors."


def test_report_lists_errors_under_a_count() -> None:
    data = f"{HEADER}\n{row(birth_date='x')}\n{row(id='b')}\n".encode()
    result = parse(data, Format.CANONICAL, source_name="f.csv")

    messages = report_messages(result.errors, diff({}, result.prisoners))

    assert [render(english(), message) for message in messages] == [
        "Found one problem in the file:",
        "Line 2, column birth_date: “x” is not a date; write it as YYYY-MM-DD.",
    ]


def test_limit_caps_errors_and_counts_the_rest() -> None:
    errors = [RowError(n, "name", None, ErrorCode.REQUIRED) for n in range(2, 7)]

    messages = report_messages(errors, limit=2)

    assert [message_id for message_id, _ in messages] == [
        "import-errors",
        "import-error-required",
        "import-error-required",
        "import-errors-more",
    ]
    assert messages[-1][1] == {"count": 3}


def test_diff_report_lists_status_news_first_then_changes() -> None:
    rendered = [render(english(), message) for message in sample_diff_messages()]

    assert rendered == [
        "2 status changes (followers will be alerted):",
        "A (a): imprisoned → released",
        "…and one more.",
        "2 people to add:",
        "+ N1 (new-1)",
        "…and one more.",
        "3 people with changes:",
        "~ A (a)",
        "    status: “imprisoned” → “released”",
        "    facility: cleared (was “Colony”)",
        "    summary: set to “New”",
        "…and 2 more.",
        "2 people in the current data are not in the file:",
        "- gone-1",
        "…and one more.",
        "One person unchanged.",
    ]


def test_identical_file_reports_nothing_to_change() -> None:
    same = [Prisoner(id="a", name="A"), Prisoner(id="b", name="B")]

    messages = report_messages([], diff({p.id: p for p in same}, same))

    assert render(english(), messages[-1]) == (
        "Nothing to change: all 2 people in the file match the current data."
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ((), ("X", "Y"), "    aliases: set to “X | Y”"),
        (date(2020, 1, 2), date(2020, 1, 3), "    aliases: “2020-01-02” → “2020-01-03”"),
        ("z" * 100, None, "    aliases: cleared (was “" + "z" * 59 + "…”)"),
    ],
)
def test_field_values_are_shown_short_and_readable(
    old: FieldValue, new: FieldValue, expected: str
) -> None:
    message = field_change_message(FieldChange("aliases", old, new))

    assert render(english(), message) == expected
