"""How well search finds people under the spellings found in public material.

`name_variants_dev.tsv` holds real spellings of eight of the bundled people. Full names must put
the right person first; a surname alone must put them among the first three. Nicknames and a given
name alone are reported but not required: nothing in a record ties `Valik` to Valiantsin.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pytest

from bot.domain.dataset import Format, parse
from bot.domain.search import SearchIndex

# Measured on the development file: every full name and every surname is found; the floors leave
# room for one or two misses as the file grows, not more.
FULL_NAME_HIT_AT_1_FLOOR = 0.95
SURNAME_HIT_AT_3_FLOOR = 0.95


@dataclass(frozen=True)
class Variant:
    canonical_name: str
    spelling: str
    variant_type: str

    @property
    def is_surname_only(self) -> bool:
        return self.variant_type.startswith("surname-only")

    @property
    def is_full_name(self) -> bool:
        return not self.is_surname_only and not self.variant_type.startswith(
            ("nickname", "given name only")
        )


@pytest.fixture(scope="module")
def index_and_ids() -> tuple[SearchIndex, dict[str, str]]:
    data = resources.files("bot").joinpath("data/belarus.csv").read_bytes()
    prisoners = parse(data, Format.CANONICAL, source_name="belarus.csv").prisoners
    return SearchIndex.build(prisoners), {prisoner.name: prisoner.id for prisoner in prisoners}


@pytest.fixture
def variants(reference_data: Path) -> list[Variant]:
    with (reference_data / "name_variants_dev.tsv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file, delimiter="\t"))
    return [
        Variant(row["canonical_latin_name"], row["variant"], row["variant_type"]) for row in rows
    ]


def hit_rate(
    index: SearchIndex, ids: dict[str, str], variants: list[Variant], within: int
) -> tuple[float, list[str]]:
    """Return the share of variants whose person is among the first `within`, and the misses."""
    misses = [
        variant.spelling
        for variant in variants
        if ids[variant.canonical_name]
        not in [match.prisoner_id for match in index.search(variant.spelling).matches[:within]]
    ]
    return 1 - len(misses) / len(variants), misses


def test_real_spellings_find_the_person(
    index_and_ids: tuple[SearchIndex, dict[str, str]], variants: list[Variant]
) -> None:
    index, ids = index_and_ids
    full_names = [variant for variant in variants if variant.is_full_name]
    surnames = [variant for variant in variants if variant.is_surname_only]
    others = [v for v in variants if not v.is_full_name and not v.is_surname_only]
    assert len(full_names) >= 60
    assert len(surnames) >= 20

    full_hit_at_1, full_misses = hit_rate(index, ids, full_names, within=1)
    surname_hit_at_3, surname_misses = hit_rate(index, ids, surnames, within=3)
    others_hit_at_3, others_misses = hit_rate(index, ids, others, within=3)
    print(
        f"\nfull names: hit@1 {full_hit_at_1:.3f} over {len(full_names)} (misses: {full_misses})"
        f"\nsurnames:   hit@3 {surname_hit_at_3:.3f} over {len(surnames)}"
        f" (misses: {surname_misses})"
        f"\nnicknames and given names alone, not required: hit@3 {others_hit_at_3:.3f}"
        f" over {len(others)} (misses: {others_misses})"
    )
    assert full_hit_at_1 >= FULL_NAME_HIT_AT_1_FLOOR
    assert surname_hit_at_3 >= SURNAME_HIT_AT_3_FLOOR


def test_full_names_in_the_file_are_mostly_clear_answers(
    index_and_ids: tuple[SearchIndex, dict[str, str]], variants: list[Variant]
) -> None:
    index, _ = index_and_ids
    full_names = [variant for variant in variants if variant.is_full_name]
    clear = sum(index.search(variant.spelling).clear for variant in full_names) / len(full_names)
    print(f"\nfull names answered with one clear match: {clear:.3f}")
    assert clear >= 0.9
