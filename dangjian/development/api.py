"""API: the development of members. The pipeline (filters as on the board), a record with its
timeline and next steps, the application, and every step (one endpoint, the body names the step).
Reads through selectors, writes through services; outside scope 404, refusals 400/403 with the rule."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router
from ninja.responses import Status

from dangjian.core.errors import ApplicationError
from dangjian.core.schemas import Id, Page, PageIn, paginate
from dangjian.core.workflow import allowed_transitions
from dangjian.development import schemas as s
from dangjian.development import selectors, services
from dangjian.development.enums import STEPS
from dangjian.development.workflows import DEVELOPMENT, FORM_STEPS
from dangjian.meetings.selectors import meetings as meeting_selectors
from dangjian.people import selectors as people_selectors

router = Router(tags=["发展党员"])


def _detail(actor, a):
    """The record with its timeline and the steps the actor may take next (for ApplicantDetailOut)."""
    events = [
        {
            "transition": e.transition,
            "label": selectors.step_label(e.transition),
            "from_state": e.from_state,
            "to_state": e.to_state,
            "at": e.at,
            "note": e.note,
            "data": e.data,
        }
        for e in selectors.events(a)
    ]
    steps = [
        {"name": t.name, "label": t.label, "form": t.name in FORM_STEPS}
        for t in allowed_transitions(a, actor, workflow=DEVELOPMENT)
    ]
    setattr(a, "api_events", events)  # noqa: B010 - display-only attributes read by the schema
    setattr(a, "api_next_steps", steps)  # noqa: B010
    return a


@router.get("/development/applicants", response=Page[s.ApplicantOut], summary="发展党员列表")
def applicant_list(request, filters: Query[s.ApplicantQuery], page: Query[PageIn]):
    f = selectors.BoardFilters(
        org=filters.org, stage=filters.stage, overdue=filters.overdue, q=filters.q, include_done=filters.done
    )
    return paginate(selectors.applicant_list(actor=request.auth, filters=f), page)


@router.post("/development/applicants", response={201: s.ApplicantDetailOut}, summary="登记入党申请")
def applicant_create(request, payload: s.ApplicantIn):
    actor = request.auth
    person = people_selectors.access_person(actor, payload.person_id)
    a = services.applicant_create(
        actor=actor,
        person=person,
        applied_on=payload.applied_on,
        documents=payload.documents,
        note=payload.note,
    )
    return Status(201, _detail(actor, selectors.access_applicant(actor, a.pk)))


@router.get("/development/applicants/{applicant_id}", response=s.ApplicantDetailOut, summary="发展党员记录")
def applicant_detail(request, applicant_id: Id):
    return _detail(request.auth, selectors.access_applicant(request.auth, applicant_id))


def _people(actor, ids) -> list:
    return [people_selectors.access_person(actor, i) for i in ids]


@router.post(
    "/development/applicants/{applicant_id}/steps", response={201: s.ApplicantDetailOut}, summary="登记步骤"
)
def step_create(request, applicant_id: Id, payload: s.StepIn):
    actor = request.auth
    a = selectors.access_applicant(actor, applicant_id)
    name = payload.step
    if name not in STEPS or name == "apply":
        raise ApplicationError(f"没有名为“{name}”的步骤。", field="step")
    day = payload.date or dt.date.today()
    if name == "assign_contacts":
        services.contacts_assign(
            actor=actor, applicant=a, people=_people(actor, payload.people_ids), date=day, note=payload.note
        )
    elif name == "assign_sponsors":
        services.sponsors_assign(
            actor=actor, applicant=a, people=_people(actor, payload.people_ids), date=day, note=payload.note
        )
    elif name == "political_review":
        services.political_review_record(
            actor=actor,
            applicant=a,
            date=day,
            passed=bool(payload.passed),
            conclusion=payload.note,
            documents=payload.documents,
        )
    elif name == "training":
        services.training_record(
            actor=actor, applicant=a, date=day, days=payload.days, hours=payload.hours, note=payload.note
        )
    elif name == "committee_talk":
        if payload.talker_id is None:
            raise ApplicationError("请指定谈话人。", field="talker_id")
        talker = people_selectors.access_person(actor, payload.talker_id)
        services.committee_talk_record(actor=actor, applicant=a, talker=talker, date=day, note=payload.note)
    elif name == "extend":
        services.extension_record(
            actor=actor, applicant=a, date=day, months=payload.months, note=payload.note
        )
    elif name in ("vote", "conversion_vote", "vote_failed", "conversion_vote_failed"):
        if payload.meeting_id is None:
            raise ApplicationError("请指定支部党员大会。", field="meeting_id")
        meeting = meeting_selectors.access_meeting(actor, payload.meeting_id)
        services.vote_for_applicant(
            actor=actor,
            applicant=a,
            meeting=meeting,
            votes_for=payload.votes_for,
            votes_against=payload.votes_against,
            abstentions=payload.abstentions,
            written_for=payload.written_for,
            written_against=payload.written_against,
            written_abstentions=payload.written_abstentions,
            note=payload.note,
        )
    else:
        services.step_record(
            actor=actor, applicant=a, name=name, date=day, note=payload.note, documents=payload.documents
        )
    return Status(201, _detail(actor, selectors.access_applicant(actor, a.pk)))
