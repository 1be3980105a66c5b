"""The operator's command line: import, export and stats, as an operator runs them."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from bot.cli import EXIT_CONFIG, EXIT_OK, EXIT_REFUSED, main
from bot.config import BUNDLED_DATASET
from tests.cli.conftest import run

HEADER = (
    "id,name,name_be,name_ru,aliases,gender,birth_date,detained_on,status,status_changed_on,"
    "status_note,status_note_be,status_note_ru,sentence,sentence_be,sentence_ru,sentenced_on,"
    "charges,charges_be,charges_ru,facility,facility_be,facility_ru,mailing_address,letters,"
    "organization,organization_be,organization_ru,summary,summary_be,summary_ru,source_url,"
    "verified_on"
)


def people(database: Path) -> dict[str, dict[str, object]]:
    with sqlite3.connect(database) as conn:
        conn.row_factory = sqlite3.Row
        return {row["id"]: dict(row) for row in conn.execute("SELECT * FROM prisoners")}


def row(**values: str) -> str:
    fields = dict.fromkeys(HEADER.split(","), "")
    fields.update({"id": "jane-doe", "name": "Jane Doe", "status": "imprisoned"})
    fields.update({"letters": "unknown", "detained_on": "2021-05-01"})
    fields.update(values)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(fields.values())
    return buffer.getvalue()


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_import_bundled_data_twice_changes_nothing(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "import", str(BUNDLED_DATASET))
    assert code == EXIT_OK
    assert "32 added" in out
    first = people(database)
    assert len(first) == 32
    assert first["maria-kalesnikava"]["name_be"] == "Марыя Калеснікава"

    code, out, _ = run(capsys, "import", str(BUNDLED_DATASET))
    assert code == EXIT_OK
    assert "holds nothing new" in out
    assert people(database) == first


def test_export_then_dry_run_import_shows_no_diff(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "import", str(BUNDLED_DATASET))
    exported = tmp_path / "backup.csv"
    code, _, err = run(capsys, "export", str(exported))
    assert code == EXIT_OK
    assert "32 people" in err
    code, out, _ = run(capsys, "import", str(exported), "--dry-run")
    assert code == EXIT_OK
    assert "added" not in out.lower().replace("0 added", "")
    assert "Dry run" in out
    code, out, _ = run(capsys, "export")
    assert out == exported.read_bytes().decode("utf-8")


def test_dry_run_shows_changes_field_by_field_and_writes_nothing(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "import", str(BUNDLED_DATASET))
    before = people(database)
    changed = BUNDLED_DATASET.read_text(encoding="utf-8").replace(
        "andrzej-poczobut,Andrzej Poczobut,Анджэй Пачобут,Анджей Почобут,Andrei Pachobut,"
        "male,1973-04-16,2021-03-25,imprisoned,,",
        "andrzej-poczobut,Andrzej Poczobut,Анджэй Пачобут,Анджей Почобут,Andrei Pachobut,"
        "male,1973-04-16,2021-03-25,released,2026-01-10,",
    )
    assert changed != BUNDLED_DATASET.read_text(encoding="utf-8")
    path = write(tmp_path, "update.csv", changed + row())
    code, out, _ = run(capsys, "import", str(path), "--dry-run")
    assert code == EXIT_OK
    assert "Jane Doe" in out
    assert "Andrzej Poczobut" in out
    assert "released" in out
    assert "status_changed_on" in out
    assert people(database) == before


def test_import_applies_added_and_changed_in_one_go(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "one.csv", HEADER + "\n" + row())
    assert run(capsys, "import", str(path))[0] == EXIT_OK
    path.write_text(HEADER + "\n" + row(facility="Penal colony No. 4"), encoding="utf-8")
    code, out, _ = run(capsys, "import", str(path))
    assert code == EXIT_OK
    assert "1 changed" in out
    assert people(database)["jane-doe"]["facility"] == "Penal colony No. 4"


def test_missing_people_are_kept_unless_pruned(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "import", str(BUNDLED_DATASET))
    path = write(tmp_path, "one.csv", HEADER + "\n" + row())
    run(capsys, "import", str(path))
    assert len(people(database)) == 33
    code, out, _ = run(capsys, "import", str(path), "--prune")
    assert code == EXIT_OK
    assert "32 people not in the file were removed" in out
    assert list(people(database)) == ["jane-doe"]


def test_viasna_export_imports_with_prefixed_ids(
    database: Path, reference_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = run(capsys, "import", str(reference_data / "viasna_export_sample_2023.csv"))
    assert code == EXIT_OK
    stored = people(database)
    assert len(stored) == 34
    assert all(key.startswith("viasna-") for key in stored)
    assert all(record["verified_on"] is None for record in stored.values())


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("header.csv", "id,name,colour\njane,Jane,blue\n", "colour"),
        ("date.csv", HEADER + "\n" + row(birth_date="2021-13-40"), "2021-13-40"),
        ("status.csv", HEADER + "\n" + row(status="missing"), "missing"),
        ("dup.csv", HEADER + "\n" + row() + row(name="Jane Doe Again"), "jane-doe"),
        ("empty-name.csv", HEADER + "\n" + row(name=""), "name"),
        ("long.csv", HEADER + "\n" + row(status_note="x" * 10_000), "status_note"),
        ("bytes.csv", (HEADER + "\n").encode() + row(name="Jane").encode() + b"\xff\xfe\n", "3"),
        ("object.json", json.dumps({"id": "jane-doe", "name": "Jane"}), "list"),
    ],
)
def test_bad_files_are_refused_with_a_clear_report_and_nothing_written(
    database: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: str | bytes,
    expected: str,
) -> None:
    run(capsys, "import", str(BUNDLED_DATASET))
    before = people(database)
    code, _, err = run(capsys, "import", str(write(tmp_path, name, content)))
    assert code == EXIT_REFUSED
    assert expected in err
    assert "Nothing was imported" in err
    assert "Traceback" not in err
    assert people(database) == before


def test_every_error_in_a_file_is_reported(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = HEADER + "\n" + row(birth_date="1990-02-30") + row(id="john", status="lost")
    code, _, err = run(capsys, "import", str(write(tmp_path, "two.csv", content)))
    assert code == EXIT_REFUSED
    assert "Line 2" in err
    assert "Line 3" in err
    assert "2 problems" in err


def test_missing_file(database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "import", str(tmp_path / "nowhere.csv"))
    assert code == EXIT_REFUSED
    assert "There is no file at" in err
    assert not database.exists()


def test_database_that_is_not_sqlite_is_refused_untouched(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database.parent.mkdir(parents=True)
    database.write_text("these are my notes, not a database\n", encoding="utf-8")
    code, _, err = run(capsys, "stats")
    assert code == EXIT_CONFIG
    assert "database cannot be opened" in err
    assert "Traceback" not in err
    assert database.read_text(encoding="utf-8") == "these are my notes, not a database\n"


def test_database_from_a_newer_version_is_refused(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "stats")
    with sqlite3.connect(database) as conn:
        conn.execute("PRAGMA user_version = 999")
    code, _, err = run(capsys, "import", str(BUNDLED_DATASET))
    assert code == EXIT_CONFIG
    assert "newer version" in err
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT count(*) FROM prisoners").fetchone() == (0,)


def test_stats_counts_people_and_the_last_import(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "import", str(BUNDLED_DATASET))
    code, out, _ = run(capsys, "stats")
    assert code == EXIT_OK
    assert "People: 32" in out
    assert "belarus.csv" in out
    assert "Data as of: 19 March 2026" in out
    assert "Chats: 0 active" in out
    assert "Follows: 0. Messages: 0 waiting, 0 being sent, 0 sent, 0 failed, 0 cancelled" in out
    assert "Last delivery error" not in out


def test_run_without_token_says_how_to_get_one(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "run")
    assert code == EXIT_CONFIG
    assert "@BotFather" in err
    assert "Traceback" not in err


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    for command in ("run", "import", "export", "stats", "lookup", "alerts"):
        assert command in out


def test_lookup_ranks_with_scores_and_says_what_the_chat_would_do(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "import", str(BUNDLED_DATASET))
    code, out, _ = run(capsys, "lookup", "Бабарыка")
    assert code == EXIT_OK
    lines = out.splitlines()
    assert lines[0].startswith("1. ")
    assert "[eduard-babaryka, imprisoned]" in out
    assert "[viktar-babaryka, released]" in out
    assert "list these people as buttons" in lines[-1]
    code, out, _ = run(capsys, "lookup", "Białacki")
    assert "ales-bialiatski" in out
    assert "open the first card" in out
    code, out, _ = run(capsys, "lookup", "hello")
    assert code == EXIT_REFUSED
    assert "Nobody matches" in out


def test_alerts_shows_what_chats_would_get_and_sends_nothing(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "import", str(BUNDLED_DATASET))[0] == EXIT_OK
    with sqlite3.connect(database) as conn:
        conn.execute(
            "INSERT INTO chats (chat_id, type, language, timezone, alert_time, created_at)"
            " VALUES (7, 'private', 'en', 'Europe/Minsk', '10:00', '2026-01-01T00:00:00+00:00')"
        )
        conn.execute(
            "INSERT INTO follows VALUES (7, 'andrzej-poczobut', '2026-01-01T00:00:00+00:00')"
        )

    code, out, _ = run(capsys, "alerts", "--date", "2026-03-25", "--dry-run")

    assert code == EXIT_OK
    assert "On 2026-03-25, one chat would get one message." in out
    assert "a private chat (en, Europe/Minsk, at 10:00)" in out
    assert "5 years ago today Andrzej Poczobut was detained." in out
    assert "<b>" not in out
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT count(*) FROM outbox").fetchone() == (0,)
    code, out, _ = run(capsys, "alerts", "--date", "2026-03-26")
    assert "On 2026-03-26, 0 chats would get 0 messages." in out


def test_alerts_refuses_a_date_that_is_not_one(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(["alerts", "--date", "14.07.2026"])


def test_campaign_actions_are_added_listed_and_retired(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "import", str(BUNDLED_DATASET))

    code, out, _ = run(
        capsys,
        "actions",
        "add",
        "Sign the petition for Valiantsin Stefanovich",
        "--url",
        "https://example.org/petition",
        "--person",
        "valiantsin-stefanovich",
    )
    assert code == EXIT_OK
    assert "Added action 1" in out
    code, out, _ = run(capsys, "actions", "list")
    assert "1. [live] petition: Sign the petition for Valiantsin Stefanovich" in out
    assert "for valiantsin-stefanovich, every language" in out

    assert run(capsys, "actions", "retire", "1")[0] == EXIT_OK
    assert "[retired]" in run(capsys, "actions", "list")[1]
    code, _, err = run(capsys, "actions", "retire", "1")
    assert code == EXIT_REFUSED
    assert "no live action 1" in err


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        (["--url", "javascript:alert(1)"], "must be a web address"),
        (["--url", 'https://x.org/"><b>'], "must be a web address"),
        (["--person", "nobody-at-all"], "nobody with that id"),
        (["--language", "de"], "does not speak that language"),
    ],
)
def test_a_wrong_campaign_action_is_refused_and_nothing_stored(
    database: Path, capsys: pytest.CaptureFixture[str], extra: list[str], problem: str
) -> None:
    run(capsys, "import", str(BUNDLED_DATASET))

    code, _, err = run(capsys, "actions", "add", "Write tonight", *extra)

    assert code == EXIT_REFUSED
    assert problem in err
    assert "There are no campaign actions yet" in run(capsys, "actions", "list")[1]
