"""The planner: turns today's dates into one outbox row per chat and day, and news into rows.

It runs every PLANNER_INTERVAL_SECONDS. A chat is due once its local alert time has passed on
its local date and the planner has not made that date's message yet (`chats.planned_on`).
Marking a chat planned and queueing its message happen in one transaction, and every row has a
unique key, so a second run, a race or a restart queues nothing twice. After downtime it makes
today's missed messages; yesterday's are never made.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from bot.domain.actions import CampaignAction
from bot.domain.chat import AlertKind, Chat
from bot.domain.events import Event, events_between, events_on
from bot.domain.prisoner import Prisoner, Status
from bot.domain.schedule import is_weekly_day, news_not_before, week_ahead
from bot.domain.timezones import zone
from bot.services import Services
from handlers.digests import Rendered, render_digest, render_news
from storage.news import NewsItem, NewsKind
from storage.outbox import DeliveryKind, NewDelivery, digest_key, news_key

logger = logging.getLogger(__name__)

# Chats are planned and written in batches, so that the database is never locked for long.
BATCH = 1000


@dataclass(frozen=True, slots=True)
class Plan:
    """What one run of the planner queued."""

    digests: int = 0
    news: int = 0
    chats_planned: int = 0
    samples: tuple[tuple[Chat, tuple[Rendered, ...]], ...] = field(default=())


@dataclass(slots=True)
class _Context:
    """What a run of the planner shares across chats."""

    people: dict[str, Prisoner]
    days: dict[date, _Day]
    actions: tuple[CampaignAction, ...]
    # chat id -> the people with dates on these days whom the chat follows one by one
    follows: dict[int, set[str]]
    following_anyone: set[int]
    rendered: dict[object, list[Rendered]] = field(default_factory=dict)


@dataclass(slots=True)
class _Day:
    """Everything about one local date, computed once per run for all chats on that date."""

    today: dict[str, list[Event]]
    week: dict[str, list[Event]] | None = None


class Planner:
    """Compute due digests and news and put them in the outbox."""

    def __init__(self, services: Services, bot_username: str) -> None:
        """Plan with these services; buttons link to cards of `bot_username`."""
        self.services = services
        self.bot_username = bot_username

    async def run(self, now: datetime) -> Plan:
        """Queue every digest due at `now` and every news item not yet queued."""
        digests = await self.plan_digests(now)
        news = await self.plan_news(now)
        return Plan(digests=digests.digests, news=news, chats_planned=digests.chats_planned)

    # -- daily messages --------------------------------------------------------------------

    async def plan_digests(self, now: datetime, *, keep_samples: int = 0) -> Plan:
        """Queue today's message of every chat whose alert time has come."""
        services = self.services
        due: list[tuple[Chat, date]] = []
        for name in await services.chats.planning_zones():
            local = now.astimezone(zone(name))
            due += [
                (chat, local.date())
                for chat in await services.chats.due_in_zone(name, local.date(), local.time())
            ]
        # A chat planned again after a change keeps the message it already got today.
        done = await services.outbox.chats_with_digest(
            (chat.chat_id, local_date) for chat, local_date in due
        )
        if done:
            async with services.db.transaction() as conn:
                await services.chats.mark_planned_in(
                    conn, [(chat.chat_id, day) for chat, day in due if chat.chat_id in done]
                )
            due = [(chat, day) for chat, day in due if chat.chat_id not in done]
        if not due:
            return Plan()
        context = await self._context({local_date for _, local_date in due})
        digests = planned = 0
        samples: list[tuple[Chat, tuple[Rendered, ...]]] = []
        for start in range(0, len(due), BATCH):
            batch = due[start : start + BATCH]
            deliveries: list[NewDelivery] = []
            for chat, local_date in batch:
                parts = self.render(chat, local_date, context)
                deliveries += _digest_rows(chat, local_date, parts, now)
                if parts and len(samples) < keep_samples:
                    samples.append((chat, tuple(parts)))
            async with services.db.transaction() as conn:
                digests += await services.outbox.enqueue_in(conn, deliveries, now)
                await services.chats.mark_planned_in(
                    conn, [(chat.chat_id, local_date) for chat, local_date in batch]
                )
            planned += len(batch)
        return Plan(digests=digests, chats_planned=planned, samples=tuple(samples))

    async def preview(self, local_date: date, *, keep_samples: int = 3) -> Plan:
        """Return what every active chat would get on `local_date`, writing nothing."""
        chats = [chat for chat in await self.services.chats.active() if not chat.paused]
        context = await self._context({local_date})
        messages = receiving = 0
        samples: list[tuple[Chat, tuple[Rendered, ...]]] = []
        for chat in chats:
            parts = self.render(chat, local_date, context)
            if parts:
                messages += len(parts)
                receiving += 1
                if len(samples) < keep_samples:
                    samples.append((chat, tuple(parts)))
        return Plan(digests=messages, chats_planned=receiving, samples=tuple(samples))

    async def _context(self, local_dates: Iterable[date]) -> _Context:
        """Load what every chat's message on these dates is made from, once for all chats."""
        services = self.services
        people = {p.id: p for p in await services.prisoners.all()}
        days = {day: self._day(people.values(), day) for day in local_dates}
        relevant = {pid for day in days.values() for pid in (*day.today, *(day.week or {}))}
        weekly = any(day.week is not None for day in days.values())
        return _Context(
            people=people,
            days=days,
            actions=tuple(await services.actions.live()),
            follows=await services.follows.followers_of(relevant),
            following_anyone=await services.follows.chats_following_anyone() if weekly else set(),
        )

    def _day(self, people: Iterable[Prisoner], local_date: date) -> _Day:
        lead = self.services.settings.card_lead_days
        inside = [p for p in people if p.status is Status.IMPRISONED]
        today: dict[str, list[Event]] = {}
        for person in inside:
            found = events_on(person, local_date, card_lead_days=lead)
            if found:
                today[person.id] = found
        day = _Day(today)
        if is_weekly_day(local_date, self.services.settings.weekly_prompt_weekday):
            first, last = week_ahead(local_date)
            week: dict[str, list[Event]] = {}
            for event in events_between(
                inside, first + timedelta(days=1), last, card_lead_days=lead
            ):
                week.setdefault(event.prisoner_id, []).append(event)
            day.week = week
        return day

    def render(self, chat: Chat, local_date: date, context: _Context) -> list[Rendered]:
        """Return the chat's message for its local date: its people's events and actions."""
        day = context.days[local_date]
        followed = context.follows.get(chat.chat_id, set())

        def wanted(events: dict[str, list[Event]]) -> tuple[Event, ...]:
            ids = events.keys() if chat.follow_all else followed & events.keys()
            return tuple(
                sorted(
                    (e for pid in ids for e in events[pid] if e.kind.alert_kind in chat.kinds),
                    key=lambda e: e.sort_key,
                )
            )

        week = None
        # The weekly prompt goes to chats that follow someone, even in a week without dates.
        if (
            day.week is not None
            and AlertKind.WEEKLY in chat.kinds
            and (chat.follow_all or chat.chat_id in context.following_anyone)
        ):
            week = wanted(day.week)
        today = wanted(day.today)
        if not today and week is None:
            return []
        # Most chats share their day's events with many others: the text is made once.
        key = (chat.language, local_date, today, week)
        cached = context.rendered.get(key)
        if cached is None:
            t = self.services.l10n(chat.language)
            cached = context.rendered[key] = render_digest(
                t,
                local_date,
                today,
                context.people,
                self.bot_username,
                week,
                context.actions,
                address_max_age_days=self.services.settings.address_max_age_days,
            )
        return cached

    # -- news ------------------------------------------------------------------------------

    async def plan_news(self, now: datetime) -> int:
        """Queue each status change an import recorded to the chats that follow the person."""
        services = self.services
        items = await services.news.unfanned()
        if not items:
            return 0
        everyone = await services.chats.following_everyone()
        queued = 0
        for item in items:
            person = await services.prisoners.get(item.prisoner_id)
            if person is None:
                continue
            chats = await self._news_audience(item, everyone)
            rows = [self._news_row(chat, item, person, now) for chat in chats]
            queued += await services.news.fan_out(item.id, rows, now) or 0
        return queued

    async def _news_audience(self, item: NewsItem, everyone: Sequence[Chat]) -> list[Chat]:
        followers = await self.services.chats.by_ids(
            await self.services.follows.followers(item.prisoner_id)
        )
        # "Everyone in prison" covers people who were inside or are inside now. A move between
        # prisons goes only to those who follow the person: a list of a thousand people sees
        # transfers every week, too many for a chat that follows them all.
        if item.kind is NewsKind.STATUS and Status.IMPRISONED in (item.old_status, item.new_status):
            known = {chat.chat_id for chat in followers}
            followers += [chat for chat in everyone if chat.chat_id not in known]
        return [chat for chat in followers if chat.wants(AlertKind.NEWS)]

    def _news_row(self, chat: Chat, item: NewsItem, person: Prisoner, now: datetime) -> NewDelivery:
        t = self.services.l10n(chat.language)
        rendered = render_news(t, item, person, self.bot_username)
        return NewDelivery(
            chat_id=chat.chat_id,
            key=news_key(chat.chat_id, item.id),
            kind=DeliveryKind.NEWS,
            text=rendered.text,
            buttons=rendered.buttons,
            not_before=news_not_before(chat, now),
        )


def _digest_rows(
    chat: Chat, local_date: date, parts: Sequence[Rendered], now: datetime
) -> list[NewDelivery]:
    return [
        NewDelivery(
            chat_id=chat.chat_id,
            key=digest_key(chat.chat_id, local_date, index),
            kind=DeliveryKind.DIGEST,
            local_date=local_date,
            text=part.text,
            buttons=part.buttons,
            part=index,
            not_before=now,
        )
        for index, part in enumerate(parts)
    ]
