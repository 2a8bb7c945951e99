"""Membership periods: the one module every change of membership goes through."""

import datetime as dt

import pytest

from dangjian.core.errors import ApplicationError
from dangjian.people import errors, membership, services
from dangjian.people.enums import MembershipStatus
from dangjian.people.models import MembershipPeriod


def test_the_period_in_force_on_a_day_follows_a_status_change(world):
    person = world.people["other_a1"]
    services.membership_update(
        actor=world.secretary, person=person, status=MembershipStatus.FULL, full_on=dt.date(2011, 7, 1)
    )
    assert membership.membership_as_of(person, dt.date(2010, 6, 30)) is None
    probationary = membership.membership_as_of(person, dt.date(2011, 6, 30))
    full = membership.membership_as_of(person, dt.date(2011, 7, 1))  # [from, to)
    assert probationary is not None and probationary.status == MembershipStatus.PROBATIONARY
    assert full is not None and full.status == MembershipStatus.FULL


def test_closing_before_a_period_began_ends_it_on_its_first_day(world):
    person = world.people["other_a1"]
    membership.membership_change(person, world.a1, MembershipStatus.FULL, dt.date(2000, 1, 1), "更正")
    periods = list(
        MembershipPeriod.objects.filter(person=person).values_list("status", "valid_from", "valid_to")
    )
    assert periods == [
        ("full", dt.date(2000, 1, 1), None),
        ("probationary", dt.date(2010, 7, 1), dt.date(2010, 7, 1)),
    ]


def test_a_full_member_needs_an_admission_date_even_with_a_full_date(world):
    with pytest.raises(ApplicationError) as e:
        membership.membership_check(
            MembershipStatus.FULL, {"full_on": dt.date(2011, 7, 1)}, dt.date(1980, 1, 1), world.a1
        )
    assert e.value.field == "admitted_on"
    assert e.value.message == errors.ERR_STATUS_DATE.format(status="正式党员", field="入党日期")


def test_the_day_a_status_took_effect_is_its_own_date():
    dates = {"applied_on": dt.date(2008, 3, 1), "admitted_on": dt.date(2010, 7, 1), "full_on": None}
    assert membership.since_of(MembershipStatus.PROBATIONARY, dates) == dt.date(2010, 7, 1)
    assert membership.since_of(MembershipStatus.FULL, dates) == dt.date.today()  # unknown: from today


def test_membership_counts_cover_the_actors_scope_only(world):
    from django.db.models import Count

    from dangjian.people import selectors
    from dangjian.people.models import Membership

    every = dict(Membership.objects.values_list("status").annotate(n=Count("id")).order_by())
    assert selectors.membership_counts(actor=world.committee) == every
    mine = selectors.membership_counts(actor=world.secretary)
    in_a1 = dict(
        Membership.objects.filter(person__organization__path__startswith=world.a1.path)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    assert mine == in_a1 and sum(mine.values()) < sum(every.values())
