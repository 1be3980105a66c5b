## /campaign: аператар (карыстальнік з ADMIN_IDS) адпраўляе адно паведамленне ў шмат чатаў з
## асабістага чата з ботам. Telegram HTML. Значэнні ў { $дужках } падстаўляе бот (ужо экранаванымі).
## Назвы тэгаў, прыклады ўводу (https://…, дата і час) і каманды не перакладаем.

campaign-draft-restarted = У вас быў адкрыты чарнавік кампаніі. Ён выдалены — пачнём спачатку.
campaign-ask-text =
    <b>Новая кампанія</b>, крок 1 з 4: паведамленне.

    Дашліце ў адказ тэкст, які атрымаюць людзі. Яго можна аформіць з дапамогай Telegram HTML: &lt;b&gt;, &lt;i&gt;, &lt;u&gt;, &lt;s&gt;, &lt;a href="https://…"&gt;, &lt;code&gt;, &lt;pre&gt;, &lt;blockquote&gt;, &lt;tg-spoiler&gt;. Замест &lt; пішыце &amp;lt;, замест &amp; — &amp;amp;.
campaign-text-placeholder = Паведамленне, якое атрымаюць людзі
campaign-text-again = Дашліце ў адказ выпраўлены тэкст.

# $detail — назва тэга, атрыбут, спасылка ці знак з тэксту аператара.
campaign-html-unsupported-tag = Telegram не падтрымлівае тэг &lt;{ $detail }&gt;. Выкарыстоўвайце b, i, u, s, a, code, pre, blockquote або tg-spoiler.
campaign-html-unsupported-markup = Каментары і іншую разметку ({ $detail }…) у паведамленні выкарыстоўваць нельга.
campaign-html-bad-attribute = «{ $detail }» тут нельга. У тэгаў бываюць толькі такія атрыбуты: a href, span class="tg-spoiler", code class="language-…" (адразу ўнутры pre) і blockquote expandable.
campaign-html-bad-link = Спасылкі могуць весці толькі на адрасы http://, https:// або tg://, а «{ $detail }» — не.
campaign-html-unclosed-tag = Тэг &lt;{ $detail }&gt; адкрыты, але не закрыты.
campaign-html-unexpected-end-tag = &lt;/{ $detail }&gt; закрывае тэг, які не быў адкрыты.
campaign-html-misnested-tag = Тэгі трэба закрываць у парадку, адваротным адкрыццю: спачатку закрыйце &lt;{ $detail }&gt;.
campaign-html-unescaped = Знак «{ $detail }» па-за тэгам трэба пісаць як { $escaped }.
campaign-html-bad-entity = Telegram не ведае HTML-сутнасці «{ $detail }». Выкарыстоўвайце &amp;lt; &amp;gt; &amp;amp; &amp;quot; або лік, напрыклад &amp;#8364;.
campaign-html-empty = У паведамленні няма тэксту.
# $detail — лік, але прыходзіць радком, таму фраза пабудавана без скланення па ліку.
campaign-html-too-long = Без тэгаў даўжыня паведамлення — { $detail }, а Telegram дазваляе не больш за 4096 знакаў.

campaign-ask-button =
    Крок 2 з 4: кнопка са спасылкай пад паведамленнем?

    Дашліце ў адказ спасылку і тэкст кнопкі, напрыклад <code>https://example.org Падпісаць петыцыю</code>, або націсніце «Без кнопкі».
campaign-button-none = Без кнопкі
campaign-button-invalid = Гэта не спасылка з тэкстам кнопкі. Дашліце, напрыклад, так: <code>https://example.org Падпісаць петыцыю</code> — спасылка http(s), прабел і ад 1 да 64 знакаў для кнопкі.

campaign-ask-audience = Крок 3 з 4: каму адправіць?
campaign-audience-all = Усе актыўныя чаты
campaign-audience-followers = Падпісчыкі аднаго чалавека
campaign-audience-language = Чаты на адной мове
campaign-ask-person = Чыім падпісчыкам адправіць? Дашліце ў адказ імя чалавека.
campaign-person-placeholder = Імя ў любым напісанні
campaign-person-none = Па запыце «{ $query }» нікога не знайшлося. Дашліце ў адказ іншае напісанне.
campaign-person-pick = Падыходзяць некалькі чалавек. Чыім падпісчыкам адправіць?
campaign-ask-language = Чатам на якой мове адправіць?

campaign-ask-time = Крок 4 з 4: калі? Націсніце «Зараз» або дашліце ў адказ дату і час, напрыклад <code>{ $example }</code> (часавы пояс { $zone }).
campaign-time-now = Зараз
campaign-time-invalid = Не магу разабраць «{ $value }» як дату і час. Напішыце, напрыклад, так: <code>{ $example }</code>.
campaign-time-past = Час { $value } ({ $zone }) ужо мінуў. Выберыце час у будучыні.

# Падстаўляюцца пасля «Каму:» у зводцы і пасля «·» у паведамленні пра ход адпраўкі, таму
# у назоўным склоне. Імя ($name) і мова ($language, яе ўласная назва: «English») не скланяюцца.
campaign-audience-all-label = усе актыўныя чаты
campaign-audience-followers-label = падпісчыкі ({ $name })
campaign-audience-language-label = чаты на мове «{ $language }»
campaign-when-now = зараз
campaign-when-at = { $time } ({ $zone })

campaign-summary =
    ⬆️ Вось паведамленне дакладна ў тым выглядзе, у якім яго атрымаюць людзі.

    <b>Каму:</b> { $audience }
    <b>Чаты:</b> { $count }
    <b>Калі:</b> { $when }

    Адправіць?
campaign-summary-nobody =
    ⬆️ Вось паведамленне дакладна ў тым выглядзе, у якім яго атрымаюць людзі.

    <b>Каму:</b> { $audience }
    Цяпер у гэтай аўдыторыі няма ніводнага чата, таму адпраўляць няма каму. Пачніце зноў з /campaign.
campaign-button-send = ✅ Адправіць
campaign-button-cancel = ✖ Скасаваць
campaign-draft-cancelled = Скасавана. Нічога не адпраўлена.
campaign-timed-out = Чарнавік кампаніі занадта доўга чакаў адказу і закрыты. Нічога не адпраўлена; пачніце зноў з /campaign.
campaign-expired = Гэта з ранейшага кроку ці чарнавіка. Карыстайцеся апошнім паведамленнем або пачніце зноў з /campaign.
campaign-use-buttons = Калі ласка, выберыце адну з кнопак вышэй.
campaign-preview-refused = Telegram не прыняў паведамленне: { $error }. Нічога не адпраўлена; пачніце зноў з /campaign.
campaign-nobody-now = У гэтай аўдыторыі больш няма ніводнага чата. Нічога не адпраўлена.
campaign-stored = Захавана. Паведамленні пойдуць у прызначаны час з той хуткасцю, якую дазваляе Telegram.

# $left прыходзіць гатовым, у назоўным склоне: «1 хвіліна», «30 секунд».
campaign-progress-scheduled = <b>Кампанія { $id }</b> · { $audience }: будзе адпраўлена { $when } { $count ->
        [1] у адзін чат
        [one] у { $count } чат
        [few] у { $count } чаты
       *[many] у { $count } чатаў
    }.
campaign-progress-sending = <b>Кампанія { $id }</b> · { $audience }: адпраўлена — { $sent }, з памылкай — { $failed }, засталося — { $remaining }, да канца прыкладна { $left }.
campaign-progress-done = <b>Кампанія { $id }</b> завершана: адпраўлена — { $sent }, з памылкай — { $failed }.
campaign-progress-cancelled = <b>Кампанія { $id }</b> скасавана: адпраўлена — { $sent }, з памылкай — { $failed }, не адпраўлена — { $cancelled }.
campaign-button-stop = ✖ Скасаваць кампанію
campaign-stop-done = Скасавана. Паведамленні, якія яшчэ не адпраўленыя, не пойдуць.
campaign-stop-too-late = Гэтая кампанія ўжо завершылася.
