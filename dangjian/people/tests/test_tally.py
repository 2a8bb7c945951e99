"""The membership tally (people.tally) is kept by the database: every way a membership period is
opened, closed, reopened, moved, re-statused or deleted changes it in the same transaction, and it
always equals a recount from the periods; the counts by status on a day read from it equal
`members_on` counted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count

from dangjian.core import bulk
from dangjian.people import tally
from dangjian.people.enums import MembershipStatus
from dangjian.people.models import MembershipPeriod, MembershipTally
from dangjian.people.selectors import members_on, status_counts_on

D = dt.date
FULL, PROB, APPL = MembershipStatus.FULL, MembershipStatus.PROBATIONARY, MembershipStatus.APPLICANT


@pytest.fixture
def clean(world):
    """The world without its own periods, so the counts below are only the test's."""
    MembershipPeriod.objects.all().delete()
    return world


def period(world, org=None, status=FULL, since=None, until=None, person="member_a1"):
    return MembershipPeriod.objects.create(
        person=world.people[person],
        organization=org or world.a1,
        status=status,
        valid_from=since or D(2020, 1, 1),
        valid_to=until,
    )


def open_counts(org) -> dict[str, int]:
    """{status: open periods} of the tally row of `org`, statuses with none left out."""
    row = MembershipTally.objects.filter(organization=org).values_list(*tally.COLUMNS).first() or ()
    return {status: n for status, n in zip(tally.STATUSES, row, strict=False) if n}


def test_the_tally_has_a_column_for_every_status():
    """A new status needs its column (and the triggers installed again): this fails until then."""
    fields = {f.name for f in MembershipTally._meta.get_fields()}
    assert set(tally.STATUSES) == set(MembershipStatus.values)
    assert {f"n_{status}" for status in MembershipStatus.values} <= fields


def test_the_world_s_periods_are_counted_and_agree(world):
    assert MembershipTally.objects.exists()
    assert tally.differences() == {}


def test_open_periods_are_counted_and_closed_ones_are_not(clean):
    period(clean, status=FULL)
    period(clean, status=FULL, person="other_a1")
    period(clean, status=PROB, since=D(2019, 1, 1), until=D(2020, 1, 1))
    assert open_counts(clean.a1) == {FULL: 2}
    assert tally.differences() == {}


def test_closing_reopening_re_statusing_and_moving_change_the_tally(clean):
    p = period(clean, status=PROB)
    assert open_counts(clean.a1) == {PROB: 1}
    p.valid_to = D(2021, 1, 1)
    p.save(update_fields=["valid_to"])
    assert open_counts(clean.a1) == {}
    p.valid_to = None
    p.save()
    assert open_counts(clean.a1) == {PROB: 1}
    MembershipPeriod.objects.filter(pk=p.pk).update(status=FULL)
    assert open_counts(clean.a1) == {FULL: 1}
    MembershipPeriod.objects.filter(pk=p.pk).update(organization=clean.b1)  # a merge moves them like this
    assert open_counts(clean.a1) == {} and open_counts(clean.b1) == {FULL: 1}
    p.refresh_from_db()
    p.reason = "改了原因"
    p.valid_from = D(2018, 1, 1)  # the start plays no part in the tally
    p.save()
    assert open_counts(clean.b1) == {FULL: 1}
    assert tally.differences() == {}


def test_deleting_a_period_or_its_person_removes_the_count(clean):
    period(clean, person="member_a2", org=clean.a2)
    gone = period(clean)
    gone.delete()
    assert open_counts(clean.a1) == {}
    clean.people["member_a2"].delete()  # the periods go by cascade
    assert open_counts(clean.a2) == {}
    assert tally.differences() == {}


def test_bulk_writers_are_counted_too(clean):
    rows = MembershipPeriod.objects.bulk_create(
        [
            MembershipPeriod(
                person=clean.people[name], organization=clean.a1, status=APPL, valid_from=D(2022, 5, 1)
            )
            for name in ("member_a1", "other_a1")
        ]
    )
    for row in rows:
        row.valid_to = D(2023, 5, 1)
    MembershipPeriod.objects.bulk_update(rows[:1], ["valid_to"])  # as the roster import closes periods
    ids = bulk.reserve_ids(MembershipPeriod, 1)
    bulk.insert_rows(
        MembershipPeriod,
        [
            {
                "id": ids[0],
                "person_id": clean.people["member_b1"].id,
                "organization_id": clean.b1.id,
                "status": FULL,
                "valid_from": D(2001, 7, 1),
                "valid_to": None,
                "reason": "",
            }
        ],
    )
    assert open_counts(clean.a1) == {APPL: 1} and open_counts(clean.b1) == {FULL: 1}
    assert tally.differences() == {}


def test_a_rolled_back_write_leaves_no_count(clean):
    with pytest.raises(RuntimeError), transaction.atomic():
        period(clean)
        raise RuntimeError
    assert open_counts(clean.a1) == {}


def test_differences_finds_a_tally_gone_wrong_and_rebuild_mends_it(clean):
    period(clean)
    period(clean, org=clean.b1, person="member_b1", status=PROB)
    MembershipTally.objects.filter(organization=clean.a1).update(n_full=5)  # as after a hand edit
    MembershipTally.objects.filter(organization=clean.b1).delete()
    wrong = tally.differences()
    full, prob = tally.STATUSES.index(FULL), tally.STATUSES.index(PROB)
    assert set(wrong) == {(clean.a1.id,), (clean.b1.id,)}
    assert wrong[(clean.a1.id,)][0][full] == 5 and wrong[(clean.a1.id,)][1][full] == 1
    assert wrong[(clean.b1.id,)][0][prob] == 0 and wrong[(clean.b1.id,)][1][prob] == 1
    tally.rebuild()
    assert tally.differences() == {}
    assert open_counts(clean.a1) == {FULL: 1} and open_counts(clean.b1) == {PROB: 1}


def test_the_triggers_exist_on_this_database(db):
    """The migration created them on this vendor (SQLite and PostgreSQL both run this suite)."""
    assert tally.installed()


def test_the_command_reports_a_wrong_tally_and_rebuilds_it(clean, capsys):
    period(clean)
    call_command("membership_tally")
    assert "一致" in capsys.readouterr().out
    MembershipTally.objects.update(n_full=0)
    with pytest.raises(SystemExit):
        call_command("membership_tally")
    assert "1 组" in capsys.readouterr().out
    call_command("membership_tally", "--rebuild")
    assert "现在不一致的组数：0" in capsys.readouterr().out
    assert open_counts(clean.a1) == {FULL: 1}


def test_the_command_refuses_to_vouch_for_a_database_without_the_triggers(clean, capsys):
    with tally.TALLY.suspended():  # the triggers dropped, and put back with a recount after
        assert not tally.installed()
        with pytest.raises(SystemExit) as exc:
            call_command("membership_tally")
        assert exc.value.code == 2 and "migrate" in capsys.readouterr().out
    assert tally.installed()
    period(clean)
    assert open_counts(clean.a1) == {FULL: 1}


def test_counts_on_a_day_equal_the_periods_in_force_then(clean):
    """Every kind of period around the days asked: open since long ago, open from a day after,
    closed before, closed on the day (not in force), closed after (in force), starting and ending
    after, starting on the day, moved between organisations."""
    period(clean, status=FULL, since=D(1999, 7, 1))
    period(clean, status=PROB, since=D(2022, 7, 1), until=D(2023, 7, 1), person="other_a1")
    period(clean, status=FULL, since=D(2023, 7, 1), person="other_a1")
    period(clean, org=clean.a2, status=APPL, since=D(2021, 3, 1), until=D(2022, 12, 31), person="member_a2")
    period(clean, org=clean.a2, status=PROB, since=D(2022, 12, 31), until=D(2024, 1, 1), person="member_a2")
    period(clean, org=clean.a3, status=FULL, since=D(2024, 2, 1), person="member_a2")  # moved
    period(clean, org=clean.b1, status=FULL, since=D(2010, 1, 1), until=D(2023, 12, 31), person="member_b1")
    period(clean, org=clean.b1, status=APPL, since=D(2024, 3, 1), until=D(2024, 5, 1), person="member_a3")
    days = [D(1990, 1, 1), D(2022, 12, 30), D(2022, 12, 31), D(2023, 6, 30), D(2023, 12, 31), D(2024, 3, 1)]
    paths = ["", clean.root.path, clean.oc_a.path, clean.a1.path, clean.a2.path, clean.b1.path, clean.a3.path]
    for day in days:
        for path in paths:
            expected = dict(
                members_on(day=day, org_path=path, statuses=MembershipStatus.values)
                .values_list("status")
                .annotate(n=Count("id"))
                .order_by()
            )
            assert status_counts_on(day=day, org_path=path) == expected, (day, path)
    assert status_counts_on(day=D(2023, 12, 31), org_path=clean.root.path) == {FULL: 2, PROB: 1}
