## Пошук людзей і іх карткі (Telegram HTML).
## Карткі атрымліваюць $gender (female, male, unknown), каб словы ўзгадняліся з родам.

lookup-none =
    Па запыце «{ $query }» нікога не знайшлося.

    Паспрабуйце іншае напісанне або толькі прозвішча. Калі ведаеце чалавека, які павінен быць у спісе, напішыце, калі ласка, праваабаронцам, якія вядуць спіс (хто яны — у /about).
lookup-none-suggest =
    Па запыце «{ $query }» нікога не знайшлося. Магчыма, вы мелі на ўвазе каго-небудзь з гэтых людзей?

    Калі не, паспрабуйце іншае напісанне або толькі прозвішча. Калі ведаеце чалавека, які павінен быць у спісе, напішыце, калі ласка, праваабаронцам, якія вядуць спіс (хто яны — у /about).
lookup-not-a-name = Дашліце мне імя чалавека, напрыклад <i>Марыя Калеснікава</i> або <i>Бяляцкі</i>.
lookup-find-usage = Напішыце імя пасля каманды, напрыклад: /find Калеснікава
lookup-several = { $count ->
    [1] Знайшоўся адзін чалавек, які можа быць тым, каго вы шукаеце:
    [one] Знайшоўся { $count } чалавек — магчыма, сярод іх той, каго вы шукаеце:
    [few] Знайшліся { $count } чалавекі — магчыма, сярод іх той, каго вы шукаеце:
   *[many] Знайшлося { $count } чалавек — магчыма, сярод іх той, каго вы шукаеце:
    }
lookup-more = Яшчэ…
lookup-expired = Гэты спіс ужо састарэў. Дашліце імя яшчэ раз, калі ласка.
lookup-unknown-person = Не атрымалася знайсці гэтага чалавека: магчыма, спіс змяніўся. Паспрабуйце пашукаць яшчэ раз.

list-button = { $name } · { $mark } { $year }
list-button-no-year = { $name } · { $mark }
status-mark = { $status ->
    [imprisoned] 🔒
    [released] 🕊
    [deceased] 🕯
   *[other] ⚖
    }

span-years = { $count ->
    [one] { $count } год
    [few] { $count } гады
   *[many] { $count } гадоў
    }
span-months = { $count ->
    [one] { $count } месяц
    [few] { $count } месяцы
   *[many] { $count } месяцаў
    }
span-days = { $count ->
    [one] { $count } дзень
    [few] { $count } дні
   *[many] { $count } дзён
    }

card-status-imprisoned = 🔒 <b>За кратамі</b> з { $since }
card-status-imprisoned-undated = 🔒 <b>За кратамі</b>
card-status-released = { $gender ->
    [female] 🕊 <b>Вызваленая</b> { $since }
    [male] 🕊 <b>Вызвалены</b> { $since }
   *[other] 🕊 <b>На волі</b> з { $since }
    }
card-status-released-undated = { $gender ->
    [female] 🕊 <b>Вызваленая</b>
    [male] 🕊 <b>Вызвалены</b>
   *[other] 🕊 <b>На волі</b>
    }
card-status-deceased = { $gender ->
    [female] 🕯 <b>Памерла</b> { $since }
    [male] 🕯 <b>Памёр</b> { $since }
   *[other] 🕯 <b>Дата смерці:</b> { $since }
    }
card-status-deceased-undated = { $gender ->
    [female] 🕯 <b>Памерла</b>
    [male] 🕯 <b>Памёр</b>
   *[other] 🕯 <b>Няма ў жывых</b>
    }
card-status-persecuted = { $gender ->
    [female] ⚖ <b>Пераследуецца</b>, не прызнаная палітвязнем
    [male] ⚖ <b>Пераследуецца</b>, не прызнаны палітвязнем
   *[other] ⚖ <b>Пад пераследам</b>; статус палітвязня не прызнаны
    }
# $span — гэта «4 гады 5 месяцаў» («0 месяцаў», калі менш за месяц); $days — «1641 дзень».
card-inside-now = { $span } за кратамі ({ $days }).
card-inside-then = { $gender ->
    [female] Правяла за кратамі { $span } ({ $days }).
    [male] Правёў за кратамі { $span } ({ $days }).
   *[other] Усяго за кратамі: { $span } ({ $days }).
    }
card-detained = Дата затрымання: { $date }
card-sentence = Прысуд: { $sentence }
card-sentence-dated = Прысуд: { $sentence } (вынесены { $date })
card-charges = Абвінавачванне: { $charges }
card-facility = Месца ўтрымання: { $facility }
card-organization = Арганізацыя: { $organization }
card-letters-yes =
    ✉️ <b>{ $name } атрымлівае лісты.</b>
    Адрас: { $address }
card-letters-yes-no-address = ✉️ <b>{ $name } атрымлівае лісты.</b> Адрас пакуль невядомы.
card-letters-no = Няма звестак, што лісты ад незнаёмых людзей даходзяць.
card-letters-unknown = Невядома, ці даходзяць лісты.
# Чалавек за кратамі, чый адрас даўно не пацвярджаўся: людзей пераводзяць з адной турмы ў іншую.
# $date — дзень, калі звесткі пацвердзілі апошні раз; $url — крыніца запісу.
card-address-old = ✉️ <b>{ $name } атрымлівае лісты</b>, але адрас мог змяніцца з { $date }, таму тут мы яго не паказваем.
card-address-old-undated = ✉️ <b>{ $name } атрымлівае лісты</b>, але адрас мог змяніцца з таго часу, як яго пацвердзілі апошні раз, таму тут мы яго не паказваем.
card-address-check = Калі ласка, перш чым пісаць, <a href="{ $url }">праверце цяперашні адрас у крыніцы</a>.
card-address-check-no-source = Калі ласка, перш чым пісаць, удакладніце цяперашні адрас у праваабаронцаў, якія вядуць спіс (хто яны — у /about).
card-source = <a href="{ $url }">Крыніца</a>
card-as-of = Звесткі на { $date }
card-as-of-stale = Звесткі на { $date }; магчыма, яны ўжо састарэлі.
card-unverified = Гэтыя звесткі яшчэ не пацверджаныя крыніцай.

card-button-share = Падзяліцца
card-button-write = Як напісаць
card-share-text = Палітвязні Беларусі: { $name }. Прачытайце, калі ласка, і падтрымайце.

write-guide =
    <b>{ $name }: як напісаць ліст</b>
    1. Пішыце ад рукі або друкуйце, па-беларуску ці па-руску; коратка, цёпла і пра звычайнае жыццё.
    2. Не пішыце пра палітыку, справу і турму: цэнзура такія лісты не прапускае.
    3. Укажыце на канверце свой зваротны адрас і будзьце цярплівыя: адказ можа ісці тыднямі.

    Адрас: { $address }
