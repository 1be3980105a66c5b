## Looking people up and their cards (Telegram HTML).
## Card messages receive $gender (female, male, unknown) for languages whose words agree with it.

lookup-none =
    I could not find anyone called “{ $query }”.

    Try another spelling, or just the surname. If you know someone who should be listed, please tell the human rights defenders who keep the list; /about says who they are.
lookup-none-suggest =
    I could not find anyone called “{ $query }”. Did you mean one of these?

    If not, try another spelling, or just the surname. If you know someone who should be listed, please tell the human rights defenders who keep the list; /about says who they are.
lookup-not-a-name = Send me a person's name, for example <i>Maria Kalesnikava</i> or <i>Бяляцкі</i>.
lookup-find-usage = Write the name after the command, for example: /find Kalesnikava
lookup-several = { $count ->
    [one] I found one person who might be the one you mean:
   *[other] I found { $count } people who might be the one you mean:
    }
lookup-more = More…
lookup-expired = This list has expired. Please send the name again.
lookup-unknown-person = I could not find that person any more; the list may have changed. Please search again.

list-button = { $name } · { $mark } { $year }
list-button-no-year = { $name } · { $mark }
status-mark = { $status ->
    [imprisoned] 🔒
    [released] 🕊
    [deceased] 🕯
   *[other] ⚖
    }

span-years = { $count ->
    [one] { $count } year
   *[other] { $count } years
    }
span-months = { $count ->
    [one] { $count } month
   *[other] { $count } months
    }
span-days = { $count ->
    [one] { $count } day
   *[other] { $count } days
    }

card-status-imprisoned = 🔒 <b>In prison</b> since { $since }
card-status-imprisoned-undated = 🔒 <b>In prison</b>
card-status-released = 🕊 <b>Released</b> on { $since }
card-status-released-undated = 🕊 <b>Released</b>
card-status-deceased = 🕯 <b>Died</b> on { $since }
card-status-deceased-undated = 🕯 <b>Died</b>
card-status-persecuted = ⚖ <b>Persecuted</b>, not recognised as a political prisoner
# $span is "4 years 5 months" ("0 months" for less than a month); $days is "1,641 days".
card-inside-now = { $span } behind bars ({ $days }).
card-inside-then = Spent { $span } behind bars ({ $days }).
card-detained = Detained: { $date }
card-sentence = Sentence: { $sentence }
card-sentence-dated = Sentence: { $sentence } (sentenced on { $date })
card-charges = Charges: { $charges }
card-facility = Held at: { $facility }
card-organization = Organisation: { $organization }
card-letters-yes =
    ✉️ <b>Letters reach { $name }.</b>
    Address: { $address }
card-letters-yes-no-address = ✉️ <b>Letters reach { $name }.</b> The address is not known yet.
card-letters-no = Letters from strangers are not known to reach this person.
card-letters-unknown = It is not known whether letters reach this person.
# A person in prison whose address was not confirmed lately: people are moved between prisons.
# $date is the day the record was last confirmed; $url the record's source.
card-address-old = ✉️ <b>Letters reach { $name }</b>, but the address may have changed since { $date }, so it is not shown here.
card-address-old-undated = ✉️ <b>Letters reach { $name }</b>, but the address may have changed since it was last confirmed, so it is not shown here.
card-address-check = Please <a href="{ $url }">check the current address at the source</a> before you write.
card-address-check-no-source = Please check the current address with the human rights defenders who keep the list before you write; /about says who they are.
card-source = <a href="{ $url }">Source</a>
card-as-of = As of { $date }.
card-as-of-stale = As of { $date }; this may be out of date.
card-unverified = These facts have not been confirmed by a source yet.

card-button-share = Share
card-button-write = How to write
card-share-text = { $name }: a political prisoner. Please read and stand with them.

write-guide =
    <b>How to write to { $name }</b>
    1. Write by hand or print, in Belarusian or Russian; keep it short, warm and about everyday life.
    2. Avoid politics, the case and the prison: censors stop such letters.
    3. Put your return address on the envelope, and be patient: an answer can take weeks.

    Address: { $address }
