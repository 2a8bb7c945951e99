"""The oversight stage of the demo: the assessment's problem list, exact by construction at any
scale, with a timeline that agrees with each problem's state."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from dangjian.core.metrics import Period, ReportScope, compute_all
from dangjian.problems.enums import ProblemSource, ProblemStatus
from dangjian.problems.models import Problem, ProblemEvent
from dangjian.tests.personas import PASSWORD

SCALE = 0.05


@pytest.fixture
def demo(db, monkeypatch):
    monkeypatch.setenv("DANGJIAN_DEMO_PASSWORD", PASSWORD)
    out = StringIO()
    call_command("demo", "--year", "2023", "--scale", str(SCALE), "--seed", "5", stdout=out)
    return out.getvalue()


def test_the_assessment_problems_come_out_of_the_records_as_scaled(demo):
    figures = compute_all(
        ReportScope(),
        Period.year(2023),
        ["assessment_problems", "rectifying_units", "rectifying_subordinate_units"],
    )
    assert figures["rectifying_units"] == round(94 * SCALE)
    assert figures["rectifying_subordinate_units"] == max(1, round(19 * SCALE))
    assert figures["assessment_problems"] == round(843 * SCALE)
    assessed = Problem.objects.filter(source=ProblemSource.ASSESSMENT)
    assert set(assessed.values_list("year", flat=True)) == {2022}
    assert all(p.found_on.year == 2023 for p in assessed)


def test_every_problem_timeline_agrees_with_its_state(demo):
    counts = dict(ProblemEvent.objects.values_list("problem_id").annotate(n=Count("id")))
    for p in Problem.objects.all():
        events = list(
            ProblemEvent.objects.filter(problem=p).order_by("at", "id").values_list("transition", "to_state")
        )
        assert events[0] == ("create", ProblemStatus.ASSIGNED)
        assert events[-1][1] == p.status, (p.pk, events)
        assert counts[p.pk] == len(events)
        if p.status == ProblemStatus.CLOSED:
            assert p.closed_on and p.submitted_on and p.submitted_on <= p.closed_on
    statuses = set(Problem.objects.values_list("status", flat=True))
    assert ProblemStatus.CLOSED in statuses and len(statuses) > 1


def test_the_assessment_scores_add_up_and_stay_within_each_indicator(demo):
    from django.db.models import F, Sum

    from dangjian.assessments.models import (
        AppraisalRating,
        AssessedUnit,
        Assessment,
        Score,
        SecretaryAppraisal,
    )

    a = Assessment.objects.get(year=2022)
    assert a.status == "published" and a.units.count() > 0
    assert not Score.objects.filter(score__gt=F("indicator__max_score")).exists()
    for au in AssessedUnit.objects.filter(assessment=a):
        assert au.total == Score.objects.filter(assessed=au).aggregate(n=Sum("score"))["n"]
        assert au.grade == a.grade_for(au.total)
    assert SecretaryAppraisal.objects.filter(status="concluded").exists()
    assert AppraisalRating.objects.exists()


def test_the_assessment_and_appraisal_timelines_follow_their_workflows(demo):
    from dangjian.assessments.models import Assessment, SecretaryAppraisal
    from dangjian.assessments.workflows import APPRAISAL, ASSESSMENT

    a = Assessment.objects.get(year=2022)
    events = list(a.events.order_by("at", "id"))
    assert [(e.transition, e.from_state, e.to_state) for e in events] == [
        ("start_scoring", "draft", "scoring"),
        ("publish", "scoring", "published"),
    ]
    publisher = events[-1].actor
    assert events[-1].at.date() == a.published_on and publisher and publisher.username == "demo-committee"
    assert [t.name for t in ASSESSMENT.transitions] == [e.transition for e in events]
    appraisals = SecretaryAppraisal.objects.prefetch_related("events", "ratings")
    assert appraisals.exists()
    for ap in appraisals:
        steps = sorted(ap.events.all(), key=lambda e: (e.at, e.id))
        assert [(e.transition, e.to_state) for e in steps] == [
            ("report", "reported"),
            ("conclude", ap.status),
        ]
        assert steps[0].at.date() == ap.reported_on and steps[1].at.date() == ap.concluded_on
        assert sum(steps[1].data["ratings"].values()) == len(ap.ratings.all())
        assert all(APPRAISAL.transition(e.transition) for e in steps)
