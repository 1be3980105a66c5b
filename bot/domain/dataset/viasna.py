"""The `viasna` format: a CSV flattening of the Viasna political prisoners database export.

Viasna Human Rights Centre publishes its list at prisoners.spring96.org. Its export has one row
per person with these columns, mapped as follows:

- `id` becomes `viasna-<id>`; `name` (a Latin name, the only one given) becomes `name`, so
  `name_be`, `name_ru` and `aliases` stay empty; `gender` is `male`, `female` or empty.
- `status`: `active` means imprisoned, `former` released. `np` marks people Viasna lists as
  persecuted but does not recognise as political prisoners, mostly with restricted-freedom
  sentences ("khimiya", at home or in an open facility). They are kept with status
  `persecuted`, neither dropped nor called political prisoners.
- `birthday` is `birth_date`, `arrested` is `detained_on`, `verdict_date` is `sentenced_on`, and
  `release_date` is `status_changed_on` for released people (ignored for anyone else).
- `articles` (the criminal code articles, joined with " | ") become `charges`.
- `decision` (the term, "6 years") and `penalty` (the kind of punishment, "imprisonment in a
  medium-security penal colony") together become `sentence`, "6 years, imprisonment in a
  medium-security penal colony": the term alone hides whether it is prison, restricted freedom
  or a suspended sentence.
- `prison_title` is `facility`, taken as written (it can describe a state, such as being at
  home until the sentence starts); `prison_address` is `mailing_address`.
- `description` (who the person is: occupation, affiliation, sentence) is `summary`, not
  `status_note`: the export's statuses are old, and a status note must describe the present.
- `url` (the person's page on the Viasna site) is `source_url`.
- `letters` is `unknown` and `verified_on` is empty: the export is a snapshot, and nothing in
  it confirms the person's status today.
- `declaration`, `judge`, `councel`, `penalty_start_date`, `appeal_date`, `source_file` and any
  other column are ignored.

The literal `FALSE`, which the export writes for some missing values, means empty. Values are
checked exactly as in the canonical format, and errors name the export's own columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bot.domain.dataset.cells import NAME_MAX_LENGTH, CellReader
from bot.domain.dataset.errors import RowError
from bot.domain.dataset.records import read_table
from bot.domain.dataset.rows import ParsedRow
from bot.domain.prisoner import Gender, Letters, Prisoner, Status

ID_PREFIX = "viasna-"
ARTICLE_SEPARATOR = " | "
MISSING = "FALSE"

# The columns the mapping reads; a file without one of them is refused, not half-imported.
COLUMNS: tuple[str, ...] = (
    "id",
    "url",
    "name",
    "status",
    "gender",
    "description",
    "birthday",
    "arrested",
    "articles",
    "prison_title",
    "prison_address",
    "penalty",
    "decision",
    "verdict_date",
    "release_date",
)
# Columns of the export that carry nothing the bot keeps; they only help recognise the format.
IGNORED_COLUMNS: tuple[str, ...] = (
    "declaration",
    "judge",
    "councel",
    "penalty_start_date",
    "appeal_date",
    "source_file",
)

STATUSES = {"active": Status.IMPRISONED, "former": Status.RELEASED, "np": Status.PERSECUTED}
GENDERS = {gender.value: gender for gender in Gender}


def build_viasna_prisoner(
    cells: Mapping[str, str], line: int, last_line: int, errors: list[RowError]
) -> ParsedRow:
    """Read one row of the Viasna export."""
    cell = {column: "" if value.strip() == MISSING else value for column, value in cells.items()}
    read = CellReader(line, errors)
    prisoner_id = read.identifier("id", cell["id"], prefix=ID_PREFIX)
    name = read.required("name", cell["name"], limit=NAME_MAX_LENGTH)
    status = read.required_choice("status", cell["status"], STATUSES)
    gender = read.choice("gender", cell["gender"], GENDERS)
    summary = read.text("description", cell["description"])
    birth_date = read.iso_date("birthday", cell["birthday"])
    detained_on = read.iso_date("arrested", cell["arrested"])
    charges = read.items("articles", cell["articles"], separator=ARTICLE_SEPARATOR)
    facility = read.text("prison_title", cell["prison_title"])
    mailing_address = read.text("prison_address", cell["prison_address"])
    penalty = read.text("penalty", cell["penalty"])
    decision = read.text("decision", cell["decision"])
    sentenced_on = read.iso_date("verdict_date", cell["verdict_date"])
    released_on = read.iso_date("release_date", cell["release_date"])
    source_url = read.text("url", cell["url"])
    read.detained_after_birth("arrested", detained_on, birth_date)
    if read.failed or prisoner_id is None or name is None or status is None:
        return ParsedRow(line, last_line, prisoner_id, None)
    prisoner = Prisoner(
        id=prisoner_id,
        name=name,
        gender=gender,
        birth_date=birth_date,
        detained_on=detained_on,
        status=status,
        status_changed_on=released_on if status is Status.RELEASED else None,
        sentence=", ".join(part for part in (decision, penalty) if part) or None,
        sentenced_on=sentenced_on,
        charges=charges,
        facility=facility,
        mailing_address=mailing_address,
        letters=Letters.UNKNOWN,
        summary=summary,
        source_url=source_url,
        verified_on=None,
    )
    return ParsedRow(line, last_line, prisoner_id, prisoner)


def parse_viasna_csv(lines: Iterable[str], errors: list[RowError]) -> tuple[list[ParsedRow], int]:
    """Read Viasna export lines; return the rows and how many data records were read."""
    return read_table(lines, errors, required=COLUMNS, allowed=None, build=build_viasna_prisoner)
