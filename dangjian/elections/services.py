"""Every write of elections and cadre changes: audited, in one transaction each. The approval of
an election records the new term on the organisation (organizations.services.org_term_set) and
the elected committee's posts (people.services); an approved adjustment ends and starts posts the
same way."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from dangjian.core import audit
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.models import AuditAction
from dangjian.core.workdays import add_months
from dangjian.core.workflow import transition_apply
from dangjian.elections import errors
from dangjian.elections.enums import PRETEST_POSTS, TERM_KINDS, TERM_YEARS, ApprovalStatus
from dangjian.elections.models import (
    Adjustment,
    AdjustmentEvent,
    ElectedMember,
    Election,
    ElectionEvent,
    PreTest,
)
from dangjian.elections.workflows import ADJUSTMENT, ELECTION
from dangjian.organizations import scoping
from dangjian.organizations.enums import OrgKind
from dangjian.organizations.models import PartyOrganization
from dangjian.organizations.services import org_term_set
from dangjian.people import services as people_services
from dangjian.people.enums import COMMITTEE_POSTS, MembershipStatus, Post, PostEndReason
from dangjian.people.models import CadrePost, Person


def _require_writer(actor, org: PartyOrganization) -> None:
    if not scoping.can_write_path(actor, org.path):
        raise Forbidden(f"您无权为“{org.name}”登记。依据：{errors.RULE_RECORD}")


def _not_future(day: dt.date, label: str, field: str) -> None:
    if day > dt.date.today():
        raise ApplicationError(errors.ERR_FUTURE.format(field=label), field=field)


def term_end(org: PartyOrganization, start: dt.date) -> dt.date:
    return add_months(start, 12 * TERM_YEARS.get(OrgKind(org.kind), 3))


def _actor_ref(actor):
    return actor if getattr(actor, "pk", None) else None


@transaction.atomic
def election_create(
    *,
    actor: Actor,
    organization: PartyOrganization,
    held_on: dt.date,
    method: str,
    members: list[tuple[Person, str, int]],
    seats: int = 0,
    candidates: int = 0,
    voters_expected: int = 0,
    voters_present: int = 0,
    note: str = "",
) -> Election:
    """Record an election (the committee elected, with posts) and submit it to the organisation above."""
    _require_writer(actor, organization)
    if organization.kind not in TERM_KINDS:
        raise ApplicationError(
            errors.ERR_KIND.format(org=organization.name, kind=organization.get_kind_display()),
            field="organization",
        )
    _not_future(held_on, "选举日期", "held_on")
    if voters_present > voters_expected:
        raise ApplicationError(
            errors.ERR_PRESENT.format(present=voters_present, expected=voters_expected),
            field="voters_present",
        )
    if not members:
        raise ApplicationError(errors.ERR_NO_MEMBERS, field="members")
    seen: set[int] = set()
    for person, _post, _votes in members:
        if person.pk in seen:
            raise ApplicationError(errors.ERR_MEMBER_DUPLICATE.format(name=person.name), field="members")
        seen.add(person.pk)
        m = getattr(person, "membership", None)
        if m is None or m.status != MembershipStatus.FULL:
            raise ApplicationError(errors.ERR_NOT_FULL.format(name=person.name), field="members")
    if not any(post == Post.SECRETARY for _p, post, _v in members):
        raise ApplicationError(errors.ERR_SECRETARY, field="members")
    election = Election.objects.create(
        organization=organization,
        held_on=held_on,
        method=method,
        seats=seats or len(members),
        candidates=candidates,
        voters_expected=voters_expected,
        voters_present=voters_present,
        term_ends_on=term_end(organization, held_on),
        note=(note or "").strip(),
    )
    ElectedMember.objects.bulk_create(
        [ElectedMember(election=election, person=p, post=post, votes=votes) for p, post, votes in members]
    )
    ElectionEvent(
        election=election,
        transition="submit",
        to_state=ApprovalStatus.SUBMITTED,
        actor=_actor_ref(actor),
        note=note,
    ).save()
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=election,
        changes={"held_on": [None, str(held_on)], "members": [None, [p.name for p, _x, _y in members]]},
    )
    return election


@transaction.atomic
def election_approve(*, actor: Actor, election: Election, approved_on: dt.date, note: str = "") -> Election:
    """The organisation above approves: the new term starts on the election day, the previous
    committee's posts end (换届) and the elected members take theirs."""
    _not_future(approved_on, "批复日期", "approved_on")
    transition_apply(
        workflow=ELECTION,
        obj=election,
        name="approve",
        actor=actor,
        note=note,
        data={"date": approved_on.isoformat(), "note": note},
        changes={"approved_on": approved_on},
    )
    org = election.organization
    org_term_set(
        actor=actor, org=org, started_on=election.held_on, ends_on=election.term_ends_on, reason="换届选举"
    )
    for post in CadrePost.objects.filter(organization=org, ended_on__isnull=True, post__in=COMMITTEE_POSTS):
        people_services.cadre_post_end(
            actor=actor,
            post=post,
            ended_on=max(election.held_on, post.started_on),
            reason=PostEndReason.TERM_END,
        )
    for member in election.members.select_related("person"):
        people_services.cadre_post_create(
            actor=actor, person=member.person, organization=org, post=member.post, started_on=election.held_on
        )
    return election


def election_step(*, actor: Actor, election: Election, name: str, note: str = "") -> Election:
    """Return (with the reason) or resubmit."""
    transition_apply(workflow=ELECTION, obj=election, name=name, actor=actor, note=note, data={"note": note})
    return election


@transaction.atomic
def adjustment_create(
    *,
    actor: Actor,
    organization: PartyOrganization,
    post: str,
    adjusted_on: dt.date,
    reason: str,
    left_post: CadrePost | None = None,
    came_person: Person | None = None,
) -> Adjustment:
    """届中调整: who leaves the post (their serving post), who comes, why; submitted for approval."""
    _require_writer(actor, organization)
    _not_future(adjusted_on, "调整日期", "adjusted_on")
    if not (reason or "").strip():
        raise ApplicationError(errors.ERR_ADJ_REASON, field="reason")
    if left_post is None and came_person is None:
        raise ApplicationError(errors.ERR_ADJ_EMPTY, field="came_person")
    if left_post is not None and (
        left_post.organization_id != organization.pk or left_post.post != post or left_post.ended_on
    ):
        raise ApplicationError(
            errors.ERR_ADJ_LEFT_POST.format(
                name=left_post.person.name, org=organization.name, post=Post(post).label
            ),
            field="left_post",
        )
    if left_post is not None and came_person is not None and left_post.person_id == came_person.pk:
        raise ApplicationError(errors.ERR_ADJ_SAME, field="came_person")
    adj = Adjustment.objects.create(
        organization=organization,
        post=post,
        left_post=left_post,
        left_person=left_post.person if left_post else None,
        came_person=came_person,
        adjusted_on=adjusted_on,
        reason=reason.strip()[:200],
    )
    AdjustmentEvent(
        adjustment=adj,
        transition="submit",
        to_state=ApprovalStatus.SUBMITTED,
        actor=_actor_ref(actor),
        note=reason,
    ).save()
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=adj,
        changes={
            "post": [None, Post(post).label],
            "left": [None, adj.left_person.name if adj.left_person else ""],
            "came": [None, came_person.name if came_person else ""],
        },
    )
    return adj


@transaction.atomic
def adjustment_approve(
    *, actor: Actor, adjustment: Adjustment, approved_on: dt.date, note: str = ""
) -> Adjustment:
    _not_future(approved_on, "批复日期", "approved_on")
    transition_apply(
        workflow=ADJUSTMENT,
        obj=adjustment,
        name="approve",
        actor=actor,
        note=note,
        data={"date": approved_on.isoformat(), "note": note},
        changes={"approved_on": approved_on},
    )
    if adjustment.left_post is not None:
        people_services.cadre_post_end(
            actor=actor,
            post=adjustment.left_post,
            ended_on=adjustment.adjusted_on,
            reason=PostEndReason.MID_TERM,
        )
    if adjustment.came_person is not None:
        adjustment.new_post = people_services.cadre_post_create(
            actor=actor,
            person=adjustment.came_person,
            organization=adjustment.organization,
            post=adjustment.post,
            started_on=adjustment.adjusted_on,
        )
        adjustment.save(update_fields=["new_post", "updated_at"])
    return adjustment


def adjustment_step(*, actor: Actor, adjustment: Adjustment, name: str, note: str = "") -> Adjustment:
    transition_apply(
        workflow=ADJUSTMENT, obj=adjustment, name=name, actor=actor, note=note, data={"note": note}
    )
    return adjustment


@transaction.atomic
def pretest_create(
    *,
    actor: Actor,
    organization: PartyOrganization,
    person: Person,
    post: str,
    tested_on: dt.date,
    score: Decimal,
    passed: bool,
    note: str = "",
) -> PreTest:
    """任前测试 for a full-time deputy secretary or a discipline secretary, with the result."""
    _require_writer(actor, organization)
    if post not in dict(PRETEST_POSTS):
        raise ApplicationError(errors.ERR_PRETEST_POST, field="post")
    _not_future(tested_on, "测试日期", "tested_on")
    if not Decimal("0") <= score <= Decimal("100"):
        raise ApplicationError(errors.ERR_SCORE, field="score")
    test = PreTest.objects.create(
        organization=organization,
        person=person,
        post=post,
        tested_on=tested_on,
        score=score,
        passed=passed,
        note=(note or "").strip()[:200],
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=test,
        changes={"person": [None, person.name], "score": [None, str(score)], "passed": [None, passed]},
    )
    return test
