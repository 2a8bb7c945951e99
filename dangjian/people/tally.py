"""The open membership periods (no end date) counted per organisation, one column per status
(MembershipTally), kept by the database itself: triggers on the period table add or take away one
for every open period written, moved, re-statused, closed, reopened or deleted, in the same
transaction, whatever wrote it (a service, an import, the demo's bulk writers, a merge's raw UPDATE,
a person's cascade). The same design as meetings/tally.py (read that first): there months are the
columns, here statuses.

Why: members by status on a day (the six year-end figures of the annual report) counted from the
periods read one index entry per period in force (50,000 on the demo, ten times that at ten times
the data). The periods in force on a day are the open ones, less the open ones that start after
the day, plus the closed ones that end after it: the tally gives the first (one row per
organisation), an index on the dates the other two, which are only the periods changed since that
day (none for the year just ended on the demo). `people.selectors.status_counts_on` does that sum.

The edge rules: a period is open while valid_to is NULL; valid_from plays no part here (the
selector takes the open periods not yet started away). A status needs its column (`COLUMNS`; a
new status is a migration that adds it and installs the triggers again). TRUNCATE of the period
table does not fire the triggers: `rebuild()` recounts everything (and `differences()` says
whether that is needed). Counts of zero are kept: they mean nothing.
"""

# ruff: noqa: S608 - every statement here is built from names in this module, no input

from __future__ import annotations

from dangjian.core.tallies import Tally
from dangjian.people.enums import MembershipStatus

STATUSES = list(MembershipStatus.values)
COLUMNS = [f"n_{status}" for status in STATUSES]  # "left" alone is an SQL keyword
TABLE = "people_membershiptally"
PERIOD = "people_membershipperiod"
WATCHED = "organization_id, status, valid_to"  # the columns an UPDATE may change the tally by


def _sqlite_triggers() -> list[str]:
    def add(row: str, sign: str) -> str:
        sets = ", ".join(
            f"{c} = {c} {sign} ({row}.status = '{s}')" for s, c in zip(STATUSES, COLUMNS, strict=True)
        )
        return f"UPDATE {TABLE} SET {sets} WHERE organization_id = {row}.organization_id;"

    def ensure(row: str) -> str:
        zeros = ", ".join("0" for _ in COLUMNS)
        return (
            f"INSERT OR IGNORE INTO {TABLE} (organization_id, {', '.join(COLUMNS)}) "
            f"VALUES ({row}.organization_id, {zeros});"
        )

    return [
        f"""CREATE TRIGGER people_tally_insert AFTER INSERT ON {PERIOD} WHEN NEW.valid_to IS NULL
        BEGIN {ensure("NEW")} {add("NEW", "+")} END""",
        f"""CREATE TRIGGER people_tally_delete AFTER DELETE ON {PERIOD} WHEN OLD.valid_to IS NULL
        BEGIN {add("OLD", "-")} END""",
        f"""CREATE TRIGGER people_tally_update_old AFTER UPDATE OF {WATCHED} ON {PERIOD}
        WHEN OLD.valid_to IS NULL BEGIN {add("OLD", "-")} END""",
        f"""CREATE TRIGGER people_tally_update_new AFTER UPDATE OF {WATCHED} ON {PERIOD}
        WHEN NEW.valid_to IS NULL BEGIN {ensure("NEW")} {add("NEW", "+")} END""",
    ]


def _postgres_triggers() -> list[str]:
    values = ", ".join(f"(st = '{s}')::int * delta" for s in STATUSES)
    sums = ", ".join(f"{c} = {TABLE}.{c} + EXCLUDED.{c}" for c in COLUMNS)
    return [
        f"""CREATE OR REPLACE FUNCTION people_tally_apply(org bigint, st varchar, delta int)
        RETURNS void AS $$
        BEGIN
            INSERT INTO {TABLE} (organization_id, {", ".join(COLUMNS)}) VALUES (org, {values})
            ON CONFLICT (organization_id) DO UPDATE SET {sums};
        END $$ LANGUAGE plpgsql""",
        """CREATE OR REPLACE FUNCTION people_tally() RETURNS trigger AS $$
        BEGIN
            IF TG_OP <> 'INSERT' AND OLD.valid_to IS NULL THEN
                PERFORM people_tally_apply(OLD.organization_id, OLD.status, -1);
            END IF;
            IF TG_OP <> 'DELETE' AND NEW.valid_to IS NULL THEN
                PERFORM people_tally_apply(NEW.organization_id, NEW.status, 1);
            END IF;
            RETURN NULL;
        END $$ LANGUAGE plpgsql""",
        f"""CREATE TRIGGER people_tally AFTER INSERT OR DELETE OR UPDATE OF {WATCHED}
        ON {PERIOD} FOR EACH ROW EXECUTE FUNCTION people_tally()""",
    ]


_RECOUNT = (
    "SELECT organization_id, "
    + ", ".join(f"SUM(CASE WHEN status = '{s}' THEN 1 ELSE 0 END)" for s in STATUSES)
    + f" FROM {PERIOD} WHERE valid_to IS NULL GROUP BY organization_id"
)


TALLY = Tally(
    name="people_tally",
    table=TABLE,
    source=PERIOD,
    key=("organization_id",),
    counts=COLUMNS,
    sqlite_triggers=_sqlite_triggers,
    sqlite_suffixes=("insert", "delete", "update_old", "update_new"),
    postgres_triggers=_postgres_triggers,
    apply_signature="bigint, varchar, int",
    recount=lambda vendor: _RECOUNT,
)
install, uninstall, installed, rebuild = TALLY.install, TALLY.uninstall, TALLY.installed, TALLY.rebuild
differences = TALLY.differences  # {(organization_id,): (tallied, recounted open periods per status)}
