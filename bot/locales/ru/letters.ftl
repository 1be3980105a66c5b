# /write: один человек, которому нужно письмо сейчас. $name — имя человека.
write-suggestion-title = ✉️ <b>{ $name }</b>
write-suggestion-address = Адрес: { $address }
write-suggestion-no-address = Адрес пока неизвестен: прежде чем отправлять письмо, уточните его у правозащитников, которые ведут список (/about).
write-nobody-left = В этом месяце вы уже написали всем, до кого письма могут дойти. Спасибо! Загляните через несколько недель или откройте карточку по имени.

letters-button-how = ✍️ Как написать
letters-button-wrote = ✉️ Письмо написано
letters-button-another = ➡️ Другой человек
letters-button-undo = Отменить

letters-wrote-thanks = Спасибо за письмо! Отмечено: { $name }. Каждое письмо напоминает человеку в тюрьме, что о нём помнят.
letters-wrote-already = Вы уже отметили письмо в этом месяце ({ $name }). Спасибо!
letters-undone = Отменено: ваше письмо ({ $name }) больше не учитывается.
letters-undo-nothing = Отменять нечего.

letter-guide-title = <b>{ $name }: как написать письмо</b>
letter-guide-rules =
    <b>Что пропускает цензура</b>
    • Пишите по-русски или по-белорусски, от руки или печатайте, не больше одного листа.
    • Пишите о повседневном: книги, погода, ваши новости, и задайте вопрос.
    • Не пишите о политике, деле, судах, санкциях, не используйте слова «свобода» и «борьба»: такие письма задерживают.
    • В письме не должно быть латиницы, ссылок и эмодзи.
    • Не кладите в конверт ничего, кроме письма: из-за фото, вырезок и наклеек письмо выбрасывают.
letter-guide-in-ru = <b>Письмо по-русски</b> (слова в [скобках] замените своими)
letter-guide-in-be = <b>То же по-белорусски</b>
letter-guide-meaning = <b>О чём письмо</b>
letter-skeleton =
    { $gender ->
        [female] Дорогая { $name }!
        [male] Дорогой { $name }!
       *[other] Здравствуйте, { $name }!
    }

    Пишу Вам, чтобы сказать: о Вас думают и помнят. У меня всё хорошо: [пара слов о себе, о книге или о погоде].
    Как Вы? Что сейчас читаете?

    Желаю Вам здоровья и сил. Жду Вашего письма.
    {"["}Ваше имя]
letter-guide-envelope = <b>Конверт</b> — так, как требует почта в месте заключения:
letter-guide-no-address = Адрес пока неизвестен: уточните его у правозащитников, которые ведут список (/about).
letter-guide-not-cyrillic = Пишите на конверте всё кириллицей.
letter-guide-reply = Ответьте на это сообщение черновиком письма, и я его проверю. Я его не сохраняю.

draft-ok = Ничего рискованного не нашлось. Письмо можно отправлять. Спасибо, что пишете!
draft-found = <b>Из-за чего письмо могут задержать</b>
draft-risky-words = • { $topic }: { $words }
draft-latin-script = • Латиница: { $words }. Напишите кириллицей.
draft-link = • Ссылки и адреса: { $words }
draft-handle = • Имена пользователей: { $words }
draft-emoji = • Эмодзи: нарисуйте их от руки или уберите.
draft-empty = • Черновик пуст.
draft-too-long = • { $count } знаков: больше одного листа (около { $limit }). Остальное отправьте вторым письмом.
draft-topic-politics = политика
draft-topic-case = дело и суды
draft-topic-sanctions = санкции
draft-topic-freedom = «свобода»
draft-topic-struggle = «борьба»
draft-topic-protest = протесты
draft-topic-regime = власть
draft-topic-elections = выборы
draft-topic-war = война
draft-topic-extremism = «экстремизм» и террор
draft-topic-banned-name = названия запрещённых организаций и СМИ
draft-topic-symbols = символы и лозунги
draft-suggestions = <b>Советы</b>
draft-suggest-everyday-topics = • Лучше напишите о повседневном: книги, времена года, ваши новости.
draft-suggest-write-in-cyrillic = • Напишите всё письмо кириллицей.
draft-suggest-shorten = • Уложитесь в один лист.
draft-suggest-ask-a-question = • Задайте вопрос: так человеку будет что ответить.
draft-suggest-sign-first-name = • Подпишитесь именем: этого достаточно, и так безопаснее для вас.

admin-stats-fewest-letters = <b>Меньше всего писем в этом месяце</b>
admin-stats-fewest-letters-entry = { $name }: { $count }
