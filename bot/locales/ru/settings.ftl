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

kind-anniversaries = годовщины задержания и приговора
kind-milestones = круглые числа дней за решёткой
kind-birthdays = дни рождения, заранее — для открытки
kind-news = новости об освобождениях и арестах
kind-weekly = еженедельная акция солидарности

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
settings-timezone-ask = Пришлите свой часовой пояс: город, например <b>Europe/Warsaw</b>, или смещение, например <b>UTC+3</b>.
settings-timezone-unknown = Я не знаю часового пояса «{ $value }». Пришлите, пожалуйста, название вроде <b>Europe/Warsaw</b> или <b>America/Chicago</b> либо смещение вроде <b>UTC+3</b>.
settings-timezone-set = ✅ Часовой пояс: { $zone }.

language-hint = Я пока не говорю на языке вашего приложения, поэтому пишу по-русски. В /settings можно выбрать английский или белорусский.
