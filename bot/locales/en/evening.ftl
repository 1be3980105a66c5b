# /evening: a printable kit for a letter-writing evening, one page per person.
# "60 days" is BIRTHDAY_DAYS in bot/rendering/evening.py.

evening-caption = { $count ->
    [one] Your letter-writing evening: one person, and the birthdays of the next 60 days. Print it on A4.
   *[other] Your letter-writing evening: { $count } people, a page each, and the birthdays of the next 60 days. Print it on A4 and give each writer a page.
    }
evening-caption-place = { $count ->
    [one] Your letter-writing evening ({ $place }): one person, and the birthdays of the next 60 days there. Print it on A4.
   *[other] Your letter-writing evening ({ $place }): { $count } people, a page each, and the birthdays of the next 60 days there. Print it on A4.
    }
evening-count-range = A kit holds { $least } to { $most } people: for example, /evening 20. /evening on its own gives 10.
evening-no-place =
    I found no place called “{ $query }” among the people letters may reach.
    Try the town or the number, like /evening Navapolatsk or /evening IK-1, or just /evening for everyone.
evening-which-place = Which place do you mean? Press one, or type its name after /evening.
evening-more-places = …and { $count } more: add the town or the number to narrow it down.
evening-nobody = There is nobody to write to just now: no one on the list is in prison with letters that may reach them.
evening-slow-down = I have just made several kits for this chat. Please ask again in a minute.

## The kit itself: plain text on paper, no markup and no emoji.
evening-title = Letter-writing evening, { $date }
evening-how-to =
    Thank you for writing tonight. Each page is a person who has had few letters lately: take a page, write, and address the envelope exactly as the box shows.

    Write in Russian or Belarusian, by hand, on one sheet, about everyday things: books, the weather, the seasons, your own news. Ask a question, so that they have something to answer. Sign with your first name only.

    Leave out politics, the case, courts and sanctions, and words like “freedom” and “struggle”: such letters are held back. No Latin letters, links or emoji, and nothing in the envelope but the letter.

    Afterwards, press “I wrote” on the person's card in the bot, so that the next letters go to the people who have had the fewest.
evening-label-envelope = The envelope
evening-label-about = Who they are
evening-label-avoid = What to leave out
evening-label-birthdays = Birthdays in the next 60 days
evening-no-birthdays = Nobody has a birthday in the next 60 days.
evening-birthdays-more = …and { $count } more.
evening-birthday = Birthday: { $date } (turns { $age })
evening-in-prison = In prison since { $since }
evening-in-prison-undated = In prison
evening-address-outdated = The address may have changed: check it with the human rights defenders who keep the list (/about in the bot) before posting.
evening-no-address = The address is not known yet: ask the human rights defenders who keep the list (/about in the bot) before posting.
evening-avoid =
    politics, the case, courts and sanctions
    the words “freedom” and “struggle”, protests and the war
    Latin letters, links and emoji
    photos, cuttings or stickers in the envelope
