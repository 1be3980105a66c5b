## The /settings menu (Telegram HTML). Button texts are plain text.

settings-title = <b>Settings for this chat</b>
settings-title-channel = <b>Settings for { $channel }</b>
settings-language = 🌐 Language: { $language }
settings-timezone = 🕘 Time zone: { $zone }
settings-time = ⏰ Daily message at: { $time }
settings-kinds = 🔔 I send: { $kinds }
settings-kinds-none = nothing
settings-follows = { $count ->
    [one] 👥 Following: one person
   *[other] 👥 Following: { $count } people
    }
settings-follows-everyone = { $count ->
    [0] 👥 Following: everyone in prison
    [one] 👥 Following: everyone in prison, and one more person
   *[other] 👥 Following: everyone in prison, and { $count } more people
    }
settings-active = ▶️ Messages are on.
settings-paused = ⏸ <b>Messages are paused.</b> Nothing is sent until you resume.
settings-channel-note = /disconnect stops the messages to this channel.

kind-anniversaries = Anniversaries of arrest and sentence
kind-milestones = Milestones: 100, 500, 1,000… days behind bars
kind-birthdays = Birthdays, early enough to post a card
kind-news = News of releases and arrests
kind-weekly = A weekly solidarity action

settings-button-language = 🌐 Language
settings-button-timezone = 🕘 Time zone
settings-button-time = ⏰ Time
settings-button-kinds = 🔔 What to send
settings-button-pause = ⏸ Pause all messages
settings-button-resume = ▶️ Resume messages
settings-button-done = ✓ Done
settings-button-back = ‹ Back
settings-button-timezone-other = ⌨️ Type another…
settings-chosen = ✅ { $label }
settings-not-chosen = { $label }

settings-saved = Saved.
settings-expired = This menu has expired. Send /settings to open it again.
button-expired = This button no longer works. Please send the command again.
settings-timezone-ask = Send me your city, like <b>Minsk</b> or <b>Warsaw</b>, or your time zone, like <b>Europe/Warsaw</b> or <b>UTC+3</b>.
settings-timezone-unknown = I do not know the time zone of “{ $value }”. Please send a big city near you, like <b>Warsaw</b> or <b>Vilnius</b>, a zone name like <b>Europe/Warsaw</b>, or an offset like <b>UTC+3</b>.
settings-timezone-set = ✅ Time zone: { $zone }.
settings-timezone-kept = The time zone stays as it was.

language-hint = I do not speak your app's language yet, so I write in English. /settings lets you choose Belarusian or Russian.

# Writing again: a line in the daily message some weeks after "I wrote" to someone the chat follows.
settings-write-again = { $weeks ->
    [one] ✍️ Write again: a reminder { $weeks } week after a letter
   *[other] ✍️ Write again: a reminder { $weeks } weeks after a letter
    }
settings-write-again-off = ✍️ Write again: no reminders
settings-button-write-again = ✍️ Write again
settings-write-again-choice = { $weeks ->
    [one] { $weeks } week
   *[other] { $weeks } weeks
    }
settings-write-again-choice-off = Off
