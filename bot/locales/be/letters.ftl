# /write: адзін чалавек, якому патрэбны ліст зараз. $name — імя чалавека.
write-suggestion-title = ✉️ <b>{ $name }</b>
write-suggestion-address = Адрас: { $address }
write-suggestion-no-address = Адрас пакуль невядомы: перш чым адпраўляць ліст, удакладніце яго ў праваабаронцаў, якія вядуць спіс (/about).
write-nobody-left = У гэтым месяцы вы ўжо напісалі ўсім, да каго лісты могуць дайсці. Дзякуй! Зазірніце праз некалькі тыдняў або адкрыйце картку па імені.

letters-button-how = ✍️ Як напісаць
letters-button-wrote = ✉️ Ліст напісаны
letters-button-another = ➡️ Іншы чалавек
letters-button-undo = Адмяніць

letters-wrote-thanks = Дзякуй за ліст! Адзначана: { $name }. Кожны ліст нагадвае чалавеку ў турме, што пра яго памятаюць.
letters-wrote-already = Вы ўжо адзначылі ліст у гэтым месяцы ({ $name }). Дзякуй!
letters-undone = Адменена: ваш ліст ({ $name }) больш не ўлічваецца.
letters-undo-nothing = Няма чаго адмяняць.

letter-guide-title = <b>{ $name }: як напісаць ліст</b>
letter-guide-rules =
    <b>Што прапускае цэнзура</b>
    • Пішыце па-беларуску ці па-руску, ад рукі або друкуйце, не больш за адзін аркуш.
    • Пішыце пра звычайнае: кнігі, надвор'е, свае навіны, і спытайце што-небудзь.
    • Не пішыце пра палітыку, справу, суды, санкцыі, не ўжывайце слоў «свабода» і «барацьба»: такія лісты затрымліваюць.
    • У лісце не павінна быць лацінкі, спасылак і эмодзі.
    • Не кладзіце ў канверт нічога, акрамя ліста: праз фота, выразкі і налепкі ліст выкідаюць.
letter-guide-in-ru = <b>Ліст па-руску</b> (словы ў [дужках] замяніце сваімі)
letter-guide-in-be = <b>Тое самае па-беларуску</b>
letter-guide-meaning = <b>Пра што ліст</b>
letter-skeleton =
    { $gender ->
        [female] Дарагая { $name }!
        [male] Дарагі { $name }!
       *[other] Добры дзень, { $name }!
    }

    Пішу Вам, каб сказаць, што пра Вас думаюць і памятаюць. У мяне ўсё добра: [некалькі слоў пра сябе, пра кнігу ці пра надвор'е].
    Як Вы? Што цяпер чытаеце?

    Жадаю Вам здароўя і сіл. Чакаю Вашага ліста.
    {"["}Ваша імя]
letter-guide-envelope = <b>Канверт</b> — так, як патрабуе пошта ў месцы зняволення:
letter-guide-no-address = Адрас пакуль невядомы: удакладніце яго ў праваабаронцаў, якія вядуць спіс (/about).
letter-guide-not-cyrillic = Пішыце на канверце ўсё кірыліцай.
letter-guide-reply = Адкажыце на гэтае паведамленне чарнавіком ліста, і я яго праверу. Я яго не захоўваю.

draft-ok = Нічога рызыкоўнага не знайшлося. Ліст можна адпраўляць. Дзякуй, што пішаце!
draft-found = <b>Праз што ліст могуць затрымаць</b>
draft-risky-words = • { $topic }: { $words }
draft-latin-script = • Лацінка: { $words }. Напішыце кірыліцай.
draft-link = • Спасылкі і адрасы: { $words }
draft-handle = • Імёны карыстальнікаў: { $words }
draft-emoji = • Эмодзі: намалюйце іх ад рукі або прыбярыце.
draft-empty = • Чарнавік пусты.
draft-too-long = • { $count } знакаў: больш за адзін аркуш (каля { $limit }). Астатняе дашліце другім лістом.
draft-topic-politics = палітыка
draft-topic-case = справа і суды
draft-topic-sanctions = санкцыі
draft-topic-freedom = «свабода»
draft-topic-struggle = «барацьба»
draft-topic-protest = пратэсты
draft-topic-regime = улада
draft-topic-elections = выбары
draft-topic-war = вайна
draft-topic-extremism = «экстрэмізм» і тэрор
draft-topic-banned-name = назвы забароненых арганізацый і СМІ
draft-topic-symbols = сімвалы і лозунгі
draft-suggestions = <b>Парады</b>
draft-suggest-everyday-topics = • Напішыце лепш пра звычайнае: кнігі, поры года, свае навіны.
draft-suggest-write-in-cyrillic = • Напішыце ўвесь ліст кірыліцай.
draft-suggest-shorten = • Змясціцеся на адным аркушы.
draft-suggest-ask-a-question = • Спытайце што-небудзь: так чалавеку будзе што адказаць.
draft-suggest-sign-first-name = • Падпішыцеся імем: гэтага дастаткова, і так бяспечней для вас.

admin-stats-fewest-letters = <b>Менш за ўсё лістоў у гэтым месяцы</b>
admin-stats-fewest-letters-entry = { $name }: { $count }
