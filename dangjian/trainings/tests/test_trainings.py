"""Trainings: classes, enrolment, daily attendance, the completion rule, seats and hours."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from dangjian.activities.enums import ParticipationStatus
from dangjian.activities.models import Participation
from dangjian.core.errors import ApplicationError
from dangjian.core.metrics import REGISTRY, Period, ReportScope, scope_for_org
from dangjian.people.enums import Post
from dangjian.people.models import CadrePost
from dangjian.trainings import selectors, services
from dangjian.trainings.models import Certificate, ClassAttendance, HoursRequirement

AFTER = dt.date(2023, 5, 1)


def _days(n):
    return [dt.date(2023, 4, 1) + dt.timedelta(days=i) for i in range(n)]


def _attend(world, tc, row, days):
    for d in days:
        present = set(
            ClassAttendance.objects.filter(participation__activity=tc.activity, day=d).values_list(
                "participation_id", flat=True
            )
        )
        services.attendance_record(
            actor=world.committee, training_class=tc, day=d, present_ids=present | {row.pk}
        )


def test_classes_are_numbered_and_a_number_is_not_taken_twice(world, programme, tc):
    assert (tc.number, tc.activity.title) == (1, "处级领导干部学习贯彻党的二十大精神培训班第1期")
    second = services.class_create(
        actor=world.committee,
        programme=programme,
        first_day=dt.date(2023, 5, 1),
        last_day=dt.date(2023, 5, 5),
        hours=20,
    )
    assert second.number == 2
    with pytest.raises(ApplicationError, match="已有第2期"):
        services.class_create(
            actor=world.committee,
            programme=programme,
            number=2,
            first_day=dt.date(2023, 6, 1),
            last_day=dt.date(2023, 6, 1),
            hours=8,
        )


def test_a_class_outside_the_programme_period_is_refused(world, programme):
    with pytest.raises(ApplicationError, match="不在所属主题活动的期间"):
        services.class_create(
            actor=world.committee,
            programme=programme,
            first_day=dt.date(2023, 2, 1),
            last_day=dt.date(2023, 2, 3),
            hours=8,
        )


def test_a_trainee_enrolled_twice_is_refused_and_nothing_written(world, tc):
    a1, a2 = world.people["member_a1"], world.people["member_a2"]
    services.trainees_enrol(actor=world.committee, training_class=tc, person_ids=[a1.pk])
    with pytest.raises(ApplicationError, match="张三已在本活动的参加人员中"):
        services.trainees_enrol(actor=world.committee, training_class=tc, person_ids=[a2.pk, a1.pk])
    assert Participation.objects.filter(activity=tc.activity).count() == 1


def test_attendance_on_a_day_the_class_does_not_run_is_refused(world, tc):
    (row,) = services.trainees_enrol(
        actor=world.committee, training_class=tc, person_ids=[world.people["member_a1"].pk]
    )
    for day in (dt.date(2023, 3, 31), dt.date(2023, 4, 11)):
        with pytest.raises(ApplicationError, match="本期培训班不开班"):
            services.attendance_record(
                actor=world.committee, training_class=tc, day=day, present_ids=[row.pk]
            )
    assert not ClassAttendance.objects.exists()
    services.attendance_record(
        actor=world.committee, training_class=tc, day=dt.date(2023, 4, 10), present_ids=[row.pk]
    )
    row.refresh_from_db()
    assert row.status == ParticipationStatus.PRESENT


def test_attendance_for_someone_not_in_the_class_is_refused(world, tc, programme):
    other = services.class_create(
        actor=world.committee,
        programme=programme,
        first_day=dt.date(2023, 4, 1),
        last_day=dt.date(2023, 4, 2),
        hours=8,
    )
    (row,) = services.trainees_enrol(
        actor=world.committee, training_class=other, person_ids=[world.people["member_a1"].pk]
    )
    with pytest.raises(ApplicationError, match="不是本期培训班的学员"):
        services.attendance_record(
            actor=world.committee, training_class=tc, day=dt.date(2023, 4, 1), present_ids=[row.pk]
        )


def test_completion_at_the_rule_boundary(world, tc):
    nine, eight = services.trainees_enrol(
        actor=world.committee,
        training_class=tc,
        person_ids=[world.people["member_a1"].pk, world.people["member_a2"].pk],
    )
    _attend(world, tc, nine, _days(9))  # 9 of 10 days = 90 %: meets the rule
    _attend(world, tc, eight, _days(8))  # 80 %: does not
    with pytest.raises(
        ApplicationError, match=r"王五出勤8天（共10天，80.0%），未达到本培训项目的结业条件：出勤率不低于90%"
    ):
        services.trainee_complete(actor=world.committee, training_class=tc, participation=eight, today=AFTER)
    eight.refresh_from_db()
    assert eight.status == ParticipationStatus.PRESENT and not Certificate.objects.exists()

    result = services.class_complete(actor=world.committee, training_class=tc, today=AFTER)
    assert (result.completed, result.not_met) == (1, ["王五"])
    nine.refresh_from_db()
    assert (nine.status, nine.hours) == (ParticipationStatus.COMPLETED, Decimal("40.0"))
    assert Certificate.objects.get(participation=nine).number.startswith("2023-")
    with pytest.raises(ApplicationError, match="张三已结业"):
        services.trainee_complete(actor=world.committee, training_class=tc, participation=nine, today=AFTER)


def test_completion_before_the_class_ends_is_refused(world, tc):
    with pytest.raises(ApplicationError, match="结束前不能结业"):
        services.class_complete(actor=world.committee, training_class=tc, today=dt.date(2023, 4, 9))
    services.class_complete(actor=world.committee, training_class=tc, today=dt.date(2023, 4, 10))


def test_units_enrol_up_to_their_seats(world, tc):
    a1, other, a2 = (world.people[k].pk for k in ("member_a1", "other_a1", "member_a2"))
    with pytest.raises(ApplicationError, match="省财政厅本期名额为0人"):
        services.trainees_enrol(actor=world.unit_staff, training_class=tc, person_ids=[a1])
    services.quota_set(actor=world.committee, training_class=tc, unit=world.unit_a, seats=2)
    services.trainees_enrol(actor=world.unit_staff, training_class=tc, person_ids=[a1, other])
    with pytest.raises(ApplicationError, match="省财政厅本期名额为2人，已报名2人，不能再报名1人"):
        services.trainees_enrol(actor=world.unit_staff, training_class=tc, person_ids=[a2])
    # The organiser is not held to the units' seats, but to the class's.
    services.trainees_enrol(actor=world.committee, training_class=tc, person_ids=[a2])


def test_the_class_seats_hold_for_everyone(world, programme):
    small = services.class_create(
        actor=world.committee, programme=programme, first_day=AFTER, last_day=AFTER, hours=4, seats=1
    )
    services.trainees_enrol(
        actor=world.committee, training_class=small, person_ids=[world.people["member_a1"].pk]
    )
    with pytest.raises(ApplicationError, match="本期培训班限1人"):
        services.trainees_enrol(
            actor=world.committee, training_class=small, person_ids=[world.people["member_a2"].pk]
        )


def test_only_the_organiser_sets_seats_and_records_attendance(world, tc):
    from dangjian.core.errors import Forbidden

    with pytest.raises(Forbidden):
        services.quota_set(actor=world.unit_staff, training_class=tc, unit=world.unit_a, seats=5)
    with pytest.raises(Forbidden):
        services.attendance_record(
            actor=world.unit_staff, training_class=tc, day=dt.date(2023, 4, 1), present_ids=[]
        )


def test_hours_against_the_requirement(world, tc):
    a1, a2 = world.people["member_a1"], world.people["member_a2"]
    CadrePost.objects.create(
        person=a2, organization=world.a2, post=Post.SECRETARY, started_on=dt.date(2020, 1, 1)
    )
    rows = services.trainees_enrol(actor=world.committee, training_class=tc, person_ids=[a1.pk, a2.pk])
    for r in rows:
        _attend(world, tc, r, _days(10))
    services.class_complete(actor=world.committee, training_class=tc, today=AFTER)
    by_name = {r.name: r for r in selectors.hours_rows(actor=world.committee, year=2023)}
    assert (by_name["张三"].hours, by_name["张三"].required, by_name["张三"].short) == (
        Decimal("40.0"),
        32,
        False,
    )
    assert (by_name["王五"].category, by_name["王五"].required, by_name["王五"].short) == ("leader", 56, True)
    assert by_name["赵六"].hours == 0
    # The committee raises the members' requirement (the row exists after migrating; a test database
    # flushed by an earlier transactional test has none, and the defaults apply).
    HoursRequirement.objects.update_or_create(category="member", defaults={"hours": 48, "source": "工委规定"})
    assert {r.name: r.short for r in selectors.hours_rows(actor=world.committee, year=2023)}["张三"] is True
    # A branch secretary sees the hours of their own branch only.
    assert {r.name for r in selectors.hours_rows(actor=world.secretary, year=2023)} == {"张三", "李四"}


def test_metrics_count_classes_and_completed_enrolments_in_scope(world, programme, tc):
    rows = services.trainees_enrol(
        actor=world.committee,
        training_class=tc,
        person_ids=[world.people["member_a1"].pk, world.people["member_b1"].pk],
    )
    for r in rows:
        _attend(world, tc, r, _days(10))
    services.class_complete(actor=world.committee, training_class=tc, today=AFTER)
    services.class_create(
        actor=world.committee, programme=programme, first_day=AFTER, last_day=AFTER, hours=4
    )
    year = Period.year(2023)
    classes, trainees = (
        REGISTRY["cadre_20th_congress_training_classes"],
        REGISTRY["cadre_20th_congress_trainees"],
    )
    assert classes.compute(ReportScope(), year).value == 2
    assert trainees.compute(ReportScope(), year).value == 2
    # Unit A's scope: the class its member attended, and that member.
    assert classes.compute(scope_for_org(world.oc_a), year).value == 1
    assert trainees.compute(scope_for_org(world.oc_a), year).value == 1
    assert REGISTRY["member_education_classes"].compute(ReportScope(), year).value == 0
    assert trainees.compute(ReportScope(), Period.year(2024)).value == 0
