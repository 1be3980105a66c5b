## Меню /settings (Telegram HTML). Тэксты кнопак — звычайны тэкст.

settings-title = <b>Налады гэтага чата</b>
settings-title-channel = <b>Налады канала { $channel }</b>
settings-language = 🌐 Мова: { $language }
settings-timezone = 🕘 Часавы пояс: { $zone }
settings-time = ⏰ Час паведамленняў: { $time }
settings-kinds = 🔔 Я дасылаю: { $kinds }
settings-kinds-none = нічога
settings-follows = { $count ->
    [0] 👥 Падпіскі: пакуль няма
    [one] 👥 Падпіскі: { $count } чалавек
    [few] 👥 Падпіскі: { $count } чалавекі
   *[many] 👥 Падпіскі: { $count } чалавек
    }
settings-follows-everyone = { $count ->
    [0] 👥 Падпіскі: усе палітвязні
    [one] 👥 Падпіскі: усе палітвязні і яшчэ { $count } чалавек
    [few] 👥 Падпіскі: усе палітвязні і яшчэ { $count } чалавекі
   *[many] 👥 Падпіскі: усе палітвязні і яшчэ { $count } чалавек
    }
settings-active = ▶️ Паведамленні ўключаныя.
settings-paused = ⏸ <b>Паведамленні прыпыненыя.</b> Я нічога не дасылаю, пакуль вы іх не адновіце.
settings-channel-note = /disconnect — спыніць паведамленні ў гэты канал.

kind-anniversaries = Гадавіны затрымання і прысуду
kind-milestones = Круглыя даты: 100, 500, 1000… дзён за кратамі
kind-birthdays = Дні нараджэння, загадзя — для паштоўкі
kind-news = Навіны пра вызваленні і арышты
kind-weekly = Штотыднёвая акцыя салідарнасці

settings-button-language = 🌐 Мова
settings-button-timezone = 🕘 Часавы пояс
settings-button-time = ⏰ Час
settings-button-kinds = 🔔 Што дасылаць
settings-button-pause = ⏸ Прыпыніць усе паведамленні
settings-button-resume = ▶️ Аднавіць паведамленні
settings-button-done = ✓ Гатова
settings-button-back = ‹ Назад
settings-button-timezone-other = ⌨️ Увесці іншы…
settings-chosen = ✅ { $label }
settings-not-chosen = { $label }

settings-saved = Захавана.
settings-expired = Гэтае меню ўжо састарэла. Дашліце /settings, каб адкрыць яго зноў.
button-expired = Гэтая кнопка больш не працуе. Дашліце, калі ласка, каманду яшчэ раз.
settings-timezone-ask = Напішыце свой горад, напрыклад <b>Мінск</b> ці <b>Варшава</b>, або часавы пояс: <b>Europe/Warsaw</b>, <b>UTC+3</b>.
settings-timezone-unknown = Не ведаю, які часавы пояс у «{ $value }». Напішыце, калі ласка, буйны горад побач з вамі, напрыклад <b>Варшава</b> ці <b>Вільня</b>, назву пояса накшталт <b>Europe/Warsaw</b> або зрух накшталт <b>UTC+3</b>.
settings-timezone-set = ✅ Часавы пояс: { $zone }.
settings-timezone-kept = Часавы пояс застаецца ранейшым.

language-hint = Я пакуль не размаўляю на мове вашай праграмы, таму пішу па-беларуску. У /settings можна выбраць англійскую ці рускую.

# «Напісаць зноў»: радок у штодзённым паведамленні праз некалькі тыдняў пасля «Я напісаў(ла)».
settings-write-again = { $weeks ->
    [one] ✍️ Напісаць зноў: нагадаю праз { $weeks } тыдзень пасля ліста
    [few] ✍️ Напісаць зноў: нагадаю праз { $weeks } тыдні пасля ліста
   *[many] ✍️ Напісаць зноў: нагадаю праз { $weeks } тыдняў пасля ліста
    }
settings-write-again-off = ✍️ Напісаць зноў: без нагадванняў
settings-button-write-again = ✍️ Напісаць зноў
settings-write-again-choice = { $weeks ->
    [one] { $weeks } тыдзень
    [few] { $weeks } тыдні
   *[many] { $weeks } тыдняў
    }
settings-write-again-choice-off = Не нагадваць
