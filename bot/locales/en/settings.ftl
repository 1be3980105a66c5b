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

kind-anniversaries = anniversaries of arrest and sentence
kind-milestones = milestones of days behind bars
kind-birthdays = birthdays, early enough to post a card
kind-news = news of releases and arrests
kind-weekly = a weekly solidarity action

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
settings-timezone-ask = Send me your time zone as a city, like <b>Europe/Warsaw</b>, or as an offset, like <b>UTC+3</b>.
settings-timezone-unknown = I do not know the time zone “{ $value }”. Please send a name like <b>Europe/Warsaw</b> or <b>America/Chicago</b>, or an offset like <b>UTC+3</b>.
settings-timezone-set = ✅ Time zone: { $zone }.

language-hint = I do not speak your app's language yet, so I write in English. /settings lets you choose Belarusian or Russian.
