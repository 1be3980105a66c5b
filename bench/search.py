"""Search benchmark: index 10,000 people, time queries, and measure quality among distractors.

Run with `.venv/bin/python bench/search.py [people] [queries] [seed]`. The people are synthetic:
common Belarusian given names and surnames combined at random (seeded, so every run indexes the
same people), each written in the official Latin romanisation, in Belarusian and in Russian
Cyrillic. The bundled real records are added, and the real spellings of
`tests/data/name_variants_dev.tsv` must still find them among the distractors. A naive baseline,
rapidfuzz WRatio over the display names only, is measured on the same queries for comparison.
"""

from __future__ import annotations

import csv
import gc
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from bot.domain.dataset import Format, parse
from bot.domain.prisoner import Gender, Prisoner
from bot.domain.search import SearchIndex, normalise

PEOPLE = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
QUERIES = int(sys.argv[2]) if len(sys.argv) > 2 else 2_000
SEED = int(sys.argv[3]) if len(sys.argv) > 3 else 20251213

REFERENCE_DATA = Path(__file__).resolve().parents[1] / "tests" / "data"

# Given names: official Latin romanisation, Belarusian Cyrillic, Russian Cyrillic.
MALE_NAMES = """
Aliaksandr Аляксандр Александр
Siarhei Сяргей Сергей
Andrei Андрэй Андрей
Dzmitry Дзмітрый Дмитрий
Uladzimir Уладзімір Владимир
Aliaksei Аляксей Алексей
Mikalai Мікалай Николай
Ihar Ігар Игорь
Viktar Віктар Виктор
Pavel Павел Павел
Maksim Максім Максим
Yauhen Яўген Евгений
Anatol Анатоль Анатолий
Vasil Васіль Василий
Ivan Іван Иван
Mikhail Міхаіл Михаил
Yury Юрый Юрий
Raman Раман Роман
Artsiom Арцём Артём
Kanstantsin Канстанцін Константин
Valery Валерый Валерий
Uladzislau Уладзіслаў Владислав
Aleh Алег Олег
Vadzim Вадзім Вадим
Stanislau Станіслаў Станислав
Leanid Леанід Леонид
Piotr Пётр Пётр
Hleb Глеб Глеб
Yahor Ягор Егор
Kiryl Кірыл Кирилл
Anton Антон Антон
Mikita Мікіта Никита
Illia Ілья Илья
Dzianis Дзяніс Денис
Ruslan Руслан Руслан
Ryhor Рыгор Григорий
Taras Тарас Тарас
Yan Ян Ян
Arkadz Аркадзь Аркадий
Paulo Паўло Павел
"""

FEMALE_NAMES = """
Maryia Марыя Мария
Volha Вольга Ольга
Alena Алена Елена
Tatsiana Таццяна Татьяна
Natallia Наталля Наталья
Iryna Ірына Ирина
Sviatlana Святлана Светлана
Hanna Ганна Анна
Katsiaryna Кацярына Екатерина
Yulia Юлія Юлия
Liudmila Людміла Людмила
Anastasiya Анастасія Анастасия
Darya Дар'я Дарья
Nadzeya Надзея Надежда
Halina Галіна Галина
Valiantsina Валянціна Валентина
Aksana Аксана Оксана
Ksenia Ксенія Ксения
Palina Паліна Полина
Veranika Вераніка Вероника
Viktoryia Вікторыя Виктория
Larysa Ларыса Лариса
Nina Ніна Нина
Zhanna Жанна Жанна
Kryscina Крысціна Кристина
Liliya Лілія Лилия
Marharyta Маргарыта Маргарита
Yauheniya Яўгенія Евгения
Yana Яна Яна
Raisa Раіса Раиса
"""

# Surnames in their masculine forms; feminine forms are derived by `_feminine`.
SURNAMES = """
Ivanou Іваноў Иванов
Kazlou Казлоў Козлов
Kavaliou Кавалёў Ковалёв
Navitski Навіцкі Новицкий
Shauchenka Шаўчэнка Шевченко
Kavalenka Каваленка Коваленко
Bandarenka Бандарэнка Бондаренко
Marozau Марозаў Морозов
Lukashevich Лукашэвіч Лукашевич
Zhuk Жук Жук
Kuzniatsou Кузняцоў Кузнецов
Piatrou Пятроў Петров
Yakimovich Якімовіч Якимович
Sidarenka Сідарэнка Сидоренко
Klimovich Клімовіч Климович
Hrynevich Грыневіч Гриневич
Malinouski Маліноўскі Малиновский
Karpovich Карповіч Карпович
Tkachou Ткачоў Ткачёв
Babrou Баброў Бобров
Volkau Волкаў Волков
Sakalou Сакалоў Соколов
Lebedzeu Лебедзеў Лебедев
Paulau Паўлаў Павлов
Makarevich Макарэвіч Макаревич
Kastsiuk Касцюк Костюк
Savitski Савіцкі Савицкий
Zhukouski Жукоўскі Жуковский
Radkevich Радкевіч Радкевич
Hurski Гурскі Гурский
Dubouski Дубоўскі Дубовский
Statkevich Статкевіч Статкевич
Martsinkevich Марцінкевіч Марцинкевич
Vasilevich Васілевіч Василевич
Barysevich Барысевіч Борисевич
Yurkevich Юркевіч Юркевич
Ramanovich Рамановіч Романович
Belski Бельскі Бельский
Sinkevich Сінкевіч Синкевич
Antonau Антонаў Антонов
Bahdanovich Багдановіч Богданович
Aliakseyeu Аляксееў Алексеев
Kavalchuk Кавальчук Ковальчук
Melnik Мельнік Мельник
Hanchar Ганчар Гончар
Kuchynski Кучынскі Кучинский
Pashkevich Пашкевіч Пашкевич
Harbachou Гарбачоў Горбачёв
Shumski Шумскі Шумский
Zaitsau Зайцаў Зайцев
Miranovich Мірановіч Миронович
Kaminski Камінскі Каминский
Litvinau Літвінаў Литвинов
Rudzko Рудзько Рудько
Sauchuk Саўчук Савчук
Zhdanovich Ждановіч Жданович
Kurylovich Курыловіч Курилович
Stsepanenka Сцепаненка Степаненко
Dzemidovich Дземідовіч Демидович
Mikhnevich Міхневіч Михневич
Charnyshou Чарнышоў Чернышёв
Hrynkevich Грынкевіч Гринкевич
"""

Forms = tuple[str, str, str]


def _table(text: str) -> list[Forms]:
    rows = [tuple(line.split()) for line in text.strip().splitlines()]
    assert all(len(row) == 3 for row in rows), rows
    return [(row[0], row[1], row[2]) for row in rows]


# Endings of masculine surnames and their feminine forms, per script; longest first.
_FEMININE: tuple[tuple[str, str], ...] = (
    ("iou", "iova"),
    ("ski", "skaya"),
    ("ou", "ova"),
    ("au", "ava"),
    ("eu", "eva"),
    ("ёў", "ёва"),
    ("оў", "ова"),
    ("аў", "ава"),
    ("еў", "ева"),
    ("скі", "ская"),
    ("ский", "ская"),
    ("ов", "ова"),
    ("ев", "ева"),
    ("ёв", "ёва"),
)


def _feminine(word: str) -> str:
    for masculine, feminine in _FEMININE:
        if word.endswith(masculine):
            return word[: -len(masculine)] + feminine
    return word


def synthetic_people(count: int, rng: random.Random) -> list[Prisoner]:
    """Return `count` people with common Belarusian names in three scripts (names may repeat)."""
    male, female, surnames = _table(MALE_NAMES), _table(FEMALE_NAMES), _table(SURNAMES)
    people: list[Prisoner] = []
    for i in range(count):
        is_female = rng.random() < 0.4
        given = rng.choice(female if is_female else male)
        surname = rng.choice(surnames)
        if is_female:
            surname = (_feminine(surname[0]), _feminine(surname[1]), _feminine(surname[2]))
        people.append(
            Prisoner(
                id=f"person-{i}",
                name=f"{given[0]} {surname[0]}",
                name_be=f"{given[1]} {surname[1]}",
                name_ru=f"{given[2]} {surname[2]}",
                gender=Gender.FEMALE if is_female else Gender.MALE,
            )
        )
    return people


def real_people() -> list[Prisoner]:
    data = resources.files("bot").joinpath("data/belarus.csv").read_bytes()
    result = parse(data, Format.CANONICAL, source_name="belarus.csv")
    assert not result.errors, result.errors[:3]
    return list(result.prisoners)


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


def dev_variants() -> list[Variant]:
    with (REFERENCE_DATA / "name_variants_dev.tsv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file, delimiter="\t"))
    return [Variant(r["canonical_latin_name"], r["variant"], r["variant_type"]) for r in rows]


_KEYBOARD_NEIGHBOURS = "qwertyuiopasdfghjklzxcvbnm"


def typo(text: str, rng: random.Random) -> str:
    """Delete, double, swap or replace one letter of `text`."""
    letters = [i for i, char in enumerate(text) if char.isalpha()]
    if len(letters) < 4:
        return text
    i = rng.choice(letters[1:-1])
    kind = rng.randrange(4)
    if kind == 0:
        return text[:i] + text[i + 1 :]
    if kind == 1:
        return text[:i] + text[i] + text[i:]
    if kind == 2 and text[i + 1].isalpha():
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if text[i].isascii():
        return text[:i] + rng.choice(_KEYBOARD_NEIGHBOURS) + text[i + 1 :]
    # A Cyrillic letter: repeat a neighbouring letter instead, as a slip on a phone keyboard.
    return text[:i] + text[i - 1] + text[i + 1 :]


def latency_queries(
    people: Sequence[Prisoner], variants: Sequence[Variant], count: int, rng: random.Random
) -> list[str]:
    """Every dev spelling once, then synthetic names in a random script, order and typo."""
    queries = [variant.spelling for variant in variants]
    while len(queries) < count:
        person = rng.choice(people)
        text = rng.choice([person.name, person.name_be or person.name, person.name_ru or ""])
        parts = text.split()
        roll = rng.random()
        if roll < 0.2:
            parts = parts[-1:]
        elif roll < 0.5:
            parts.reverse()
        query = " ".join(parts)
        if rng.random() < 0.6:
            query = typo(query, rng)
        if rng.random() < 0.3:
            query = query.lower()
        queries.append(query)
    rng.shuffle(queries)
    return queries


Searcher = Callable[[str, int], list[str]]


def index_searcher(index: SearchIndex) -> Searcher:
    def search(query: str, limit: int) -> list[str]:
        return [match.prisoner_id for match in index.search(query, limit).matches]

    return search


def baseline_searcher(people: Sequence[Prisoner]) -> Searcher:
    """rapidfuzz WRatio over display names only: no other scripts, no phonetic folding."""
    names = {person.id: person.name for person in people}

    def search(query: str, limit: int) -> list[str]:
        found = process.extract(
            query, names, scorer=fuzz.WRatio, processor=utils.default_process, limit=limit
        )
        return [key for _, _, key in found]

    return search


def latencies(search: Searcher, queries: Sequence[str]) -> tuple[float, float, float]:
    """Return the p50, p99 and maximum time per query, in milliseconds."""
    for query in queries[:50]:
        search(query, 8)
    gc.collect()
    times: list[float] = []
    for query in queries:
        start = time.perf_counter()
        search(query, 8)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p99 = statistics.quantiles(times, n=100)[98]
    return statistics.median(times), p99, times[-1]


def hit_rate(
    search: Searcher, ids: dict[str, str], variants: Sequence[Variant], within: int
) -> tuple[float, list[str]]:
    misses = [
        variant.spelling
        for variant in variants
        if ids[variant.canonical_name] not in search(variant.spelling, within)[:within]
    ]
    return 1 - len(misses) / max(len(variants), 1), misses


def main() -> None:
    rng = random.Random(SEED)
    real = real_people()
    people = [*synthetic_people(PEOPLE, rng), *real]
    variants = dev_variants()
    queries = latency_queries(people, variants, QUERIES, rng)

    # Both builds start from cold word caches, as after a restart.
    normalise._word_skeleton.cache_clear()
    gc.collect()
    start = time.perf_counter()
    index = SearchIndex.build(people)
    build_seconds = time.perf_counter() - start

    # Memory is traced in a second build: tracing slows Python down several times.
    normalise._word_skeleton.cache_clear()
    gc.collect()
    tracemalloc.start()
    traced = SearchIndex.build(people)
    retained, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del traced

    ids = {person.name: person.id for person in real}
    full = [variant for variant in variants if variant.is_full_name]
    surnames = [variant for variant in variants if variant.is_surname_only]
    others = [v for v in variants if not v.is_full_name and not v.is_surname_only]

    print(f"search benchmark: {PEOPLE:,} synthetic + {len(real)} real people, seed {SEED}")
    print(f"  index build:                 {build_seconds * 1000:8.1f} ms")
    print(f"  memory while building:       {peak / 1e6:8.1f} MB peak, {retained / 1e6:.1f} MB kept")
    print(f"  queries timed:               {len(queries):8,}")
    header = f"  {'':34}{'index':>10}{'baseline':>12}"
    print(header)
    searchers = {"index": index_searcher(index), "baseline": baseline_searcher(people)}
    timing = {name: latencies(search, queries) for name, search in searchers.items()}
    for label, position in (("p50 latency (ms)", 0), ("p99 latency (ms)", 1), ("max (ms)", 2)):
        values = [timing[name][position] for name in searchers]
        print(f"  {label:34}{values[0]:>10.3f}{values[1]:>12.3f}")
    misses: dict[str, list[str]] = {}
    for label, group, within in (
        (f"full names hit@1 (n={len(full)})", full, 1),
        (f"surnames hit@3 (n={len(surnames)})", surnames, 3),
        (f"nicknames, given names hit@3 (n={len(others)})", others, 3),
    ):
        rates = []
        for name, search in searchers.items():
            rate, missed = hit_rate(search, ids, group, within)
            rates.append(rate)
            if name == "index" and missed:
                misses[label] = missed
        print(f"  {label:34}{rates[0]:>10.3f}{rates[1]:>12.3f}")
    for label, missed in misses.items():
        print(f"  index misses, {label}: {missed}")


if __name__ == "__main__":
    main()
