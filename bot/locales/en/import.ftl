## Importing a prisoner data set: what was read, what is wrong, what would change.
## Line numbers and byte offsets arrive as text; counts arrive as numbers.

import-read =
    { $source }: { $count ->
        [one] read one record
       *[other] read { $count } records
    }, { $valid } without errors.

import-skipped-not-recognised =
    { $count ->
        [one] One record was left out: Viasna does not recognise this person as a political prisoner (status np).
       *[other] { $count } records were left out: Viasna does not recognise these people as political prisoners (status np).
    }

## Errors. Every message names the line (and column) so the file can be fixed in any editor.

import-errors =
    { $count ->
        [one] Found one problem in the file:
       *[other] Found { $count } problems in the file:
    }
import-errors-more =
    { $count ->
        [one] …and one more problem.
       *[other] …and { $count } more problems.
    }

import-error-invalid-utf8 = Line { $line }: byte { $offset } is not valid UTF-8; save the file as UTF-8.
import-error-empty-file = The file is empty: it needs a header row and one row per person.
import-error-missing-columns =
    Line { $line }: { $count ->
        [one] column { $columns } is missing
       *[other] columns { $columns } are missing
    }. The columns are: { $expected }.
import-error-unknown-columns =
    Line { $line }: { $count ->
        [one] column { $columns } is unknown
       *[other] columns { $columns } are unknown
    }. The columns are: { $expected }.
import-error-duplicate-columns =
    Line { $line }: { $count ->
        [one] column { $columns } appears more than once
       *[other] columns { $columns } appear more than once
    }.
import-error-too-many-columns = Line { $line }: { $count } values, but the header has { $expected } columns; put values that contain commas in double quotes.
import-error-too-few-columns = Line { $line }: { $count } values, but the header has { $expected } columns.
import-error-malformed-csv = Line { $line }: this row cannot be read as CSV; check its quotes and line breaks.
import-error-malformed-json = Line { $line }, character { $position }: the JSON is malformed here.
import-error-json-not-a-list = Line { $line }: a JSON file must be a list of records: [ {"{"} … {"}"}, {"{"} … {"}"} ].
import-error-json-not-an-object = Line { $line }: record { $index } of the list is not an object {"{"} … {"}"}.
import-error-wrong-type =
    Line { $line }, field { $column }: { $value } should be { $expected ->
        [list] text or a list of texts
       *[text] text
    }.
import-error-required = Line { $line }, column { $column }: a value is required.
import-error-bad-date = Line { $line }, column { $column }: “{ $value }” is not a date; write it as YYYY-MM-DD.
import-error-unknown-value = Line { $line }, column { $column }: “{ $value }” is not allowed; use one of: { $expected }.
import-error-bad-id = Line { $line }, column { $column }: “{ $value }” is not a valid id; use up to { $max } lowercase Latin letters, digits and hyphens.
import-error-duplicate-id = Line { $line }: id “{ $value }” is also used on line { $other_line }.
import-error-too-long = Line { $line }, column { $column }: the value has { $length } characters; the limit is { $max }.
import-error-detained-before-birth = Line { $line }, column { $column }: detention date { $value } is before the birth date { $birth_date }.

## What an import would change. Statuses come as the canonical values.

import-diff-nothing =
    { $count ->
        [one] Nothing to change: the one person in the file matches the current data.
       *[other] Nothing to change: all { $count } people in the file match the current data.
    }
import-diff-status-changes =
    { $count ->
        [one] One status change (followers will be alerted):
       *[other] { $count } status changes (followers will be alerted):
    }
import-diff-status-change-item =
    { $name } ({ $id }): { $old ->
        [imprisoned] imprisoned
        [released] released
        [deceased] deceased
        [persecuted] persecuted
       *[other] { $old }
    } → { $new ->
        [imprisoned] imprisoned
        [released] released
        [deceased] deceased
        [persecuted] persecuted
       *[other] { $new }
    }
import-diff-added =
    { $count ->
        [one] One person to add:
       *[other] { $count } people to add:
    }
import-diff-added-item = + { $name } ({ $id })
import-diff-changed =
    { $count ->
        [one] One person with changes:
       *[other] { $count } people with changes:
    }
import-diff-changed-item = ~ { $name } ({ $id })
import-diff-field-changed = {"    "}{ $field }: “{ $old }” → “{ $new }”
import-diff-field-set = {"    "}{ $field }: set to “{ $new }”
import-diff-field-cleared = {"    "}{ $field }: cleared (was “{ $old }”)
import-diff-missing =
    { $count ->
        [one] One person in the current data is not in the file:
       *[other] { $count } people in the current data are not in the file:
    }
import-diff-missing-item = - { $id }
import-diff-unchanged =
    { $count ->
        [one] One person unchanged.
       *[other] { $count } people unchanged.
    }
import-diff-more =
    { $count ->
        [one] …and one more.
       *[other] …and { $count } more.
    }
