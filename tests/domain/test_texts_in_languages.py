"""Cards, daily messages and news in the chat's language: its words, its data, its dates."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.domain.card import charges_in, text_in
from bot.domain.events import Event, EventKind
from bot.domain.news import NewsItem, NewsKind
from bot.domain.prisoner import Gender, Letters, Prisoner, Status
from bot.l10n import Localizer, Translator
from bot.rendering.cards import render_card
from bot.rendering.digests import coming_line, event_line, render_digest, render_news

TODAY = date(2026, 7, 12)  # a Sunday, the day of the weekly prompt
RECORDED = datetime(2026, 7, 12, 8, 0, tzinfo=UTC)
MAX_AGE = 45
POCZOBUT = Prisoner(
    id="andrzej-poczobut",
    name="Andrzej Poczobut",
    name_be="Анджэй Пачобут",
    name_ru="Анджей Почобут",
    gender=Gender.MALE,
    birth_date=date(1973, 7, 16),
    detained_on=date(2021, 3, 25),
    status=Status.IMPRISONED,
    status_note="Not among those released on 2025-12-13 or 2026-03-19.",
    status_note_be="Яго не было сярод вызваленых 13 снежня 2025 г. і 19 сакавіка 2026 г.",
    sentence="8 years",
    sentence_be="8 гадоў",
    sentence_ru="8 лет",
    sentenced_on=date(2023, 2, 8),
    charges=("Part 3 Art. 130 CC (incitement of hatred)",),
    charges_be=("ч. 3 арт. 130 КК (распальванне варожасці)",),
    facility="Penal colony No. 1, Navapolatsk",
    facility_be="Папраўчая калонія № 1, Наваполацк",
    facility_ru="Исправительная колония № 1, Новополоцк",
    organization="Union of Poles in Belarus",
    organization_be="Саюз палякаў на Беларусі",
    summary="Member of the Union of Poles in Belarus.",
    summary_be="Сябра Саюза палякаў на Беларусі.",
    summary_ru="Член Союза поляков на Беларуси.",
    verified_on=TODAY - timedelta(days=3),
)


def _t(language: str) -> Translator:
    return Localizer()(language)


# -- free text in the chat's language ---------------------------------------------------------


def test_a_field_is_read_in_the_chat_s_language_or_else_as_it_is() -> None:
    assert text_in(POCZOBUT, "summary", "be") == "Сябра Саюза палякаў на Беларусі."
    assert text_in(POCZOBUT, "summary", "ru") == "Член Союза поляков на Беларуси."
    assert text_in(POCZOBUT, "summary", "en") == "Member of the Union of Poles in Belarus."
    assert text_in(POCZOBUT, "summary", None) == "Member of the Union of Poles in Belarus."
    # No Russian wording of the organisation: Russian chats read the base text.
    assert text_in(POCZOBUT, "organization", "ru") == "Union of Poles in Belarus"
    assert text_in(POCZOBUT, "sentence", "pl") == "8 years"
    assert charges_in(POCZOBUT, "be") == ("ч. 3 арт. 130 КК (распальванне варожасці)",)
    assert charges_in(POCZOBUT, "ru") == POCZOBUT.charges
    assert charges_in(POCZOBUT, "en") == POCZOBUT.charges


def test_a_belarusian_card_shows_the_belarusian_data() -> None:
    card = render_card(POCZOBUT, _t("be"), TODAY, address_max_age_days=MAX_AGE)

    assert "Прысуд: 8 гадоў (вынесены 8 лютага 2023\u202fг.)" in card
    assert "Абвінавачванне: ч. 3 арт. 130 КК (распальванне варожасці)" in card
    assert "Месца ўтрымання: Папраўчая калонія № 1, Наваполацк" in card
    assert "Арганізацыя: Саюз палякаў на Беларусі" in card
    assert "Сябра Саюза палякаў на Беларусі." in card
    assert "Яго не было сярод вызваленых" in card
    for english in ("8 years", "Union of Poles", "Penal colony", "Member of", "incitement"):
        assert english not in card


def test_a_russian_card_falls_back_to_the_base_field_where_it_has_no_russian() -> None:
    card = render_card(POCZOBUT, _t("ru"), TODAY, address_max_age_days=MAX_AGE)

    assert "Приговор: 8 лет (вынесен 8 февраля 2023\u202fг.)" in card
    assert "Место содержания: Исправительная колония № 1, Новополоцк" in card
    assert "Организация: Union of Poles in Belarus" in card
    assert "Обвинение: Part 3 Art. 130 CC (incitement of hatred)" in card
    assert "Not among those released" in card


def test_an_english_card_is_british_and_keeps_the_base_fields() -> None:
    card = render_card(POCZOBUT, _t("en"), TODAY, address_max_age_days=MAX_AGE)

    assert "🔒 <b>In prison</b> since 25 March 2021" in card
    assert "Sentence: 8 years (sentenced on 8 February 2023)" in card
    assert "Held at: Penal colony No. 1, Navapolatsk" in card
    assert "Member of the Union of Poles in Belarus." in card
    assert "As of 9 July 2026." in card
    assert "Сябра" not in card


def test_be_and_ru_cards_write_four_digit_day_counts_without_a_space() -> None:
    long_ago = dataclasses.replace(POCZOBUT, detained_on=date(2021, 3, 25))

    be = render_card(long_ago, _t("be"), TODAY, address_max_age_days=MAX_AGE)
    ru = render_card(long_ago, _t("ru"), TODAY, address_max_age_days=MAX_AGE)
    en = render_card(long_ago, _t("en"), TODAY, address_max_age_days=MAX_AGE)

    assert "(1935 дзён)" in be
    assert "(1935 дней)" in ru
    assert "(1,935 days)" in en


# -- the daily message -------------------------------------------------------------------------


def test_a_digest_line_under_the_name_leaves_the_name_out_in_belarusian_and_russian() -> None:
    milestone = Event(EventKind.DAYS_MILESTONE, POCZOBUT.id, TODAY, days=1500)
    people = {POCZOBUT.id: POCZOBUT}

    [be] = render_digest(_t("be"), TODAY, [milestone], people, "bot", address_max_age_days=MAX_AGE)
    [ru] = render_digest(_t("ru"), TODAY, [milestone], people, "bot", address_max_age_days=MAX_AGE)
    [en] = render_digest(_t("en"), TODAY, [milestone], people, "bot", address_max_age_days=MAX_AGE)

    assert "<b>Анджэй Пачобут</b>\nСёння 1500 дзён за кратамі." in be.text
    assert "<b>Анджей Почобут</b>\nСегодня 1500 дней за решёткой." in ru.text
    assert "Today Andrzej Poczobut has spent 1,500 days behind bars." in en.text
    # Standing alone (a calendar file's event), the line names the person.
    assert event_line(_t("be"), milestone, POCZOBUT) == (
        "Анджэй Пачобут: сёння 1500 дзён за кратамі."
    )


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("en", "📌 <b>Days that matter · 12 July 2026</b>"),
        ("be", "📌 <b>Важныя дні · 12 ліпеня 2026\u202fг.</b>"),
        ("ru", "📌 <b>Важные дни · 12 июля 2026\u202fг.</b>"),
    ],
)
def test_the_daily_message_is_not_headed_with_the_candle_of_the_dead(
    language: str, title: str
) -> None:
    milestone = Event(EventKind.DAYS_MILESTONE, POCZOBUT.id, TODAY, days=1500)

    [digest] = render_digest(
        _t(language), TODAY, [milestone], {POCZOBUT.id: POCZOBUT}, "bot", address_max_age_days=45
    )

    assert digest.text.startswith(title)
    assert "🕯" not in digest.text


def test_sharing_a_living_person_s_story_does_not_read_like_an_obituary() -> None:
    milestone = Event(EventKind.DAYS_MILESTONE, POCZOBUT.id, TODAY, days=1500)
    people = {POCZOBUT.id: POCZOBUT}
    texts = {
        language: render_digest(
            _t(language), TODAY, [milestone], people, "bot", address_max_age_days=MAX_AGE
        )[0].text
        for language in ("en", "be", "ru")
    }

    assert "so that more people hear of it" in texts["en"]
    assert "Так пра гэтую гісторыю даведаецца больш людзей." in texts["be"]
    assert "Так об этой истории узнает больше людей." in texts["ru"]
    assert "not forgotten" not in texts["en"]
    assert "памяці" not in texts["be"]
    assert "памяти" not in texts["ru"]


# -- the weekly prompt ------------------------------------------------------------------------

BIRTHDAY = Event(EventKind.BIRTHDAY, POCZOBUT.id, date(2026, 7, 16), years=53)


def _week(person: Prisoner, language: str = "en") -> str:
    [digest] = render_digest(
        _t(language),
        TODAY,
        [],
        {person.id: person},
        "bot",
        [dataclasses.replace(BIRTHDAY, prisoner_id=person.id)],
        address_max_age_days=MAX_AGE,
    )
    return digest.text


@pytest.mark.parametrize("letters", [Letters.UNKNOWN, Letters.NO])
def test_the_weekly_prompt_asks_for_no_card_when_letters_are_not_known_to_arrive(
    letters: Letters,
) -> None:
    person = dataclasses.replace(POCZOBUT, letters=letters, mailing_address="Colony No. 1")

    text = _week(person)

    assert "• 16 July: Andrzej Poczobut turns 53.\n" in text
    assert "card" not in text.split("💌")[0]


def test_the_weekly_prompt_asks_for_no_card_without_an_address_or_with_an_old_one() -> None:
    no_address = dataclasses.replace(POCZOBUT, letters=Letters.YES, mailing_address=None)
    old_address = dataclasses.replace(
        POCZOBUT,
        letters=Letters.YES,
        mailing_address="Colony No. 1",
        verified_on=TODAY - timedelta(days=MAX_AGE + 1),
    )

    for person in (no_address, old_address):
        assert "Andrzej Poczobut turns 53.\n" in _week(person)
        assert "Post a card" not in _week(person)


def test_the_weekly_prompt_asks_for_a_card_where_one_can_arrive() -> None:
    person = dataclasses.replace(POCZOBUT, letters=Letters.YES, mailing_address="Colony No. 1")

    assert "16 July: Andrzej Poczobut turns 53. Post a card by 6 July." not in _week(person)
    assert "Andrzej Poczobut turns 53. A card posted now may arrive late" in _week(person)
    early = dataclasses.replace(BIRTHDAY, on=date(2026, 7, 30))
    line = coming_line(_t("en"), early, person, TODAY, address_max_age_days=MAX_AGE)
    assert line == "Andrzej Poczobut turns 53. Post a card by 20 July."
    assert "Паштоўку адпраўце не пазней за 20 ліпеня." in coming_line(
        _t("be"), early, person, TODAY, address_max_age_days=MAX_AGE
    )


def test_the_weekly_prompt_s_empty_week_does_not_repeat_its_heading() -> None:
    [be] = render_digest(_t("be"), TODAY, [], {}, "bot", [], address_max_age_days=MAX_AGE)
    [ru] = render_digest(_t("ru"), TODAY, [], {}, "bot", [], address_max_age_days=MAX_AGE)
    [en] = render_digest(_t("en"), TODAY, [], {}, "bot", [], address_max_age_days=MAX_AGE)

    assert "У тых, на каго вы падпісаныя, важных дат няма." in be.text
    assert "У тех, на кого вы подписаны, важных дат нет." in ru.text
    assert "None of the people you follow has a date this week." in en.text


# -- news -------------------------------------------------------------------------------------


def _transfer(facility: str | None) -> NewsItem:
    return NewsItem(
        id=1,
        prisoner_id=POCZOBUT.id,
        old_status=Status.IMPRISONED,
        new_status=Status.IMPRISONED,
        changed_on=None,
        recorded_at=RECORDED,
        fanned_out_at=None,
        kind=NewsKind.TRANSFER,
        facility=facility,
    )


def test_a_transfer_names_the_new_place_in_the_chat_s_language() -> None:
    news = render_news(_t("be"), _transfer(POCZOBUT.facility), POCZOBUT, "bot")

    assert "пераведзены ў іншае месца ўтрымання:</b> Папраўчая калонія № 1, Наваполацк" in (
        news.text
    )


def test_a_transfer_to_a_place_the_record_no_longer_holds_names_it_as_it_came() -> None:
    news = render_news(_t("be"), _transfer("Prison No. 8, Zhodzina"), POCZOBUT, "bot")

    assert "Prison No. 8, Zhodzina" in news.text


def test_news_of_a_death_keeps_the_candle_and_says_the_day_the_british_way() -> None:
    died = NewsItem(
        id=2,
        prisoner_id=POCZOBUT.id,
        old_status=Status.IMPRISONED,
        new_status=Status.DECEASED,
        changed_on=date(2026, 7, 1),
        recorded_at=RECORDED,
        fanned_out_at=None,
    )

    news = render_news(_t("en"), died, POCZOBUT, "bot")

    assert news.text.startswith("🕯 <b>Andrzej Poczobut died</b> on 1 July 2026.")
