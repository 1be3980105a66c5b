## Ежедневное сообщение, новости и еженедельная акция (Telegram HTML).
## Тексты о человеке получают $gender (female, male, unknown), чтобы слова согласовались с родом.
## Имя ($name) всегда в именительном падеже, поэтому фразы построены так, чтобы его не склонять.
## $date, $birthday и $post_by приходят уже готовыми: «14 июля», «13 декабря 2025 г.». Длинная дата
## кончается на «г.», поэтому точку после неё не ставим.

digest-title = 🕯 <b>Важные дни · { $date }</b>

event-detention-anniversary = { $years ->
    [1] { $name }: сегодня год со дня задержания.
    [one] { $name }: сегодня { $years } год со дня задержания.
    [few] { $name }: сегодня { $years } года со дня задержания.
   *[many] { $name }: сегодня { $years } лет со дня задержания.
    }
event-sentence-anniversary = { $years ->
    [1] { $name }: сегодня год со дня приговора.
    [one] { $name }: сегодня { $years } год со дня приговора.
    [few] { $name }: сегодня { $years } года со дня приговора.
   *[many] { $name }: сегодня { $years } лет со дня приговора.
    }
event-days-milestone = { $days ->
    [one] { $name }: сегодня { $days } день за решёткой.
    [few] { $name }: сегодня { $days } дня за решёткой.
   *[many] { $name }: сегодня { $days } дней за решёткой.
    }
event-birthday-soon = { $age ->
    [one] { $name }: { $birthday } — день рождения, исполнится { $age } год.
    [few] { $name }: { $birthday } — день рождения, исполнится { $age } года.
   *[many] { $name }: { $birthday } — день рождения, исполнится { $age } лет.
    }
event-birthday = { $age ->
    [one] { $name }: сегодня день рождения, исполнился { $age } год.
    [few] { $name }: сегодня день рождения, исполнилось { $age } года.
   *[many] { $name }: сегодня день рождения, исполнилось { $age } лет.
    }

# Одно конкретное дело после событий человека.
action-card =
    📮 <b>Отправьте открытку не позже { $post_by }</b>, чтобы она успела ко дню рождения:
    { $address }
    Пишите от руки, по-белорусски или по-русски: несколько тёплых строк о повседневной жизни. Без политики — цензура такие письма не пропускает. Укажите на конверте обратный адрес.
action-letter =
    ✉️ <b>Напишите письмо</b>: хватит нескольких тёплых строк. { $gender ->
        [female] Каждое письмо — знак, что { $name } не одна и её помнят.
        [male] Каждое письмо — знак, что { $name } не один и его помнят.
       *[other] С каждым письмом { $name } чувствует, что люди помнят.
    }
    { $address }
action-share = 📣 <b>Поделитесь историей</b>: откройте карточку ниже и нажмите «Поделиться». Так { $name } останется в памяти людей.

digest-button-card = 📇 { $name }

week-title = 🗓 <b>На этой неделе</b>
week-birthday = { $age ->
    [one] { $date }: день рождения — { $name }, исполнится { $age } год. Открытку отправьте не позже { $post_by }.
    [few] { $date }: день рождения — { $name }, исполнится { $age } года. Открытку отправьте не позже { $post_by }.
   *[many] { $date }: день рождения — { $name }, исполнится { $age } лет. Открытку отправьте не позже { $post_by }.
    }
week-detention-anniversary = { $years ->
    [1] { $date }: { $name }, год со дня задержания.
    [one] { $date }: { $name }, { $years } год со дня задержания.
    [few] { $date }: { $name }, { $years } года со дня задержания.
   *[many] { $date }: { $name }, { $years } лет со дня задержания.
    }
week-sentence-anniversary = { $years ->
    [1] { $date }: { $name }, год со дня приговора.
    [one] { $date }: { $name }, { $years } год со дня приговора.
    [few] { $date }: { $name }, { $years } года со дня приговора.
   *[many] { $date }: { $name }, { $years } лет со дня приговора.
    }
week-days-milestone = { $days ->
    [one] { $date }: { $name }, { $days } день за решёткой.
    [few] { $date }: { $name }, { $days } дня за решёткой.
   *[many] { $date }: { $name }, { $days } дней за решёткой.
    }
week-nothing = На этой неделе у тех, за кем вы следите, нет важных дат.
week-action = 💌 <b>Акция недели</b>: напишите одно письмо. Выберите человека — хватит нескольких тёплых строк; всех, за кем вы следите, показывает /following.

news-released = { $gender ->
    [female] 🕊 <b>{ $name } на свободе.</b> Освобождена { $date }
    [male] 🕊 <b>{ $name } на свободе.</b> Освобождён { $date }
   *[other] 🕊 <b>{ $name } на свободе.</b> Дата освобождения: { $date }
    }
news-released-undated = 🕊 <b>{ $name } на свободе.</b>
news-released-action = { $name } больше не получит писем на старый адрес. Поделитесь хорошей новостью и напишите тому, кто ещё за решёткой.
news-imprisoned = 🔒 <b>{ $name } снова за решёткой</b> — с { $date }
news-imprisoned-undated = 🔒 <b>{ $name } снова за решёткой.</b>
news-imprisoned-action = Первые недели — самые тяжёлые, и письмо сейчас особенно важно. В карточке видно, получает ли { $name } письма.
news-deceased = { $gender ->
    [female] 🕯 <b>{ $name } умерла</b> { $date }
    [male] 🕯 <b>{ $name } умер</b> { $date }
   *[other] 🕯 <b>{ $name }: нет в живых.</b> Дата смерти: { $date }
    }
news-deceased-undated = { $gender ->
    [female] 🕯 <b>{ $name } умерла.</b>
    [male] 🕯 <b>{ $name } умер.</b>
   *[other] 🕯 <b>{ $name }: нет в живых.</b>
    }
news-deceased-action = Мы помним. Поделитесь историей, чтобы её не забыли.
news-changed = ⚖ <b>{ $name }: сведения изменились.</b> В карточке — то, что известно сейчас.
news-changed-action = Откройте карточку, чтобы узнать подробности.

# An action an operator added (a petition, a donation, an event), in the operator's own words.
action-campaign = 🤝 <a href="{ $url }">{ $text }</a>
action-campaign-no-link = 🤝 { $text }
week-campaign = 🤝 Также на этой неделе: <a href="{ $url }">{ $text }</a>
week-campaign-no-link = 🤝 Также на этой неделе: { $text }
