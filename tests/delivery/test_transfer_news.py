"""A move to another prison is news: where the person is now, and where letters go from now on."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from bot.domain.dataset import Format
from bot.domain.news import NewsItem, NewsKind
from bot.domain.prisoner import Gender, Prisoner, Status
from bot.importing import apply_import, plan_import
from bot.l10n import Localizer
from bot.planner import Planner
from bot.rendering.digests import render_news
from bot.services import Services
from storage.outbox import DeliveryKind
from tests.delivery.conftest import Clock, add_chat

BOT = "solidarity_test_bot"
OLD_FACILITY = "Penal colony No. 4, Homiel"
FACILITY = "Prison No. 8 & Co, Zhodzina"
ADDRESS = "222160, Zhodzina, Sovetskaya st. 22A, Prison No. 8"
L10N = Localizer()


def moved(*, facility: str | None = FACILITY, address: str | None = ADDRESS) -> NewsItem:
    return NewsItem(
        id=7,
        prisoner_id="anna-kind",
        old_status=Status.IMPRISONED,
        new_status=Status.IMPRISONED,
        changed_on=None,
        recorded_at=datetime(2026, 7, 14, 6, 0, tzinfo=UTC),
        fanned_out_at=None,
        kind=NewsKind.TRANSFER,
        old_facility=OLD_FACILITY,
        facility=facility,
        address=address,
    )


def anna(gender: Gender | None = Gender.FEMALE) -> Prisoner:
    return Prisoner(
        id="anna-kind",
        name="Anna Kind",
        name_be="Ганна Добрая",
        name_ru="Анна Добрая",
        gender=gender,
        status=Status.IMPRISONED,
    )


@pytest.mark.parametrize(
    ("language", "gender", "head"),
    [
        (
            "en",
            Gender.FEMALE,
            "📍 <b>Anna Kind has been moved</b> to Prison No. 8 &amp; Co, Zhodzina.",
        ),
        (
            "be",
            Gender.FEMALE,
            "📍 <b>Ганна Добрая пераведзеная ў іншае месца ўтрымання:</b> "
            "Prison No. 8 &amp; Co, Zhodzina",
        ),
        (
            "be",
            Gender.MALE,
            "📍 <b>Ганна Добрая пераведзены ў іншае месца ўтрымання:</b> "
            "Prison No. 8 &amp; Co, Zhodzina",
        ),
        (
            "be",
            None,
            "📍 <b>Ганна Добрая: новае месца ўтрымання</b> — Prison No. 8 &amp; Co, Zhodzina",
        ),
        (
            "ru",
            Gender.FEMALE,
            "📍 <b>Анна Добрая переведена в другое место содержания:</b> "
            "Prison No. 8 &amp; Co, Zhodzina",
        ),
        (
            "ru",
            Gender.MALE,
            "📍 <b>Анна Добрая переведён в другое место содержания:</b> "
            "Prison No. 8 &amp; Co, Zhodzina",
        ),
        (
            "ru",
            None,
            "📍 <b>Анна Добрая: новое место содержания</b> — Prison No. 8 &amp; Co, Zhodzina",
        ),
    ],
)
def test_a_transfer_says_where_the_person_is_now(
    language: str, gender: Gender | None, head: str
) -> None:
    rendered = render_news(L10N(language), moved(), anna(gender), BOT)

    assert rendered.text.startswith(head + "\n\n")
    assert OLD_FACILITY not in rendered.text
    [[(label, url)]] = rendered.buttons
    assert url == f"https://t.me/{BOT}?start=p_anna-kind"
    assert label.startswith("📇 ")


@pytest.mark.parametrize(
    ("language", "old_address", "new_address"),
    [
        ("en", "Letters sent to the old address may not arrive.", "The new address:"),
        ("be", "Лісты на стары адрас могуць не дайсці.", "Новы адрас:"),
        ("ru", "Письма на старый адрес могут не дойти.", "Новый адрес:"),
    ],
)
def test_a_transfer_warns_about_the_old_address_and_gives_the_new_one(
    language: str, old_address: str, new_address: str
) -> None:
    rendered = render_news(L10N(language), moved(), anna(), BOT)

    assert rendered.text.endswith(f"{old_address} {new_address}\n{ADDRESS}")


@pytest.mark.parametrize(
    ("language", "not_known"),
    [
        ("en", "The new address is not known yet; the card will show it as soon as it is."),
        ("be", "Новы адрас пакуль невядомы; ён з’явіцца ў картцы, як толькі стане вядомы."),
        ("ru", "Новый адрес пока неизвестен; он появится в карточке, как только станет известен."),
    ],
)
def test_a_transfer_without_a_new_address_says_it_is_not_known_yet(
    language: str, not_known: str
) -> None:
    rendered = render_news(L10N(language), moved(address=None), anna(), BOT)

    assert rendered.text.endswith(not_known)
    assert ADDRESS not in rendered.text


@pytest.mark.parametrize(
    ("language", "gender", "head"),
    [
        ("en", Gender.MALE, "📍 <b>Anna Kind has been moved</b> to another prison."),
        ("be", Gender.FEMALE, "📍 <b>Ганна Добрая пераведзеная ў іншае месца ўтрымання.</b>"),
        ("ru", Gender.MALE, "📍 <b>Анна Добрая переведён в другое место содержания.</b>"),
        ("ru", None, "📍 <b>Анна Добрая: место содержания изменилось.</b>"),
    ],
)
def test_a_transfer_to_an_unnamed_place_still_tells_of_the_move(
    language: str, gender: Gender | None, head: str
) -> None:
    rendered = render_news(L10N(language), moved(facility=None), anna(gender), BOT)

    assert rendered.text.startswith(head + "\n\n")
    assert ADDRESS in rendered.text


async def _import(services: Services, *records: dict[str, str]) -> None:
    data = json.dumps(list(records)).encode()
    plan = await plan_import(services, data, Format.CANONICAL, "people.json")
    assert plan.ok, plan.parsed.errors
    await apply_import(services, plan)


async def test_an_import_that_moves_a_person_tells_the_chats_that_follow_them(
    services: Services, planner: Planner, clock: Clock
) -> None:
    anna_then = {
        "id": "anna-kind",
        "name": "Anna Kind",
        "gender": "female",
        "status": "imprisoned",
        "detained_on": "2022-05-01",
        "facility": OLD_FACILITY,
        "mailing_address": "246035, Homiel, Penal colony No. 4",
        "letters": "yes",
    }
    await _import(services, anna_then)
    await add_chat(services, 1, follows=("anna-kind",))
    await add_chat(services, 2, language="ru", follows=("anna-kind",))

    await _import(services, {**anna_then, "facility": FACILITY, "mailing_address": ADDRESS})
    plan = await planner.run(clock.now)

    assert plan.news == 2
    [english] = [r for r in await services.outbox.rows_for(1) if r.kind is DeliveryKind.NEWS]
    [russian] = [r for r in await services.outbox.rows_for(2) if r.kind is DeliveryKind.NEWS]
    assert "Anna Kind has been moved</b> to Prison No. 8 &amp; Co, Zhodzina." in english.text
    assert english.text.endswith(ADDRESS)
    assert english.buttons == ((("📇 Anna Kind", f"https://t.me/{BOT}?start=p_anna-kind"),),)
    assert "Anna Kind переведена в другое место содержания" in russian.text
    # The move is not a new status: nothing says she was freed or arrested again.
    assert "free" not in english.text
    assert "again" not in english.text
    assert (await planner.run(clock.now)).news == 0
