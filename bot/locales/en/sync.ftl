## Texts for operators about the published list the bot follows (Telegram HTML).

sync-never = never
sync-status-imprisoned = in prison
sync-status-released = released
sync-status-deceased = died
sync-status-persecuted = persecuted

sync-held-title = ⏸ <b>A new version of the list is waiting for you.</b>
sync-held-counts = The list at { $source } has { $records } people: { $added } new, { $changed } changed, { $removed } to remove, { $status } status changes.
sync-hold-removals = It would remove { $removed } of { $current } people; more than { $limit }% waits for you.
sync-hold-status-changes = It would change the status of { $status } people; more than { $limit } waits for you.
sync-hold-shrink = The list shrank from { $previous } to { $records } people; by more than { $limit }% waits for you.
sync-held-change = • { $name }: { $old } → { $new }
sync-held-question = Followers hear nothing until you decide. Apply it if the changes are real; discard it if the list looks broken.
sync-button-apply = ✅ Apply
sync-button-discard = ✖ Discard
sync-applied-done = Applied: { $added } added, { $changed } changed, { $removed } removed, { $status } status changes. Followers are being told.
sync-discarded-done = Discarded. The data stays as it was, and this same file will not be offered again.
sync-held-expired = This version is no longer waiting: a newer one replaced it, or another operator has decided.

sync-failing = ⚠️ <b>The list at { $source } could not be read { $failures } times in a row.</b> Last problem: { $problem } The bot keeps the data it has (as of { $as_of }) and keeps trying by itself.
sync-problem-network = the server could not be reached.
sync-problem-timeout = the server took too long to answer.
sync-problem-http-status = the server answered with an error ({ $detail }).
sync-problem-too-large = the file is larger than DATA_SOURCE_MAX_BYTES allows.
sync-problem-html = the server sent a web page (a login, captcha or error page) instead of the list.
sync-problem-empty = the server sent an empty file.
sync-problem-bad-url = the address is not allowed (https only) or redirects somewhere that is not.
sync-problem-format-unknown = the file is in no format the bot knows; set DATA_SOURCE_FORMAT.
sync-problem-invalid = the file has { $detail } errors; run “solidarity-bot sync --dry-run” to see them.
sync-problem-unknown = unknown.

sync-stale = ⏳ <b>The data is { $days } days old</b> (last confirmed { $as_of }). People are released and moved every week, so cards and messages may now tell an outdated story.
sync-stale-syncing = The published list has not confirmed it since; /stats shows why.
sync-stale-no-source = Set DATA_SOURCE_URL so the bot follows the published list, or send me a current file.

admin-stats-source = Data source: { $source }, last confirmed { $when }
admin-stats-source-failing = Data source: { $source }, { $failures } failures in a row; last problem: { $problem }
admin-stats-no-source = Data source: none (DATA_SOURCE_URL is empty)
admin-stats-data-fresh = Data as of { $as_of }
admin-stats-data-stale = ⏳ Data as of { $as_of }: { $days } days old, stale
admin-stats-held = ⏸ A new version of the list has waited for your decision since { $when }.
