"""The registries of the demo year: branch initiatives, liaison pairings (双进双促), village cadres
with their survey teams, internship posts and the suggestion drive.

Each figure of the seed is produced by construction at --scale 1 (and scaled otherwise): the sets
are chosen first (which branches create brands, which 104 units pair with which 94 parks and 218
enterprises, which 35 units own the 67 survey problems), then the records are written. Records
outside the year (initiatives of earlier years, pairings that ended before it, teams of the year
before) are added too, so the report's period filters have something to leave out. Its own random
stream, so the other stages do not move it.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from dangjian.core import creditcode
from dangjian.core.areas import Area
from dangjian.core.demo import demo_stage
from dangjian.demo.builder import Context
from dangjian.demo.meetings import _allocate
from dangjian.demo.oversight import _at, _plan_progress
from dangjian.initiatives.enums import InitiativeKind
from dangjian.initiatives.models import Initiative
from dangjian.masses.enums import ApplicationStatus
from dangjian.masses.models import InternshipApplication, InternshipPost, Suggestion
from dangjian.pairings.models import Enterprise, Pairing, Park
from dangjian.problems.enums import ProblemStatus
from dangjian.problems.models import Problem, ProblemEvent
from dangjian.villages import services as village_services
from dangjian.villages.enums import CadreRole
from dangjian.villages.models import (
    LeaveRecord,
    PresenceMonth,
    SpotCheck,
    Stationing,
    SurveyFinding,
    SurveyTeam,
    SurveyVisit,
)
from dangjian.villages.rules import days_in_month

# The seed's figures (seed-2023-figures.yaml), at scale 1.
INITIATIVES = {
    InitiativeKind.BRAND: 3510,
    InitiativeKind.PIONEER_POST: 2790,
    InitiativeKind.RESPONSIBILITY_ZONE: 2762,
    InitiativeKind.COMMANDO_TEAM: 2934,
}
PAIRING_UNITS, PAIRING_PARKS, PAIRING_ENTERPRISES = 104, 94, 218
SURVEY_TEAMS, SURVEY_AREAS, SURVEY_UNITS, SURVEY_PROBLEMS = 14, 15, 35, 67
INTERNSHIP_POSTS = 700  # "700余个": the raw count is drawn a little above
SUGGESTIONS = 100  # "百名博士献百策": a little above 100

BRAND_WORDS = [
    "红色引擎",
    "先锋",
    "初心",
    "匠心",
    "连心桥",
    "领航",
    "清风",
    "正心",
    "聚力",
    "笃行",
    "铸魂",
    "暖心",
]
POST_WORDS = ["窗口服务", "政策研究", "审批服务", "信访接待", "数据治理", "项目推进", "综合保障", "营商环境"]
ZONE_WORDS = ["办公楼层", "服务大厅", "档案室", "对口处室", "社区共建点", "帮扶村", "项目工地", "机房"]
TEAM_WORDS = [
    "疫情防控",
    "项目攻坚",
    "防汛抢险",
    "营商环境",
    "乡村振兴",
    "数字化改革",
    "安全生产",
    "招商引资",
]
AREA_DIVISION = {  # the 6-digit division codes used in the demo's credit codes
    Area.SHENYANG: "210100",
    Area.DALIAN: "210200",
    Area.ANSHAN: "210300",
    Area.FUSHUN: "210400",
    Area.BENXI: "210500",
    Area.DANDONG: "210600",
    Area.JINZHOU: "210700",
    Area.YINGKOU: "210800",
    Area.FUXIN: "210900",
    Area.LIAOYANG: "211000",
    Area.PANJIN: "211100",
    Area.TIELING: "211200",
    Area.CHAOYANG: "211300",
    Area.HULUDAO: "211400",
    Area.SHENFU: "210400",
}
PARK_KINDS = ["经济技术开发区", "高新技术产业开发区", "工业园区", "综合保税区", "产业园"]
INDUSTRIES = [
    "装备制造",
    "石化",
    "冶金",
    "新材料",
    "电子信息",
    "生物医药",
    "农产品加工",
    "现代物流",
    "软件服务",
]
COMPANY_WORDS = [
    "华兴",
    "辽通",
    "北方",
    "盛京",
    "海滨",
    "东方",
    "长兴",
    "恒达",
    "金泰",
    "瑞丰",
    "中辽",
    "宏远",
]
VILLAGE_WORDS = [
    "前进",
    "红旗",
    "新立",
    "东升",
    "永安",
    "太平",
    "兴隆",
    "富民",
    "双河",
    "三合",
    "胜利",
    "长岭",
]
SCHOOLS = [
    "辽宁大学",
    "东北大学",
    "大连理工大学",
    "沈阳工业大学",
    "辽宁师范大学",
    "东北财经大学",
    "中国医科大学",
]
TOPICS = [
    "数字政府建设",
    "营商环境优化",
    "产业链招商",
    "乡村振兴",
    "人才引进",
    "科技成果转化",
    "老工业基地振兴",
]


@demo_stage(
    "registries",
    order=90,
    label="支部特色工作、双进双促、驻村干部、扬帆计划与建言献策",
    counts=[
        ("initiatives", "支部特色工作"),
        ("pairings", "双进双促对接关系"),
        ("stationings", "驻村干部"),
        ("survey_findings", "调研发现问题"),
        ("internship_posts", "实习岗位"),
        ("suggestions", "建言献策"),
    ],
)
def build(ctx: Context) -> None:
    rng = random.Random(f"{ctx.seed}:registries")
    people_by_unit = _people_by_unit(ctx)
    with ctx.step("initiatives"):
        _initiatives(ctx, rng)
    with ctx.step("pairings"):
        _pairings(ctx, rng, people_by_unit)
    with ctx.step("villages"):
        _villages(ctx, rng, people_by_unit)
    with ctx.step("masses"):
        _masses(ctx, rng)


def _people_by_unit(ctx: Context) -> dict[int, list]:
    """Members of each top-level unit (its subordinate units' included), from the roster built."""
    top = {s.pk: s.parent_id for s in ctx.subunits}
    out: dict[int, list] = {}
    for b in ctx.branches:
        unit_id = top.get(b.unit_id, b.unit_id)
        out.setdefault(unit_id, []).extend(p for p, _status in ctx.members_by_branch.get(b.pk, ()))
    return out


def _date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


# --- initiatives ---------------------------------------------------------------------------------


def _initiatives(ctx: Context, rng: random.Random) -> None:
    branches = [b for b in ctx.branches if b.is_active]
    if not branches:
        return
    y = ctx.year
    words = {
        InitiativeKind.BRAND: BRAND_WORDS,
        InitiativeKind.PIONEER_POST: POST_WORDS,
        InitiativeKind.RESPONSIBILITY_ZONE: ZONE_WORDS,
        InitiativeKind.COMMANDO_TEAM: TEAM_WORDS,
    }
    suffix = {
        InitiativeKind.BRAND: "党建品牌",
        InitiativeKind.PIONEER_POST: "党员先锋岗",
        InitiativeKind.RESPONSIBILITY_ZONE: "党员责任区",
        InitiativeKind.COMMANDO_TEAM: "党员突击队",
    }
    rows: list[Initiative] = []
    member_links: list[tuple[int, list]] = []  # (index in rows, members)
    for kind, target in INITIATIVES.items():
        in_year = ctx.scaled(target)
        earlier = ctx.scaled(target * 0.15, minimum=0)
        per_branch: dict[int, int] = {}
        for i in range(in_year + earlier):
            b = branches[i % len(branches)] if i < len(branches) else rng.choice(branches)
            k = per_branch[b.pk] = per_branch.get(b.pk, 0) + 1
            if i < in_year:
                established = _date(rng, dt.date(y, 1, 1), dt.date(y, 12, 31))
            else:
                established = _date(rng, dt.date(y - 4, 1, 1), dt.date(y - 1, 12, 31))
            closed = None
            if i >= in_year and rng.random() < 0.2:
                closed = _date(rng, established, dt.date(y - 1, 12, 31))
            word = rng.choice(words[kind])
            rows.append(
                Initiative(
                    kind=kind,
                    name=f"“{word}”{suffix[kind]}" + (f"（{k}）" if k > 1 else ""),
                    organization=b,
                    unit_id=b.unit_id,
                    root=ctx.root,
                    established_on=established,
                    closed_on=closed,
                    description=f"{b.name}{suffix[kind]}，围绕{word}开展工作。",
                )
            )
            members = [p for p, _status in ctx.members_by_branch.get(b.pk, ())]
            if members and kind != InitiativeKind.BRAND:
                member_links.append(
                    (len(rows) - 1, rng.sample(members, min(len(members), rng.randint(1, 5))))
                )
    Initiative.objects.bulk_create(rows, batch_size=2000)
    through = Initiative.members.through
    through.objects.bulk_create(
        [through(initiative_id=rows[i].pk, person_id=p.pk) for i, people in member_links for p in people],
        batch_size=5000,
    )
    ctx.counts["initiatives"] = len(rows)


# --- pairings ------------------------------------------------------------------------------------


def _code(rng: random.Random, area: str, serial: int) -> str:
    return creditcode.synthetic(AREA_DIVISION[Area(area)], serial)


def _pairings(ctx: Context, rng: random.Random, people_by_unit: dict[int, list]) -> None:
    y = ctx.year
    units = [u for u in ctx.units if u.name in ctx.organ_committees]
    if not units:
        return
    areas = list(Area.values)
    n_units = min(len(units), ctx.scaled(PAIRING_UNITS))
    n_parks, n_enterprises = ctx.scaled(PAIRING_PARKS), ctx.scaled(PAIRING_ENTERPRISES)
    spare_parks, spare_enterprises = ctx.scaled(16, minimum=1), ctx.scaled(42, minimum=1)
    parks = []
    for i in range(n_parks + spare_parks):
        area = areas[i % len(areas)]
        name = f"{Area(area).label.rstrip('市')}{PARK_KINDS[(i // len(areas)) % len(PARK_KINDS)]}" + (
            f"（{i // (len(areas) * len(PARK_KINDS)) + 1}区）" if i >= len(areas) * len(PARK_KINDS) else ""
        )
        parks.append(
            Park(
                name=name, area=area, credit_code=_code(rng, area, 900000 + i), address=f"{Area(area).label}"
            )
        )
    Park.objects.bulk_create(parks)
    enterprises = []
    for i in range(n_enterprises + spare_enterprises):
        park = rng.choice(parks) if rng.random() < 0.7 else None
        area = park.area if park else rng.choice(areas)
        industry = rng.choice(INDUSTRIES)
        enterprises.append(
            Enterprise(
                name=f"辽宁{rng.choice(COMPANY_WORDS)}{industry}有限公司（{i + 1:03d}）",
                credit_code=_code(rng, area, 100000 + i),
                area=area,
                park=park,
                industry=industry,
                address=Area(area).label,
            )
        )
    Enterprise.objects.bulk_create(enterprises)
    chosen = rng.sample(units, n_units)
    partners = [("park", p) for p in parks[:n_parks]] + [
        ("enterprise", e) for e in enterprises[:n_enterprises]
    ]
    rng.shuffle(partners)
    # Every chosen unit gets at least one partner, every partner at least one unit; a few partners get two.
    slots = [
        (chosen[i % len(chosen)], partners[i % len(partners)]) for i in range(max(len(chosen), len(partners)))
    ]
    slots += [(rng.choice(chosen), rng.choice(partners)) for _ in range(ctx.scaled(30, minimum=0))]
    seen: set[tuple] = set()
    rows, cadres = [], []
    for unit, (kind, partner) in slots:
        if (unit.pk, kind, partner.pk) in seen:
            continue
        seen.add((unit.pk, kind, partner.pk))
        started = _date(rng, dt.date(y - 1, 3, 1), dt.date(y, 10, 31))
        org = ctx.organ_committees[unit.name]
        rows.append(
            Pairing(
                unit=unit,
                organization=org,
                root=ctx.root,
                park_id=partner.pk if kind == "park" else None,
                enterprise_id=partner.pk if kind == "enterprise" else None,
                started_on=started,
                visits=rng.randint(1, 12),
                problems_solved=rng.randint(0, 6),
            )
        )
        people = people_by_unit.get(unit.pk, [])
        cadres.append(rng.sample(people, min(len(people), rng.randint(1, 3))) if people else [])
    # Pairings that ended before the year: spare partners, any unit; not counted in the year.
    for e in enterprises[n_enterprises:][: ctx.scaled(10, minimum=0)]:
        unit = rng.choice(units)
        started = _date(rng, dt.date(y - 3, 1, 1), dt.date(y - 2, 6, 30))
        rows.append(
            Pairing(
                unit=unit,
                organization=ctx.organ_committees[unit.name],
                root=ctx.root,
                enterprise=e,
                started_on=started,
                ended_on=_date(rng, started, dt.date(y - 1, 12, 31)),
                visits=rng.randint(1, 6),
            )
        )
        cadres.append([])
    Pairing.objects.bulk_create(rows, batch_size=2000)
    through = Pairing.cadres.through
    through.objects.bulk_create(
        [
            through(pairing_id=r.pk, person_id=p.pk)
            for r, people in zip(rows, cadres, strict=True)
            for p in people
        ]
    )
    ctx.counts["pairings"] = len(rows)


# --- village cadres and survey teams --------------------------------------------------------------


def _villages(ctx: Context, rng: random.Random, people_by_unit: dict[int, list]) -> None:
    y = ctx.year
    units = [u for u in ctx.units if u.name in ctx.organ_committees and people_by_unit.get(u.pk)]
    if not units:
        return
    areas = [a for a in Area.values if a != Area.SHENFU]  # villages lie in the cities
    stationings, used = [], set()
    for i in range(ctx.scaled(180)):
        unit = units[i % len(units)]
        people = [p for p in people_by_unit[unit.pk] if p.pk not in used]
        if not people:
            continue
        person = rng.choice(people)
        used.add(person.pk)
        started = _date(rng, dt.date(y - 2, 3, 1), dt.date(y, 6, 30))
        ended = dt.date(y, 9, 30) if rng.random() < 0.1 and started < dt.date(y, 3, 1) else None
        stationings.append(
            Stationing(
                person_id=person.pk,
                unit=unit,
                organization=ctx.organ_committees[unit.name],
                root=ctx.root,
                role=CadreRole.FIRST_SECRETARY
                if i % 3 == 0
                else rng.choice([CadreRole.TEAM_LEADER, CadreRole.TEAM_MEMBER]),
                area=rng.choice(areas),
                county=f"{rng.choice(['建平', '喀左', '岫岩', '桓仁', '西丰', '彰武', '义县', '绥中'])}县",
                township=f"{rng.choice(VILLAGE_WORDS)}镇",
                village=f"{rng.choice(VILLAGE_WORDS)}村",
                started_on=started,
                ended_on=ended,
            )
        )
    Stationing.objects.bulk_create(stationings)
    months, leaves, checks = [], [], []
    for s in stationings:
        for m in range(1, 13):
            first = dt.date(y, m, 1)
            last = first.replace(day=days_in_month(first))
            if last < s.started_on or (s.ended_on and first > s.ended_on):
                continue
            full = days_in_month(first)
            days = min(full, rng.randint(20, 24)) if rng.random() > 0.06 else rng.randint(12, 19)
            months.append(PresenceMonth(stationing=s, month=first, days_present=days))
        if rng.random() < 0.4:
            start = _date(rng, max(s.started_on, dt.date(y, 1, 1)), dt.date(y, 11, 30))
            leaves.append(
                LeaveRecord(
                    stationing=s,
                    starts_on=start,
                    ends_on=start + dt.timedelta(days=rng.randint(1, 4)),
                    reason=rng.choice(["病假", "事假", "参加培训", "家中有事"]),
                    approved_by="乡镇党委",
                )
            )
        for _ in range(rng.randint(1, 3)):
            day = _date(rng, max(s.started_on, dt.date(y, 1, 1)), s.ended_on or dt.date(y, 12, 31))
            in_village = rng.random() < 0.9
            checks.append(
                SpotCheck(
                    stationing=s,
                    checked_on=day,
                    in_village=in_village,
                    at_unit=not in_village and rng.random() < 0.6,
                    checked_by="工委督查组",
                )
            )
    PresenceMonth.objects.bulk_create(months, batch_size=2000)
    LeaveRecord.objects.bulk_create(leaves)
    SpotCheck.objects.bulk_create(checks)
    ctx.counts["stationings"] = len(stationings)
    _survey_teams(ctx, rng, units, people_by_unit)


def _survey_teams(ctx: Context, rng: random.Random, units: list, people_by_unit: dict[int, list]) -> None:
    y = ctx.year
    n_teams = ctx.scaled(SURVEY_TEAMS)
    n_areas = min(len(Area.values), ctx.scaled(SURVEY_AREAS))
    n_units = min(len(units), ctx.scaled(SURVEY_UNITS))
    n_problems = max(n_units, ctx.scaled(SURVEY_PROBLEMS))
    committee_people = people_by_unit.get(ctx.root_unit.pk if ctx.root_unit else 0) or [
        p for u in units[:3] for p in people_by_unit[u.pk][:3]
    ]
    teams = [
        SurveyTeam(
            name=f"驻村干部工作第{i + 1}调研组",
            organization=ctx.root,
            root=ctx.root,
            leader_id=rng.choice(committee_people).pk if committee_people else None,
            started_on=_date(rng, dt.date(y, 4, 1), dt.date(y, 4, 20)),
            ended_on=dt.date(y, 6, 30),
        )
        for i in range(n_teams)
    ]
    # A team of the year before, with its own visit and finding: left out of the year's figures.
    teams.append(
        SurveyTeam(
            name="驻村干部工作调研组（上年度）",
            organization=ctx.root,
            root=ctx.root,
            started_on=dt.date(y - 1, 5, 1),
            ended_on=dt.date(y - 1, 6, 30),
        )
    )
    SurveyTeam.objects.bulk_create(teams)
    through = SurveyTeam.members.through
    through.objects.bulk_create(
        [
            through(surveyteam_id=t.pk, person_id=p.pk)
            for t in teams
            for p in rng.sample(committee_people, min(len(committee_people), 3))
        ]
    )
    this_year = teams[:n_teams]
    areas = list(Area.values)[:n_areas]
    visits = []
    for i, area in enumerate(areas):  # every area once, then some areas again
        t = this_year[i % len(this_year)]
        visits.append(
            SurveyVisit(team=t, area=area, visited_on=t.started_on + dt.timedelta(days=rng.randint(3, 40)))
        )
    for t in this_year:
        area = rng.choice(areas)
        visits.append(
            SurveyVisit(team=t, area=area, visited_on=t.started_on + dt.timedelta(days=rng.randint(3, 40)))
        )
    last_year = teams[-1]
    visits.append(SurveyVisit(team=last_year, area=Area.CHAOYANG, visited_on=dt.date(y - 1, 5, 20)))
    SurveyVisit.objects.bulk_create(visits)
    owners = rng.sample(units, n_units)
    per_unit = _allocate(n_problems, [rng.uniform(0.5, 1.5) for _ in owners])
    team_areas: dict[int, list[str]] = {}
    for v in visits:
        team_areas.setdefault(v.team_id, []).append(v.area)
    findings = []  # (team, area, unit, found_on, description), drawn before any is written
    for unit, n in zip(owners, per_unit, strict=True):
        for _ in range(n):
            t = rng.choice(this_year)
            findings.append(
                (
                    t,
                    rng.choice(team_areas[t.pk]),
                    unit,
                    t.started_on + dt.timedelta(days=rng.randint(10, 60)),
                    rng.choice(
                        [
                            "驻村干部在村时间不足，工作日志记录不全",
                            "派出单位对驻村工作支持保障不到位",
                            "帮扶项目推进缓慢，资金使用进度滞后",
                            "驻村工作队考勤制度落实不严",
                            "第一书记履职台账不完整",
                        ]
                    ),
                )
            )
    findings.append((last_year, Area.CHAOYANG, units[0], dt.date(y - 1, 6, 1), "上年度调研发现的问题"))
    _survey_findings(ctx, findings)
    ctx.counts["survey_findings"] = len(findings) - 1


def _survey_findings(ctx: Context, findings: list[tuple]) -> None:
    """The findings become problems of the ledger as users' do: villages.services.findings_prepare
    checks each as finding_add does and builds its problem with the ledger's own constructor
    (problems.services.problem_prepare: source 调研, owner, assigner, deadline). They are written in
    bulk with their timelines, as the oversight stage writes its problems (the demo keeps one summary
    audit event), and most are rectified within the year. Its own random stream."""
    rng = random.Random(f"{ctx.seed}:survey-progress")
    today = timezone.localdate()
    end = min(ctx.year_end, today)
    prepared = village_services.findings_prepare(
        [
            {
                "team": team,
                "area": area,
                "unit": unit,
                "found_on": min(found_on, today),
                "description": description,
                "measures": "派出单位制定整改方案，逐项整改并报工委核验",
            }
            for team, area, unit, found_on, description in findings
        ]
    )
    timeline = []
    for p, _link in prepared:
        status, started, submitted, closed = _plan_progress(rng, p.found_on, p.deadline, end)
        steps = [
            (
                "create",
                "",
                ProblemStatus.ASSIGNED,
                p.found_on,
                f"{p.raised_by.name}交办，整改时限{p.deadline:%Y年%m月%d日}",
            )
        ]
        if started:
            p.progress = "" if closed else "正在按整改方案推进。"
            steps.append(("start", ProblemStatus.ASSIGNED, ProblemStatus.RECTIFYING, started, ""))
        if submitted:
            p.result, p.submitted_on = "已对照整改措施逐项完成，驻村工作保障和考勤制度已落实。", submitted
            steps.append(("submit", ProblemStatus.RECTIFYING, ProblemStatus.SUBMITTED, submitted, p.result))
        if closed:
            p.closed_on = closed
            steps.append(
                (
                    "verify",
                    ProblemStatus.SUBMITTED,
                    ProblemStatus.CLOSED,
                    closed,
                    "经核验，整改到位，同意销号。",
                )
            )
        p.status = status
        timeline.append(steps)
    Problem.objects.bulk_create([p for p, _ in prepared])
    SurveyFinding.objects.bulk_create([link for _, link in prepared])
    ProblemEvent.objects.bulk_create(
        [
            ProblemEvent(problem=p, transition=name, from_state=a, to_state=b, at=_at(day, rng), note=note)
            for (p, _), steps in zip(prepared, timeline, strict=True)
            for name, a, b, day, note in steps
        ]
    )


# --- masses --------------------------------------------------------------------------------------


def _masses(ctx: Context, rng: random.Random) -> None:
    y = ctx.year
    units = [u for u in ctx.units if u.name in ctx.organ_committees]
    if not units:
        return
    # a little above the round number, so the text reads "700余" (rounded down to the ten)
    n_posts = ctx.scaled(INTERNSHIP_POSTS) + ctx.scaled(rng.randint(1, 9), minimum=0)
    posts = []
    for i in range(n_posts):
        unit = units[i % len(units)] if i < len(units) else rng.choice(units)
        posts.append(
            InternshipPost(
                unit=unit,
                organization=ctx.organ_committees[unit.name],
                root=ctx.root,
                year=y,
                title=rng.choice(
                    ["综合文字", "政策研究", "数据分析", "法律事务", "财务管理", "信息化", "宣传"]
                )
                + "实习岗",
                department=rng.choice(["办公室", "综合处", "政策法规处", "规划处", "信息中心"]),
                places=rng.randint(1, 3),
                majors=rng.choice(["不限", "经济学类", "法学类", "计算机类", "中文类", "管理学类"]),
                offered_on=_date(rng, dt.date(y, 4, 1), dt.date(y, 6, 15)),
            )
        )
    InternshipPost.objects.bulk_create(posts, batch_size=2000)
    apps = []
    for p in posts:
        placed = 0
        for _ in range(rng.randint(0, 4)):
            applied = p.offered_on + dt.timedelta(days=rng.randint(1, 20))
            status = rng.choice(
                [
                    ApplicationStatus.APPLIED,
                    ApplicationStatus.ACCEPTED,
                    ApplicationStatus.PLACED,
                    ApplicationStatus.DECLINED,
                ]
            )
            if status == ApplicationStatus.PLACED and placed >= p.places:
                status = ApplicationStatus.DECLINED
            placed += status == ApplicationStatus.PLACED
            apps.append(
                InternshipApplication(
                    post=p,
                    name=rng.choice("王李张刘陈杨赵黄周吴")
                    + rng.choice(["雨", "浩", "欣", "子涵", "思远", "佳"]),
                    school=rng.choice(SCHOOLS),
                    major=p.majors if p.majors != "不限" else "经济学",
                    applied_on=applied,
                    status=status,
                    placed_on=applied + dt.timedelta(days=15) if status == ApplicationStatus.PLACED else None,
                )
            )
    InternshipApplication.objects.bulk_create(apps, batch_size=2000)
    n_suggestions = ctx.scaled(SUGGESTIONS) + ctx.scaled(rng.randint(1, 9), minimum=0)
    suggestions = []
    for i in range(n_suggestions):
        unit = rng.choice(units)
        topic = rng.choice(TOPICS)
        adopted = rng.random() < 0.35
        submitted = _date(rng, dt.date(y, 5, 1), dt.date(y, 9, 30))
        suggestions.append(
            Suggestion(
                drive="百名博士献百策",
                submitter=rng.choice("王李张刘陈杨赵黄周吴")
                + rng.choice(["博", "明", "晓东", "海燕", "建国", "立新"]),
                affiliation=f"{rng.choice(SCHOOLS)} 博士",
                unit=unit,
                organization=ctx.organ_committees[unit.name],
                root=ctx.root,
                topic=f"关于{topic}的建议（{i + 1}）",
                text=f"围绕{topic}，提出以下建议：……",
                submitted_on=submitted,
                adopted=adopted,
                adopted_on=submitted + dt.timedelta(days=30) if adopted else None,
            )
        )
    Suggestion.objects.bulk_create(suggestions)
    ctx.counts["internship_posts"] = len(posts)
    ctx.counts["suggestions"] = len(suggestions)
