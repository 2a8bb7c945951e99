"""Campaigns of the demo year: the "三年新突破 振兴当先锋" 党员进社区 campaign (its activities, who
took part, the deeds done and difficulties solved), volunteer service (projects with their
participants and the public they served) and two smaller campaigns the report does not single out.

The participating sets are chosen first, deterministically, from this stage's own random stream:
so many units, then so many branches of those units (each unit at least one), then so many members
of those branches (each branch at least one). Activities and participation rows are generated for
exactly those members, so the distinct counts of the report come out exact by construction. Some
members of the chosen branches are recorded as on leave (not counted: only present or completed
counts as having taken part). A subordinate unit's branch takes part as its parent unit's.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from dangjian.activities.enums import (
    ActivityKind,
    AddedBy,
    CampaignKind,
    ParticipantRole,
    ParticipationStatus,
)
from dangjian.activities.models import Activity, Campaign, Participation
from dangjian.campaigns.enums import DeedStatus, DifficultyStatus, ReportLine
from dangjian.campaigns.models import CampaignReporting, Deed, Difficulty
from dangjian.core.demo import demo_stage
from dangjian.demo.builder import Context, insert_rows, next_id
from dangjian.demo.meetings import _allocate

COMMUNITY = {"units": 124, "branches": 1855, "members": 13589, "deeds": 1653, "solved": 1287}
VOLUNTEER = {"units": 124, "branches": 2431, "members": 14832, "projects": 2030, "beneficiaries": 120311}
COMMUNITY_NAME = "“三年新突破 振兴当先锋”党员进社区"
VOLUNTEER_NAME = "党员志愿服务进基层"
OTHER_CAMPAIGNS = [
    ("干部联系群众服务基层", CampaignKind.THEME),
    ("党建+营商环境", CampaignKind.SPECIAL),
]
COMMUNITY_ACTIVITIES = [
    "进社区报到",
    "社区环境整治",
    "政策宣讲进社区",
    "关爱空巢老人",
    "社区议事协商",
    "文明实践",
]
VOLUNTEER_ACTIVITIES = [
    "助老志愿服务",
    "义务植树",
    "文明交通劝导",
    "爱心助学",
    "义诊送健康",
    "法律咨询进基层",
    "垃圾分类宣传",
]
DEEDS = [
    ("维修楼道照明", "社区居民"),
    ("疏通小区排水管网", "社区居民"),
    ("为困难家庭送温暖", "困难家庭"),
    ("开展免费义诊", "老年居民"),
    ("协调解决停车位", "小区业主"),
    ("帮助就业困难人员求职", "就业困难人员"),
    ("建设社区阅览角", "社区青少年"),
    ("为老人代购代办", "独居老人"),
]
DIFFICULTIES = [
    "小区停车难",
    "老旧小区加装电梯",
    "社区活动场地不足",
    "背街小巷路灯不亮",
    "垃圾清运不及时",
    "学生放学无人看护",
]


def _pools(ctx: Context) -> dict[int, list]:
    """Top-level unit id -> its branches that have members (subordinate units' branches included)."""
    top = {s.pk: s.parent_id for s in ctx.subunits}
    units = {u.pk for u in ctx.units}
    pools: dict[int, list] = defaultdict(list)
    for b in sorted(ctx.branches, key=lambda b: b.pk):
        u = top.get(b.unit_id, b.unit_id)
        if u in units and ctx.members_by_branch.get(b.pk):
            pools[u].append(b)
    return pools


def choose(ctx: Context, rng: random.Random, pools: dict[int, list], target: dict) -> dict:
    """Exactly `units` units, `branches` branches of them (each unit at least one) and `members`
    members of those branches (each branch at least one), within what the province has."""
    unit_ids = sorted(pools)
    n_units = min(ctx.scaled(target["units"]), len(unit_ids))
    units = sorted(rng.sample(unit_ids, n_units))
    first = [rng.choice(pools[u]) for u in units]
    taken = {b.pk for b in first}
    rest = [b for u in units for b in pools[u] if b.pk not in taken]
    rng.shuffle(rest)
    n_branches = max(len(first), min(ctx.scaled(target["branches"]), len(first) + len(rest)))
    branches = first + rest[: n_branches - len(first)]
    firsts, others = [], []
    for b in branches:
        people = sorted((p for p, _status in ctx.members_by_branch[b.pk]), key=lambda p: p.pk)
        lead = rng.choice(people)
        firsts.append((lead, b))
        others += [(p, b) for p in people if p.pk != lead.pk]
    rng.shuffle(others)
    n_members = max(len(firsts), min(ctx.scaled(target["members"]), len(firsts) + len(others)))
    members = firsts + others[: n_members - len(firsts)]
    chosen = {p.pk for p, _b in members}
    bystanders = [(p, b) for p, b in others if p.pk not in chosen]
    return {"units": units, "branches": branches, "members": members, "bystanders": bystanders}


class Writer:
    """Activities and participation rows as plain rows with explicit ids (core.bulk.insert_rows)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.next_activity = next_id(Activity)
        self.next_row = next_id(Participation)
        self.activities: list[dict] = []
        self.rows: list[dict] = []
        self.seen: set[tuple[int, int]] = set()

    def activity(
        self, *, campaign: Campaign, kind: str, title: str, org, day: dt.date, beneficiaries=None
    ) -> dict:
        row = {
            "id": self.next_activity,
            "kind": kind,
            "title": title,
            "organization_id": org.pk,
            "root_id": org.root_id or org.pk,
            "unit_id": org.unit_id,
            "campaign_id": campaign.pk,
            "first_day": day,
            "last_day": day,
            "place": "",
            "hours": None,
            "beneficiaries": beneficiaries,
            "description": "",
            "created_by_id": None,
        }
        self.next_activity += 1
        self.activities.append(row)
        return row

    def took_part(self, activity: dict, person, branch, status=ParticipationStatus.PRESENT) -> None:
        key = (activity["id"], person.pk)
        if key in self.seen:
            return
        self.seen.add(key)
        self.rows.append(
            {
                "id": self.next_row,
                "activity_id": activity["id"],
                "person_id": person.pk,
                "guest_name": "",
                "guest_kind": "",
                "guest_from": "",
                "role": ParticipantRole.VOLUNTEER
                if activity["kind"] == ActivityKind.VOLUNTEER
                else ParticipantRole.PARTICIPANT,
                "status": status,
                "hours": None,
                "added_by": AddedBy.ROSTER,
                "signed_in_at": None,
                "organization_id": branch.pk,
                "unit_id": branch.unit_id,
                "org_path": branch.path,
                "root_id": branch.root_id or branch.pk,
                "campaign_id": activity["campaign_id"],
                "kind": activity["kind"],
                "year": activity["first_day"].year,
                "day": activity["first_day"],
            }
        )
        self.next_row += 1

    def flush(self) -> None:
        insert_rows(Activity, self.activities)
        insert_rows(Participation, self.rows)


def _day(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    return lo + dt.timedelta(days=rng.randint(0, max(0, (hi - lo).days)))


def _community(ctx: Context, rng: random.Random, pools, w: Writer) -> tuple[Campaign, dict]:
    y = ctx.year
    start = dt.date(y, 3, 1)
    campaign = Campaign.objects.create(
        name=COMMUNITY_NAME,
        kind=CampaignKind.THEME,
        organization=ctx.root,
        root=ctx.root,
        scope=ctx.root,
        first_day=start,
        last_day=dt.date(y + 2, 12, 31),
        description="省直机关党员到居住地社区报到，参加社区服务，办实事、解难题。",
    )
    CampaignReporting.objects.create(campaign=campaign, report_line=ReportLine.COMMUNITY)
    sets = choose(ctx, rng, pools, COMMUNITY)
    by_branch: dict[int, list] = defaultdict(list)
    for p, b in sets["members"]:
        by_branch[b.pk].append(p)
    acts: dict[int, list[dict]] = {}
    for b in sets["branches"]:
        k = 1 + min(3, len(by_branch[b.pk]) // 6) + (rng.random() < 0.3)
        acts[b.pk] = [
            w.activity(
                campaign=campaign,
                kind=ActivityKind.CAMPAIGN_ACTIVITY,
                title=f"{rng.choice(COMMUNITY_ACTIVITIES)}",
                org=b,
                day=_day(rng, start, dt.date(y, 12, 20)),
            )
            for _ in range(k)
        ]
    for p, b in sets["members"]:
        mine = acts[b.pk]
        for a in rng.sample(mine, rng.randint(1, min(3, len(mine)))):
            w.took_part(a, p, b)
    for p, b in sets["bystanders"][: len(sets["bystanders"]) // 20]:
        if b.pk in acts:
            w.took_part(rng.choice(acts[b.pk]), p, b, ParticipationStatus.LEAVE)
    _outcomes(ctx, rng, campaign, sets["branches"], acts)
    return campaign, sets


def _outcomes(ctx: Context, rng: random.Random, campaign: Campaign, branches: list, acts) -> None:
    y, start, end = ctx.year, campaign.first_day, dt.date(ctx.year, 12, 31)
    deeds = []
    n_done = ctx.scaled(COMMUNITY["deeds"])
    n_open = ctx.scaled(COMMUNITY["deeds"] * 0.12, minimum=0)
    for i in range(n_done + n_open):
        b = rng.choice(branches)
        what, whom = rng.choice(DEEDS)
        done = i < n_done
        deeds.append(
            Deed(
                campaign=campaign,
                activity_id=rng.choice(acts[b.pk])["id"] if rng.random() < 0.5 else None,
                organization_id=b.pk,
                unit_id=b.unit_id,
                root_id=b.root_id or b.pk,
                title=what,
                beneficiary=whom,
                status=DeedStatus.DONE if done else rng.choice([DeedStatus.PLANNED, DeedStatus.IN_PROGRESS]),
                done_on=_day(rng, start, end) if done else None,
            )
        )
    Deed.objects.bulk_create(deeds, batch_size=2000)
    rows = []
    n_solved = ctx.scaled(COMMUNITY["solved"])
    n_open = ctx.scaled(COMMUNITY["solved"] * 0.15, minimum=0)
    for i in range(n_solved + n_open):
        b = rng.choice(branches)
        raised = _day(rng, start, dt.date(y, 11, 30))
        solved = i < n_solved
        rows.append(
            Difficulty(
                campaign=campaign,
                organization_id=b.pk,
                unit_id=b.unit_id,
                root_id=b.root_id or b.pk,
                title=rng.choice(DIFFICULTIES),
                raised_by=rng.choice(["社区居委会", "居民反映", "网格员", "物业公司"]),
                raised_on=raised,
                status=DifficultyStatus.SOLVED
                if solved
                else rng.choice([DifficultyStatus.OPEN, DifficultyStatus.IN_PROGRESS]),
                solved_on=_day(rng, raised, min(end, raised + dt.timedelta(days=60))) if solved else None,
            )
        )
    Difficulty.objects.bulk_create(rows, batch_size=2000)
    ctx.counts["campaign_deeds"] = n_done
    ctx.counts["campaign_solved"] = n_solved


def _volunteer(ctx: Context, rng: random.Random, pools, w: Writer) -> None:
    y = ctx.year
    campaign = Campaign.objects.create(
        name=VOLUNTEER_NAME,
        kind=CampaignKind.VOLUNTEER,
        organization=ctx.root,
        root=ctx.root,
        scope=ctx.root,
        first_day=dt.date(y, 1, 1),
        last_day=dt.date(y, 12, 31),
        description="组织驻省会单位党员深入基层开展志愿服务。",
    )
    sets = choose(ctx, rng, pools, VOLUNTEER)
    top = {s.pk: s.parent_id for s in ctx.subunits}
    branches_of: dict[int, list] = defaultdict(list)
    for b in sets["branches"]:
        branches_of[top.get(b.unit_id, b.unit_id)].append(b)
    units = sorted(branches_of)
    n_projects = max(len(units), ctx.scaled(VOLUNTEER["projects"]))
    per_unit = _allocate(n_projects, [len(branches_of[u]) for u in units])
    projects: dict[int, list[dict]] = {}
    for u, n in zip(units, per_unit, strict=True):
        projects[u] = [
            w.activity(
                campaign=campaign,
                kind=ActivityKind.VOLUNTEER,
                title=rng.choice(VOLUNTEER_ACTIVITIES),
                org=rng.choice(branches_of[u]),
                day=_day(rng, dt.date(y, 1, 5), dt.date(y, 12, 20)),
            )
            for _ in range(n)
        ]
    everything = [a for u in units for a in projects[u]]
    served = _allocate(ctx.scaled(VOLUNTEER["beneficiaries"]), [rng.uniform(0.3, 3) for _ in everything])
    for a, n in zip(everything, served, strict=True):
        a["beneficiaries"] = n
    for p, b in sets["members"]:
        mine = projects[top.get(b.unit_id, b.unit_id)]
        for a in rng.sample(mine, rng.randint(1, min(2, len(mine)))):
            w.took_part(a, p, b)
    for p, b in sets["bystanders"][: len(sets["bystanders"]) // 25]:
        w.took_part(rng.choice(projects[top.get(b.unit_id, b.unit_id)]), p, b, ParticipationStatus.ABSENT)
    ctx.counts["volunteer_projects"] = len(everything)


def _others(ctx: Context, rng: random.Random, pools, w: Writer) -> None:
    """Two campaigns the report does not single out: their participation is not counted above."""
    y = ctx.year
    branches = [b for u in sorted(pools) for b in pools[u]]
    for name, kind in OTHER_CAMPAIGNS:
        campaign = Campaign.objects.create(
            name=name,
            kind=kind,
            organization=ctx.root,
            root=ctx.root,
            scope=ctx.root,
            first_day=dt.date(y, 4, 1),
            last_day=dt.date(y, 11, 30),
        )
        for b in rng.sample(branches, min(len(branches), ctx.scaled(40))):
            a = w.activity(
                campaign=campaign,
                kind=ActivityKind.CAMPAIGN_ACTIVITY,
                title=f"{name}活动",
                org=b,
                day=_day(rng, dt.date(y, 4, 1), dt.date(y, 11, 30)),
            )
            people = sorted((p for p, _status in ctx.members_by_branch[b.pk]), key=lambda p: p.pk)
            for p in rng.sample(people, min(len(people), 8)):
                w.took_part(a, p, b)


@demo_stage(
    "campaigns",
    order=80,
    label="主题活动与志愿服务",
    steps={"campaigns.plan": "选定参与单位、党支部与党员", "campaigns.write": "写入活动与参与记录"},
    counts=[
        ("campaign_activities", "主题活动下的活动"),
        ("campaign_participation", "参与记录（人次）"),
        ("campaign_deeds", "办实事（件）"),
        ("campaign_solved", "解难题（个）"),
        ("volunteer_projects", "志愿服务项目（项）"),
    ],
)
def build(ctx: Context) -> None:
    rng = random.Random(f"{ctx.seed}:campaigns")
    pools = _pools(ctx)
    if not pools:
        return
    w = Writer(ctx)
    with ctx.step("campaigns.plan"):
        _community(ctx, rng, pools, w)
        _volunteer(ctx, rng, pools, w)
        _others(ctx, rng, pools, w)
    with ctx.step("campaigns.write"):
        w.flush()
    ctx.counts["campaign_activities"] = len(w.activities)
    ctx.counts["campaign_participation"] = len(w.rows)
