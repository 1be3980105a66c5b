"""How a message is drawn in the terminal: from its text and entities, as a Telegram app does."""

from __future__ import annotations

from bot.console.screen import number_buttons, render_html, render_text


def test_styles_become_escape_codes_in_a_terminal_and_vanish_in_a_pipe() -> None:
    text = "Ales Bialiatski is free"
    entities = [{"type": "bold", "offset": 0, "length": 15}]

    assert render_text(text, entities, ansi=True) == "\x1b[1mAles Bialiatski\x1b[22m is free"
    assert render_text(text, entities, ansi=False) == text


def test_a_link_shows_where_it_goes_even_without_styles() -> None:
    text = "Source"
    entities = [{"type": "text_link", "offset": 0, "length": 6, "url": "https://spring96.org"}]

    assert render_text(text, entities, ansi=False) == "Source (https://spring96.org)"
    drawn = render_text(text, entities, ansi=True)
    assert drawn.startswith("\x1b[4mSource\x1b[24m")
    assert "(https://spring96.org)" in drawn


def test_offsets_count_utf16_units_so_an_emoji_does_not_shift_the_styles() -> None:
    # 🔒 is two UTF-16 code units: the bold name starts at offset 3, after "🔒 ".
    text = "🔒 Nasta Loika, in prison"
    entities = [{"type": "bold", "offset": 3, "length": 11}]

    assert render_text(text, entities, ansi=True) == ("🔒 \x1b[1mNasta Loika\x1b[22m, in prison")


def test_nested_styles_open_outside_in_and_close_inside_out() -> None:
    text = "abc"
    entities = [
        {"type": "italic", "offset": 0, "length": 3},
        {"type": "bold", "offset": 1, "length": 1},
    ]

    assert render_text(text, entities, ansi=True) == "\x1b[3ma\x1b[1mb\x1b[22mc\x1b[23m"


def test_a_quote_is_marked_on_every_line() -> None:
    text = "Before\nfirst line\nsecond line\nAfter"
    start = len("Before\n")
    entities = [{"type": "blockquote", "offset": start, "length": len("first line\nsecond line")}]

    assert render_text(text, entities, ansi=False) == ("Before\n│ first line\n│ second line\nAfter")


def test_html_from_an_inline_result_is_drawn_like_a_sent_message() -> None:
    assert render_html("<b>Ihar Losik</b> &amp; friends", ansi=False) == "Ihar Losik & friends"


def test_buttons_are_numbered_row_by_row_and_links_are_marked() -> None:
    rows = [
        [{"text": "🔔 Follow", "callback_data": "f:nasta-loika"}],
        [
            {"text": "Share", "url": "https://t.me/share/url?url=x"},
            {"text": "✉ Write", "callback_data": "w:nasta-loika"},
        ],
    ]

    lines, choices = number_buttons(rows, 4, chat_id=7, message_id=9, ansi=False)

    assert lines == ["[4] 🔔 Follow", "[5] Share ↗   [6] ✉ Write"]
    assert [(c.number, c.button["text"], c.chat_id, c.message_id) for c in choices] == [
        (4, "🔔 Follow", 7, 9),
        (5, "Share", 7, 9),
        (6, "✉ Write", 7, 9),
    ]
