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

kind-anniversaries = гадавіны затрымання і прысуду
kind-milestones = круглыя лічбы дзён за кратамі
kind-birthdays = дні нараджэння, загадзя — для паштоўкі
kind-news = навіны пра вызваленні і арышты
kind-weekly = штотыднёвая акцыя салідарнасці

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
settings-timezone-ask = Дашліце свой часавы пояс: горад, напрыклад <b>Europe/Warsaw</b>, або зрух, напрыклад <b>UTC+3</b>.
settings-timezone-unknown = Я не ведаю часавога пояса «{ $value }». Дашліце, калі ласка, назву накшталт <b>Europe/Warsaw</b> ці <b>America/Chicago</b> або зрух накшталт <b>UTC+3</b>.
settings-timezone-set = ✅ Часавы пояс: { $zone }.

language-hint = Я пакуль не размаўляю на мове вашай праграмы, таму пішу па-беларуску. У /settings можна выбраць англійскую ці рускую.
