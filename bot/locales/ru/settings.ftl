## Меню /settings (Telegram HTML). Тексты кнопок — простой текст.

settings-title = <b>Настройки этого чата</b>
settings-title-channel = <b>Настройки канала { $channel }</b>
settings-language = 🌐 Язык: { $language }
settings-timezone = 🕘 Часовой пояс: { $zone }
settings-time = ⏰ Время сообщений: { $time }
settings-kinds = 🔔 Я присылаю: { $kinds }
settings-kinds-none = ничего
settings-follows = { $count ->
    [0] 👥 Подписки: пока нет
    [one] 👥 Подписки: { $count } человек
    [few] 👥 Подписки: { $count } человека
   *[many] 👥 Подписки: { $count } человек
    }
settings-follows-everyone = { $count ->
    [0] 👥 Подписки: все политзаключённые
    [one] 👥 Подписки: все политзаключённые и ещё { $count } человек
    [few] 👥 Подписки: все политзаключённые и ещё { $count } человека
   *[many] 👥 Подписки: все политзаключённые и ещё { $count } человек
    }
settings-active = ▶️ Сообщения включены.
settings-paused = ⏸ <b>Сообщения приостановлены.</b> Я ничего не присылаю, пока вы их не возобновите.
settings-channel-note = /disconnect — остановить сообщения в этот канал.

kind-anniversaries = Годовщины задержания и приговора
kind-milestones = Круглые даты: 100, 500, 1000… дней за решёткой
kind-birthdays = Дни рождения, заранее — для открытки
kind-news = Новости об освобождениях и арестах
kind-weekly = Еженедельная акция солидарности

settings-button-language = 🌐 Язык
settings-button-timezone = 🕘 Часовой пояс
settings-button-time = ⏰ Время
settings-button-kinds = 🔔 Что присылать
settings-button-pause = ⏸ Приостановить все сообщения
settings-button-resume = ▶️ Возобновить сообщения
settings-button-done = ✓ Готово
settings-button-back = ‹ Назад
settings-button-timezone-other = ⌨️ Ввести другой…
settings-chosen = ✅ { $label }
settings-not-chosen = { $label }

settings-saved = Сохранено.
settings-expired = Это меню устарело. Пришлите /settings, чтобы открыть его снова.
button-expired = Эта кнопка больше не работает. Пожалуйста, отправьте команду ещё раз.
settings-timezone-ask = Напишите свой город, например <b>Минск</b> или <b>Варшава</b>, либо часовой пояс: <b>Europe/Warsaw</b>, <b>UTC+3</b>.
settings-timezone-unknown = Не знаю, какой часовой пояс у «{ $value }». Напишите, пожалуйста, крупный город рядом с вами, например <b>Варшава</b> или <b>Вильнюс</b>, название пояса вроде <b>Europe/Warsaw</b> или смещение вроде <b>UTC+3</b>.
settings-timezone-set = ✅ Часовой пояс: { $zone }.
settings-timezone-kept = Часовой пояс остаётся прежним.

language-hint = Я пока не говорю на языке вашего приложения, поэтому пишу по-русски. В /settings можно выбрать английский или белорусский.

# «Написать снова»: строка в ежедневном сообщении через несколько недель после «Я написал(а)».
settings-write-again = { $weeks ->
    [one] ✍️ Написать снова: напомню через { $weeks } неделю после письма
    [few] ✍️ Написать снова: напомню через { $weeks } недели после письма
   *[many] ✍️ Написать снова: напомню через { $weeks } недель после письма
    }
settings-write-again-off = ✍️ Написать снова: без напоминаний
settings-button-write-again = ✍️ Написать снова
settings-write-again-choice = { $weeks ->
    [one] { $weeks } неделя
    [few] { $weeks } недели
   *[many] { $weeks } недель
    }
settings-write-again-choice-off = Не напоминать
