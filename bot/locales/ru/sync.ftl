## Тексты для операторов об опубликованном списке, который отслеживает бот (Telegram HTML).

sync-never = никогда
sync-status-imprisoned = в заключении
sync-status-released = { $gender ->
        [female] освобождена
       *[other] освобождён
    }
sync-status-deceased = { $gender ->
        [female] умерла
       *[other] умер
    }
sync-status-persecuted = { $gender ->
        [female] преследуема
       *[other] преследуем
    }

sync-held-title = ⏸ <b>Новая версия списка ждёт вашего решения.</b>
sync-held-counts = В списке { $source } людей: { $records }. Новых — { $added }, изменено — { $changed }, к удалению — { $removed }, смен статуса — { $status }.
sync-hold-removals = Было бы удалено { $removed } из { $current }; если больше { $limit }%, бот ждёт вас.
sync-hold-status-changes = Изменился бы статус { $status ->
        [one] { $status } человека
       *[other] { $status } человек
    }; если больше { $limit }, бот ждёт вас.
sync-hold-shrink = Список сократился с { $previous } до { $records }; если больше чем на { $limit }%, бот ждёт вас.
sync-held-change = • { $name }: { $old } → { $new }
sync-held-question = Подписчики ничего не узнают, пока вы не решите. Примените, если изменения настоящие; отклоните, если список выглядит испорченным.
sync-button-apply = ✅ Применить
sync-button-discard = ✖ Отклонить
sync-applied-done = Применено: добавлено — { $added }, изменено — { $changed }, удалено — { $removed }, смен статуса — { $status }. Подписчикам отправляются сообщения.
sync-discarded-done = Отклонено. Данные остались как были, и этот же файл больше не будет предложен.
sync-held-expired = Эта версия уже не ждёт: её заменила более новая или уже решил другой оператор.

sync-failing = ⚠️ <b>Список { $source } не удалось прочитать { $failures ->
        [one] { $failures } раз
        [few] { $failures } раза
       *[many] { $failures } раз
    } подряд.</b> Последняя проблема: { $problem } Бот сохраняет данные, которые у него есть (на { $as_of }), и продолжает пробовать сам.
sync-problem-network = не удалось связаться с сервером.
sync-problem-timeout = сервер отвечал слишком долго.
sync-problem-http-status = сервер ответил ошибкой ({ $detail }).
sync-problem-too-large = файл больше, чем позволяет DATA_SOURCE_MAX_BYTES.
sync-problem-html = сервер прислал веб-страницу (вход, капчу или ошибку) вместо списка.
sync-problem-empty = сервер прислал пустой файл.
sync-problem-bad-url = адрес не разрешён (только https) или перенаправляет на неразрешённый.
sync-problem-format-unknown = файл в неизвестном боту формате; задайте DATA_SOURCE_FORMAT.
sync-problem-invalid = в файле ошибок: { $detail }; чтобы их увидеть, запустите «solidarity-bot sync --dry-run».
sync-problem-unknown = неизвестно.

sync-stale = ⏳ <b>Данным { $days ->
        [one] { $days } день
        [few] { $days } дня
       *[many] { $days } дней
    }</b> (последнее подтверждение { $as_of }). Людей освобождают и переводят каждую неделю, поэтому карточки и сообщения могут рассказывать уже устаревшее.
sync-stale-syncing = Опубликованный список с тех пор их не подтвердил; причину показывает /stats.
sync-stale-no-source = Задайте DATA_SOURCE_URL, чтобы бот отслеживал опубликованный список, или пришлите мне свежий файл.

admin-stats-source = Источник данных: { $source }, последнее подтверждение { $when }
admin-stats-source-failing = Источник данных: { $source }, неудач подряд — { $failures }; последняя проблема: { $problem }
admin-stats-no-source = Источник данных: нет (DATA_SOURCE_URL пуст)
admin-stats-data-fresh = Данные на { $as_of }
admin-stats-data-stale = ⏳ Данные на { $as_of }: { $days ->
        [one] { $days } день
        [few] { $days } дня
       *[many] { $days } дней
    }, устарели
admin-stats-held = ⏸ Новая версия списка ждёт вашего решения с { $when }.
