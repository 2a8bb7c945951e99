"""The committee's training programmes of the demo year (seed: "处级领导干部学习贯彻党的二十大精神
培训班18期，培训4512人"; "党员干部教育示范培训班11期，培训942人"; "市、县(市、区)直机关工委党务干部
专题培训班2期"). Trainees are members in service, each in one class; those who complete attend
every day (5 of 5 days is the only way to reach 90 %), a few per class miss days and do not
complete. City and county cadres are guests (they are not on the province's roster)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from dangjian.activities.enums import (
    ActivityKind,
    AddedBy,
    CampaignKind,
    GuestKind,
    ParticipantRole,
    ParticipationStatus,
)
from dangjian.activities.models import Activity, Campaign, Participation
from dangjian.activities.selectors import placements
from dangjian.core.demo import demo_stage
from dangjian.demo.builder import Context, insert_rows, next_id
from dangjian.trainings.enums import ProgrammeSeries
from dangjian.trainings.models import Certificate, ClassAttendance, Programme, TrainingClass, UnitQuota
from dangjian.trainings.selectors import hours_in

CITIES = [
    "沈阳",
    "大连",
    "鞍山",
    "抚顺",
    "本溪",
    "丹东",
    "锦州",
    "营口",
    "阜新",
    "辽阳",
    "盘锦",
    "铁岭",
    "朝阳",
    "葫芦岛",
]
# (name, series, classes, completed trainees, days, hours, first month, place)
PROGRAMMES = [
    (
        "省直机关处级领导干部学习贯彻党的二十大精神培训班",
        ProgrammeSeries.LEADING_CADRES,
        18,
        4512,
        5,
        Decimal("40"),
        3,
        "中共辽宁省委党校",
    ),
    (
        "省直机关党员干部教育示范培训班",
        ProgrammeSeries.MEMBER_EDUCATION,
        11,
        942,
        3,
        Decimal("24"),
        4,
        "省直机关党校",
    ),
    (
        "市、县（市、区）直机关工委党务干部专题培训班",
        ProgrammeSeries.PARTY_WORKERS,
        2,
        0,
        3,
        Decimal("24"),
        6,
        "省直机关党校",
    ),
]
GUESTS_PER_CITY_CLASS = 4  # city and county cadres per city and class


def _mondays(rng: random.Random, year: int, first_month: int, n: int) -> list[dt.date]:
    """n Mondays from first_month to mid-December, spread out, in order (distinct while there are
    enough)."""
    day = dt.date(year, first_month, 1)
    day += dt.timedelta(days=(7 - day.weekday()) % 7)
    mondays = []
    while day <= dt.date(year, 12, 10):
        if day.month not in (2, 8) and not (day.month == 10 and day.day <= 7):  # no classes in holidays
            mondays.append(day)
        day += dt.timedelta(days=7)
    if n > len(mondays):  # a province several times the demo's: two classes may start the same week
        return sorted(mondays[i % len(mondays)] for i in range(n))
    return sorted(rng.sample(mondays, n))


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    base = [total // parts] * parts
    for i in rng.sample(range(parts), total % parts):
        base[i] += 1
    return base


@demo_stage(
    "trainings",
    order=75,
    label="教育培训",
    counts=[("training_classes", "培训班（期）"), ("trainees_completed", "结业学员（人次）")],
)
def build(ctx: Context) -> None:
    rng = random.Random(f"{ctx.seed}:trainings")
    y = ctx.year
    pool = [
        p.pk
        for b in ctx.branches
        if not getattr(b, "demo_retiree", False)
        for p, status in ctx.members_by_branch.get(b.pk, ())
        if status in ("full", "probationary") and 30 <= y - p.birth_date.year <= 58
    ]
    rng.shuffle(pool)
    taken = 0
    classes = completed = 0
    for name, series, n_classes, n_done, days, hours, month, place in PROGRAMMES:
        n_classes = ctx.scaled(n_classes)
        n_done = ctx.scaled(n_done, minimum=0) if n_done else 0
        campaign = Campaign.objects.create(
            name=name,
            kind=CampaignKind.TRAINING,
            organization=ctx.root,
            root=ctx.root,
            scope=ctx.root,
            first_day=dt.date(y, month, 1),
            last_day=dt.date(y, 12, 31),
        )
        programme = Programme.objects.create(campaign=campaign, series=series, completion_rate=90)
        per_class = _split(n_done, n_classes, rng)
        for number, (monday, done) in enumerate(
            zip(_mondays(rng, y, month, n_classes), per_class, strict=True), 1
        ):
            last = monday + dt.timedelta(days=days - 1)
            activity = Activity.objects.create(
                kind=ActivityKind.TRAINING_CLASS,
                title=f"{name}第{number}期",
                organization=ctx.root,
                root=ctx.root,
                unit_id=ctx.root.unit_id,
                campaign=campaign,
                first_day=monday,
                last_day=last,
                place=place,
                hours=hours,
            )
            tc = TrainingClass.objects.create(activity=activity, programme=programme, number=number)
            classes += 1
            dropouts = rng.randint(1, 4) if done else 0
            ids = pool[taken : taken + done + dropouts]
            taken += len(ids)
            where = placements(ids, monday)
            rows = []
            for i, pid in enumerate(ids):
                place_ = where[pid]
                rows.append(
                    Participation(
                        activity=activity,
                        person_id=pid,
                        role=ParticipantRole.TRAINEE,
                        status=ParticipationStatus.COMPLETED if i < done else ParticipationStatus.PRESENT,
                        hours=hours if i < done else None,
                        added_by=AddedBy.MANUAL,
                        organization_id=place_.organization_id,
                        unit_id=place_.unit_id,
                        org_path=place_.path,
                        root_id=place_.root_id,
                        campaign_id=campaign.pk,
                        kind=ActivityKind.TRAINING_CLASS,
                        year=y,
                        day=monday,
                    )
                )
            if series == ProgrammeSeries.PARTY_WORKERS:
                for city in CITIES:
                    for k in range(GUESTS_PER_CITY_CLASS):
                        rows.append(
                            Participation(
                                activity=activity,
                                guest_name=f"{city}学员{number}-{k + 1}",
                                guest_kind=GuestKind.OUTSIDE,
                                guest_from=f"{city}市直机关工委"
                                if k % 2 == 0
                                else f"{city}市县（市、区）直机关工委",
                                role=ParticipantRole.TRAINEE,
                                status=ParticipationStatus.COMPLETED,
                                hours=hours,
                                organization_id=ctx.root.pk,
                                unit_id=ctx.root.unit_id,
                                org_path=ctx.root.path,
                                root_id=ctx.root.pk,
                                campaign_id=campaign.pk,
                                kind=ActivityKind.TRAINING_CLASS,
                                year=y,
                                day=monday,
                            )
                        )
            Participation.objects.bulk_create(rows, batch_size=2000)
            attendance, certificates = [], []
            for seq, r in enumerate(rows, 1):
                present = days if r.status == ParticipationStatus.COMPLETED else rng.randint(1, days - 1)
                attendance += [
                    ClassAttendance(participation=r, day=monday + dt.timedelta(days=d))
                    for d in range(present)
                ]
                if r.status == ParticipationStatus.COMPLETED:
                    certificates.append(
                        Certificate(
                            participation=r,
                            number=f"{y}-{programme.pk:04d}-{number:02d}-{seq:04d}",
                            issued_on=last,
                        )
                    )
            ClassAttendance.objects.bulk_create(attendance, batch_size=2000)
            Certificate.objects.bulk_create(certificates, batch_size=2000)
            completed += len(certificates)
            if series == ProgrammeSeries.LEADING_CADRES:
                seats: dict[int, int] = {}
                for r in rows:
                    if r.unit_id:
                        seats[r.unit_id] = seats.get(r.unit_id, 0) + 1
                UnitQuota.objects.bulk_create(
                    [UnitQuota(training_class=tc, unit_id=u, seats=n) for u, n in sorted(seats.items())]
                )
    ctx.counts["training_classes"] = classes
    ctx.counts["trainees_completed"] = completed


# --- study hours -----------------------------------------------------------------------------------
# The programmes above credit class hours to a few thousand trainees; most of a member's yearly
# hours (trainings.rules.DEFAULT_HOURS) come from study online (the party-member education
# platform), which each unit's committee recognises at the year's end from the platform's record.
# One activity per unit (kind OTHER, no campaign, no series, so no figure of the seed counts it),
# one row per member with their hours. Each unit meets the requirement at its own rate.
ONLINE_STUDY_TITLE = "{year}年度党员网上学习学时认定"
ONLINE_STUDY_PLACE = "党员教育网络学院（线上）"
ONLINE_STUDY_TEXT = (
    "全年在党员教育网络学院、学习强国等平台参加在线学习，年终由单位党组织按平台学习记录认定学时。"
)
HALF = Decimal("0.5")


def _unit_rate(rng: random.Random) -> float:
    """The share of a unit's members who reach the requirement: most units 80-96 %, a few lower."""
    if rng.random() < 0.08:
        return rng.uniform(0.62, 0.80)
    return 0.80 + 0.16 * rng.betavariate(2.0, 1.5)


def _halves(x: float) -> Decimal:
    return Decimal(max(1, round(x * 2))) * HALF


def _online_hours(rng: random.Random, rate: float, required: int, credited: Decimal) -> Decimal:
    """A member's online hours: enough for the year's requirement (often more) with probability
    `rate`, else a total short of it; 0 when their classes already make that total."""
    if rng.random() < rate:
        total = required + _halves(rng.expovariate(1 / 6))
        return max(Decimal(total) - credited, _halves(rng.uniform(6, 20)))
    short = _halves(required * rng.uniform(0.35, 0.95))
    return max(Decimal(0), short - credited)


@demo_stage(
    "study_hours", order=125, label="党员网上学习学时", counts=[("online_study_rows", "网上学习学时记录")]
)
def build_study_hours(ctx: Context) -> None:
    """After every stage that credits hours, for the members at the year's end (as the hours page
    reads them, trainings.selectors)."""
    rng = random.Random(f"{ctx.seed}:study_hours")
    y = ctx.year
    day = dt.date(y, 12, 29)
    org_of = {o.path: o for o in ctx.orgs}
    members = sorted(
        (
            (r.person_id, org_of[r.org_path], r.required, r.hours)
            for r in hours_in(year=y, path=ctx.root.path)
            if r.org_path in org_of
        ),
        key=lambda m: (m[0], m[1].path),
    )
    organiser: dict[int, Any] = {}
    for o in ctx.orgs:  # parents first: a unit's first organisation is its highest
        organiser.setdefault(o.unit_id, o)
    units = sorted({m[1].unit_id for m in members})
    activities = Activity.objects.bulk_create(
        [
            Activity(
                kind=ActivityKind.OTHER,
                title=ONLINE_STUDY_TITLE.format(year=y),
                organization=organiser.get(u, ctx.root),
                root=ctx.root,
                unit_id=u,
                first_day=day,
                last_day=day,
                place=ONLINE_STUDY_PLACE,
                description=ONLINE_STUDY_TEXT,
            )
            for u in units
        ]
    )
    activity_of = {a.unit_id: a.pk for a in activities}
    rate = {u: _unit_rate(rng) for u in units}
    rows: list[dict] = []
    next_pk = next_id(Participation)
    seen: set[int] = set()
    for pid, org, need, credited in members:
        if pid in seen:
            continue
        seen.add(pid)
        hours = _online_hours(rng, rate[org.unit_id], need, credited)
        if not hours:
            continue
        rows.append(
            {
                "id": next_pk + len(rows),
                "activity_id": activity_of[org.unit_id],
                "person_id": pid,
                "guest_name": "",
                "guest_kind": "",
                "guest_from": "",
                "role": ParticipantRole.PARTICIPANT,
                "status": ParticipationStatus.COMPLETED,
                "hours": hours,
                "added_by": AddedBy.IMPORT,
                "signed_in_at": None,
                "organization_id": org.pk,
                "unit_id": org.unit_id,
                "org_path": org.path,
                "root_id": ctx.root.pk,
                "campaign_id": None,
                "kind": ActivityKind.OTHER,
                "year": y,
                "day": day,
            }
        )
    insert_rows(Participation, rows, chunk=20000)
    ctx.counts["online_study_rows"] = len(rows)
