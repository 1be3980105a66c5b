"""The fake state answers Bot API methods with Telegram's results and errors."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fakes import FakeChat, TelegramState


def keyboard(*buttons: dict[str, Any]) -> dict[str, Any]:
    return {"inline_keyboard": [list(buttons)]}


def call(state: TelegramState, method: str, **params: Any) -> tuple[int, Any]:
    status, body = state.handle(method, params)
    return status, body["result"] if status == 200 else body["description"]


def test_the_bot_identity_comes_from_the_token() -> None:
    state = TelegramState("42:secret")

    status, me = call(state, "getMe")

    assert status == 200
    assert me["id"] == 42
    assert me["username"] == "solidarity_test_bot"
    assert me["is_bot"] is True


def test_method_names_ignore_letter_case_and_unknown_methods_are_not_found() -> None:
    state = TelegramState()

    assert call(state, "GETME")[0] == 200
    assert call(state, "sendTelepathy") == (404, "Not Found")
    assert [c.method for c in state.calls] == ["getMe", "sendTelepathy"]


@pytest.mark.parametrize(
    ("data", "accepted"),
    [("x" * 64, True), ("x" * 65, False), ("я" * 32, True), ("я" * 33, False), ("", False)],
)
def test_callback_data_is_limited_to_64_bytes(data: str, accepted: bool) -> None:
    markup = keyboard({"text": "Follow", "callback_data": data})

    status, result = call(TelegramState(), "sendMessage", chat_id=1, text="hi", reply_markup=markup)

    assert (status == 200) is accepted
    if not accepted:
        assert result == "Bad Request: BUTTON_DATA_INVALID"


@pytest.mark.parametrize(
    ("button", "description"),
    [
        ({"text": "", "callback_data": "x"}, "Bad Request: BUTTON_TEXT_INVALID"),
        ({"text": "Nothing"}, "Bad Request: text buttons are unallowed in the inline keyboard"),
    ],
)
def test_inline_buttons_need_text_and_an_action(button: dict[str, Any], description: str) -> None:
    status, result = call(
        TelegramState(), "sendMessage", chat_id=1, text="hi", reply_markup=keyboard(button)
    )

    assert (status, result) == (400, description)


def test_reply_markup_may_arrive_as_json_text() -> None:
    state = TelegramState()

    status, _ = call(
        state,
        "sendMessage",
        chat_id=1,
        text="hi",
        reply_markup='{"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}',
    )

    message = state.last_sent(1)
    assert status == 200
    assert message is not None
    assert message.button_texts == ["A"]


def test_message_ids_count_per_chat_for_both_sides() -> None:
    state = TelegramState()
    alice, bob = state.add_user(), state.add_user()
    state.message_update(alice, None, "/start")

    _, first = call(state, "sendMessage", chat_id=alice.id, text="one")
    _, other = call(state, "sendMessage", chat_id=bob.id, text="one")

    assert first["message_id"] == 2
    assert other["message_id"] == 1


def test_editing_text_replaces_it_and_drops_a_keyboard_that_is_not_repeated() -> None:
    state = TelegramState()
    markup = keyboard({"text": "Follow", "callback_data": "f"})
    _, sent = call(state, "sendMessage", chat_id=1, text="Ales", reply_markup=markup)

    target = {"chat_id": 1, "message_id": sent["message_id"]}

    status, edited = call(state, "editMessageText", text="<i>Ales</i>", parse_mode="HTML", **target)

    message = state.message(1, sent["message_id"])
    assert status == 200
    assert "reply_markup" not in edited
    assert message is not None
    assert message.text == "Ales"
    assert message.reply_markup is None
    assert message.edit_date is not None
    assert [(e.method, e.text) for e in state.edits] == [("editMessageText", "Ales")]


def test_an_edit_that_changes_nothing_is_refused() -> None:
    state = TelegramState()
    markup = keyboard({"text": "Follow", "callback_data": "f"})
    _, sent = call(state, "sendMessage", chat_id=1, text="Ales", reply_markup=markup)
    same = {"chat_id": 1, "message_id": sent["message_id"], "reply_markup": markup}

    text_status, text_error = call(state, "editMessageText", text="Ales", **same)
    markup_status, markup_error = call(state, "editMessageReplyMarkup", **same)

    assert text_status == markup_status == 400
    assert text_error.startswith("Bad Request: message is not modified")
    assert markup_error.startswith("Bad Request: message is not modified")


def test_editing_or_deleting_a_missing_message_fails() -> None:
    state = TelegramState()

    assert call(state, "editMessageText", chat_id=1, message_id=9, text="x") == (
        400,
        "Bad Request: message to edit not found",
    )
    assert call(state, "deleteMessage", chat_id=1, message_id=9) == (
        400,
        "Bad Request: message to delete not found",
    )


def test_a_deleted_message_is_kept_in_the_record_but_marked() -> None:
    state = TelegramState()
    _, sent = call(state, "sendMessage", chat_id=1, text="Ales")

    assert call(state, "deleteMessage", chat_id=1, message_id=sent["message_id"]) == (200, True)

    message = state.last_sent(1)
    assert message is not None
    assert message.deleted


def test_replying_to_a_missing_message_fails_unless_allowed() -> None:
    state = TelegramState()

    refused = call(state, "sendMessage", chat_id=1, text="x", reply_parameters={"message_id": 7})
    allowed = call(
        state,
        "sendMessage",
        chat_id=1,
        text="x",
        reply_parameters={"message_id": 7, "allow_sending_without_reply": True},
    )

    assert refused == (400, "Bad Request: message to be replied not found")
    assert allowed[0] == 200


def test_a_callback_query_is_answered_once() -> None:
    state = TelegramState()
    user = state.add_user()
    markup = keyboard({"text": "Follow", "callback_data": "f"})
    _, sent = call(state, "sendMessage", chat_id=user.id, text="x", reply_markup=markup)
    message = state.message(user.id, sent["message_id"])
    assert message is not None
    query_id = state.callback_update(user, message, "f")["callback_query"]["id"]

    first = call(state, "answerCallbackQuery", callback_query_id=query_id, text="Done")
    second = call(state, "answerCallbackQuery", callback_query_id=query_id)

    assert first == (200, True)
    assert second[0] == 400
    assert "query is too old" in second[1]
    assert state.callback_answers[query_id]["text"] == "Done"


def test_inline_answers_are_stored_and_their_texts_validated() -> None:
    state = TelegramState()
    user = state.add_user()
    query_id = state.inline_query_update(user, "Bialiatski")["inline_query"]["id"]
    article = {
        "type": "article",
        "id": "p1",
        "title": "Ales Bialiatski",
        "input_message_content": {"message_text": "<b>Ales</b>", "parse_mode": "HTML"},
    }
    broken = {**article, "input_message_content": {"message_text": "<b>", "parse_mode": "HTML"}}

    refused = call(state, "answerInlineQuery", inline_query_id=query_id, results=[broken])
    accepted = call(state, "answerInlineQuery", inline_query_id=query_id, results=[article])

    assert refused[0] == 400
    assert accepted == (200, True)
    assert state.inline_answers[query_id]["results"] == [article]


def test_commands_are_kept_per_scope_and_language() -> None:
    state = TelegramState()
    be = [{"command": "start", "description": "Пачаць"}]
    en = [{"command": "start", "description": "Start"}]
    admins = {"type": "all_chat_administrators"}

    call(state, "setMyCommands", commands=en)
    call(state, "setMyCommands", commands=be, language_code="be")
    call(state, "setMyCommands", commands=en, scope=admins)

    assert call(state, "getMyCommands")[1] == en
    assert call(state, "getMyCommands", language_code="be")[1] == be
    assert state.get_commands(admins) == en
    assert call(state, "deleteMyCommands", language_code="be") == (200, True)
    assert state.get_commands(language_code="be") == []


@pytest.mark.parametrize("command", ["Start", "with-dash", "x" * 33, ""])
def test_invalid_command_names_are_refused(command: str) -> None:
    status, description = call(
        TelegramState(), "setMyCommands", commands=[{"command": command, "description": "d"}]
    )

    assert (status, description) == (400, "Bad Request: BOT_COMMAND_INVALID")


def test_descriptions_are_kept_per_language() -> None:
    state = TelegramState()

    call(state, "setMyDescription", description="Solidarity")
    call(state, "setMyShortDescription", short_description="Салідарнасць", language_code="be")

    assert state.descriptions == {"": "Solidarity"}
    assert state.short_descriptions == {"be": "Салідарнасць"}
    assert call(state, "setMyShortDescription", short_description="x" * 121)[0] == 400


def test_group_admins_are_configurable() -> None:
    state = TelegramState()
    group = state.add_chat(FakeChat.supergroup())
    owner, admin, member = state.add_user(), state.add_user(), state.add_user()
    state.set_chat_admins(group.id, [admin.id], owner_id=owner.id)

    statuses = [
        call(state, "getChatMember", chat_id=group.id, user_id=user.id)[1]["status"]
        for user in (owner, admin, member)
    ]
    admins = call(state, "getChatAdministrators", chat_id=group.id)[1]

    assert statuses == ["creator", "administrator", "member"]
    assert [a["user"]["id"] for a in admins] == [owner.id, admin.id]
    assert call(state, "getChatAdministrators", chat_id=owner.id)[0] == 400


def test_blocking_forbids_sending_until_unblocked() -> None:
    state = TelegramState()
    state.block(5)

    blocked = call(state, "sendMessage", chat_id=5, text="x")
    state.unblock(5)

    assert blocked == (403, "Forbidden: bot was blocked by the user")
    assert call(state, "sendMessage", chat_id=5, text="x")[0] == 200


def test_removal_from_a_group_forbids_sending_there() -> None:
    state = TelegramState()
    group = FakeChat.group()
    state.removed_from_chat_update(state.add_user(), group)

    assert call(state, "sendMessage", chat_id=group.id, text="x") == (
        403,
        "Forbidden: bot is not a member of the group chat",
    )


def test_missing_and_migrated_chats_fail_like_telegram() -> None:
    state = TelegramState()
    state.chat_not_found(7)
    state.migrate(-4001, -1009)

    status, body = state.handle("sendMessage", {"chat_id": -4001, "text": "x"})

    assert call(state, "sendMessage", chat_id=7, text="x") == (400, "Bad Request: chat not found")
    assert status == 400
    assert body["parameters"] == {"migrate_to_chat_id": -1009}


def test_injected_faults_hit_the_next_calls_then_stop() -> None:
    state = TelegramState()
    state.fail_next("sendMessage", 429, retry_after=3, count=2)

    results = [state.handle("sendMessage", {"chat_id": 1, "text": "x"}) for _ in range(3)]

    assert [status for status, _ in results] == [429, 429, 200]
    assert results[0][1] == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 3",
        "parameters": {"retry_after": 3},
    }


def test_injected_faults_can_target_one_chat() -> None:
    state = TelegramState()
    state.fail_next("sendMessage", 502, chat_id=2)

    assert call(state, "sendMessage", chat_id=1, text="x")[0] == 200
    assert call(state, "sendMessage", chat_id=2, text="x") == (502, "Bad Gateway")


def test_command_messages_carry_a_bot_command_entity() -> None:
    state = TelegramState()
    user = state.add_user()

    update = state.message_update(user, None, "/follow@solidarity_test_bot Bialiatski")

    assert update["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 27}]
    assert update["message"]["chat"] == {"id": user.id, "type": "private", "first_name": "Test"}
    assert "entities" not in state.message_update(user, None, "hello")["message"]


def test_update_ids_increase_and_group_messages_come_from_the_user() -> None:
    state = TelegramState()
    user = state.add_user(language_code="be")
    group = FakeChat.group()

    first = state.message_update(user, group, "hi")
    second = state.message_update(user, group, "again")

    assert second["update_id"] == first["update_id"] + 1
    assert first["message"]["chat"]["id"] < 0
    assert first["message"]["from"]["language_code"] == "be"


def test_documents_sent_by_users_can_be_fetched() -> None:
    state = TelegramState()
    update = state.document_update(state.add_user(), None, "list.csv", b"id,name\n1,Ales\n")
    document = update["message"]["document"]

    status, file = call(state, "getFile", file_id=document["file_id"])

    assert document["mime_type"] == "text/csv"
    assert status == 200
    assert file["file_size"] == len(b"id,name\n1,Ales\n")
    assert state.download(file["file_path"]) == b"id,name\n1,Ales\n"
    assert call(state, "getFile", file_id="nope")[0] == 400
