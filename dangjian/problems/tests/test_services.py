"""Recording problems: owners, default deadlines across weekends and holidays, refusals, and the
bulk service other areas call (all or nothing)."""

from __future__ import annotations

import datetime as dt

import pytest

from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.models import AuditEvent
from dangjian.core.workdays import Calendar, add_months, override_add
from dangjian.problems import errors, rules, services
from dangjian.problems.enums import ProblemSource
from dangjian.problems.models import Problem, ProblemEvent
from dangjian.problems.tests.factories import make_problem


def test_a_unit_problem_is_filed_under_its_organ_committee_and_assigned_by_the_committee(world):
    p = make_problem(world)
    assert p.organization == world.oc_a and p.raised_by == world.root and p.root == world.root
    assert p.year == 2022 and p.deadline == dt.date(2023, 5, 15)  # three months, a Monday


def test_unit_staff_assign_to_their_own_branch_and_verify_it_themselves(world):
    p = make_problem(world, actor=world.unit_staff, organization=world.a1)
    assert p.unit == world.unit_a and p.raised_by == world.oc_a


def test_a_problem_outside_the_actor_scope_is_refused(world):
    with pytest.raises(ApplicationError, match="不在您的管理范围内"):
        make_problem(world, actor=world.unit_staff, unit=world.unit_b)
    with pytest.raises(Forbidden):
        make_problem(world, actor=world.auditor)
    assert not Problem.objects.exists()


def test_an_organisation_of_another_unit_is_refused(world):
    with pytest.raises(ApplicationError, match="不属于单位"):
        make_problem(world, unit=world.unit_b, organization=world.a1)


@pytest.mark.parametrize(
    "found_on,deadline",
    [
        (dt.date(2023, 2, 15), dt.date(2023, 5, 15)),  # 15 May 2023, a Monday: kept
        (dt.date(2023, 3, 3), dt.date(2023, 6, 5)),  # 3 Jun 2023, a Saturday: Monday 5 Jun
        (dt.date(2023, 7, 2), dt.date(2023, 10, 7)),  # 2 Oct: National Day; Sat 7 Oct was a working day
        (dt.date(2023, 11, 30), dt.date(2024, 2, 29)),  # no 30 Feb: the month's last day, a Thursday
        (dt.date(2023, 10, 1), dt.date(2024, 1, 2)),  # 1 Jan 2024: New Year's Day → Tuesday 2 Jan
    ],
)
def test_the_default_deadline_rolls_to_the_next_working_day(found_on, deadline, db):
    cal = Calendar.load()
    got = rules.default_deadline(found_on, cal=cal)
    assert got == deadline and cal.is_working_day(got)
    d = add_months(found_on, 3)  # every day skipped is a day off
    while d < got:
        assert not cal.is_working_day(d)
        d += dt.timedelta(days=1)


def test_national_day_2023_moves_to_the_first_working_day_after_the_holiday(db):
    # 29 Sep - 6 Oct 2023 were off; 7 and 8 Oct (Sat, Sun) were adjusted working days.
    assert rules.default_deadline(dt.date(2023, 7, 1)) == dt.date(2023, 10, 7)
    assert rules.roll_to_working_day(dt.date(2023, 9, 29)) == dt.date(2023, 10, 7)


def test_the_committees_own_day_off_moves_a_deadline(world):
    override_add(actor=world.committee, day=dt.date(2023, 5, 15), is_working_day=False, note="工委调休")
    assert make_problem(world).deadline == dt.date(2023, 5, 16)


def test_an_explicit_deadline_on_a_sunday_rolls_to_monday_and_one_before_the_finding_is_refused(world):
    assert make_problem(world, deadline=dt.date(2023, 4, 2)).deadline == dt.date(2023, 4, 3)
    with pytest.raises(ApplicationError, match="整改时限不能早于发现日期"):
        make_problem(world, deadline=dt.date(2023, 1, 1))


def test_bad_input_names_the_field(world):
    with pytest.raises(ApplicationError) as e:
        make_problem(world, description="   ")
    assert e.value.field == "description" and e.value.message == errors.ERR_DESCRIPTION
    with pytest.raises(ApplicationError) as e:
        make_problem(world, source="nonsense")
    assert e.value.field == "source"
    with pytest.raises(ApplicationError) as e:
        make_problem(world, found_on=dt.date(2999, 1, 1))
    assert e.value.field == "found_on"


def test_bulk_creation_is_all_or_nothing_and_names_the_bad_row(world):
    good = {"source": ProblemSource.SURVEY, "description": "驻村干部在村天数不足", "unit": world.unit_a}
    before = AuditEvent.objects.count()
    with pytest.raises(ApplicationError, match="第3条：") as e:
        services.problems_create_bulk(
            actor=world.committee, rows=[good, good, {**good, "description": ""}, good]
        )
    assert e.value.extra["row"] == 3
    assert not Problem.objects.exists() and not ProblemEvent.objects.exists()
    assert AuditEvent.objects.count() == before
    created = services.problems_create_bulk(
        actor=world.committee, rows=[good, {**good, "unit": world.unit_b}]
    )
    assert len(created) == 2 and ProblemEvent.objects.count() == 2
    assert AuditEvent.objects.count() == before + 2


def test_the_owner_updates_progress_and_only_the_assigner_moves_the_deadline(world):
    p = make_problem(world)
    services.problem_update(actor=world.unit_staff, problem=p, progress="已制定整改方案", responsible="李四")
    p.refresh_from_db()
    assert p.progress == "已制定整改方案" and p.responsible == "李四"
    with pytest.raises(ApplicationError, match=errors.ERR_DEADLINE_BY_VERIFIER):
        services.problem_update(actor=world.unit_staff, problem=p, deadline=dt.date(2023, 12, 29))
    services.problem_update(actor=world.committee, problem=p, deadline=dt.date(2023, 12, 29))
    p.refresh_from_db()
    assert p.deadline == dt.date(2023, 12, 29)
    with pytest.raises(Forbidden):
        services.problem_update(actor=world.secretary, problem=p, progress="x")
