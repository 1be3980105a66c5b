"""The `solidarity-bot` command (also `python -m bot`): run the bot and manage its data."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import sqlite3
import sys
from collections.abc import Callable, Coroutine, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from babel.dates import format_date, format_datetime

from bot.config import ConfigError, Settings, load_settings
from bot.domain.actions import ActionKind, is_action_text, is_link
from bot.domain.dataset import FORMAT_NAMES, format_named, report_messages, write_canonical_csv
from bot.domain.dataset.parse import SOURCE_FORMATS
from bot.domain.prisoner import Status
from bot.domain.search.decision import person_to_open
from bot.domain.telegram_html import plain_text
from bot.domain.timezones import zone
from bot.fetching import redact_url, source_problem
from bot.health import DataAge, check_database, data_freshness
from bot.importing import ImportFileError, apply_import, plan_import, read_dataset
from bot.l10n import FALLBACK_LANGUAGE, Localizer, Translator, available_languages, file_size
from bot.logging_setup import configure_logging
from bot.services import Services, system_clock
from storage.database import snapshot
from storage.errors import StorageError
from storage.sql import database_url_password

# Exit codes: 0 success, 1 the input was refused, 2 the bot is misconfigured.
EXIT_OK, EXIT_REFUSED, EXIT_CONFIG = 0, 1, 2
# Show a progress line when a file holds at least this many records.
PROGRESS_FROM = 1000


class Terminal:
    """Plain-text output for the operator, in the operator's language."""

    def __init__(self, t: Translator, out: TextIO | None = None, err: TextIO | None = None) -> None:
        # Resolved now, not at import, so redirected streams (pipes, tests) are honoured.
        self.t, self.out, self.err = t, out or sys.stdout, err or sys.stderr

    def text(self, message_id: str, **args: str | int) -> str:
        """Return the message as plain text."""
        return self.t.format(message_id, args, escape=False)

    def say(self, message_id: str, **args: str | int) -> None:
        """Print a message to standard output."""
        print(self.text(message_id, **args), file=self.out)

    def warn(self, message_id: str, **args: str | int) -> None:
        """Print a message to standard error."""
        print(self.text(message_id, **args), file=self.err)


def build_parser(term: Terminal) -> argparse.ArgumentParser:
    """Describe the commands and their options."""
    text = term.text
    parser = argparse.ArgumentParser(prog="solidarity-bot", description=text("cli-description"))
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("run", help=text("cli-run"), description=text("cli-run"))
    importing = commands.add_parser(
        "import", help=text("cli-import"), description=text("cli-import")
    )
    importing.add_argument("path", type=Path, metavar="PATH", help=text("cli-import-path"))
    importing.add_argument(
        "--format", choices=FORMAT_NAMES, default=None, help=text("cli-import-format")
    )
    importing.add_argument("--dry-run", action="store_true", help=text("cli-import-dry-run"))
    importing.add_argument("--prune", action="store_true", help=text("cli-import-prune"))
    exporting = commands.add_parser(
        "export", help=text("cli-export"), description=text("cli-export")
    )
    exporting.add_argument(
        "path", type=Path, nargs="?", metavar="PATH", help=text("cli-export-path")
    )
    looking = commands.add_parser("lookup", help=text("cli-lookup"), description=text("cli-lookup"))
    looking.add_argument("query", nargs="+", metavar="QUERY", help=text("cli-lookup-query"))
    commands.add_parser("stats", help=text("cli-stats"), description=text("cli-stats"))
    alerts = commands.add_parser("alerts", help=text("cli-alerts"), description=text("cli-alerts"))
    alerts.add_argument(
        "--date",
        type=date.fromisoformat,
        default=None,
        metavar="YYYY-MM-DD",
        help=text("cli-alerts-date"),
    )
    alerts.add_argument("--dry-run", action="store_true", help=text("cli-alerts-dry-run"))
    actions = commands.add_parser(
        "actions", help=text("cli-actions"), description=text("cli-actions")
    )
    what = actions.add_subparsers(dest="action_command", required=True, metavar="WHAT")
    what.add_parser("list", help=text("cli-actions-list"))
    adding = what.add_parser("add", help=text("cli-actions-add"))
    adding.add_argument("text", metavar="TEXT", help=text("cli-actions-text"))
    adding.add_argument("--url", default=None, help=text("cli-actions-url"))
    adding.add_argument(
        "--kind",
        choices=[k.value for k in ActionKind],
        default="petition",
        help=text("cli-actions-kind"),
    )
    adding.add_argument("--person", default=None, metavar="ID", help=text("cli-actions-person"))
    adding.add_argument("--language", default=None, help=text("cli-actions-language"))
    retiring = what.add_parser("retire", help=text("cli-actions-retire"))
    retiring.add_argument("id", type=int, metavar="ID")
    backing_up = commands.add_parser(
        "backup", help=text("cli-backup"), description=text("cli-backup")
    )
    backing_up.add_argument("path", type=Path, metavar="PATH", help=text("cli-backup-path"))
    backing_up.add_argument("--force", action="store_true", help=text("cli-backup-force"))
    syncing = commands.add_parser("sync", help=text("cli-sync"), description=text("cli-sync"))
    syncing.add_argument("--url", default=None, metavar="URL", help=text("cli-sync-url"))
    syncing.add_argument(
        "--format", choices=list(SOURCE_FORMATS), default=None, help=text("cli-sync-format")
    )
    syncing.add_argument("--dry-run", action="store_true", help=text("cli-sync-dry-run"))
    commands.add_parser("health", help=text("cli-health"), description=text("cli-health"))
    commands.add_parser(
        "migrate-to-postgres", help=text("cli-migrate"), description=text("cli-migrate")
    )
    console = commands.add_parser(
        "console", help=text("cli-console"), description=text("cli-console")
    )
    console.add_argument(
        "--database",
        type=Path,
        default=None,
        metavar="PATH",
        help=text("cli-console-database"),
    )
    console.add_argument("--fresh", action="store_true", help=text("cli-console-fresh"))
    console.add_argument("--language", default=None, help=text("cli-console-language"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit code."""
    # Opt in to PTB's timedelta durations (RetryAfter.retry_after) before any request is made.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    term = Terminal(Localizer()(FALLBACK_LANGUAGE))
    args = build_parser(term).parse_args(argv)
    try:
        settings = load_settings()
        if args.command == "run" and settings.bot_token is None and _at_a_terminal():
            # Someone trying the bot before registering it: show it working instead of failing.
            term.warn("console-instead-of-run")
            args = build_parser(term).parse_args(["console"])
        elif args.command == "run":
            settings.token  # noqa: B018 - fail here, with the friendly text, if it is missing
    except ConfigError as error:
        term.warn("config-problem-intro")
        for problem in error.problems:
            term.warn(f"config-{problem.kind}", variable=problem.variable, **problem.args)
        return EXIT_CONFIG
    secrets = [s.get_secret_value() for s in (settings.bot_token, settings.webhook_secret) if s]
    if settings.postgres_url is not None:
        secrets += [settings.postgres_url, database_url_password(settings.postgres_url) or ""]
    configure_logging(settings.log_level, secrets=secrets)
    commands: dict[str, Callable[[], int]] = {
        "run": lambda: _run(settings, term),
        "import": lambda: _sync(_import(settings, term, args)),
        "export": lambda: _sync(_export(settings, term, args.path)),
        "stats": lambda: _sync(_stats(settings, term)),
        "alerts": lambda: _sync(_alerts(settings, term, args.date)),
        "actions": lambda: _sync(_actions(settings, term, args)),
        "lookup": lambda: _sync(_lookup(settings, term, " ".join(args.query))),
        "backup": lambda: _backup(settings, term, args.path, force=args.force),
        "health": lambda: _sync(_health(settings, term)),
        "sync": lambda: _sync(_sync_source(settings, term, args)),
        "console": lambda: _console(settings, term, args),
        "migrate-to-postgres": lambda: _sync(_migrate_to_postgres(settings, term)),
    }
    try:
        return commands[args.command]()
    except StorageError as error:
        term.warn("storage-problem", detail=str(error))
        return EXIT_CONFIG
    except ImportFileError as error:
        term.warn(error.kind, **error.args_)
        return EXIT_REFUSED


def _sync(coroutine: Coroutine[Any, Any, int]) -> int:
    return asyncio.run(coroutine)


def _at_a_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _console(settings: Settings, term: Terminal, args: argparse.Namespace) -> int:
    from bot.console.main import (  # PTB loads only for the bot itself
        DEFAULT_DATABASE,
        ProductionDatabaseError,
        forget_database,
        run_console,
    )

    database: Path = args.database or DEFAULT_DATABASE
    if args.language is not None and args.language not in available_languages():
        term.warn("console-language-unknown-cli", language=args.language)
        return EXIT_REFUSED
    try:
        # Both refuse a database the console did not make before touching anything.
        if args.fresh:
            forget_database(settings, database)
        interactive = _at_a_terminal()
        if interactive:
            with contextlib.suppress(ImportError):
                import readline  # noqa: F401 - line editing and history for input()
        coroutine = run_console(
            settings,
            database=database,
            stdin=sys.stdin,
            out=term.out,
            interactive=interactive,
            language=args.language,
        )
        asyncio.run(coroutine)
    except ProductionDatabaseError:
        term.warn("console-refuses-production", path=str(database))
        return EXIT_REFUSED
    except KeyboardInterrupt:
        print(file=term.out)
    return EXIT_OK


def _run(settings: Settings, term: Terminal) -> int:
    from bot.app import AlreadyRunning, build_application, run, runs_alone  # PTB loads for `run`

    logging.getLogger(__name__).info("Starting; database %s", settings.database_location)
    try:
        run(build_application(settings, alone=runs_alone(settings)), settings)
    except AlreadyRunning as running:
        term.warn("run-already-running", location=running.location)
        return EXIT_REFUSED
    return EXIT_OK


async def _import(settings: Settings, term: Terminal, args: argparse.Namespace) -> int:
    path: Path = args.path
    data, fmt = read_dataset(path, format_named(args.format) if args.format else None)
    services = await Services.open(settings)
    try:
        plan = await plan_import(services, data, fmt, path.name)
        messages = report_messages(plan.parsed.errors, plan.diff, skipped=plan.parsed.skipped)
        for message_id, message_args in messages:
            (term.say if plan.ok else term.warn)(message_id, **message_args)
        if not plan.ok:
            term.warn("import-rejected", count=len(plan.parsed.errors))
            return EXIT_REFUSED
        if args.dry_run:
            term.say("import-dry-run")
            return EXIT_OK
        pruning = args.prune and bool(plan.diff.missing_from_file)
        if plan.diff.is_empty and not pruning:
            term.say("import-nothing", path=path.name)
            return EXIT_OK
        show = len(plan.parsed.prisoners) >= PROGRESS_FROM and term.err.isatty()
        await apply_import(
            services,
            plan,
            prune=args.prune,
            progress=(lambda done, total: _progress(term, done, total)) if show else None,
        )
        term.say(
            "import-applied",
            path=path.name,
            added=len(plan.diff.added),
            changed=len(plan.diff.changed),
            unchanged=plan.diff.unchanged_count,
        )
        if pruning:
            term.say("import-pruned", count=len(plan.diff.missing_from_file))
        return EXIT_OK
    finally:
        await services.close()


def _progress(term: Terminal, done: int, total: int) -> None:
    end = "\n" if done >= total else ""
    print("\r" + term.text("import-progress", done=done, total=total), end=end, file=term.err)


async def _export(settings: Settings, term: Terminal, path: Path | None) -> int:
    services = await Services.open(settings)
    try:
        prisoners = await services.prisoners.all()
    finally:
        await services.close()
    text = write_canonical_csv(prisoners)
    if path is None:
        term.out.write(text)
        return EXIT_OK
    await asyncio.to_thread(path.write_text, text, encoding="utf-8", newline="")
    term.warn("export-done", count=len(prisoners), path=str(path))
    return EXIT_OK


async def _lookup(settings: Settings, term: Terminal, query: str) -> int:
    services = await Services.open(settings)
    try:
        if await services.prisoners.count() == 0:
            term.warn("empty-database")
            return EXIT_REFUSED
        await services.refresh_search()
        result = services.search.search(query)
        people = {
            p.id: p for p in await services.prisoners.by_ids(m.prisoner_id for m in result.matches)
        }
    finally:
        await services.close()
    if not result.matches:
        term.say("lookup-cli-none", query=query)
        return EXIT_REFUSED
    for rank, match in enumerate(result.matches, start=1):
        person = people.get(match.prisoner_id)
        term.say(
            "lookup-cli-match",
            rank=rank,
            score=f"{match.score:.1f}",
            id=match.prisoner_id,
            name=person.name if person else match.prisoner_id,
            status=person.status.value if person else "",
            matched=match.matched_name,
            kind=match.kind,
        )
    term.say("lookup-cli-unclear" if person_to_open(result) is None else "lookup-cli-clear")
    return EXIT_OK


async def _stats(settings: Settings, term: Terminal) -> int:
    services = await Services.open(settings)
    try:
        by_status = await services.prisoners.count_by_status()
        fresh = await data_freshness(
            services.db,
            now=services.clock(),
            age=DataAge(settings.default_timezone, settings.data_max_age_days),
        )
        source = await services.sources.state()
        held = await services.sources.held()
        last = await services.prisoners.last_import()
        chats = await services.chats.counts()
        follows = await services.follows.total()
        deliveries = await services.outbox.counts()
        last_error = await services.outbox.last_error()
    finally:
        await services.close()
    locale = term.t.locale
    term.say("stats-title", path=settings.database_location)
    term.say(
        "stats-prisoners",
        total=sum(by_status.values()),
        **{status.value: by_status.get(status, 0) for status in Status},
    )
    as_of = fresh.as_of
    term.say(
        "stats-data-as-of",
        as_of=format_date(as_of, "long", locale=locale) if as_of else term.text("stats-unknown"),
    )
    if not sum(by_status.values()):
        term.say("empty-database")
    elif fresh.stale_days is not None:
        term.say("stats-data-stale", days=fresh.stale_days, limit=settings.data_max_age_days)
    if settings.source_url is None and source.source is None:
        term.say("stats-no-source")
    else:
        problem = source.last_problem or ""
        code, _, detail = problem.partition(":")
        term.say(
            "stats-source",
            source=source.source or redact_url(settings.source_url or ""),
            when=(
                format_datetime(source.last_success_at, "medium", locale=locale)
                if source.last_success_at
                else term.text("stats-unknown")
            ),
            failures=source.failures,
            problem=term.text(f"sync-problem-{code.strip()}", detail=detail.strip())
            if problem
            else "",
        )
    if held is not None:
        term.say("stats-held", when=format_datetime(held.held_at, "medium", locale=locale))
    if last is None:
        term.say("stats-no-import")
    else:
        term.say(
            "stats-last-import",
            when=format_datetime(last.imported_at, "medium", locale=locale),
            source=last.source,
            added=last.added,
            changed=last.changed,
        )
    term.say("stats-chats", **chats._asdict())
    term.say(
        "stats-deliveries",
        follows=follows,
        **{state.value: count for state, count in deliveries.items()},
    )
    if last_error is not None:
        when, error = last_error
        term.say(
            "stats-last-error",
            when=format_datetime(when, "medium", locale=locale),
            error=error,
        )
    return EXIT_OK


async def _alerts(settings: Settings, term: Terminal, day: date | None) -> int:
    from bot.planner import Planner  # renders Telegram texts: PTB loads only when needed

    services = await Services.open(settings)
    try:
        if await services.prisoners.count() == 0:
            term.warn("empty-database")
            return EXIT_REFUSED
        local_date = day or services.clock().astimezone(zone(settings.default_timezone)).date()
        # Buttons are not shown here, so the bot's username is not needed.
        plan = await Planner(services, "bot").preview(local_date)
    finally:
        await services.close()
    term.say(
        "alerts-summary",
        date=local_date.isoformat(),
        chats=plan.chats_planned,
        messages=plan.digests,
    )
    for chat, parts in plan.samples:
        term.say(
            "alerts-sample",
            type=chat.type.value,
            language=chat.language,
            zone=chat.timezone,
            time=chat.alert_time.strftime("%H:%M"),
        )
        for part in parts:
            print(plain_text(part.text), file=term.out)
    term.say("alerts-nothing-sent")
    return EXIT_OK


async def _actions(settings: Settings, term: Terminal, args: argparse.Namespace) -> int:
    services = await Services.open(settings)
    try:
        repository, now = services.actions, services.clock()
        if args.action_command == "list":
            found = await repository.all()
            for action in found:
                term.say(
                    "actions-line",
                    id=action.id,
                    kind=action.kind.value,
                    text=action.text,
                    url=action.url or "-",
                    person=action.prisoner_id or term.text("actions-everyone"),
                    language=action.language or term.text("actions-every-language"),
                    state=term.text("actions-retired" if action.retired_at else "actions-live"),
                )
            if not found:
                term.say("actions-none")
            return EXIT_OK
        if args.action_command == "retire":
            if not await repository.retire(args.id, now=now):
                term.warn("actions-unknown", id=args.id)
                return EXIT_REFUSED
            term.say("actions-retired-done", id=args.id)
            return EXIT_OK
        problem = await _action_problem(services, args)
        if problem is not None:
            term.warn(*problem)
            return EXIT_REFUSED
        action = await repository.add(
            ActionKind(args.kind),
            args.text,
            url=args.url,
            prisoner_id=args.person,
            language=args.language,
            now=now,
        )
        term.say("actions-added", id=action.id)
        return EXIT_OK
    finally:
        await services.close()


async def _action_problem(services: Services, args: argparse.Namespace) -> tuple[str] | None:
    """Return the message id saying what is wrong with a new action, or None."""
    if not is_action_text(args.text):
        return ("actions-bad-text",)
    if args.url is not None and not is_link(args.url):
        return ("actions-bad-url",)
    if args.language is not None and not services.l10n.supports(args.language):
        return ("actions-bad-language",)
    if args.person is not None and await services.prisoners.get(args.person) is None:
        return ("actions-bad-person",)
    return None


def _backup(settings: Settings, term: Terminal, target: Path, *, force: bool) -> int:
    """Copy the live database consistently with SQLite's online backup, to a 0600 file."""
    source = settings.database_path
    if not source.is_file():
        term.warn("backup-no-database", path=str(source))
        return EXIT_CONFIG
    if target.resolve() == source.resolve():
        term.warn("backup-same-file", path=str(target))
        return EXIT_REFUSED
    if target.is_dir():
        term.warn("backup-is-folder", path=str(target))
        return EXIT_REFUSED
    if target.exists() and not force:
        term.warn("backup-exists", path=str(target))
        return EXIT_REFUSED
    if not target.parent.is_dir():
        term.warn("backup-no-folder", folder=str(target.parent))
        return EXIT_REFUSED
    try:
        schema = snapshot(source, target)
    except sqlite3.Error as error:
        term.warn("storage-problem", detail=f"{source}: {error}")
        return EXIT_CONFIG
    except OSError as error:
        term.warn("backup-unwritable", path=str(target), detail=error.strerror or str(error))
        return EXIT_REFUSED
    term.say(
        "backup-done",
        source=str(source),
        schema=schema,
        path=str(target),
        size=file_size(target.stat().st_size, term.t.language),
    )
    return EXIT_OK


async def _migrate_to_postgres(settings: Settings, term: Terminal) -> int:
    """Copy the SQLite bot at DATABASE_PATH into the PostgreSQL database at DATABASE_URL."""
    from storage.postgres import PostgresDatabase  # asyncpg loads only for PostgreSQL
    from storage.transfer import TargetHasChatsError, TransferError, move_to_postgres

    url, source = settings.postgres_url, settings.database_path
    if url is None:
        term.warn("migrate-no-url", path=str(source))
        return EXIT_CONFIG
    if not source.is_file():
        term.warn("migrate-no-file", path=str(source))
        return EXIT_CONFIG
    target = await PostgresDatabase.open(url)
    try:
        moved = await move_to_postgres(source, target)
    except TargetHasChatsError as error:
        term.warn("migrate-target-has-chats", target=target.location, chats=error.chats)
        return EXIT_REFUSED
    except TransferError as error:
        term.warn("migrate-failed", detail=str(error))
        return EXIT_REFUSED
    finally:
        await target.close()
    for table, rows in moved.tables.items():
        term.say("migrate-table", table=table, rows=rows)
    if moved.replaced:
        term.say("migrate-replaced", rows=moved.replaced)
    term.say(
        "migrate-done",
        path=str(source),
        schema=moved.schema,
        target=target.location,
        chats=moved.tables.get("chats", 0),
        follows=moved.tables.get("follows", 0),
    )
    return EXIT_OK


async def _sync_source(settings: Settings, term: Terminal, args: argparse.Namespace) -> int:
    """Sync once from the published list and say what was found and decided."""
    from bot.syncing import (  # fetching loads only for `sync`
        Decision,
        hold_limit,
        hold_rules,
        sync_once,
    )

    url: str | None = args.url or settings.source_url
    if url is None:
        term.warn("sync-cli-no-url")
        return EXIT_REFUSED
    if source_problem(url) is not None:
        term.warn("sync-cli-bad-url", url=redact_url(url))
        return EXIT_REFUSED
    services = await Services.open(settings)
    try:
        outcome = await sync_once(
            services, url, args.format or settings.data_source_format, dry_run=args.dry_run
        )
    finally:
        await services.close()
    term.say(
        "sync-cli-source", source=outcome.source, size=file_size(outcome.size, term.t.language)
    )
    plan = outcome.plan
    if plan is not None:
        messages = report_messages(plan.parsed.errors, plan.diff, skipped=plan.parsed.skipped)
        for message_id, message_args in messages:
            (term.say if plan.ok else term.warn)(message_id, **message_args)
    if outcome.decision is Decision.FAILED:
        problem = term.text(f"sync-problem-{outcome.problem}", detail=outcome.detail)
        term.warn("sync-cli-decision-failed", problem=problem)
        return EXIT_REFUSED
    prefix = "sync-cli-would-" if args.dry_run else "sync-cli-decision-"
    term.say(prefix + outcome.decision.value)
    if outcome.decision is Decision.HELD:
        summary = outcome.summary
        for reason in outcome.reasons:
            term.say(
                f"sync-hold-{reason.value}",
                removed=_number(summary, "removed"),
                current=_number(summary, "current"),
                status=_number(summary, "status_changes"),
                records=_number(summary, "records"),
                previous=_number(summary, "previous"),
                limit=hold_limit(hold_rules(settings), reason),
            )
        if not args.dry_run:
            term.say("sync-cli-held-next")
    elif args.dry_run and outcome.decision is not Decision.APPLIED:
        term.say("sync-cli-dry-run-done")
    return EXIT_OK


def _number(summary: dict[str, object], key: str) -> int:
    value = summary.get(key)
    return value if isinstance(value, int) else 0


async def _health(settings: Settings, term: Terminal) -> int:
    """Say whether the database answers and the planner ran lately; 1 when not."""
    health = await check_database(
        settings.database_path,
        settings.postgres_url,
        now=system_clock(),
        interval_seconds=settings.planner_interval_seconds,
        age=DataAge(settings.default_timezone, settings.data_max_age_days),
    )
    if health.ok:
        term.say(health.message_id, **health.args)
        return EXIT_OK
    term.warn(health.message_id, **health.args)
    return EXIT_REFUSED
