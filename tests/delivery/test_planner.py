"""The planner: one message per chat and local day, at the chat's alert time, never twice."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from bot.domain.chat import ALL_KINDS, AlertKind
from bot.domain.news import StatusNews
from bot.domain.prisoner import Letters, Prisoner, Status
from bot.planner import Planner
from bot.services import Services
from storage.outbox import DeliveryKind, DeliveryState
from tests.delivery.conftest import Clock, add_chat

POCZOBUT = "andrzej-poczobut"  # detained on 25 March 2021; nothing else near that day
BABARYKA = "eduard-babaryka"  # in prison, with no date in the weeks these tests look at


async def test_nothing_before_the_alert_time_then_one_digest(
    services: Services, planner: Planner, clock: Clock
) -> None:
    await add_chat(services, 1, follows=(POCZOBUT,))

    assert (await planner.run(clock.now)).digests == 0  # 09:00 in Minsk, alert at 10:00
    clock.set(datetime(2026, 3, 25, 7, 0, tzinfo=UTC))
    plan = await planner.run(clock.now)

    assert plan.digests == 1
    [row] = await services.outbox.rows_for(1)
    assert row.kind is DeliveryKind.DIGEST
    assert row.local_date == date(2026, 3, 25)
    assert "Andrzej Poczobut" in row.text
    assert "5 years ago today Andrzej Poczobut was detained" in row.text
    assert "Share the story" in row.text
    assert row.buttons == (
        (
            (
                "📇 Andrzej Poczobut",
                "https://t.me/solidarity_test_bot?start=p_andrzej-poczobut",
            ),
        ),
    )


async def test_running_again_or_racing_queues_nothing_twice(
    services: Services, planner: Planner, clock: Clock
) -> None:
    await add_chat(services, 1, follows=(POCZOBUT,))
    clock.set(datetime(2026, 3, 25, 8, 0, tzinfo=UTC))

    plans = await asyncio.gather(planner.run(clock.now), planner.run(clock.now))
    again = await planner.run(clock.now + timedelta(hours=5))

    assert sum(plan.digests for plan in plans) == 1
    assert again.digests == 0
    assert len(await services.outbox.rows_for(1)) == 1


async def test_a_chat_that_follows_nobody_with_a_date_today_gets_nothing(
    services: Services, planner: Planner, clock: Clock
) -> None:
    await add_chat(services, 1, follows=(BABARYKA,))
    clock.set(datetime(2026, 3, 25, 8, 0, tzinfo=UTC))

    plan = await planner.run(clock.now)

    assert plan.digests == 0
    assert plan.chats_planned == 1
    assert await services.outbox.rows_for(1) == []
    assert (await planner.run(clock.now)).chats_planned == 0  # planned once a day, even if empty


async def test_following_everyone_and_the_kinds_chosen(
    services: Services, planner: Planner, clock: Clock
) -> None:
    await add_chat(services, 1)
    await services.chats.update_settings(1, follow_all=True, now=clock.now)
    await add_chat(services, 2, follows=(POCZOBUT,))
    await services.chats.update_settings(
        2, kinds=ALL_KINDS - {AlertKind.ANNIVERSARIES}, now=clock.now
    )
    clock.set(datetime(2026, 3, 25, 8, 0, tzinfo=UTC))

    await planner.run(clock.now)

    [row] = await services.outbox.rows_for(1)
    assert "Andrzej Poczobut" in row.text
    assert await services.outbox.rows_for(2) == []


async def test_paused_and_inactive_chats_get_nothing(
    services: Services, planner: Planner, clock: Clock
) -> None:
    await add_chat(services, 1, follows=(POCZOBUT,))
    await services.chats.update_settings(1, paused=True, now=clock.now)
    await add_chat(services, 2, follows=(POCZOBUT,))
    await services.chats.set_active(2, False, now=clock.now)
    clock.set(datetime(2026, 3, 25, 8, 0, tzinfo=UTC))

    plan = await planner.run(clock.now)

    assert plan.digests == 0
    assert plan.chats_planned == 0


async def test_after_downtime_today_is_caught_up_and_yesterday_is_not(
    services: Services, planner: Planner, clock: Clock
) -> None:
    await add_chat(services, 1, follows=(POCZOBUT,))
    # The bot was down all of 25 March and comes back at 12:00 in Minsk on the 26th.
    clock.set(datetime(2026, 3, 26, 9, 0, tzinfo=UTC))
    assert (await planner.run(clock.now)).digests == 0

    # Down on the 25th until 21:00 in Minsk: the day's message still goes out.
    await add_chat(services, 2, follows=(POCZOBUT,))
    clock.set(datetime(2026, 3, 25, 18, 0, tzinfo=UTC))
    assert (await planner.run(clock.now)).digests == 1


async def test_each_chat_is_due_at_its_own_local_time(
    services: Services, planner: Planner, clock: Clock
) -> None:
    await add_chat(services, 1, follows=(POCZOBUT,), timezone="America/New_York")
    await add_chat(services, 2, follows=(POCZOBUT,), timezone="Asia/Tokyo")
    clock.set(datetime(2026, 3, 25, 8, 0, tzinfo=UTC))  # 04:00 in New York, 17:00 in Tokyo

    await planner.run(clock.now)
    assert await services.outbox.rows_for(1) == []
    assert len(await services.outbox.rows_for(2)) == 1

    clock.set(datetime(2026, 3, 25, 14, 0, tzinfo=UTC))  # 10:00 in New York
    await planner.run(clock.now)
    assert len(await services.outbox.rows_for(1)) == 1


async def test_clocks_springing_forward_over_the_alert_time_miss_nothing(
    services: Services, planner: Planner, clock: Clock
) -> None:
    await add_chat(services, 1, follows=(BABARYKA,), timezone="Europe/Warsaw")
    await services.chats.update_settings(1, alert_time=time(2, 0), now=clock.now)
    # 29 March 2026: in Warsaw 02:00 does not exist; 01:00 UTC is already 03:00 local.
    clock.set(datetime(2026, 3, 29, 0, 59, tzinfo=UTC))
    assert (await planner.run(clock.now)).chats_planned == 0
    clock.set(datetime(2026, 3, 29, 1, 0, tzinfo=UTC))
    assert (await planner.run(clock.now)).chats_planned == 1


async def test_clocks_falling_back_over_the_alert_time_double_nothing(
    services: Services, planner: Planner, clock: Clock
) -> None:
    await add_chat(services, 1, follows=(BABARYKA,), timezone="Europe/Warsaw")
    await services.chats.update_settings(1, alert_time=time(2, 0), now=clock.now)
    # 25 October 2026: 02:00-03:00 happens twice in Warsaw.
    clock.set(datetime(2026, 10, 25, 0, 30, tzinfo=UTC))  # 02:30 summer time
    assert (await planner.run(clock.now)).chats_planned == 1
    clock.set(datetime(2026, 10, 25, 1, 30, tzinfo=UTC))  # 02:30 winter time
    assert (await planner.run(clock.now)).chats_planned == 0


async def test_the_weekly_prompt_lists_the_coming_days(
    services: Services, planner: Planner, clock: Clock
) -> None:
    await add_chat(services, 1, follows=(POCZOBUT,))
    # Sunday 22 March 2026, the default day of the weekly prompt; the anniversary is on Wednesday.
    clock.set(datetime(2026, 3, 22, 8, 0, tzinfo=UTC))

    await planner.run(clock.now)

    [row] = await services.outbox.rows_for(1)
    assert "This week" in row.text
    assert "25 March: 5 years since Andrzej Poczobut was detained." in row.text
    assert "This week's action" in row.text


async def add_birthday_follower(
    services: Services, clock: Clock, birth_date: date, *, confirmed_days_ago: int = 0
) -> None:
    """Store Test Person, in prison and born on birth_date, and chat 1 following them.

    Their record (with the address) was confirmed `confirmed_days_ago` before the clock's day.
    """
    person = Prisoner(
        id="test-person",
        name="Test Person",
        gender=None,
        birth_date=birth_date,
        detained_on=date(2024, 1, 10),
        status=Status.IMPRISONED,
        letters=Letters.YES,
        mailing_address="Prison 1, Street 2, 220000 Minsk, Belarus",
        verified_on=clock.now.date() - timedelta(days=confirmed_days_ago),
    )
    async with services.db.transaction() as conn:
        await services.prisoners.upsert_many([person], conn, now=clock.now)
    await add_chat(services, 1, follows=(person.id,))


async def test_a_birthday_in_the_weekly_prompt_does_not_ask_for_a_card_by_a_past_day(
    services: Services, planner: Planner, clock: Clock
) -> None:
    # Sunday 12 July 2026: the birthday is on Thursday, its post-by day was 6 July.
    clock.set(datetime(2026, 7, 12, 8, 0, tzinfo=UTC))
    await add_birthday_follower(services, clock, date(1990, 7, 16))

    await planner.run(clock.now)

    [row] = await services.outbox.rows_for(1)
    assert "16 July: Test Person turns 36. A card posted now may arrive late" in row.text
    assert "Post a card by 6 July" not in row.text


async def test_a_birthday_reminder_says_when_to_post_a_card(
    services: Services, planner: Planner, clock: Clock
) -> None:
    clock.set(datetime(2026, 7, 14, 8, 0, tzinfo=UTC))  # 14 days before 28 July
    await add_birthday_follower(services, clock, date(1990, 7, 28))

    await planner.run(clock.now)

    [row] = await services.outbox.rows_for(1)
    assert "Test Person turns 36 on 28 July." in row.text
    assert "Send a card by 18 July" in row.text
    assert "Prison 1, Street 2, 220000 Minsk, Belarus" in row.text


async def test_a_digest_offers_an_address_only_while_it_is_current(
    services: Services, planner: Planner, clock: Clock
) -> None:
    # Confirmed 46 days before 14 July: people are moved, a card to the old prison may be lost.
    clock.set(datetime(2026, 7, 14, 8, 0, tzinfo=UTC))
    await add_birthday_follower(services, clock, date(1990, 7, 28), confirmed_days_ago=46)

    await planner.run(clock.now)

    [row] = await services.outbox.rows_for(1)
    assert "Test Person turns 36 on 28 July." in row.text
    assert "Prison 1" not in row.text
    assert "Send a card" not in row.text
    assert "Share the story" in row.text


async def test_a_digest_offers_an_address_confirmed_45_days_ago(
    services: Services, planner: Planner, clock: Clock
) -> None:
    clock.set(datetime(2026, 7, 14, 8, 0, tzinfo=UTC))
    await add_birthday_follower(services, clock, date(1990, 7, 28), confirmed_days_ago=45)

    await planner.run(clock.now)

    [row] = await services.outbox.rows_for(1)
    assert "Send a card by 18 July" in row.text
    assert "Prison 1, Street 2, 220000 Minsk, Belarus" in row.text


async def test_a_long_digest_is_split_between_people(
    services: Services, planner: Planner, clock: Clock
) -> None:
    people = [
        Prisoner(
            id=f"person-{n:03d}",
            name=f"Person Number {n:03d} " + "x" * 40,
            detained_on=date(2021, 7, 14),
            sentenced_on=date(2022, 7, 14),
            status=Status.IMPRISONED,
        )
        for n in range(60)
    ]
    async with services.db.transaction() as conn:
        await services.prisoners.upsert_many(people, conn, now=clock.now)
    await add_chat(services, 1)
    await services.chats.update_settings(1, follow_all=True, now=clock.now)
    clock.set(datetime(2026, 7, 14, 8, 0, tzinfo=UTC))

    plan = await planner.run(clock.now)

    rows = await services.outbox.rows_for(1)
    assert plan.digests == len(rows) > 1
    assert [row.part for row in rows] == list(range(len(rows)))
    assert all(len(row.text) <= 4096 for row in rows)
    assert all(row.text.count("<b>") == row.text.count("</b>") for row in rows)
    assert [bool(row.buttons) for row in rows] == [False] * (len(rows) - 1) + [True]
    text = "\n".join(row.text for row in rows)
    assert all(f"Person Number {n:03d}" in text for n in range(60))


async def test_news_reaches_followers_and_waits_for_the_morning(
    services: Services, planner: Planner, clock: Clock
) -> None:
    await add_chat(services, 1, follows=(POCZOBUT,))
    await add_chat(services, 2, follows=(POCZOBUT,), timezone="America/New_York")
    await add_chat(services, 3)
    await services.chats.update_settings(
        3, kinds=ALL_KINDS - {AlertKind.NEWS}, follow_all=True, now=clock.now
    )
    released = replace(
        await _person(services, POCZOBUT),
        status=Status.RELEASED,
        status_changed_on=date(2026, 3, 24),
    )
    clock.set(datetime(2026, 3, 25, 2, 30, tzinfo=UTC))  # 05:30 in Minsk, 22:30 in New York
    async with services.db.transaction() as conn:
        await services.prisoners.upsert_many([released], conn, now=clock.now)
        await services.news.record_in(
            conn,
            [StatusNews(POCZOBUT, Status.IMPRISONED, Status.RELEASED, date(2026, 3, 24))],
            clock.now,
        )

    plan = await planner.run(clock.now)
    again = await planner.run(clock.now)

    assert plan.news == 2
    assert again.news == 0
    [minsk] = [r for r in await services.outbox.rows_for(1) if r.kind is DeliveryKind.NEWS]
    [new_york] = [r for r in await services.outbox.rows_for(2) if r.kind is DeliveryKind.NEWS]
    assert "Andrzej Poczobut is free" in minsk.text
    assert "24 March 2026" in minsk.text
    # 05:30 in Minsk is night: held until the alert time, 10:00 (07:00 UTC).
    assert minsk.not_before == datetime(2026, 3, 25, 7, 0, tzinfo=UTC)
    # 22:30 in New York is night too: held until 10:00 there the next morning.
    assert new_york.not_before == datetime(2026, 3, 25, 14, 0, tzinfo=UTC)
    assert await services.outbox.rows_for(3) == []
    assert minsk.state is DeliveryState.PENDING


async def test_digests_speak_the_chat_language(
    services: Services, planner: Planner, clock: Clock
) -> None:
    await add_chat(services, 1, follows=(POCZOBUT,), language="be")
    clock.set(datetime(2026, 3, 25, 8, 0, tzinfo=UTC))

    await planner.run(clock.now)

    [row] = await services.outbox.rows_for(1)
    assert "Анджэй Пачобут" in row.text
    assert "years ago" not in row.text


async def _person(services: Services, prisoner_id: str) -> Prisoner:
    person = await services.prisoners.get(prisoner_id)
    assert person is not None
    return person


async def test_campaign_actions_join_their_person_and_the_weekly_prompt(
    services: Services, planner: Planner, clock: Clock
) -> None:
    from bot.domain.actions import ActionKind

    await services.actions.add(
        ActionKind.PETITION,
        "Sign for Andrzej & friends",
        url="https://example.org/sign?a=1&b=2",
        prisoner_id=POCZOBUT,
        language=None,
        now=clock.now,
    )
    await services.actions.add(
        ActionKind.EVENT,
        "Letter-writing evening on Friday",
        url=None,
        prisoner_id=None,
        language="en",
        now=clock.now,
    )
    retired = await services.actions.add(
        ActionKind.DONATION,
        "Old fundraiser",
        url=None,
        prisoner_id=None,
        language=None,
        now=clock.now,
    )
    await services.actions.retire(retired.id, now=clock.now)
    await add_chat(services, 1, follows=(POCZOBUT,))
    clock.set(datetime(2026, 3, 22, 8, 0, tzinfo=UTC))  # Sunday: the weekly prompt
    await planner.run(clock.now)
    clock.set(datetime(2026, 3, 25, 8, 0, tzinfo=UTC))  # the anniversary
    await planner.run(clock.now)

    weekly, anniversary = await services.outbox.rows_for(1)
    assert "Also this week: Letter-writing evening on Friday" in weekly.text
    assert "Old fundraiser" not in weekly.text
    assert (
        '<a href="https://example.org/sign?a=1&amp;b=2">Sign for Andrzej &amp; friends</a>'
        in anniversary.text
    )
    assert "Letter-writing evening" not in anniversary.text


async def test_following_someone_later_the_same_day_brings_today_s_message(
    services: Services, planner: Planner, clock: Clock
) -> None:
    await add_chat(services, 1, follows=(BABARYKA,))
    clock.set(datetime(2026, 3, 25, 8, 0, tzinfo=UTC))
    assert (await planner.run(clock.now)).digests == 0  # nothing today for Eduard Babaryka

    await services.follows.follow(1, POCZOBUT, limit=100, now=clock.now)
    plan = await planner.run(clock.now)

    assert plan.digests == 1
    [row] = await services.outbox.rows_for(1)
    assert "Andrzej Poczobut" in row.text


async def test_a_change_after_today_s_message_brings_no_second_one(
    services: Services, planner: Planner, clock: Clock
) -> None:
    await add_chat(services, 1, follows=(POCZOBUT,))
    clock.set(datetime(2026, 3, 25, 8, 0, tzinfo=UTC))
    await planner.run(clock.now)

    await services.follows.follow(1, BABARYKA, limit=100, now=clock.now)
    await services.chats.update_settings(1, follow_all=True, now=clock.now)
    again = await planner.run(clock.now)

    assert again.digests == 0
    assert len(await services.outbox.rows_for(1)) == 1


async def test_a_chat_that_follows_nobody_gets_no_weekly_prompt(
    services: Services, planner: Planner, clock: Clock
) -> None:
    await add_chat(services, 1)  # /start only
    await add_chat(services, 2, follows=(BABARYKA,))  # no dates this week
    clock.set(datetime(2026, 3, 22, 8, 0, tzinfo=UTC))  # Sunday

    await planner.run(clock.now)

    assert await services.outbox.rows_for(1) == []
    [weekly] = await services.outbox.rows_for(2)
    assert "None of the people you follow has a date this week." in weekly.text
