"""Localisation: Fluent messages per language, with HTML-escaped arguments.

Every text a person reads comes from `bot/locales/<language>/*.ftl`. Each language folder is
one Fluent bundle; plural and number rules come from CLDR through Babel. A message missing in a
language falls back to English, so a half-finished translation never shows a raw message id.

Dates go through `long_date`, `day_month` and `weekday`, numbers through Fluent: English is
British ("13 December 2025", "1,500"); Belarusian and Russian group digits only from five on
("1500 дзён", "12 345 дзён", with a non-breaking space), as their typography does.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from babel.dates import format_date, format_skeleton
from babel.units import format_unit
from fluent.runtime import FluentBundle, FluentResource
from fluent.runtime.types import FluentInt
from fluent.syntax import ast as ftl

LOCALES_DIR = Path(__file__).parent / "locales"
FALLBACK_LANGUAGE = "en"

Args = Mapping[str, str | int | float | date | datetime | None]

# The Babel locale that writes dates and numbers for each language, where it is not the
# language itself: the bot's English is British.
_BABEL_LOCALES = {"en": "en_GB"}
# Languages whose typography leaves numbers of four digits ungrouped (1500, but 12 345).
_UNGROUPED_BELOW = {"be": 10_000, "ru": 10_000}


class LocalisationError(Exception):
    """A message is missing, broken, or was given the wrong arguments."""


def available_languages(locales_dir: Path = LOCALES_DIR) -> tuple[str, ...]:
    """Return the languages that have a folder of messages, fallback language first."""
    found = sorted(p.name for p in locales_dir.iterdir() if p.is_dir() and any(p.glob("*.ftl")))
    return tuple(sorted(found, key=lambda lang: lang != FALLBACK_LANGUAGE))


@functools.lru_cache(maxsize=256)
def _parse(source: str) -> ftl.Resource:
    """Parse a file's text, once per process for the same text.

    Fluent's parser takes most of start-up (about a second for every file in every language),
    and a bundle only reads what it is given, so every Localizer can share the parsed files.
    """
    return FluentResource(source)


def _load_bundle(language: str, folder: Path) -> tuple[FluentBundle, frozenset[str]]:
    bundle = FluentBundle([language], use_isolating=False)
    ids: set[str] = set()
    for path in sorted(folder.glob("*.ftl")):
        resource = _parse(path.read_text(encoding="utf-8"))
        junk = [item for item in resource.body if isinstance(item, ftl.Junk)]
        if junk:
            raise LocalisationError(f"{path}: syntax error near {(junk[0].content or '')[:60]!r}")
        for item in resource.body:
            if isinstance(item, ftl.Message):
                if item.id.name in ids:
                    raise LocalisationError(f"{path}: message {item.id.name} is defined twice")
                ids.add(item.id.name)
        bundle.add_resource(resource)
    return bundle, frozenset(ids)


@dataclass(frozen=True, slots=True)
class Translator:
    """Format messages of one language; string arguments are escaped for Telegram HTML."""

    language: str
    _bundle: FluentBundle
    _fallback: FluentBundle | None

    @property
    def locale(self) -> str:
        """Return the Babel locale that writes this language's dates and numbers ("en_GB")."""
        return babel_locale(self.language)

    def __call__(self, message_id: str, /, **args: Any) -> str:
        """Return the message `message_id` formatted with `args`."""
        return self.format(message_id, args)

    def format(self, message_id: str, args: Args | None = None, *, escape: bool = True) -> str:
        """Return the message formatted; `escape=False` for plain-text front ends (the CLI)."""
        bundle = self._bundle
        if not bundle.has_message(message_id):
            if self._fallback is None or not self._fallback.has_message(message_id):
                raise LocalisationError(f"no message {message_id!r}")
            bundle = self._fallback
        message = bundle.get_message(message_id)
        if message.value is None:
            raise LocalisationError(f"message {message_id!r} has no value")
        prepared = {
            name: _prepare(value, escape, self.language) for name, value in (args or {}).items()
        }
        text, errors = bundle.format_pattern(message.value, prepared)
        if errors:
            raise LocalisationError(f"message {message_id!r}: {errors[0]}")
        return str(text)


def _prepare(value: object, escape: bool, language: str) -> object:
    if isinstance(value, str):
        return html.escape(value) if escape else value
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        limit = _UNGROUPED_BELOW.get(language)
        if limit is not None and -limit < value < limit:
            # Still a number to Fluent, so plural forms are chosen as before.
            return FluentInt(value, useGrouping=False)
    return value


class Localizer:
    """All languages the bot speaks, loaded once at start-up."""

    def __init__(self, locales_dir: Path = LOCALES_DIR) -> None:
        self.languages = available_languages(locales_dir)
        if FALLBACK_LANGUAGE not in self.languages:
            raise LocalisationError(f"{locales_dir} has no {FALLBACK_LANGUAGE} messages")
        bundles = {lang: _load_bundle(lang, locales_dir / lang) for lang in self.languages}
        self.message_ids: Mapping[str, frozenset[str]] = {
            lang: ids for lang, (_, ids) in bundles.items()
        }
        fallback = bundles[FALLBACK_LANGUAGE][0]
        self._translators = {
            lang: Translator(lang, bundle, None if lang == FALLBACK_LANGUAGE else fallback)
            for lang, (bundle, _) in bundles.items()
        }

    def __call__(self, language: str | None) -> Translator:
        """Return the translator for `language`, or the fallback language's one."""
        return self._translators.get(language or "", self._translators[FALLBACK_LANGUAGE])

    def supports(self, language: str | None) -> bool:
        """Tell whether the bot speaks `language`."""
        return language in self._translators

    def guess(self, language_code: str | None, default: str) -> str:
        """Pick a language from Telegram's language_code ("ru", "be-BY"), else `default`."""
        if language_code:
            primary = language_code.split("-")[0].lower()
            if primary in self._translators:
                return primary
        return default if default in self._translators else FALLBACK_LANGUAGE


def babel_locale(language: str) -> str:
    """Return the Babel locale for a language's dates and numbers: en_GB for English."""
    return _BABEL_LOCALES.get(language, language)


def long_date(value: date, language: str) -> str:
    """Write a full date: "13 December 2025", «13 снежня 2025 г.», «13 декабря 2025 г.»."""
    return format_date(value, "long", locale=babel_locale(language))


def day_month(value: date, language: str) -> str:
    """Write a day of the year without the year: "13 December", «13 снежня»."""
    return format_skeleton("MMMMd", value, locale=babel_locale(language))


def weekday(value: date, language: str) -> str:
    """Name the day of the week: "Saturday", «субота»."""
    return format_date(value, "EEEE", locale=babel_locale(language))


def file_size(size: int, language: str) -> str:
    """Write a file size as people read it in a language: 812 kB, 3.4 MB."""
    value, unit = size / 1000, "digital-kilobyte"
    for bigger in ("digital-megabyte", "digital-gigabyte"):
        if value < 1000:
            break
        value, unit = value / 1000, bigger
    return format_unit(value, unit, length="short", format="#,##0.#", locale=babel_locale(language))
