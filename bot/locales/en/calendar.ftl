## The solidarity calendar: /today, /upcoming and /calendar (Telegram HTML).
## The lines about each person are the daily message's (digest.ftl); here are the frames.

# Marks the people the chat follows; the legend explains it.
calendar-mark = ★
calendar-legend = ★ marks the people you follow.
calendar-legend-group = ★ marks the people this chat follows.

today-title = 📌 <b>Today, { $date }</b>
today-nothing = 🌿 No dates to mark today, { $date }.
# $date is the day of the next date, $line what it is ("5 years since … was detained.").
today-next = The next one is on { $date }: { $line }
today-write-anyway = A letter is welcome on any day: send me a name to open a person's card.
today-button-upcoming = 🗓 The next 30 days

upcoming-title = 🗓 <b>Coming dates, { $start } to { $end }</b>
# A day's heading: "Wednesday, 15 July".
upcoming-day = { $weekday }, { $date }
upcoming-page = Page { $page } of { $pages }
upcoming-nothing = No dates to mark from { $start } to { $end }. A letter is welcome on any day: send me a name to open a person's card.
upcoming-title-followed = 🗓 <b>Coming dates of the people followed here, { $start } to { $end }</b>
upcoming-nothing-followed = None of the people followed here has a date to mark from { $start } to { $end }. Everyone else's dates are one button away.
upcoming-button-everyone = 👥 Everyone in prison
upcoming-button-followed = ★ Only the people followed here

# The word after /calendar that asks for everyone in prison ("all" works in every language).
calendar-all-word = all
calendar-usage = Send /calendar for the dates of the people you follow, or <b>/calendar all</b> for the dates of everyone in prison.
calendar-nobody = You do not follow anyone in prison yet, so your own calendar would be empty. You can take the dates of everyone in prison instead, or follow a few people first: open a card and press <b>Follow</b>.
calendar-nobody-group = This chat does not follow anyone in prison yet, so its own calendar would be empty. You can take the dates of everyone in prison instead.
calendar-no-dates = The people you follow have no dates in the coming year. You can take the dates of everyone in prison instead.
calendar-no-dates-group = The people this chat follows have no dates in the coming year. You can take the dates of everyone in prison instead.
calendar-everyone-empty = There are no dates of people in prison in the coming year, so there is nothing to put in a calendar. A letter is welcome on any day: send me a name to open a person's card.
calendar-button-everyone = 👥 Everyone in prison instead
calendar-caption = 📅 <b>Solidarity calendar</b> for the coming year: { $count ->
        [one] one date
       *[other] { $count } dates
    } of { $people ->
        [one] one person
       *[other] { $people } people
    }. Open the file to add them to your calendar app; a newer file updates the same dates instead of adding copies.
calendar-caption-everyone = 📅 <b>Solidarity calendar of everyone in prison</b> for the coming year: { $count ->
        [one] one date
       *[other] { $count } dates
    } of { $people ->
        [one] one person
       *[other] { $people } people
    }. Open the file to add them to your calendar app; a newer file updates the same dates instead of adding copies.

# Inside the calendar file (plain text).
calendar-file-name = Solidarity calendar
calendar-file-name-everyone = Solidarity calendar: everyone in prison
calendar-file-card = Open the card: { $link }
calendar-file-card-reminder = Today is the last day to post a birthday card to { $name } so that it arrives in time.
