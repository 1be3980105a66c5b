## Texts for operators (users in ADMIN_IDS) in their private chat with the bot (Telegram HTML,
## except the upload reports, which are plain text).

unknown-command = I do not know that command. /help lists what I can do.

admin-stats-title = <b>How the bot is doing</b>
admin-stats-chats = Chats: { $active } active, { $inactive } inactive ({ $private } private, { $groups } groups, { $channels } channels)
admin-stats-follows = Follows: { $count }
admin-stats-digests-today = Today's messages: { $sent } sent, { $failed } failed, { $pending } waiting
admin-stats-queue = Queue: { $count } waiting
admin-stats-last-error = Last delivery error: { $when }, { $error }
admin-stats-no-error = Last delivery error: none
admin-stats-planner = Planner last ran: { $when }
admin-stats-planner-never = Planner last ran: not yet
admin-stats-people = People: { $total }, { $imprisoned } in prison; { $stale } not confirmed for over { $days } days
admin-stats-last-import = Last import: { $when } from { $source } ({ $added } added, { $changed } changed)
admin-stats-no-import = Last import: none yet
admin-stats-audit = <b>Recent admin actions</b>
admin-stats-audit-entry = • { $when } · { $admin } · { $action } { $detail }

admin-actions-title = <b>Campaign actions</b> ({ $count } live):
admin-actions-item = { $id }. { $text } { $url } · for { $target } · { $language }
admin-actions-for-everyone = everyone, in the weekly prompt
admin-actions-button-retire = Retire { $id }
admin-actions-retired-note = Retired. Digests no longer show it.
admin-actions-none-chat = There are no campaign actions yet.

    { admin-actions-add-usage }
admin-actions-add-usage = To add one: <b>/addaction https://link The words people read</b>. Put a person's id first (as on their card link, like <i>ales-bialiatski</i>) to show it only with that person's dates; without it, the action joins the weekly prompt.
admin-actions-added-chat = Added action { $id }: { $text }

upload-too-big = This file is too big: the limit is { $limit } MB. Nothing was imported.
upload-wrong-type = “{ $name }” is not a CSV or JSON file. Send the list as .csv or .json. Nothing was imported.
upload-unknown-format = I cannot tell what “{ $name }” is: it is neither the canonical format nor a Viasna export. Nothing was imported.
upload-download-failed = I could not download the file from Telegram. Please send it again in a minute.
upload-rejected = Nothing was imported. Fix the lines above and send the file again.
upload-nothing = The file matches the data exactly; there is nothing to import.
upload-confirm = Import these changes? Followers of people whose status changed will be told.
upload-button-confirm = ✅ Import
upload-button-cancel = ✖ Cancel
upload-cancelled = Cancelled. Nothing was imported.
upload-expired = This import has expired. Please send the file again.
upload-done = { $status ->
    [0] Imported { $name }: { $added } added, { $changed } changed, { $status } status changes.
   *[other] Imported { $name }: { $added } added, { $changed } changed, { $status } status changes. Followers are being told.
    }
