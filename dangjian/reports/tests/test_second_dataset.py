"""A second province (another seed, another scale) gives other figures, and each registered figure
equals an independent recount over the records in plain Python (no selector of the area is used).

Each area adds its metrics to RECOUNT: metric id -> function(year) -> the value recounted from the
rows. A registered seed metric without a recount is printed (a reminder, not a failure, so an area
landing before its recount does not break the suite)."""

import datetime as dt
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from dangjian.core.metrics import REGISTRY, Period, ReportScope, compute_all
from dangjian.materials.models import MaterialDistribution
from dangjian.meetings.enums import ORG_LIFE_KINDS, MeetingKind, MeetingStatus
from dangjian.meetings.models import Meeting, YouthGroupMember, YouthStudyGroup
from dangjian.organizations.models import PartyOrganization
from dangjian.people.models import MembershipPeriod
from dangjian.tests.personas import PASSWORD

SEED = json.loads((Path(__file__).parent / "data" / "seed-2023-figures.json").read_text(encoding="utf-8"))
YEAR = 2023


def _day(d: dt.datetime) -> dt.date:
    return timezone.localtime(d).date()


def _in_year(d, year=YEAR) -> bool:
    return (
        d is not None
        and (d if isinstance(d, dt.date) and not isinstance(d, dt.datetime) else _day(d)).year == year
    )


def _in_force(start, end, day) -> bool:
    return (start is None or start <= day) and (end is None or end > day)


def _overlaps(start, end, first, last) -> bool:
    return (start is None or start <= last) and (end is None or end > first)


def _members(year, statuses):
    day = dt.date(year, 12, 31)
    return sum(
        1
        for p in MembershipPeriod.objects.all().values("status", "valid_from", "valid_to")
        if p["status"] in statuses and _in_force(p["valid_from"], p["valid_to"], day)
    )


def _orgs(year, kind):
    day = dt.date(year, 12, 31)
    return sum(
        1
        for o in PartyOrganization.objects.values("kind", "established_on", "dissolved_on")
        if o["kind"] == kind and _in_force(o["established_on"], o["dissolved_on"], day)
    )


def _meetings():
    return list(
        Meeting.objects.values(
            "kind", "status", "held_at", "study_content", "organization__kind", "committee_attended", "unit_id",
            "youth_group_id",
        )
    )  # fmt: skip


def _youth_groups(year):
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return {
        g["id"]
        for g in YouthStudyGroup.objects.values("id", "established_on", "dissolved_on")
        if _overlaps(g["established_on"], g["dissolved_on"], first, last)
    }


def _youth_members(year):
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    groups = _youth_groups(year)
    return len(
        {
            m["person_id"]
            for m in YouthGroupMember.objects.values("person_id", "group_id", "joined_on", "left_on")
            if m["group_id"] in groups and _overlaps(m["joined_on"], m["left_on"], first, last)
        }
    )


RECOUNT = {
    "members_year_end": lambda y: _members(y, {"full", "probationary"}),
    "members_full_year_end": lambda y: _members(y, {"full"}),
    "members_probationary_year_end": lambda y: _members(y, {"probationary"}),
    "orgs_branch": lambda y: _orgs(y, "branch"),
    "orgs_general_branch": lambda y: _orgs(y, "general_branch"),
    "orgs_organ_committee": lambda y: _orgs(y, "organ_committee"),
    "study_materials_copies": lambda y: sum(
        d["copies"]
        for d in MaterialDistribution.objects.values("copies", "distributed_on")
        if d["distributed_on"].year == y
    ),
    "org_life_study_sessions": lambda y: sum(
        1
        for m in _meetings()
        if m["status"] == MeetingStatus.HELD
        and m["kind"] in {k.value for k in ORG_LIFE_KINDS}
        and m["study_content"]
        and m["organization__kind"] != "working_committee"
        and _in_year(m["held_at"], y)
    ),
    "central_group_sessions_attended": lambda y: len(
        {
            m["unit_id"]
            for m in _meetings()
            if m["kind"] == MeetingKind.CENTRAL_GROUP
            and m["status"] == MeetingStatus.HELD
            and m["committee_attended"]
            and m["unit_id"]
            and _in_year(m["held_at"], y)
        }
    ),
    "youth_study_groups": lambda y: len(_youth_groups(y)),
    "youth_study_group_members": _youth_members,
    "youth_study_group_activities": lambda y: sum(
        1
        for m in _meetings()
        if m["kind"] == MeetingKind.YOUTH_ACTIVITY
        and m["status"] == MeetingStatus.HELD
        and m["youth_group_id"]
        and _in_year(m["held_at"], y)
    ),
}


@pytest.fixture(scope="module")
def second_province(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        import os

        os.environ.setdefault("DANGJIAN_DEMO_PASSWORD", PASSWORD)
        call_command(
            "demo", "--year", str(YEAR), "--scale", "0.04", "--seed", "4242", "--reset", stdout=StringIO()
        )
        values = compute_all(ReportScope(), Period.year(YEAR))
        recounted = {mid: fn(YEAR) for mid, fn in RECOUNT.items() if mid in REGISTRY}
        yield values, recounted
        call_command("flush", "--no-input", verbosity=0)


@pytest.mark.django_db
def test_each_registered_figure_equals_its_independent_recount(second_province):
    values, recounted = second_province
    assert recounted, "no metric to recount"
    for mid, expected in recounted.items():
        assert float(values[mid]) == float(expected), mid
    assert values["members_year_end"] > 0
    waiting = sorted({f["id"] for f in SEED["figures"]} & set(REGISTRY) - set(RECOUNT))
    if waiting:  # a reminder for the areas, not a failure
        print(f"registered seed metrics without an independent recount yet: {', '.join(waiting)}")


@pytest.mark.django_db
def test_the_second_province_gives_other_figures_than_the_seed(second_province):
    values, _recounted = second_province
    seed = {f["id"]: f["value"] for f in SEED["figures"]}
    compared = [mid for mid in seed if mid in values]
    assert compared
    assert sum(1 for mid in compared if float(values[mid]) != float(seed[mid])) >= max(1, len(compared) // 2)
