"""/evening: the letter-writing evening kit, as a PDF read back page by page."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from bot.app import build_application
from bot.config import Settings
from bot.context import BotApplication
from bot.domain.letters.suggest import may_get_letters
from bot.domain.prisoner import Gender, Letters, Prisoner, Status
from bot.sandbox.models import ChatMessage, FakeChat
from bot.sandbox.request import FakeRequest, running_application
from bot.sandbox.telegram_state import TelegramState
from bot.sandbox.user import SimulatedUser
from tests.chat.helpers import mark_by_others, press_data, snapshot, store

SHKLOU = (
    "Penal colony No. 17, Shklou",
    "Папраўчая калонія № 17, Шклоў",
    "Исправительная колония № 17, Шклов",
)
NAVAPOLATSK = (
    "Penal colony No. 1, Novopolotsk (as reported in March)",
    "Папраўчая калонія № 1, Наваполацк",
    "Исправительная колония № 1, Новополоцк",
)
NAVAPOLATSK_ADDRESS = "211440, г. Новополоцк, ул. Техническая, 8"


def held(
    key: str,
    name: str,
    name_be: str,
    name_ru: str,
    full_ru: str,
    place: tuple[str, str, str],
    address: str,
    gender: Gender,
) -> Prisoner:
    return Prisoner(
        id=f"evening-{key}",
        name=name,
        name_be=name_be,
        name_ru=name_ru,
        name_full_ru=full_ru,
        gender=gender,
        birth_date=date(1990, 5, 17),
        detained_on=date(2021, 3, 2),
        status=Status.IMPRISONED,
        facility=place[0],
        facility_be=place[1],
        facility_ru=place[2],
        mailing_address=address,
        letters=Letters.YES,
        summary_ru="Журналист, пишет стихи и любит рыбалку.",
    )


LOSIK = held(
    "losik",
    "Ihar Losik",
    "Ігар Лосік",
    "Игорь Лосик",
    "Лосик Игорь Александрович",
    NAVAPOLATSK,
    NAVAPOLATSK_ADDRESS,
    Gender.MALE,
)
KOLESNIKOVA = held(
    "kalesnikava",
    "Maryia Kalesnikava",
    "Марыя Калеснікава",
    "Мария Колесникова",
    "Колесникова Мария Александровна",
    NAVAPOLATSK,
    NAVAPOLATSK_ADDRESS,
    Gender.FEMALE,
)
SHCHARBAK = held(
    "shcharbak",
    "Andrei Shcharbak",
    "Андрэй Шчарбак",
    "Андрей Щербак",
    "Щербак Андрей Петрович",
    SHKLOU,
    "213004, г. Шклов, ул. Заводская, 1",
    Gender.MALE,
)
ZHUK = held(
    "zhuk",
    "Pavel Zhuk",
    "Павел Жук",
    "Павел Жук",
    "Жук Павел Иванович",
    SHKLOU,
    "213004, г. Шклов, ул. Заводская, 1",
    Gender.MALE,
)
OURS = (LOSIK, KOLESNIKOVA, SHCHARBAK, ZHUK)


@pytest.fixture
async def bot_app(
    settings: Settings, telegram_state: TelegramState
) -> AsyncIterator[BotApplication]:
    """Yield the bot started, as /evening runs as a task of the running bot's own.

    Telegram's sending budget is lifted, as for the other chat tests, and nothing is delivered.
    """
    application = build_application(
        settings, request=FakeRequest(telegram_state), rate_limits=False, deliver=False
    )
    async with running_application(application, start=True):
        yield application


@pytest.fixture
async def people(bot_app: BotApplication, today: date) -> list[Prisoner]:
    """Store our four people; everyone else whose letters may arrive has one letter already.

    So our four come first in every kit, unless they were written to more.
    """
    services = bot_app.bot_data.services
    for person in OURS:
        await store(bot_app, person)
    for person in await services.prisoners.all():
        if may_get_letters(person) and person.id not in {p.id for p in OURS}:
            await mark_by_others(bot_app, person.id, 1, today)
    # Read everyone again, as after an import.
    bot_app.bot_data.calendar_people = None
    return [p for p in await services.prisoners.all() if may_get_letters(p)]


def pages(telegram_state: TelegramState, message: ChatMessage) -> list[str]:
    """Return the text of each page of the PDF the message carries."""
    assert message.document is not None, message
    content = telegram_state.files[message.document["file_id"]].content
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def names_on(kit: list[str]) -> list[str]:
    """Return the first line of each person's page: the name in Cyrillic."""
    return [page.splitlines()[0] for page in kit[1:]]


async def test_evening_sends_ten_pages_with_cyrillic_names_and_envelopes(
    user: SimulatedUser,
    telegram_state: TelegramState,
    today: date,
    people: list[Prisoner],
) -> None:
    [kit] = await user.send("/evening")

    assert kit.document is not None
    assert kit.document["file_name"] == f"letter-evening-{today.isoformat()}.pdf"
    assert kit.document["mime_type"] == "application/pdf"
    assert "10 people, a page each" in (kit.caption or "")
    [action] = telegram_state.calls_to("sendChatAction")
    assert action.params["action"] == "upload_document"
    text = pages(telegram_state, kit)
    assert len(text) == 11  # the how-to, then a page per person
    assert "Letter-writing evening" in text[0]
    assert "Birthdays in the next 60 days" in text[0]
    # Our four have had no letter this month: they come first.
    assert set(names_on(text)[:4]) == {
        "Игорь Лосик",
        "Мария Колесникова",
        "Андрей Щербак",
        "Павел Жук",
    }
    losik = next(page for page in text if page.startswith("Игорь Лосик"))
    assert "Ihar Losik" in losik
    assert "Кому: Лосику Игорю Александровичу" in losik
    assert "1990 г. р." in losik
    assert f"Куда: {NAVAPOLATSK_ADDRESS}" in losik
    assert "Birthday: 17 May (turns" in losik
    assert "In prison since 2 March 2021" in losik
    assert "What to leave out" in losik
    kalesnikava = next(page for page in text if page.startswith("Мария Колесникова"))
    assert "Кому: Колесниковой Марии Александровне" in kalesnikava


async def test_a_person_written_to_most_is_left_out_of_a_short_kit(
    user: SimulatedUser,
    bot_app: BotApplication,
    telegram_state: TelegramState,
    today: date,
    people: list[Prisoner],
) -> None:
    await mark_by_others(bot_app, ZHUK.id, 5, today)

    [kit] = await user.send("/evening 3")

    text = pages(telegram_state, kit)
    assert len(text) == 4
    assert sorted(names_on(text)) == ["Андрей Щербак", "Игорь Лосик", "Мария Колесникова"]
    assert "3 people" in (kit.caption or "")


async def test_evening_for_one_place_has_only_its_people_in_any_spelling(
    user: SimulatedUser, telegram_state: TelegramState, today: date, people: list[Prisoner]
) -> None:
    # Three kits: as many as a chat gets at once.
    for query in ("Шклов", "ik-17", "ПК 17"):
        [kit] = await user.send(f"/evening {query}")

        text = pages(telegram_state, kit)
        assert sorted(names_on(text)) == ["Андрей Щербак", "Павел Жук"], query
        assert "Куда: 213004, г. Шклов, ул. Заводская, 1" in text[1]
        assert "(Penal colony No. 17, Shklou): 2 people" in (kit.caption or "")


async def test_several_places_by_one_name_give_a_choice(
    user: SimulatedUser,
    bot_app: BotApplication,
    telegram_state: TelegramState,
    people: list[Prisoner],
) -> None:
    # The bundled list has the same prison as "Penal colony No. 1, Navapolatsk".
    [question] = await user.send("/evening Новополоцк")

    assert "Which place do you mean?" in question.text
    assert sorted(question.button_texts) == [
        "Penal colony No. 1, Navapolatsk",
        "Penal colony No. 1, Novopolotsk",
    ]
    assert question.document is None

    [kit] = await user.press("Penal colony No. 1, Novopolotsk", message=question)
    text = pages(telegram_state, kit)
    assert sorted(names_on(text)) == ["Игорь Лосик", "Мария Колесникова"]
    assert all(f"Куда: {NAVAPOLATSK_ADDRESS}" in page for page in text[1:])


@pytest.mark.parametrize(
    ("command", "answer"),
    [
        ("/evening 0", "A kit holds 1 to 50 people"),
        ("/evening 500", "A kit holds 1 to 50 people"),
        ("/evening -3", "A kit holds 1 to 50 people"),
        ("/evening nowhere-at-all", "I found no place called “nowhere-at-all”"),
        ("/evening 5 nowhere-at-all", "I found no place called “nowhere-at-all”"),
    ],
)
async def test_a_count_out_of_range_or_an_unknown_place_gets_a_kind_answer(
    user: SimulatedUser,
    telegram_state: TelegramState,
    people: list[Prisoner],
    command: str,
    answer: str,
) -> None:
    [reply] = await user.send(command)

    assert answer in reply.text
    assert reply.document is None
    assert telegram_state.calls_to("sendDocument") == []
    assert telegram_state.calls_to("sendChatAction") == []


async def test_anyone_in_a_group_gets_a_kit(
    bot_app: BotApplication, telegram_state: TelegramState, people: list[Prisoner]
) -> None:
    group = telegram_state.add_chat(FakeChat.group())
    member = SimulatedUser(bot_app, telegram_state, chat=group)

    [kit] = await member.send("/evening@solidarity_test_bot 2")

    assert kit.chat_id == group.id
    assert len(pages(telegram_state, kit)) == 3


async def test_a_chat_asking_for_kit_after_kit_is_asked_to_wait(
    bot_app: BotApplication, telegram_state: TelegramState, people: list[Prisoner]
) -> None:
    group = telegram_state.add_chat(FakeChat.group())
    members = [SimulatedUser(bot_app, telegram_state, chat=group) for _ in range(5)]
    elsewhere = SimulatedUser(bot_app, telegram_state)

    answers = [await member.send("/evening 2") for member in members]

    assert [len(a) == 1 and a[0].document is not None for a in answers[:3]] == [True] * 3
    for [notice] in answers[3:]:
        assert "Please ask again in a minute" in notice.text
        assert notice.document is None
    [kit] = await elsewhere.send("/evening 2")
    assert kit.document is not None


async def test_the_kit_speaks_the_chats_language(
    bot_app: BotApplication, telegram_state: TelegramState, people: list[Prisoner]
) -> None:
    user = SimulatedUser(bot_app, telegram_state, language_code="be")

    [kit] = await user.send("/evening Шклоў")

    text = pages(telegram_state, kit)
    assert "Вечар напісання лістоў" in text[0]
    assert sorted(names_on(text)) == ["Андрэй Шчарбак", "Павел Жук"]
    assert "Каму: Шчарбаку Андрэю" in "\n".join(text)
    assert "Набор для вечара напісання лістоў" in (kit.caption or "")


@pytest.mark.parametrize("data", ["ev:10:000000000000", "ev:99:000000000000", "ev:10", "ev:x:y"])
async def test_forged_place_buttons_are_answered_and_send_nothing(
    user: SimulatedUser,
    bot_app: BotApplication,
    telegram_state: TelegramState,
    people: list[Prisoner],
    data: str,
) -> None:
    [message] = await user.send("/help")
    before = await snapshot(bot_app)

    assert await press_data(user, message, data) == []

    assert await snapshot(bot_app) == before
    assert telegram_state.calls_to("sendDocument") == []


async def test_an_address_not_confirmed_lately_is_left_off_the_envelope(
    user: SimulatedUser,
    bot_app: BotApplication,
    telegram_state: TelegramState,
    today: date,
    people: list[Prisoner],
) -> None:
    services = bot_app.bot_data.services
    moved = replace(ZHUK, verified_on=today - timedelta(days=200))
    async with services.db.transaction() as conn:
        await services.prisoners.upsert_many([moved], conn, now=services.clock())
    bot_app.bot_data.calendar_people = None

    [kit] = await user.send("/evening Шклов")

    zhuk = next(page for page in pages(telegram_state, kit) if page.startswith("Павел Жук"))
    assert "Кому: Жуку Павлу Ивановичу" in zhuk
    assert "Куда" not in zhuk
    assert "213004" not in zhuk
    assert "The address may have changed" in zhuk


async def test_the_first_page_lists_the_coming_birthdays_and_by_when_to_post_a_card(
    user: SimulatedUser,
    bot_app: BotApplication,
    telegram_state: TelegramState,
    today: date,
    people: list[Prisoner],
) -> None:
    coming = today + timedelta(days=20)
    if (coming.month, coming.day) == (2, 29):
        coming += timedelta(days=1)
    await store(bot_app, replace(SHCHARBAK, birth_date=coming.replace(year=coming.year - 36)))
    bot_app.bot_data.calendar_people = None

    [kit] = await user.send("/evening Шклов")

    first = " ".join(pages(telegram_state, kit)[0].split())
    post_by = coming - timedelta(days=10)
    assert f"{coming.day} {coming:%B}: Andrei Shcharbak turns 36." in first
    assert f"Post a card by {post_by.day} {post_by:%B}." in first
