"""The rectification workflow: every allowed and refused transition, the rule cited on refusal,
nothing written by a refusal, the timeline row and audit row in the same transaction."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from dangjian.core import workflow
from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.models import AuditAction, AuditEvent
from dangjian.problems import errors, services
from dangjian.problems.enums import ProblemStatus as S
from dangjian.problems.models import Problem, ProblemEvent
from dangjian.problems.tests.factories import make_problem
from dangjian.problems.workflows import RECTIFICATION


def _to(problem, world, state):
    """Move a fresh problem to `state` along the happy path."""
    steps = {
        S.ASSIGNED: [],
        S.RECTIFYING: [("start", world.unit_staff, "")],
        S.SUBMITTED: [("start", world.unit_staff, ""), ("submit", world.unit_staff, "已建立记录模板")],
        S.CLOSED: [
            ("start", world.unit_staff, ""),
            ("submit", world.unit_staff, "已建立记录模板"),
            ("verify", world.committee, ""),
        ],
    }[state]
    for name, actor, note in steps:
        services.problem_transition(actor=actor, problem=problem, name=name, note=note)
    problem.refresh_from_db()
    assert problem.status == state
    return problem


def _events(problem):
    return list(ProblemEvent.objects.filter(problem=problem).values_list("transition", flat=True))


def test_the_happy_path_writes_a_timeline_row_and_an_audit_row_per_step(world):
    p = make_problem(world)
    assert p.status == S.ASSIGNED and _events(p) == ["create"]
    _to(p, world, S.CLOSED)
    assert _events(p) == ["create", "start", "submit", "verify"]
    assert p.result == "已建立记录模板" and p.submitted_on and p.closed_on
    transitions = AuditEvent.objects.filter(object_type="problems.problem", action=AuditAction.TRANSITION)
    assert transitions.count() == 3
    assert AuditEvent.objects.filter(object_type="problems.problem", action=AuditAction.CREATE).count() == 1


ALLOWED = [  # (state, transition, actor role, note) -> target
    (S.ASSIGNED, "start", "unit_staff", "", S.RECTIFYING),
    (S.ASSIGNED, "start", "committee", "", S.RECTIFYING),
    (S.RECTIFYING, "submit", "unit_staff", "整改完成", S.SUBMITTED),
    (S.SUBMITTED, "verify", "committee", "", S.CLOSED),
    (S.SUBMITTED, "return", "committee", "措施未落实", S.RECTIFYING),
    (S.CLOSED, "reopen", "committee", "回头看发现反弹", S.RECTIFYING),
]


@pytest.mark.parametrize("state,name,role,note,target", ALLOWED)
def test_each_allowed_transition(world, state, name, role, note, target):
    p = _to(make_problem(world), world, state)
    services.problem_transition(actor=getattr(world, role), problem=p, name=name, note=note)
    p.refresh_from_db()
    assert p.status == target
    assert _events(p)[-1] == name


NAMES = [t.name for t in RECTIFICATION.transitions]


@pytest.mark.parametrize("state", [S.ASSIGNED, S.RECTIFYING, S.SUBMITTED, S.CLOSED])
def test_every_transition_not_from_the_current_state_is_refused_and_writes_nothing(world, state):
    p = _to(make_problem(world), world, state)
    allowed_here = {name for s, name, *_ in ALLOWED if s == state}
    for name in NAMES:
        if name in allowed_here:
            continue
        before = ProblemEvent.objects.count(), AuditEvent.objects.count()
        with pytest.raises(ApplicationError) as e:
            services.problem_transition(actor=world.committee, problem=p, name=name, note="说明")
        assert "不能执行" in e.value.message
        assert (ProblemEvent.objects.count(), AuditEvent.objects.count()) == before
        p.refresh_from_db()
        assert p.status == state


def test_closing_an_unsubmitted_problem_is_refused(world):
    p = _to(make_problem(world), world, S.RECTIFYING)
    with pytest.raises(ApplicationError, match="当前状态为“整改中”，不能执行“核验销号”"):
        services.problem_verify(actor=world.committee, problem=p)


REFUSED_ROLES = [  # (state, transition, role): not permitted, the rule cited
    (S.ASSIGNED, "start", "secretary", errors.RULE_RECTIFY_BY_OWNER),  # a1's secretary: owner is oc_a
    (S.ASSIGNED, "start", "auditor", errors.RULE_RECTIFY_BY_OWNER),
    (S.RECTIFYING, "submit", "branch_committee", errors.RULE_RECTIFY_BY_OWNER),
    (S.SUBMITTED, "verify", "unit_staff", errors.RULE_VERIFY_BY_ASSIGNER),  # the owner may not close its own
    (S.SUBMITTED, "return", "unit_staff", errors.RULE_VERIFY_BY_ASSIGNER),
    (S.CLOSED, "reopen", "unit_staff", errors.RULE_VERIFY_BY_ASSIGNER),
    (S.SUBMITTED, "verify", "auditor", errors.RULE_VERIFY_BY_ASSIGNER),
]


@pytest.mark.parametrize("state,name,role,rule", REFUSED_ROLES)
def test_each_refused_actor_gets_the_rule_and_nothing_is_written(world, state, name, role, rule):
    p = _to(make_problem(world), world, state)
    before = ProblemEvent.objects.count(), AuditEvent.objects.count()
    with pytest.raises(Forbidden) as e:
        services.problem_transition(actor=getattr(world, role), problem=p, name=name, note="理由")
    assert rule in e.value.message
    assert (ProblemEvent.objects.count(), AuditEvent.objects.count()) == before


def test_submit_needs_the_result_and_return_and_reopen_need_reasons(world):
    p = _to(make_problem(world), world, S.RECTIFYING)
    with pytest.raises(ApplicationError, match="整改完成情况"):
        services.problem_submit(actor=world.unit_staff, problem=p, result="  ")
    p = _to(make_problem(world), world, S.SUBMITTED)
    with pytest.raises(ApplicationError, match="退回须在“说明”中写明理由"):
        services.problem_return(actor=world.committee, problem=p, reason="")
    p = _to(make_problem(world), world, S.CLOSED)
    with pytest.raises(ApplicationError, match="回头看重新整改须"):
        services.problem_reopen(actor=world.committee, problem=p, reason="")
    assert Problem.objects.filter(status=S.CLOSED).count() == 1


def test_reopen_clears_the_closing_date_counts_and_may_set_a_new_deadline(world, settings):
    p = _to(make_problem(world), world, S.CLOSED)
    with pytest.raises(ApplicationError, match=errors.ERR_NEW_DEADLINE_PAST):
        services.problem_reopen(actor=world.committee, problem=p, reason="反弹", deadline=dt.date(2020, 1, 1))
    services.problem_reopen(actor=world.committee, problem=p, reason="反弹", deadline=dt.date(2099, 3, 2))
    p.refresh_from_db()
    assert p.status == S.RECTIFYING and p.closed_on is None and p.reopened_count == 1
    assert p.deadline >= dt.date(2099, 3, 2)


def test_a_stale_copy_is_refused(world):
    p = make_problem(world)
    stale = Problem.objects.get(pk=p.pk)
    services.problem_start(actor=world.unit_staff, problem=p)
    with pytest.raises(ApplicationError, match="状态已变更"):
        services.problem_start(actor=world.unit_staff, problem=stale)


def test_the_timeline_row_is_rolled_back_with_the_transition(world):
    p = make_problem(world)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.problem_start(actor=world.unit_staff, problem=p)
        assert ProblemEvent.objects.filter(problem=p, transition="start").exists()
        raise RuntimeError
    p.refresh_from_db()
    assert p.status == S.ASSIGNED and _events(p) == ["create"]


def test_the_timeline_is_append_only(world):
    p = make_problem(world)
    event = ProblemEvent.objects.get(problem=p)
    with pytest.raises(ApplicationError):
        event.save()
    with pytest.raises(ApplicationError):
        ProblemEvent.objects.filter(problem=p).delete()


def test_next_steps_offered_match_the_table(world):
    p = _to(make_problem(world), world, S.SUBMITTED)
    names = lambda user: [t.name for t in workflow.allowed_transitions(p, user, workflow=RECTIFICATION)]  # noqa: E731
    assert names(world.committee) == ["verify", "return"]
    assert names(world.unit_staff) == []
    assert names(world.secretary) == []
