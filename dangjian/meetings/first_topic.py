"""Meeting.first_topic ("has a first-topic agenda item", 第一议题), kept by the database: triggers on
the agenda item table set it again for the meeting(s) a written item belongs to (insert, delete,
update of is_first_topic or meeting_id), in the same transaction, whatever wrote it (the services,
an import, the demo's bulk writers, a raw UPDATE).

Why: the annual report counts the held meetings with a first topic. Asked of the agenda items, that
is one meeting-row lookup per first-topic item (213,000 at ten times the demo); asked of the flag, it
is one range of a partial index on the meetings (meeting_first_topic_idx).

The flag is recomputed (EXISTS a first-topic item of the meeting), never toggled, so it is right
whether a meeting may have one first topic (agenda_one_first_topic) or several. And only the database
decides it: a meeting written with another value (a save() of an instance loaded before its agenda
changed writes every column back) is set from its items again, by a trigger on the meeting table.
TRUNCATE of the agenda table fires no trigger: `rebuild()` mends the flags (`differences()` says
which are wrong).
"""

# ruff: noqa: S608 - every statement here is built from names in this module, no input

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from dangjian.core.tallies import Triggers

MEETING = "meetings_meeting"
AGENDA = "meetings_agendaitem"
GUARD = "meetings_first_topic_guard"  # the PostgreSQL trigger on the meeting table


def _has_first(meeting_id: str) -> str:
    return f"EXISTS (SELECT 1 FROM {AGENDA} WHERE meeting_id = {meeting_id} AND is_first_topic)"


def _set(meeting_id: str) -> str:
    """Set the flag of one meeting from its items (no write when it is right already)."""
    has = _has_first(meeting_id)
    return f"UPDATE {MEETING} SET first_topic = {has} WHERE id = {meeting_id} AND first_topic <> {has};"


# A meeting's flag changes only when a first-topic item comes into it (NEW.is_first_topic) or leaves
# it (OLD.is_first_topic): those meetings are set again, no other.
def _sqlite_triggers() -> list[str]:
    return [
        f"""CREATE TRIGGER meetings_first_topic_insert AFTER INSERT ON {AGENDA} WHEN NEW.is_first_topic
        BEGIN UPDATE {MEETING} SET first_topic = 1 WHERE id = NEW.meeting_id AND NOT first_topic; END""",
        f"""CREATE TRIGGER meetings_first_topic_delete AFTER DELETE ON {AGENDA} WHEN OLD.is_first_topic
        BEGIN {_set("OLD.meeting_id")} END""",
        f"""CREATE TRIGGER meetings_first_topic_update AFTER UPDATE OF is_first_topic, meeting_id ON {AGENDA}
        WHEN OLD.is_first_topic OR NEW.is_first_topic
        BEGIN {_set("OLD.meeting_id")} {_set("NEW.meeting_id")} END""",
        # The guard: a meeting written with the wrong flag is set right (recursive triggers are off).
        f"""CREATE TRIGGER meetings_first_topic_guard_insert AFTER INSERT ON {MEETING}
        WHEN NEW.first_topic BEGIN {_set("NEW.id")} END""",
        f"""CREATE TRIGGER meetings_first_topic_guard_update AFTER UPDATE OF first_topic ON {MEETING}
        WHEN NEW.first_topic <> {_has_first("NEW.id")} BEGIN {_set("NEW.id")} END""",
    ]


def _postgres_triggers() -> list[str]:
    return [
        f"""CREATE OR REPLACE FUNCTION meetings_first_topic_apply(mid bigint) RETURNS void AS $$
        BEGIN {_set("mid")} END $$ LANGUAGE plpgsql""",
        """CREATE OR REPLACE FUNCTION meetings_first_topic() RETURNS trigger AS $$
        BEGIN
            IF TG_OP <> 'INSERT' AND OLD.is_first_topic THEN
                PERFORM meetings_first_topic_apply(OLD.meeting_id);
            END IF;
            IF TG_OP <> 'DELETE' AND NEW.is_first_topic THEN
                PERFORM meetings_first_topic_apply(NEW.meeting_id);
            END IF;
            RETURN NULL;
        END $$ LANGUAGE plpgsql""",
        f"""CREATE TRIGGER meetings_first_topic AFTER INSERT OR DELETE OR UPDATE OF is_first_topic, meeting_id
        ON {AGENDA} FOR EACH ROW EXECUTE FUNCTION meetings_first_topic()""",
        # The guard: a meeting written with any flag gets the one its items say.
        f"""CREATE OR REPLACE FUNCTION {GUARD}() RETURNS trigger AS $$
        BEGIN NEW.first_topic := {_has_first("NEW.id")}; RETURN NEW; END $$ LANGUAGE plpgsql""",
        f"""CREATE TRIGGER {GUARD} BEFORE INSERT OR UPDATE OF first_topic ON {MEETING}
        FOR EACH ROW EXECUTE FUNCTION {GUARD}()""",
    ]


# The meetings whose flag is wrong: flagged without a first-topic item, or with one and not flagged.
WRONG = (
    f"SELECT id FROM {MEETING} WHERE first_topic AND id NOT IN "
    f"(SELECT meeting_id FROM {AGENDA} WHERE is_first_topic) "
    f"UNION SELECT m.id FROM {AGENDA} a JOIN {MEETING} m ON m.id = a.meeting_id "
    f"WHERE a.is_first_topic AND NOT m.first_topic"
)


@dataclass(frozen=True)
class FirstTopicFlag(Triggers):
    """Triggers.install and the rest, with the PostgreSQL guard on the meeting table besides."""

    def _drops(self, vendor: str) -> list[str]:
        guard = [f"DROP TRIGGER IF EXISTS {GUARD} ON {MEETING}", f"DROP FUNCTION IF EXISTS {GUARD}()"]
        return (guard if vendor == "postgresql" else []) + super()._drops(vendor)

    def installed(self) -> bool:
        if connection.vendor != "postgresql":
            return super().installed()
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname IN (%s, %s)", [self.name, GUARD])
            return cursor.fetchone()[0] == 2

    def _fill(self, conn) -> None:
        """Mend the wrong flags (all of them when the column has just been added, all false)."""
        with conn.cursor() as cursor:
            cursor.execute(f"UPDATE {MEETING} SET first_topic = NOT first_topic WHERE id IN ({WRONG})")

    def rebuild(self) -> None:
        """Set every meeting's flag from its agenda items (after a TRUNCATE, which fires no trigger)."""
        self._fill(connection)

    def differences(self) -> set[int]:
        """The ids of the meetings whose flag disagrees with their agenda items; empty when none does."""
        with connection.cursor() as cursor:
            cursor.execute(WRONG)
            return {row[0] for row in cursor.fetchall()}


FLAG = FirstTopicFlag(
    name="meetings_first_topic",
    source=AGENDA,
    sqlite_triggers=_sqlite_triggers,
    sqlite_suffixes=("insert", "delete", "update", "guard_insert", "guard_update"),
    postgres_triggers=_postgres_triggers,
    apply_signature="bigint",
)
install, uninstall, installed, rebuild = FLAG.install, FLAG.uninstall, FLAG.installed, FLAG.rebuild
differences, suspended = FLAG.differences, FLAG.suspended
