"""Conversations of the other modules here, with the bot on PostgreSQL instead of SQLite."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from bot.config import Settings
from tests.chat.test_basics import (
    test_forget_asks_first_and_keeps_everything_on_no,
    test_start_twice_keeps_one_chat,
    test_start_welcomes_and_remembers_the_chat,
)
from tests.chat.test_follow import (
    test_a_double_press_follows_once,
    test_follow_everyone_is_one_switch,
    test_following_pages_through_a_long_list,
    test_the_cap_is_explained_and_nothing_more_is_followed,
    test_the_card_button_follows_and_flips,
)
from tests.chat.test_settings import (
    test_a_typed_time_zone_is_checked_then_stored,
    test_kinds_toggle_and_a_double_press_does_not_undo,
    test_pause_and_resume,
)

__all__ = [
    "test_a_double_press_follows_once",
    "test_a_typed_time_zone_is_checked_then_stored",
    "test_follow_everyone_is_one_switch",
    "test_following_pages_through_a_long_list",
    "test_forget_asks_first_and_keeps_everything_on_no",
    "test_kinds_toggle_and_a_double_press_does_not_undo",
    "test_pause_and_resume",
    "test_start_twice_keeps_one_chat",
    "test_start_welcomes_and_remembers_the_chat",
    "test_the_cap_is_explained_and_nothing_more_is_followed",
    "test_the_card_button_follows_and_flips",
]


@pytest.fixture
def settings(settings: Settings, postgres_url: str) -> Settings:
    """Return the tests' settings with a PostgreSQL database of their own."""
    return settings.model_copy(update={"database_url": SecretStr(postgres_url)})
