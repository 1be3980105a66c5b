"""The planner: turns today's dates into one outbox row per chat and day, and news into rows.

It runs every PLANNER_INTERVAL_SECONDS. A chat is due once its local alert time has passed on
its local date and the planner has not made that date's message yet (`chats.planned_on`).
Marking a chat planned and queueing its message happen in one transaction, and every row has a
unique key, so a second run, a race or a restart queues nothing twice. After downtime it makes
today's missed messages; yesterday's are never made.

The records and their days' events are kept between runs until the data changes
(`prisoners.fingerprint`): most runs plan a handful of chats, and need not read ten thousand
records for them. Once a UTC day the planner also deletes finished outbox rows older than
OUTBOX_KEEP_DAYS.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from bot.domain.actions import CampaignAction
from bot.domain.chat import AlertKind, Chat
from bot.domain.events import Event, events_between, events_on
from bot.domain.letters.follow_up import (
    MOST_WEEKS,
    FollowUps,
    follow_ups,
    weeks_between_letters,
)
from bot.domain.news import NewsItem, NewsKind
from bot.domain.prisoner import Prisoner, Status
from bot.domain.schedule import is_weekly_day, news_not_before, week_ahead
from bot.domain.timezones import zone
from bot.rendering.digests import Rendered, render_digest, render_news
from bot.services import Services
from storage.chats import Recipient
from storage.outbox import DeliveryKind, NewDelivery, news_key

logger = logging.getLogger(__name__)

# Chats are planned and written in batches, so that the database is never locked for long: about
# 0.1 s a batch on the weekly prompt's day (reads go to the reader connection meanwhile). Fewer,
# larger commits write fewer pages, since every batch touches the chats_due index all over.
BATCH = 2500
# The heartbeat that records the last day finished outbox rows were purged.
PURGE_HEARTBEAT = "outbox-purge"
# What a digest's cache key holds instead of the people of a chat that follows everyone.
_EVERYONE = "*"
_NOBODY: frozenset[str] = frozenset()
# Letters written this long ago or earlier are not looked at for reminders and questions.
MARKS_LOOKED_AT = timedelta(weeks=MOST_WEEKS + 1)


class _Everyone:
    """The people a chat that follows everyone follows: anyone."""

    def __contains__(self, prisoner_id: object) -> bool:
        return True


_EVERYONE_FOLLOWED = _Everyone()


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
    rendered: dict[object, list[Rendered]] = field(default_factory=dict)


@dataclass(slots=True)
class _Day:
    """Everything about one local date, computed once for all chats on that date."""

    today: dict[str, list[Event]]
    week: dict[str, list[Event]] | None = None


@dataclass(slots=True)
class _Records:
    """The records as of one fingerprint, and the days computed from them."""

    fingerprint: tuple[object, ...]
    people: dict[str, Prisoner]
    days: dict[date, _Day] = field(default_factory=dict)


class Planner:
    """Compute due digests and news and put them in the outbox."""

    def __init__(self, services: Services, bot_username: str) -> None:
        """Plan with these services; buttons link to cards of `bot_username`."""
        self.services = services
        self.bot_username = bot_username
        self._records: _Records | None = None

    async def run(self, now: datetime) -> Plan:
        """Queue every digest due at `now` and every news item not yet queued."""
        digests = await self.plan_digests(now)
        news = await self.plan_news(now)
        return Plan(digests=digests.digests, news=news, chats_planned=digests.chats_planned)

    # -- daily messages --------------------------------------------------------------------

    async def plan_digests(self, now: datetime, *, keep_samples: int = 0) -> Plan:
        """Queue today's message of every chat whose alert time has come."""
        services = self.services
        # Ids first, then the chats a batch at a time: a whole day's run never holds a hundred
        # thousand of them at once.
        due: list[tuple[date, list[int]]] = []
        for name in await services.chats.planning_zones():
            local = now.astimezone(zone(name))
            chat_ids = await services.chats.due_in_zone(name, local.date(), local.time())
            if chat_ids:
                due.append((local.date(), chat_ids))
        if not due:
            return Plan()
        context = await self._context({local_date for local_date, _ in due})
        digests = planned = 0
        samples: list[tuple[int, tuple[Rendered, ...]]] = []
        with _collector_paused():
            for local_date, chat_ids in due:
                for start in range(0, len(chat_ids), BATCH):
                    batch = await services.chats.recipients(chat_ids[start : start + BATCH])
                    queued, made = await self._plan_batch(batch, local_date, context, now)
                    digests += queued
                    planned += len(made)
                    if len(samples) < keep_samples:
                        made = [(chat_id, parts) for chat_id, parts in made if parts]
                        samples += made[: keep_samples - len(samples)]
        return Plan(digests=digests, chats_planned=planned, samples=await self._samples(samples))

    async def _plan_batch(
        self, chats: Sequence[Recipient], local_date: date, context: _Context, now: datetime
    ) -> tuple[int, list[tuple[int, tuple[Rendered, ...]]]]:
        """Queue the messages of a batch of chats and mark them planned, in one transaction.

        Return how many rows were queued, and each chat planned now with its message (maybe
        none).
        """
        services = self.services
        # A chat planned again after a change keeps the message it already got today. Only such
        # a chat can have one: a digest is queued with its chat's planned_on, and the purge keeps
        # a digest as long as its day may still be today somewhere.
        done = await services.outbox.chats_with_digest(
            (chat.chat_id, local_date) for chat in chats if chat.planned_on is None
        )
        planning = [chat for chat in chats if chat.chat_id not in done]
        letters = await self._follow_ups(planning, local_date, context)
        made = [
            (
                chat.chat_id,
                tuple(self.render(chat, local_date, context, letters.get(chat.chat_id))),
            )
            for chat in planning
        ]
        async with services.db.transaction() as conn:
            queued = await services.outbox.enqueue_digests_in(
                conn, local_date, [(chat_id, parts) for chat_id, parts in made if parts], now
            )
            await services.chats.mark_planned_in(
                conn, [(chat.chat_id, local_date) for chat in chats]
            )
            # Said once: a letter's reminder and question are not made again for another day.
            await services.letters.note_follow_ups_in(conn, letters.items(), local_date)
        return queued, made

    async def _follow_ups(
        self, chats: Sequence[Recipient], local_date: date, context: _Context
    ) -> dict[int, FollowUps]:
        """Return what the messages of the chats that wrote letters say about them today."""
        if not chats:
            return {}
        marks = await self.services.letters.follow_up_marks(
            (chat.chat_id for chat in chats), local_date - MARKS_LOOKED_AT
        )
        if not marks:
            return {}
        default = self.services.settings.write_again_weeks
        found: dict[int, FollowUps] = {}
        for chat in chats:
            chat_marks = marks.get(chat.chat_id)
            if not chat_marks:
                continue
            said = follow_ups(
                chat_marks,
                local_date,
                weeks=weeks_between_letters(chat.write_again_weeks, default),
                follows=_EVERYONE_FOLLOWED if chat.follow_all else frozenset(chat.follows),
                people=context.people,
            )
            if said:
                found[chat.chat_id] = said
        return found

    async def _samples(
        self, samples: Sequence[tuple[int, tuple[Rendered, ...]]]
    ) -> tuple[tuple[Chat, tuple[Rendered, ...]], ...]:
        if not samples:
            return ()
        chats = {chat.chat_id: chat for chat in await self.services.chats.by_ids(dict(samples))}
        return tuple((chats[chat_id], parts) for chat_id, parts in samples if chat_id in chats)

    async def preview(self, local_date: date, *, keep_samples: int = 3) -> Plan:
        """Return what every active chat would get on `local_date`, writing nothing."""
        chats = await self.services.chats.recipients(
            chat.chat_id for chat in await self.services.chats.active() if not chat.paused
        )
        context = await self._context({local_date})
        messages = receiving = 0
        samples: list[tuple[int, tuple[Rendered, ...]]] = []
        for chat in chats:
            parts = self.render(chat, local_date, context)
            if parts:
                messages += len(parts)
                receiving += 1
                if len(samples) < keep_samples:
                    samples.append((chat.chat_id, tuple(parts)))
        return Plan(digests=messages, chats_planned=receiving, samples=await self._samples(samples))

    async def _context(self, local_dates: Iterable[date]) -> _Context:
        """Load what every chat's message on these dates is made from, once for all chats."""
        records = await self._current_records()
        # Days of earlier runs are dropped: a day is planned on for a day or two at most.
        records.days = {
            day: records.days.get(day) or self._day(records.people.values(), day)
            for day in local_dates
        }
        return _Context(
            people=records.people,
            days=records.days,
            actions=tuple(await self.services.actions.live()),
        )

    async def _current_records(self) -> _Records:
        """Return the records, read again only when they changed since the last run."""
        prisoners = self.services.prisoners
        fingerprint = await prisoners.fingerprint()
        records = self._records
        if records is None or records.fingerprint != fingerprint:
            people = {p.id: p for p in await prisoners.all()}
            records = self._records = _Records(fingerprint, people)
        return records

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

    def render(
        self,
        chat: Recipient,
        local_date: date,
        context: _Context,
        letters: FollowUps | None = None,
    ) -> list[Rendered]:
        """Return the chat's message for its local date: its people's events and actions.

        `letters` is what the message says about the chat's letters, if anything.
        """
        day = context.days[local_date]
        everyone = chat.follow_all
        today_people = _EVERYONE if everyone else _with_events(chat.follows, day.today)
        week_people: str | frozenset[str] | None = None
        # The weekly prompt goes to chats that follow someone, even in a week without dates.
        if day.week is not None and AlertKind.WEEKLY in chat.kinds and (everyone or chat.follows):
            week_people = _EVERYONE if everyone else _with_events(chat.follows, day.week)
        if letters:
            # Said to this chat alone: its text is its own.
            return self._render(
                chat, local_date, context, day, week=week_people is not None, letters=letters
            )
        if not today_people and week_people is None:
            return []
        # Most chats share their day's people with many others: the text is made once.
        key = (chat.language, local_date, chat.kinds, today_people, week_people, chat.is_channel)
        cached = context.rendered.get(key)
        if cached is None:
            cached = context.rendered[key] = self._render(
                chat, local_date, context, day, week=week_people is not None
            )
        return cached

    def _render(
        self,
        chat: Recipient,
        local_date: date,
        context: _Context,
        day: _Day,
        *,
        week: bool,
        letters: FollowUps | None = None,
    ) -> list[Rendered]:
        def wanted(events: dict[str, list[Event]]) -> tuple[Event, ...]:
            ids = events.keys() if chat.follow_all else events.keys() & chat.follows
            return tuple(
                sorted(
                    (e for pid in ids for e in events[pid] if e.kind.alert_kind in chat.kinds),
                    key=lambda e: e.sort_key,
                )
            )

        today = wanted(day.today)
        coming = wanted(day.week) if week and day.week is not None else None
        if not today and coming is None and not letters:
            return []
        return render_digest(
            self.services.l10n(chat.language),
            local_date,
            today,
            context.people,
            self.bot_username,
            coming,
            context.actions,
            address_max_age_days=self.services.settings.address_max_age_days,
            follow_ups=letters,
            wrote_buttons=not chat.is_channel,
        )

    # -- keeping the outbox small ------------------------------------------------------------

    async def purge_outbox(self, now: datetime) -> int | None:
        """Delete finished outbox rows older than OUTBOX_KEEP_DAYS, once per UTC day.

        Return how many rows went, or None when this UTC day's purge was done already (the
        day is kept in a heartbeat, so a restart does not purge twice).
        """
        services = self.services
        today = now.astimezone(UTC).date()
        last = await services.heartbeats.last(PURGE_HEARTBEAT)
        if last is not None and last.astimezone(UTC).date() == today:
            return None
        purged = await services.outbox.purge_finished(
            older_than=now - timedelta(days=services.settings.outbox_keep_days),
            # Somewhere it is still UTC's yesterday: a digest for that day may be today's.
            keep_digests_from=today - timedelta(days=1),
        )
        await services.heartbeats.beat(PURGE_HEARTBEAT, now=now)
        return purged

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


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a run writes its batches.

    A whole day's run allocates a few objects per chat, for a hundred thousand chats, nearly
    none in reference cycles: they are freed as they go. Meanwhile the collector would walk the
    whole heap (locale data and all) again and again: 0.5 to 0.8 s of such a run, measured.
    Cycles other tasks make meanwhile wait for it to be switched back on (unless it was off
    already).
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _with_events(people: tuple[str, ...], events: dict[str, list[Event]]) -> frozenset[str]:
    """Return those of `people` who have events."""
    # `&` looks up the few people a chat follows among the many events, never the reverse.
    found = events.keys() & people
    return frozenset(found) if found else _NOBODY
