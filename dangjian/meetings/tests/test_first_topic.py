"""Meeting.first_topic is kept by the database (meetings.first_topic): every write of an agenda item
(and of the flag itself) leaves it equal to "the meeting has a first-topic item", in the same
transaction; the report's first-topic count read from it equals a plain count from the items."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.utils import timezone

from dangjian.core.metrics import REGISTRY, Period, batch, scope_for_org
from dangjian.core.tallies import _Statements
from dangjian.meetings import first_topic
from dangjian.meetings.enums import MeetingKind, MeetingStatus
from dangjian.meetings.metrics import period_bounds
from dangjian.meetings.models import AgendaItem, Meeting

K, S = MeetingKind, MeetingStatus


def at(y, m, d, h=9, minute=0):
    return timezone.make_aware(dt.datetime(y, m, d, h, minute))


def meeting(org, when=None, status=S.HELD, kind=K.COMMITTEE_MEETING):
    return Meeting.objects.create(
        organization=org,
        root=org.root or org,
        kind=kind,
        status=status,
        title="会",
        held_at=when or at(2023, 3, 5),
    )


def item(m, first=False, seq=1):
    return AgendaItem.objects.create(meeting=m, seq=seq, title="议程", is_first_topic=first)


def flag(m) -> bool:
    return Meeting.objects.values_list("first_topic", flat=True).get(pk=m.pk)


def test_the_triggers_are_there(db):
    assert first_topic.installed()


def test_adding_deleting_and_re_marking_items_set_the_flag(world):
    m = meeting(world.a1)
    other = item(m, seq=1)
    assert flag(m) is False
    first = item(m, first=True, seq=2)
    assert flag(m) is True
    first.delete()
    assert flag(m) is False
    other.is_first_topic = True
    other.save()
    assert flag(m) is True
    AgendaItem.objects.filter(pk=other.pk).update(is_first_topic=False)  # a queryset UPDATE too
    assert flag(m) is False
    assert first_topic.differences() == set()


def test_moving_an_item_to_another_meeting_moves_the_flag(world):
    a, b = meeting(world.a1), meeting(world.a2)
    first = item(a, first=True)
    item(b, seq=1)
    first.meeting = b
    first.save()
    assert (flag(a), flag(b)) == (False, True)
    AgendaItem.objects.filter(pk=first.pk).update(meeting=a)
    assert (flag(a), flag(b)) == (True, False)
    assert first_topic.differences() == set()


def test_deleting_a_meeting_with_its_items_and_bulk_writes(world):
    a, b = meeting(world.a1), meeting(world.a2)
    AgendaItem.objects.bulk_create(
        [
            AgendaItem(meeting=a, seq=1, title="一", is_first_topic=True),
            AgendaItem(meeting=a, seq=2, title="二"),
            AgendaItem(meeting=b, seq=1, title="一"),
        ]
    )
    assert (flag(a), flag(b)) == (True, False)
    a.delete()  # the items go first (cascade), then the meeting
    assert not Meeting.objects.filter(pk=a.pk).exists()
    AgendaItem.objects.filter(meeting=b).update(is_first_topic=True)
    assert flag(b) is True
    AgendaItem.objects.filter(meeting=b).delete()
    assert flag(b) is False
    assert first_topic.differences() == set()


def test_a_rolled_back_write_leaves_the_flag_as_it_was(world):
    m = meeting(world.a1)
    with pytest.raises(RuntimeError), transaction.atomic():
        item(m, first=True)
        assert flag(m) is True  # in the same transaction
        raise RuntimeError
    assert flag(m) is False
    assert first_topic.differences() == set()


def test_a_meeting_saved_from_a_stale_instance_keeps_the_right_flag(world):
    m = meeting(world.a1)  # m.first_topic is False in memory
    item(m, first=True)
    m.title = "改"
    m.save()  # writes every column, first_topic=False among them
    assert flag(m) is True
    Meeting.objects.filter(pk=m.pk).update(first_topic=False)
    assert flag(m) is True
    bare = meeting(world.a2)
    Meeting.objects.filter(pk=bare.pk).update(first_topic=True)
    assert flag(bare) is False
    assert first_topic.differences() == set()


def test_a_wrong_flag_is_found_and_mended(world):
    a, b = meeting(world.a1), meeting(world.a2)
    item(a, first=True)
    editor = _Statements()
    first_topic.uninstall(editor)  # as after a TRUNCATE or a restore without the triggers
    assert not first_topic.installed()
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE meetings_meeting SET first_topic = NOT first_topic WHERE id IN (%s, %s)", [a.pk, b.pk]
            )
        assert first_topic.differences() == {a.pk, b.pk}
        first_topic.rebuild()
        assert first_topic.differences() == set()
        assert (flag(a), flag(b)) == (True, False)
    finally:
        first_topic.install(editor)
    assert first_topic.installed()


def independent(scope, period) -> int:
    """Held meetings in the period under scope with a first-topic item, from the items (plain ORM)."""
    start, end = period_bounds(period)
    return (
        Meeting.objects.filter(
            agenda__is_first_topic=True,
            status=S.HELD,
            held_at__gte=start,
            held_at__lt=end,
            organization__path__startswith=scope.path,
        )
        .distinct()
        .count()
    )


def test_the_report_count_equals_a_count_from_the_items(world):
    for org, when, status, first in [
        (world.a1, at(2023, 3, 31, 23, 30), S.HELD, True),  # 15:30 UTC on the 31st: still March
        (world.a1, at(2023, 4, 1, 0, 30), S.HELD, True),  # 31 March 16:30 UTC: April
        (world.a1, at(2023, 12, 31, 23, 30), S.HELD, True),  # the year's last day, late
        (world.a2, at(2023, 5, 5), S.HELD, False),
        (world.a2, at(2023, 5, 6), S.PLANNED, True),
        (world.b1, at(2023, 6, 6), S.HELD, True),
        (world.root, at(2023, 7, 7), S.HELD, True),
        (world.g1, at(2024, 1, 1, 0, 5), S.HELD, True),
    ]:
        m = meeting(org, when=when, status=status)
        item(m, first=first)
    checked = 0
    for org in (world.root, world.oc_a, world.a1):
        scope = scope_for_org(org)
        for period in (Period.year(2023), Period.month(2023, 3), Period.month(2023, 4), Period.year(2024)):
            with batch():
                result = REGISTRY["first_topic_sessions"].compute(scope, period)
            expected = independent(scope, period)
            assert result.queryset is not None
            assert result.value == expected == result.queryset.count(), (org.name, period)
            checked += expected
    assert checked > 5
    with batch():
        province = REGISTRY["first_topic_sessions"].compute(scope_for_org(world.root), Period.year(2023))
    assert province.value == 5
    with batch():
        march = REGISTRY["first_topic_sessions"].compute(scope_for_org(world.a1), Period.month(2023, 3))
    assert march.value == 1
