# /write: one person who needs a letter now. $name is the person's name.
write-suggestion-title = ✉️ <b>{ $name }</b>
write-suggestion-address = Address: { $address }
write-suggestion-no-address = The address is not known yet: check it with the human rights defenders who keep the list (/about) before you post a letter.
write-nobody-left = You have written to everyone whose letters may reach them this month. Thank you! Come back in a few weeks, or open a card with a name.

letters-button-how = ✍️ How to write
letters-button-wrote = ✉️ I wrote
letters-button-another = ➡️ Another
letters-button-undo = Undo

# "✉️ I wrote"
letters-wrote-thanks = Thank you for writing to { $name }! Every letter tells a person in prison that they are not forgotten.
letters-wrote-already = You already said you wrote to { $name } this month. Thank you!
letters-undone = Taken back: your letter to { $name } is no longer counted.
letters-undo-nothing = There is nothing to take back.

# The letter guide.
letter-guide-title = <b>How to write to { $name }</b>
letter-guide-rules =
    <b>What gets through the censor</b>
    • Write in Russian or Belarusian, by hand or printed, one sheet at most.
    • Write about everyday things: books, the weather, your news, and ask a question.
    • Leave out politics, the case, courts, sanctions, and words like "freedom" and "struggle": such letters are held back.
    • No Latin letters, links or emoji in the letter.
    • Put nothing in the envelope but the letter: photos, cuttings and stickers get a letter thrown away.
letter-guide-in-ru = <b>A letter in Russian</b> (words in [brackets] are yours to fill in)
letter-guide-in-be = <b>The same in Belarusian</b>
letter-guide-meaning = <b>What it says</b>
letter-skeleton =
    { $gender ->
       *[other] Dear { $name },
    }

    I am writing to say that people think of you and remember you. All is well with me: [a few words about yourself, a book or the weather].
    How are you? What are you reading now?

    I wish you health and strength. I look forward to your letter.
    {"["}Your name]
letter-guide-envelope = <b>The envelope</b>, as the prison's post office needs it:
letter-guide-no-address = The address is not known yet: check it with the human rights defenders who keep the list (/about).
letter-guide-not-cyrillic = Write every line of the envelope in Cyrillic.
letter-guide-reply = Reply to this message with your draft and I will check it. I do not keep it.

# Checking a draft. $words are the draft's own words, quoted.
draft-ok = Nothing risky found. Your letter looks ready to post. Thank you for writing!
draft-found = <b>What may hold the letter back</b>
draft-risky-words = • { $topic }: { $words }
draft-latin-script = • Latin letters: { $words }. Write them in Cyrillic.
draft-link = • Links and addresses: { $words }
draft-handle = • Usernames: { $words }
draft-emoji = • Emoji: draw them by hand or leave them out.
draft-empty = • The draft is empty.
draft-too-long = • { $count } characters: more than one sheet (about { $limit }). Send the rest in a second letter.
draft-topic-politics = politics
draft-topic-case = the case and the courts
draft-topic-sanctions = sanctions
draft-topic-freedom = "freedom"
draft-topic-struggle = "struggle"
draft-topic-protest = protests
draft-topic-regime = the authorities
draft-topic-elections = elections
draft-topic-war = war
draft-topic-extremism = "extremism" and terror
draft-topic-banned-name = names of banned organisations and media
draft-topic-symbols = symbols and slogans
draft-suggestions = <b>Ideas</b>
draft-suggest-everyday-topics = • Write about everyday things instead: books, the seasons, your own news.
draft-suggest-write-in-cyrillic = • Write the whole letter in Cyrillic.
draft-suggest-shorten = • Keep to one sheet.
draft-suggest-ask-a-question = • Ask a question: it gives the person something to answer.
draft-suggest-sign-first-name = • Sign with your first name: it is enough, and safer for you.

# /stats for operators: counts across all chats, never per chat.
admin-stats-fewest-letters = <b>Fewest letters this month</b>
admin-stats-fewest-letters-entry = { $name }: { $count }

# After "I wrote", inside the daily message. $name is the person's name, $weeks whole weeks.
letters-write-again = { $weeks ->
    [one] ✍️ <b>{ $name }</b>: a week since your last letter. Write again: a few lines mean a lot.
   *[other] ✍️ <b>{ $name }</b>: { $weeks } weeks since your last letter. Write again: a few lines mean a lot.
    }
# Six weeks after "I wrote": did it arrive? $date is the day of the letter ("14 October").
letters-arrival-question = 📬 <b>{ $name }</b>: you wrote on { $date }. Did the letter arrive? Your answer helps others know whether letters get through.
letters-arrival-reply = 💌 Got a reply
letters-arrival-returned = ↩️ It came back
letters-arrival-no-news = ⏳ No news yet
letters-arrival-thanks = Thank you! Answers like yours show where letters get through.
letters-arrival-gone = This letter is no longer counted, so there is nothing to record.
# On a card, from five answers up; $facility is where the person is held.
card-arrivals = 📬 { $facility }: in the past year { $reply } of { $answers } supporters who wrote there got a reply.
card-arrivals-returned = Letters that came back: { $returned }.

admin-stats-arrivals = <b>Do letters arrive?</b> Answers of the past year, by facility:
admin-stats-arrivals-entry = { $facility }: { $answers } answers; a reply { $reply }, came back { $returned }, no news { $no_news }
