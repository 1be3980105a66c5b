## Штодзённае паведамленне, навіны і штотыднёвая акцыя (Telegram HTML).
## Тэксты пра чалавека атрымліваюць $gender (female, male, unknown), каб словы ўзгадняліся з родам.
## Імя ($name) заўсёды ў назоўным склоне, таму сказы будуюцца так, каб яго не трэба было скланяць.
## $date, $birthday і $post_by прыходзяць ужо гатовыя: «14 ліпеня», «13 снежня 2025 г.». Доўгая дата
## канчаецца на «г.», таму пасля яе кропку не ставім.

digest-title = 🕯 <b>Важныя дні · { $date }</b>

event-detention-anniversary = { $years ->
    [1] { $name }: сёння год з дня затрымання.
    [one] { $name }: сёння { $years } год з дня затрымання.
    [few] { $name }: сёння { $years } гады з дня затрымання.
   *[many] { $name }: сёння { $years } гадоў з дня затрымання.
    }
event-sentence-anniversary = { $years ->
    [1] { $name }: сёння год з дня прысуду.
    [one] { $name }: сёння { $years } год з дня прысуду.
    [few] { $name }: сёння { $years } гады з дня прысуду.
   *[many] { $name }: сёння { $years } гадоў з дня прысуду.
    }
event-days-milestone = { $days ->
    [one] { $name }: сёння { $days } дзень за кратамі.
    [few] { $name }: сёння { $days } дні за кратамі.
   *[many] { $name }: сёння { $days } дзён за кратамі.
    }
event-birthday-soon = { $age ->
    [one] { $name }: { $birthday } — дзень нараджэння, споўніцца { $age } год.
    [few] { $name }: { $birthday } — дзень нараджэння, споўніцца { $age } гады.
   *[many] { $name }: { $birthday } — дзень нараджэння, споўніцца { $age } гадоў.
    }
event-birthday = { $age ->
    [one] { $name }: сёння дзень нараджэння, споўніўся { $age } год.
    [few] { $name }: сёння дзень нараджэння, споўнілася { $age } гады.
   *[many] { $name }: сёння дзень нараджэння, споўнілася { $age } гадоў.
    }

# Адна канкрэтная справа пасля падзей чалавека.
action-card =
    📮 <b>Адпраўце паштоўку не пазней за { $post_by }</b>, каб яна паспела да дня нараджэння:
    { $address }
    Пішыце ад рукі, па-беларуску ці па-руску: некалькі цёплых радкоў пра звычайнае жыццё. Без палітыкі — цэнзура такія лісты не прапускае. Укажыце на канверце свой зваротны адрас.
action-letter =
    ✉️ <b>Напішыце ліст</b>: хопіць некалькіх цёплых радкоў. { $gender ->
        [female] Кожны ліст — знак, што { $name } не адна і пра яе памятаюць.
        [male] Кожны ліст — знак, што { $name } не адзін і пра яго памятаюць.
       *[other] З кожным лістом { $name } адчувае, што людзі памятаюць.
    }
    { $address }
action-share = 📣 <b>Падзяліцеся гісторыяй</b>: адкрыйце картку ніжэй і націсніце «Падзяліцца». Так { $name } застанецца ў памяці людзей.

digest-button-card = 📇 { $name }

week-title = 🗓 <b>На гэтым тыдні</b>
week-birthday = { $age ->
    [one] { $date }: дзень нараджэння — { $name }, споўніцца { $age } год. Паштоўку адпраўце не пазней за { $post_by }.
    [few] { $date }: дзень нараджэння — { $name }, споўніцца { $age } гады. Паштоўку адпраўце не пазней за { $post_by }.
   *[many] { $date }: дзень нараджэння — { $name }, споўніцца { $age } гадоў. Паштоўку адпраўце не пазней за { $post_by }.
    }
week-detention-anniversary = { $years ->
    [1] { $date }: { $name }, год з дня затрымання.
    [one] { $date }: { $name }, { $years } год з дня затрымання.
    [few] { $date }: { $name }, { $years } гады з дня затрымання.
   *[many] { $date }: { $name }, { $years } гадоў з дня затрымання.
    }
week-sentence-anniversary = { $years ->
    [1] { $date }: { $name }, год з дня прысуду.
    [one] { $date }: { $name }, { $years } год з дня прысуду.
    [few] { $date }: { $name }, { $years } гады з дня прысуду.
   *[many] { $date }: { $name }, { $years } гадоў з дня прысуду.
    }
week-days-milestone = { $days ->
    [one] { $date }: { $name }, { $days } дзень за кратамі.
    [few] { $date }: { $name }, { $days } дні за кратамі.
   *[many] { $date }: { $name }, { $days } дзён за кратамі.
    }
week-nothing = На гэтым тыдні ў тых, за кім вы сочыце, няма важных дат.
week-action = 💌 <b>Акцыя тыдня</b>: напішыце адзін ліст. Выберыце чалавека — хопіць некалькіх цёплых радкоў; усіх, за кім вы сочыце, паказвае /following.

news-released = { $gender ->
    [female] 🕊 <b>{ $name } на волі.</b> Вызваленая { $date }
    [male] 🕊 <b>{ $name } на волі.</b> Вызвалены { $date }
   *[other] 🕊 <b>{ $name } на волі.</b> Дата вызвалення: { $date }
    }
news-released-undated = 🕊 <b>{ $name } на волі.</b>
news-released-action = { $name } больш не атрымае лістоў на стары адрас. Падзяліцеся добрай навіной і напішыце таму, хто яшчэ за кратамі.
news-imprisoned = 🔒 <b>{ $name } зноў за кратамі</b> — з { $date }
news-imprisoned-undated = 🔒 <b>{ $name } зноў за кратамі.</b>
news-imprisoned-action = Першыя тыдні — самыя цяжкія, і ліст цяпер асабліва важны. У картцы відаць, ці атрымлівае { $name } лісты.
news-deceased = { $gender ->
    [female] 🕯 <b>{ $name } памерла</b> { $date }
    [male] 🕯 <b>{ $name } памёр</b> { $date }
   *[other] 🕯 <b>{ $name }: няма ў жывых.</b> Дата смерці: { $date }
    }
news-deceased-undated = { $gender ->
    [female] 🕯 <b>{ $name } памерла.</b>
    [male] 🕯 <b>{ $name } памёр.</b>
   *[other] 🕯 <b>{ $name }: няма ў жывых.</b>
    }
news-deceased-action = Мы памятаем. Падзяліцеся гісторыяй, каб яе не забылі.
news-changed = ⚖ <b>{ $name }: звесткі змяніліся.</b> У картцы — тое, што вядома цяпер.
news-changed-action = Адкрыйце картку, каб пабачыць падрабязнасці.

# An action an operator added (a petition, a donation, an event), in the operator's own words.
action-campaign = 🤝 <a href="{ $url }">{ $text }</a>
action-campaign-no-link = 🤝 { $text }
week-campaign = 🤝 Таксама на гэтым тыдні: <a href="{ $url }">{ $text }</a>
week-campaign-no-link = 🤝 Таксама на гэтым тыдні: { $text }
