## Texts people read in Telegram chats. Values in { $braces } are filled in by the bot and escaped.
## Markup: Telegram HTML (<b>, <i>, <a href="...">). Keep texts short, warm and concrete.

start-welcome =
    <b>Hello, and thank you for being here.</b>

    This bot helps you stand with political prisoners: find a person in any spelling, follow the people you care about, and get one calm message on the days that matter, with something concrete to do: a letter, a birthday card, a post.

    <b>To begin</b>, send me a name, for example <i>Ales Bialiatski</i> or <i>Калеснікава</i>.

    /help shows everything I can do. /about says where the data comes from and what I store about you.

help-text =
    <b>What I can do</b>

    Send me a name in any spelling or script and I will show that person's card.

    /start: the welcome message
    /find name: look someone up (in groups too)
    /follow name: hear about a person on the days that matter
    /following: the people you follow
    /unfollow name: stop following someone
    /write: someone who needs a letter now, and how to write so that it arrives
    /evening: a printable kit for a letter-writing evening, a page per person (/evening 20, /evening Navapolatsk)
    /today: today's dates to remember, and what to do
    /upcoming: the dates of the next 30 days
    /calendar: the dates as a file for your calendar app
    /settings: language, time zone, when and what I send
    /connect @channel: send the daily message to your channel
    /help: this list
    /about: where the data comes from, and your privacy
    /forget: erase everything I store about this chat

about-text =
    <b>About this bot</b>

    It lists { $total ->
        [one] { $total } person
       *[other] { $total } people
    }, { $imprisoned } of them in prison today. The facts come from human rights defenders, first of all the Viasna Human Rights Centre (<a href="https://spring96.org">spring96.org</a>), and every record keeps its source.
    Data as of: <b>{ $as_of }</b>. Statuses change often; a card always says when it was last confirmed.

    <b>What I store about this chat</b>: its Telegram id, language, time zone and alert time, and whom it follows. Never your messages, your name or your username.
    /forget erases all of it at once.

about-as-of-unknown = not yet confirmed

forget-confirm =
    This erases everything I store about this chat: settings, follows and messages waiting to be sent. It cannot be undone.

    Erase it all?
forget-button-yes = Yes, erase everything
forget-button-no = No, keep it
forget-done = Done. I no longer store anything about this chat. If you write to me again, I will start afresh.
forget-kept = Nothing was erased.

admins-only = Only the admins of this group can change what the bot stores about it.

flood-slow-down = That is a lot of messages at once. Please slow down: I will answer again in a minute.
error-generic = Sorry, something went wrong on my side. Please try again in a minute.

## The command menu, one short line each.
command-start = Welcome and how to begin
command-find = Look someone up by name
command-follow = Follow a person
command-following = The people you follow
command-write = Who needs a letter now
command-evening = A printable kit for a letter-writing evening
command-today = Today's dates to remember
command-upcoming = The dates of the next 30 days
command-calendar = The dates as a calendar file
command-settings = Language, time zone, what and when
command-help = What this bot can do
command-about = Where the data comes from, your privacy
command-forget = Erase what the bot stores about this chat

## The bot's profile texts.
bot-description = Find political prisoners in any spelling, follow them, and get a calm message on the days that matter, with one concrete thing to do: a letter, a card, a post.
bot-short-description = Stand with political prisoners: look them up, follow them, act on the days that matter.
