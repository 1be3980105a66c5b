"""The one place where the dialects differ: statements rewritten for PostgreSQL."""

from __future__ import annotations

import pytest

from storage.sql import (
    _arguments,
    _status_count,
    database_url_password,
    postgres_sql,
    redact_database_url,
)


def test_question_marks_become_numbered_parameters() -> None:
    assert postgres_sql("SELECT * FROM chats WHERE chat_id = ? AND language = ?") == (
        "SELECT * FROM chats WHERE chat_id = $1 AND language = $2",
        None,
    )


def test_each_name_gets_one_number_however_often_it_is_used() -> None:
    text, names = postgres_sql(
        "UPDATE outbox SET error_at = :now WHERE lease_until < :now AND x = :e"
    )

    assert text == "UPDATE outbox SET error_at = $1 WHERE lease_until < $1 AND x = $2"
    assert names == ("now", "e")
    assert _arguments(names, {"e": "lease expired", "now": "2025", "unused": 1}) == [
        "2025",
        "lease expired",
    ]


def test_literals_comments_and_casts_are_left_alone() -> None:
    sql = (
        "SELECT 'it''s ? :x', \"odd?name\", value::text -- what? :y\n"
        "FROM t /* json_each(?) */ WHERE a = ?"
    )

    text, names = postgres_sql(sql)

    assert text == (
        "SELECT 'it''s ? :x', \"odd?name\", value::text -- what? :y\n"
        "FROM t /* json_each(?) */ WHERE a = $1"
    )
    assert names is None


def test_sqlite_functions_get_their_postgresql_names() -> None:
    text, _ = postgres_sql(
        "SELECT json_group_array(chat_id), group_concat(prisoner_id, ','), json_each"
        " FROM chats WHERE chat_id IN (SELECT CAST(value AS BIGINT) FROM json_each (?))"
    )

    assert text == (
        "SELECT json_agg(chat_id), string_agg(prisoner_id, ','), json_each"
        " FROM chats WHERE chat_id IN (SELECT CAST(value AS BIGINT) FROM"
        " json_array_elements_text ($1))"
    )


def test_both_kinds_of_placeholder_in_one_statement_are_refused() -> None:
    with pytest.raises(ValueError, match="not both"):
        postgres_sql("SELECT ? , :name")


def test_unterminated_literals_are_refused() -> None:
    with pytest.raises(ValueError, match="unterminated"):
        postgres_sql("SELECT 'open")


def test_a_statement_is_rewritten_once() -> None:
    sql = "SELECT 1 WHERE ? = ?"
    postgres_sql(sql)
    before = postgres_sql.cache_info().hits

    postgres_sql(sql)

    assert postgres_sql.cache_info().hits == before + 1


@pytest.mark.parametrize(
    ("status", "count"),
    [("INSERT 0 5", 5), ("UPDATE 3", 3), ("DELETE 0", 0), ("CREATE TABLE", 0), ("SELECT 2", 2)],
)
def test_row_counts_are_read_from_the_command_tag(status: str, count: int) -> None:
    assert _status_count(status) == count


@pytest.mark.parametrize(
    ("url", "shown", "password"),
    [
        (
            "postgresql://bot:s3cret@db.example:5432/solidarity",
            "postgresql://bot@db.example:5432/solidarity",
            "s3cret",
        ),
        (
            "postgresql://bot@/solidarity?host=/run/pg&password=s3cret",
            "postgresql://bot@/solidarity?host=%2Frun%2Fpg",
            "s3cret",
        ),
        ("postgres://localhost/solidarity", "postgres://localhost/solidarity", None),
    ],
)
def test_addresses_are_shown_without_their_password(
    url: str, shown: str, password: str | None
) -> None:
    assert redact_database_url(url) == shown
    assert database_url_password(url) == password
