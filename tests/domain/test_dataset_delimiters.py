"""Lists saved by spreadsheets in other locales: cells separated by ";" or tabs."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from bot.config import BUNDLED_DATASET
from bot.domain.dataset import Format, detect_format, parse
from bot.domain.dataset.records import sniff_delimiter

EXPORT = Path(__file__).resolve().parents[1] / "data" / "viasna" / "export_ru.csv"


def _with_delimiter(data: bytes, delimiter: str) -> bytes:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode()


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_bundled_list_reads_the_same_whatever_separates_its_cells(delimiter: str) -> None:
    data = _with_delimiter(BUNDLED_DATASET.read_bytes(), delimiter)

    result = parse(data, Format.CANONICAL, source_name="list.csv")

    assert detect_format(data) is Format.CANONICAL
    assert result.errors == []
    expected = parse(BUNDLED_DATASET.read_bytes(), Format.CANONICAL, source_name="list.csv")
    assert result.prisoners == expected.prisoners


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_a_viasna_export_with_semicolons_or_tabs_is_told_and_read(delimiter: str) -> None:
    data = b"\xef\xbb\xbf" + _with_delimiter(EXPORT.read_bytes(), delimiter)

    result = parse(data, Format.VIASNA_CSV, source_name="export.csv")

    assert detect_format(data) is Format.VIASNA_CSV
    assert result.errors == []
    assert (
        result.prisoners
        == parse(EXPORT.read_bytes(), Format.VIASNA_CSV, source_name="export.csv").prisoners
    )


@pytest.mark.parametrize(
    ("header", "delimiter"),
    [
        ("id,name,status", ","),
        ("id;name;status", ";"),
        ("id\tname\tstatus", "\t"),
        ('"Name, surname";Status;Prison', ";"),
        ("id", ","),
    ],
)
def test_the_header_tells_the_delimiter(header: str, delimiter: str) -> None:
    assert sniff_delimiter(header) == delimiter
