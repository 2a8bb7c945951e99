"""The held meetings counted per organisation × kind × local calendar month (MeetingTally), kept by
the database itself: triggers on the meeting table add or take away one for every held meeting
written, moved, re-kinded, re-dated, cancelled or deleted, in the same transaction, whatever wrote
it (a service, an import, the demo's bulk writers, an organisation merge, a raw UPDATE).

Why: cadence compliance (三会一课) judges months, and counting a province-year from the meetings
reads one index entry per held meeting (95,000 on the demo, ten times that at ten times the data).
The tally holds one row per organisation, kind and year with twelve month columns, a tenth of the
rows, whatever the number of meetings.

The edge rules: only status "held" counts (as in cadence); the month is the local month of held_at
in settings.TIME_ZONE, fixed when the triggers are created (a zone with daylight saving time is
refused on SQLite, which can only shift by a fixed offset). TRUNCATE of the meeting table does not
fire the triggers: `rebuild()` recounts everything (and `differences()` says whether that is
needed). Counts of zero are kept: they mean nothing.
"""

# ruff: noqa: S608 - every statement here is built from names and numbers in this module, no input

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from dangjian.core.tallies import MONTHS, Tally

TABLE = "meetings_meetingtally"
MEETING = "meetings_meeting"
HELD = "held"


def _sqlite_offset() -> str:
    """The fixed shift from UTC to local time as a SQLite date modifier ('+8 hours')."""
    zone = ZoneInfo(settings.TIME_ZONE)
    winter, summer = (dt.datetime(2023, m, 1, tzinfo=zone).utcoffset() for m in (1, 7))
    if winter != summer or winter is None:
        raise ImproperlyConfigured(
            f"会议统计表按固定时差计算月份，时区 {settings.TIME_ZONE} 有夏令时，不能使用。"
        )
    return f"{int(winter.total_seconds() // 60):+d} minutes"


def _sqlite_triggers() -> list[str]:
    shift = _sqlite_offset()

    def local(row: str, part: str) -> str:
        return f"CAST(strftime('{part}', {row}.held_at, '{shift}') AS INTEGER)"

    def add(row: str, sign: str) -> str:
        key = f"organization_id = {row}.organization_id AND kind = {row}.kind AND year = {local(row, '%Y')}"
        sets = ", ".join(f"{m} = {m} {sign} ({local(row, '%m')} = {i})" for i, m in enumerate(MONTHS, 1))
        return f"UPDATE {TABLE} SET {sets} WHERE {key};"

    def ensure(row: str) -> str:
        zeros = ", ".join("0" for _ in MONTHS)
        return (
            f"INSERT OR IGNORE INTO {TABLE} (organization_id, kind, year, {', '.join(MONTHS)}) "
            f"VALUES ({row}.organization_id, {row}.kind, {local(row, '%Y')}, {zeros});"
        )

    held = f"'{HELD}'"
    return [
        f"""CREATE TRIGGER meetings_tally_insert AFTER INSERT ON {MEETING} WHEN NEW.status = {held}
        BEGIN {ensure("NEW")} {add("NEW", "+")} END""",
        f"""CREATE TRIGGER meetings_tally_delete AFTER DELETE ON {MEETING} WHEN OLD.status = {held}
        BEGIN {add("OLD", "-")} END""",
        f"""CREATE TRIGGER meetings_tally_update_old AFTER UPDATE OF status, kind, organization_id, held_at
        ON {MEETING} WHEN OLD.status = {held} BEGIN {add("OLD", "-")} END""",
        f"""CREATE TRIGGER meetings_tally_update_new AFTER UPDATE OF status, kind, organization_id, held_at
        ON {MEETING} WHEN NEW.status = {held} BEGIN {ensure("NEW")} {add("NEW", "+")} END""",
    ]


def _postgres_triggers() -> list[str]:
    zone = settings.TIME_ZONE.replace("'", "")
    values = ", ".join(f"(mon = {i})::int * delta" for i in range(1, 13))
    sums = ", ".join(f"{m} = {TABLE}.{m} + EXCLUDED.{m}" for m in MONTHS)
    return [
        f"""CREATE OR REPLACE FUNCTION meetings_tally_apply(org bigint, k varchar, at timestamptz, delta int)
        RETURNS void AS $$
        DECLARE
            local timestamp := at AT TIME ZONE '{zone}';
            mon int := EXTRACT(MONTH FROM local)::int;
        BEGIN
            INSERT INTO {TABLE} (organization_id, kind, year, {", ".join(MONTHS)})
            VALUES (org, k, EXTRACT(YEAR FROM local)::int, {values})
            ON CONFLICT (organization_id, kind, year) DO UPDATE SET {sums};
        END $$ LANGUAGE plpgsql""",
        f"""CREATE OR REPLACE FUNCTION meetings_tally() RETURNS trigger AS $$
        BEGIN
            IF TG_OP <> 'INSERT' AND OLD.status = '{HELD}' THEN
                PERFORM meetings_tally_apply(OLD.organization_id, OLD.kind, OLD.held_at, -1);
            END IF;
            IF TG_OP <> 'DELETE' AND NEW.status = '{HELD}' THEN
                PERFORM meetings_tally_apply(NEW.organization_id, NEW.kind, NEW.held_at, 1);
            END IF;
            RETURN NULL;
        END $$ LANGUAGE plpgsql""",
        f"""CREATE TRIGGER meetings_tally AFTER INSERT OR DELETE OR UPDATE OF status, kind, organization_id,
        held_at ON {MEETING} FOR EACH ROW EXECUTE FUNCTION meetings_tally()""",
    ]


def _recount_sql(vendor: str) -> str:
    """SELECT organization_id, kind, year, m01..m12 of the held meetings, counted from the table."""
    if vendor == "postgresql":
        zone = settings.TIME_ZONE.replace("'", "")
        local = f"(held_at AT TIME ZONE '{zone}')"
        year, month = f"EXTRACT(YEAR FROM {local})::int", f"EXTRACT(MONTH FROM {local})::int"
    else:
        shift = _sqlite_offset()
        year = f"CAST(strftime('%Y', held_at, '{shift}') AS INTEGER)"
        month = f"CAST(strftime('%m', held_at, '{shift}') AS INTEGER)"
    sums = ", ".join(f"SUM(CASE WHEN {month} = {i} THEN 1 ELSE 0 END)" for i in range(1, 13))
    return (
        f"SELECT organization_id, kind, {year} AS y, {sums} FROM {MEETING} "
        f"WHERE status = '{HELD}' GROUP BY organization_id, kind, y"
    )


TALLY = Tally(
    name="meetings_tally",
    table=TABLE,
    source=MEETING,
    key=("organization_id", "kind", "year"),
    counts=MONTHS,
    sqlite_triggers=_sqlite_triggers,
    sqlite_suffixes=("insert", "delete", "update_old", "update_new"),
    postgres_triggers=_postgres_triggers,
    apply_signature="bigint, varchar, timestamptz, int",
    recount=_recount_sql,
)
install, uninstall, installed, rebuild = TALLY.install, TALLY.uninstall, TALLY.installed, TALLY.rebuild
differences = TALLY.differences  # {(organization_id, kind, year): (tallied months, recounted months)}
