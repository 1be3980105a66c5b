## /campaign: оператор (пользователь из ADMIN_IDS) отправляет одно сообщение во много чатов из
## личного чата с ботом. Telegram HTML. Значения в { $скобках } подставляет бот (уже экранированными).
## Названия тегов, примеры ввода (https://…, дата и время) и команды не переводим.

campaign-draft-restarted = У вас был открыт черновик кампании. Он удалён — начнём заново.
campaign-ask-text =
    <b>Новая кампания</b>, шаг 1 из 4: сообщение.

    Пришлите в ответ текст, который получат люди. Его можно оформить с помощью Telegram HTML: &lt;b&gt;, &lt;i&gt;, &lt;u&gt;, &lt;s&gt;, &lt;a href="https://…"&gt;, &lt;code&gt;, &lt;pre&gt;, &lt;blockquote&gt;, &lt;tg-spoiler&gt;. Вместо &lt; пишите &amp;lt;, вместо &amp; — &amp;amp;.
campaign-text-placeholder = Сообщение, которое получат люди
campaign-text-again = Пришлите в ответ исправленный текст.

# $detail — имя тега, атрибут, ссылка или знак из текста оператора.
campaign-html-unsupported-tag = Telegram не поддерживает тег &lt;{ $detail }&gt;. Используйте b, i, u, s, a, code, pre, blockquote или tg-spoiler.
campaign-html-unsupported-markup = Комментарии и другую разметку ({ $detail }…) в сообщении использовать нельзя.
campaign-html-bad-attribute = «{ $detail }» здесь нельзя. У тегов бывают только такие атрибуты: a href, span class="tg-spoiler", code class="language-…" (сразу внутри pre) и blockquote expandable.
campaign-html-bad-link = Ссылки могут вести только на адреса http://, https:// или tg://, а «{ $detail }» — нет.
campaign-html-unclosed-tag = Тег &lt;{ $detail }&gt; открыт, но не закрыт.
campaign-html-unexpected-end-tag = &lt;/{ $detail }&gt; закрывает тег, который не был открыт.
campaign-html-misnested-tag = Теги нужно закрывать в порядке, обратном открытию: сначала закройте &lt;{ $detail }&gt;.
campaign-html-unescaped = Знак «{ $detail }» вне тега нужно писать как { $escaped }.
campaign-html-bad-entity = Telegram не знает HTML-сущности «{ $detail }». Используйте &amp;lt; &amp;gt; &amp;amp; &amp;quot; или число, например &amp;#8364;.
campaign-html-empty = В сообщении нет текста.
# $detail — число, но приходит строкой, поэтому фраза построена без склонения по числу.
campaign-html-too-long = Без тегов длина сообщения — { $detail }, а Telegram допускает не больше 4096 символов.

campaign-ask-button =
    Шаг 2 из 4: кнопка со ссылкой под сообщением?

    Пришлите в ответ ссылку и текст кнопки, например <code>https://example.org Подписать петицию</code>, или нажмите «Без кнопки».
campaign-button-none = Без кнопки
campaign-button-invalid = Это не ссылка с текстом кнопки. Пришлите, например, так: <code>https://example.org Подписать петицию</code> — ссылка http(s), пробел и от 1 до 64 символов для кнопки.

campaign-ask-audience = Шаг 3 из 4: кому отправить?
campaign-audience-all = Все активные чаты
campaign-audience-followers = Подписчики одного человека
campaign-audience-language = Чаты на одном языке
campaign-ask-person = Чьим подписчикам отправить? Пришлите в ответ имя человека.
campaign-person-placeholder = Имя в любом написании
campaign-person-none = По запросу «{ $query }» никого не нашлось. Пришлите в ответ другое написание.
campaign-person-pick = Подходят несколько человек. Чьим подписчикам отправить?
campaign-ask-language = Чатам на каком языке отправить?

campaign-ask-time = Шаг 4 из 4: когда? Нажмите «Сейчас» или пришлите в ответ дату и время, например <code>{ $example }</code> (часовой пояс { $zone }).
campaign-time-now = Сейчас
campaign-time-invalid = Не могу разобрать «{ $value }» как дату и время. Напишите, например, так: <code>{ $example }</code>.
campaign-time-past = Время { $value } ({ $zone }) уже прошло. Выберите время в будущем.

# Подставляются после «Кому:» в сводке и после «·» в сообщении о ходе отправки, поэтому
# в именительном падеже. Имя ($name) и язык ($language, его собственное название: «English»)
# не склоняются.
campaign-audience-all-label = все активные чаты
campaign-audience-followers-label = подписчики ({ $name })
campaign-audience-language-label = чаты на языке «{ $language }»
campaign-when-now = сейчас
campaign-when-at = { $time } ({ $zone })

campaign-summary =
    ⬆️ Вот сообщение точно в том виде, в каком его получат люди.

    <b>Кому:</b> { $audience }
    <b>Чаты:</b> { $count }
    <b>Когда:</b> { $when }

    Отправить?
campaign-summary-nobody =
    ⬆️ Вот сообщение точно в том виде, в каком его получат люди.

    <b>Кому:</b> { $audience }
    Сейчас в этой аудитории нет ни одного чата, поэтому отправлять некому. Начните заново с /campaign.
campaign-button-send = ✅ Отправить
campaign-button-cancel = ✖ Отменить
campaign-draft-cancelled = Отменено. Ничего не отправлено.
campaign-timed-out = Черновик кампании слишком долго ждал ответа и закрыт. Ничего не отправлено; начните заново с /campaign.
campaign-expired = Это относится к прошлому шагу или черновику. Используйте последнее сообщение или начните заново с /campaign.
campaign-use-buttons = Пожалуйста, выберите одну из кнопок выше.
campaign-preview-refused = Telegram не принял сообщение: { $error }. Ничего не отправлено; начните заново с /campaign.
campaign-nobody-now = В этой аудитории больше нет ни одного чата. Ничего не отправлено.
campaign-stored = Сохранено. Сообщения уйдут в назначенное время с той скоростью, какую позволяет Telegram.

# $left приходит готовым, в именительном падеже: «1 минута», «30 секунд».
campaign-progress-scheduled = <b>Кампания { $id }</b> · { $audience }: будет отправлена { $when } { $count ->
        [1] в один чат
        [one] в { $count } чат
        [few] в { $count } чата
       *[many] в { $count } чатов
    }.
campaign-progress-sending = <b>Кампания { $id }</b> · { $audience }: отправлено — { $sent }, с ошибкой — { $failed }, осталось — { $remaining }, до конца примерно { $left }.
campaign-progress-done = <b>Кампания { $id }</b> завершена: отправлено — { $sent }, с ошибкой — { $failed }.
campaign-progress-cancelled = <b>Кампания { $id }</b> отменена: отправлено — { $sent }, с ошибкой — { $failed }, не отправлено — { $cancelled }.
campaign-button-stop = ✖ Отменить кампанию
campaign-stop-done = Отменено. Сообщения, которые ещё не отправлены, не уйдут.
campaign-stop-too-late = Эта кампания уже завершилась.
