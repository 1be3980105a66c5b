## Тексты для операторов (пользователей из ADMIN_IDS) в личном чате с ботом (Telegram HTML,
## кроме отчётов о загруженном файле: они — простой текст).

unknown-command = Я не знаю такой команды. Что я умею, показывает /help.

admin-stats-title = <b>Как работает бот</b>
admin-stats-chats = Чаты: активные — { $active }, неактивные — { $inactive } (личные — { $private }, группы — { $groups }, каналы — { $channels })
admin-stats-follows = Подписки: { $count }
admin-stats-digests-today = Сообщения за сегодня: отправлено — { $sent }, с ошибкой — { $failed }, ждут — { $pending }
admin-stats-queue = В очереди: { $count }
admin-stats-last-error = Последняя ошибка доставки: { $when }, { $error }
admin-stats-no-error = Последняя ошибка доставки: нет
admin-stats-planner = Планировщик последний раз работал: { $when }
admin-stats-planner-never = Планировщик последний раз работал: ещё ни разу
admin-stats-people = Люди в списке: { $total }, из них за решёткой — { $imprisoned }; сведения не подтверждались дольше { $days ->
        [one] { $days } дня
        [few] { $days } дней
       *[many] { $days } дней
    } — { $stale }
admin-stats-last-import = Последний импорт: { $when }, файл { $source } (добавлено — { $added }, изменено — { $changed })
admin-stats-no-import = Последний импорт: пока не было
admin-stats-audit = <b>Последние действия администраторов</b>
admin-stats-audit-entry = • { $when } · { $admin } · { $action } { $detail }

admin-actions-title = <b>Акции</b> ({ $count ->
        [one] { $count } активная
        [few] { $count } активные
       *[many] { $count } активных
    }):
admin-actions-item = { $id }. { $text } { $url } · для { $target } · { $language }
# Подставляется в admin-actions-item после «для», поэтому в родительном падеже.
admin-actions-for-everyone = всех, в еженедельном сообщении
admin-actions-button-retire = Убрать { $id }
admin-actions-retired-note = Убрано. В сообщениях этой акции больше не будет.
admin-actions-none-chat = Акций пока нет.

    { admin-actions-add-usage }
admin-actions-add-usage = Чтобы добавить акцию: <b>/addaction https://ссылка Слова, которые увидят люди</b>. Чтобы показывать её только вместе с датами одного человека, сначала напишите его id (как в ссылке на карточку, например <i>ales-bialiatski</i>); без id акция попадёт в еженедельное сообщение.
admin-actions-added-chat = Акция { $id } добавлена: { $text }

upload-too-big = Файл слишком большой: можно до { $limit } МБ. Ничего не импортировано.
upload-wrong-type = «{ $name }» — не файл CSV или JSON. Пришлите список в формате .csv или .json. Ничего не импортировано.
upload-unknown-format = Не могу понять, что за файл «{ $name }»: это ни канонический формат бота, ни экспорт из «Вясны». Ничего не импортировано.
upload-download-failed = Не удалось скачать файл из Telegram. Пожалуйста, пришлите его ещё раз через минуту.
upload-rejected = Ничего не импортировано. Исправьте строки, указанные выше, и пришлите файл ещё раз.
upload-nothing = Файл полностью совпадает с текущими данными: импортировать нечего.
upload-confirm = Импортировать эти изменения? Подписчики людей, у которых изменился статус, получат сообщение.
upload-button-confirm = ✅ Импортировать
upload-button-cancel = ✖ Отменить
upload-cancelled = Отменено. Ничего не импортировано.
upload-expired = Этот импорт устарел. Пожалуйста, пришлите файл ещё раз.
upload-done = { $status ->
    [0] Файл { $name } импортирован: добавлено — { $added }, изменено — { $changed }, смен статуса — { $status }.
   *[other] Файл { $name } импортирован: добавлено — { $added }, изменено — { $changed }, смен статуса — { $status }. Подписчикам этих людей уже отправляются сообщения.
    }
