## Консоль: чат с ботом в терминале, для операторов и тех, кто ведёт список.
## $time и $when приходят готовыми и начинаются с дня недели («среда 15 июля 2026, 10:00»),
## поэтому перед ними не ставим предлогов. Имена ($name, $chat) не склоняются.

console-welcome =
    Это { $bot } в вашем терминале, без Telegram: настоящий бот со своей базой данных ({ $database }).
    Пишите, как в Telegram: /start, имя, /help. Чтобы нажать кнопку, введите её номер; для инлайн-режима — «@ имя».
    Собственные команды консоли начинаются с двоеточия: :help покажет их список, :quit — выход.
console-help =
    Команды консоли:
      :user              список людей, которыми можно быть
      :user new [be|ru|en]   стать новым сторонником
      :user N            снова стать человеком N
      :admin             стать оператором (из ADMIN_IDS бота) — для /stats, /campaign и загрузки файлов
      :lang be|ru|en     сменить свой язык
      :group             перейти в групповой чат с ботом (кто первым его откроет, тот и администратор)
      :private           вернуться в личный чат
      :time 2026-07-14 10:00   перевести часы на это время и получить то, что тогда получили бы чаты
      :time 2026-07-14   то же самое, но во время уведомлений вашего чата
      :time now          вернуться к реальному времени
      :outbox            что стоит в очереди и что уже отправлено
      :upload PATH       отправить файл (от имени оператора — импортировать список)
      :reply ТЕКСТ       ответить текстом на последнее сообщение бота (например, черновиком письма на памятку, как написать)
      :quit              выйти
console-from-bot = — { $bot } —
console-from-bot-edited = — { $bot }, отредактировано —
console-to-chat = — { $bot } → { $chat } —
console-inline-posted = — вы, через { $bot } —
console-callback-answer = ({ $text })
console-callback-alert = [!] { $text }
console-document = 📎 { $name }, { $size }, сохранён как { $path }
console-opens-link = ↗ Telegram открыл бы { $url }
console-button-elsewhere = Эта кнопка работает только в приложении Telegram.
console-button-gone = Этого сообщения больше нет — и его кнопок тоже.
console-no-such-number = На экране нет кнопки { $number }; у последних показанных кнопок номера от 1 до { $last }.
console-inline-results =
    { $count ->
        [0] Инлайн-режим ничего не нашёл по запросу «{ $query }».
        [1] Один результат в инлайн-режиме; чтобы опубликовать его здесь, введите номер:
        [one] { $count } результат в инлайн-режиме; чтобы опубликовать один из них здесь, введите номер:
        [few] { $count } результата в инлайн-режиме; чтобы опубликовать один из них здесь, введите номер:
        [many] { $count } результатов в инлайн-режиме; чтобы опубликовать один из них здесь, введите номер:
       *[other] { $count } результата в инлайн-режиме; чтобы опубликовать один из них здесь, введите номер:
    }
console-unknown-command = В консоли нет команды { $command }. Список команд — :help.
console-supporter-name = Сторонник { $number }
console-operator-name = Оператор
console-operator-note = (из ADMIN_IDS бота)
console-person-line = { $number }. { $name } ({ $language }){ $current }
console-person-now = Вы — { $name }{ $admin }, язык: { $language }, чат: { $chat }.
console-private-chat = ваш личный чат с ботом
console-group-title = Группа солидарности
console-no-such-person = Человека под номером { $number } нет. Введите :user, чтобы увидеть всех, или :user new.
console-language-set = { $name }: теперь язык { $language }.
console-language-unknown = Бот говорит на языках { $languages }; «{ $language }» среди них нет.
console-time-now = Сейчас { $time } ({ $zone }).
console-time-back = Снова реальное время: { $time } ({ $zone }).
console-time-moved =
    Теперь на часах { $time } ({ $zone }). { $count ->
        [0] Нечего нового отправлять: у тех, на кого подписаны чаты, нет даты, ещё не пришло время сообщения или оно уже отправлено.
        [one] Пора отправить { $count } сообщение.
        [few] Пора отправить { $count } сообщения.
        [many] Пора отправить { $count } сообщений.
       *[other] Пора отправить { $count } сообщения.
    }
console-time-bad = Напишите время в виде YYYY-MM-DD HH:MM, или только дату, или now. Например: :time 2026-07-14 10:00
console-outbox-empty = Очередь отправки пуста: для чатов консоли пока ничего не было.
console-outbox-more = … более ранние не показаны: { $count }.
console-outbox-row =
    #{ $id } { $kind ->
        [digest] ежедневное сообщение за { $day }
        [news] новость
       *[campaign] кампания
    } → { $chat }: { $state ->
        [sent] отправлено — { $when }
        [pending] в очереди, отправка — { $when }
        [sending] отправляется
        [failed] не удалось, попыток — { $attempts } ({ $error })
       *[cancelled] отменено
    }
console-upload-usage = Укажите, какой файл отправить, например: :upload data/prisoners.csv
console-reply-usage = Напишите, что ответить, например: :reply Дорогой Игорь, у нас сегодня выпал снег.
console-reply-nothing = Бот ещё ничего не присылал в этот чат, поэтому отвечать не на что.
console-upload-missing = Нет файла { $path }.
console-upload-too-big = Файл { $path } больше 20 МБ: Telegram не даёт боту скачивать такие большие файлы.
console-bye = До свидания. Всё, что было в консоли, остаётся в { $database }; чтобы начать заново, запустите с --fresh.
console-command-failed = Не получилось ({ $error }); консоль работает дальше. Подробности — в журнале.
