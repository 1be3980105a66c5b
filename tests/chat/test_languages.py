"""A whole conversation in Belarusian and in Russian: every text the bot writes is in it."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from bot.context import BotApplication
from bot.dispatcher import Dispatcher
from bot.domain.card import TextField, charges_in, text_in
from bot.planner import Planner
from bot.sandbox.telegram_state import TelegramState
from bot.sandbox.user import SimulatedUser

# What may stay in Latin letters in a Belarusian or Russian text: commands, links, time-zone
# names and examples, and the abbreviations people use as they are.
ALLOWED = re.compile(
    r"/[a-z_]+(@\w+)?|https?://\S+|t\.me/\S+|@\w+|[A-Z][a-z]+/[A-Za-z_]+|UTC[+−-]?\d*|spring96\.org"
    r"|Viasna|Telegram|Belarus"
)
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
# The daily message on the fifth anniversary of the detention of the person followed below: the
# line under the name does not say the name again.
DIGEST_LINE = {
    "be": "Анджэй Пачобут\nСёння 5 гадоў з дня затрымання.",
    "ru": "Анджей Почобут\nСегодня 5 лет со дня задержания.",
}
# The card of the person looked up below, in the chat's language: its data too.
CARD_LINES = {
    "be": (
        "Прысуд: 8 гадоў",
        "Месца ўтрымання: Папраўчая калонія № 1, Наваполацк",
        "Арганізацыя: Саюз палякаў на Беларусі",
        "Сябра Саюза палякаў на Беларусі.",
    ),
    "ru": (
        "Приговор: 8 лет",
        "Место содержания: Исправительная колония № 1, Новополоцк",
        "Организация: Союз поляков на Беларуси",
        "Член Союза поляков на Беларуси.",
    ),
}
# What the data set keeps as it is in every language: names, addresses, links.
AS_THEY_ARE = ("name", "name_be", "name_ru", "mailing_address", "source_url")
LOCALISED: tuple[TextField, ...] = (
    "status_note",
    "sentence",
    "facility",
    "organization",
    "summary",
)


async def _conversation(user: SimulatedUser, bot_app: BotApplication) -> list[str]:
    """Talk to the bot as a new supporter would, and return every text and button it showed."""
    services = bot_app.bot_data.services
    await user.send("/start")
    await user.send("/help")
    await user.send("/about")
    await user.send("Пачобут")
    await user.press(user.last_message.button_texts[0])  # follow
    await user.send("Бабарыка")  # two people: a list
    await user.send("Qwxzvbn")  # nobody
    await user.send("/following")
    await user.send("/settings")
    for screen in range(4):
        await user.press(user.last_message.button_texts[screen])
        await user.press(user.last_message.button_texts[-1])  # back
    await user.send("/forget")
    await user.press(user.last_message.button_texts[-1])  # keep
    # The day of the fifth anniversary of Andrzej Poczobut's detention, after 10:00 in Minsk.
    services.clock = lambda: datetime(2026, 3, 25, 8, 0, tzinfo=UTC)
    await Planner(services, bot_app.bot.username).run(services.clock())
    await Dispatcher(services, bot_app.bot).drain_once()
    texts = []
    for message in user.messages:
        texts.append(message.text or "")
        texts += message.button_texts
    texts += [str(answer.get("text") or "") for answer in user.state.callback_answers.values()]
    return texts


def _leftovers(texts: list[str], data: list[str]) -> set[str]:
    found = set()
    for text in texts:
        for value in data:  # the data set's own wording is not the bot's to translate
            text = text.replace(value, " ")
        found |= set(LATIN_WORD.findall(ALLOWED.sub(" ", text)))
    return found


@pytest.mark.parametrize("language", ["be", "ru"])
async def test_a_whole_conversation_has_no_english_left(
    bot_app: BotApplication, telegram_state: TelegramState, language: str
) -> None:
    user = SimulatedUser(bot_app, telegram_state, language_code=language)
    people = await bot_app.bot_data.services.prisoners.all()
    # The data's free text is read in the chat's language: only what it has in no other
    # language, names and addresses, may stay in Latin letters.
    data = sorted(
        {
            str(value)
            for person in people
            for field in AS_THEY_ARE
            if isinstance(value := getattr(person, field), str) and len(value) > 2
        }
        | {
            value
            for person in people
            for field in LOCALISED
            if (value := text_in(person, field, language)) and len(value) > 2
        }
        | {alias for person in people for alias in person.aliases}
        | {charge for person in people for charge in charges_in(person, language)}
        | {"Qwxzvbn"},  # the user's own words, quoted back
        key=len,
        reverse=True,
    )

    texts = await _conversation(user, bot_app)

    assert any(DIGEST_LINE[language] in text for text in texts)  # the digest arrived
    card = next(text for text in texts if CARD_LINES[language][0] in text)
    assert all(line in card for line in CARD_LINES[language])
    assert _leftovers(texts, data) == set()


async def test_the_english_conversation_is_english(
    bot_app: BotApplication, telegram_state: TelegramState
) -> None:
    user = SimulatedUser(bot_app, telegram_state, language_code="en")

    texts = await _conversation(user, bot_app)

    assert "5 years ago today Andrzej Poczobut was detained." in "\n".join(texts)
