## The console: a chat with the bot in a terminal, for operators and data curators.

console-welcome =
    This is { $bot } running in your terminal, with no Telegram: the real bot, on its own database ({ $database }).
    Type as you would in Telegram: /start, a name, /help. Type a button's number to press it, and “@ name” for inline mode.
    The console's own commands start with a colon; :help lists them, :quit leaves.
console-help =
    Console commands:
      :user              list the people you can be
      :user new [be|ru|en]   become a new supporter
      :user N            become person N again
      :admin             become the operator (the bot's ADMIN_IDS), for /stats, /campaign and uploads
      :lang be|ru|en     switch your language
      :group             go to a group chat with the bot (whoever opens it first is its admin)
      :private           back to your private chat
      :time 2026-07-14 10:00   move the clock there and get what chats would get then
      :time 2026-07-14   the same, at your chat's alert time
      :time now          back to the real time
      :outbox            what is queued and sent
      :upload PATH       send a file (as the operator: import a list)
      :reply TEXT        reply to the bot's last message with TEXT (a draft letter, in reply to the letter guide)
      :quit              leave
console-from-bot = — { $bot } —
console-from-bot-edited = — { $bot }, edited —
console-to-chat = — { $bot } → { $chat } —
console-inline-posted = — you, via { $bot } —
console-callback-answer = ({ $text })
console-callback-alert = [!] { $text }
console-document = 📎 { $name }, { $size }, saved as { $path }
console-opens-link = ↗ Telegram would open { $url }
console-button-elsewhere = That button works in the Telegram app only.
console-button-gone = That message is gone, and its buttons with it.
console-no-such-number = There is no button { $number } on the screen; the buttons shown last go from 1 to { $last }.
console-inline-results =
    { $count ->
        [0] Inline mode has nothing for “{ $query }”.
        [one] One inline result; type its number to post it here:
       *[other] { $count } inline results; type a number to post one here:
    }
console-unknown-command = The console has no command { $command }. Type :help for the list.
console-supporter-name = Supporter { $number }
console-operator-name = Operator
console-operator-note = (one of the bot's ADMIN_IDS)
console-person-line = { $number }. { $name } ({ $language }){ $current }
console-person-now = You are { $name }{ $admin }, speaking { $language }, in { $chat }.
console-private-chat = your private chat with the bot
console-group-title = Solidarity group
console-no-such-person = There is no person { $number }. Type :user to see everyone, or :user new.
console-language-set = { $name } now speaks { $language }.
console-language-unknown = The bot speaks { $languages }; “{ $language }” is not one of them.
console-time-now = It is { $time } in { $zone }.
console-time-back = Back to the real time: { $time } in { $zone }.
console-time-moved =
    The clock is now at { $time } in { $zone }. { $count ->
        [0] Nothing new to send then: no date of the people followed, before the alert time, or already sent.
        [one] One message was due.
       *[other] { $count } messages were due.
    }
console-time-bad = Write the time as YYYY-MM-DD HH:MM, or a date alone, or now. For example: :time 2026-07-14 10:00
console-outbox-empty = The outbox is empty: nothing was queued for the console's chats yet.
console-outbox-more = … and { $count } older.
console-outbox-row =
    #{ $id } { $kind ->
        [digest] daily message { $day }
        [news] news
       *[campaign] campaign
    } to { $chat }: { $state ->
        [sent] sent { $when }
        [pending] waits until { $when }
        [sending] being sent
        [failed] failed after { $attempts } tries ({ $error })
       *[cancelled] cancelled
    }
console-upload-usage = Give the file to send, like :upload data/prisoners.csv
console-reply-usage = Give the text to reply with, like :reply Dear Ihar, it snowed here today.
console-reply-nothing = The bot has sent nothing in this chat yet, so there is nothing to reply to.
console-upload-missing = There is no file { $path }.
console-upload-too-big = { $path } is over 20 MB, more than Telegram lets a bot download.
console-bye = Goodbye. The console's data stays in { $database }; start afresh with --fresh.
console-command-failed = That did not work ({ $error }); the console goes on. The details are in the log.
