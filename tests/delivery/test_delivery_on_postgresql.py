"""Planning and sending, as in the other modules here, with the bot on PostgreSQL."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from bot.config import Settings
from tests.delivery.test_dispatcher import (
    test_a_blocked_chat_is_made_inactive_after_the_first_refusal,
    test_a_chat_s_pace_survives_a_restart_of_the_dispatcher,
    test_a_clock_that_went_back_holds_no_chat_back,
    test_a_migrated_group_gets_the_message_under_its_new_id,
    test_a_queued_message_is_sent_once_with_its_buttons,
    test_a_stop_during_telegram_s_pause_gives_back_what_was_not_sent,
    test_one_chat_is_sent_to_at_its_own_pace,
    test_parts_go_in_order,
)
from tests.delivery.test_outbox_pacing import (
    test_a_chat_s_pace_moves_with_it_and_goes_with_it,
    test_a_pace_ends_on_the_whole_second_after_it,
)
from tests.delivery.test_planner import (
    test_after_downtime_today_is_caught_up_and_yesterday_is_not,
    test_following_everyone_and_the_kinds_chosen,
    test_nothing_before_the_alert_time_then_one_digest,
    test_running_again_or_racing_queues_nothing_twice,
)

__all__ = [
    "test_a_blocked_chat_is_made_inactive_after_the_first_refusal",
    "test_a_chat_s_pace_moves_with_it_and_goes_with_it",
    "test_a_chat_s_pace_survives_a_restart_of_the_dispatcher",
    "test_a_clock_that_went_back_holds_no_chat_back",
    "test_a_migrated_group_gets_the_message_under_its_new_id",
    "test_a_pace_ends_on_the_whole_second_after_it",
    "test_a_queued_message_is_sent_once_with_its_buttons",
    "test_a_stop_during_telegram_s_pause_gives_back_what_was_not_sent",
    "test_after_downtime_today_is_caught_up_and_yesterday_is_not",
    "test_following_everyone_and_the_kinds_chosen",
    "test_nothing_before_the_alert_time_then_one_digest",
    "test_one_chat_is_sent_to_at_its_own_pace",
    "test_parts_go_in_order",
    "test_running_again_or_racing_queues_nothing_twice",
]


@pytest.fixture
def settings(settings: Settings, postgres_url: str) -> Settings:
    """Return the tests' settings with a PostgreSQL database of their own."""
    return settings.model_copy(update={"database_url": SecretStr(postgres_url)})
