## Кансоль: чат з ботам у тэрмінале, для аператараў і тых, хто вядзе спіс.
## $time і $when прыходзяць гатовымі і пачынаюцца з дня тыдня («серада 15 ліпеня 2026, 10:00»),
## таму перад імі не ставім прыназоўнікаў. Імёны ($name, $chat) не скланяюцца.

console-welcome =
    Гэта { $bot } у вашым тэрмінале, без Telegram: сапраўдны бот на ўласнай базе даных ({ $database }).
    Пішыце, як у Telegram: /start, імя, /help. Каб націснуць кнопку, увядзіце яе нумар; для інлайн-рэжыму — «@ імя».
    Уласныя каманды кансолі пачынаюцца з двукроп’я: :help пакажа іх спіс, :quit — выхад.
console-help =
    Каманды кансолі:
      :user              спіс людзей, якімі можна быць
      :user new [be|ru|en]   стаць новым прыхільнікам
      :user N            зноў стаць чалавекам N
      :admin             стаць аператарам (з ADMIN_IDS бота) — для /stats, /campaign і загрузкі файлаў
      :lang be|ru|en     змяніць сваю мову
      :group             перайсці ў групавы чат з ботам (хто адкрые яго першым, той і адміністратар)
      :private           вярнуцца ў асабісты чат
      :time 2026-07-14 10:00   перавесці гадзіннік на гэты час і атрымаць тое, што тады атрымалі б чаты
      :time 2026-07-14   тое самае, але ў час апавяшчэнняў вашага чата
      :time now          вярнуцца да рэальнага часу
      :outbox            што стаіць у чарзе і што ўжо адпраўлена
      :upload PATH       даслаць файл (ад імя аператара — імпартаваць спіс)
      :reply ТЭКСТ       адказаць тэкстам на апошняе паведамленне бота (напрыклад, чарнавіком ліста на памятку, як напісаць)
      :quit              выйсці
console-from-bot = — { $bot } —
console-from-bot-edited = — { $bot }, адрэдагавана —
console-to-chat = — { $bot } → { $chat } —
console-inline-posted = — вы, праз { $bot } —
console-callback-answer = ({ $text })
console-callback-alert = [!] { $text }
console-document = 📎 { $name }, { $size }, захаваны як { $path }
console-opens-link = ↗ Telegram адкрыў бы { $url }
console-button-elsewhere = Гэтая кнопка працуе толькі ў праграме Telegram.
console-button-gone = Гэтага паведамлення больш няма — і яго кнопак таксама.
console-no-such-number = На экране няма кнопкі { $number }; у апошніх паказаных кнопак нумары ад 1 да { $last }.
console-inline-results =
    { $count ->
        [0] Інлайн-рэжым нічога не знайшоў па запыце «{ $query }».
        [1] Адзін вынік у інлайн-рэжыме; каб апублікаваць яго тут, увядзіце нумар:
        [one] { $count } вынік у інлайн-рэжыме; каб апублікаваць адзін з іх тут, увядзіце нумар:
        [few] { $count } вынікі ў інлайн-рэжыме; каб апублікаваць адзін з іх тут, увядзіце нумар:
        [many] { $count } вынікаў у інлайн-рэжыме; каб апублікаваць адзін з іх тут, увядзіце нумар:
       *[other] { $count } выніку ў інлайн-рэжыме; каб апублікаваць адзін з іх тут, увядзіце нумар:
    }
console-unknown-command = У кансолі няма каманды { $command }. Спіс каманд — :help.
console-supporter-name = Прыхільнік { $number }
console-operator-name = Аператар
console-operator-note = (з ADMIN_IDS бота)
console-person-line = { $number }. { $name } ({ $language }){ $current }
console-person-now = Вы — { $name }{ $admin }, мова: { $language }, чат: { $chat }.
console-private-chat = ваш асабісты чат з ботам
console-group-title = Група салідарнасці
console-no-such-person = Чалавека пад нумарам { $number } няма. Увядзіце :user, каб пабачыць усіх, або :user new.
console-language-set = { $name }: цяпер мова { $language }.
console-language-unknown = Бот размаўляе на мовах { $languages }; «{ $language }» сярод іх няма.
console-time-now = Цяпер { $time } ({ $zone }).
console-time-back = Зноў рэальны час: { $time } ({ $zone }).
console-time-moved =
    Цяпер на гадзінніку { $time } ({ $zone }). { $count ->
        [0] Няма чаго новага адпраўляць: у тых, на каго падпісаныя чаты, няма даты, яшчэ не надышоў час паведамлення або яно ўжо адпраўлена.
        [one] Час адправіць { $count } паведамленне.
        [few] Час адправіць { $count } паведамленні.
        [many] Час адправіць { $count } паведамленняў.
       *[other] Час адправіць { $count } паведамлення.
    }
console-time-bad = Напішыце час у выглядзе YYYY-MM-DD HH:MM, або толькі дату, або now. Напрыклад: :time 2026-07-14 10:00
console-outbox-empty = Чарга адпраўкі пустая: для чатаў кансолі пакуль нічога не было.
console-outbox-more = … ранейшыя не паказаныя: { $count }.
console-outbox-row =
    #{ $id } { $kind ->
        [digest] штодзённае паведамленне за { $day }
        [news] навіна
       *[campaign] кампанія
    } → { $chat }: { $state ->
        [sent] адпраўлена — { $when }
        [pending] у чарзе, адпраўка — { $when }
        [sending] адпраўляецца
        [failed] не атрымалася, спроб — { $attempts } ({ $error })
       *[cancelled] скасавана
    }
console-upload-usage = Пакажыце, які файл даслаць, напрыклад: :upload data/prisoners.csv
console-reply-usage = Напішыце, што адказаць, напрыклад: :reply Дарагі Ігар, у нас сёння выпаў снег.
console-reply-nothing = Бот яшчэ нічога не дасылаў у гэты чат, таму адказваць няма на што.
console-upload-missing = Няма файла { $path }.
console-upload-too-big = Файл { $path } большы за 20 МБ: Telegram не дае боту спампоўваць такія вялікія файлы.
console-bye = Да пабачэння. Усё, што было ў кансолі, застаецца ў { $database }; каб пачаць нанова, запусціце з --fresh.
console-command-failed = Не атрымалася ({ $error }); кансоль працуе далей. Падрабязнасці — у журнале.
