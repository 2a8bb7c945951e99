"""Every write of the development of members: the application (the record's creation) and each
step, one line over core.workflow.transition_apply with the step's dates as `changes`. Changes of
membership status go through people's membership services (people.membership), so that counts
"as of a date" stay right; the new member's account follows (people.accounts)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from dangjian.accounts.models import User
from dangjian.core import audit
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.models import AuditAction
from dangjian.core.workdays import add_months, deadline
from dangjian.core.workflow import transition_apply
from dangjian.development import errors, rules
from dangjian.development.enums import STEPS, Stage
from dangjian.development.models import Applicant, ApplicantEvent
from dangjian.development.workflows import DEVELOPMENT, FORM_STEPS
from dangjian.meetings.enums import MeetingKind
from dangjian.meetings.services.meetings import _local_day, vote_record
from dangjian.organizations import scoping
from dangjian.organizations.enums import OrgKind
from dangjian.people import services as people_services
from dangjian.people.accounts import accounts_for_people_submit
from dangjian.people.enums import MembershipStatus
from dangjian.people.models import CadrePost, Person

M = MembershipStatus


def _data(day: dt.date, actor, note: str, documents: str, **extra) -> dict:
    by = getattr(actor, "display_name", "") or getattr(actor, "username", "") or "系统"
    return {
        "date": day.isoformat(),
        "by": by,
        "documents": (documents or "").strip()[:500],
        "note": note,
        **extra,
    }


@transaction.atomic
def applicant_create(
    *, actor: Actor, person: Person, applied_on: dt.date, note: str = "", documents: str = "入党申请书"
) -> Applicant:
    """Step 1: the written application, to the branch the person belongs to. Refused under 18 on
    the day of the application (细则 第五条) and for someone already in the party or in development."""
    org = person.organization
    if not scoping.can_write_path(actor, org.path):
        raise Forbidden(errors.ERR_NOT_WRITABLE.format(org=org.name))
    if org.kind != OrgKind.BRANCH:
        raise ApplicationError(
            errors.ERR_ORG_NOT_BRANCH.format(org=org.name, kind=org.get_kind_display()), field="person"
        )
    membership = getattr(person, "membership", None)
    if Applicant.objects.filter(person=person).exists() or (
        membership is not None and membership.status != M.APPLICANT
    ):
        raise ApplicationError(errors.ERR_ALREADY.format(name=person.name), field="person")
    if applied_on > dt.date.today():
        raise ApplicationError(errors.ERR_FUTURE.format(field="申请入党日期"), field="applied_on")
    rules.check_age(person.birth_date, applied_on)
    applicant = Applicant.objects.create(
        person=person,
        organization=org,
        stage=Stage.APPLIED,
        applied_on=applied_on,
        due_on=deadline(applied_on, months=rules.TALK_MONTHS),
        due_what="派人谈话",
    )
    if membership is None or membership.applied_on != applied_on:
        people_services.membership_update(
            actor=actor, person=person, status=M.APPLICANT, applied_on=applied_on
        )
    ApplicantEvent(
        applicant=applicant,
        transition="apply",
        from_state="",
        to_state=Stage.APPLIED,
        actor=actor if getattr(actor, "pk", None) else None,
        note=note,
        data=_data(applied_on, actor, note, documents),
    ).save()
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=applicant,
        changes={"person": [None, person.name], "applied_on": [None, str(applied_on)]},
    )
    return applicant


def _changes(applicant: Applicant, name: str, day: dt.date, data: dict) -> dict:
    """The fields a step sets, including the deadline of what comes next."""
    a = applicant
    if name == "talk":
        return {"talked_on": day, "due_on": None, "due_what": "确定入党积极分子"}
    if name == "make_activist":
        return {
            "activist_on": day,
            "due_on": deadline(day, months=rules.REVIEW_MONTHS),
            "due_what": "半年考察",
        }
    if name == "file_activist":
        return {"activist_filed_on": day}
    if name == "review":
        return {
            "last_review_on": day,
            "due_on": deadline(day, months=rules.REVIEW_MONTHS),
            "due_what": "半年考察",
        }
    if name == "make_candidate":
        return {"candidate_on": day, "due_on": None, "due_what": "发展对象考察、培训、政审"}
    if name == "file_candidate":
        return {"candidate_filed_on": day}
    if name == "political_review":
        return {"political_review_on": day, "political_review_passed": bool(data.get("passed"))}
    if name == "training":
        return {"trained_on": day, "training_days": data["days"], "training_hours": data["hours"]}
    if name == "committee_review":
        return {"reviewed_on": day, "due_what": "上级党委预审"}
    if name == "pre_review":
        return {"pre_reviewed_on": day, "due_what": "填写志愿书、支部大会讨论"}
    if name == "fill_form":
        return {"form_filled_on": day}
    if name == "vote":
        return {
            "vote_on": day,
            "probation_ends_on": add_months(day, rules.PROBATION_MONTHS),
            "due_on": deadline(day, months=rules.APPROVAL_MONTHS),
            "due_what": "上级党委谈话、审批",
        }
    if name == "committee_talk":
        return {"committee_talk_on": day}
    if name == "approve":
        return {"approved_on": day, "due_on": a.probation_ends_on, "due_what": "预备期满讨论转正"}
    if name == "file_approval":
        return {"approval_filed_on": day}
    if name == "oath":
        return {"oath_on": day}
    if name == "apply_conversion":
        return {"conversion_applied_on": day}
    if name == "extend":
        assert a.probation_ends_on is not None
        ends = add_months(a.probation_ends_on, data["months"])
        return {"extended_months": data["months"], "probation_ends_on": ends, "due_on": ends}
    if name == "conversion_vote":
        return {
            "conversion_vote_on": day,
            "due_on": deadline(day, months=rules.APPROVAL_MONTHS),
            "due_what": "上级党委审批转正",
        }
    if name == "conversion_approve":
        return {
            "conversion_approved_on": day,
            "full_on": a.probation_ends_on,
            "due_on": None,
            "due_what": "材料归档",
        }
    if name == "archive":
        return {"archived_on": day, "due_what": ""}
    if name == "close":
        return {"closed_on": day, "close_reason": data.get("note", "")[:200], "due_on": None, "due_what": ""}
    return {}


def _membership(actor, applicant: Applicant, name: str) -> None:
    """The membership status that goes with the step (people's services: one period each)."""
    a, person = applicant, applicant.person
    if name == "make_activist":
        people_services.membership_update(
            actor=actor, person=person, status=M.ACTIVIST, activist_on=a.activist_on
        )
    elif name == "make_candidate":
        people_services.membership_update(
            actor=actor, person=person, status=M.CANDIDATE, candidate_on=a.candidate_on
        )
    elif name == "approve":
        # 入党日期 is the day the branch general meeting passed the applicant.
        people_services.membership_update(
            actor=actor, person=person, status=M.PROBATIONARY, admitted_on=a.vote_on, on=a.vote_on
        )
        if scoping.manages_accounts(actor) and not User.objects.filter(person=person).exists():
            accounts_for_people_submit(
                actor=actor, person_ids=[person.pk], title=f"新党员账号：{person.name}"
            )
    elif name == "conversion_approve":
        people_services.membership_update(
            actor=actor, person=person, status=M.FULL, full_on=a.full_on, on=a.full_on
        )
    elif name == "close" and person.membership.status == M.PROBATIONARY:
        people_services.membership_update(
            actor=actor, person=person, status=M.LEFT, left_on=a.closed_on, on=a.closed_on
        )


@transaction.atomic
def step_record(
    *,
    actor: Actor,
    applicant: Applicant,
    name: str,
    date: dt.date,
    note: str = "",
    documents: str = "",
    extra: dict | None = None,
) -> ApplicantEvent:
    """Record step `name` of `applicant` on `date` (the generic steps; the vote and the steps that
    name people have their own services below, which end here)."""
    if name not in STEPS or name == "apply" or (name in FORM_STEPS and extra is None):
        raise ApplicationError(errors.ERR_STEP_FORM.format(name=name))
    extra = dict(extra or {})
    if name == "talk" and date > deadline(applicant.applied_on, months=rules.TALK_MONTHS):
        extra["late"] = True  # recorded; the board showed it overdue (细则: within one month)
    data = _data(date, actor, note, documents, **extra)
    entry = transition_apply(
        workflow=DEVELOPMENT,
        obj=applicant,
        name=name,
        actor=actor,
        note=note,
        data=data,
        changes=_changes(applicant, name, date, data | {"note": note}),
    )
    _membership(actor, applicant, name)
    return entry


def _full_members(people: list[Person], role: str, applicant: Applicant) -> None:
    for p in people:
        if p.pk == applicant.person_id:
            raise ApplicationError(errors.ERR_SELF.format(role=role), field="people")
        m = getattr(p, "membership", None)
        if m is None or m.status != M.FULL:
            raise ApplicationError(errors.ERR_NOT_FULL_MEMBER.format(name=p.name, role=role), field="people")


@transaction.atomic
def contacts_assign(
    *, actor: Actor, applicant: Applicant, people: list[Person], date: dt.date, note: str = ""
) -> ApplicantEvent:
    """Step 5: one or two full members as 培养联系人."""
    if not 1 <= len(people) <= 2:
        raise ApplicationError(errors.ERR_CONTACTS_COUNT.format(n=len(people)), field="people")
    _full_members(people, "培养联系人", applicant)
    entry = step_record(
        actor=actor,
        applicant=applicant,
        name="assign_contacts",
        date=date,
        note=note,
        extra={"people": [p.name for p in people]},
    )
    applicant.contacts.set(people)
    return entry


@transaction.atomic
def sponsors_assign(
    *, actor: Actor, applicant: Applicant, people: list[Person], date: dt.date, note: str = ""
) -> ApplicantEvent:
    """Step 9: two full members as 入党介绍人."""
    if len(people) != 2:
        raise ApplicationError(errors.ERR_SPONSORS_COUNT.format(n=len(people)), field="people")
    _full_members(people, "入党介绍人", applicant)
    entry = step_record(
        actor=actor,
        applicant=applicant,
        name="assign_sponsors",
        date=date,
        note=note,
        extra={"people": [p.name for p in people]},
    )
    applicant.sponsors.set(people)
    return entry


def political_review_record(
    *, actor: Actor, applicant: Applicant, date: dt.date, passed: bool, conclusion: str, documents: str = ""
) -> ApplicantEvent:
    """Step 10: the written conclusion (结论性材料) of the political review."""
    if not (conclusion or "").strip():
        raise ApplicationError("请填写政治审查结论。", field="conclusion")
    return step_record(
        actor=actor,
        applicant=applicant,
        name="political_review",
        date=date,
        note=conclusion,
        documents=documents or "政治审查结论性材料",
        extra={"passed": bool(passed)},
    )


def training_record(
    *,
    actor: Actor,
    applicant: Applicant,
    date: dt.date,
    days: int,
    hours: int,
    note: str = "",
    documents: str = "",
) -> ApplicantEvent:
    """Step 11: the short centralised training (at least 3 days or 24 class hours)."""
    if days < 0 or hours < 0:
        raise ApplicationError("培训天数和学时不能为负数。", field="training_days")
    rules.training_enough(days, hours)
    return step_record(
        actor=actor,
        applicant=applicant,
        name="training",
        date=date,
        note=note,
        documents=documents or "培训结业证明",
        extra={"days": days, "hours": hours},
    )


def committee_talk_record(
    *, actor: Actor, applicant: Applicant, talker: Person, date: dt.date, note: str = ""
) -> ApplicantEvent:
    """Step 16: a member of the approving committee (or its 组织员) talks with the applicant."""
    above = [o.pk for o in scoping.approving_orgs_of(actor, applicant.organization.path)]
    holds_post = CadrePost.objects.filter(
        person=talker, organization_id__in=above, ended_on__isnull=True
    ).exists()
    if not holds_post:
        raise ApplicationError(errors.ERR_TALKER.format(name=talker.name), field="talker")
    return step_record(
        actor=actor,
        applicant=applicant,
        name="committee_talk",
        date=date,
        note=note,
        documents="谈话记录",
        extra={"talker": talker.name},
    )


def extension_record(
    *, actor: Actor, applicant: Applicant, date: dt.date, months: int, note: str = ""
) -> ApplicantEvent:
    """延长预备期: once only, 6 to 12 months (细则 第三十二条)."""
    return step_record(
        actor=actor,
        applicant=applicant,
        name="extend",
        date=date,
        note=note,
        documents="支部大会决议、上级党委批复",
        extra={"months": int(months)},
    )


@transaction.atomic
def vote_for_applicant(
    *,
    actor: Actor,
    applicant: Applicant,
    meeting,
    votes_for: int,
    votes_against: int = 0,
    abstentions: int = 0,
    written_for: int = 0,
    written_against: int = 0,
    written_abstentions: int = 0,
    note: str = "",
) -> ApplicantEvent:
    """Steps 15 and 23: the branch general meeting votes on one applicant (接收 or 转正). The quorum
    and the majority are meetings' (meetings.services.vote_record): more than half of those with a
    vote must attend, and more than half of those who should attend must vote yes, absent members'
    written opinions counted. Below quorum nothing is written."""
    conversion = applicant.stage == Stage.CONVERSION_APPLIED
    if meeting.organization_id != applicant.organization_id or meeting.kind != MeetingKind.GENERAL_MEETING:
        raise ApplicationError(errors.ERR_MEETING.format(org=applicant.organization.name), field="meeting")
    what = "转为正式党员" if conversion else "接收为预备党员"
    vote = vote_record(
        actor=actor,
        meeting=meeting,
        subject=f"讨论{applicant.person.name}{what}",
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        written_for=written_for,
        written_against=written_against,
        written_abstentions=written_abstentions,
    )
    name = ("conversion_vote" if conversion else "vote") + ("" if vote.passed else "_failed")
    return step_record(
        actor=actor,
        applicant=applicant,
        name=name,
        date=_local_day(meeting.held_at),
        note=note,
        documents="支部大会决议",
        extra={
            "meeting": meeting.pk,
            "vote": vote.pk,
            "for": vote.votes_for,
            "against": vote.votes_against,
            "abstain": vote.abstentions,
            "written": [written_for, written_against, written_abstentions],
            "passed": vote.passed,
        },
    )
