"""Time zones people type: cities like Minsk or «Варшава», IANA names, offsets like `UTC+3`."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from datetime import UTC, timedelta, timezone, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

# The zones most of the first audience lives in, offered as buttons; any other can be typed.
COMMON_ZONES = (
    "Europe/Minsk",
    "Europe/Warsaw",
    "Europe/Vilnius",
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
)

_OFFSET = re.compile(
    r"(?:UTC|GMT|UT)?\s*(?P<sign>[+\-−])\s*(?P<hours>\d{1,2})(?:(?::|\.|\s*)(?P<minutes>\d{2}))?",
    re.IGNORECASE,
)
# Real offsets run from UTC-12:00 to UTC+14:00.
_WEST_LIMIT = timedelta(hours=-12)
_EAST_LIMIT = timedelta(hours=14)
MAX_NAME_LENGTH = 64


# Cities people name when asked where they are, by zone, separated by commas: in English,
# Belarusian and Russian, and in the local spelling where it differs. The audience lives mostly
# in Belarus and the countries around it; any other city whose name ends an IANA zone name
# (Tokyo, Kathmandu) is found too.
CITIES: dict[str, str] = {
    "Europe/Minsk": (
        "Minsk, Мінск, Минск, Brest, Брэст, Брест, Hrodna, Grodno, Гродна, Гродно, "
        "Homiel, Homel, Gomel, Гомель, Mahiliou, Mahilyow, Mogilev, Магілёў, Могилёв, "
        "Vitsebsk, Vitebsk, Віцебск, Витебск, Babruisk, Bobruisk, Бабруйск, Бобруйск, "
        "Baranavichy, Baranovichi, Баранавічы, Барановичи, Pinsk, Пінск, Пинск, Polatsk, "
        "Polotsk, Полацк, Полоцк, Navapolatsk, Novopolotsk, Наваполацк, Новополоцк, "
        "Mazyr, Mozyr, Мазыр, Мозырь, Lida, Ліда, Лида, Barysau, Borisov, Барысаў, "
        "Борисов, Salihorsk, Soligorsk, Салігорск, Солигорск"
    ),
    "Europe/Warsaw": (
        "Warsaw, Warszawa, Варшава, Krakow, Kraków, Cracow, Кракаў, Краков, Gdansk, "
        "Gdańsk, Гданьск, Wroclaw, Wrocław, Вроцлаў, Вроцлав, Poznan, Poznań, Познань, "
        "Lodz, Łódź, Лодзь, Bialystok, Białystok, Беласток, Белосток, Lublin, Люблін, "
        "Люблин"
    ),
    "Europe/Vilnius": (
        "Vilnius, Vilna, Wilno, Вільня, Вільнюс, Вильнюс, Kaunas, Каўнас, Каунас, "
        "Klaipeda, Klaipėda, Клайпеда"
    ),
    "Europe/Riga": "Riga, Rīga, Рыга, Рига",
    "Europe/Tallinn": "Tallinn, Талін, Таллин",
    "Europe/Kyiv": (
        "Kyiv, Kiev, Кіеў, Киев, Київ, Lviv, Lvov, Львоў, Львов, Львів, Kharkiv, "
        "Kharkov, Харкаў, Харьков, Харків, Odesa, Odessa, Адэса, Одесса, Одеса"
    ),
    "Europe/Moscow": (
        "Moscow, Масква, Москва, Saint Petersburg, St Petersburg, St. Petersburg, "
        "Санкт-Пецярбург, Пецярбург, Санкт-Петербург, Петербург"
    ),
    "Asia/Tbilisi": "Tbilisi, Тбілісі, Тбилиси, Batumi, Батумі, Батуми",
    "Asia/Yerevan": "Yerevan, Ерэван, Ереван",
    "Asia/Baku": "Baku, Баку",
    "Asia/Almaty": "Almaty, Алматы",
    "Asia/Tashkent": "Tashkent, Ташкент",
    "Europe/Chisinau": "Chisinau, Chișinău, Кішынёў, Кишинёв",
    "Europe/Berlin": (
        "Berlin, Берлін, Берлин, Munich, München, Мюнхен, Hamburg, Гамбург, Frankfurt, "
        "Франкфурт, Cologne, Köln, Кёльн"
    ),
    "Europe/London": (
        "London, Лондан, Лондон, Manchester, Манчэстэр, Манчестер, Edinburgh, Эдынбург, Эдинбург"
    ),
    "Europe/Dublin": "Dublin, Дублін, Дублин",
    "Europe/Prague": "Prague, Praha, Прага, Brno, Брно",
    "Europe/Bratislava": "Bratislava, Браціслава, Братислава",
    "Europe/Vienna": "Vienna, Wien, Вена",
    "Europe/Budapest": "Budapest, Будапешт",
    "Europe/Paris": "Paris, Парыж, Париж",
    "Europe/Brussels": "Brussels, Bruxelles, Брусэль, Брюссель",
    "Europe/Amsterdam": "Amsterdam, Амстэрдам, Амстердам",
    "Europe/Zurich": "Zurich, Zürich, Цюрых, Цюрих, Geneva, Genève, Жэнева, Женева",
    "Europe/Rome": "Rome, Roma, Рым, Рим, Milan, Milano, Мілан, Милан",
    "Europe/Madrid": "Madrid, Мадрыд, Мадрид, Barcelona, Барселона",
    "Europe/Lisbon": "Lisbon, Lisboa, Лісабон, Лиссабон",
    "Europe/Stockholm": "Stockholm, Стакгольм, Стокгольм",
    "Europe/Oslo": "Oslo, Осла, Осло",
    "Europe/Copenhagen": "Copenhagen, København, Капенгаген, Копенгаген",
    "Europe/Helsinki": "Helsinki, Хельсінкі, Хельсинки",
    "Europe/Bucharest": "Bucharest, București, Бухарэст, Бухарест",
    "Europe/Sofia": "Sofia, Сафія, София",
    "Europe/Athens": "Athens, Афіны, Афины",
    "Europe/Belgrade": "Belgrade, Beograd, Бялград, Белград",
    "Europe/Podgorica": "Podgorica, Падгорыца, Подгорица",
    "Europe/Istanbul": "Istanbul, Стамбул",
    "Asia/Nicosia": "Nicosia, Нікасія, Никосия, Limassol, Лімасол, Лимасол",
    "Asia/Jerusalem": "Jerusalem, Ерусалім, Иерусалим, Tel Aviv, Тэль-Авіў, Тель-Авив",
    "Asia/Dubai": "Dubai, Дубай",
    "America/New_York": (
        "New York, Нью-Ёрк, Нью-Йорк, Washington, Вашынгтон, Вашингтон, Boston, Бостан, Бостон"
    ),
    "America/Chicago": "Chicago, Чыкага, Чикаго",
    "America/Los_Angeles": (
        "Los Angeles, Лос-Анджэлес, Лос-Анджелес, San Francisco, Сан-Францыска, Сан-Франциско"
    ),
    "America/Toronto": "Toronto, Таронта, Торонто, Montreal, Манрэаль, Монреаль",
    "America/Vancouver": "Vancouver, Ванкувер",
    "America/Argentina/Buenos_Aires": "Buenos Aires, Буэнас-Айрэс, Буэнос-Айрес",
    "Australia/Sydney": "Sydney, Сідней, Сидней",
    "Australia/Melbourne": "Melbourne, Мельбурн",
}
# The older name of a zone, for a system whose time-zone data predates the new one.
_OLDER_NAMES = {"Europe/Kyiv": "Europe/Kiev"}
# Zone folders whose last part names no city: offsets, legacy copies.
_NO_CITIES = ("Etc/", "posix/", "right/", "SystemV/")
# Apostrophes, hyphens, dots and underscores inside a name count as one space.
_SEPARATORS = re.compile(r"[\s\-_.'’ʼ`]+")


@cache
def _zones_by_folded_name() -> dict[str, str]:
    # `localtime` is the server's own zone, a link that can change under a stored setting.
    return {name.casefold(): name for name in available_timezones() if name != "localtime"}


def fold_city(text: str) -> str:
    """Reduce a city name to how it is compared: no case, accents or breves, one kind of space.

    So "Krakow" meets "Kraków", «Кіеу» (typed without ў) meets «Кіеў», and "Tel-Aviv" meets
    "Tel Aviv".
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_SEPARATORS.sub(" ", bare).split())


@cache
def _zones_by_city() -> dict[str, str]:
    """Map folded city names to zones: the table above, then the last part of zone names."""
    zones = _zones_by_folded_name()
    by_tail: dict[str, set[str]] = defaultdict(set)
    for name in zones.values():
        if "/" in name and not name.startswith(_NO_CITIES):
            by_tail[fold_city(name.rsplit("/", 1)[1])].add(name)
    # A last part that two zones share ("Eastern", "Nicosia") names no one place: left out.
    cities = {tail: names.pop() for tail, names in by_tail.items() if len(names) == 1}
    for zone_name, names in CITIES.items():
        found = zones.get(zone_name.casefold()) or zones.get(
            _OLDER_NAMES.get(zone_name, "").casefold()
        )
        if found is None:
            continue
        for city in names.split(","):
            cities[fold_city(city)] = found
    return cities


def parse_timezone(text: str) -> str | None:
    """Return the canonical name of the zone a person typed, or None if it is not one.

    IANA names are matched without regard to case, with spaces read as underscores
    (`europe/warsaw`, `America/New York`). Offsets (`UTC+3`, `GMT-05:30`, `+3`) become
    `UTC+03:00`; a bare `UTC` or `GMT` is `UTC`. A city gives its zone: "Minsk", «Мінск» and
    «Минск» are `Europe/Minsk`, «Вільня» `Europe/Vilnius`, "Tokyo" `Asia/Tokyo`.
    """
    cleaned = " ".join(text.split())
    if not cleaned or len(cleaned) > MAX_NAME_LENGTH:
        return None
    if cleaned.casefold() in ("utc", "gmt", "ut", "z"):
        return "UTC"
    offset = _OFFSET.fullmatch(cleaned)
    if offset is not None:
        return _offset_name(offset)
    named = _zones_by_folded_name().get(cleaned.replace(" ", "_").casefold())
    if named is not None:
        return named
    return _zones_by_city().get(fold_city(cleaned))


def _offset_name(match: re.Match[str]) -> str | None:
    hours, minutes = int(match["hours"]), int(match["minutes"] or 0)
    if minutes >= 60:
        return None
    sign = -1 if match["sign"] in "-−" else 1
    delta = sign * timedelta(hours=hours, minutes=minutes)
    if not _WEST_LIMIT <= delta <= _EAST_LIMIT:
        return None
    if not delta:
        return "UTC"
    return f"UTC{'+' if sign > 0 else '-'}{hours:02d}:{minutes:02d}"


def zone(name: str) -> tzinfo:
    """Return the tzinfo of a name parse_timezone returned; unknown names raise ValueError."""
    if name == "UTC":
        return UTC
    if name.startswith("UTC") and len(name) == 9:
        sign = -1 if name[3] == "-" else 1
        return timezone(sign * timedelta(hours=int(name[4:6]), minutes=int(name[7:9])), name)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown time zone {name!r}") from error
