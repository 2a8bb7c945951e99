"""Development of members and cadre changes in the demo year.

Development records (with their timelines) for the people the people stage made: every applicant,
activist and candidate, the probationary members admitted in the year (the year's new members)
and the members whose probation ended in the year (the year's conversions), each step dated
between the membership dates the people stage drew. Elections: the organisations whose term
started in the year, approved, with their committee. Mid-term adjustments (届中调整): one
approved record for each post the people stage ended mid-term in the year (seed: 指导57个单位届中调整
党务干部81名 — the people stage chose exactly those 81 posts in 57 units), with its successor.
Pre-appointment tests for the full-time deputy secretaries who took office in the year."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.utils import timezone

from dangjian.core.demo import demo_stage
from dangjian.core.workdays import add_months
from dangjian.demo.builder import Context, insert_rows, next_id
from dangjian.development.enums import Stage
from dangjian.development.models import Applicant, ApplicantEvent
from dangjian.elections.enums import ApprovalStatus, ElectionMethod
from dangjian.elections.models import (
    Adjustment,
    AdjustmentEvent,
    ElectedMember,
    Election,
    ElectionEvent,
    PreTest,
)
from dangjian.elections.services import term_end
from dangjian.organizations.enums import OrgKind
from dangjian.organizations.models import PartyOrganization
from dangjian.people.enums import COMMITTEE_POSTS, MembershipStatus, Post, PostEndReason
from dangjian.people.models import CadrePost, Membership

M = MembershipStatus
REASONS = ["工作调动", "职务调整", "退休", "岗位交流", "因病辞去职务", "另有任用"]


def _complete(model, row: dict) -> dict:
    """Every concrete field of `model` in the row (core.bulk.insert_rows reads the keys of the first
    row): a missing one gets the field's default, or None."""
    out = {}
    for f in model._meta.concrete_fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            continue
        out[f.attname] = (
            row[f.attname] if f.attname in row else (f.get_default() if f.has_default() else None)
        )
    return out


class Builder:
    def __init__(self, ctx: Context):
        self.ctx, self.y = ctx, ctx.year
        self.rng = random.Random(f"{ctx.seed}:development")
        self.applicants: list[dict] = []
        self.events: list[dict] = []
        self.next_event = next_id(ApplicantEvent)

    def day(self, start: dt.date, lo: int, hi: int, cap: dt.date | None = None) -> dt.date:
        d = start + dt.timedelta(days=self.rng.randint(lo, hi))
        return min(d, cap) if cap else d

    def event(
        self,
        applicant_id: int,
        name: str,
        before: str,
        after: str,
        day: dt.date,
        by: str,
        docs: str = "",
        **data,
    ):
        at = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
        self.events.append(
            {
                "id": self.next_event,
                "applicant_id": applicant_id,
                "transition": name,
                "from_state": before,
                "to_state": after,
                "actor_id": None,
                "at": at,
                "note": "",
                "data": {"date": day.isoformat(), "by": by, "documents": docs, "note": "", **data},
            }
        )
        self.next_event += 1

    def record(self, aid: int, person_id: int, org_id: int, m: Any, y_end: dt.date) -> None:
        """One development record from the membership dates `m`; the steps in between are drawn."""
        status = m["status"]
        applied = m["applied_on"]
        S = Stage
        row = {"id": aid, "person_id": person_id, "organization_id": org_id, "applied_on": applied}
        ev = lambda *a, **k: self.event(aid, *a, **k)  # noqa: E731
        ev("apply", "", S.APPLIED, applied, "申请人", "入党申请书")
        stage = S.APPLIED
        activist = m.get("activist_on")
        talk_cap = (activist - dt.timedelta(days=1)) if activist else y_end
        talked = self.day(applied, 5, 40, talk_cap)
        if talked <= y_end and talked >= applied and (activist or self.rng.random() < 0.85):
            row["talked_on"] = talked
            ev(
                "talk",
                stage,
                S.TALKED,
                talked,
                "党支部",
                "谈话记录",
                **({"late": True} if talked > add_months(applied, 1) else {}),
            )
            stage = S.TALKED
            row.update(due_on=None, due_what="确定入党积极分子")
        else:
            row.update(due_on=add_months(applied, 1), due_what="派人谈话")
        if activist:
            row["activist_on"] = activist
            ev("make_activist", stage, S.ACTIVIST, activist, "党支部委员会", "推荐材料、支委会记录")
            stage = S.ACTIVIST
            filed = self.day(activist, 3, 20, y_end)
            row["activist_filed_on"] = filed
            ev("file_activist", stage, stage, filed, "党支部", "备案表")
            ev("assign_contacts", stage, stage, self.day(activist, 5, 25, y_end), "党支部", "")
            review = add_months(activist, 6)
            candidate = m.get("candidate_on")
            end = min(candidate or y_end, y_end)
            last = None
            while review <= end:
                ev("review", stage, stage, review, "党支部", "考察意见")
                last = review
                review = add_months(review, 6)
            row["last_review_on"] = last
            row.update(due_on=add_months(last or activist, 6), due_what="半年考察")
        candidate = m.get("candidate_on")
        if candidate:
            row["candidate_on"] = candidate
            ev("make_candidate", stage, S.CANDIDATE, candidate, "党支部委员会", "支委会记录")
            stage = S.CANDIDATE
            row.update(due_on=None, due_what="发展对象考察、培训、政审")
        admitted = m.get("admitted_on")
        if admitted and candidate:
            cap = admitted - dt.timedelta(days=1)
            gap = max((admitted - candidate).days, 8)
            steps = sorted(self.rng.sample(range(1, gap), 7)) if gap > 8 else list(range(1, 8))
            d = [min(candidate + dt.timedelta(days=s), cap) for s in steps]
            row.update(
                candidate_filed_on=d[0],
                political_review_on=d[1],
                political_review_passed=True,
                trained_on=d[2],
                training_days=3,
                training_hours=24,
                reviewed_on=d[4],
                pre_reviewed_on=d[5],
                form_filled_on=d[6],
            )
            ev("file_candidate", stage, stage, d[0], "党支部", "备案表")
            ev("assign_sponsors", stage, stage, d[0], "党支部", "")
            ev("political_review", stage, stage, d[1], "党支部", "政治审查结论性材料", passed=True)
            ev("training", stage, stage, d[2], "机关党委", "培训结业证明", days=3, hours=24)
            ev("committee_review", stage, S.REVIEWED, d[4], "党支部委员会", "审查意见")
            ev("pre_review", S.REVIEWED, S.PRE_REVIEWED, d[5], "机关党委", "预审意见")
            ev("fill_form", S.PRE_REVIEWED, S.PRE_REVIEWED, d[6], "发展对象", "入党志愿书")
            stage = S.PRE_REVIEWED
            # The branch general meeting passed the applicant on the admission day.
            year_end = dt.date(admitted.year, 12, 31)
            ev("vote", stage, S.VOTED, admitted, "支部党员大会", "支部大会决议", passed=True)
            talk = self.day(admitted, 3, 15, year_end)
            approved = self.day(talk, 1, 30, year_end)
            ends = add_months(admitted, 12)
            row.update(
                vote_on=admitted,
                committee_talk_on=talk,
                approved_on=approved,
                probation_ends_on=ends,
                due_on=ends,
                due_what="预备期满讨论转正",
            )
            ev("committee_talk", S.VOTED, S.VOTED, talk, "机关党委", "谈话记录")
            ev("approve", S.VOTED, S.PROBATIONARY, approved, "机关党委", "审批意见")
            stage = S.PROBATIONARY
            oath = self.day(approved, 1, 40, year_end)
            row["oath_on"] = oath
            ev("oath", stage, stage, oath, "党支部", "")
            full = m.get("full_on")
            if status == M.FULL and full:
                applied_conv = max(full - dt.timedelta(days=self.rng.randint(10, 30)), approved)
                conv_vote = self.day(full, 0, 12, y_end)
                conv_ok = self.day(conv_vote, 3, 40, y_end)
                row.update(
                    conversion_applied_on=applied_conv,
                    conversion_vote_on=conv_vote,
                    full_on=full,
                    conversion_approved_on=conv_ok,
                    due_on=None,
                    due_what="材料归档",
                )
                ev("apply_conversion", stage, S.CONVERSION_APPLIED, applied_conv, "预备党员", "转正申请书")
                ev(
                    "conversion_vote",
                    S.CONVERSION_APPLIED,
                    S.CONVERSION_VOTED,
                    conv_vote,
                    "支部党员大会",
                    "支部大会决议",
                    passed=True,
                )
                ev("conversion_approve", S.CONVERSION_VOTED, S.FULL, conv_ok, "机关党委", "转正审批意见")
                stage = S.FULL
        row["stage"] = stage
        self.applicants.append(row)

    def development(self) -> dict:
        y = self.y
        y_end = dt.date(y, 12, 31)
        rows = (
            Membership.objects.filter(person__organization__kind=OrgKind.BRANCH)
            .filter(status__in=[M.APPLICANT, M.ACTIVIST, M.CANDIDATE])
            .values(
                "person_id",
                "person__organization_id",
                "status",
                "applied_on",
                "activist_on",
                "candidate_on",
                "admitted_on",
                "full_on",
            )
            .order_by("person_id")
        )
        new = (
            Membership.objects.filter(person__organization__kind=OrgKind.BRANCH)
            .filter(status=M.PROBATIONARY, admitted_on__year=y)
            .values(
                "person_id",
                "person__organization_id",
                "status",
                "applied_on",
                "activist_on",
                "candidate_on",
                "admitted_on",
                "full_on",
            )
            .order_by("person_id")
        )
        converted = (
            Membership.objects.filter(person__organization__kind=OrgKind.BRANCH)
            .filter(status=M.FULL, full_on__year=y, admitted_on__isnull=False, applied_on__isnull=False)
            .values(
                "person_id",
                "person__organization_id",
                "status",
                "applied_on",
                "activist_on",
                "candidate_on",
                "admitted_on",
                "full_on",
            )
            .order_by("person_id")
        )
        aid = next_id(Applicant)
        counts = {"pipeline": 0, "new": 0, "converted": 0}
        for key, qs in (("pipeline", rows), ("new", new), ("converted", converted)):
            for m in qs:
                if not m["applied_on"]:
                    continue
                self.record(aid, m["person_id"], m["person__organization_id"], m, y_end)
                aid += 1
                counts[key] += 1
        insert_rows(Applicant, [_complete(Applicant, row) for row in self.applicants])
        insert_rows(ApplicantEvent, self.events, chunk=5000)
        return counts

    # --- elections and cadre changes ---------------------------------------------------------------
    def elections(self) -> int:
        y = self.y
        orgs = list(
            PartyOrganization.objects.filter(
                is_active=True,
                kind__in=[OrgKind.ORGAN_COMMITTEE, OrgKind.GENERAL_BRANCH, OrgKind.BRANCH],
                term_started_on__year=y,
            ).order_by("path")
        )
        posts: dict[int, list] = {}
        for cp in CadrePost.objects.filter(organization__in=orgs, post__in=COMMITTEE_POSTS).order_by("id"):
            posts.setdefault(cp.organization_id, []).append(cp)
        elections, members, events = [], [], []
        eid, mid, vid = next_id(Election), next_id(ElectedMember), next_id(ElectionEvent)
        for org in orgs:
            held = org.term_started_on
            assert held is not None
            elected: dict[int, str] = {}
            for cp in posts.get(org.pk, []):
                if cp.started_on == held:
                    elected.setdefault(cp.person_id, cp.post)
            if not elected:
                continue
            voters = max(len(elected) * 3, self.rng.randint(8, 60))
            approved = held + dt.timedelta(days=self.rng.randint(3, 25))
            elections.append(
                {
                    "id": eid,
                    "organization_id": org.pk,
                    "held_on": held,
                    "method": ElectionMethod.GENERAL_MEETING,
                    "seats": len(elected),
                    "candidates": len(elected) + (1 if len(elected) >= 3 else 0),
                    "voters_expected": voters,
                    "voters_present": voters - self.rng.randint(0, max(voters // 6, 0)),
                    "term_ends_on": term_end(org, held),
                    "status": ApprovalStatus.APPROVED,
                    "approved_on": approved,
                    "note": "",
                }
            )
            for pid, post in elected.items():
                members.append({"id": mid, "election_id": eid, "person_id": pid, "post": post, "votes": 0})
                mid += 1
            for name, before, after, d in (
                ("submit", "", ApprovalStatus.SUBMITTED, held),
                ("approve", ApprovalStatus.SUBMITTED, ApprovalStatus.APPROVED, approved),
            ):
                events.append(
                    {
                        "id": vid,
                        "election_id": eid,
                        "transition": name,
                        "from_state": before,
                        "to_state": after,
                        "actor_id": None,
                        "at": timezone.make_aware(dt.datetime.combine(d, dt.time(10))),
                        "note": "",
                        "data": {"date": d.isoformat()},
                    }
                )
                vid += 1
            eid += 1
        insert_rows(Election, elections)
        insert_rows(ElectedMember, members)
        insert_rows(ElectionEvent, events)
        return len(elections)

    def adjustments(self) -> tuple[int, int]:
        y = self.y
        ended = list(
            CadrePost.objects.filter(end_reason=PostEndReason.MID_TERM, ended_on__year=y)
            .select_related("organization")
            .order_by("id")
        )
        current: dict[tuple, Any] = {}
        for cp in CadrePost.objects.filter(
            organization_id__in={p.organization_id for p in ended}, ended_on__isnull=True
        ).order_by("id"):
            current.setdefault((cp.organization_id, cp.post, cp.started_on), cp)
        rows, events = [], []
        aid, vid = next_id(Adjustment), next_id(AdjustmentEvent)
        for cp in ended:
            assert cp.ended_on is not None
            successor = current.get((cp.organization_id, cp.post, cp.ended_on))
            approved = cp.ended_on - dt.timedelta(days=self.rng.randint(0, 10))
            rows.append(
                {
                    "id": aid,
                    "organization_id": cp.organization_id,
                    "post": cp.post,
                    "left_post_id": cp.pk,
                    "left_person_id": cp.person_id,
                    "came_person_id": successor.person_id if successor else None,
                    "new_post_id": successor.pk if successor else None,
                    "adjusted_on": cp.ended_on,
                    "reason": self.rng.choice(REASONS),
                    "status": ApprovalStatus.APPROVED,
                    "approved_on": approved,
                }
            )
            for name, before, after, d in (
                ("submit", "", ApprovalStatus.SUBMITTED, approved - dt.timedelta(days=7)),
                ("approve", ApprovalStatus.SUBMITTED, ApprovalStatus.APPROVED, approved),
            ):
                events.append(
                    {
                        "id": vid,
                        "adjustment_id": aid,
                        "transition": name,
                        "from_state": before,
                        "to_state": after,
                        "actor_id": None,
                        "at": timezone.make_aware(dt.datetime.combine(d, dt.time(10))),
                        "note": "",
                        "data": {"date": d.isoformat()},
                    }
                )
                vid += 1
            aid += 1
        insert_rows(Adjustment, rows)
        insert_rows(AdjustmentEvent, events)
        units = len({cp.organization.unit_id for cp in ended})
        return len(rows), units

    def pretests(self) -> int:
        y = self.y
        rows = []
        tid = next_id(PreTest)
        for cp in CadrePost.objects.filter(post=Post.FULLTIME_DEPUTY, started_on__year=y).order_by("id"):
            score = Decimal(self.rng.randint(780, 980)) / 10
            rows.append(
                {
                    "id": tid,
                    "organization_id": cp.organization_id,
                    "person_id": cp.person_id,
                    "post": Post.FULLTIME_DEPUTY,
                    "tested_on": cp.started_on - dt.timedelta(days=self.rng.randint(7, 30)),
                    "score": score,
                    "passed": True,
                    "note": "",
                }
            )
            tid += 1
        insert_rows(PreTest, rows)
        return len(rows)


@demo_stage(
    "development",
    order=120,
    label="发展党员、换届选举与干部调整",
    steps={"development.records": "发展党员记录", "development.elections": "换届选举、届中调整、任前测试"},
    counts=[
        ("development_records", "发展党员记录"),
        ("development_new", "年内接收预备党员"),
        ("development_converted", "年内转正"),
        ("elections", "换届选举"),
        ("adjustments", "届中调整"),
        ("adjustment_units", "届中调整单位"),
        ("pretests", "任前测试"),
    ],
)
def build(ctx: Context) -> None:
    b = Builder(ctx)
    with ctx.step("development.records"):
        counts = b.development()
    with ctx.step("development.elections"):
        elections = b.elections()
        adjustments, units = b.adjustments()
        pretests = b.pretests()
    ctx.counts.update(
        {
            "development_records": len(b.applicants),
            "development_new": counts["new"],
            "development_converted": counts["converted"],
            "elections": elections,
            "adjustments": adjustments,
            "adjustment_units": units,
            "pretests": pretests,
        }
    )
