## Імпарт звестак пра палітвязняў: што прачытана, што не так і што зменіцца.
## Нумары радкоў і пазіцыі байтаў прыходзяць як тэкст; колькасці — як лікі.
## Справаздачу чытаюць у чаце як звычайны тэкст (без разметкі) і ў тэрмінале.

import-read =
    { $source }: { $count ->
        [1] прачытаны адзін запіс
        [one] прачытаны { $count } запіс
        [few] прачытана { $count } запісы
       *[many] прачытана { $count } запісаў
    }, без памылак — { $valid }.

import-skipped-not-recognised =
    { $count ->
        [1] Адзін запіс прапушчаны: «Вясна» не прызнае гэтага чалавека палітвязнем (статус np).
        [one] Прапушчаны { $count } запіс: «Вясна» не прызнае гэтых людзей палітвязнямі (статус np).
        [few] Прапушчана { $count } запісы: «Вясна» не прызнае гэтых людзей палітвязнямі (статус np).
       *[many] Прапушчана { $count } запісаў: «Вясна» не прызнае гэтых людзей палітвязнямі (статус np).
    }

## Памылкі. У кожным паведамленні ёсць радок (і слупок), каб файл можна было выправіць у любым рэдактары.

import-errors =
    { $count ->
        [1] У файле знайшлася адна памылка:
        [one] У файле знайшлася { $count } памылка:
        [few] У файле знайшліся { $count } памылкі:
       *[many] У файле знайшлося { $count } памылак:
    }
import-errors-more =
    { $count ->
        [1] …і яшчэ адна памылка.
        [one] …і яшчэ { $count } памылка.
        [few] …і яшчэ { $count } памылкі.
       *[many] …і яшчэ { $count } памылак.
    }

import-error-invalid-utf8 = Радок { $line }: байт { $offset } не адпавядае кадоўцы UTF-8; захавайце файл у UTF-8.
import-error-empty-file = Файл пусты: у ім павінен быць радок загалоўкаў і па адным радку на кожнага чалавека.
# $count тут — колькасць слупкоў у спісе $columns; лік не паказваецца, таму важна толькі «адзін ці больш».
import-error-missing-columns =
    Радок { $line }: { $count ->
        [1] няма слупка { $columns }
       *[other] няма слупкоў { $columns }
    }. Патрэбныя слупкі: { $expected }.
import-error-unknown-columns =
    Радок { $line }: { $count ->
        [1] невядомы слупок { $columns }
       *[other] невядомыя слупкі { $columns }
    }. Патрэбныя слупкі: { $expected }.
import-error-duplicate-columns =
    Радок { $line }: { $count ->
        [1] слупок { $columns } сустракаецца больш за адзін раз
       *[other] слупкі { $columns } сустракаюцца больш за адзін раз
    }.
import-error-too-many-columns =
    Радок { $line }: { $count ->
        [one] { $count } значэнне
        [few] { $count } значэнні
       *[many] { $count } значэнняў
    }, а ў загалоўку { $expected ->
        [one] { $expected } слупок
        [few] { $expected } слупкі
       *[many] { $expected } слупкоў
    }; значэнні, у якіх ёсць коскі, вазьміце ў двукоссі "…".
import-error-too-few-columns =
    Радок { $line }: { $count ->
        [one] { $count } значэнне
        [few] { $count } значэнні
       *[many] { $count } значэнняў
    }, а ў загалоўку { $expected ->
        [one] { $expected } слупок
        [few] { $expected } слупкі
       *[many] { $expected } слупкоў
    }.
import-error-malformed-csv = Радок { $line }: яго не атрымліваецца прачытаць як CSV; праверце двукоссі і пераносы радкоў.
import-error-malformed-json = Радок { $line }, сімвал { $position }: тут памылка ў JSON.
import-error-json-not-a-list = Радок { $line }: файл JSON павінен быць спісам запісаў: [ {"{"} … {"}"}, {"{"} … {"}"} ].
import-error-json-not-an-object = Радок { $line }: запіс № { $index } у спісе — не аб’ект {"{"} … {"}"}.
import-error-wrong-type =
    Радок { $line }, поле { $column }: значэнне { $value } павінна быць { $expected ->
        [list] тэкстам або спісам тэкстаў
       *[text] тэкстам
    }.
import-error-required = Радок { $line }, слупок { $column }: тут абавязкова павінна быць значэнне.
import-error-bad-date = Радок { $line }, слупок { $column }: «{ $value }» — не дата; запішыце яе ў выглядзе YYYY-MM-DD.
import-error-unknown-value = Радок { $line }, слупок { $column }: «{ $value }» — недапушчальнае значэнне. Дапушчальныя: { $expected }.
import-error-bad-id = Радок { $line }, слупок { $column }: «{ $value }» — няправільны id; выкарыстоўвайце малыя лацінскія літары, лічбы і злучкі, не больш за { $max ->
        [one] { $max } сімвал
        [few] { $max } сімвалы
       *[many] { $max } сімвалаў
    }.
import-error-duplicate-id = Радок { $line }: id «{ $value }» таксама сустракаецца ў радку { $other_line }.
import-error-too-long = Радок { $line }, слупок { $column }: у значэнні { $length ->
        [one] { $length } сімвал
        [few] { $length } сімвалы
       *[many] { $length } сімвалаў
    }, а можна не больш за { $max }.
import-error-detained-before-birth = Радок { $line }, слупок { $column }: дата затрымання { $value } раней за дату нараджэння { $birth_date }.

## Што зменіць імпарт. Статусы прыходзяць як кананічныя значэнні.

import-diff-nothing =
    { $count ->
        [1] Мяняць няма чаго: адзіны чалавек у файле супадае з цяперашнімі звесткамі.
        [one] Мяняць няма чаго: у файле { $count } чалавек, і ўсе супадаюць з цяперашнімі звесткамі.
        [few] Мяняць няма чаго: у файле { $count } чалавекі, і ўсе супадаюць з цяперашнімі звесткамі.
       *[many] Мяняць няма чаго: у файле { $count } чалавек, і ўсе супадаюць з цяперашнімі звесткамі.
    }
import-diff-status-changes =
    { $count ->
        [1] Статус змяніўся ў аднаго чалавека (пра гэта даведаюцца падпісчыкі):
        [one] Статус змяніўся ў { $count } чалавека (пра гэта даведаюцца падпісчыкі):
        [few] Статус змяніўся ў { $count } чалавек (пра гэта даведаюцца падпісчыкі):
       *[many] Статус змяніўся ў { $count } чалавек (пра гэта даведаюцца падпісчыкі):
    }
import-diff-status-change-item =
    { $name } ({ $id }): { $old ->
        [imprisoned] за кратамі
        [released] на волі
        [deceased] няма ў жывых
        [persecuted] пад пераследам
       *[other] { $old }
    } → { $new ->
        [imprisoned] за кратамі
        [released] на волі
        [deceased] няма ў жывых
        [persecuted] пад пераследам
       *[other] { $new }
    }
import-diff-added =
    { $count ->
        [1] Будзе дададзены адзін чалавек:
        [one] Будзе дададзены { $count } чалавек:
        [few] Будуць дададзеныя { $count } чалавекі:
       *[many] Будзе дададзена { $count } чалавек:
    }
import-diff-added-item = + { $name } ({ $id })
import-diff-changed =
    { $count ->
        [1] Змены ў аднаго чалавека:
        [one] Змены ў { $count } чалавека:
        [few] Змены ў { $count } чалавек:
       *[many] Змены ў { $count } чалавек:
    }
import-diff-changed-item = ~ { $name } ({ $id })
import-diff-field-changed = {"    "}{ $field }: «{ $old }» → «{ $new }»
import-diff-field-set = {"    "}{ $field }: новае значэнне «{ $new }»
import-diff-field-cleared = {"    "}{ $field }: значэнне выдалена (было «{ $old }»)
import-diff-missing =
    { $count ->
        [1] У файле няма аднаго чалавека з цяперашніх звестак:
        [one] У файле няма { $count } чалавека з цяперашніх звестак:
        [few] У файле няма { $count } чалавек з цяперашніх звестак:
       *[many] У файле няма { $count } чалавек з цяперашніх звестак:
    }
import-diff-missing-item = - { $id }
import-diff-unchanged =
    { $count ->
        [1] Без змен — адзін чалавек.
        [one] Без змен — { $count } чалавек.
        [few] Без змен — { $count } чалавекі.
       *[many] Без змен — { $count } чалавек.
    }
import-diff-more =
    { $count ->
        [1] …і яшчэ адзін.
       *[other] …і яшчэ { $count }.
    }
