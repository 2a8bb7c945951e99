"""The fees paid counted per organisation × fee year × calendar month of payment (FeeTally), in
integer fen, kept by the database itself: triggers on the payment table add or take away a
payment's amount for every payment written, moved, re-dated, re-amounted or deleted, in the same
transaction, whatever wrote it (a service, an import, the demo's bulk writers, a raw UPDATE).
The same design as meetings/tally.py (read that first).

Why: the fees collected in a year (the annual report's 收缴党费) summed from the payments read one
index entry per payment (550,000 a year on the demo, ten times that at ten times the data). The
tally holds one row per organisation, fee year and year of payment, with twelve month columns.

The edge rules: a payment counts under its organisation and fee year (`year`) in the month of
`paid_on` (a date: no time zone involved); a fee year's payment made in another calendar year (a
back payment in January) is a row of its own (`paid_year`). Amounts are whole fen (the field has
two decimals), summed as integers, so the total is exact on SQLite too. TRUNCATE of the payment
table does not fire the triggers: `rebuild()` recounts everything (and `differences()` says
whether that is needed). Sums of zero are kept: they mean nothing.
"""

# ruff: noqa: S608 - every statement here is built from names and numbers in this module, no input

from __future__ import annotations

from dangjian.core.tallies import MONTHS, Tally

TABLE = "fees_feetally"
PAYMENT = "fees_feepayment"
WATCHED = "organization_id, year, paid_on, amount"  # the columns an UPDATE may change the tally by


def _sqlite_triggers() -> list[str]:
    def key(row: str) -> tuple[str, str, str]:
        return f"{row}.organization_id", f"{row}.year", f"CAST(strftime('%Y', {row}.paid_on) AS INTEGER)"

    def add(row: str, sign: str) -> str:
        org, year, paid_year = key(row)
        month = f"CAST(strftime('%m', {row}.paid_on) AS INTEGER)"
        fen = f"CAST(ROUND({row}.amount * 100) AS INTEGER)"
        sets = ", ".join(f"{m} = {m} {sign} ({month} = {i}) * {fen}" for i, m in enumerate(MONTHS, 1))
        where = f"organization_id = {org} AND year = {year} AND paid_year = {paid_year}"
        return f"UPDATE {TABLE} SET {sets} WHERE {where};"

    def ensure(row: str) -> str:
        zeros = ", ".join("0" for _ in MONTHS)
        return (
            f"INSERT OR IGNORE INTO {TABLE} (organization_id, year, paid_year, {', '.join(MONTHS)}) "
            f"VALUES ({', '.join(key(row))}, {zeros});"
        )

    return [
        f"""CREATE TRIGGER fees_tally_insert AFTER INSERT ON {PAYMENT}
        BEGIN {ensure("NEW")} {add("NEW", "+")} END""",
        f"""CREATE TRIGGER fees_tally_delete AFTER DELETE ON {PAYMENT}
        BEGIN {add("OLD", "-")} END""",
        f"""CREATE TRIGGER fees_tally_update AFTER UPDATE OF {WATCHED} ON {PAYMENT}
        BEGIN {add("OLD", "-")} {ensure("NEW")} {add("NEW", "+")} END""",
    ]


def _postgres_triggers() -> list[str]:
    values = ", ".join(f"(mon = {i})::int * fen" for i in range(1, 13))
    sums = ", ".join(f"{m} = {TABLE}.{m} + EXCLUDED.{m}" for m in MONTHS)
    return [
        f"""CREATE OR REPLACE FUNCTION fees_tally_apply(org bigint, y int, paid date, fen bigint)
        RETURNS void AS $$
        DECLARE
            mon int := EXTRACT(MONTH FROM paid)::int;
        BEGIN
            INSERT INTO {TABLE} (organization_id, year, paid_year, {", ".join(MONTHS)})
            VALUES (org, y, EXTRACT(YEAR FROM paid)::int, {values})
            ON CONFLICT (organization_id, year, paid_year) DO UPDATE SET {sums};
        END $$ LANGUAGE plpgsql""",
        """CREATE OR REPLACE FUNCTION fees_tally() RETURNS trigger AS $$
        BEGIN
            IF TG_OP <> 'INSERT' THEN
                PERFORM fees_tally_apply(OLD.organization_id, OLD.year, OLD.paid_on, -(OLD.amount * 100)::bigint);
            END IF;
            IF TG_OP <> 'DELETE' THEN
                PERFORM fees_tally_apply(NEW.organization_id, NEW.year, NEW.paid_on, (NEW.amount * 100)::bigint);
            END IF;
            RETURN NULL;
        END $$ LANGUAGE plpgsql""",
        f"""CREATE TRIGGER fees_tally AFTER INSERT OR DELETE OR UPDATE OF {WATCHED}
        ON {PAYMENT} FOR EACH ROW EXECUTE FUNCTION fees_tally()""",
    ]


def _recount_sql(vendor: str) -> str:
    """SELECT organization_id, year, paid_year, m01..m12 (fen) of the payments, summed from the table."""
    if vendor == "postgresql":
        paid_year, month, fen = (
            "EXTRACT(YEAR FROM paid_on)::int",
            "EXTRACT(MONTH FROM paid_on)::int",
            "amount * 100",
        )
        sums = ", ".join(f"SUM(CASE WHEN {month} = {i} THEN {fen} ELSE 0 END)::bigint" for i in range(1, 13))
    else:
        paid_year, month = (
            "CAST(strftime('%Y', paid_on) AS INTEGER)",
            "CAST(strftime('%m', paid_on) AS INTEGER)",
        )
        fen = "CAST(ROUND(amount * 100) AS INTEGER)"
        sums = ", ".join(f"SUM(CASE WHEN {month} = {i} THEN {fen} ELSE 0 END)" for i in range(1, 13))
    return (
        f"SELECT organization_id, year, {paid_year} AS py, {sums} FROM {PAYMENT} "
        f"GROUP BY organization_id, year, py"
    )


TALLY = Tally(
    name="fees_tally",
    table=TABLE,
    source=PAYMENT,
    key=("organization_id", "year", "paid_year"),
    counts=MONTHS,
    sqlite_triggers=_sqlite_triggers,
    sqlite_suffixes=("insert", "delete", "update"),
    postgres_triggers=_postgres_triggers,
    apply_signature="bigint, int, date, bigint",
    recount=_recount_sql,
)
install, uninstall, installed, rebuild = TALLY.install, TALLY.uninstall, TALLY.installed, TALLY.rebuild
differences = TALLY.differences  # {(organization_id, year, paid_year): (tallied fen, recounted fen)}
suspended = TALLY.suspended  # for the demo's bulk load of payments
