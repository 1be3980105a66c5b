"""Callback data: every button reads back as written, and anything else reads as nothing."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlers.callbacks import (
    DraftPress,
    FollowAll,
    FollowingPage,
    FollowingUnfollow,
    ImportAnswer,
    MorePage,
    Press,
    RetireAction,
    Scope,
    SettingsPress,
    StopCampaign,
    SyncAnswer,
    UpcomingPage,
    decode,
    encode,
    pattern,
)

KINDS = (
    MorePage,
    FollowingPage,
    FollowingUnfollow,
    FollowAll,
    UpcomingPage,
    SettingsPress,
    RetireAction,
    ImportAnswer,
    SyncAnswer,
    StopCampaign,
    DraftPress,
)
pages = st.integers(0, 999)
ids = st.integers(0, 10**18 - 1)
words = st.from_regex(r"\A[a-z0-9-]{1,12}\Z")
presses = st.one_of(
    st.builds(MorePage, pages),
    st.builds(FollowingPage, pages),
    st.builds(FollowingUnfollow, pages, words),
    st.builds(FollowAll, st.booleans()),
    st.builds(UpcomingPage, pages, st.sampled_from([None, *Scope])),
    st.builds(
        SettingsPress,
        st.integers(-(10**15), 10**15),
        st.lists(words, min_size=1, max_size=3).map(tuple),
    ),
    st.builds(RetireAction, ids),
    st.builds(ImportAnswer, st.sampled_from(["yes", "no"]), words),
    st.builds(SyncAnswer, st.sampled_from(["apply", "drop"]), words),
    st.builds(StopCampaign, ids),
    st.builds(
        DraftPress,
        st.sampled_from(["nobutton", "all", "lang", "person", "send", "cancel"]),
        st.from_regex(r"\A[0-9a-f]{8}\Z"),
        st.one_of(st.just(""), words),
    ),
)


@given(presses)
def test_every_button_reads_back_as_written(press: Press) -> None:
    data = encode(press)

    assert len(data.encode()) <= 64
    assert decode(data, type(press)) == press
    assert decode(data, *KINDS) == press
    assert re.match(pattern(type(press)), data)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        ("more:-1", MorePage),
        ("more:1000", MorePage),  # no list has a thousand pages
        ("more:", MorePage),
        ("more:1:2", MorePage),
        ("more:١", MorePage),  # a digit, but not one the bot writes
        ("more:+1", MorePage),
        ("fla:maybe", FollowAll),
        ("flu:1", FollowingUnfollow),
        ("up:f", UpcomingPage),
        ("up:x1", UpcomingPage),
        ("up:ff1", UpcomingPage),
        ("set:abc:pause", SettingsPress),
        ("set:1", SettingsPress),
        ("set:" + "1" * 19 + ":pause", SettingsPress),
        ("adm:act:retire:" + "9" * 19, RetireAction),
        ("adm:imp:maybe:deadbeef", ImportAnswer),
        ("adm:camp:stop:x", StopCampaign),
        ("adm:camp:stop:1", DraftPress),  # not a choice of a draft
        ("adm:camp:all", DraftPress),
        ("adm:camp:all::", DraftPress),
        ("card:maria-kalesnikava", MorePage),
        (None, MorePage),
        ("", MorePage),
    ],
)
def test_data_not_written_so_reads_as_nothing(data: str | None, kind: type[Press]) -> None:
    assert decode(data, kind) is None


def test_a_negative_number_is_a_chat_only() -> None:
    assert decode("set:-1001:pause", SettingsPress) == SettingsPress(-1001, ("pause",))
    assert decode("fl:-1", FollowingPage) is None


def test_data_longer_than_telegram_allows_is_refused() -> None:
    with pytest.raises(ValueError, match="longer than Telegram allows"):
        encode(FollowingUnfollow(1, "x" * 64))
