"""Forms of one given name: to the people searching, `Masha` is `Maria` and `Valik` `Valiantsin`.

No record says that Maria Kalesnikava is called Masha, or that Uladzimir is Volodya to his friends,
yet people search that way. Each row below is one given name: its full forms (the official Latin
romanisation of the Belarusian name, the Belarusian and Russian Cyrillic, the Russian-based Latin
spelling the press uses, the Polish equivalent) and then the short and pet forms in common everyday
use in Belarusian, Russian and Polish (the ones any speaker would recognise, as listed in the
languages' name dictionaries; rare or regional forms are left out on purpose, since every form here
widens a search). Forms are compared as skeletons (`normalise.words`), so one spelling of a sound
stands for all of them: `Маша` covers `Masha`, `Masza` and `Maša`.

A short form shared by two names (`Саша` for Aliaksandr and Aliaksandra, `Валя` for Valiantsin and
Valiantsina) is listed under both: it finds the bearers of either.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bot.domain.search.normalise import words

# (full forms, short forms); each a space-separated list of written forms.
_MEN: tuple[tuple[str, str], ...] = (
    # Алесь is the Belarusian short form, often a name of its own (Ales Bialiatski is Aliaksandr
    # in his passport); Саша, Саня, Шура are Russian, Sasza and Olek Polish.
    (
        "Aliaksandr Аляксандр Александр Aleksandr Aleksander",
        "Ales Алесь Aleś Sasha Саша Sasza Sanya Саня Shura Шура Olek",
    ),
    ("Aliaksei Аляксей Алексей Aleksei Alexei Aleksy", "Lyosha Лёша Alyosha Алёша"),
    ("Anatol Анатоль Анатолий Anatoly Anatoliy", "Tolya Толя Tolik Толік Толик"),
    ("Andrei Андрэй Андрей Andrey Andrzej", "Andryusha Андрюша Jędrek"),
    ("Anton Антон Antoni", "Antos Антось Antoś Antek"),
    ("Arkadz Аркадзь Аркадий Arkady Arkadiusz", "Arkasha Аркаша"),
    ("Artsiom Арцём Артём Artyom Artem", "Tyoma Тёма"),
    ("Barys Барыс Борис Boris Borys", "Borya Боря"),
    ("Dzmitry Дзмітрый Дмитрий Dmitry Dmitri Dymitr", "Dzima Дзіма Dima Дима Mitya Митя"),
    ("Eduard Эдуард Edward", "Edik Эдик Эдзік Edek"),
    ("Fiodar Фёдар Фёдор Fyodor Fedor", "Fedya Федя"),
    ("Hienadz Генадзь Геннадий Gennady", "Gena Гена"),
    # Ян (Jan) is the Belarusian and Polish form of Іван; Янка is Belarusian.
    ("Ivan Іван Иван Yan Ян Jan", "Vanya Ваня Yanka Янка Janek"),
    ("Kanstantsin Канстанцін Константин Konstantin Konstanty", "Kostya Костя Kastus Кастусь"),
    ("Leanid Леанід Леонид Leonid", "Lyonya Лёня"),
    ("Maksim Максім Максим Maxim Maksym", "Maks Макс Max"),
    # Мікола is the Belarusian (and Ukrainian) form, Mikołaj the Polish.
    ("Mikalai Мікалай Николай Nikolai Nikolay Mikola Мікола Mikołaj", "Kolya Коля"),
    ("Mikhail Міхаіл Михаил Michał", "Misha Миша Міша Misza Mikhas Міхась"),
    ("Mikita Мікіта Никита Nikita", ""),
    # Павал is the Belarusian spelling of Павел (Pavel Sevyarynets signs Павал Севярынец).
    ("Pavel Павел Павал Paval Paweł", "Pasha Паша Pavlik Павлик Паўлік"),
    ("Piotr Пётр Петр Pyotr Petr Piatro Пятро", "Petya Петя Пеця"),
    ("Raman Раман Роман Roman", "Roma Рома Romek"),
    ("Ryhor Рыгор Григорий Grigory Grzegorz", "Grisha Гриша Грыша"),
    ("Siarhei Сяргей Сергей Sergei Sergey Siergiej", "Seryozha Серёжа Serezha"),
    ("Stanislau Станіслаў Станислав Stanislav Stanisław", "Stas Стас Stasik Стасік"),
    ("Stsiapan Сцяпан Степан Stepan Szczepan", "Styopa Стёпа"),
    # Уладзь is a Belarusian short form of Уладзімір; Вова and Володя are Russian, Włodek Polish.
    (
        "Uladzimir Уладзімір Владимир Vladimir Włodzimierz",
        "Uladz Уладзь Volodya Володя Valodzia Валодзя Vova Вова Włodek",
    ),
    ("Uladzislau Уладзіслаў Владислав Vladislav Władysław", "Vlad Влад Vladik Владик Władek"),
    ("Vadzim Вадзім Вадим Vadim", "Vadik Вадик Вадзік"),
    # Валік and Валя serve Валерый as well as Валянцін.
    ("Valiantsin Валянцін Валентин Valentin Walenty", "Valik Валік Валик Valia Валя"),
    ("Valery Валерый Валерий Valeri Walery", "Valera Валера Valik Валік Валик"),
    ("Vasil Васіль Василий Vasily Wasyl", "Vasya Вася"),
    ("Viachaslau Вячаслаў Вячеслав Vyacheslav", "Slava Слава Slavik Славик"),
    ("Viktar Віктар Виктор Viktor Wiktor", "Vitya Витя Віця"),
    ("Vitali Віталь Виталий Vitaly Witalij", "Vitalik Віталік Виталик Vitya Витя Віця"),
    ("Yakau Якаў Яков Yakov Jakub", "Yasha Яша"),
    ("Yaraslau Яраслаў Ярослав Yaroslav Jarosław", "Yarik Ярик Slava Слава"),
    ("Yauhen Яўген Евгений Yevgeny Evgeny Eugeniusz", "Zhenya Женя Жэня Zheka Жэка Жека"),
    ("Yury Юрый Юрий Yuri Jerzy", "Yura Юра Yurik Юрик"),
)

_WOMEN: tuple[tuple[str, str], ...] = (
    # Алеся is the Belarusian short form, often a name of its own.
    ("Aliaksandra Аляксандра Александра Aleksandra", "Sasha Саша Sasza Alesia Алеся"),
    # Наста is Belarusian (Nasta Loika), Настя Russian.
    ("Anastasiya Анастасія Анастасия Anastasia Anastazja", "Nasta Наста Nastya Настя"),
    ("Darya Дар'я Дарья Daria", "Dasha Даша Dasza"),
    ("Halina Галіна Галина Galina", "Galya Галя Halia"),
    ("Hanna Ганна Анна Anna", "Anya Аня Ania Hania"),
    ("Iryna Ірына Ирина Irina", "Ira Іра Ира"),
    (
        "Katsiaryna Кацярына Екатерина Yekaterina Katerina Katarzyna",
        "Katya Катя Katia Kasia Каця",
    ),
    ("Kseniya Ксенія Ксения Ksenia", "Ksyusha Ксюша"),
    ("Larysa Ларыса Лариса Larisa", "Lara Лара"),
    ("Liubou Любоў Любовь Lyubov", "Lyuba Люба"),
    ("Liudmila Людміла Людмила Lyudmila Ludmiła", "Lyuda Люда Liuda Lyusya Люся"),
    # Марго (Marho Rabinovič) is the Russian short form; Małgorzata is the Polish name.
    (
        "Marharyta Маргарыта Маргарита Margarita Małgorzata",
        "Margo Марго Marho Rita Рита Gosia",
    ),
    # Маша is Russian (and everyday Belarusian), Марыся Belarusian, Marysia Polish.
    (
        "Maryia Марыя Мария Maria Marya Maryja",
        "Masha Маша Masza Marusya Маруся Marysia Марыся",
    ),
    ("Nadzeya Надзея Надежда Nadezhda", "Nadya Надя Nadia"),
    ("Natallia Наталля Наталья Natalia Natalya", "Natasha Наташа Natasza"),
    ("Palina Паліна Полина Polina", "Polya Поля"),
    ("Sviatlana Святлана Светлана Svetlana", "Sveta Света"),
    ("Tatsiana Таццяна Татьяна Tatiana Tatyana", "Tanya Таня Tania"),
    ("Valiantsina Валянціна Валентина Valentina Walentyna", "Valia Валя"),
    ("Veranika Вераніка Вероника Veronika Weronika", ""),
    ("Viktoryia Вікторыя Виктория Viktoria Wiktoria", "Vika Віка Вика"),
    ("Volha Вольга Ольга Olga", "Olya Оля Olia"),
    ("Yauheniya Яўгенія Евгения Yevgenia Eugenia", "Zhenya Женя Жэня"),
    ("Yelizaveta Елізавета Елизавета Elizaveta Elżbieta", "Liza Ліза Лиза"),
    ("Yuliya Юлія Юлия Yulia Julia", "Yulya Юля Julka"),
)


def _skeletons(forms: str) -> set[str]:
    return {skeleton for form in forms.split() for skeleton in words(form)}


def _equivalents(rows: Iterable[tuple[str, str]]) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for full, short in rows:
        forms = _skeletons(full) | _skeletons(short)
        for form in forms:
            found.setdefault(form, set()).update(forms - {form})
    return {form: frozenset(others) for form, others in found.items()}


_ROWS = (*_MEN, *_WOMEN)
_OTHER_FORMS: Mapping[str, frozenset[str]] = _equivalents(_ROWS)

# The full forms as skeletons: what a patronymic is made of (`Віктар` -> `Віктаравіч`).
FULL_NAMES: frozenset[str] = frozenset(
    skeleton for full, _ in _ROWS for skeleton in _skeletons(full)
)


def other_forms(word: str) -> frozenset[str]:
    """Return the skeletons of the other forms of the given name(s) `word` is a skeleton of."""
    return _OTHER_FORMS.get(word, frozenset())
