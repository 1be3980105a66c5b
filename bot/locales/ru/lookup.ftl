## Поиск людей и их карточки (Telegram HTML).
## Карточки получают $gender (female, male, unknown), чтобы слова согласовались с родом.

lookup-none =
    По запросу «{ $query }» никого не нашлось.

    Попробуйте другое написание или только фамилию. Если знаете человека, который должен быть в списке, напишите, пожалуйста, правозащитникам, которые его ведут: кто они, рассказывает /about.
lookup-none-suggest =
    По запросу «{ $query }» никого не нашлось. Может быть, вы имели в виду кого-то из них?

    Если нет, попробуйте другое написание или только фамилию. Если знаете человека, который должен быть в списке, напишите, пожалуйста, правозащитникам, которые его ведут: кто они, рассказывает /about.
lookup-not-a-name = Пришлите мне имя человека, например <i>Мария Колесникова</i> или <i>Беляцкий</i>.
lookup-find-usage = Напишите имя после команды, например: /find Колесникова
lookup-several = { $count ->
    [one] Нашёлся { $count } человек, который может оказаться тем, кого вы ищете:
    [few] Нашлись { $count } человека — возможно, среди них тот, кого вы ищете:
   *[many] Нашлось { $count } человек — возможно, среди них тот, кого вы ищете:
    }
lookup-more = Ещё…
lookup-expired = Этот список устарел. Пожалуйста, пришлите имя ещё раз.
lookup-unknown-person = Не удалось найти этого человека: возможно, список изменился. Попробуйте поискать ещё раз.

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
    [few] { $count } года
   *[many] { $count } лет
    }
span-months = { $count ->
    [one] { $count } месяц
    [few] { $count } месяца
   *[many] { $count } месяцев
    }
span-days = { $count ->
    [one] { $count } день
    [few] { $count } дня
   *[many] { $count } дней
    }

card-status-imprisoned = 🔒 <b>В заключении</b> с { $since }
card-status-imprisoned-undated = 🔒 <b>В заключении</b>
card-status-released = { $gender ->
    [female] 🕊 <b>Освобождена</b> { $since }
    [male] 🕊 <b>Освобождён</b> { $since }
   *[other] 🕊 <b>На свободе</b> с { $since }
    }
card-status-released-undated = { $gender ->
    [female] 🕊 <b>Освобождена</b>
    [male] 🕊 <b>Освобождён</b>
   *[other] 🕊 <b>На свободе</b>
    }
card-status-deceased = { $gender ->
    [female] 🕯 <b>Умерла</b> { $since }
    [male] 🕯 <b>Умер</b> { $since }
   *[other] 🕯 <b>Дата смерти:</b> { $since }
    }
card-status-deceased-undated = { $gender ->
    [female] 🕯 <b>Умерла</b>
    [male] 🕯 <b>Умер</b>
   *[other] 🕯 <b>Нет в живых</b>
    }
card-status-persecuted = { $gender ->
    [female] ⚖ <b>Преследуется</b>, не признана политзаключённой
    [male] ⚖ <b>Преследуется</b>, не признан политзаключённым
   *[other] ⚖ <b>Под преследованием</b>; статус политзаключённого не признан
    }
# $span — это «4 года 5 месяцев» («0 месяцев», если меньше месяца); $days — «1 641 день».
card-inside-now = { $span } за решёткой ({ $days }).
card-inside-then = { $gender ->
    [female] Провела за решёткой { $span } ({ $days }).
    [male] Провёл за решёткой { $span } ({ $days }).
   *[other] Всего за решёткой: { $span } ({ $days }).
    }
card-detained = Дата задержания: { $date }
card-sentence = Приговор: { $sentence }
card-sentence-dated = Приговор: { $sentence } (вынесен { $date })
card-charges = Обвинение: { $charges }
card-facility = Место содержания: { $facility }
card-organization = Организация: { $organization }
card-letters-yes =
    ✉️ <b>{ $name } получает письма.</b>
    Адрес: { $address }
card-letters-yes-no-address = ✉️ <b>{ $name } получает письма.</b> Адрес пока неизвестен.
card-letters-no = Нет сведений, что письма от незнакомых людей доходят.
card-letters-unknown = Неизвестно, доходят ли письма.
# Человек в заключении, чей адрес давно не подтверждался: людей переводят из одной тюрьмы в другую.
# $date — день, когда сведения подтвердили в последний раз; $url — источник записи.
card-address-old = ✉️ <b>{ $name } получает письма</b>, но адрес мог измениться с { $date }, поэтому здесь мы его не показываем.
card-address-old-undated = ✉️ <b>{ $name } получает письма</b>, но адрес мог измениться с тех пор, как его подтвердили в последний раз, поэтому здесь мы его не показываем.
card-address-check = Пожалуйста, прежде чем писать, <a href="{ $url }">проверьте актуальный адрес в источнике</a>.
card-address-check-no-source = Пожалуйста, прежде чем писать, уточните актуальный адрес у правозащитников, которые ведут список: кто они, рассказывает /about.
card-source = <a href="{ $url }">Источник</a>
card-as-of = Данные на { $date }
card-as-of-stale = Данные на { $date }; возможно, они уже устарели.
card-unverified = Эти сведения пока не подтверждены источником.

card-button-share = Поделиться
card-button-write = Как написать
card-share-text = Политзаключённые Беларуси: { $name }. Пожалуйста, прочитайте и поддержите.

write-guide =
    <b>{ $name }: как написать письмо</b>
    1. Пишите от руки или печатайте, по-белорусски или по-русски; коротко, тепло и о повседневной жизни.
    2. Не пишите о политике, деле и тюрьме: цензура такие письма не пропускает.
    3. Укажите на конверте обратный адрес и наберитесь терпения: ответ может идти неделями.

    Адрес: { $address }
