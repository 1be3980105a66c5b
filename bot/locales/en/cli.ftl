## Texts the operator reads on the terminal (plain text, no markup).

config-problem-intro = The bot cannot start because of its settings:
config-token-missing = BOT_TOKEN is not set. Ask @BotFather in Telegram for a token (/newbot), then put it in .env as BOT_TOKEN=123456:ABC... To try the bot first, run: solidarity-bot console
config-token-shape = BOT_TOKEN does not look like a bot token (digits, a colon, then letters). Copy it again from @BotFather.
config-url = { $variable } is “{ $value }”, which is not a web address; it must start with http:// or https://.
config-admin-ids = ADMIN_IDS is “{ $value }”; write numeric Telegram user ids separated by commas, like 12345,67890.
config-language = DEFAULT_LANGUAGE is “{ $value }”, which the bot does not speak; use one of: { $choices }.
config-timezone = DEFAULT_TIMEZONE is “{ $value }”, which is not a known time zone; use a name like Europe/Minsk or Europe/Warsaw.
config-alert-time = DEFAULT_ALERT_TIME is “{ $value }”; write a time of day as HH:MM, like 10:00.
config-weekday = WEEKLY_PROMPT_DAY is “{ $value }”; use one of: { $choices }.
config-log-level = LOG_LEVEL is “{ $value }”; use one of: { $choices }.
config-webhook-secret = WEBHOOK_SECRET must be 32 to 256 characters of letters, digits, _ and -. Make one with: python3 -c "import secrets; print(secrets.token_urlsafe(32))"
config-webhook-secret-missing = WEBHOOK_URL is set, so WEBHOOK_SECRET is required: it proves that updates really come from Telegram. Make one with: python3 -c "import secrets; print(secrets.token_urlsafe(32))"
config-data-source-url = DATA_SOURCE_URL is “{ $value }”; it must be an https:// address of the published list (http:// only for this machine, like http://127.0.0.1:8080/list.csv).
config-data-source-format = DATA_SOURCE_FORMAT is “{ $value }”; use one of: { $choices }.
config-database-path = DATABASE_PATH is empty; give the path of the database file, like data/solidarity.sqlite3.
config-database-url = DATABASE_URL is “{ $value }”; it must be a PostgreSQL address like postgresql://bot:password@localhost:5432/solidarity, or empty for the SQLite file at DATABASE_PATH.
config-invalid = { $variable } is “{ $value }”, which is not valid: { $detail }.

storage-problem = The database cannot be opened: { $detail }
run-already-running = Another bot process is already running on { $location }, so this one stops. Long polling (and any bot on an SQLite file) runs as one process only: stop the other one first, or run several workers in webhook mode on PostgreSQL.

file-missing = There is no file at { $path }. Check the path and try again.
file-unreadable = The file { $path } cannot be read: { $detail }
format-unknown = Cannot tell the format of { $path } from its header; add --format canonical or --format viasna.

import-rejected = Nothing was imported: { $count ->
    [one] the file has one problem
   *[other] the file has { $count } problems
    }. Fix { $count ->
    [one] it
   *[other] them
    } and run the import again.
import-dry-run = Dry run: nothing was written.
import-applied = Imported { $path }: { $added } added, { $changed } changed, { $unchanged } unchanged.
import-nothing = { $path } holds nothing new: the database already matches it.
import-pruned = { $count ->
    [one] One person not in the file was removed.
   *[other] { $count } people not in the file were removed.
    }
import-progress = Writing { $done } of { $total }…
dataset-invalid = The data set { $path } has { $count } problems, so the bot cannot start with it. Check it with: solidarity-bot import { $path } --dry-run

export-done = Exported { $count ->
    [one] one person
   *[other] { $count } people
    } to { $path }.

stats-title = solidarity-bot: { $path }
stats-prisoners = People: { $total } ({ $imprisoned } imprisoned, { $released } released, { $deceased } deceased, { $persecuted } persecuted)
stats-data-as-of = Data as of: { $as_of }
stats-data-stale = The data is stale: { $days } days old (DATA_MAX_AGE_DAYS is { $limit }).
stats-no-source = Data source: none (DATA_SOURCE_URL is empty); the data changes only by import.
stats-source = Data source: { $source }; last confirmed { $when }{ $failures ->
        [0] {""}
       *[other] ; { $failures } failures in a row, last: { $problem }
    }
stats-held = A sync from the data source has waited for an operator since { $when } (the bot asks ADMIN_IDS in Telegram).
stats-last-import = Last import: { $when } from { $source } ({ $added } added, { $changed } changed)
stats-no-import = Last import: none yet
stats-chats = Chats: { $active } active, { $inactive } inactive ({ $private } private, { $groups } groups, { $channels } channels)
stats-unknown = unknown
stats-deliveries = Follows: { $follows }. Messages: { $pending } waiting, { $sending } being sent, { $sent } sent, { $failed } failed, { $cancelled } cancelled
stats-last-error = Last delivery error: { $when }: { $error }

## Command-line help.
cli-description = A Telegram bot for people who stand with political prisoners. Settings come from the environment and .env (see .env.example).
cli-run = Run the bot: long polling, or a webhook when WEBHOOK_URL is set.
cli-import = Import people from a CSV or JSON file. Nothing is written if any row is wrong.
cli-import-path = the file to import
cli-import-format = the file's format (default: told from its header)
cli-import-dry-run = show what would change, and write nothing
cli-import-prune = also remove people who are in the database but not in the file
cli-export = Export everyone as canonical CSV, which imports back unchanged.
cli-export-path = where to write the CSV (default: standard output)
cli-lookup = Show how a name query ranks the people in the database, with scores.
cli-lookup-query = the name, in any spelling or script
cli-stats = Show counts of people, chats and imports.
cli-alerts = Show what chats would get on a day: how many messages, and a few of them. Nothing is sent; the running bot sends them at each chat's alert time.
cli-alerts-date = the day to show (default: today in DEFAULT_TIMEZONE)
cli-alerts-dry-run = only show, send nothing (alerts never sends; the flag says so explicitly)
alerts-summary = On { $date }, { $chats ->
    [one] one chat
   *[other] { $chats } chats
    } would get { $messages ->
    [one] one message
   *[other] { $messages } messages
    }.
alerts-sample = --- a { $type } chat ({ $language }, { $zone }, at { $time }) ---
alerts-nothing-sent = Nothing was sent or queued.
cli-actions = Campaign actions (petitions, donations, events) that digests and the weekly prompt show.
cli-actions-list = list every action, retired ones too
cli-actions-add = add an action; without --person it goes into the weekly prompt, taking turns with the others
cli-actions-retire = stop showing an action
cli-actions-text = the words people read, one short line (up to 300 characters)
cli-actions-url = the link it opens (https://...)
cli-actions-kind = what it asks for
cli-actions-person = show it with this person's dates only (their id, as in `export`)
cli-actions-language = show it only to chats in this language (be, ru, en); default: all
actions-line = { $id }. [{ $state }] { $kind }: { $text } ({ $url }) for { $person }, { $language }
actions-everyone = everyone (weekly prompt)
actions-every-language = every language
actions-live = live
actions-retired = retired
actions-none = There are no campaign actions yet. Add one with: solidarity-bot actions add "Sign the petition for ..." --url https://...
actions-added = Added action { $id }. It appears in the next digests that match it.
actions-retired-done = Action { $id } is retired; digests no longer show it.
actions-unknown = There is no live action { $id }; `solidarity-bot actions list` shows them.
actions-bad-text = The text must be one short line of 1 to 300 characters.
actions-bad-url = The link must be a web address starting with https:// or http://.
actions-bad-language = The bot does not speak that language; use be, ru or en.
actions-bad-person = There is nobody with that id; `solidarity-bot export` lists the ids.

lookup-cli-none = Nobody matches “{ $query }”.
lookup-cli-match = { $rank }. { $score }  { $name } [{ $id }, { $status }]  matched “{ $matched }” ({ $kind })
lookup-cli-clear = The chat would open the first card directly.
lookup-cli-unclear = No single clear match: the chat would list these people as buttons.

## Running it for real: backups and health checks.
config-health-port = HEALTH_PORT must be a free port other than WEBHOOK_PORT ({ $port }); the health URL needs a port of its own. Set HEALTH_PORT to one, like 8444.
cli-backup = Copy the database to a file while the bot keeps running (SQLite's online backup). The copy is readable by you only.
cli-backup-path = the file to write, like backups/solidarity-2025-01-31.sqlite3
cli-backup-force = replace the file if it exists
backup-done = Backed up { $source } (schema { $schema }) to { $path }: { $size }.
backup-no-database = There is no database at { $path } to back up; check DATABASE_PATH.
backup-exists = { $path } already exists; choose another name, or add --force to replace it.
backup-same-file = { $path } is the live database itself; write the backup to another file.
backup-is-folder = { $path } is a folder; give the name of the file to write, like { $path }/solidarity.sqlite3
backup-no-folder = The folder { $folder } does not exist; create it first (mkdir -m 700 { $folder }).
backup-unwritable = The backup could not be written to { $path }: { $detail }. Nothing was changed there.
cli-health = Check that the bot works: the database answers and the planner ran lately. Exit code 0 if so, 1 with one line saying what is wrong.
health-ok = ok: the database answers and the planner ran { $seconds } s ago.
health-stale = ok, but the data is stale: last confirmed { $as_of }, { $days } days ago (more than DATA_MAX_AGE_DAYS). Check the data source (solidarity-bot stats) or import a current list.
health-no-database = There is no database at { $detail }: the bot has not started yet, or DATABASE_PATH points elsewhere.
health-empty-database = The PostgreSQL database { $detail } holds no data of the bot: the bot has not started yet, or DATABASE_URL points elsewhere.
health-database = The database does not answer: { $detail }
health-planner-never-ran = The planner never ran: the bot has not started, or stopped before its first run.
health-planner-late = The planner last ran { $seconds } s ago; it should run every PLANNER_INTERVAL_SECONDS. Is the bot running? Look at its log.

## Moving to PostgreSQL
cli-migrate = Copy everything in the SQLite database (DATABASE_PATH) into the PostgreSQL database at DATABASE_URL, in one transaction. The SQLite file is not changed. Stop the bot first.
migrate-no-url = DATABASE_URL is not set: set it to the PostgreSQL database to move { $path } into, like postgresql://bot:password@localhost:5432/solidarity.
migrate-no-file = There is no SQLite database at { $path } to move; check DATABASE_PATH.
migrate-target-has-chats = The PostgreSQL database { $target } already holds { $chats ->
    [one] a chat
   *[other] { $chats } chats
    }, so nothing was copied and nothing was changed. Move into a new, empty database instead.
migrate-failed = Nothing was moved. { $detail }
migrate-table = { $table }: { $rows ->
    [one] one row
   *[other] { $rows } rows
    } copied
migrate-replaced = Replaced { $rows } rows the PostgreSQL database held before (none of them chats: the list a first start imported, and the like).
migrate-done = Moved { $path } (schema { $schema }) into { $target }: { $chats } chats, { $follows } follows, and everything else. The SQLite file was not changed. Keep DATABASE_URL set and start the bot.

## The console
cli-console = Chat with the bot in this terminal, without Telegram: the real bot, on a database of its own. Type :help inside for the console's commands.
cli-console-database = the console's database file (default: data/console.sqlite3); never the bot's DATABASE_PATH
cli-console-fresh = start with a new console database, imported again from DATASET_PATH
cli-console-language = the language of the first simulated person (be, ru, en)
console-instead-of-run = No BOT_TOKEN is configured, so here is the bot in this terminal instead. Set BOT_TOKEN in .env to run it in Telegram.
console-refuses-production = The console will not use { $path }: it is the bot's own database (DATABASE_PATH) or a file the console did not make, and the console never touches real data. Choose another file with --database.
console-language-unknown-cli = The bot does not speak “{ $language }”; use be, ru or en.

cli-sync = Sync once from the published list (DATA_SOURCE_URL): fetch, compare, then apply, hold for an operator, or refuse.
cli-sync-url = the list's address (default: DATA_SOURCE_URL)
cli-sync-format = the list's format (default: DATA_SOURCE_FORMAT)
cli-sync-dry-run = show what would change and what the sync would decide, and write nothing
sync-cli-no-url = There is no list to sync from: set DATA_SOURCE_URL in .env, or pass --url.
sync-cli-bad-url = “{ $url }” cannot be used: give an https:// address (http:// only for this machine).
sync-cli-source = Source: { $source } ({ $size })
sync-cli-decision-applied = Applied. The running bot tells the followers of people whose status changed or who were moved.
sync-cli-decision-unchanged = The list matches the data; it is now confirmed as of today.
sync-cli-decision-not-modified = The list has not changed since the last sync (the server said so); the data is confirmed as of today.
sync-cli-decision-held = Held for an operator, because:
sync-cli-held-next = Nothing reaches followers until an operator applies it: the running bot asks the operators (ADMIN_IDS) in Telegram.
sync-cli-decision-still-held = Still held: this same file already waits for an operator.
sync-cli-decision-discarded-before = An operator discarded this same file before; it is not offered again.
sync-cli-decision-failed = The sync failed: { $problem } Nothing was changed.
sync-cli-would-applied = Dry run: this would be applied. Nothing was changed.
sync-cli-would-unchanged = Dry run: the list matches the data. Nothing was changed.
sync-cli-would-not-modified = Dry run: the list has not changed since the last sync. Nothing was changed.
sync-cli-would-held = Dry run: this would be held for an operator, because:
sync-cli-dry-run-done = Dry run: nothing was changed.
empty-database = The database holds nobody yet. Fill it by starting the bot once (it imports the bundled list, or DATASET_PATH), with “solidarity-bot import FILE”, or with “solidarity-bot sync” from DATA_SOURCE_URL.
