"""Parse Telegram's HTML formatting the way the Bot API does, into plain text and entities.

The rules follow the Bot API's "HTML style" section and tdlib's parser: only the supported tags,
closed in the order they were opened; attributes quoted or bare; ``&lt; &gt; &amp; &quot;`` and
numeric character references as the only entities. One deliberate difference: tdlib keeps an
``&`` that starts no entity as a literal character, while the documentation says every ``&`` must
be escaped. The fake follows the documentation, so a message with an unescaped value fails here
before it can fail in production with a value that happens to look like an entity.

Offsets and lengths of entities are counted in UTF-16 code units, like Telegram's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.domain.telegram_html import TAG_ENTITY_TYPES

NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(
    r"&(?:#(?P<dec>[0-9]{1,8})|#[xX](?P<hex>[0-9a-fA-F]{1,8})|(?P<name>[a-zA-Z]+));"
)
_ATTRIBUTE_NAME_RE = re.compile(r"[a-zA-Z0-9_-]+")
_SPACE = " \t\n\r\f\v"


class EntityParseError(ValueError):
    """The text is not valid Telegram HTML; the message is what follows "can't parse entities: "."""


@dataclass
class _OpenTag:
    name: str
    attributes: dict[str, str]
    offset: int  # in UTF-16 code units of the visible text
    language: str | None = None  # set on <pre> by a nested <code class="language-...">
    children: list[str] = field(default_factory=list)


def utf16_length(text: str) -> int:
    """Return the length of text in UTF-16 code units, the unit of Telegram's entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def parse_html(source: str) -> tuple[str, list[dict[str, Any]]]:
    """Return the visible text and the Bot API entities of an HTML-formatted message."""
    return _HtmlParser(source).parse()


class _HtmlParser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.position = 0
        self.visible: list[str] = []
        self.visible_length = 0  # UTF-16 code units
        self.open_tags: list[_OpenTag] = []
        self.entities: list[dict[str, Any]] = []

    def parse(self) -> tuple[str, list[dict[str, Any]]]:
        source = self.source
        while self.position < len(source):
            char = source[self.position]
            if char == "&":
                self._append(self._read_entity())
            elif char == "<":
                if source.startswith("</", self.position):
                    self._read_end_tag()
                else:
                    self._read_start_tag()
            else:
                self._append(char)
                self.position += 1
        if self.open_tags:
            name = self.open_tags[-1].name
            raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{name}"')
        self.entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
        return "".join(self.visible), self.entities

    def _byte_offset(self, position: int | None = None) -> int:
        index = self.position if position is None else position
        return len(self.source[:index].encode())

    def _append(self, text: str) -> None:
        self.visible.append(text)
        self.visible_length += utf16_length(text)

    def _read_entity(self) -> str:
        match = _ENTITY_RE.match(self.source, self.position)
        decoded: str | None = None
        if match:
            if match["name"] is not None:
                decoded = NAMED_ENTITIES.get(match["name"].lower())
            else:
                code = int(match["dec"]) if match["dec"] is not None else int(match["hex"], 16)
                if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
                    decoded = chr(code)
        if match is None or decoded is None:
            raise EntityParseError(
                f'Unescaped "&" at byte offset {self._byte_offset()}: write "&amp;" '
                "or a supported entity (&lt; &gt; &amp; &quot; &#NNN;)"
            )
        self.position = match.end()
        return decoded

    def _read_start_tag(self) -> None:
        source, begin = self.source, self.position
        index = begin + 1
        while index < len(source) and source[index] not in _SPACE and source[index] != ">":
            index += 1
        if index >= len(source):
            raise EntityParseError(f"Unclosed start tag at byte offset {self._byte_offset(begin)}")
        name = source[begin + 1 : index].lower()
        if name not in TAG_ENTITY_TYPES:
            raise EntityParseError(
                f'Unsupported start tag "{name}" at byte offset {self._byte_offset(begin)}'
            )
        attributes: dict[str, str] = {}
        while True:
            while index < len(source) and source[index] in _SPACE:
                index += 1
            if index >= len(source):
                raise EntityParseError(
                    f"Unclosed start tag at byte offset {self._byte_offset(begin)}"
                )
            if source[index] == ">":
                index += 1
                break
            attribute = _ATTRIBUTE_NAME_RE.match(source, index)
            if attribute is None:
                raise EntityParseError(
                    f'Empty attribute name in the tag "{name}" at byte offset '
                    f"{self._byte_offset(begin)}"
                )
            attribute_name = attribute.group().lower()
            index = attribute.end()
            value = ""
            if index < len(source) and source[index] == "=":
                value, index = self._read_attribute_value(name, begin, index + 1)
            attributes[attribute_name] = value
        self.position = index
        self._check_attributes(name, attributes, begin)
        if self.open_tags:
            self.open_tags[-1].children.append(name)
        self.open_tags.append(_OpenTag(name, attributes, self.visible_length))

    def _read_attribute_value(self, tag: str, begin: int, index: int) -> tuple[str, int]:
        source = self.source
        if index < len(source) and source[index] in "\"'":
            quote = source[index]
            end = source.find(quote, index + 1)
            if end == -1:
                raise EntityParseError(
                    f'Unclosed attribute value in the tag "{tag}" at byte offset '
                    f"{self._byte_offset(begin)}"
                )
            raw, index = source[index + 1 : end], end + 1
        else:
            end = index
            while end < len(source) and source[end] not in _SPACE and source[end] != ">":
                end += 1
            raw, index = source[index:end], end
        return _decode_attribute(raw), index

    def _check_attributes(self, name: str, attributes: dict[str, str], begin: int) -> None:
        offset = self._byte_offset(begin)
        if name == "span" and attributes.get("class") != "tg-spoiler":
            raise EntityParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {offset}'
            )
        if name == "tg-emoji" and not attributes.get("emoji-id", "").isdigit():
            raise EntityParseError(
                f'Tag "tg-emoji" must have a numeric "emoji-id" attribute at byte offset {offset}'
            )

    def _read_end_tag(self) -> None:
        source, begin = self.source, self.position
        index = begin + 2
        while index < len(source) and source[index] not in _SPACE and source[index] != ">":
            index += 1
        name = source[begin + 2 : index].lower()
        while index < len(source) and source[index] in _SPACE:
            index += 1
        if index >= len(source) or source[index] != ">":
            raise EntityParseError(f"Unclosed end tag at byte offset {self._byte_offset(begin)}")
        if not self.open_tags:
            raise EntityParseError(f"Unexpected end tag at byte offset {self._byte_offset(begin)}")
        tag = self.open_tags[-1]
        if name and name != tag.name:
            raise EntityParseError(
                f"Unmatched end tag at byte offset {self._byte_offset(begin)}, "
                f'expected "</{tag.name}>", found "</{name}>"'
            )
        self.position = index + 1
        self.open_tags.pop()
        self._close(tag)

    def _close(self, tag: _OpenTag) -> None:
        length = self.visible_length - tag.offset
        entity: dict[str, Any] = {
            "type": TAG_ENTITY_TYPES[tag.name],
            "offset": tag.offset,
            "length": length,
        }
        if tag.name == "a":
            url = tag.attributes.get("href", "")
            if not url:
                return  # Telegram drops a link without a target and keeps its text
            entity["url"] = url
        elif tag.name == "tg-emoji":
            entity["custom_emoji_id"] = tag.attributes["emoji-id"]
        elif tag.name == "blockquote" and "expandable" in tag.attributes:
            entity["type"] = "expandable_blockquote"
        elif tag.name == "code":
            language = tag.attributes.get("class", "").removeprefix("language-")
            parent = self.open_tags[-1] if self.open_tags else None
            if parent is not None and parent.name == "pre" and parent.offset == tag.offset:
                # <pre><code class="language-x"> is one pre entity with a language.
                if language and tag.attributes.get("class", "").startswith("language-"):
                    parent.language = language
                return
        elif tag.name == "pre" and tag.language:
            entity["language"] = tag.language
        if length > 0:
            self.entities.append(entity)


def _decode_attribute(raw: str) -> str:
    """Decode entities inside an attribute value; an unknown one stays as written."""

    def replace(match: re.Match[str]) -> str:
        if match["name"] is not None:
            return NAMED_ENTITIES.get(match["name"].lower(), match.group())
        code = int(match["dec"]) if match["dec"] is not None else int(match["hex"], 16)
        return chr(code) if 0 < code <= 0x10FFFF else match.group()

    return _ENTITY_RE.sub(replace, raw)
