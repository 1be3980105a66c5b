## Following people, the /following list, and channels (Telegram HTML).
## Messages about a person receive $gender (female, male, unknown) for languages that need it.

card-button-follow = 🔔 Follow
card-button-unfollow = 🔕 Stop following

# Short notes shown over the chat after a button press (plain text, up to 200 characters).
follow-done = You follow { $name } now. I will write on the days that matter.
follow-done-group = This chat follows { $name } now. I will write on the days that matter.
unfollow-done = You no longer follow { $name }.
follow-limit = A chat can follow up to { $limit } people one by one. To hear about everyone in prison, switch on “Follow everyone in prison” in /following.
follow-usage = Write the name after the command, for example: /follow Bialiatski. Or open a person's card and press <b>Follow</b>.
follow-pick = { $count ->
    [one] I found one person who might be the one you mean. Press the name to follow:
   *[other] I found { $count } people who might be the one you mean. Press a name to follow:
    }
unfollow-not-following = You do not follow anyone called “{ $query }”. /following lists everyone you follow.
unfollow-pick = { $count ->
    [one] You follow one person with that name. Press it to stop following:
   *[other] You follow { $count } people with that name. Press a name to stop following:
    }

following-list = { $count ->
    [one] <b>You follow one person.</b>
   *[other] <b>You follow { $count } people.</b>
    } Press a name to open the card, or ✖ to stop following.
following-list-group = { $count ->
    [one] <b>This chat follows one person.</b>
   *[other] <b>This chat follows { $count } people.</b>
    } Press a name to open the card, or ✖ to stop following.
following-none = You do not follow anyone yet. Open a card and press <b>Follow</b>, or send /follow and a name.
following-none-group = This chat does not follow anyone yet. Admins can open a card and press <b>Follow</b>, or send /follow and a name.
following-everyone = { $count ->
    [one] 👥 Following <b>everyone in prison</b>: one person today, and anyone added later.
   *[other] 👥 Following <b>everyone in prison</b>: { $count } people today, and anyone added later.
    }
following-button-unfollow = ✖
follow-all-button-on = 👥 Follow everyone in prison
follow-all-button-off = ✅ Following everyone in prison · stop
follow-all-on = You follow everyone in prison now, including people added later.
follow-all-on-group = This chat follows everyone in prison now, including people added later.
follow-all-off = You no longer follow everyone in prison. The people you follow one by one stay.
follow-all-off-group = This chat no longer follows everyone in prison. The people it follows one by one stay.
list-previous = ‹ Back
list-next = More ›

## Channels, connected from a private chat by one of their admins.
connect-usage =
    To send the daily message to a channel:
    1. Add me to the channel as an admin who can post messages.
    2. Send <b>/connect @channelname</b> here, or forward me any post from the channel.
disconnect-usage = Send <b>/disconnect @channelname</b> to stop the messages to a channel and erase what I store about it.
channel-private-only = Please do this in a private chat with me, so that the group is not flooded.
channel-bad-name = “{ $channel }” is not a channel name. Write it like <b>@channelname</b>, or forward me a post from the channel.
channel-not-found = I cannot see { $channel }. Please add me to the channel as an admin first, then try again.
channel-not-a-channel = { $channel } is not a channel. To use me in a group, add me to the group and send /settings there.
channel-not-admin = Only the admins of { $channel } can connect it or change its settings.
channel-bot-not-admin = I am in { $channel } but cannot post there. Please make me an admin who can post messages, then try again.
channel-connected = Done: { $channel } is connected. It follows everyone in prison and will get one message a day at { $time } ({ $zone }) when there is something to mark. You can change this below.
channel-already-connected = { $channel } is already connected. Here are its settings.
channel-not-connected = { $channel } is not connected. Send /connect { $channel } to connect it.
channel-disconnected = { $channel } is disconnected. I no longer send anything there or store anything about it.

group-welcome =
    <b>Hello, and thank you for adding me.</b>

    Anyone here can look a person up with <b>/find</b> and a name. The group's admins can choose whom the group follows (/follow, /following) and when it hears from me (/settings). Then I post one calm message on the days that matter.
