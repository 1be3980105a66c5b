## Импорт данных о политзаключённых: что прочитано, что не так и что изменится.
## Номера строк и позиции байтов приходят как текст; количества — как числа.
## Отчёт читают в чате как простой текст (без разметки) и в терминале.

import-read =
    { $source }: { $count ->
        [1] прочитана одна запись
        [one] прочитана { $count } запись
        [few] прочитаны { $count } записи
       *[many] прочитано { $count } записей
    }, без ошибок — { $valid }.

import-skipped-not-recognised =
    { $count ->
        [1] Одна запись пропущена: «Вясна» не признаёт этого человека политзаключённым (статус np).
        [one] Пропущена { $count } запись: «Вясна» не признаёт этих людей политзаключёнными (статус np).
        [few] Пропущены { $count } записи: «Вясна» не признаёт этих людей политзаключёнными (статус np).
       *[many] Пропущено { $count } записей: «Вясна» не признаёт этих людей политзаключёнными (статус np).
    }

## Ошибки. В каждом сообщении есть строка (и столбец), чтобы файл можно было исправить в любом редакторе.

import-errors =
    { $count ->
        [1] В файле нашлась одна ошибка:
        [one] В файле нашлась { $count } ошибка:
        [few] В файле нашлись { $count } ошибки:
       *[many] В файле нашлось { $count } ошибок:
    }
import-errors-more =
    { $count ->
        [1] …и ещё одна ошибка.
        [one] …и ещё { $count } ошибка.
        [few] …и ещё { $count } ошибки.
       *[many] …и ещё { $count } ошибок.
    }

import-error-invalid-utf8 = Строка { $line }: байт { $offset } не соответствует кодировке UTF-8; сохраните файл в UTF-8.
import-error-empty-file = Файл пуст: в нём должна быть строка заголовков и по одной строке на каждого человека.
# $count здесь — число столбцов в списке $columns; само число не выводится, поэтому важно только «один или больше».
import-error-missing-columns =
    Строка { $line }: { $count ->
        [1] нет столбца { $columns }
       *[other] нет столбцов { $columns }
    }. Нужные столбцы: { $expected }.
import-error-unknown-columns =
    Строка { $line }: { $count ->
        [1] неизвестный столбец { $columns }
       *[other] неизвестные столбцы { $columns }
    }. Нужные столбцы: { $expected }.
import-error-duplicate-columns =
    Строка { $line }: { $count ->
        [1] столбец { $columns } встречается больше одного раза
       *[other] столбцы { $columns } встречаются больше одного раза
    }.
import-error-too-many-columns =
    Строка { $line }: { $count ->
        [one] { $count } значение
        [few] { $count } значения
       *[many] { $count } значений
    }, а в заголовке { $expected ->
        [one] { $expected } столбец
        [few] { $expected } столбца
       *[many] { $expected } столбцов
    }; значения, в которых есть запятые, заключите в двойные кавычки "…".
import-error-too-few-columns =
    Строка { $line }: { $count ->
        [one] { $count } значение
        [few] { $count } значения
       *[many] { $count } значений
    }, а в заголовке { $expected ->
        [one] { $expected } столбец
        [few] { $expected } столбца
       *[many] { $expected } столбцов
    }.
import-error-malformed-csv = Строка { $line }: её не удаётся прочитать как CSV; проверьте кавычки и переносы строк.
import-error-malformed-json = Строка { $line }, символ { $position }: здесь ошибка в JSON.
import-error-json-not-a-list = Строка { $line }: файл JSON должен быть списком записей: [ {"{"} … {"}"}, {"{"} … {"}"} ].
import-error-json-not-an-object = Строка { $line }: запись № { $index } в списке — не объект {"{"} … {"}"}.
import-error-wrong-type =
    Строка { $line }, поле { $column }: значение { $value } должно быть { $expected ->
        [list] текстом или списком текстов
       *[text] текстом
    }.
import-error-required = Строка { $line }, столбец { $column }: здесь обязательно должно быть значение.
import-error-bad-date = Строка { $line }, столбец { $column }: «{ $value }» — не дата; запишите её в виде YYYY-MM-DD.
import-error-unknown-value = Строка { $line }, столбец { $column }: «{ $value }» — недопустимое значение. Допустимые: { $expected }.
import-error-bad-id = Строка { $line }, столбец { $column }: «{ $value }» — неправильный id; используйте строчные латинские буквы, цифры и дефисы, не больше { $max ->
        [one] { $max } символа
        [few] { $max } символов
       *[many] { $max } символов
    }.
import-error-duplicate-id = Строка { $line }: id «{ $value }» также встречается в строке { $other_line }.
import-error-too-long = Строка { $line }, столбец { $column }: в значении { $length ->
        [one] { $length } символ
        [few] { $length } символа
       *[many] { $length } символов
    }, а можно не больше { $max }.
import-error-detained-before-birth = Строка { $line }, столбец { $column }: дата задержания { $value } раньше даты рождения { $birth_date }.

## Что изменит импорт. Статусы приходят как канонические значения.

import-diff-nothing =
    { $count ->
        [1] Менять нечего: единственный человек в файле совпадает с текущими данными.
        [one] Менять нечего: в файле { $count } человек, и все совпадают с текущими данными.
        [few] Менять нечего: в файле { $count } человека, и все совпадают с текущими данными.
       *[many] Менять нечего: в файле { $count } человек, и все совпадают с текущими данными.
    }
import-diff-status-changes =
    { $count ->
        [1] Статус изменился у одного человека (об этом узнают подписчики):
        [one] Статус изменился у { $count } человека (об этом узнают подписчики):
        [few] Статус изменился у { $count } человек (об этом узнают подписчики):
       *[many] Статус изменился у { $count } человек (об этом узнают подписчики):
    }
import-diff-status-change-item =
    { $name } ({ $id }): { $old ->
        [imprisoned] за решёткой
        [released] на свободе
        [deceased] нет в живых
        [persecuted] под преследованием
       *[other] { $old }
    } → { $new ->
        [imprisoned] за решёткой
        [released] на свободе
        [deceased] нет в живых
        [persecuted] под преследованием
       *[other] { $new }
    }
import-diff-added =
    { $count ->
        [1] Будет добавлен один человек:
        [one] Будет добавлен { $count } человек:
        [few] Будут добавлены { $count } человека:
       *[many] Будет добавлено { $count } человек:
    }
import-diff-added-item = + { $name } ({ $id })
import-diff-changed =
    { $count ->
        [1] Изменения у одного человека:
        [one] Изменения у { $count } человека:
        [few] Изменения у { $count } человек:
       *[many] Изменения у { $count } человек:
    }
import-diff-changed-item = ~ { $name } ({ $id })
import-diff-field-changed = {"    "}{ $field }: «{ $old }» → «{ $new }»
import-diff-field-set = {"    "}{ $field }: новое значение «{ $new }»
import-diff-field-cleared = {"    "}{ $field }: значение удалено (было «{ $old }»)
import-diff-missing =
    { $count ->
        [1] В файле нет одного человека из текущих данных:
        [one] В файле нет { $count } человека из текущих данных:
        [few] В файле нет { $count } человек из текущих данных:
       *[many] В файле нет { $count } человек из текущих данных:
    }
import-diff-missing-item = - { $id }
import-diff-unchanged =
    { $count ->
        [1] Без изменений — один человек.
        [one] Без изменений — { $count } человек.
        [few] Без изменений — { $count } человека.
       *[many] Без изменений — { $count } человек.
    }
import-diff-more =
    { $count ->
        [1] …и ещё один.
       *[other] …и ещё { $count }.
    }
