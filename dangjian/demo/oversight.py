"""Oversight in the demo year: the performance assessment of the year before, carried out early in
the demo year, leaves a problem list (问题清单) owned by units and subordinate units, which then
rectify through the year, most closed in time, some late, some still open; the committee's
inspections add a few problems later in the year.

At --scale 1 the 2023 report reproduces the seed: 843 assessment problems
(ASSESSMENT_PROBLEMS) owned by 94 units (RECTIFYING_UNITS) and 19 subordinate units
(RECTIFYING_SUBORDINATE_UNITS). The owners are chosen first and each gets at least one problem,
so the distinct counts are exact by construction.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from dangjian.accounts.models import User
from dangjian.assessments.enums import AppraisalStatus, AssessmentStatus
from dangjian.assessments.models import (
    AppraisalEvent,
    AppraisalRating,
    AppraisalRound,
    AssessedUnit,
    Assessment,
    AssessmentEvent,
    Indicator,
    Score,
    SecretaryAppraisal,
)
from dangjian.assessments.services import result_of
from dangjian.assessments.workflows import APPRAISAL, ASSESSMENT
from dangjian.core import workflow
from dangjian.core.demo import demo_stage
from dangjian.core.workdays import Calendar
from dangjian.demo.builder import BATCH, Context
from dangjian.demo.meetings import _allocate
from dangjian.organizations.models import PartyOrganization
from dangjian.problems import rules
from dangjian.problems.enums import ProblemSource, ProblemStatus
from dangjian.problems.models import Problem, ProblemEvent

ASSESSMENT_PROBLEMS = 843  # "形成843个问题清单"
RECTIFYING_UNITS = 94  # "督促指导94个单位"
RECTIFYING_SUBORDINATE_UNITS = 19  # "及19个机关下属单位逐一整改党建考核反馈问题"
INSPECTION_PROBLEMS = 60  # the committee's own inspections later in the year (not in the seed)

FINDINGS = [  # (description, measures)
    ("党组理论学习中心组学习计划性不强，专题研讨不够深入", "制定年度学习计划，每季度开展一次专题研讨"),
    ("“三会一课”记录不规范，部分党支部党课次数不足", "统一会议记录模板，机关党委按季度检查"),
    ("组织生活会会前谈心谈话不充分，批评和自我批评辣味不足", "会前逐一谈心谈话，机关党委派员列席指导"),
    ("发展党员工作程序不规范，个别材料缺少支部委员会意见", "对照发展党员工作细则逐项补正，建立全程纪实"),
    ("党费收缴不及时，个别党员存在补缴情况", "按月收缴并公示，建立党费收缴台账"),
    ("党建与业务工作结合不紧密，“两张皮”问题依然存在", "将党建任务纳入处室年度考核，开展“党建+业务”项目"),
    ("党支部换届不及时，个别支部超期未换届", "制定换届计划，年内完成到期支部换届选举"),
    ("党员教育培训学时不足，个别党员未完成年度学习任务", "建立学时台账，组织集中补学"),
    ("意识形态工作责任制落实不到位，阵地管理不规范", "明确阵地管理责任人，每半年分析研判一次"),
    ("机关纪委监督作用发挥不充分，日常谈话提醒偏少", "建立谈话提醒清单，机关纪委每季度报告监督情况"),
    ("党员档案管理不规范，部分档案材料缺失", "全面清理党员档案，缺失材料限期补齐"),
    ("青年理论学习小组活动不经常，学习形式单一", "每月开展一次集中学习，与结对单位联学共建"),
    ("落实全面从严治党主体责任清单不细，责任传导层层递减", "细化责任清单到处室和个人，年底述责述廉"),
    ("主题党日活动主题不够鲜明，党员参与度不高", "每月提前确定主题，纳入支部工作计划"),
]
INSPECTIONS = [
    ("督查发现党支部标准化规范化建设台账不完整", "补齐台账资料，对照标准逐项整改"),
    ("督查发现流动党员管理不到位，联系不经常", "建立流动党员联系卡，每月联系一次"),
    ("督查发现党务公开不及时", "按季度公开党务，设立公开栏"),
]
RESPONSIBLE = [
    "机关党委专职副书记",
    "机关党委办公室主任",
    "机关纪委书记",
    "党支部书记",
    "组织委员",
    "宣传委员",
]


INDICATORS = [  # (name, points, [(sub-indicator, points, rule)])
    (
        "政治建设",
        25,
        [
            ("学习贯彻习近平新时代中国特色社会主义思想", 10, "中心组专题学习每少一次扣1分"),
            ("落实“第一议题”制度", 8, "未落实的每次扣1分"),
            ("意识形态工作", 7, "责任制不落实扣2分"),
        ],
    ),
    (
        "组织建设",
        30,
        [
            ("“三会一课”等组织生活制度", 10, "每缺一次扣0.5分"),
            ("党支部按期换届", 8, "每超期一个支部扣2分"),
            ("发展党员和党员管理", 7, "程序不规范每例扣1分"),
            ("党费收缴使用管理", 5, "未按月收缴扣1分"),
        ],
    ),
    (
        "作风建设",
        15,
        [("落实中央八项规定精神", 8, "发现问题每起扣2分"), ("调查研究和为民服务", 7, "未开展扣3分")],
    ),
    ("纪律建设", 15, [("机关纪委监督执纪", 8, "谈话提醒不经常扣2分"), ("警示教育", 7, "未开展扣3分")]),
    ("党建责任制落实", 15, [("主体责任清单", 8, "清单不细扣2分"), ("党建与业务融合", 7, "“两张皮”扣2分")]),
]


def _steps(wf: workflow.Workflow, obj, steps: list[tuple], initial: str) -> list:
    """The timeline rows `transition_apply` would have written for `steps` (name, when, actor,
    note, data), taken from the workflow's table from `initial` on (each step must leave the state
    the previous one reached, and the last reaches the record's state), dated when they happened:
    applying them now would date them today."""
    rows, state = [], initial
    for name, at, actor, note, data in steps:
        t = wf.transition(name)
        assert t.leaves(state), (wf.name, name, state)
        rows.append(
            wf.timeline(
                **{wf.subject_field: obj},
                transition=name,
                from_state=state,
                to_state=t.target,
                at=at,
                actor=actor,
                note=note,
                data=data,
            )
        )
        state = t.target
    assert state == getattr(obj, wf.state_field), (wf.name, obj.pk, state)
    return rows


def _when(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _assessment(ctx: Context, rng: random.Random, owners: list) -> int:
    """The previous year's assessment: the indicator tree, every top-level unit scored, published
    early in the demo year (its findings are the problems above). Returns the units assessed."""
    y = ctx.year
    org_of = _owner_org(ctx)
    a = Assessment.objects.create(
        name=f"{y - 1}年度省直部门和单位党建工作实绩考核",
        year=y - 1,
        status=AssessmentStatus.PUBLISHED,
        published_on=dt.date(y, 2, 15),
        organization=ctx.root,
        root=ctx.root,
    )
    leaves = []
    for i, (name, points, subs) in enumerate(INDICATORS, start=1):
        parent = Indicator.objects.create(assessment=a, name=name, max_score=points, sort_order=i)
        for j, (sub, sub_points, rule) in enumerate(subs, start=1):
            leaves.append(
                Indicator.objects.create(
                    assessment=a, parent=parent, name=sub, max_score=sub_points, rule=rule, sort_order=j
                )
            )
    with_problems = {u.pk for u in owners}
    units = [u for u in ctx.units if u.pk in org_of]
    assessed, scores = [], []
    for u in units:
        org = org_of[u.pk]
        au = AssessedUnit(assessment=a, unit=u, organization=org, root=ctx.root)
        total = Decimal(0)
        for ind in leaves:
            deduct = Decimal(rng.choice([0, 0, 0, 0.5, 1, 1, 2])) if u.pk in with_problems else Decimal(0)
            deduct = min(deduct, ind.max_score)
            score = ind.max_score - deduct
            total += score
            scores.append((au, Score(indicator=ind, score=score, evidence="" if not deduct else ind.rule)))
        au.total, au.grade = total, a.grade_for(total)
        assessed.append(au)
    assessed.sort(key=lambda au: (-(au.total or 0), au.unit.sort_order))
    for rank, au in enumerate(assessed, start=1):
        au.rank = rank
    AssessedUnit.objects.bulk_create(assessed, batch_size=BATCH)
    for au, sc in scores:
        sc.assessed = au
    Score.objects.bulk_create([sc for _au, sc in scores], batch_size=BATCH)
    staff = User.objects.filter(username="demo-committee").first()
    AssessmentEvent.objects.bulk_create(
        _steps(
            ASSESSMENT,
            a,
            [
                ("start_scoring", _when(dt.date(y, 1, 10)), staff, "指标体系经工委会议审定，开始评分。", {}),
                (
                    "publish",
                    _when(dt.date(y, 2, 15), 15),
                    staff,
                    "考核结果经工委会议研究确定，予以公布。",
                    {},
                ),
            ],
            AssessmentStatus.DRAFT,
        )
    )
    return len(assessed)


def _appraisals(ctx: Context, rng: random.Random) -> int:
    """The demo year's 述职评议 of the organ committees' secretaries, rated and concluded in December."""
    y = ctx.year
    evaluators = list(User.objects.filter(username__in=["demo-committee", "demo-auditor"]))
    r = AppraisalRound.objects.create(
        name=f"{y}年度机关党委书记抓基层党建工作述职评议考核", year=y, organization=ctx.root, root=ctx.root
    )
    r.evaluators.set(evaluators)
    orgs = [o for o in ctx.organ_committees.values() if o.parent_id == ctx.root.pk]
    chosen = sorted(rng.sample(orgs, min(len(orgs), ctx.scaled(40))), key=lambda o: o.path)
    appraisals: list[SecretaryAppraisal] = []
    ratings: list[tuple[SecretaryAppraisal, User, str]] = []
    for org in chosen:
        grades = [rng.choices(r.grades, weights=[5, 4, 1, 0.2])[0] for _ in evaluators]
        ap = SecretaryAppraisal(
            round=r,
            organization=org,
            root=ctx.root,
            report=f"{y}年，{org.name}认真履行抓基层党建第一责任人职责……",
            reported_on=dt.date(y, 12, rng.randint(10, 20)),
            status=AppraisalStatus.CONCLUDED,
            result=result_of(r.grades, grades),
            concluded_on=dt.date(y, 12, 28),
        )
        appraisals.append(ap)
        ratings.extend((ap, e, g) for e, g in zip(evaluators, grades, strict=True))
    SecretaryAppraisal.objects.bulk_create(appraisals, batch_size=BATCH)
    AppraisalRating.objects.bulk_create(
        [AppraisalRating(appraisal=ap, evaluator=e, grade=g) for ap, e, g in ratings], batch_size=BATCH
    )
    staff = next((u for u in evaluators if u.username == "demo-committee"), None)
    counts: dict[int, dict[str, int]] = {}
    for ap, _e, g in ratings:
        counts.setdefault(ap.pk, {}).setdefault(g, 0)
        counts[ap.pk][g] += 1
    events = []
    for ap in appraisals:
        assert ap.reported_on and ap.concluded_on
        report = ("report", _when(ap.reported_on), None, "", {"report_chars": len(ap.report)})
        conclude = ("conclude", _when(ap.concluded_on, 15), staff, "", {"ratings": counts.get(ap.pk, {})})
        events += _steps(APPRAISAL, ap, [report, conclude], AppraisalStatus.DRAFT)
    AppraisalEvent.objects.bulk_create(events, batch_size=BATCH)
    return len(appraisals)


def _owner_org(ctx: Context) -> dict[int, PartyOrganization]:
    """Each unit's organisation for problems: its organ committee, else its topmost organisation."""
    out: dict[int, PartyOrganization] = {}
    for org in ctx.orgs:  # parents before children: the first seen is the topmost
        out.setdefault(org.unit_id, org)
    for org in ctx.organ_committees.values():
        out[org.unit_id] = org
    return out


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randint(8, 17), rng.randint(0, 59))))


def _plan_progress(rng: random.Random, found_on: dt.date, deadline: dt.date, end: dt.date):
    """(status, started, submitted, closed) of one problem: ~78 % closed in time, ~12 % closed late,
    the rest still open (under rectification, waiting for verification, or not even started)."""
    x = rng.random()
    started = min(found_on + dt.timedelta(days=rng.randint(2, 20)), end)
    if x < 0.90:
        late = x >= 0.78
        span = (deadline - found_on).days
        closed = (
            deadline + dt.timedelta(days=rng.randint(5, 120))
            if late
            else found_on + dt.timedelta(days=rng.randint(max(25, span // 3), span))
        )
        closed = min(max(closed, started + dt.timedelta(days=10)), end)
        submitted = max(started, closed - dt.timedelta(days=rng.randint(3, 15)))
        return ProblemStatus.CLOSED, started, submitted, closed
    if x < 0.93:
        submitted = min(deadline + dt.timedelta(days=rng.randint(-10, 60)), end)
        return ProblemStatus.SUBMITTED, started, max(started, submitted), None
    if x < 0.985:
        return ProblemStatus.RECTIFYING, started, None, None
    return ProblemStatus.ASSIGNED, None, None, None


def _problems(ctx, rng, cal, owners, count, *, source, source_ref, year, found_range, findings, raised_by):
    """`count` problems spread over `owners` (each at least one), weighted by size."""
    weights = [rng.uniform(0.5, 2.0) for _ in owners]
    split = _allocate(count, weights)
    org_of = _owner_org(ctx)
    end = min(ctx.year_end, timezone.localdate())
    problems, timeline = [], []
    for unit, n in zip(owners, split, strict=True):
        org = org_of[unit.pk]
        for _ in range(n):
            found_on = (
                ctx.rand_date(*found_range)
                if False
                else found_range[0]
                + dt.timedelta(days=rng.randint(0, (found_range[1] - found_range[0]).days))
            )
            deadline = rules.default_deadline(found_on, cal=cal)
            status, started, submitted, closed = _plan_progress(rng, found_on, deadline, end)
            description, measures = rng.choice(findings)
            result = "已对照整改措施逐项完成，相关制度已建立并执行。" if submitted else ""
            p = Problem(
                source=source,
                source_ref=source_ref,
                year=year,
                unit=unit,
                organization=org,
                raised_by=raised_by,
                root=ctx.root,
                description=description,
                measures=measures,
                responsible=rng.choice(RESPONSIBLE),
                found_on=found_on,
                deadline=deadline,
                status=status,
                progress="正在按整改方案推进。" if started and not closed else "",
                result=result,
                submitted_on=submitted,
                closed_on=closed,
            )
            steps = [("create", "", ProblemStatus.ASSIGNED, found_on, f"{raised_by.name}交办")]
            if started:
                steps.append(("start", ProblemStatus.ASSIGNED, ProblemStatus.RECTIFYING, started, ""))
            if submitted:
                steps.append(("submit", ProblemStatus.RECTIFYING, ProblemStatus.SUBMITTED, submitted, result))
            if closed:
                steps.append(
                    (
                        "verify",
                        ProblemStatus.SUBMITTED,
                        ProblemStatus.CLOSED,
                        closed,
                        "经核验，整改到位，同意销号。",
                    )
                )
            problems.append(p)
            timeline.append(steps)
    return problems, timeline


@demo_stage(
    "oversight",
    order=100,
    label="考核与问题整改",
    counts=[
        ("assessed_units", "实绩考核单位"),
        ("secretary_appraisals", "书记述职评议"),
        ("assessment_problems", "考核反馈问题"),
        ("rectifying_units", "整改单位"),
        ("rectifying_subordinate_units", "整改下属单位"),
        ("problems_total", "问题清单（全部）"),
    ],
)
def build(ctx: Context) -> None:
    rng = random.Random(f"{ctx.seed}:oversight")
    cal = Calendar.load()
    org_of = _owner_org(ctx)
    units = [u for u in ctx.units if u.pk in org_of]
    subs = [u for u in ctx.subunits if u.pk in org_of]
    n_units = min(len(units), ctx.scaled(RECTIFYING_UNITS))
    n_subs = min(len(subs), ctx.scaled(RECTIFYING_SUBORDINATE_UNITS))
    demo_unit = ctx.demo.get("unit")
    chosen = rng.sample(units, n_units)
    if demo_unit is not None and demo_unit in units and demo_unit not in chosen and chosen:
        chosen[0] = demo_unit  # the demo unit's staff see problems of their own
    owners = sorted(chosen, key=lambda u: u.sort_order) + sorted(
        rng.sample(subs, n_subs), key=lambda u: u.sort_order
    )
    n_problems = max(len(owners), ctx.scaled(ASSESSMENT_PROBLEMS))
    y = ctx.year
    assessed, timeline = _problems(
        ctx,
        rng,
        cal,
        owners,
        n_problems,
        source=ProblemSource.ASSESSMENT,
        source_ref=f"{y - 1}年度省直部门和单位党建工作实绩考核",
        year=y - 1,
        found_range=(dt.date(y, 2, 20), dt.date(y, 3, 31)),
        findings=FINDINGS,
        raised_by=ctx.root,
    )
    inspected_units = rng.sample(units, min(len(units), ctx.scaled(40)))
    inspected, timeline2 = _problems(
        ctx,
        rng,
        cal,
        inspected_units,
        max(len(inspected_units), ctx.scaled(INSPECTION_PROBLEMS)),
        source=ProblemSource.INSPECTION,
        source_ref=f"{y}年度党建工作专项督查",
        year=y,
        found_range=(dt.date(y, 9, 1), dt.date(y, 11, 30)),
        findings=INSPECTIONS,
        raised_by=ctx.root,
    )
    problems = assessed + inspected
    Problem.objects.bulk_create(problems, batch_size=BATCH)
    events = []
    for p, steps in zip(problems, timeline + timeline2, strict=True):
        for name, source, target, day, note in steps:
            events.append(
                ProblemEvent(
                    problem=p,
                    transition=name,
                    from_state=source,
                    to_state=target,
                    at=_at(day, rng),
                    note=note,
                )
            )
    ProblemEvent.objects.bulk_create(events, batch_size=BATCH)
    assessment = _assessment(ctx, rng, owners)
    rounds = _appraisals(ctx, rng)
    ctx.counts.update(
        {
            "assessed_units": assessment,
            "secretary_appraisals": rounds,
            "assessment_problems": len(assessed),
            "rectifying_units": n_units,
            "rectifying_subordinate_units": n_subs,
            "problems_total": len(problems),
        }
    )
