"""The meeting tally (meetings.tally) is kept by the database: every way a held meeting is written,
moved, re-dated, cancelled or deleted changes it in the same transaction, and it always equals a
recount from the meetings."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from dangjian.core import bulk
from dangjian.meetings import tally
from dangjian.meetings.enums import MeetingKind, MeetingStatus
from dangjian.meetings.models import Meeting, MeetingTally

K, S = MeetingKind, MeetingStatus


def at(y, m, d, h=9, minute=0):
    return timezone.make_aware(dt.datetime(y, m, d, h, minute))


def meeting(org, kind=K.COMMITTEE_MEETING, when=None, status=S.HELD):
    return Meeting.objects.create(
        organization=org, root=org.root, kind=kind, status=status, title="会", held_at=when or at(2023, 3, 5)
    )


def months(org, kind=K.COMMITTEE_MEETING, year=2023) -> dict[int, int]:
    """{month: held meetings} of the tally row, months with none left out."""
    row = MeetingTally.objects.filter(organization=org, kind=kind, year=year).values(*tally.MONTHS).first()
    return {i: n for i, n in enumerate((row or {}).values(), start=1) if n}


def test_a_held_meeting_is_counted_in_its_local_month_and_others_are_not(world):
    meeting(world.a1, when=at(2023, 3, 31, 23, 30))  # 15:30 UTC: still March here
    meeting(world.a1, when=at(2023, 5, 1, 0, 30))  # 30 April 16:30 UTC: May here
    meeting(world.a1, when=at(2023, 5, 20))
    meeting(world.a1, when=at(2023, 6, 1), status=S.PLANNED)
    meeting(world.a1, when=at(2023, 7, 1), status=S.CANCELLED)
    assert months(world.a1) == {3: 1, 5: 2}
    assert tally.differences() == {}


def test_a_meeting_at_new_year_counts_for_the_local_year(world):
    meeting(world.a1, when=at(2024, 1, 1, 0, 30))  # 2023-12-31 16:30 UTC
    assert months(world.a1, year=2023) == {}
    assert months(world.a1, year=2024) == {1: 1}


def test_holding_cancelling_re_dating_re_kinding_and_moving_change_the_tally(world):
    m = meeting(world.a1, status=S.PLANNED)
    assert months(world.a1) == {}
    m.status = S.HELD
    m.save()
    assert months(world.a1) == {3: 1}
    m.held_at = at(2023, 4, 2)
    m.save()
    assert months(world.a1) == {4: 1}
    m.kind = K.LECTURE
    m.save()
    assert months(world.a1) == {} and months(world.a1, K.LECTURE) == {4: 1}
    Meeting.objects.filter(pk=m.pk).update(organization=world.a2)  # a merge moves meetings like this
    assert months(world.a1, K.LECTURE) == {} and months(world.a2, K.LECTURE) == {4: 1}
    Meeting.objects.filter(pk=m.pk).update(status=S.CANCELLED)
    assert months(world.a2, K.LECTURE) == {}
    assert tally.differences() == {}


def test_saving_a_held_meeting_unchanged_keeps_its_count(world):
    m = meeting(world.a1)
    m.title = "改了主题"
    m.save()
    m.save(update_fields=["title"])
    assert months(world.a1) == {3: 1}


def test_deleting_removes_the_count(world):
    keep, gone = meeting(world.a1), meeting(world.a1)
    gone.delete()
    Meeting.objects.filter(pk=keep.pk).delete()
    assert months(world.a1) == {}
    assert tally.differences() == {}


def test_bulk_writers_are_counted_too(world):
    Meeting.objects.bulk_create(
        [
            Meeting(
                organization=world.a1,
                root=world.a1.root,
                kind=K.GROUP_MEETING,
                status=S.HELD,
                title="会",
                held_at=at(2023, m, 3),
            )
            for m in (1, 1, 2)
        ]
    )
    ids = bulk.reserve_ids(Meeting, 2)
    bulk.insert_rows(
        Meeting,
        [
            {
                "id": i,
                "organization_id": world.b1.id,
                "root_id": world.b1.root_id,
                "kind": K.GROUP_MEETING,
                "status": S.HELD,
                "title": "会",
                "held_at": at(2023, 9, 9),
                **dict.fromkeys(("place", "topics", "study_content", "minutes"), ""),
                **dict.fromkeys(("unit_id", "host_id", "recorder_id", "youth_group_id", "created_by_id")),
                "committee_attended": False,
            }
            for i in ids
        ],
    )
    assert months(world.a1, K.GROUP_MEETING) == {1: 2, 2: 1}
    assert months(world.b1, K.GROUP_MEETING) == {9: 2}
    assert tally.differences() == {}


def test_a_rolled_back_write_leaves_no_count(world):
    with pytest.raises(RuntimeError), transaction.atomic():
        meeting(world.a1)
        raise RuntimeError
    assert months(world.a1) == {}


def test_differences_finds_a_tally_gone_wrong_and_rebuild_mends_it(world):
    meeting(world.a1)
    meeting(world.b1, when=at(2023, 8, 8))
    MeetingTally.objects.filter(organization=world.a1).update(m03=5)  # as after a TRUNCATE or a hand edit
    MeetingTally.objects.filter(organization=world.b1).delete()
    wrong = tally.differences()
    assert wrong[(world.a1.id, K.COMMITTEE_MEETING, 2023)][0][2] == 5
    assert wrong[(world.b1.id, K.COMMITTEE_MEETING, 2023)][1][7] == 1
    tally.rebuild()
    assert tally.differences() == {}
    assert months(world.a1) == {3: 1} and months(world.b1) == {8: 1}


def test_the_triggers_exist_on_this_database(db):
    """The migration created them on this vendor (SQLite and PostgreSQL both run this suite)."""
    assert tally.installed()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname = 'meetings_tally'")
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'meetings_tally%'"
            )
        assert cursor.fetchall()


def test_the_command_reports_a_wrong_tally_and_rebuilds_it(world, capsys):
    meeting(world.a1)
    call_command("meeting_tally")
    assert "一致" in capsys.readouterr().out
    MeetingTally.objects.update(m03=0)
    with pytest.raises(SystemExit):
        call_command("meeting_tally")
    assert "1 组" in capsys.readouterr().out
    call_command("meeting_tally", "--rebuild")
    assert "现在不一致的组数：0" in capsys.readouterr().out
    assert months(world.a1) == {3: 1}


def test_the_command_refuses_to_vouch_for_a_database_without_the_triggers(world, capsys):
    with tally.TALLY.suspended():  # the triggers dropped, and put back with a recount after
        assert not tally.installed()
        with pytest.raises(SystemExit) as exc:
            call_command("meeting_tally")
        assert exc.value.code == 2 and "migrate" in capsys.readouterr().out
    assert tally.installed()
    meeting(world.a1)
    assert months(world.a1) == {3: 1}
