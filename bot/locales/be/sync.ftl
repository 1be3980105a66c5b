## Тэксты для аператараў пра апублікаваны спіс, які адсочвае бот (Telegram HTML).

sync-never = ніколі
sync-status-imprisoned = за кратамі
sync-status-released = { $gender ->
        [female] вызваленая
       *[other] вызвалены
    }
sync-status-deceased = { $gender ->
        [female] памерла
       *[other] памёр
    }
sync-status-persecuted = { $gender ->
        [female] пераследаваная
       *[other] пераследаваны
    }

sync-held-title = ⏸ <b>Новая версія спісу чакае вашага рашэння.</b>
sync-held-counts = У спісе { $source } людзей: { $records }. Новых — { $added }, зменена — { $changed }, да выдалення — { $removed }, змен статусу — { $status }.
sync-hold-removals = Было б выдалена { $removed } з { $current }; калі больш за { $limit }%, бот чакае вас.
sync-hold-status-changes = Змяніўся б статус { $status ->
        [one] { $status } чалавека
       *[other] { $status } чалавек
    }; калі больш за { $limit }, бот чакае вас.
sync-hold-shrink = Спіс скараціўся з { $previous } да { $records }; калі больш чым на { $limit }%, бот чакае вас.
sync-held-change = • { $name }: { $old } → { $new }
sync-held-question = Падпісчыкі нічога не даведаюцца, пакуль вы не вырашыце. Прымяніце, калі змены сапраўдныя; адхіліце, калі спіс выглядае сапсаваным.
sync-button-apply = ✅ Прымяніць
sync-button-discard = ✖ Адхіліць
sync-applied-done = Прыменена: дададзена — { $added }, зменена — { $changed }, выдалена — { $removed }, змен статусу — { $status }. Падпісчыкам адпраўляюцца паведамленні.
sync-discarded-done = Адхілена. Даныя засталіся як былі, і гэты ж файл больш не будзе прапанаваны.
sync-held-expired = Гэтая версія ўжо не чакае: яе замяніла навейшая або ўжо вырашыў іншы аператар.

sync-failing = ⚠️ <b>Спіс { $source } не ўдалося прачытаць { $failures ->
        [one] { $failures } раз
        [few] { $failures } разы
       *[many] { $failures } разоў
    } запар.</b> Апошняя праблема: { $problem } Бот захоўвае даныя, якія мае (на { $as_of }), і спрабуе далей сам.
sync-problem-network = не ўдалося злучыцца з серверам.
sync-problem-timeout = сервер адказваў занадта доўга.
sync-problem-http-status = сервер адказаў памылкай ({ $detail }).
sync-problem-too-large = файл большы, чым дазваляе DATA_SOURCE_MAX_BYTES.
sync-problem-html = сервер прыслаў вэб-старонку (уваход, капчу або памылку) замест спісу.
sync-problem-empty = сервер прыслаў пусты файл.
sync-problem-bad-url = адрас не дазволены (толькі https) або перанакіроўвае на недазволены.
sync-problem-format-unknown = файл у невядомым боту фармаце; задайце DATA_SOURCE_FORMAT.
sync-problem-invalid = у файле памылак: { $detail }; каб іх убачыць, запусціце «solidarity-bot sync --dry-run».
sync-problem-unknown = невядома.

sync-stale = ⏳ <b>Даным { $days ->
        [one] { $days } дзень
        [few] { $days } дні
       *[many] { $days } дзён
    }</b> (апошні раз пацверджаны { $as_of }). Людзей вызваляюць і пераводзяць кожны тыдзень, таму карткі і паведамленні могуць ужо расказваць састарэлае.
sync-stale-syncing = Апублікаваны спіс з таго часу іх не пацвердзіў; прычыну паказвае /stats.
sync-stale-no-source = Задайце DATA_SOURCE_URL, каб бот адсочваў апублікаваны спіс, або дашліце мне свежы файл.

admin-stats-source = Крыніца даных: { $source }, апошняе пацверджанне { $when }
admin-stats-source-failing = Крыніца даных: { $source }, няўдач запар — { $failures }; апошняя праблема: { $problem }
admin-stats-no-source = Крыніца даных: няма (DATA_SOURCE_URL пусты)
admin-stats-data-fresh = Даныя на { $as_of }
admin-stats-data-stale = ⏳ Даныя на { $as_of }: { $days ->
        [one] { $days } дзень
        [few] { $days } дні
       *[many] { $days } дзён
    }, састарэлі
admin-stats-held = ⏸ Новая версія спісу чакае вашага рашэння з { $when }.
