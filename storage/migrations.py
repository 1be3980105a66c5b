"""The database schema, as an ordered list of migrations.

`PRAGMA user_version` holds the number of the last migration applied to a file. When the bot opens
a database it applies every newer migration, in order, each in its own transaction together with
the new `user_version`; a migration that fails is rolled back alone and the file stays usable by
the previous release.

To change the schema, never edit a migration that has shipped: append a new one to `MIGRATIONS`
with the next version number, for example::

    _FOLLOWS = '''
    CREATE TABLE follows (
        chat_id INTEGER NOT NULL REFERENCES chats (chat_id) ON DELETE CASCADE,
        prisoner_id TEXT NOT NULL REFERENCES prisoners (id) ON DELETE CASCADE,
        PRIMARY KEY (chat_id, prisoner_id)
    );
    '''

    MIGRATIONS = (
        Migration(1, "prisoners, chats and imports", _INITIAL),
        Migration(2, "follows", _FOLLOWS),
    )

A step is either an SQL script (statements separated by semicolons; triggers are fine) or an
`async def step(conn: storage.sql.Connection) -> None` for changes that need Python, such as
rewriting values. A step must not commit or roll back: the runner does. Migrations run with
foreign key enforcement off and end with `PRAGMA foreign_key_check`, so a table can be rebuilt
(create the new table, copy, drop the old one, rename) without cascading deletes into the tables
that reference it.

PostgreSQL runs the same numbered migrations, recording the version in its `schema_version`
table (see storage.postgres). A migration whose SQLite script cannot run there (GLOB and
json_type in CHECKs, INTEGER PRIMARY KEY, WITHOUT ROWID, a table rebuilt rather than altered)
carries PostgreSQL's own in `postgres`; the two must leave the same tables, columns and
constraints. PostgreSQL's scripts give ids and names `COLLATE "C"`, so that they sort by code
point as in SQLite whatever the database's locale, and chat ids BIGINT.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from storage.sql import Connection, Dialect

MigrationStep = Callable[[Connection], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Migration:
    """One numbered, named change to the schema."""

    version: int
    name: str
    step: str | MigrationStep
    # PostgreSQL's form of the step, where SQLite's cannot run there; None: one step for both.
    postgres: str | MigrationStep | None = None

    def step_for(self, dialect: Dialect) -> str | MigrationStep:
        """Return the step to run on a database of this dialect."""
        if dialect is Dialect.POSTGRESQL and self.postgres is not None:
            return self.postgres
        return self.step

    async def apply(self, conn: Connection) -> None:
        """Run this migration's statements on a connection that is inside a transaction."""
        step = self.step_for(conn.dialect)
        if isinstance(step, str):
            for statement in split_statements(step):
                await conn.execute(statement)
        else:
            await step(conn)


def split_statements(script: str) -> list[str]:
    """Split an SQL script into complete statements, keeping semicolons in literals and triggers."""
    # Executescript would commit the open transaction first, so statements run one by one.
    statements: list[str] = []
    pending = ""
    pieces = script.split(";")
    for index, piece in enumerate(pieces):
        pending += piece if index == len(pieces) - 1 else piece + ";"
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    statements.append(pending.strip())
    return [statement for statement in statements if statement.strip(";").strip()]


def latest_version(migrations: Sequence[Migration]) -> int:
    """Return the schema version a database has after all migrations."""
    return migrations[-1].version if migrations else 0


def check_sequence(migrations: Sequence[Migration]) -> None:
    """Raise ValueError unless the migrations are numbered 1, 2, 3... in order."""
    for expected, migration in enumerate(migrations, start=1):
        if migration.version != expected:
            raise ValueError(
                f"migration {migration.name!r} has version {migration.version}, expected "
                f"{expected}: versions must count up from 1 without gaps"
            )


_INITIAL = """
CREATE TABLE prisoners (
    -- A stable slug; subscriptions and deep links refer to it.
    id TEXT PRIMARY KEY NOT NULL CHECK (id <> '' AND id NOT GLOB '*[^a-z0-9-]*'),
    name TEXT NOT NULL,
    name_be TEXT,
    name_ru TEXT,
    aliases TEXT NOT NULL DEFAULT '[]' CHECK (json_type(aliases) = 'array'),
    gender TEXT CHECK (gender IN ('female', 'male')),
    birth_date TEXT CHECK (birth_date = date(birth_date)),
    detained_on TEXT CHECK (detained_on = date(detained_on)),
    status TEXT NOT NULL
        CHECK (status IN ('imprisoned', 'released', 'deceased', 'persecuted')),
    status_changed_on TEXT CHECK (status_changed_on = date(status_changed_on)),
    status_note TEXT,
    sentence TEXT,
    sentenced_on TEXT CHECK (sentenced_on = date(sentenced_on)),
    charges TEXT NOT NULL DEFAULT '[]' CHECK (json_type(charges) = 'array'),
    facility TEXT,
    mailing_address TEXT,
    letters TEXT NOT NULL DEFAULT 'unknown' CHECK (letters IN ('yes', 'no', 'unknown')),
    organization TEXT,
    summary TEXT,
    source_url TEXT,
    verified_on TEXT CHECK (verified_on = date(verified_on)),
    -- When an import last changed this row (UTC, ISO 8601).
    updated_at TEXT NOT NULL
);

-- Only what delivery needs: no names, usernames or message contents.
CREATE TABLE chats (
    chat_id INTEGER PRIMARY KEY,
    type TEXT NOT NULL CHECK (type IN ('private', 'group', 'supergroup', 'channel')),
    language TEXT NOT NULL,
    timezone TEXT NOT NULL,
    alert_time TEXT NOT NULL CHECK (alert_time GLOB '[0-2][0-9]:[0-5][0-9]'),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL
);

CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    imported_at TEXT NOT NULL,
    -- The file name only: a full path can name the operator's account.
    source TEXT NOT NULL,
    format TEXT,
    added INTEGER NOT NULL CHECK (added >= 0),
    changed INTEGER NOT NULL CHECK (changed >= 0),
    status_changes INTEGER NOT NULL CHECK (status_changes >= 0),
    total INTEGER NOT NULL CHECK (total >= 0)
);
"""

_FOLLOWS_AND_SETTINGS = """
-- Which kinds of messages a chat wants: a JSON array of names (see bot.domain.chat.AlertKind).
ALTER TABLE chats ADD COLUMN kinds TEXT NOT NULL
    DEFAULT '["anniversaries","birthdays","milestones","news","weekly"]'
    CHECK (json_valid(kinds) AND json_type(kinds) = 'array');
-- The chat asked for silence for now; nothing else changes.
ALTER TABLE chats ADD COLUMN paused INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1));
-- The chat follows everyone in prison, including people added later.
ALTER TABLE chats ADD COLUMN follow_all INTEGER NOT NULL DEFAULT 0 CHECK (follow_all IN (0, 1));
ALTER TABLE chats ADD COLUMN updated_at TEXT;

-- Who follows whom: a chat id and a prisoner id, nothing about the people in the chat.
CREATE TABLE follows (
    chat_id INTEGER NOT NULL REFERENCES chats (chat_id) ON UPDATE CASCADE ON DELETE CASCADE,
    prisoner_id TEXT NOT NULL REFERENCES prisoners (id) ON UPDATE CASCADE ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (chat_id, prisoner_id)
) WITHOUT ROWID;

-- News of a status change goes to the followers of one person.
CREATE INDEX follows_by_prisoner ON follows (prisoner_id, chat_id);
"""

_OUTBOX_AND_NEWS = """
-- Messages waiting to go out, and what became of them; see storage.outbox for the life of a row.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    -- /forget deletes a chat's pending deliveries; a group that became a supergroup takes them.
    chat_id INTEGER NOT NULL REFERENCES chats (chat_id) ON UPDATE CASCADE ON DELETE CASCADE,
    -- Idempotency: planning the same message twice inserts it once (storage.outbox.delivery_key).
    key TEXT NOT NULL UNIQUE CHECK (key <> ''),
    kind TEXT NOT NULL CHECK (kind IN ('digest', 'news', 'campaign')),
    -- The chat's local day a digest is for; every digest has one.
    local_date TEXT CHECK (local_date = date(local_date)),
    -- Rendered Telegram HTML, at most 4096 characters once parsed.
    text TEXT NOT NULL,
    -- Inline keyboard: a JSON array of rows, each an array of {"text": ..., "url": ...}.
    buttons TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(buttons) AND json_type(buttons) = 'array'),
    -- A long digest is several rows, sent in this order.
    part INTEGER NOT NULL DEFAULT 0 CHECK (part >= 0),
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'cancelled')),
    -- UTC moments, as storage.timestamps writes them.
    not_before TEXT NOT NULL,
    lease_until TEXT,
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    -- An error class or description, or why the row was cancelled; never message text.
    last_error TEXT,
    -- When last_error was recorded, if it was a delivery error.
    error_at TEXT,
    sent_at TEXT,
    message_id INTEGER,
    created_at TEXT NOT NULL,
    CHECK (kind <> 'digest' OR local_date IS NOT NULL)
);

-- Claiming: due rows in order.
CREATE INDEX outbox_due ON outbox (state, not_before);
-- A chat's rows: cascades, cancelling, and keeping one message per chat in flight.
CREATE INDEX outbox_by_chat ON outbox (chat_id, state);
-- Which chats already have today's digest.
CREATE INDEX outbox_digests ON outbox (local_date, chat_id) WHERE kind = 'digest';

-- Status changes an import applied, until the planner has queued them to the followers.
CREATE TABLE news (
    id INTEGER PRIMARY KEY,
    prisoner_id TEXT NOT NULL REFERENCES prisoners (id) ON UPDATE CASCADE ON DELETE CASCADE,
    old_status TEXT NOT NULL,
    new_status TEXT NOT NULL,
    changed_on TEXT CHECK (changed_on = date(changed_on)),
    recorded_at TEXT NOT NULL,
    fanned_out_at TEXT,
    CHECK (old_status <> new_status)
);

CREATE INDEX news_by_prisoner ON news (prisoner_id);

-- The chat's local date whose daily message the planner has made (maybe empty: nothing that day).
ALTER TABLE chats ADD COLUMN planned_on TEXT CHECK (planned_on = date(planned_on));
CREATE INDEX news_unfanned ON news (id) WHERE fanned_out_at IS NULL;
"""

_CAMPAIGN_ACTIONS = """
-- What operators ask supporters to do: petitions, donations, events. Shown with the events of
-- one person (prisoner_id) or, for everyone, in the weekly prompt; retired ones stay on record.
CREATE TABLE actions (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('petition', 'donation', 'event', 'letters')),
    text TEXT NOT NULL CHECK (length(trim(text)) BETWEEN 1 AND 300),
    url TEXT CHECK (url IS NULL OR url GLOB 'https://*' OR url GLOB 'http://*'),
    prisoner_id TEXT REFERENCES prisoners (id) ON UPDATE CASCADE ON DELETE CASCADE,
    language TEXT,
    created_at TEXT NOT NULL,
    retired_at TEXT
);
"""

_AUDIT_AND_HEARTBEATS = """
-- What operators did through the bot: who (their Telegram user id, from ADMIN_IDS), what, when.
-- The detail names records and counts, never message text of supporters.
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    admin_id INTEGER NOT NULL,
    action TEXT NOT NULL CHECK (action <> ''),
    detail TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL
);
CREATE INDEX audit_by_time ON audit (at);

-- When each background job last finished a run (the planner, the dispatcher), for health checks.
CREATE TABLE heartbeats (
    name TEXT PRIMARY KEY NOT NULL,
    at TEXT NOT NULL
) WITHOUT ROWID;
"""

_CAMPAIGNS = """
-- Messages operators send to many chats at once (/campaign). The text is the operator's, never a
-- supporter's; each recipient's copy is an outbox row, linked in campaign_deliveries.
CREATE TABLE campaigns (
    id INTEGER PRIMARY KEY,
    -- Telegram HTML, checked by bot.domain.telegram_html before it is stored.
    text TEXT NOT NULL CHECK (text <> ''),
    -- An optional link button under the message.
    button_text TEXT CHECK (button_text IS NULL OR length(button_text) BETWEEN 1 AND 64),
    button_url TEXT CHECK (button_url IS NULL OR button_url GLOB 'http://?*'
                           OR button_url GLOB 'https://?*'),
    -- Who gets it: every active chat, the followers of one person (audience_value: the
    -- prisoner id), or the chats that speak one language (audience_value: its code).
    audience TEXT NOT NULL CHECK (audience IN ('all', 'followers', 'language')),
    audience_value TEXT,
    -- UTC moments, as storage.timestamps writes them.
    send_at TEXT NOT NULL,
    -- The operator's Telegram user id (from ADMIN_IDS).
    created_by INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'scheduled' CHECK (state IN ('scheduled', 'sent', 'cancelled')),
    finished_at TEXT,
    -- The message in the operator's chat that shows how sending goes, and its language.
    progress_chat_id INTEGER,
    progress_message_id INTEGER,
    progress_language TEXT,
    CHECK ((button_text IS NULL) = (button_url IS NULL)),
    CHECK ((audience = 'all') = (audience_value IS NULL))
);

-- Campaigns whose progress is still followed (scheduled ones).
CREATE INDEX campaigns_unfinished ON campaigns (id) WHERE state = 'scheduled';

-- Which outbox rows carry which campaign: counted for the progress message, cancelled with it.
-- A row erased with its chat (/forget) leaves the campaign too.
CREATE TABLE campaign_deliveries (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    outbox_id INTEGER NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
    PRIMARY KEY (campaign_id, outbox_id)
) WITHOUT ROWID;

CREATE INDEX campaign_deliveries_by_outbox ON campaign_deliveries (outbox_id);
"""

_PLANNER_INDEX = """
-- The planner asks, once a minute and per time zone, which chats' alert time has come.
CREATE INDEX chats_due ON chats (timezone, alert_time, planned_on) WHERE active = 1 AND paused = 0;
"""

_LIVING_DATA = """
-- The local date of the last sync from the published list that contained this record: its facts
-- were confirmed then, even when the record carries no verified_on of its own.
ALTER TABLE prisoners ADD COLUMN synced_on TEXT CHECK (synced_on = date(synced_on));

-- News gains transfers (a person in prison moved to another facility or address). Rebuilt,
-- because a transfer keeps the status, which the old table's CHECK forbade.
CREATE TABLE news_new (
    id INTEGER PRIMARY KEY,
    prisoner_id TEXT NOT NULL REFERENCES prisoners (id) ON UPDATE CASCADE ON DELETE CASCADE,
    kind TEXT NOT NULL DEFAULT 'status' CHECK (kind IN ('status', 'transfer')),
    old_status TEXT NOT NULL,
    new_status TEXT NOT NULL,
    changed_on TEXT CHECK (changed_on = date(changed_on)),
    -- A transfer: where the person was, where they are now and the new address, when known.
    old_facility TEXT,
    facility TEXT,
    address TEXT,
    recorded_at TEXT NOT NULL,
    fanned_out_at TEXT,
    CHECK (kind <> 'status' OR old_status <> new_status)
);
INSERT INTO news_new (id, prisoner_id, kind, old_status, new_status, changed_on, recorded_at,
                      fanned_out_at)
SELECT id, prisoner_id, 'status', old_status, new_status, changed_on, recorded_at, fanned_out_at
FROM news;
DROP TABLE news;
ALTER TABLE news_new RENAME TO news;
CREATE INDEX news_by_prisoner ON news (prisoner_id);
CREATE INDEX news_unfanned ON news (id) WHERE fanned_out_at IS NULL;

-- The published list the bot follows (DATA_SOURCE_URL): one row, what the last syncs found.
CREATE TABLE data_source (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    -- A hash of the full address, so that a new address never gets the old one's ETag.
    source_key TEXT,
    -- The address without credentials or query, for operators.
    source TEXT,
    -- Of the content last applied, for conditional requests and to spot the same file again.
    etag TEXT,
    last_modified TEXT,
    content_hash TEXT,
    records INTEGER CHECK (records >= 0),
    -- A held file the operator discarded: the same content is not held again.
    discarded_hash TEXT,
    last_attempt_at TEXT,
    -- The last sync that confirmed the data: applied, unchanged, or answered "not modified".
    last_success_at TEXT,
    failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
    last_problem TEXT,
    -- Operators were told of the current run of failures.
    failure_notified INTEGER NOT NULL DEFAULT 0 CHECK (failure_notified IN (0, 1)),
    -- The "as of" date of the data when operators were last told it is stale.
    stale_notified_for TEXT
);

-- A sync that waits for an operator's Apply or Discard; a newer sync replaces it.
CREATE TABLE held_syncs (
    id INTEGER PRIMARY KEY,
    token TEXT NOT NULL UNIQUE CHECK (token <> ''),
    source TEXT NOT NULL,
    source_key TEXT NOT NULL,
    format TEXT NOT NULL,
    data BLOB NOT NULL,
    content_hash TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    -- JSON: the counts, why it was held and the first status changes.
    summary TEXT NOT NULL CHECK (json_valid(summary)),
    held_at TEXT NOT NULL,
    notified_at TEXT
);
"""

_TEXT_IN_LANGUAGES = """
-- The free-text fields as written for Belarusian and Russian chats; empty: they read the base
-- field. Lists are JSON arrays, like charges.
ALTER TABLE prisoners ADD COLUMN status_note_be TEXT;
ALTER TABLE prisoners ADD COLUMN status_note_ru TEXT;
ALTER TABLE prisoners ADD COLUMN sentence_be TEXT;
ALTER TABLE prisoners ADD COLUMN sentence_ru TEXT;
ALTER TABLE prisoners ADD COLUMN charges_be TEXT NOT NULL DEFAULT '[]'
    CHECK (json_valid(charges_be) AND json_type(charges_be) = 'array');
ALTER TABLE prisoners ADD COLUMN charges_ru TEXT NOT NULL DEFAULT '[]'
    CHECK (json_valid(charges_ru) AND json_type(charges_ru) = 'array');
ALTER TABLE prisoners ADD COLUMN facility_be TEXT;
ALTER TABLE prisoners ADD COLUMN facility_ru TEXT;
ALTER TABLE prisoners ADD COLUMN organization_be TEXT;
ALTER TABLE prisoners ADD COLUMN organization_ru TEXT;
ALTER TABLE prisoners ADD COLUMN summary_be TEXT;
ALTER TABLE prisoners ADD COLUMN summary_ru TEXT;
"""

_OUTBOX_PACING = """
-- Each chat's own pace (storage.outbox): after a send at sent_at, nothing more goes to the chat
-- before not_before. A row per chat sent to in the last seconds; older ones are deleted as the
-- queue is read.
CREATE TABLE outbox_pacing (
    chat_id INTEGER PRIMARY KEY REFERENCES chats (chat_id) ON UPDATE CASCADE ON DELETE CASCADE,
    sent_at TEXT NOT NULL,
    not_before TEXT NOT NULL CHECK (not_before >= sent_at)
) WITHOUT ROWID;

CREATE INDEX outbox_pacing_by_time ON outbox_pacing (not_before);
"""

_LETTERS = """
-- "I wrote": a chat wrote a letter to a person in prison, once per chat, person and month. The
-- counts per person and month weigh /write's suggestions and tell operators who gets fewest.
CREATE TABLE letter_marks (
    chat_id INTEGER NOT NULL REFERENCES chats (chat_id) ON UPDATE CASCADE ON DELETE CASCADE,
    prisoner_id TEXT NOT NULL REFERENCES prisoners (id) ON UPDATE CASCADE ON DELETE CASCADE,
    -- The chat's local month, YYYY-MM, and day, YYYY-MM-DD, of the mark.
    month TEXT NOT NULL,
    written_on TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (chat_id, prisoner_id, month)
);
CREATE INDEX letter_marks_by_month ON letter_marks (month, prisoner_id);
CREATE INDEX letter_marks_by_chat ON letter_marks (chat_id, written_on);

-- The name with patronymic, as an envelope needs it.
ALTER TABLE prisoners ADD COLUMN name_full_be TEXT;
ALTER TABLE prisoners ADD COLUMN name_full_ru TEXT;
"""

_LETTER_FOLLOW_UPS = """
-- Weeks after a chat's last "I wrote" to a person it follows before the daily message suggests
-- writing again: NULL for the bot's WRITE_AGAIN_WEEKS, 0 for never.
ALTER TABLE chats ADD COLUMN write_again_weeks INTEGER
    CHECK (write_again_weeks IS NULL OR write_again_weeks BETWEEN 0 AND 52);

-- Where the letter went: the person's facility on the day of the mark, so that answers about
-- arrival count for the place it was sent to even after the person is moved.
ALTER TABLE letter_marks ADD COLUMN facility TEXT;
-- The day the daily message suggested writing again after this mark (once a mark).
ALTER TABLE letter_marks ADD COLUMN reminded_on TEXT;
-- The day the daily message asked whether this letter arrived (once a mark), and the answer:
-- a reply came, the letter came back, or no news yet.
ALTER TABLE letter_marks ADD COLUMN asked_on TEXT;
ALTER TABLE letter_marks ADD COLUMN answer TEXT
    CHECK (answer IS NULL OR answer IN ('reply', 'returned', 'no-news'));
ALTER TABLE letter_marks ADD COLUMN answered_on TEXT;
CREATE INDEX letter_marks_answers ON letter_marks (facility, written_on)
    WHERE answer IS NOT NULL;
"""

_CHAT_STATE = """
-- What a later update needs to know, whichever worker takes it: a question the bot asked and
-- waits to be answered, a campaign draft, an import waiting for its yes, a result list to page.
-- Not tied to the chats table: a chat that never stored its settings may still page a list.
-- user_id 0: the whole chat's. data: a JSON object, never a message text; gone at expires_at.
CREATE TABLE chat_state (
    chat_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL DEFAULT 0,
    kind TEXT NOT NULL CHECK (kind <> ''),
    data TEXT NOT NULL CHECK (json_type(data) = 'object'),
    expires_at TEXT NOT NULL,
    PRIMARY KEY (chat_id, user_id, kind)
) WITHOUT ROWID;
CREATE INDEX chat_state_by_expiry ON chat_state (expires_at);
"""

# PostgreSQL's forms of the migrations above whose SQLite scripts it cannot run. A date column
# holds ISO text (YYYY-MM-DD) exactly as in SQLite: the CHECK refuses any other spelling, and the
# cast any day that does not exist.

_INITIAL_POSTGRES = """
CREATE TABLE prisoners (
    id TEXT COLLATE "C" PRIMARY KEY CHECK (id ~ '^[a-z0-9-]+$'),
    name TEXT COLLATE "C" NOT NULL,
    name_be TEXT,
    name_ru TEXT,
    aliases TEXT NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(aliases::jsonb) = 'array'),
    gender TEXT CHECK (gender IN ('female', 'male')),
    birth_date TEXT CHECK (to_char(birth_date::date, 'YYYY-MM-DD') = birth_date),
    detained_on TEXT CHECK (to_char(detained_on::date, 'YYYY-MM-DD') = detained_on),
    status TEXT NOT NULL
        CHECK (status IN ('imprisoned', 'released', 'deceased', 'persecuted')),
    status_changed_on TEXT
        CHECK (to_char(status_changed_on::date, 'YYYY-MM-DD') = status_changed_on),
    status_note TEXT,
    sentence TEXT,
    sentenced_on TEXT CHECK (to_char(sentenced_on::date, 'YYYY-MM-DD') = sentenced_on),
    charges TEXT NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(charges::jsonb) = 'array'),
    facility TEXT,
    mailing_address TEXT,
    letters TEXT NOT NULL DEFAULT 'unknown' CHECK (letters IN ('yes', 'no', 'unknown')),
    organization TEXT,
    summary TEXT,
    source_url TEXT,
    verified_on TEXT CHECK (to_char(verified_on::date, 'YYYY-MM-DD') = verified_on),
    updated_at TEXT NOT NULL
);

CREATE TABLE chats (
    chat_id BIGINT PRIMARY KEY,
    type TEXT NOT NULL CHECK (type IN ('private', 'group', 'supergroup', 'channel')),
    language TEXT NOT NULL,
    timezone TEXT NOT NULL,
    alert_time TEXT NOT NULL CHECK (alert_time ~ '^[0-2][0-9]:[0-5][0-9]$'),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL
);

CREATE TABLE imports (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    imported_at TEXT NOT NULL,
    source TEXT NOT NULL,
    format TEXT,
    added INTEGER NOT NULL CHECK (added >= 0),
    changed INTEGER NOT NULL CHECK (changed >= 0),
    status_changes INTEGER NOT NULL CHECK (status_changes >= 0),
    total INTEGER NOT NULL CHECK (total >= 0)
);
"""

_FOLLOWS_AND_SETTINGS_POSTGRES = """
ALTER TABLE chats ADD COLUMN kinds TEXT NOT NULL
    DEFAULT '["anniversaries","birthdays","milestones","news","weekly"]'
    CHECK (jsonb_typeof(kinds::jsonb) = 'array');
ALTER TABLE chats ADD COLUMN paused INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1));
ALTER TABLE chats ADD COLUMN follow_all INTEGER NOT NULL DEFAULT 0 CHECK (follow_all IN (0, 1));
ALTER TABLE chats ADD COLUMN updated_at TEXT;

CREATE TABLE follows (
    chat_id BIGINT NOT NULL REFERENCES chats (chat_id) ON UPDATE CASCADE ON DELETE CASCADE,
    prisoner_id TEXT COLLATE "C" NOT NULL
        REFERENCES prisoners (id) ON UPDATE CASCADE ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (chat_id, prisoner_id)
);

CREATE INDEX follows_by_prisoner ON follows (prisoner_id, chat_id);
"""

_OUTBOX_AND_NEWS_POSTGRES = """
CREATE TABLE outbox (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    chat_id BIGINT NOT NULL REFERENCES chats (chat_id) ON UPDATE CASCADE ON DELETE CASCADE,
    key TEXT NOT NULL UNIQUE CHECK (key <> ''),
    kind TEXT NOT NULL CHECK (kind IN ('digest', 'news', 'campaign')),
    local_date TEXT CHECK (to_char(local_date::date, 'YYYY-MM-DD') = local_date),
    text TEXT NOT NULL,
    buttons TEXT NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(buttons::jsonb) = 'array'),
    part INTEGER NOT NULL DEFAULT 0 CHECK (part >= 0),
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'cancelled')),
    not_before TEXT NOT NULL,
    lease_until TEXT,
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error TEXT,
    error_at TEXT,
    sent_at TEXT,
    message_id BIGINT,
    created_at TEXT NOT NULL,
    CHECK (kind <> 'digest' OR local_date IS NOT NULL)
);

CREATE INDEX outbox_due ON outbox (state, not_before);
CREATE INDEX outbox_by_chat ON outbox (chat_id, state);
CREATE INDEX outbox_digests ON outbox (local_date, chat_id) WHERE kind = 'digest';

CREATE TABLE news (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    prisoner_id TEXT COLLATE "C" NOT NULL
        REFERENCES prisoners (id) ON UPDATE CASCADE ON DELETE CASCADE,
    old_status TEXT NOT NULL,
    new_status TEXT NOT NULL,
    changed_on TEXT CHECK (to_char(changed_on::date, 'YYYY-MM-DD') = changed_on),
    recorded_at TEXT NOT NULL,
    fanned_out_at TEXT,
    -- Named, so that migration 8 can widen it to transfers.
    CONSTRAINT news_changes_status CHECK (old_status <> new_status)
);

CREATE INDEX news_by_prisoner ON news (prisoner_id);

ALTER TABLE chats ADD COLUMN planned_on TEXT
    CHECK (to_char(planned_on::date, 'YYYY-MM-DD') = planned_on);
CREATE INDEX news_unfanned ON news (id) WHERE fanned_out_at IS NULL;
"""

_CAMPAIGN_ACTIONS_POSTGRES = """
CREATE TABLE actions (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('petition', 'donation', 'event', 'letters')),
    text TEXT NOT NULL CHECK (length(trim(text)) BETWEEN 1 AND 300),
    url TEXT CHECK (url IS NULL OR url LIKE 'https://%' OR url LIKE 'http://%'),
    prisoner_id TEXT COLLATE "C" REFERENCES prisoners (id) ON UPDATE CASCADE ON DELETE CASCADE,
    language TEXT,
    created_at TEXT NOT NULL,
    retired_at TEXT
);
"""

_AUDIT_AND_HEARTBEATS_POSTGRES = """
CREATE TABLE audit (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    admin_id BIGINT NOT NULL,
    action TEXT NOT NULL CHECK (action <> ''),
    detail TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL
);
CREATE INDEX audit_by_time ON audit (at);

CREATE TABLE heartbeats (
    name TEXT PRIMARY KEY,
    at TEXT NOT NULL
);
"""

_CAMPAIGNS_POSTGRES = """
CREATE TABLE campaigns (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    text TEXT NOT NULL CHECK (text <> ''),
    button_text TEXT CHECK (button_text IS NULL OR length(button_text) BETWEEN 1 AND 64),
    button_url TEXT CHECK (button_url IS NULL OR button_url LIKE 'http://_%'
                           OR button_url LIKE 'https://_%'),
    audience TEXT NOT NULL CHECK (audience IN ('all', 'followers', 'language')),
    audience_value TEXT,
    send_at TEXT NOT NULL,
    created_by BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'scheduled' CHECK (state IN ('scheduled', 'sent', 'cancelled')),
    finished_at TEXT,
    progress_chat_id BIGINT,
    progress_message_id BIGINT,
    progress_language TEXT,
    CHECK ((button_text IS NULL) = (button_url IS NULL)),
    CHECK ((audience = 'all') = (audience_value IS NULL))
);

CREATE INDEX campaigns_unfinished ON campaigns (id) WHERE state = 'scheduled';

CREATE TABLE campaign_deliveries (
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    outbox_id BIGINT NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
    PRIMARY KEY (campaign_id, outbox_id)
);

CREATE INDEX campaign_deliveries_by_outbox ON campaign_deliveries (outbox_id);
"""

# SQLite rebuilds the news table; PostgreSQL alters it in place.
_LIVING_DATA_POSTGRES = """
ALTER TABLE prisoners ADD COLUMN synced_on TEXT
    CHECK (to_char(synced_on::date, 'YYYY-MM-DD') = synced_on);

ALTER TABLE news
    ADD COLUMN kind TEXT NOT NULL DEFAULT 'status' CHECK (kind IN ('status', 'transfer')),
    ADD COLUMN old_facility TEXT,
    ADD COLUMN facility TEXT,
    ADD COLUMN address TEXT,
    DROP CONSTRAINT news_changes_status,
    ADD CONSTRAINT news_changes_status CHECK (kind <> 'status' OR old_status <> new_status);

CREATE TABLE data_source (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    source_key TEXT,
    source TEXT,
    etag TEXT,
    last_modified TEXT,
    content_hash TEXT,
    records INTEGER CHECK (records >= 0),
    discarded_hash TEXT,
    last_attempt_at TEXT,
    last_success_at TEXT,
    failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
    last_problem TEXT,
    failure_notified INTEGER NOT NULL DEFAULT 0 CHECK (failure_notified IN (0, 1)),
    stale_notified_for TEXT
);

CREATE TABLE held_syncs (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    token TEXT NOT NULL UNIQUE CHECK (token <> ''),
    source TEXT NOT NULL,
    source_key TEXT NOT NULL,
    format TEXT NOT NULL,
    data BYTEA NOT NULL,
    content_hash TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    summary TEXT NOT NULL CHECK (summary::jsonb IS NOT NULL),
    held_at TEXT NOT NULL,
    notified_at TEXT
);
"""

# One ALTER TABLE for all the columns; jsonb_typeof where SQLite checks json_type.
_TEXT_IN_LANGUAGES_POSTGRES = """
ALTER TABLE prisoners
    ADD COLUMN status_note_be TEXT,
    ADD COLUMN status_note_ru TEXT,
    ADD COLUMN sentence_be TEXT,
    ADD COLUMN sentence_ru TEXT,
    ADD COLUMN charges_be TEXT NOT NULL DEFAULT '[]'
        CHECK (jsonb_typeof(charges_be::jsonb) = 'array'),
    ADD COLUMN charges_ru TEXT NOT NULL DEFAULT '[]'
        CHECK (jsonb_typeof(charges_ru::jsonb) = 'array'),
    ADD COLUMN facility_be TEXT,
    ADD COLUMN facility_ru TEXT,
    ADD COLUMN organization_be TEXT,
    ADD COLUMN organization_ru TEXT,
    ADD COLUMN summary_be TEXT,
    ADD COLUMN summary_ru TEXT;
"""

# SQLite's WITHOUT ROWID table is an ordinary one here, its chat id BIGINT.
_OUTBOX_PACING_POSTGRES = """
CREATE TABLE outbox_pacing (
    chat_id BIGINT PRIMARY KEY REFERENCES chats (chat_id) ON UPDATE CASCADE ON DELETE CASCADE,
    sent_at TEXT NOT NULL,
    not_before TEXT NOT NULL CHECK (not_before >= sent_at)
);

CREATE INDEX outbox_pacing_by_time ON outbox_pacing (not_before);
"""

_LETTERS_POSTGRES = """
CREATE TABLE letter_marks (
    chat_id BIGINT NOT NULL REFERENCES chats (chat_id) ON UPDATE CASCADE ON DELETE CASCADE,
    prisoner_id TEXT COLLATE "C" NOT NULL
        REFERENCES prisoners (id) ON UPDATE CASCADE ON DELETE CASCADE,
    month TEXT NOT NULL,
    written_on TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (chat_id, prisoner_id, month)
);
CREATE INDEX letter_marks_by_month ON letter_marks (month, prisoner_id);
CREATE INDEX letter_marks_by_chat ON letter_marks (chat_id, written_on);

ALTER TABLE prisoners ADD COLUMN name_full_be TEXT;
ALTER TABLE prisoners ADD COLUMN name_full_ru TEXT;
"""

_CHAT_STATE_POSTGRES = """
CREATE TABLE chat_state (
    chat_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL DEFAULT 0,
    kind TEXT COLLATE "C" NOT NULL CHECK (kind <> ''),
    data TEXT NOT NULL CHECK (jsonb_typeof(data::jsonb) = 'object'),
    expires_at TEXT NOT NULL,
    PRIMARY KEY (chat_id, user_id, kind)
);
CREATE INDEX chat_state_by_expiry ON chat_state (expires_at);
"""


# Append new migrations at the end; never renumber or edit one that has shipped.
MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "prisoners, chats and imports", _INITIAL, _INITIAL_POSTGRES),
    Migration(
        2, "follows and chat settings", _FOLLOWS_AND_SETTINGS, _FOLLOWS_AND_SETTINGS_POSTGRES
    ),
    Migration(3, "outbox and news", _OUTBOX_AND_NEWS, _OUTBOX_AND_NEWS_POSTGRES),
    Migration(4, "campaign actions", _CAMPAIGN_ACTIONS, _CAMPAIGN_ACTIONS_POSTGRES),
    Migration(5, "audit log and heartbeats", _AUDIT_AND_HEARTBEATS, _AUDIT_AND_HEARTBEATS_POSTGRES),
    Migration(6, "campaigns", _CAMPAIGNS, _CAMPAIGNS_POSTGRES),
    Migration(7, "an index for the planner", _PLANNER_INDEX),
    Migration(
        8,
        "living data: sync state, held syncs, transfers",
        _LIVING_DATA,
        _LIVING_DATA_POSTGRES,
    ),
    Migration(
        9, "free text in Belarusian and Russian", _TEXT_IN_LANGUAGES, _TEXT_IN_LANGUAGES_POSTGRES
    ),
    Migration(10, "each chat's pace in the outbox", _OUTBOX_PACING, _OUTBOX_PACING_POSTGRES),
    Migration(11, "letter marks and full names", _LETTERS, _LETTERS_POSTGRES),
    Migration(12, "writing again and whether letters arrive", _LETTER_FOLLOW_UPS),
    Migration(13, "conversation state in the database", _CHAT_STATE, _CHAT_STATE_POSTGRES),
)
