## /campaign: an operator (a user in ADMIN_IDS) sends one message to many chats, in their
## private chat with the bot. Telegram HTML. Values in { $braces } are filled in and escaped.

campaign-draft-restarted = You had a campaign draft open. I dropped it; let us start over.
campaign-ask-text =
    <b>New campaign</b>, step 1 of 4: the message.

    Reply with the text people will get. You can format it with Telegram HTML: &lt;b&gt;, &lt;i&gt;, &lt;u&gt;, &lt;s&gt;, &lt;a href="https://…"&gt;, &lt;code&gt;, &lt;pre&gt;, &lt;blockquote&gt;, &lt;tg-spoiler&gt;. Write &amp;lt; for &lt; and &amp;amp; for &amp;.
campaign-text-placeholder = The message people will get
campaign-text-again = Reply with the corrected text.

campaign-html-unsupported-tag = Telegram does not support the tag &lt;{ $detail }&gt;. Use b, i, u, s, a, code, pre, blockquote or tg-spoiler.
campaign-html-unsupported-markup = Comments and other markup ({ $detail }…) cannot be used in a message.
campaign-html-bad-attribute = “{ $detail }” is not allowed here. Tags take no attributes except a href, span class="tg-spoiler", code class="language-…" right inside pre, and blockquote expandable.
campaign-html-bad-link = Links may only lead to http://, https:// or tg:// addresses; “{ $detail }” does not.
campaign-html-unclosed-tag = The tag &lt;{ $detail }&gt; is opened but never closed.
campaign-html-unexpected-end-tag = &lt;/{ $detail }&gt; closes a tag that is not open.
campaign-html-misnested-tag = Tags must close in the reverse order they were opened: close &lt;{ $detail }&gt; first.
campaign-html-unescaped = A “{ $detail }” that is not part of a tag must be written as { $escaped }.
campaign-html-bad-entity = “{ $detail }” is not an entity Telegram knows. Use &amp;lt; &amp;gt; &amp;amp; &amp;quot; or a number like &amp;#8364;.
campaign-html-empty = The message has no text.
campaign-html-too-long = Without the tags the message is { $detail } characters long; Telegram allows 4096.

campaign-ask-button =
    Step 2 of 4: a link button under the message?

    Reply with the link and the button's words, like <code>https://example.org Sign the petition</code>, or press “No button”.
campaign-button-none = No button
campaign-button-invalid = That is not a link and a label. Reply like <code>https://example.org Sign the petition</code>: an http(s) link, a space, then 1 to 64 characters for the button.

campaign-ask-audience = Step 3 of 4: who gets it?
campaign-audience-all = All active chats
campaign-audience-followers = Followers of a person
campaign-audience-language = Chats in one language
campaign-ask-person = Whose followers? Reply with the person's name.
campaign-person-placeholder = A name, in any spelling
campaign-person-none = I found nobody called “{ $query }”. Reply with another spelling.
campaign-person-pick = Several people match. Whose followers?
campaign-ask-language = Which language do the chats speak?

campaign-ask-time = Step 4 of 4: when? Press “Now”, or reply with a date and time like <code>{ $example }</code> ({ $zone } time).
campaign-time-now = Now
campaign-time-invalid = I cannot read “{ $value }” as a time. Write it like <code>{ $example }</code>.
campaign-time-past = { $value } ({ $zone }) has passed already. Choose a time in the future.

campaign-audience-all-label = all active chats
campaign-audience-followers-label = the chats that follow { $name }
campaign-audience-language-label = the chats in { $language }
campaign-when-now = now
campaign-when-at = { $time } ({ $zone })

campaign-summary =
    ⬆️ That is the message exactly as people will get it.

    <b>To:</b> { $audience }
    <b>Chats:</b> { $count }
    <b>When:</b> { $when }

    Send it?
campaign-summary-nobody =
    ⬆️ That is the message exactly as people will get it.

    <b>To:</b> { $audience }
    No chat is in this audience right now, so there is nothing to send. Start again with /campaign.
campaign-button-send = ✅ Send
campaign-button-cancel = ✖ Cancel
campaign-draft-cancelled = Cancelled. Nothing was sent.
campaign-timed-out = The campaign draft waited too long for an answer and is closed. Nothing was sent; start again with /campaign.
campaign-expired = This belongs to an older step or draft. Use the latest message, or start again with /campaign.
campaign-use-buttons = Please choose with the buttons above.
campaign-preview-refused = Telegram refused the message: { $error }. Nothing was sent; start again with /campaign.
campaign-nobody-now = No chat is in this audience any more. Nothing was sent.
campaign-stored = Saved. Sending starts at the chosen time and goes at Telegram's pace.

campaign-progress-scheduled = <b>Campaign { $id }</b> to { $audience }: waits until { $when } for { $count ->
        [one] one chat
       *[other] { $count } chats
    }.
campaign-progress-sending = <b>Campaign { $id }</b> to { $audience }: { $sent } sent, { $failed } failed, { $remaining } to go, about { $left } left.
campaign-progress-done = <b>Campaign { $id }</b> done: { $sent } sent, { $failed } failed.
campaign-progress-cancelled = <b>Campaign { $id }</b> cancelled: { $sent } sent, { $failed } failed, { $cancelled } not sent.
campaign-button-stop = ✖ Cancel campaign
campaign-stop-done = Cancelled. Messages not sent yet will not go out.
campaign-stop-too-late = This campaign has already finished.
