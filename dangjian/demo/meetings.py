"""A year of organisational life in the demo province (issue 3), built from records.

For every branch: 支委会 and 主题党日 monthly, 支部党员大会 and 党课 quarterly, 组织生活会 with
民主评议党员 once, a few 谈心谈话; for every party group 党小组会 monthly. Branches differ in how
reliably they meet (most miss almost nothing, a few miss a lot; February, August and the holiday
months are missed more), branches founded during the year start when they are founded. Each
meeting's roster is what `meetings.services.roster_for` would give (members of the organisation on
that day, probationers without a vote; the committee for 支委会; the branch for 党小组会; the group
for a youth activity), computed here in memory from the membership periods and posts.

Seed figures (seed-2023-figures.yaml) come out of the records at scale 1: exactly STUDY_SESSIONS
meetings carry a study content, the working committee sat in on central-group sessions of exactly
CENTRAL_GROUP_UNITS units and YOUTH_GROUPS groups with YOUTH_MEMBERS distinct members held
YOUTH_ACTIVITIES activities (the work prompts and study materials are the stages of demo/prompts.py
and demo/materials.py).
The sets are chosen first (deterministically, from ctx.rng), the records are generated around them.

The young people of the province are not enough for the youth groups' figure, so this stage adds
young non-party staff (Person without a Membership, attached to a branch of their unit) first.
Large tables (meetings, agenda items, attendance, appraisals) go through `insert_rows` with
explicit ids; foreign keys are checked at commit, so the order of the inserts does not matter.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from contextlib import contextmanager
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection

from dangjian.core.demo import demo_stage
from dangjian.demo.builder import Context, insert_rows, next_id
from dangjian.demo.data import cn_number
from dangjian.demo.people import PeopleBuilder, add_years
from dangjian.meetings.enums import (
    ORG_LIFE_KINDS,
    AppraisalGrade,
    AttendanceStatus,
    MeetingKind,
    MeetingStatus,
    SignMethod,
)
from dangjian.meetings.models import (
    AgendaItem,
    Appraisal,
    Attendance,
    CadenceRule,
    Meeting,
    YouthGroupMember,
    YouthStudyGroup,
)
from dangjian.meetings.rules import DEFAULT_CADENCE, YOUTH_AGE_LIMITS
from dangjian.organizations.enums import OrgKind
from dangjian.people.enums import COMMITTEE_POSTS, MembershipStatus, PersonCategory, Post
from dangjian.people.models import CadrePost, MembershipPeriod, Person

# The seed's figures (shared/spec/seed-2023-figures.yaml) at scale 1.
STUDY_SESSIONS = 11679  # org_life_study_sessions
CENTRAL_GROUP_UNITS = 45  # central_group_sessions_attended
YOUTH_GROUPS, YOUTH_MEMBERS, YOUTH_ACTIVITIES = 1013, 19264, 2191
ONE_DAY = dt.timedelta(days=1)
YOUTH_STAFF = 4500  # young non-party staff added for the youth groups
YOUTH_ALUMNI = 600  # former youth-group members who aged out before the year (not counted)
DISSOLVED_GROUPS = 7  # youth groups dissolved before the year (not counted)

K, A = MeetingKind, AttendanceStatus
HELD, CANCELLED = MeetingStatus.HELD, MeetingStatus.CANCELLED
FULL = MembershipStatus.FULL
SEASON = {1: 1.3, 2: 1.8, 3: 1.0, 4: 0.8, 5: 0.8, 6: 0.9, 7: 1.2, 8: 1.6, 9: 0.9, 10: 1.3, 11: 1.0, 12: 0.9}
MORNING = [(8, 30), (9, 0), (9, 0), (9, 30), (10, 0)]
AFTERNOON = [(14, 0), (14, 30), (14, 30), (15, 0), (15, 30), (16, 0)]
LATE = [(16, 30), (17, 0)]
YOUTH_SLOTS = [(12, 30), (17, 30), (17, 30), (14, 30), (15, 0)]

# --- texts ---------------------------------------------------------------------------------------
# (from month, from day, theme, what is read): a theme is current from its day on (never before the
# event it is about); a meeting picks one of the three latest.
THEMES = [
    (1, 1, "学习贯彻党的二十大精神", "党的二十大报告"),
    (
        1,
        10,
        "学习习近平总书记在二十届中央纪委二次全会上的重要讲话精神",
        "习近平总书记在二十届中央纪委二次全会上的重要讲话",
    ),
    (2, 1, "学习新修订的《中国共产党章程》", "《中国共产党章程》"),
    (2, 8, "深入学习领会党的二十大报告", "党的二十大报告"),
    (3, 14, "学习贯彻全国两会精神", "十四届全国人大一次会议《政府工作报告》"),
    (3, 20, "学习《关于在全党大兴调查研究的工作方案》", "《关于在全党大兴调查研究的工作方案》"),
    (
        4,
        4,
        "学习贯彻习近平新时代中国特色社会主义思想主题教育动员部署",
        "习近平总书记在学习贯彻习近平新时代中国特色社会主义思想主题教育工作会议上的重要讲话",
    ),
    (4, 20, "学习《习近平著作选读》第一卷", "《习近平著作选读》第一卷"),
    (
        5,
        1,
        "学习《习近平新时代中国特色社会主义思想专题摘编》",
        "《习近平新时代中国特色社会主义思想专题摘编》",
    ),
    (5, 10, "主题教育：以学铸魂，筑牢理想信念根基", "《习近平著作选读》第一卷"),
    (6, 1, "主题教育：以学增智，大兴调查研究", "《关于在全党大兴调查研究的工作方案》"),
    (
        6,
        5,
        "学习习近平总书记在文化传承发展座谈会上的重要讲话精神",
        "习近平总书记在文化传承发展座谈会上的重要讲话",
    ),
    (6, 20, "庆祝建党102周年，弘扬伟大建党精神", "《中国共产党章程》"),
    (7, 5, "主题教育：以学正风，锤炼过硬作风", "《中国共产党纪律处分条例》"),
    (8, 1, "主题教育：以学促干，推动检视整改", "《习近平著作选读》第二卷"),
    (8, 1, "学习《习近平著作选读》第二卷", "《习近平著作选读》第二卷"),
    (
        9,
        8,
        "学习习近平总书记在新时代推动东北全面振兴座谈会上的重要讲话精神",
        "习近平总书记在新时代推动东北全面振兴座谈会上的重要讲话",
    ),
    (
        9,
        20,
        "学习《习近平新时代中国特色社会主义思想学习纲要（2023年版）》",
        "《习近平新时代中国特色社会主义思想学习纲要（2023年版）》",
    ),
    (10, 9, "学习贯彻习近平文化思想", "习近平总书记对宣传思想文化工作作出的重要指示"),
    (10, 20, "奋力推动辽宁全面振兴新突破三年行动", "习近平总书记关于东北全面振兴的重要论述"),
    (11, 1, "学习贯彻中央金融工作会议精神", "习近平总书记在中央金融工作会议上的重要讲话"),
    (
        11,
        15,
        "学习《习近平新时代中国特色社会主义思想专题摘编》",
        "《习近平新时代中国特色社会主义思想专题摘编》",
    ),
    (12, 13, "学习贯彻中央经济工作会议精神", "习近平总书记在中央经济工作会议上的重要讲话"),
]
STUDY_WAYS = [
    "集中学习{r}，党员结合岗位实际交流学习体会。",
    "领学{r}，开展专题研讨，{n}名党员作交流发言。",
    "原文领学{r}，观看专题辅导视频，围绕本职工作谈认识、谈打算。",
    "学习{r}，支部书记作辅导，党员撰写心得体会。",
]
# (month, day, speech): the 第一议题 studies one of the latest important speeches before the meeting.
SPEECHES = [
    (1, 1, "习近平总书记在中国共产党第二十次全国代表大会上的报告"),
    (1, 9, "习近平总书记在二十届中央纪委二次全会上的重要讲话"),
    (2, 7, "习近平总书记在学习贯彻习近平新时代中国特色社会主义思想和党的二十大精神研讨班开班式上的重要讲话"),
    (3, 13, "习近平总书记在十四届全国人大一次会议上的重要讲话"),
    (4, 3, "习近平总书记在学习贯彻习近平新时代中国特色社会主义思想主题教育工作会议上的重要讲话"),
    (6, 2, "习近平总书记在文化传承发展座谈会上的重要讲话"),
    (9, 7, "习近平总书记在新时代推动东北全面振兴座谈会上的重要讲话"),
    (10, 8, "习近平总书记对宣传思想文化工作作出的重要指示"),
    (10, 31, "习近平总书记在中央金融工作会议上的重要讲话"),
    (12, 12, "习近平总书记在中央经济工作会议上的重要讲话"),
]
COMMITTEE_ITEMS = [
    "研究本月主题党日活动安排",
    "研究发展党员工作",
    "通报党费收缴情况",
    "研究部署主题教育工作",
    "讨论支部年度工作计划",
    "研究党员教育培训安排",
    "听取党小组工作情况汇报",
    "研究走访慰问困难党员事宜",
    "研究“三会一课”落实情况",
    "研究民主评议党员工作方案",
    "研究“我为群众办实事”项目清单",
    "研究意识形态工作",
    "讨论支部品牌创建工作",
]
GENERAL_ITEMS = [
    "通报支部上季度工作情况",
    "讨论接收预备党员",
    "讨论预备党员转正",
    "选举出席机关党代会代表",
    "通报党费收缴和使用情况",
    "部署下阶段支部工作",
    "传达上级党组织会议精神",
    "讨论确定入党积极分子",
]
REVIEW_ITEMS = [
    "通报上一年度组织生活会整改落实情况",
    "支部班子作对照检查",
    "支部委员和党员开展批评和自我批评",
    "提出整改措施",
]
LECTURE_TOPICS = [  # (from month, topic)
    (1, "深刻领悟“两个确立”的决定性意义"),
    (1, "传承红色基因 担当振兴使命"),
    (1, "坚持以人民为中心的发展思想"),
    (1, "全面从严治党永远在路上"),
    (1, "深入学习贯彻党的二十大精神 奋力推动辽宁全面振兴新突破"),
    (1, "牢记初心使命 做合格共产党员"),
    (4, "以学铸魂 以学增智 以学正风 以学促干"),
    (4, "大兴调查研究之风"),
    (4, "以党的创新理论武装头脑、指导实践、推动工作"),
    (6, "弘扬伟大建党精神"),
    (11, "学习贯彻习近平文化思想"),
]
ACTIVITIES = [
    "“我为群众办实事”志愿服务",
    "参观辽沈战役纪念馆",
    "参观中共满洲省委旧址纪念馆",
    "重温入党誓词",
    "走进社区开展政策宣讲",
    "无偿献血志愿活动",
    "参观“九·一八”历史博物馆",
    "观看警示教育片",
    "与结对社区党组织联学共建",
    "党史知识竞赛",
    "党员义务劳动",
    "参观抗美援朝纪念馆",
    "文明城市创建志愿服务",
]
GROUP_TOPICS = ["交流学习体会", "收缴党费、交流思想工作情况", "讨论本组党员承诺践诺", "传达支部工作安排"]
TALK_TITLES = [
    "支部书记与党员谈心谈话",
    "开展谈心谈话，征求意见建议",
    "支委之间谈心谈话",
    "与新入职青年党员谈心谈话",
]
PLACES = [
    "机关党员活动室",
    "第一会议室",
    "第二会议室",
    "三楼会议室",
    "党员之家",
    "支部活动室",
    "小会议室",
    "视频会议室",
]
RETIREE_PLACES = ["老干部活动中心", "离退休干部活动室", "老干部活动中心多功能厅"]
LEAVE_REASONS = ["出差", "病假", "公务外出", "年休假", "参加培训", "下乡调研", "家中有事", "值班"]
RETIREE_LEAVE = ["身体原因", "住院治疗", "外地探亲", "病假", "行动不便"]
YOUTH_TITLES = ["专题学习：{t}", "青年读书分享会：{t}", "“青年说”理论宣讲：{t}", "青年干部座谈交流：{t}"]
CENTRAL_TITLES = ["理论学习中心组专题学习：{t}", "理论学习中心组集体学习：{t}", "理论学习中心组专题研讨：{t}"]


def holidays(year: int) -> set[dt.date]:
    """Public holidays (a year's exact calendar for 2023, the fixed ones otherwise)."""
    spans = [(1, 1, 3), (5, 1, 3), (10, 1, 7)]
    if year == 2023:
        spans = [
            (1, 1, 2),
            (1, 21, 27),
            (4, 5, 5),
            (4, 29, 30),
            (5, 1, 3),
            (6, 22, 24),
            (9, 29, 30),
            (10, 1, 6),
        ]
    return {dt.date(year, m, d) for m, a, b in spans for d in range(a, b + 1)}


def _month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return dt.date(year, month, 1), nxt - dt.timedelta(days=1)


class Builder:
    def __init__(self, ctx: Context):
        self.ctx, self.rng, self.y = ctx, ctx.rng, ctx.year
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.off = holidays(self.y)
        self.y0, self.y1 = ctx.year_start, ctx.year_end
        limit = getattr(settings, "YOUTH_AGE_LIMIT", YOUTH_AGE_LIMITS[0])
        self.youth_limit = limit if limit in YOUTH_AGE_LIMITS else YOUTH_AGE_LIMITS[0]
        self.meetings: list[dict] = []
        # per meeting, aligned with self.meetings: (org, roster key, day, extra)
        self.specs: list[tuple] = []
        self.agenda: list[dict] = []
        self.attendance: list[
            tuple
        ] = []  # (meeting_id, person_id, status, reason, voting, signed_at, method)
        self.appraisals: list[tuple] = []
        self.next_meeting = next_id(Meeting)

    # --- loading ---------------------------------------------------------------------------------
    def load(self) -> None:
        ctx = self.ctx
        self.org = {o.pk: o for o in ctx.orgs}
        self.groups_of: dict[int, list] = {}
        for o in ctx.orgs:
            if o.kind == OrgKind.PARTY_GROUP:
                self.groups_of.setdefault(o.parent_id, []).append(o)
        # membership periods overlapping the year, keyed by the branch (a party group's go to its branch)
        self.periods: dict[int, list] = {}
        rows = (
            MembershipPeriod.objects.filter(
                status__in=(FULL, MembershipStatus.PROBATIONARY), valid_from__lte=self.y1
            )
            .exclude(valid_to__lte=self.y0)
            .order_by("id")
            .values_list("person_id", "organization_id", "status", "valid_from", "valid_to")
        )
        for pid, oid, status, start, end in rows:
            o = self.org.get(oid)
            key = o.parent_id if o is not None and o.kind == OrgKind.PARTY_GROUP else oid
            self.periods.setdefault(key, []).append((pid, status == FULL, start, end))
        self.posts: dict[int, list] = {}
        post_rows = (
            CadrePost.objects.filter(started_on__lte=self.y1)
            .exclude(ended_on__lte=self.y0)
            .order_by("id")
            .values_list("person_id", "organization_id", "post", "started_on", "ended_on")
        )
        for pid, oid, post, start, end in post_rows:
            self.posts.setdefault(oid, []).append((pid, post, start, end))
        self.names = dict(Person.objects.values_list("id", "name"))
        self.cache: dict = {}
        self.changes: dict = {}

    # --- calendar --------------------------------------------------------------------------------
    def workday(self, day: dt.date, lo: dt.date, hi: dt.date) -> dt.date:
        """`day` moved to a working day inside [lo, hi] (forward first, then back)."""
        d = day
        while d <= hi and (d.weekday() >= 5 or d in self.off):
            d += dt.timedelta(days=1)
        if d <= hi:
            return d
        d = day
        while d >= lo and (d.weekday() >= 5 or d in self.off):
            d -= dt.timedelta(days=1)
        return d if d >= lo else day

    def at(self, day: dt.date, slots) -> dt.datetime:
        h, m = self.rng.choice(slots)
        return dt.datetime(day.year, day.month, day.day, h, m, tzinfo=self.tz)

    def rand_day(self, lo: dt.date, hi: dt.date) -> dt.date:
        """A random working day in [lo, hi] (redrawn rather than moved, so no weekday piles up)."""
        for _ in range(6):
            d = self.ctx.rand_date(lo, hi)
            if d.weekday() < 5 and d not in self.off:
                return d
        return self.workday(d, lo, hi)

    def fixed_day(self, day: dt.date, lo: dt.date, hi: dt.date) -> dt.date:
        """A fixed date of the month: Saturday moves to Friday, Sunday to Monday, holidays forward."""
        if day.weekday() == 5 and day - dt.timedelta(days=1) >= lo:
            day -= dt.timedelta(days=1)
        return self.workday(day, lo, hi)

    # --- rosters ---------------------------------------------------------------------------------
    def _cached(self, key, items, day, compute):
        """Rosters only change on the days a period or post starts or ends: cache per interval."""
        changes = self.changes.get(key)
        if changes is None:
            changes = sorted(
                {d for it in items for d in (it[-2], it[-1]) if d is not None and self.y0 < d <= self.y1}
            )
            self.changes[key] = changes
        ck = (key, bisect.bisect_right(changes, day))
        hit = self.cache.get(ck)
        if hit is None:
            hit = self.cache[ck] = compute()
        return hit

    def members_on(self, branch_pk: int, day: dt.date) -> list[tuple[int, bool]]:
        periods = self.periods.get(branch_pk, ())

        def compute():
            seen: dict[int, bool] = {}
            for pid, full, start, end in periods:
                if start <= day and (end is None or end > day):
                    seen[pid] = seen.get(pid, False) or full
            return sorted(seen.items())

        return self._cached(("m", branch_pk), periods, day, compute)

    def posts_on(self, org_pk: int, day: dt.date) -> list[tuple[int, str]]:
        posts = self.posts.get(org_pk, ())

        def compute():
            return [
                (pid, post) for pid, post, start, end in posts if start <= day and (end is None or end > day)
            ]

        return self._cached(("p", org_pk), posts, day, compute)

    def committee_on(self, org_pk: int, day: dt.date) -> list[tuple[int, bool]]:
        return sorted(
            {pid: True for pid, post in self.posts_on(org_pk, day) if post in COMMITTEE_POSTS}.items()
        )

    # --- young non-party staff -----------------------------------------------------------------------
    def youth_staff(self) -> None:
        """Young staff who are not party members (Person without Membership), attached to an
        in-service branch of their unit, weighted by the branch's size."""
        ctx, rng = self.ctx, self.rng
        n = ctx.scaled(YOUTH_STAFF)
        branches = [b for b in ctx.branches if not getattr(b, "demo_retiree", False)]
        if not branches:
            return
        weights = [len(ctx.members_by_branch.get(b.pk, ())) + 1 for b in branches]
        picks = rng.choices(branches, weights=weights, k=n)
        existing = set(Person.objects.values_list("id_bidx", flat=True))
        people = PeopleBuilder(ctx)
        for branch in picks:
            while True:
                age = 23 + int(rng.betavariate(1.3, 1.9) * 12)
                rec = people.person(branch, age=age, female=rng.random() < 0.45, retired=False)
                row = people.persons[-1]
                if row["id_bidx"] not in existing:
                    break
                people.persons.pop()
                people.recs.pop()
                people.next_pk -= 1
            existing.add(row["id_bidx"])
            self.names[rec.pk] = rec.name
        insert_rows(Person, people.persons)
        ctx.counts["youth_staff"] = len(people.persons)

    # --- meetings ------------------------------------------------------------------------------------
    def add(self, org, kind: str, when: dt.datetime, *, status=HELD, note: str = "", **extra) -> dict:
        """A meeting row; titles and texts are filled in later (after the study set is chosen)."""
        mid = self.next_meeting
        self.next_meeting += 1
        stamp = when + dt.timedelta(hours=3)
        row = {
            "id": mid,
            "organization_id": org.pk,
            "root_id": org.root_id or org.pk,
            "kind": kind,
            "status": status,
            "title": "",
            "held_at": when,
            "place": "",
            "host_id": None,
            "recorder_id": None,
            "topics": "",
            "study_content": "",
            "minutes": "",
            "unit_id": None,
            "committee_attended": False,
            "youth_group_id": None,
            "created_by_id": None,
            "created_at": stamp,
            "updated_at": stamp,
        }
        row.update(extra)
        self.meetings.append(row)
        self.specs.append((org, kind, when.date(), note))
        return row

    def reliability(self) -> float:
        r = self.rng.random()
        return 0.02 if r < 0.62 else 0.10 if r < 0.84 else 0.28 if r < 0.95 else 0.55

    def missed(self, miss: float) -> bool:
        return self.rng.random() < miss

    def skip(self, org, kind, when) -> None:
        """A missed meeting: usually no record at all, sometimes one planned and then cancelled."""
        if self.rng.random() < 0.12:
            self.add(org, kind, when, status=CANCELLED)

    def plan_branch(self, b) -> None:
        rng, y = self.rng, self.y
        first = max(self.y0, b.established_on or self.y0)
        last = min(self.y1, b.dissolved_on - dt.timedelta(days=1)) if b.dissolved_on else self.y1
        if first > last:
            return
        miss = self.reliability()
        retiree = getattr(b, "demo_retiree", False)
        has_committee = (
            len({pid for pid, _p, _s, _e in self.posts.get(b.pk, ()) if _p in COMMITTEE_POSTS}) >= 2
        )
        party_day = rng.choice([5, 8, 10, 12, 15, 15, 18, 20, 20, 25, rng.randint(1, 28)])
        for month in range(1, 13):
            lo, hi = _month_bounds(y, month)
            lo, hi = max(lo, first), min(hi, last)
            if lo > hi:
                continue
            p = miss * SEASON[month]
            day = self.fixed_day(min(max(dt.date(y, month, party_day), lo), hi), lo, hi)
            when = self.at(day, MORNING if retiree else AFTERNOON)
            if self.missed(p):
                self.skip(b, K.THEMED_DAY, when)
            else:
                self.add(b, K.THEMED_DAY, when)
            if has_committee:
                when = self.at(self.rand_day(lo, min(hi, lo + dt.timedelta(days=16))), LATE + MORNING)
                if self.missed(p * 0.8):
                    self.skip(b, K.COMMITTEE_MEETING, when)
                else:
                    self.add(b, K.COMMITTEE_MEETING, when)
                    if rng.random() < 0.03 and hi - when.date() > dt.timedelta(days=7):
                        self.add(
                            b,
                            K.COMMITTEE_MEETING,
                            self.at(self.rand_day(when.date() + dt.timedelta(days=7), hi), LATE),
                        )
        for q in range(4):
            lo, hi = dt.date(y, 3 * q + 1, 1), _month_bounds(y, 3 * q + 3)[1]
            lo, hi = max(lo, first), min(hi, last)
            if lo > hi:
                continue
            for kind in (K.GENERAL_MEETING, K.LECTURE):
                when = self.at(self.rand_day(lo, hi), MORNING + AFTERNOON)
                if self.missed(miss * 0.8):
                    self.skip(b, kind, when)
                else:
                    self.add(b, kind, when)
            if q in (1, 2) and rng.random() < 0.15:  # 主题教育专题党课
                self.add(b, K.LECTURE, self.at(self.rand_day(lo, hi), AFTERNOON))
        if not self.missed(miss * 0.5):
            r = rng.random()
            lo, hi = (
                (dt.date(y, 1, 9), dt.date(y, 2, 28))
                if r < 0.2
                else (dt.date(y, 10, 9), dt.date(y, 11, 30))
                if r < 0.6
                else (dt.date(y, 12, 1), dt.date(y, 12, 29))
            )
            lo, hi = max(lo, first), min(hi, last)
            if lo <= hi:
                day = self.rand_day(lo, hi)
                note = "prev" if r < 0.2 else "theme" if r < 0.6 else "year"
                self.add(b, K.REVIEW_MEETING, self.at(day, MORNING), note=note)
                day2 = self.workday(min(hi, day + dt.timedelta(days=rng.choice([0, 0, 0, 1, 2, 5]))), day, hi)
                self.add(b, K.APPRAISAL, self.at(day2, AFTERNOON), note=note)
        talks = 0 if self.missed(miss) else rng.choice([1, 1, 1, 2, 2, 3])
        for _ in range(talks):
            self.add(b, K.TALK, self.at(self.rand_day(first, last), MORNING + AFTERNOON))
        for g in self.groups_of.get(b.pk, []):
            g_first = max(first, g.established_on or first)
            g_miss = min(0.9, miss * rng.uniform(0.7, 1.6))
            g_day = rng.randint(1, 28)
            for month in range(1, 13):
                lo, hi = _month_bounds(y, month)
                lo, hi = max(lo, g_first), min(hi, last)
                if lo > hi:
                    continue
                when = self.at(
                    self.fixed_day(min(max(dt.date(y, month, g_day), lo), hi), lo, hi), LATE + AFTERNOON
                )
                if self.missed(g_miss * SEASON[month]):
                    self.skip(g, K.GROUP_MEETING, when)
                else:
                    self.add(g, K.GROUP_MEETING, when)

    def plan(self) -> None:
        for b in self.ctx.branches:
            self.plan_branch(b)
        self.meetings_branch = len(self.meetings)

    # --- titles and texts ----------------------------------------------------------------------------
    def speech(self, day: dt.date) -> str:
        options = [s for m, d, s in SPEECHES if (m, d) < (day.month, day.day)] or [SPEECHES[0][2]]
        return self.rng.choice(options[-2:])

    def theme(self, day: dt.date) -> tuple[str, str]:
        """(theme, what is read) current on `day`: one of the three latest started."""
        options = [(t, r) for m, d, t, r in THEMES if (m, d) <= (day.month, day.day)] or [THEMES[0][2:]]
        return self.rng.choice(options[-3:])

    def study_text(self, theme: tuple[str, str]) -> str:
        return f"{theme[0]}。" + self.rng.choice(STUDY_WAYS).format(r=theme[1], n=self.rng.randint(2, 5))

    def choose_study(self) -> None:
        """Exactly STUDY_SESSIONS (scaled) held 三会一课 / 主题党日 meetings carry a study content:
        a weighted sample without replacement (lectures and themed days first)."""
        weights = {
            K.LECTURE: 6.0,
            K.THEMED_DAY: 3.0,
            K.GENERAL_MEETING: 2.0,
            K.GROUP_MEETING: 1.2,
            K.COMMITTEE_MEETING: 1.0,
        }
        rng = self.rng
        keyed = []
        for i, row in enumerate(self.meetings):
            if row["status"] == HELD and row["kind"] in ORG_LIFE_KINDS:
                keyed.append((-math.log(1.0 - rng.random()) / weights[row["kind"]], i))
        keyed.sort()
        target = min(self.ctx.scaled(STUDY_SESSIONS), len(keyed))
        self.study = {i for _k, i in keyed[:target]}  # membership tests only
        self.ctx.counts["study_sessions"] = target

    def texts(self) -> None:
        rng, y = self.rng, self.y
        next_item = next_id(AgendaItem)
        for i, (row, (org, _k, day, note)) in enumerate(zip(self.meetings, self.specs, strict=True)):
            kind, m = row["kind"], day.month
            if kind in (K.CENTRAL_GROUP, K.YOUTH_ACTIVITY):
                continue
            theme = self.theme(day)
            study = i in self.study
            retiree = getattr(org, "demo_retiree", False) or getattr(
                self.org.get(org.parent_id), "demo_retiree", False
            )
            row["place"] = rng.choice(RETIREE_PLACES if retiree else PLACES)
            items: list[tuple[str, bool, str]] = []
            if kind == K.THEMED_DAY:
                if study:
                    row["title"] = f"{m}月主题党日：{theme[0]}"
                    row["topics"] = (
                        f"集中学习；{rng.choice(ACTIVITIES) if rng.random() < 0.3 else '交流研讨'}"
                    )
                else:
                    act = rng.choice(ACTIVITIES)
                    row["title"] = f"{m}月主题党日：{act}"
                    row["topics"] = act
                    if act.startswith("参观"):
                        row["place"] = act[2:]
            elif kind == K.COMMITTEE_MEETING:
                row["title"] = f"{y}年{m}月支部委员会会议"
                if rng.random() < 0.62:
                    sp = self.speech(day)
                    items.append((f"第一议题：学习{sp}", True, sp))
                items += [(t, False, "") for t in rng.sample(COMMITTEE_ITEMS, rng.randint(1, 3))]
            elif kind == K.GENERAL_MEETING:
                row["title"] = f"{y}年第{(m - 1) // 3 + 1}季度支部党员大会"
                if rng.random() < 0.5:
                    sp = self.speech(day)
                    items.append((f"第一议题：学习{sp}", True, sp))
                items += [(t, False, "") for t in rng.sample(GENERAL_ITEMS, rng.randint(1, 3))]
            elif kind == K.LECTURE:
                topic = rng.choice([t for since, t in LECTURE_TOPICS if since <= m])
                row["title"] = f"专题党课：{topic}"
                row["topics"] = topic
            elif kind == K.GROUP_MEETING:
                row["title"] = f"{m}月党小组会"
                row["topics"] = theme[0] if study else rng.choice(GROUP_TOPICS)
            elif kind in (K.REVIEW_MEETING, K.APPRAISAL):
                what = "组织生活会" if kind == K.REVIEW_MEETING else "民主评议党员"
                if note == "prev":
                    row["title"] = f"{y - 1}年度{what}"
                elif note == "theme":
                    row["title"] = f"学习贯彻习近平新时代中国特色社会主义思想主题教育专题{what}"
                else:
                    row["title"] = f"{y}年度{what}"
                if kind == K.REVIEW_MEETING:
                    items += [(t, False, "") for t in REVIEW_ITEMS]
                    row["topics"] = "对照检查，开展批评和自我批评"
                else:
                    row["topics"] = "个人自评、党员互评、民主测评"
            elif kind == K.TALK:
                row["title"] = rng.choice(TALK_TITLES)
                row["topics"] = "了解思想、工作和生活情况，听取意见建议"
            if study:
                row["study_content"] = self.study_text(theme)
                if not row["topics"]:
                    row["topics"] = theme[0]
            elif not row["topics"] and items:
                row["topics"] = "；".join(t for t, _f, _s in items if not _f)
            for seq, (title, first, sp) in enumerate(items, start=1):
                self.agenda.append(
                    {
                        "id": next_item,
                        "meeting_id": row["id"],
                        "seq": seq,
                        "title": title[:200],
                        "is_first_topic": first,
                        "speech": sp,
                    }
                )
                next_item += 1

    # --- attendance ----------------------------------------------------------------------------------
    def roster(self, row, org, day):
        kind = row["kind"]
        if kind == K.CENTRAL_GROUP:
            return []
        if kind == K.YOUTH_ACTIVITY:
            return [(pid, False) for pid in self.youth_roster(row["youth_group_id"], day)]
        if kind == K.COMMITTEE_MEETING:
            return self.committee_on(org.pk, day)
        branch = org.parent_id if org.kind == OrgKind.PARTY_GROUP else org.pk
        return self.members_on(branch, day)

    def attend(self) -> None:
        rng = self.rng
        rand = rng.random
        out = self.attendance
        five = dt.timedelta(minutes=5)
        style: dict[
            int, tuple
        ] = {}  # per organisation: (present, present+leave, QR from month, leave reasons)
        for row, (org, _k, day, _n) in zip(self.meetings, self.specs, strict=True):
            roster = self.roster(row, org, day)
            mid, kind = row["id"], row["kind"]
            if not roster:
                continue
            st = style.get(org.pk)
            if st is None:
                retiree = getattr(org, "demo_retiree", False) or getattr(
                    self.org.get(org.parent_id), "demo_retiree", False
                )
                present = rng.uniform(0.68, 0.82) if retiree else rng.uniform(0.80, 0.93)
                leave = present + (rng.uniform(0.10, 0.18) if retiree else rng.uniform(0.05, 0.10))
                qr = rng.choice([4, 6, 9, 13, 13, 13]) if not retiree else 13
                st = style[org.pk] = (present, leave, qr, RETIREE_LEAVE if retiree else LEAVE_REASONS)
            p_present, p_leave, qr_from, reasons = st
            ids = [pid for pid, _v in roster]
            host = recorder = None
            if kind == K.YOUTH_ACTIVITY:
                host = self.youth_leader.get(row["youth_group_id"])
                host = host if host in ids else ids[0]
            else:
                posts = self.posts_on(org.pk, day)
                by_post: dict[str, int] = {}
                for pid, post in posts:
                    by_post.setdefault(post, pid)
                host = by_post.get(Post.GROUP_LEADER if org.kind == OrgKind.PARTY_GROUP else Post.SECRETARY)
                if host not in ids:
                    host = (
                        by_post.get(Post.DEPUTY_SECRETARY)
                        if by_post.get(Post.DEPUTY_SECRETARY) in ids
                        else ids[0]
                    )
                recorder = by_post.get(Post.ORGANIZATION) or by_post.get(Post.PUBLICITY)
                if recorder not in ids or recorder == host:
                    recorder = ids[len(ids) // 2] if len(ids) > 1 and ids[len(ids) // 2] != host else None
            held = row["status"] == HELD
            n_present = n_leave = 0
            qr = held and row["held_at"].month >= qr_from
            when = row["held_at"]
            for pid, voting in roster:
                if not held:
                    out.append((mid, pid, A.ABSENT, "", voting, None, SignMethod.MANUAL))
                    continue
                r = rand()
                if pid == host or pid == recorder or r < p_present:
                    n_present += 1
                    if qr and r < 0.9:
                        out.append((mid, pid, A.PRESENT, "", voting, when - five * (r * 3), SignMethod.QR))
                    else:
                        out.append((mid, pid, A.PRESENT, "", voting, None, SignMethod.MANUAL))
                elif r < p_leave:
                    n_leave += 1
                    out.append(
                        (
                            mid,
                            pid,
                            A.LEAVE,
                            reasons[int(r * 7919) % len(reasons)],
                            voting,
                            None,
                            SignMethod.MANUAL,
                        )
                    )
                else:
                    out.append((mid, pid, A.ABSENT, "", voting, None, SignMethod.MANUAL))
            if not held:
                row["minutes"] = "因工作安排调整，会议取消。"
                continue
            row["host_id"], row["recorder_id"] = host, recorder
            n = len(roster)
            row["minutes"] = (
                f"会议由{self.names.get(host, '') if host else ''}主持。应到{n}人，实到{n_present}人，请假{n_leave}人，"
                f"缺席{n - n_present - n_leave}人。{row['topics'][:60]}"
            )
            if kind == K.APPRAISAL:
                self.grade(mid, [pid for pid, voting in roster if voting])

    def grade(self, mid: int, voting: list[int]) -> None:
        """民主评议: only members with a vote are graded; 优秀 at most a third."""
        if not voting:
            return
        rng = self.rng
        order = voting[:]
        rng.shuffle(order)
        n_exc = min(len(order) // 3, int(len(order) * rng.uniform(0.15, 0.34)))
        for k, pid in enumerate(order):
            if k < n_exc:
                g = AppraisalGrade.EXCELLENT
            else:
                r = rng.random()
                g = (
                    AppraisalGrade.QUALIFIED
                    if r < 0.985
                    else AppraisalGrade.BASIC
                    if r < 0.998
                    else AppraisalGrade.UNQUALIFIED
                )
            self.appraisals.append((mid, pid, g))

    # --- youth study groups ---------------------------------------------------------------------------
    def youth(self) -> None:
        ctx, rng, y = self.ctx, self.rng, self.y
        limit = self.youth_limit
        earliest = dt.date(y - 4, 5, 4)  # most groups were set up from May 2019 on
        unit_org: dict[int, Any] = {ctx.root_unit.pk: ctx.root}
        for u in [*ctx.units, *ctx.subunits]:
            oc = ctx.organ_committees.get(u.name)
            if oc is None:
                oc = next((o for o in ctx.orgs if o.unit_id == u.pk), None)
            if oc is not None:
                unit_org[u.pk] = oc
        # young people per unit: anyone who was within the age limit on a day a group could exist
        pool: dict[int, list[tuple[int, dt.date, dt.date]]] = {}  # unit -> [(pid, birth, last young day)]
        rows = (
            Person.objects.filter(birth_date__gt=dt.date(earliest.year - limit - 1, 1, 1))
            .exclude(category=PersonCategory.RETIRED)
            .order_by("id")
            .values_list("id", "birth_date", "organization_id")
        )
        for pid, birth, oid in rows:
            o = self.org.get(oid)
            if o is None or getattr(o, "demo_retiree", False) or o.unit_id not in unit_org:
                continue
            last_young = add_years(birth, limit + 1) - dt.timedelta(days=1)
            if last_young >= earliest:
                pool.setdefault(o.unit_id, []).append((pid, birth, last_young))
        n_groups = ctx.scaled(YOUTH_GROUPS)
        units = sorted((u for u in pool if len(pool[u]) >= 6), key=lambda u: (-len(pool[u]), u))
        units = sorted(units[:n_groups])
        # groups per unit, ~ the size of its young pool (each unit at least one)
        sizes: list[float] = [len(pool[u]) for u in units]
        counts = _allocate(n_groups, sizes, caps=[max(1, int(s) // 8) for s in sizes])
        groups: list[dict] = []
        first_group = next_id(YouthStudyGroup)
        for u, k in zip(units, counts, strict=True):
            for j in range(k):
                est = (
                    self.ctx.rand_date(dt.date(y, 1, 10), dt.date(y, 9, 30))
                    if rng.random() < 0.05
                    else self.ctx.rand_date(earliest, dt.date(y - 1, 12, 20))
                )
                groups.append(
                    {
                        "id": first_group + len(groups),
                        "unit_id": u,
                        "organization_id": unit_org[u].pk,
                        "name": "",
                        "leader_id": None,
                        "established_on": est,
                        "dissolved_on": None,
                        "_seq": j + 1,
                        "_of": k,
                    }
                )
        by_unit: dict[int, list[dict]] = {}
        for g in groups:
            by_unit.setdefault(g["unit_id"], []).append(g)
        unit_name = {u.pk: u.name for u in [ctx.root_unit, *ctx.units, *ctx.subunits]}
        for u, gs in by_unit.items():
            gs.sort(key=lambda g: (g["established_on"], g["id"]))
            for j, g in enumerate(gs, start=1):
                g["name"] = (
                    f"{unit_name[u]}青年理论学习小组"
                    if len(gs) == 1
                    else f"{unit_name[u]}青年理论学习第{_cn(j)}小组"
                )
        # who: per unit a coverage rate; the young first, those who aged out since only now and then
        target = ctx.scaled(YOUTH_MEMBERS)
        chosen: list[tuple[int, int, dt.date, dt.date]] = []  # (unit, pid, birth, last young)
        rest_young: list[tuple[int, int, dt.date, dt.date]] = []
        rest_old: list[tuple[int, int, dt.date, dt.date]] = []
        for u in units:
            min_est = by_unit[u][0]["established_on"]
            cover = min(1.0, max(0.55, rng.gauss(0.88, 0.08)))
            for pid, birth, last in pool[u]:
                if last < min_est:
                    continue
                young_now = last >= self.y1
                item = (u, pid, birth, last)
                if rng.random() < (cover if young_now else cover * 0.3):
                    chosen.append(item)
                else:
                    (rest_young if young_now else rest_old).append(item)
        if len(chosen) > target:
            rng.shuffle(chosen)
            dropped, chosen = chosen[target:], chosen[:target]
            rest_old += [c for c in dropped if c[3] < self.y1]
        else:
            rng.shuffle(rest_young)
            rng.shuffle(rest_old)
            extra = (rest_young + rest_old)[: target - len(chosen)]
            chosen += extra
            taken = {c[1] for c in extra}
            rest_old = [c for c in rest_old if c[1] not in taken]
        chosen.sort(key=lambda c: (c[0], c[1]))
        # into groups: a random feasible group (founded while the person was young), the smaller of two
        members: list[dict] = []
        size: dict[int, int] = {g["id"]: 0 for g in groups}
        first_member = next_id(YouthGroupMember)
        self.youth_members: dict[int, list[tuple[int, dt.date, dt.date | None]]] = {
            g["id"]: [] for g in groups
        }
        for u, pid, _birth, last in chosen:
            feasible = [g for g in by_unit[u] if g["established_on"] <= last]
            a, b = rng.choice(feasible), rng.choice(feasible)
            g = a if size[a["id"]] <= size[b["id"]] else b
            size[g["id"]] += 1
            est = g["established_on"]
            hi = min(last, self.y1 - dt.timedelta(days=20))
            joined = est if rng.random() < 0.55 or hi <= est else self.ctx.rand_date(est, hi)
            left = None
            if last < self.y1 and rng.random() < 0.5:  # aged out: leaves during the year
                # left_on is the first day out: a member who leaves during the year was in on 1 January
                left = self.ctx.rand_date(max(self.y0 + ONE_DAY, last + ONE_DAY, joined + ONE_DAY), self.y1)
            elif last >= self.y1 and rng.random() < 0.02:  # moved away during the year
                left = self.ctx.rand_date(max(self.y0 + ONE_DAY, joined + ONE_DAY), self.y1)
            members.append(
                {
                    "id": first_member + len(members),
                    "group_id": g["id"],
                    "person_id": pid,
                    "joined_on": joined,
                    "left_on": left,
                }
            )
            self.youth_members[g["id"]].append((pid, joined, left))
        # leaders: a founding member young at the founding date who stays
        self.youth_leader: dict[int, int] = {}
        by_id = {m["person_id"]: m for m in members}
        last_young_of = {c[1]: c[3] for c in chosen}
        for g in groups:
            cands = [
                pid
                for pid, _j, left in self.youth_members[g["id"]]
                if left is None and last_young_of[pid] >= g["established_on"]
            ]
            if cands:
                pid = rng.choice(cands)
                g["leader_id"] = pid
                self.youth_leader[g["id"]] = pid
                m = by_id[pid]
                m["joined_on"] = g["established_on"]
                self.youth_members[g["id"]] = [
                    (p, g["established_on"] if p == pid else j, lft)
                    for p, j, lft in self.youth_members[g["id"]]
                ]
        # former members who aged out before the year (not counted), and groups dissolved before it
        alumni = [c for c in rest_old if c[3] < self.y0 - dt.timedelta(days=30)]
        rng.shuffle(alumni)
        for u, pid, _birth, last in alumni[: ctx.scaled(YOUTH_ALUMNI)]:
            feasible = [g for g in by_unit[u] if g["established_on"] < last - dt.timedelta(days=60)]
            if not feasible:
                continue
            g = rng.choice(feasible)
            joined = self.ctx.rand_date(g["established_on"], last - dt.timedelta(days=30))
            left = self.ctx.rand_date(last + dt.timedelta(days=1), self.y0 - dt.timedelta(days=1))
            members.append(
                {
                    "id": first_member + len(members),
                    "group_id": g["id"],
                    "person_id": pid,
                    "joined_on": joined,
                    "left_on": left,
                }
            )
        dissolved: list[dict] = []
        for u in rng.sample(units, min(len(units), ctx.scaled(DISSOLVED_GROUPS))):
            est = self.ctx.rand_date(earliest, dt.date(y - 3, 12, 31))
            gone = self.ctx.rand_date(dt.date(y - 2, 6, 1), dt.date(y - 1, 11, 30))
            gid = first_group + len(groups) + len(dissolved)
            dissolved.append(
                {
                    "id": gid,
                    "unit_id": u,
                    "organization_id": unit_org[u].pk,
                    "name": f"{unit_name[u]}青年读书会",
                    "leader_id": None,
                    "established_on": est,
                    "dissolved_on": gone,
                }
            )
            young = [p for p in pool[u] if p[2] >= est]
            for pid, _b, last in rng.sample(young, min(len(young), rng.randint(3, 9))):
                joined = self.ctx.rand_date(est, min(last, gone - dt.timedelta(days=1)))
                members.append(
                    {
                        "id": first_member + len(members),
                        "group_id": gid,
                        "person_id": pid,
                        "joined_on": joined,
                        "left_on": gone,
                    }
                )
        all_groups = [{k: v for k, v in g.items() if not k.startswith("_")} for g in groups] + dissolved
        YouthStudyGroup.objects.bulk_create(
            [YouthStudyGroup(**g, root_id=ctx.root.pk) for g in all_groups], batch_size=2000
        )
        insert_rows(YouthGroupMember, members)
        # activities: exactly YOUTH_ACTIVITIES (scaled) held in the year, a few groups idle
        n_act = ctx.scaled(YOUTH_ACTIVITIES)
        weights = []
        for g in groups:
            start = max(self.y0, g["established_on"])
            w = 0.0 if rng.random() < 0.07 else rng.lognormvariate(0, 0.6)
            weights.append(w * (self.y1 - start).days / 365 if g["id"] in self.youth_leader else 0.0)
        per_group = _allocate(n_act, weights, minimum=0)
        org_of = {o.pk: o for o in ctx.orgs}
        for g, k in zip(groups, per_group, strict=True):
            lo = max(self.y0, g["established_on"] + dt.timedelta(days=7))
            if lo > self.y1 - dt.timedelta(days=3):
                lo = max(self.y0, g["established_on"])
            org = org_of[g["organization_id"]]
            for _ in range(k):
                day = self.rand_day(lo, self.y1)
                theme = self.theme(day)
                title = rng.choice(YOUTH_TITLES).format(t=theme[0])
                self.add(
                    org,
                    K.YOUTH_ACTIVITY,
                    self.at(day, YOUTH_SLOTS),
                    youth_group_id=g["id"],
                    title=f"{g['name']}{title}"[:200],
                    place=rng.choice(PLACES + ["图书阅览室", "青年之家"]),
                    topics=theme[0],
                    study_content=self.study_text(theme),
                )
            if k and rng.random() < 0.1:  # a cancelled one (not counted)
                day = self.rand_day(lo, self.y1)
                self.add(
                    org,
                    K.YOUTH_ACTIVITY,
                    self.at(day, YOUTH_SLOTS),
                    youth_group_id=g["id"],
                    status=CANCELLED,
                    title=f"{g['name']}专题学习（取消）",
                    topics="",
                )
        active_members = {
            m["person_id"]
            for m in members
            if m["group_id"] < first_group + len(groups)
            and (m["left_on"] is None or m["left_on"] > self.y0)  # left_on: the first day out
            and m["joined_on"] <= self.y1
        }
        ctx.counts.update(
            {
                "youth_groups": len(groups),
                "youth_groups_dissolved": len(dissolved),
                "youth_group_members": len(active_members),
                "youth_activities": n_act,
            }
        )

    def youth_roster(self, group_id: int, day: dt.date) -> list[int]:
        return sorted(
            {
                pid
                for pid, joined, left in self.youth_members.get(group_id, ())
                if joined <= day and (left is None or left > day)
            }
        )

    # --- central group study ------------------------------------------------------------------------
    def central_group(self) -> None:
        ctx, rng, y = self.ctx, self.rng, self.y
        units = [u for u in ctx.units if u.name in ctx.organ_committees]
        attended = set(u.pk for u in rng.sample(units, min(len(units), ctx.scaled(CENTRAL_GROUP_UNITS))))
        observers = [
            pid
            for pid, _b, oid in Person.objects.filter(unit=ctx.root_unit)
            .exclude(category=PersonCategory.RETIRED)
            .order_by("id")
            .values_list("id", "birth_date", "organization_id")
        ]
        links = []
        for u in units:
            oc = ctx.organ_committees[u.name]
            n = rng.randint(4, 8)
            months = sorted(rng.sample(range(1, 13), n))
            sat_in = set(rng.sample(range(n), rng.choice([1, 1, 1, 2]))) if u.pk in attended else set()
            for k, month in enumerate(months):
                lo, hi = _month_bounds(y, month)
                day = self.rand_day(lo, hi)
                theme, reading = self.theme(day)
                row = self.add(
                    oc,
                    K.CENTRAL_GROUP,
                    self.at(day, MORNING),
                    unit_id=u.pk,
                    committee_attended=k in sat_in,
                    title=rng.choice(CENTRAL_TITLES).format(t=theme)[:200],
                    topics=theme,
                    place="党组会议室",
                    study_content=f"{theme}。学习{reading}，党组成员逐一交流研讨。",
                    minutes=f"{u.name}党组书记主持，党组成员围绕{theme}逐一交流发言。",
                )
                if k in sat_in and observers:
                    for pid in rng.sample(observers, min(len(observers), rng.randint(1, 3))):
                        links.append(Meeting.observers.through(meeting_id=row["id"], person_id=pid))
        self.observer_links = links
        ctx.counts["central_group_units_attended"] = len(attended)

    # --- writing -------------------------------------------------------------------------------------
    def save_meetings(self) -> None:
        insert_rows(Meeting, self.meetings)
        insert_rows(AgendaItem, self.agenda)
        first = next_id(Appraisal)
        insert_rows(
            Appraisal,
            [
                {"id": first + k, "meeting_id": m, "person_id": p, "grade": g}
                for k, (m, p, g) in enumerate(self.appraisals)
            ],
        )
        Meeting.observers.through.objects.bulk_create(self.observer_links, batch_size=2000)

    def save_attendance(self) -> None:
        keys = ("meeting_id", "person_id", "status", "leave_reason", "is_voting", "signed_in_at", "method")
        first = next_id(Attendance)
        step = 100_000
        for i in range(0, len(self.attendance), step):
            insert_rows(
                Attendance,
                [
                    {"id": first + i + k, **dict(zip(keys, t, strict=True))}
                    for k, t in enumerate(self.attendance[i : i + step])
                ],
            )


def _cn(n: int) -> str:
    return cn_number(n)


def _allocate(
    total: int, weights: list[float], *, minimum: int = 1, caps: list[int] | None = None
) -> list[int]:
    """Split `total` by weights (largest remainder), each at least `minimum` and, where caps are
    given, at most its cap while the total allows. Deterministic."""
    n = len(weights)
    if n == 0:
        return []
    out = [minimum] * n
    rest = total - minimum * n
    if rest < 0:  # fewer than the minimum each: the heaviest first
        out = [0] * n
        for i in sorted(range(n), key=lambda i: (-weights[i], i))[:total]:
            out[i] = 1
        return out
    w_sum = sum(weights) or 1.0
    raw = [rest * w / w_sum for w in weights]
    for i in range(n):
        out[i] += int(raw[i])
    left = total - sum(out)
    order = sorted(range(n), key=lambda i: (-(raw[i] - int(raw[i])), i))
    for i in order[:left]:
        out[i] += 1
    if caps:
        over = 0
        for i in range(n):
            if out[i] > caps[i]:
                over += out[i] - caps[i]
                out[i] = caps[i]
        room = sorted(range(n), key=lambda i: (-(caps[i] - out[i]), i))
        while over > 0 and room:
            moved = False
            for i in room:
                if over and out[i] < caps[i]:
                    out[i] += 1
                    over -= 1
                    moved = True
            if not moved:
                break
        if over:  # caps too tight for the total: spread the rest anyway
            for i in range(over):
                out[order[i % n]] += 1
    return out


def ensure_cadence_rules() -> int:
    """The cadence rules are configuration seeded by migration 0002; `demo --reset` wipes every
    table of the project apps, so put the defaults back when the table is empty."""
    if CadenceRule.objects.exists():
        return 0
    CadenceRule.objects.bulk_create(
        [
            CadenceRule(
                kind=kind, period=period, min_count=n, holder=holder, source=source, confidence=confidence
            )
            for kind, period, n, holder, source, confidence in DEFAULT_CADENCE
        ]
    )
    return len(DEFAULT_CADENCE)


@contextmanager
def sqlite_cache(mebibytes: int):
    """A larger page cache for this connection while the big tables are written (SQLite's default
    of 2 MB thrashes on the person-first indexes of a million attendance rows)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        old = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = {-1024 * int(mebibytes)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(old)}")


@demo_stage(
    "meetings",
    order=40,
    label="组织生活",
    steps={
        "meetings.load": "读取人员与组织",
        "meetings.youth_staff": "补充青年干部",
        "meetings.plan": "安排全年会议",
        "meetings.youth_groups": "青年理论学习小组",
        "meetings.central_group": "中心组学习",
        "meetings.attendance": "生成应到名单与出勤",
        "meetings.insert_meetings": "写入会议",
        "meetings.insert_attendance": "写入出勤",
    },
    counts=[
        ("youth_staff", "补充青年干部"),
        ("meetings", "会议"),
        ("meetings_held", "已召开"),
        ("study_sessions", "组织党员学习"),
        ("attendance", "出勤记录"),
        ("agenda_items", "议程"),
        ("appraisals", "评议等次"),
        ("central_group_units_attended", "工委列席单位"),
    ],
)
def build(ctx: Context) -> None:
    ensure_cadence_rules()
    b = Builder(ctx)
    with ctx.step("meetings.load"):
        b.load()
    with ctx.step("meetings.youth_staff"):
        b.youth_staff()
    with ctx.step("meetings.plan"):
        b.plan()
        b.choose_study()
        b.texts()
    with ctx.step("meetings.youth_groups"):
        b.youth()
    with ctx.step("meetings.central_group"):
        b.central_group()
    with ctx.step("meetings.attendance"):
        b.attend()
    with ctx.step("meetings.insert_meetings"):
        b.save_meetings()
    with ctx.step("meetings.insert_attendance"), sqlite_cache(256):
        b.save_attendance()
    kinds: dict[str, int] = {}
    for row in b.meetings:
        if row["status"] == HELD:
            kinds[row["kind"]] = kinds.get(row["kind"], 0) + 1
    ctx.counts.update(
        {
            "meetings": len(b.meetings),
            "meetings_held": sum(kinds.values()),
            "agenda_items": len(b.agenda),
            "attendance": len(b.attendance),
            "appraisals": len(b.appraisals),
        }
    )
    ctx.counts.update({f"meetings_{k}": v for k, v in sorted(kinds.items())})
