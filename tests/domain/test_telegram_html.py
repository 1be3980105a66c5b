"""Campaign texts: what Telegram's HTML style accepts is accepted, anything else is named."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.telegram_html import (
    MAX_VISIBLE_CHARS,
    HtmlIssue,
    HtmlProblem,
    check_telegram_html,
    is_link_allowed,
)
from bot.sandbox.html_entities import parse_html

ACCEPTED = [
    ("plain words", "plain words"),
    ("<b>bold</b> <strong>strong</strong>", "bold strong"),
    ("<i>i</i><em>em</em><u>u</u><ins>ins</ins>", "iemuins"),
    ("<s>s</s><strike>strike</strike><del>del</del>", "sstrikedel"),
    ('<span class="tg-spoiler">secret</span> <tg-spoiler>too</tg-spoiler>', "secret too"),
    ('<a href="https://spring96.org">Viasna</a>', "Viasna"),
    ('<a href="http://example.org/a?b=1&amp;c=2">link</a>', "link"),
    ('<a href="tg://user?id=42">someone</a>', "someone"),
    ("<code>x = 1</code>", "x = 1"),
    ('<pre><code class="language-python">print(1)</code></pre>', "print(1)"),
    ("<pre>block</pre>", "block"),
    ("<blockquote>quoted</blockquote>", "quoted"),
    ("<blockquote expandable>long quote</blockquote>", "long quote"),
    ("<b>bold <i>and italic</i></b>", "bold and italic"),
    ("<B>upper-case tags</B>", "upper-case tags"),
    ("1 &lt; 2 &amp;&amp; 3 &gt; 2, &quot;quoted&quot;", '1 < 2 && 3 > 2, "quoted"'),
    ("euro &#8364; and &#x20AC;", "euro € and €"),
    ("a > b is fine", "a > b is fine"),
    ("  padded  \n", "padded"),
    ("Лісты палітвязням ✉️", "Лісты палітвязням ✉️"),
    ("x" * MAX_VISIBLE_CHARS, "x" * MAX_VISIBLE_CHARS),
    (f"<b>{'y' * MAX_VISIBLE_CHARS}</b>", "y" * MAX_VISIBLE_CHARS),
]


@pytest.mark.parametrize(("source", "visible"), ACCEPTED)
def test_telegram_html_is_accepted_with_its_visible_text(source: str, visible: str) -> None:
    check = check_telegram_html(source)

    assert check.problem is None
    assert check.ok
    assert check.visible == visible


@pytest.mark.parametrize(("source", "_visible"), ACCEPTED)
def test_what_is_accepted_telegram_accepts_too(source: str, _visible: str) -> None:
    """The fake Bot API parses HTML as Telegram does: it must agree on every accepted text."""
    text, _ = parse_html(source)

    assert text.strip() == check_telegram_html(source).visible


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("<script>alert(1)</script>", HtmlProblem(HtmlIssue.UNSUPPORTED_TAG, "script")),
        ("<div>block</div>", HtmlProblem(HtmlIssue.UNSUPPORTED_TAG, "div")),
        ("line<br>break", HtmlProblem(HtmlIssue.UNSUPPORTED_TAG, "br")),
        ("line<br/>break", HtmlProblem(HtmlIssue.UNSUPPORTED_TAG, "br")),
        ("<b/>", HtmlProblem(HtmlIssue.UNSUPPORTED_TAG, "b/")),
        ("<tg-emoji emoji-id='1'>x</tg-emoji>", HtmlProblem(HtmlIssue.UNSUPPORTED_TAG, "tg-emoji")),
        ("text</p>", HtmlProblem(HtmlIssue.UNSUPPORTED_TAG, "p")),
        ("<b>never closed", HtmlProblem(HtmlIssue.UNCLOSED_TAG, "b")),
        ("<b><i>inner open</b>", HtmlProblem(HtmlIssue.MISNESTED_TAG, "i")),
        ("<b><i>crossed</b></i>", HtmlProblem(HtmlIssue.MISNESTED_TAG, "i")),
        ("stray</b>", HtmlProblem(HtmlIssue.UNEXPECTED_END_TAG, "b")),
        ("<b>x</b></>", HtmlProblem(HtmlIssue.UNEXPECTED_END_TAG, "")),
        (
            '<a href="javascript:alert(1)">x</a>',
            HtmlProblem(HtmlIssue.BAD_LINK, "javascript:alert(1)"),
        ),
        (
            '<a href="JavaScript:alert(1)">x</a>',
            HtmlProblem(HtmlIssue.BAD_LINK, "JavaScript:alert(1)"),
        ),
        ('<a href="data:text/html,x">x</a>', HtmlProblem(HtmlIssue.BAD_LINK, "data:text/html,x")),
        ('<a href="mailto:a@b.org">x</a>', HtmlProblem(HtmlIssue.BAD_LINK, "mailto:a@b.org")),
        ('<a href="https://">x</a>', HtmlProblem(HtmlIssue.BAD_LINK, "https://")),
        ("<a>no target</a>", HtmlProblem(HtmlIssue.BAD_LINK, "")),
        (
            '<a href="https://x.org" onclick="steal()">x</a>',
            HtmlProblem(HtmlIssue.BAD_ATTRIBUTE, "a onclick"),
        ),
        ('<b style="color:red">x</b>', HtmlProblem(HtmlIssue.BAD_ATTRIBUTE, "b style")),
        ("<span>x</span>", HtmlProblem(HtmlIssue.BAD_ATTRIBUTE, 'span class="tg-spoiler"')),
        (
            '<code class="language-python">outside pre</code>',
            HtmlProblem(HtmlIssue.BAD_ATTRIBUTE, "code class"),
        ),
        (
            '<blockquote expandable="no">x</blockquote>',
            HtmlProblem(HtmlIssue.BAD_ATTRIBUTE, "blockquote expandable"),
        ),
        ("1 < 2", HtmlProblem(HtmlIssue.UNESCAPED, "<")),
        ("Tom & Jerry", HtmlProblem(HtmlIssue.UNESCAPED, "&")),
        ("&nbsp;gap", HtmlProblem(HtmlIssue.BAD_ENTITY, "&nbsp;")),
        ("&amp no semicolon", HtmlProblem(HtmlIssue.BAD_ENTITY, "&amp")),
        ("Losik &amp", HtmlProblem(HtmlIssue.BAD_ENTITY, "&amp")),
        ("&A", HtmlProblem(HtmlIssue.BAD_ENTITY, "&A")),
        ("up to 5 &", HtmlProblem(HtmlIssue.UNESCAPED, "&")),
        ("&#0;", HtmlProblem(HtmlIssue.BAD_ENTITY, "&#0;")),
        ("&#xD800;", HtmlProblem(HtmlIssue.BAD_ENTITY, "&#xD800;")),
        ("<!-- note -->text", HtmlProblem(HtmlIssue.UNSUPPORTED_MARKUP, "<!--")),
        ("<?xml version='1.0'?>text", HtmlProblem(HtmlIssue.UNSUPPORTED_MARKUP, "<?")),
        ("", HtmlProblem(HtmlIssue.EMPTY)),
        ("  \n ", HtmlProblem(HtmlIssue.EMPTY)),
        ("<b> </b>", HtmlProblem(HtmlIssue.EMPTY)),
        ("z" * (MAX_VISIBLE_CHARS + 1), HtmlProblem(HtmlIssue.TOO_LONG, "4097")),
    ],
)
def test_a_text_telegram_would_refuse_is_named_for_what_is_wrong(
    source: str, problem: HtmlProblem
) -> None:
    check = check_telegram_html(source)

    assert check.problem == problem
    assert not check.ok


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://spring96.org/en/news", True),
        ("http://example.org", True),
        ("HTTPS://EXAMPLE.ORG", True),
        ("tg://resolve?domain=viasna", True),
        ("javascript:alert(1)", False),
        ("ftp://example.org", False),
        ("https://exa mple.org", False),
        ("//example.org", False),
        ("example.org", False),
        ("https://[broken", False),
    ],
)
def test_links_lead_only_to_web_and_telegram_addresses(url: str, allowed: bool) -> None:
    assert is_link_allowed(url) is allowed


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_any_plain_text_is_refused_or_sent_as_written(text: str) -> None:
    """Never an exception; if accepted, Telegram shows exactly the text (tags and all gone)."""
    check = check_telegram_html(text)

    if check.ok:
        visible, _ = parse_html(text)
        assert visible.strip(" \t\n\r\f\v") == check.visible


_PIECES = [
    "<b>",
    "</b>",
    "<i>",
    "</i>",
    "<code>",
    "</code>",
    "<pre>",
    "</pre>",
    '<a href="https://e.org">',
    '<a href="javascript:x">',
    "</a>",
    "<blockquote expandable>",
    "</blockquote>",
    "<div>",
    "&amp;",
    "&lt;",
    "&nbsp;",
    "&",
    "<",
    ">",
    "word",
    " ",
    "\n",
    "ё",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_markup_that_is_accepted_is_markup_telegram_accepts(source: str) -> None:
    """Whatever mix of tags and entities passes the check, Telegram parses it the same way."""
    check = check_telegram_html(source)

    if check.ok:
        visible, _ = parse_html(source)  # raises if Telegram would refuse it
        assert visible.strip(" \t\n\r\f\v") == check.visible
