"""Check text written in Telegram's HTML style before it is stored or sent to anyone.

Telegram accepts a small set of tags (Bot API, "HTML style"): b, strong, i, em, u, ins, s,
strike, del, span class="tg-spoiler", tg-spoiler, a href, code, pre (a `<code
class="language-...">` right inside it names the language) and blockquote (optionally
`expandable`); tags closed in the order they were opened; only the entities `&lt; &gt; &amp;
&quot;` and numeric ones; 1 to 4096 characters once the tags are gone. A message that breaks a
rule is refused by Telegram for every recipient, so operators hear about it while writing.

Stricter than Telegram in a few places, on purpose: links may only lead to http(s) and tg:
addresses, tags take no attributes but the ones above, custom emoji (`tg-emoji`) are refused (a
bot may send them only with a username bought on Fragment), and every `<` or `&` that is not
markup must be escaped (as the Bot API documentation asks), so a message never depends on how
lenient the parser of the day is.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from html.parser import HTMLParser
from types import MappingProxyType
from urllib.parse import urlsplit

# Telegram's limit for a message, counted once the tags are gone.
MAX_VISIBLE_CHARS = 4096
# Every tag of Telegram's HTML style and the entity it makes, as the Bot API names it. `span`
# makes a spoiler only as `<span class="tg-spoiler">`; `tg-emoji` needs a numeric `emoji-id`.
TAG_ENTITY_TYPES: Mapping[str, str] = MappingProxyType(
    {
        "b": "bold",
        "strong": "bold",
        "i": "italic",
        "em": "italic",
        "u": "underline",
        "ins": "underline",
        "s": "strikethrough",
        "strike": "strikethrough",
        "del": "strikethrough",
        "span": "spoiler",
        "tg-spoiler": "spoiler",
        "a": "text_link",
        "code": "code",
        "pre": "pre",
        "blockquote": "blockquote",
        "tg-emoji": "custom_emoji",
    }
)
SUPPORTED_TAGS = frozenset(TAG_ENTITY_TYPES) - {"tg-emoji"}
NAMED_ENTITIES = frozenset({"lt", "gt", "amp", "quot"})
LINK_SCHEMES = frozenset({"http", "https", "tg"})
_LANGUAGE_CLASS = re.compile(r"language-[A-Za-z0-9+#._-]{1,32}")
# html.parser drops `</>` silently; Telegram would close the last tag with it.
_EMPTY_END_TAG = re.compile(r"</\s*>")
# An entity as written, for naming it: `&nbsp;`, `&amp` (no semicolon), `&#0;`.
_WRITTEN_ENTITY = re.compile(r"&#?[A-Za-z0-9]{0,10};?")
_TAG = re.compile(r"<[^>]*>")
# Whitespace Telegram trims from both ends of a message.
_WHITESPACE = " \t\n\r\f\v"


class HtmlIssue(StrEnum):
    """What is wrong with a text; each has a message `campaign-html-<value>` for operators."""

    UNSUPPORTED_TAG = "unsupported-tag"
    UNSUPPORTED_MARKUP = "unsupported-markup"
    BAD_ATTRIBUTE = "bad-attribute"
    BAD_LINK = "bad-link"
    UNCLOSED_TAG = "unclosed-tag"
    UNEXPECTED_END_TAG = "unexpected-end-tag"
    MISNESTED_TAG = "misnested-tag"
    UNESCAPED = "unescaped"
    BAD_ENTITY = "bad-entity"
    EMPTY = "empty"
    TOO_LONG = "too-long"


@dataclass(frozen=True, slots=True)
class HtmlProblem:
    """The first thing wrong with a text, and what it concerns (a tag, a link, a length)."""

    issue: HtmlIssue
    detail: str = ""


@dataclass(frozen=True, slots=True)
class HtmlCheck:
    """The text people would see, and the problem that would stop Telegram sending it."""

    visible: str
    problem: HtmlProblem | None

    @property
    def ok(self) -> bool:
        """Tell whether Telegram would accept the text."""
        return self.problem is None


def check_telegram_html(source: str) -> HtmlCheck:
    """Check a text in Telegram's HTML style; return its visible text and the first problem."""
    if _EMPTY_END_TAG.search(source) is not None:
        return HtmlCheck("", HtmlProblem(HtmlIssue.UNEXPECTED_END_TAG, ""))
    parser = _Parser(source)
    try:
        parser.feed(source)
        left = parser.rawdata
        if left.startswith("&"):
            # A reference cut off by the end (`&A`, `&amp`): html.parser would drop its `&`.
            written = _WRITTEN_ENTITY.match(left)
            if written is not None and any(char.isalnum() for char in written.group()):
                raise _Stop(HtmlProblem(HtmlIssue.BAD_ENTITY, written.group()))
            raise _Stop(HtmlProblem(HtmlIssue.UNESCAPED, "&"))
        parser.close()
        parser.finish()
    except _Stop as stop:
        return HtmlCheck(parser.visible_text(), stop.problem)
    visible = parser.visible_text().strip(_WHITESPACE)
    if not visible:
        return HtmlCheck(visible, HtmlProblem(HtmlIssue.EMPTY))
    if len(visible) > MAX_VISIBLE_CHARS:
        return HtmlCheck(visible, HtmlProblem(HtmlIssue.TOO_LONG, str(len(visible))))
    return HtmlCheck(visible, None)


def plain_text(source: str) -> str:
    """Return a text the bot wrote in Telegram HTML as plain text: tags dropped, entities read.

    For places without markup: inline result descriptions, calendar files.
    """
    return html.unescape(_TAG.sub("", source))


def is_link_allowed(url: str) -> bool:
    """Tell whether a link may appear in a message: http(s) to a host, or a tg: link."""
    if any(char in url for char in _WHITESPACE) or not url.isprintable():
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    scheme = parts.scheme.lower()
    if scheme not in LINK_SCHEMES:
        return False
    return scheme == "tg" or bool(parts.hostname)


class _Stop(Exception):
    """Raised inside the parser at the first problem, to stop reading."""

    def __init__(self, problem: HtmlProblem) -> None:
        super().__init__(problem.issue.value)
        self.problem = problem


class _Parser(HTMLParser):
    """Follow the tags and text of a message, stopping at the first thing Telegram refuses."""

    def __init__(self, source: str) -> None:
        # Entities reach the handlers as they are written, so that each can be checked.
        super().__init__(convert_charrefs=False)
        self.source = source
        self.open_tags: list[str] = []
        self.parts: list[str] = []
        self.line_starts = [0] + [match.end() for match in re.finditer("\n", source)]

    def visible_text(self) -> str:
        return "".join(self.parts)

    def finish(self) -> None:
        if self.open_tags:
            raise _Stop(HtmlProblem(HtmlIssue.UNCLOSED_TAG, self.open_tags[-1]))

    # -- what html.parser reports -----------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in SUPPORTED_TAGS:
            raise _Stop(HtmlProblem(HtmlIssue.UNSUPPORTED_TAG, tag))
        self._check_attributes(tag, attrs)
        self.open_tags.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # `<b/>` opens nothing in Telegram's parser: it reads the tag name "b/".
        name = f"{tag}/" if tag in SUPPORTED_TAGS else tag
        raise _Stop(HtmlProblem(HtmlIssue.UNSUPPORTED_TAG, name))

    def handle_endtag(self, tag: str) -> None:
        if tag not in SUPPORTED_TAGS:
            raise _Stop(HtmlProblem(HtmlIssue.UNSUPPORTED_TAG, tag))
        if not self.open_tags or tag not in self.open_tags:
            raise _Stop(HtmlProblem(HtmlIssue.UNEXPECTED_END_TAG, tag))
        if self.open_tags[-1] != tag:
            raise _Stop(HtmlProblem(HtmlIssue.MISNESTED_TAG, self.open_tags[-1]))
        self.open_tags.pop()

    def handle_data(self, data: str) -> None:
        # html.parser hands over a `<` or `&` that starts no tag or entity as text.
        for char in "<&":
            if char in data:
                raise _Stop(HtmlProblem(HtmlIssue.UNESCAPED, char))
        self.parts.append(data)

    def handle_entityref(self, name: str) -> None:
        written = f"&{name};"
        if name.lower() not in NAMED_ENTITIES or not self._source_at_position(written):
            raise _Stop(HtmlProblem(HtmlIssue.BAD_ENTITY, self._written_entity(name)))
        self.parts.append({"lt": "<", "gt": ">", "amp": "&", "quot": '"'}[name.lower()])

    def handle_charref(self, name: str) -> None:
        written = f"&#{name};"
        code = _code_point(name)
        if code is None or not self._source_at_position(written):
            raise _Stop(HtmlProblem(HtmlIssue.BAD_ENTITY, self._written_entity(f"#{name}")))
        self.parts.append(chr(code))

    def handle_comment(self, data: str) -> None:
        raise _Stop(HtmlProblem(HtmlIssue.UNSUPPORTED_MARKUP, "<!--"))

    def handle_decl(self, decl: str) -> None:
        raise _Stop(HtmlProblem(HtmlIssue.UNSUPPORTED_MARKUP, "<!"))

    def unknown_decl(self, data: str) -> None:
        raise _Stop(HtmlProblem(HtmlIssue.UNSUPPORTED_MARKUP, "<!"))

    def handle_pi(self, data: str) -> None:
        raise _Stop(HtmlProblem(HtmlIssue.UNSUPPORTED_MARKUP, "<?"))

    # -- checks -----------------------------------------------------------------------------

    def _check_attributes(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = [name for name, _ in attrs]
        values = dict(attrs)
        if len(set(names)) != len(names):
            raise _Stop(HtmlProblem(HtmlIssue.BAD_ATTRIBUTE, f"{tag} {names[0]}"))
        allowed: frozenset[str] = frozenset()
        match tag:
            case "a":
                allowed = frozenset({"href"})
                href = (values.get("href") or "").strip()
                if not href:
                    raise _Stop(HtmlProblem(HtmlIssue.BAD_LINK, ""))
                if not is_link_allowed(href):
                    raise _Stop(HtmlProblem(HtmlIssue.BAD_LINK, href[:100]))
            case "span":
                allowed = frozenset({"class"})
                if values.get("class") != "tg-spoiler":
                    raise _Stop(HtmlProblem(HtmlIssue.BAD_ATTRIBUTE, 'span class="tg-spoiler"'))
            case "code" if "class" in values:
                allowed = frozenset({"class"})
                inside_pre = bool(self.open_tags) and self.open_tags[-1] == "pre"
                if not inside_pre or not _LANGUAGE_CLASS.fullmatch(values["class"] or ""):
                    raise _Stop(HtmlProblem(HtmlIssue.BAD_ATTRIBUTE, "code class"))
            case "blockquote":
                allowed = frozenset({"expandable"})
                if values.get("expandable"):
                    raise _Stop(HtmlProblem(HtmlIssue.BAD_ATTRIBUTE, "blockquote expandable"))
        for name in names:
            if name not in allowed:
                raise _Stop(HtmlProblem(HtmlIssue.BAD_ATTRIBUTE, f"{tag} {name}"))

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _source_at_position(self, written: str) -> bool:
        """Tell whether the entity being handled is written out in full, semicolon included."""
        return self.source.startswith(written, self._offset())

    def _written_entity(self, name: str) -> str:
        """Return the entity as the author wrote it, for the message that names it."""
        written = _WRITTEN_ENTITY.match(self.source, self._offset())
        return written.group() if written is not None else f"&{name}"


def _code_point(reference: str) -> int | None:
    """Return the character a numeric reference (`65`, `x41`) stands for, or None if none."""
    digits, base = (reference[1:], 16) if reference[:1] in ("x", "X") else (reference, 10)
    if not digits or len(digits) > 8:
        return None
    try:
        code = int(digits, base)
    except ValueError:
        return None
    if not 0 < code <= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return code
