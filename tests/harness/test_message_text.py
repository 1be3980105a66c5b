"""The fake checks message text like Telegram: HTML formatting and the length after parsing."""

from __future__ import annotations

import html
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fakes import TelegramState

CHAT_ID = 1001


def send(state: TelegramState, text: str, parse_mode: str | None = "HTML") -> tuple[int, Any]:
    status, body = state.handle(
        "sendMessage", {"chat_id": CHAT_ID, "text": text, "parse_mode": parse_mode}
    )
    return status, body.get("result") if status == 200 else body["description"]


@pytest.mark.parametrize(
    ("markup", "visible", "entity_types"),
    [
        ("<b>bold</b> <strong>strong</strong>", "bold strong", ["bold", "bold"]),
        ("<i>a</i><em>b</em><u>c</u><ins>d</ins>", "abcd", ["italic"] * 2 + ["underline"] * 2),
        ("<s>a</s><strike>b</strike><del>c</del>", "abc", ["strikethrough"] * 3),
        ('<span class="tg-spoiler">x</span> <tg-spoiler>y</tg-spoiler>', "x y", ["spoiler"] * 2),
        ('<a href="https://viasna.org/?a=1&amp;b=2">Viasna</a>', "Viasna", ["text_link"]),
        ("<code>x = 1</code>", "x = 1", ["code"]),
        ('<pre><code class="language-python">print()</code></pre>', "print()", ["pre"]),
        ("<blockquote>q</blockquote>", "q", ["blockquote"]),
        ("<blockquote expandable>long</blockquote>", "long", ["expandable_blockquote"]),
        ('<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>', "👍", ["custom_emoji"]),
        ("<b>bold <i>and italic</i></b>", "bold and italic", ["bold", "italic"]),
        ("1 &lt; 2 &amp;&amp; 3 &gt; 2 &quot;ok&quot;", '1 < 2 && 3 > 2 "ok"', []),
        ("&#1041;&#x44f;&#39;", "Бя'", []),
        ("a > b", "a > b", []),
        ("<B>upper-case tags</B>", "upper-case tags", ["bold"]),
    ],
)
def test_supported_html_is_accepted_and_parsed_into_entities(
    markup: str, visible: str, entity_types: list[str]
) -> None:
    status, message = send(TelegramState(), markup)

    assert status == 200, message
    assert message["text"] == visible
    assert [entity["type"] for entity in message.get("entities", [])] == entity_types


@pytest.mark.parametrize(
    ("markup", "reason"),
    [
        ("<b>unclosed", 'Can\'t find end tag corresponding to start tag "b"'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("<script>alert(1)</script>", 'Unsupported start tag "script"'),
        ("AT&T", 'Unescaped "&" at byte offset 2'),
        ("<b><i>crossed</b></i>", 'expected "</i>", found "</b>"'),
        ("closing</b>", "Unexpected end tag at byte offset 7"),
        ("line<br>break", 'Unsupported start tag "br"'),
        ("<span>not a spoiler</span>", 'Tag "span" must have class "tg-spoiler"'),
        ("<b", "Unclosed start tag at byte offset 0"),
        ("&nbsp;", 'Unescaped "&"'),
        ("&lt", 'Unescaped "&"'),
    ],
)
def test_invalid_html_is_rejected_as_telegram_does(markup: str, reason: str) -> None:
    status, description = send(TelegramState(), markup)

    assert status == 400
    assert description.startswith("Bad Request: can't parse entities: ")
    assert reason in description


def test_byte_offsets_in_errors_count_utf8_bytes() -> None:
    _, description = send(TelegramState(), "Бяляцкі & Co")

    assert "byte offset 15" in description  # 7 Cyrillic letters of 2 bytes, then a space


@given(st.text(min_size=1).filter(lambda text: text.strip(" \t\n\r\f\v\u00a0")))
def test_any_escaped_text_is_accepted_and_shown_unchanged(text: str) -> None:
    status, message = send(TelegramState(), html.escape(text[:4096]))

    assert status == 200, message
    assert message["text"] == text[:4096].strip(" \t\n\r\f\v\u00a0")


def test_entity_offsets_count_utf16_code_units() -> None:
    _, message = send(TelegramState(), "😀 <b>Ales</b>")

    assert message["entities"] == [{"type": "bold", "offset": 3, "length": 4}]


def test_without_parse_mode_markup_is_plain_text() -> None:
    status, message = send(TelegramState(), "<b>AT&T</b>", parse_mode=None)

    assert status == 200
    assert message["text"] == "<b>AT&T</b>"
    assert "entities" not in message


def test_the_4096_limit_counts_visible_characters() -> None:
    state = TelegramState()

    assert send(state, "<b>" + "a" * 4096 + "</b>")[0] == 200
    assert send(state, "&amp;" * 4096)[0] == 200
    assert send(state, "<b>" + "a" * 4097 + "</b>") == (400, "Bad Request: message is too long")
    assert send(state, "я" * 4097, parse_mode=None) == (400, "Bad Request: message is too long")


@pytest.mark.parametrize("text", ["", "   \n ", "<b> </b>"])
def test_empty_text_is_rejected(text: str) -> None:
    assert send(TelegramState(), text) == (400, "Bad Request: message text is empty")


def test_surrounding_whitespace_is_trimmed_with_entities_kept_on_their_characters() -> None:
    _, message = send(TelegramState(), "\n  <b>Hi</b> there  \n")

    assert message["text"] == "Hi there"
    assert message["entities"] == [{"type": "bold", "offset": 0, "length": 2}]


def test_the_sent_message_is_recorded_with_source_and_visible_text() -> None:
    state = TelegramState()
    send(state, "<b>Ales</b> &amp; friends")

    message = state.last_sent(CHAT_ID)
    assert message is not None
    assert message.text == "Ales & friends"
    assert message.raw_text == "<b>Ales</b> &amp; friends"
    assert message.parse_mode == "HTML"
    assert message.entities == [{"type": "bold", "offset": 0, "length": 4}]
    assert message.message_id == 1


def test_captions_are_limited_to_1024_visible_characters() -> None:
    state = TelegramState()
    stored = state.register_file(b"id,name\n", file_name="list.csv", mime_type="text/csv")
    params = {"chat_id": CHAT_ID, "document": stored.file_id, "parse_mode": "HTML"}

    ok_status, _ = state.handle("sendDocument", {**params, "caption": "<i>" + "c" * 1024 + "</i>"})
    status, body = state.handle("sendDocument", {**params, "caption": "c" * 1025})

    assert ok_status == 200
    assert (status, body["description"]) == (400, "Bad Request: message caption is too long")
