"""The demo's transfers of organisational relationship (dangjian/demo/lifecycle.py) at a small scale:
spread over the year, and the year's rosters follow every move."""

import datetime as dt
from collections import Counter

import pytest
from django.utils import timezone

from dangjian.demo import builder as demo
from dangjian.meetings.models import Attendance
from dangjian.organizations.enums import OrgKind
from dangjian.organizations.models import PartyOrganization
from dangjian.people.models import MembershipPeriod
from dangjian.transfers.enums import TransferKind, TransferStatus
from dangjian.transfers.models import Transfer

YEAR = 2023


@pytest.fixture
def province(db):
    return demo.build(year=YEAR, scale=0.02, seed=7, password="Demo-Passw0rd!", log=lambda s: None)


def moves():
    return list(
        Transfer.objects.filter(kind=TransferKind.WITHIN, status=TransferStatus.COMPLETED).values_list(
            "person_id", "from_org_id", "to_org_id", "closed_on"
        )
    )


def test_moves_between_branches_spread_over_the_year(province):
    months = Counter(day.month for _p, _f, _t, day in moves())
    assert len(months) > 6
    # no month-end spike: no month holds a third of the year's moves
    assert max(months.values()) < sum(months.values()) / 3


def test_after_a_move_the_member_is_on_the_new_branchs_rosters_not_the_old_ones(province):
    branch_of = {
        o.pk: (o.parent_id if o.kind == OrgKind.PARTY_GROUP else o.pk)
        for o in PartyOrganization.objects.all()
    }
    rows: dict[int, list] = {}
    for pid, org, held in Attendance.objects.values_list(
        "person_id", "meeting__organization_id", "meeting__held_at"
    ):
        rows.setdefault(pid, []).append((branch_of[org], timezone.localtime(held).date()))
    checked: Counter[str] = Counter()
    for pid, old, new, day in moves():
        after = [branch for branch, held in rows.get(pid, []) if held >= day]
        before = [branch for branch, held in rows.get(pid, []) if held < day]
        assert old not in after, (pid, day)
        assert new not in before, (pid, day)
        checked["after"] += new in after
        checked["before"] += old in before
        periods = MembershipPeriod.objects.filter(person_id=pid)
        assert periods.filter(organization_id=old, valid_to=day).exists()
        assert periods.filter(organization_id=new, valid_from=day, reason="组织关系转接").exists()
    # most moved members attended meetings on both sides of their move
    assert checked["after"] > len(moves()) / 2 and checked["before"] > len(moves()) / 2
    assert all(day <= dt.date(YEAR, 12, 31) for *_x, day in moves())
