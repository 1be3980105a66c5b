"""Time zones as people type them: IANA names in any case, offsets in the usual spellings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.timezones import (
    CITIES,
    COMMON_ZONES,
    MAX_NAME_LENGTH,
    fold_city,
    parse_timezone,
    zone,
)

# A winter and a summer moment, so zones with daylight saving show both offsets.
WINTER = datetime(2025, 1, 15, 12, 0, tzinfo=UTC)
SUMMER = datetime(2025, 7, 15, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Europe/Warsaw", "Europe/Warsaw"),
        ("europe/warsaw", "Europe/Warsaw"),
        ("EUROPE/MINSK", "Europe/Minsk"),
        ("America/New York", "America/New_York"),
        ("  america/new   york ", "America/New_York"),
        ("America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"),
        ("Etc/GMT+3", "Etc/GMT+3"),
        ("UTC+3", "UTC+03:00"),
        ("utc+3", "UTC+03:00"),
        ("UTC + 3", "UTC+03:00"),
        ("GMT-5", "UTC-05:00"),
        ("GMT-05:30", "UTC-05:30"),
        ("+3", "UTC+03:00"),
        ("-03:00", "UTC-03:00"),
        ("UTC+5:30", "UTC+05:30"),
        ("UTC+05:45", "UTC+05:45"),
        ("UTC−3", "UTC-03:00"),
        ("UTC+14", "UTC+14:00"),
        ("UTC+14:00", "UTC+14:00"),
        ("UTC-12", "UTC-12:00"),
        ("UTC-12:00", "UTC-12:00"),
        ("UTC", "UTC"),
        ("utc", "UTC"),
        ("GMT", "UTC"),
        ("UTC+0", "UTC"),
        ("UTC-0", "UTC"),
        ("GMT+00:00", "UTC"),
    ],
)
def test_parse_timezone_accepts(text: str, expected: str) -> None:
    assert parse_timezone(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Mars/Olympus",
        "UTC+99",
        "UTC+15",
        "UTC-13",
        "UTC+14:01",
        "UTC-12:30",
        "UTC+3:75",
        "UTC+3:60",
        "UTC+3.5",
        "UTC 3",
        "3",
        "UTC+",
        "",
        "   ",
        "\t\n",
        "Europe/Warsaw" + "x" * 87,
        "a" * 100,
        "Europe/",
        "/Warsaw",
        "Narnia",
        "Мінскк",
        # The last part of two zones (US/Eastern, Canada/Eastern): no one place.
        "Eastern",
        "DROP TABLE chats",
        "../../etc/passwd",
        "posixrules",
        # The server's own zone: it would follow the machine, not the person.
        "localtime",
    ],
)
def test_parse_timezone_rejects(text: str) -> None:
    assert parse_timezone(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Minsk", "Europe/Minsk"),
        ("Мінск", "Europe/Minsk"),
        ("Минск", "Europe/Minsk"),
        ("  мінск ", "Europe/Minsk"),
        ("Гомель", "Europe/Minsk"),
        ("Гродна", "Europe/Minsk"),
        ("Warsaw", "Europe/Warsaw"),
        ("Варшава", "Europe/Warsaw"),
        ("Warszawa", "Europe/Warsaw"),
        ("Białystok", "Europe/Warsaw"),
        ("Bialystok", "Europe/Warsaw"),
        ("Беласток", "Europe/Warsaw"),
        ("Vilnius", "Europe/Vilnius"),
        ("Вільня", "Europe/Vilnius"),
        ("Вильнюс", "Europe/Vilnius"),
        ("Kyiv", "Europe/Kyiv"),
        ("Кіеў", "Europe/Kyiv"),
        ("Кіеу", "Europe/Kyiv"),
        ("Киев", "Europe/Kyiv"),
        ("London", "Europe/London"),
        ("Лондан", "Europe/London"),
        ("Berlin", "Europe/Berlin"),
        ("Берлін", "Europe/Berlin"),
        ("Tbilisi", "Asia/Tbilisi"),
        ("Тбилиси", "Asia/Tbilisi"),
        ("Riga", "Europe/Riga"),
        ("Рыга", "Europe/Riga"),
        ("Prague", "Europe/Prague"),
        ("Прага", "Europe/Prague"),
        ("Санкт-Петербург", "Europe/Moscow"),
        ("St. Petersburg", "Europe/Moscow"),
        ("new york", "America/New_York"),
        ("Нью-Ёрк", "America/New_York"),
        ("Нью Йорк", "America/New_York"),
        # Any city that ends a zone's name.
        ("Tokyo", "Asia/Tokyo"),
        ("kathmandu", "Asia/Kathmandu"),
        ("Buenos Aires", "America/Argentina/Buenos_Aires"),
    ],
)
def test_parse_timezone_accepts_cities(text: str, expected: str) -> None:
    assert parse_timezone(text) == expected


def test_a_city_named_in_two_zones_is_an_error_in_the_table() -> None:
    zones_by_city: dict[str, set[str]] = {}
    for zone_name, names in CITIES.items():
        for city in names.split(","):
            zones_by_city.setdefault(fold_city(city), set()).add(zone_name)

    assert {city: z for city, z in zones_by_city.items() if len(z) > 1} == {}
    assert "" not in zones_by_city


@pytest.mark.parametrize("zone_name", sorted(CITIES))
def test_every_zone_of_the_city_table_exists(zone_name: str) -> None:
    city = CITIES[zone_name].split(",")[0]

    found = parse_timezone(city)

    assert found is not None
    assert zone(found).utcoffset(WINTER) == ZoneInfo(zone_name).utcoffset(WINTER)


def test_runs_of_spaces_do_not_count_towards_the_length_limit() -> None:
    spaced = "UTC" + " " * (2 * MAX_NAME_LENGTH) + "+3"

    assert parse_timezone(spaced) == "UTC+03:00"
    assert parse_timezone("Europe/" + "x" * MAX_NAME_LENGTH) is None


# IANA names that are read as the UTC offset they spell.
_READ_AS_UTC = frozenset({"GMT", "GMT+0", "GMT-0"})


def test_every_zone_name_is_read_back_as_itself() -> None:
    names = available_timezones() - _READ_AS_UTC - {"localtime"}
    misread = {
        typed: parse_timezone(typed)
        for name in names
        for typed in (name, name.upper(), name.lower().replace("_", " "))
        if parse_timezone(typed) != name
    }

    assert len(names) > 400
    assert misread == {}
    assert {parse_timezone(name) for name in _READ_AS_UTC} == {"UTC"}


@pytest.mark.parametrize("name", COMMON_ZONES)
def test_common_zones_are_canonical_names(name: str) -> None:
    assert parse_timezone(name) == name
    assert isinstance(zone(name), ZoneInfo)


@pytest.mark.parametrize(
    ("name", "offset"),
    [
        ("UTC", timedelta(0)),
        ("UTC+03:00", timedelta(hours=3)),
        ("UTC-05:30", timedelta(hours=-5, minutes=-30)),
        ("UTC+05:45", timedelta(hours=5, minutes=45)),
        ("UTC+14:00", timedelta(hours=14)),
        ("UTC-12:00", timedelta(hours=-12)),
    ],
)
def test_zone_of_an_offset_name_has_that_offset(name: str, offset: timedelta) -> None:
    tz = zone(name)

    assert tz.utcoffset(WINTER) == offset
    assert tz.utcoffset(SUMMER) == offset
    assert WINTER.astimezone(tz).utcoffset() == offset


def test_zone_of_a_typed_offset_round_trips() -> None:
    name = parse_timezone("GMT-05:30")
    assert name is not None

    local = WINTER.astimezone(zone(name))

    assert (local.hour, local.minute) == (6, 30)
    assert local.tzname() == "UTC-05:30"


@pytest.mark.parametrize(
    ("name", "winter", "summer"),
    [
        ("Europe/Warsaw", timedelta(hours=1), timedelta(hours=2)),
        ("Europe/Minsk", timedelta(hours=3), timedelta(hours=3)),
        ("America/New_York", timedelta(hours=-5), timedelta(hours=-4)),
        ("Asia/Kathmandu", timedelta(hours=5, minutes=45), timedelta(hours=5, minutes=45)),
    ],
)
def test_zone_of_an_iana_name_is_its_zoneinfo(
    name: str, winter: timedelta, summer: timedelta
) -> None:
    tz = zone(name)

    assert isinstance(tz, ZoneInfo)
    assert tz.key == name
    assert WINTER.astimezone(tz).utcoffset() == winter
    assert SUMMER.astimezone(tz).utcoffset() == summer


@pytest.mark.parametrize(
    "name",
    ["Mars/Olympus", "", "europe/warsaw_", "../../etc/passwd", "/etc/localtime", "UTC+99:00"],
)
def test_zone_of_an_unknown_name_raises_value_error(name: str) -> None:
    with pytest.raises(ValueError, match=r"time zone|offset"):
        zone(name)


_SIGNS = st.sampled_from(["+", "-", "−"])
_PREFIXES = st.sampled_from(["", "UTC", "utc", "GMT", "gmt", "UT", "UTC ", "GMT "])
_SEPARATORS = st.sampled_from(["", ":", ".", " "])


@st.composite
def _typed_offsets(draw: st.DrawFn) -> str:
    hours = draw(st.integers(min_value=0, max_value=99))
    text = f"{draw(_PREFIXES)}{draw(_SIGNS)}{hours:0{draw(st.integers(1, 2))}d}"
    if draw(st.booleans()):
        text += f"{draw(_SEPARATORS)}{draw(st.integers(min_value=0, max_value=99)):02d}"
    return text


_TYPED = st.one_of(
    _typed_offsets(),
    st.sampled_from(sorted(available_timezones())),
    st.text(max_size=80),
    st.text(alphabet="UTCGMutcgm+-−:. 0123456789/", max_size=12),
)


@given(_TYPED)
def test_every_name_parse_timezone_returns_is_a_zone(text: str) -> None:
    name = parse_timezone(text)
    if name is None:
        return

    tz = zone(name)
    offset = tz.utcoffset(WINTER)

    assert offset is not None
    assert parse_timezone(name) == name
    if name.startswith("UTC"):
        assert timedelta(hours=-12) <= offset <= timedelta(hours=14)
        assert tz.utcoffset(SUMMER) == offset
    else:
        assert isinstance(tz, ZoneInfo)


@given(
    _SIGNS,
    st.integers(min_value=0, max_value=14),
    st.sampled_from([0, 15, 30, 45]),
)
def test_typed_offsets_in_range_keep_their_value(sign: str, hours: int, minutes: int) -> None:
    expected = (-1 if sign in "-−" else 1) * timedelta(hours=hours, minutes=minutes)
    in_range = timedelta(hours=-12) <= expected <= timedelta(hours=14)

    name = parse_timezone(f"UTC{sign}{hours}:{minutes:02d}")

    if not in_range:
        assert name is None
        return
    assert name is not None
    assert zone(name).utcoffset(WINTER) == expected
