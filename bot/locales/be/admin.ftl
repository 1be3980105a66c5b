## Тэксты для аператараў (карыстальнікаў з ADMIN_IDS) у асабістым чаце з ботам (Telegram HTML,
## акрамя справаздач пра загружаны файл: яны — звычайны тэкст).

unknown-command = Я не ведаю такой каманды. Што я ўмею, паказвае /help.

admin-stats-title = <b>Як працуе бот</b>
admin-stats-chats = Чаты: актыўныя — { $active }, неактыўныя — { $inactive } (асабістыя — { $private }, групы — { $groups }, каналы — { $channels })
admin-stats-follows = Падпіскі: { $count }
admin-stats-digests-today = Паведамленні за сёння: адпраўлена — { $sent }, з памылкай — { $failed }, чакаюць — { $pending }
admin-stats-queue = У чарзе: { $count }
admin-stats-last-error = Апошняя памылка дастаўкі: { $when }, { $error }
admin-stats-no-error = Апошняя памылка дастаўкі: няма
admin-stats-planner = Планавальнік апошні раз працаваў: { $when }
admin-stats-planner-never = Планавальнік апошні раз працаваў: яшчэ ні разу
admin-stats-people = Людзі ў спісе: { $total }, з іх за кратамі — { $imprisoned }; звесткі не пацвярджаліся больш за { $days ->
        [one] { $days } дзень
        [few] { $days } дні
       *[many] { $days } дзён
    } — { $stale }
admin-stats-last-import = Апошні імпарт: { $when }, файл { $source } (дададзена — { $added }, зменена — { $changed })
admin-stats-no-import = Апошні імпарт: пакуль не было
admin-stats-audit = <b>Апошнія дзеянні адміністратараў</b>
admin-stats-audit-entry = • { $when } · { $admin } · { $action } { $detail }

admin-actions-title = <b>Акцыі</b> ({ $count ->
        [one] { $count } актыўная
        [few] { $count } актыўныя
       *[many] { $count } актыўных
    }):
admin-actions-item = { $id }. { $text } { $url } · для { $target } · { $language }
# Падстаўляецца ў admin-actions-item пасля «для», таму ў родным склоне (і «ў» пасля галоснай).
admin-actions-for-everyone = ўсіх, у штотыднёвым паведамленні
admin-actions-button-retire = Прыбраць { $id }
admin-actions-retired-note = Прыбрана. У паведамленнях гэтай акцыі больш не будзе.
admin-actions-none-chat = Акцый пакуль няма.

    { admin-actions-add-usage }
admin-actions-add-usage = Каб дадаць акцыю: <b>/addaction https://спасылка Словы, якія ўбачаць людзі</b>. Каб паказваць яе толькі разам з датамі аднаго чалавека, спачатку напішыце ягоны id (як у спасылцы на картку, напрыклад <i>ales-bialiatski</i>); без id акцыя трапіць у штотыднёвае паведамленне.
admin-actions-added-chat = Акцыя { $id } дададзена: { $text }

upload-too-big = Файл завялікі: можна да { $limit } МБ. Нічога не імпартавана.
upload-wrong-type = «{ $name }» — не файл CSV ці JSON. Дашліце спіс у фармаце .csv або .json. Нічога не імпартавана.
upload-unknown-format = Не магу зразумець, што за файл «{ $name }»: гэта ні кананічны фармат бота, ні экспарт з «Вясны». Нічога не імпартавана.
upload-download-failed = Не атрымалася спампаваць файл з Telegram. Дашліце яго, калі ласка, яшчэ раз праз хвіліну.
upload-rejected = Нічога не імпартавана. Выпраўце радкі, названыя вышэй, і дашліце файл яшчэ раз.
upload-nothing = Файл цалкам супадае з цяперашнімі звесткамі: імпартаваць няма чаго.
upload-confirm = Імпартаваць гэтыя змены? Падпісчыкі людзей, у якіх змяніўся статус, атрымаюць паведамленне.
upload-button-confirm = ✅ Імпартаваць
upload-button-cancel = ✖ Скасаваць
upload-cancelled = Скасавана. Нічога не імпартавана.
upload-expired = Гэты імпарт ужо састарэў. Дашліце, калі ласка, файл яшчэ раз.
upload-done = { $status ->
    [0] Файл { $name } імпартаваны: дададзена — { $added }, зменена — { $changed }, змен статусу — { $status }.
   *[other] Файл { $name } імпартаваны: дададзена — { $added }, зменена — { $changed }, змен статусу — { $status }. Падпісчыкам гэтых людзей ужо адпраўляюцца паведамленні.
    }
