## The daily message, news and the weekly prompt (Telegram HTML).
## Texts about a person receive $gender (female, male, unknown) for languages that need it.

digest-title = 📌 <b>Days that matter · { $date }</b>

event-detention-anniversary = { $years ->
    [one] One year ago today { $name } was detained.
   *[other] { $years } years ago today { $name } was detained.
    }
event-sentence-anniversary = { $years ->
    [one] One year ago today { $name } was sentenced.
   *[other] { $years } years ago today { $name } was sentenced.
    }
event-days-milestone = Today { $name } has spent { $days } days behind bars.
event-birthday-soon = { $name } turns { $age } on { $birthday }.
event-birthday = { $name } turns { $age } today.

# The same events under the person's name, in the daily message and /today. Languages that would
# only repeat the name there may leave it out; English reads better with it.
event-detention-anniversary-under-name = { $years ->
    [one] One year ago today { $name } was detained.
   *[other] { $years } years ago today { $name } was detained.
    }
event-sentence-anniversary-under-name = { $years ->
    [one] One year ago today { $name } was sentenced.
   *[other] { $years } years ago today { $name } was sentenced.
    }
event-days-milestone-under-name = Today { $name } has spent { $days } days behind bars.
event-birthday-soon-under-name = { $name } turns { $age } on { $birthday }.
event-birthday-under-name = { $name } turns { $age } today.

# One concrete thing to do, after the events of a person.
action-card =
    📮 <b>Send a card by { $post_by }</b> so that it arrives in time:
    { $address }
    Write by hand, in Belarusian or Russian, a few warm lines about everyday life. No politics: censors stop such letters. Put your return address on the envelope.
action-letter =
    ✉️ <b>Write a letter</b>: a few warm lines are enough, and every letter tells { $name } that people remember.
    { $address }
action-share = 📣 <b>Share the story</b> so that more people hear of it: open the card below and press Share.

digest-button-card = 📇 { $name }

week-title = 🗓 <b>This week</b>
# A coming date, without its day: the weekly prompt puts the day first (week-dated), /upcoming
# lists the lines under each day's heading.
week-dated = { $date }: { $line }
week-birthday = { $name } turns { $age }. Post a card by { $post_by }.
week-birthday-late = { $name } turns { $age }. A card posted now may arrive late, and it still counts.
# The birthday of a person no card can be posted to: letters do not reach them, or no address.
week-birthday-no-card = { $name } turns { $age }.
week-detention-anniversary = { $years ->
    [one] One year since { $name } was detained.
   *[other] { $years } years since { $name } was detained.
    }
week-sentence-anniversary = { $years ->
    [one] One year since { $name } was sentenced.
   *[other] { $years } years since { $name } was sentenced.
    }
week-days-milestone = { $name }, { $days } days behind bars.
week-nothing = None of the people you follow has a date this week.
week-action = 💌 <b>This week's action</b>: write one letter. Pick a person: a few warm lines are enough. /following lists the people you follow.

news-released = 🕊 <b>{ $name } is free.</b> Released on { $date }.
news-released-undated = 🕊 <b>{ $name } is free.</b>
news-released-action = Letters to the prison no longer reach { $name }. Share the good news, and write to someone who is still inside.
news-imprisoned = 🔒 <b>{ $name } is behind bars again</b>, since { $date }.
news-imprisoned-undated = 🔒 <b>{ $name } is behind bars again.</b>
news-imprisoned-action = The first weeks are the hardest: a letter now matters a lot. The card shows whether letters reach { $name }.
news-deceased = 🕯 <b>{ $name } died</b> on { $date }.
news-deceased-undated = 🕯 <b>{ $name } has died.</b>
news-deceased-action = We remember. Share the story so that it is not forgotten.
news-changed = ⚖ <b>The record of { $name } has changed.</b> The card shows what is known now.
news-changed-action = Open the card for the details.
# A person in prison was moved to another facility; $facility is the new one, $address its address.
news-transfer = 📍 <b>{ $name } has been moved</b> to { $facility }.
news-transfer-unknown = 📍 <b>{ $name } has been moved</b> to another prison.
news-transfer-action =
    Letters sent to the old address may not arrive. The new address:
    { $address }
news-transfer-action-no-address = Letters sent to the old address may not arrive. The new address is not known yet; the card will show it as soon as it is.

# An action an operator added (a petition, a donation, an event), in the operator's own words.
action-campaign = 🤝 <a href="{ $url }">{ $text }</a>
action-campaign-no-link = 🤝 { $text }
week-campaign = 🤝 Also this week: <a href="{ $url }">{ $text }</a>
week-campaign-no-link = 🤝 Also this week: { $text }
