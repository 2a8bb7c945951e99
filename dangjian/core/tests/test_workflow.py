"""The workflow mechanism, on the example workflow of workflow_app (a ticket: an owner drafts and
submits, staff return it with a reason or close it, and may reopen it)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.template.loader import render_to_string
from django.test import RequestFactory

from dangjian.accounts.models import User
from dangjian.core import workflow
from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.models import AuditAction, AuditEvent
from dangjian.core.tests.workflow_app import workflows as flows
from dangjian.core.tests.workflow_app.models import Ticket, TicketEvent, TicketState

S = TicketState


@pytest.fixture
def people(db):
    return {
        "owner": User.objects.create_user("owner", password="x"),
        "staff": User.objects.create_user("staff", password="x", is_staff=True),
        "other": User.objects.create_user("other", password="x"),
    }


@pytest.fixture
def ticket(people):
    return Ticket.objects.create(title="一号工单", body="正文", owner=people["owner"])


def apply(ticket, name, actor, **kw):
    return workflow.transition_apply(workflow=flows.TICKET, obj=ticket, name=name, actor=actor, **kw)


def at_state(ticket, state):
    Ticket.objects.filter(pk=ticket.pk).update(status=state)
    ticket.refresh_from_db()
    return ticket


def nothing_written(ticket, state):
    assert Ticket.objects.get(pk=ticket.pk).status == state
    assert not TicketEvent.objects.filter(subject=ticket).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.TRANSITION).exists()


# --- allowed transitions ---------------------------------------------------------------------------


def test_the_owner_submits_a_draft_and_the_timeline_and_audit_say_so(people, ticket):
    entry = apply(ticket, "submit", people["owner"], note="请审核")

    assert ticket.status == S.SUBMITTED  # the caller's instance follows
    assert Ticket.objects.get(pk=ticket.pk).status == S.SUBMITTED
    assert (entry.subject, entry.transition, entry.from_state, entry.to_state, entry.actor, entry.note) == (
        ticket,
        "submit",
        S.DRAFT,
        S.SUBMITTED,
        people["owner"],
        "请审核",
    )
    event = AuditEvent.objects.get(action=AuditAction.TRANSITION)
    assert event.object_type == "workflow_example.ticket" and event.object_id == str(ticket.pk)
    assert event.changes == {"status": [S.DRAFT, S.SUBMITTED], "transition": [None, "提交"]}


def test_the_owner_resubmits_a_returned_ticket(people, ticket):
    at_state(ticket, S.RETURNED)
    apply(ticket, "submit", people["owner"])
    assert ticket.status == S.SUBMITTED


def test_staff_return_a_submitted_ticket_with_the_reason_kept(people, ticket):
    at_state(ticket, S.SUBMITTED)
    entry = apply(ticket, "return", people["staff"], data={"reason": "材料不全"})
    assert ticket.status == S.RETURNED and entry.data == {"reason": "材料不全"}


def test_staff_close_a_ticket_and_the_changes_are_saved_with_the_state(people, ticket):
    at_state(ticket, S.SUBMITTED)
    before = ticket.updated_at
    apply(ticket, "close", people["staff"], changes={"closed_on": dt.date(2023, 10, 9)})
    stored = Ticket.objects.get(pk=ticket.pk)
    assert (stored.status, stored.closed_on) == (S.CLOSED, dt.date(2023, 10, 9))
    assert stored.updated_at > before
    event = AuditEvent.objects.get(action=AuditAction.TRANSITION)
    assert event.changes["closed_on"] == [None, "2023-10-09"]


def test_staff_reopen_a_closed_ticket(people, ticket):
    at_state(ticket, S.CLOSED)
    apply(ticket, "reopen", people["staff"])
    assert ticket.status == S.SUBMITTED


def test_the_timeline_keeps_every_step_in_order(people, ticket):
    apply(ticket, "submit", people["owner"])
    apply(ticket, "return", people["staff"], data={"reason": "补充"})
    apply(ticket, "submit", people["owner"])
    apply(ticket, "close", people["staff"])
    steps = [(e.from_state, e.to_state) for e in workflow.timeline(ticket, workflow=flows.TICKET)]
    assert steps == [
        (S.DRAFT, S.SUBMITTED),
        (S.SUBMITTED, S.RETURNED),
        (S.RETURNED, S.SUBMITTED),
        (S.SUBMITTED, S.CLOSED),
    ]


# --- refusals: the rule cited, nothing written -----------------------------------------------------


@pytest.mark.parametrize(
    "name,state,actor,rule",
    [
        ("submit", S.DRAFT, "other", flows.RULE_OWNER),
        ("submit", S.DRAFT, "staff", flows.RULE_OWNER),
        ("return", S.SUBMITTED, "owner", flows.RULE_STAFF),
        ("close", S.SUBMITTED, "owner", flows.RULE_STAFF),
        ("reopen", S.CLOSED, "other", flows.RULE_STAFF),
    ],
)
def test_a_transition_by_someone_not_allowed_is_refused_citing_the_rule(
    people, ticket, name, state, actor, rule
):
    at_state(ticket, state)
    with pytest.raises(Forbidden) as e:
        apply(ticket, name, people[actor])
    label = flows.TICKET.transition(name).label
    assert e.value.message == workflow.ERR_NOT_PERMITTED.format(label=label, rule=rule)
    assert rule in e.value.message
    nothing_written(ticket, state)


@pytest.mark.parametrize(
    "name,state,actor",
    [
        ("submit", S.SUBMITTED, "owner"),
        ("submit", S.CLOSED, "owner"),
        ("return", S.DRAFT, "staff"),
        ("return", S.RETURNED, "staff"),
        ("close", S.DRAFT, "staff"),
        ("close", S.CLOSED, "staff"),
        ("reopen", S.SUBMITTED, "staff"),
    ],
)
def test_a_transition_from_another_state_is_refused(people, ticket, name, state, actor):
    at_state(ticket, state)
    with pytest.raises(ApplicationError) as e:
        apply(ticket, name, people[actor])
    assert e.value.message == workflow.ERR_NOT_FROM_STATE.format(
        state=flows.TICKET.state_label(state), label=flows.TICKET.transition(name).label
    )
    nothing_written(ticket, state)


def test_a_guard_refuses_with_its_rule_and_nothing_is_written(people, ticket):
    Ticket.objects.filter(pk=ticket.pk).update(body="  ")
    ticket.refresh_from_db()
    with pytest.raises(ApplicationError) as e:
        apply(ticket, "submit", people["owner"])
    assert e.value.message == flows.ERR_EMPTY_BODY and e.value.field == "body"
    nothing_written(ticket, S.DRAFT)


def test_a_guard_reads_the_data_the_step_records(people, ticket):
    at_state(ticket, S.SUBMITTED)
    with pytest.raises(ApplicationError) as e:
        apply(ticket, "return", people["staff"], data={"reason": " "})
    assert e.value.message == flows.ERR_NO_REASON
    nothing_written(ticket, S.SUBMITTED)


def test_an_unknown_transition_is_refused(people, ticket):
    with pytest.raises(ApplicationError) as e:
        apply(ticket, "approve", people["staff"])
    assert e.value.message == workflow.ERR_UNKNOWN_TRANSITION.format(name="approve")


# --- one transaction, one winner -------------------------------------------------------------------


def test_a_rolled_back_transition_leaves_no_timeline_row(people, ticket):
    with pytest.raises(RuntimeError), transaction.atomic():
        apply(ticket, "submit", people["owner"])
        assert TicketEvent.objects.filter(subject=ticket).count() == 1
        raise RuntimeError("the caller fails after the step")
    assert Ticket.objects.get(pk=ticket.pk).status == S.DRAFT
    assert not TicketEvent.objects.filter(subject=ticket).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.TRANSITION).exists()


def test_the_second_of_two_pages_open_on_the_same_state_is_told_the_state_changed(people, ticket):
    at_state(ticket, S.SUBMITTED)
    page_a, page_b = Ticket.objects.get(pk=ticket.pk), Ticket.objects.get(pk=ticket.pk)
    apply(page_a, "close", people["staff"])
    with pytest.raises(ApplicationError) as e:
        apply(page_b, "return", people["staff"], data={"reason": "迟到的退回"})
    assert e.value.message == workflow.ERR_STATE_CHANGED.format(state="已办结")
    assert "状态已变更" in e.value.message
    assert [e.to_state for e in TicketEvent.objects.filter(subject=ticket)] == [S.CLOSED]


postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_racing_transitions_on_postgresql_exactly_one_wins(people, ticket):
    at_state(ticket, S.SUBMITTED)
    barrier, outcomes = threading.Barrier(2, timeout=10), []

    def race(name, data):
        try:
            mine = Ticket.objects.get(pk=ticket.pk)
            barrier.wait()
            apply(mine, name, people["staff"], data=data)
            outcomes.append("won")
        except ApplicationError as e:
            outcomes.append(e.message)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=race, args=("close", {})),
        threading.Thread(target=race, args=("return", {"reason": "退回"})),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes, key=len)[0] == "won" and outcomes.count("won") == 1
    assert "状态已变更" in [o for o in outcomes if o != "won"][0]
    assert TicketEvent.objects.filter(subject=ticket).count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_row_is_locked_while_a_transition_runs_on_postgresql(people, ticket):
    probes = []

    def probe(obj, actor, data):  # runs inside the transition, holding the lock
        def other_connection():
            try:
                with transaction.atomic():
                    Ticket.objects.select_for_update(nowait=True).get(pk=ticket.pk)
                probes.append("got the row")
            except DatabaseError:
                probes.append("locked")
            finally:
                connection.close()

        t = threading.Thread(target=other_connection)
        t.start()
        t.join()

    locked_flow = workflow.Workflow(
        name="locked_probe",
        label="锁",
        model=Ticket,
        timeline=TicketEvent,
        transitions=[
            workflow.Transition(
                "submit", "提交", [S.DRAFT], S.SUBMITTED, flows.is_owner, "规则", guards=[probe]
            )
        ],
    )
    workflow.transition_apply(workflow=locked_flow, obj=ticket, name="submit", actor=people["owner"])
    assert probes == ["locked"]


# --- append-only timeline --------------------------------------------------------------------------


def test_the_timeline_refuses_updates_and_deletes(people, ticket):
    entry = apply(ticket, "submit", people["owner"])
    entry.note = "改写"
    for attempt in (
        entry.save,
        entry.delete,
        lambda: TicketEvent.objects.update(note="x"),
        lambda: TicketEvent.objects.filter(pk=entry.pk).delete(),
    ):
        with pytest.raises(ApplicationError) as e:
            attempt()
        assert e.value.message == workflow.ERR_APPEND_ONLY
    assert TicketEvent.objects.get(pk=entry.pk).note == ""


@postgres_only
def test_postgresql_refuses_changing_a_timeline_row_behind_the_application(people, ticket):
    entry = apply(ticket, "submit", people["owner"])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE workflow_example_ticketevent SET note = 'x' WHERE id = %s", [entry.pk])


# --- next steps, the partial, the page's POST ------------------------------------------------------


@pytest.mark.parametrize(
    "state,actor,names",
    [
        (S.DRAFT, "owner", ["submit"]),
        (S.DRAFT, "staff", []),
        (S.SUBMITTED, "staff", ["return", "close"]),
        (S.SUBMITTED, "owner", []),
        (S.RETURNED, "owner", ["submit"]),
        (S.CLOSED, "staff", ["reopen"]),
        (S.CLOSED, "other", []),
    ],
)
def test_allowed_transitions_are_those_of_the_state_the_actor_may_do(people, ticket, state, actor, names):
    at_state(ticket, state)
    steps = workflow.allowed_transitions(ticket, people[actor], workflow=flows.TICKET)
    assert [t.name for t in steps] == names


def test_the_partial_shows_the_next_steps_and_the_timeline(people, ticket):
    apply(ticket, "submit", people["owner"], note="请审核")
    html = render_to_string(
        "core/_workflow.html",
        {"wf": workflow.panel(ticket, people["staff"], workflow=flows.TICKET, action_url="/t/1/step/")},
    )
    assert "当前状态" in html and "已提交" in html
    assert 'value="return"' in html and 'value="close"' in html and 'value="submit"' not in html
    assert "草稿 → 已提交" in html and "请审核" in html and 'action="/t/1/step/"' in html
    owner_html = render_to_string(
        "core/_workflow.html",
        {"wf": workflow.panel(ticket, people["owner"], workflow=flows.TICKET, action_url="/t/1/step/")},
    )
    assert "<button" not in owner_html and "当前没有您可以执行的操作" in owner_html


def _post(user, data):
    request = RequestFactory().post("/t/1/step/", data)
    request.user, request.session = user, SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def test_the_pages_post_applies_the_step_or_tells_the_refusal(people, ticket):
    request = _post(people["other"], {"transition": "submit", "note": "越权"})
    response = workflow.transition_post(request, ticket, workflow=flows.TICKET, redirect_to="/t/1/")
    assert response.status_code == 302 and response.url == "/t/1/"
    assert [str(m) for m in get_messages(request)] == [
        workflow.ERR_NOT_PERMITTED.format(label="提交", rule=flows.RULE_OWNER)
    ]
    nothing_written(ticket, S.DRAFT)

    request = _post(people["owner"], {"transition": "submit", "note": "请审核"})
    workflow.transition_post(request, ticket, workflow=flows.TICKET, redirect_to="/t/1/")
    assert [str(m) for m in get_messages(request)] == ["已提交。"]
    assert TicketEvent.objects.get(subject=ticket).note == "请审核"


# --- the guide ---------------------------------------------------------------------------------------


def test_the_diagram_draws_every_state_and_transition():
    text = workflow.mermaid(flows.TICKET)
    assert text.startswith("stateDiagram-v2\n")
    for line in (
        'state "草稿" as draft',
        "[*] --> draft",
        "draft --> submitted: 提交",
        "returned --> submitted: 提交",
        "submitted --> returned: 退回",
        "closed --> submitted: 重新打开",
    ):
        assert f"    {line}\n" in text


def test_the_command_writes_a_guide_page_per_workflow(tmp_path):
    call_command("workflow_diagrams", output=str(tmp_path))
    page = (tmp_path / "workflow-example-ticket.md").read_text(encoding="utf-8")
    assert page.startswith("# 流程：示例工单") and "```mermaid\nstateDiagram-v2" in page
    assert "| 退回 | 已提交 | 已退回 | 《示例办法》第五条：由工作人员审核。 |" in page


def test_a_workflow_name_registers_once():
    with pytest.raises(ValueError):
        workflow.register(
            workflow.Workflow(
                name="example_ticket", label="重复", model=Ticket, timeline=TicketEvent, transitions=[]
            )
        )
