"""Scoped reads of the development of members: the pipeline board, a record, its timeline, and
the choices its forms offer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from dangjian.core.actors import Actor
from dangjian.core.errors import get_or_404
from dangjian.development.enums import OPEN_STAGES, PHASES, STEPS, Stage
from dangjian.development.models import Applicant, ApplicantEvent
from dangjian.development.workflows import DEVELOPMENT
from dangjian.meetings.enums import MeetingKind, MeetingStatus
from dangjian.meetings.models import Meeting
from dangjian.organizations import scoping
from dangjian.organizations.lookups import subtree_q
from dangjian.people.enums import MembershipStatus
from dangjian.people.models import Person
from dangjian.people.selectors import TimelineItem

# The step a record at each stage waits for (the board's "next step").
NEXT_STEP = {
    Stage.APPLIED: "talk",
    Stage.TALKED: "make_activist",
    Stage.ACTIVIST: "make_candidate",
    Stage.CANDIDATE: "committee_review",
    Stage.REVIEWED: "pre_review",
    Stage.PRE_REVIEWED: "vote",
    Stage.VOTED: "approve",
    Stage.PROBATIONARY: "apply_conversion",
    Stage.CONVERSION_APPLIED: "conversion_vote",
    Stage.CONVERSION_VOTED: "conversion_approve",
    Stage.FULL: "archive",
}


@dataclass
class BoardFilters:
    org: int | None = None
    stage: str = ""
    overdue: bool = False
    q: str = ""
    include_done: bool = False

    @classmethod
    def from_params(cls, params) -> BoardFilters:
        try:
            org = int(params.get("org")) if params.get("org") else None
        except (TypeError, ValueError):
            org = None
        stage = params.get("stage") or ""
        return cls(
            org=org,
            stage=stage if stage in Stage.values else "",
            overdue=params.get("overdue") in ("1", "true", "on"),
            q=(params.get("q") or "").strip()[:50],
            include_done=params.get("done") in ("1", "true", "on"),
        )


# --- for the metrics and the dashboards (path-based: the caller checked the subtree) ----------------

# The steps a year's development is counted by (the dashboards' bars): the date field of each.
YEAR_STEPS = [
    ("applied", "递交入党申请", "applied_on"),
    ("activist", "确定为入党积极分子", "activist_on"),
    ("candidate", "列为发展对象", "candidate_on"),
    ("approved", "接收为预备党员", "approved_on"),
    ("full", "预备党员转正", "full_on"),
]


def applicants_under(path: str) -> QuerySet[Applicant]:
    """Development records of branches under `path` ("" = everywhere)."""
    return Applicant.objects.filter(subtree_q(path))


def step_in(step: str, first: dt.date, last: dt.date) -> Q:
    """Records that took `step` (YEAR_STEPS) in [first, last]; a conversion counts once approved."""
    field = next(f for key, _label, f in YEAR_STEPS if key == step)
    q = Q(**{f"{field}__gte": first, f"{field}__lte": last})
    return q & Q(conversion_approved_on__isnull=False) if step == "full" else q


def applicant_list(
    *, actor: Actor, filters: BoardFilters | None = None, today: dt.date | None = None
) -> QuerySet:
    f = filters or BoardFilters()
    today = today or dt.date.today()
    qs = scoping.visible(actor, Applicant.objects.all())
    if f.org:
        org = scoping.access_org(actor, f.org)
        qs = qs.filter(organization__path__under=org.path)
    if f.stage:
        qs = qs.filter(stage=f.stage)
    elif not f.include_done:
        qs = qs.filter(stage__in=OPEN_STAGES)
    if f.overdue:
        qs = qs.filter(due_on__lt=today, stage__in=OPEN_STAGES)
    if f.q:
        qs = qs.filter(Q(person__name__contains=f.q) | Q(person__name_pinyin__startswith=f.q.lower()))
    return qs.select_related("person", "organization").order_by("organization__path", "applied_on", "id")


def board(*, actor: Actor, filters: BoardFilters | None = None, per_column: int = 30, today=None) -> dict:
    """The pipeline as columns of the five stages: per stage the count, the overdue count and the
    first `per_column` records (soonest deadline first). A fixed number of queries."""
    today = today or dt.date.today()
    qs = applicant_list(actor=actor, filters=filters, today=today)
    counts = {
        row["stage"]: (row["n"], row["late"])
        for row in qs.order_by()
        .values("stage")
        .annotate(n=Count("id"), late=Count("id", filter=Q(due_on__lt=today)))
    }
    columns = []
    for label, stages in PHASES:
        n = sum(counts.get(s, (0, 0))[0] for s in stages)
        late = sum(counts.get(s, (0, 0))[1] for s in stages)
        rows = (
            list(qs.filter(stage__in=stages).order_by("due_on", "applied_on", "id")[:per_column]) if n else []
        )
        for a in rows:
            a.next_label = STEPS[NEXT_STEP[a.stage]][1] if a.stage in NEXT_STEP else ""
            a.overdue = bool(a.due_on and a.due_on < today)
        columns.append({"label": label, "count": n, "overdue": late, "rows": rows, "more": n - len(rows)})
    return {
        "columns": columns,
        "total": sum(c["count"] for c in columns),
        "overdue": sum(c["overdue"] for c in columns),
    }


def applicant_get(*, actor: Actor, applicant_id) -> Applicant:
    return get_or_404(
        scoping.visible(actor, Applicant.objects.all()).select_related(
            "person", "person__membership", "organization", "organization__parent"
        ),
        applicant_id,
    )


def access_applicant(actor, applicant_id) -> Applicant:
    """A record the actor may see (404 otherwise); what they may do is the workflow's predicates."""
    return applicant_get(actor=actor, applicant_id=applicant_id)


def events(applicant: Applicant) -> QuerySet:
    return ApplicantEvent.objects.filter(applicant=applicant).select_related("actor").order_by("at", "id")


def step_label(name: str) -> str:
    n, label = STEPS.get(name, (0, name))
    return f"第{n}步 {label}" if n else label


def person_timeline_items(*, actor: Actor, person: Person) -> list[TimelineItem]:
    """For people's member page: each development step of the person (one query)."""
    rows = (
        ApplicantEvent.objects.filter(applicant__person=person)
        .select_related("applicant")
        .order_by("at", "id")
    )
    url_visible = scoping.visible(actor, Applicant.objects.filter(person=person)).exists()
    items = []
    for e in rows:
        day = e.data.get("date") or e.at.date().isoformat()
        detail = "；".join(x for x in (e.data.get("by", ""), e.data.get("documents", ""), e.note) if x)
        items.append(
            TimelineItem(
                on=dt.date.fromisoformat(day),
                kind="发展党员",
                title=step_label(e.transition),
                detail=detail,
                url=reverse("development:detail", args=[e.applicant_id]) if url_visible else "",
            )
        )
    return items


def candidates_for_applicant(*, actor: Actor) -> QuerySet:
    """People the actor may register an application for: in a branch they may change, not yet in
    the party or in development."""
    return (
        Person.objects.filter(scoping.person_q(actor, write=True), organization__kind="branch")
        .filter(Q(membership__isnull=True) | Q(membership__status=MembershipStatus.APPLICANT))
        .filter(development__isnull=True)
        .select_related("organization")
        .order_by("organization__path", "name_pinyin")
    )


def full_members_of(applicant: Applicant) -> QuerySet:
    """Full members of the applicant's branch: the choices for contacts and sponsors."""
    return Person.objects.filter(
        organization=applicant.organization, membership__status=MembershipStatus.FULL
    ).order_by("name_pinyin")


def general_meetings_of(applicant: Applicant) -> QuerySet:
    return Meeting.objects.filter(
        organization=applicant.organization,
        kind=MeetingKind.GENERAL_MEETING,
        status__in=[MeetingStatus.HELD, MeetingStatus.PLANNED],
    ).order_by("-held_at")


def talkers_for(actor: Actor, applicant: Applicant) -> QuerySet:
    """Members of the committees with the power to approve above the branch (the talk of step 16)."""
    above = [o.pk for o in scoping.approving_orgs_of(actor, applicant.organization.path)]
    return (
        Person.objects.filter(posts__organization_id__in=above, posts__ended_on__isnull=True)
        .distinct()
        .order_by("name_pinyin")
    )


def next_step_label(applicant: Applicant) -> str:
    name = NEXT_STEP.get(Stage(applicant.stage))
    return step_label(name) if name else ""


def workflow_label(state: str) -> str:
    return DEVELOPMENT.state_label(state)
