"""Member roster import from .xlsx: template, dry run (validation), error workbook, all-or-nothing commit.

Flow (background jobs, core.jobs; pages and API through core.imports' ImportFlow):
  roster_import_submit  -> job "people.roster_validate": read + validate, counts, first errors, error workbook
  roster_commit_submit  -> job "people.roster_commit": write everything in ONE transaction

  columns   the columns, coded values, messages, reading the sheet, the template
  validate  lookups in a few queries, then a pure check of every row into a plan
  commit    the plan written in one transaction
  job       the two background jobs
"""

from dangjian.core.imports import (
    ERR_ALREADY_COMMITTED,
    ERR_COMMIT_INVALID,
    ERR_HAS_ERRORS,
    ERR_MISSING_COLUMN,
    ERR_NOT_VALIDATED,
    ERR_TOO_MANY_ROWS,
    ERROR_COLUMN,
    MAX_SHOWN_ERRORS,
)
from dangjian.people.imports.columns import (
    COLUMNS,
    COMMIT_KIND,
    ERR_CHOICE,
    ERR_GENDER_INVALID,
    ERR_ID_DUP_IN_FILE,
    ERR_ID_OUT_OF_SCOPE,
    ERR_NO_WRITE_SCOPE,
    ERR_ORG_AMBIGUOUS,
    ERR_ORG_UNKNOWN,
    ERR_OUT_OF_PARTY,
    ERR_REQUIRED,
    ERR_UNIT_UNKNOWN,
    ERR_YES_NO,
    MAX_ROWS,
    ROSTER_SHEET,
    VALIDATE_KIND,
    Roster,
    read_roster,
    template_workbook,
)
from dangjian.people.imports.commit import roster_commit
from dangjian.people.imports.job import result_url, roster_commit_submit, roster_import_submit
from dangjian.people.imports.validate import (
    Lookups,
    PlannedRow,
    Validation,
    error_workbook,
    load_lookups,
    parse_ids,
    validate,
    validate_upload,
)

__all__ = [
    "COLUMNS",
    "COMMIT_KIND",
    "ERROR_COLUMN",
    "ERR_ALREADY_COMMITTED",
    "ERR_CHOICE",
    "ERR_COMMIT_INVALID",
    "ERR_GENDER_INVALID",
    "ERR_HAS_ERRORS",
    "ERR_ID_DUP_IN_FILE",
    "ERR_ID_OUT_OF_SCOPE",
    "ERR_MISSING_COLUMN",
    "ERR_NOT_VALIDATED",
    "ERR_NO_WRITE_SCOPE",
    "ERR_ORG_AMBIGUOUS",
    "ERR_ORG_UNKNOWN",
    "ERR_OUT_OF_PARTY",
    "ERR_REQUIRED",
    "ERR_TOO_MANY_ROWS",
    "ERR_UNIT_UNKNOWN",
    "ERR_YES_NO",
    "MAX_ROWS",
    "MAX_SHOWN_ERRORS",
    "ROSTER_SHEET",
    "VALIDATE_KIND",
    "Lookups",
    "PlannedRow",
    "Roster",
    "Validation",
    "error_workbook",
    "load_lookups",
    "parse_ids",
    "read_roster",
    "result_url",
    "roster_commit",
    "roster_commit_submit",
    "roster_import_submit",
    "template_workbook",
    "validate",
    "validate_upload",
]
