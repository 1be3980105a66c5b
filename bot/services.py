"""The long-lived objects every handler and command needs, opened once and closed once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.config import Settings
from bot.domain.search import SearchIndex
from bot.l10n import Localizer
from storage.actions import ActionRepository
from storage.audit import AuditLog, Heartbeats
from storage.backends import open_database
from storage.campaigns import CampaignRepository
from storage.chat_states import ChatStateRepository
from storage.chats import ChatRepository
from storage.follows import FollowRepository
from storage.letters import LetterRepository
from storage.news import NewsRepository
from storage.outbox import Outbox
from storage.prisoners import PrisonerRepository
from storage.sources import SourceRepository
from storage.sql import SQLDatabase

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Return the current time in UTC; the one place that reads the wall clock."""
    return datetime.now(UTC)


@dataclass(slots=True)
class Services:
    """Settings, storage and texts, shared by handlers, jobs and the CLI."""

    settings: Settings
    db: SQLDatabase
    l10n: Localizer
    prisoners: PrisonerRepository
    chats: ChatRepository
    follows: FollowRepository
    outbox: Outbox
    news: NewsRepository
    actions: ActionRepository
    audit: AuditLog
    heartbeats: Heartbeats
    campaigns: CampaignRepository
    sources: SourceRepository
    letters: LetterRepository
    chat_states: ChatStateRepository
    clock: Clock = system_clock
    search: SearchIndex = field(default_factory=lambda: SearchIndex.build(()))
    # The import the search index was built after: another process (`sync`, `import`) may write
    # the data, and the index is rebuilt when a newer import appears.
    search_built_from: int | None = None

    @classmethod
    async def open(cls, settings: Settings, clock: Clock = system_clock) -> Services:
        """Open the database (running migrations) and load the texts."""
        l10n = Localizer()
        db = await open_database(settings.database_path, settings.postgres_url)
        outbox = Outbox(db)
        return cls(
            settings,
            db,
            l10n,
            PrisonerRepository(db),
            ChatRepository(db),
            FollowRepository(db),
            outbox,
            NewsRepository(db),
            ActionRepository(db),
            AuditLog(db),
            Heartbeats(db),
            CampaignRepository(db, outbox),
            SourceRepository(db),
            LetterRepository(db),
            ChatStateRepository(db),
            clock,
        )

    async def refresh_search(self) -> None:
        """Rebuild the name index from the database, after start-up or an import."""
        last = await self.prisoners.last_import()
        self.search = SearchIndex.build(await self.prisoners.all())
        self.search_built_from = None if last is None else last.id

    async def refresh_search_if_changed(self) -> bool:
        """Rebuild the name index when the data changed since it was built; tell whether it did."""
        last = await self.prisoners.last_import()
        if (None if last is None else last.id) == self.search_built_from:
            return False
        await self.refresh_search()
        return True

    async def close(self) -> None:
        """Close the database."""
        await self.db.close()
