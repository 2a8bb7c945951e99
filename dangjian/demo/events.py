"""The events of the demo year: the committee's annual work conference (six units' secretaries
speak), the 模范机关 exchange meeting (150余 representatives), five mutual-learning sessions, the
清风传家故事会 (leading cadres with their families) with the units' return of film viewings, the
integrity concert, the skills contest (387 contestants with results), the basketball tournament
and the sports meet (registrations, non-party staff among them), and a few units' own lectures.

Records only: who took part are participation rows (activities), the viewings unit return
entries; the report counts them. Counts are exact by construction at any scale: each target is
scaled first, then exactly that many people are drawn. Its own random stream, so the stage does
not move the draws of the others."""

from __future__ import annotations

import datetime as dt
import random

from dangjian.activities.enums import ActivityKind as K
from dangjian.activities.enums import AddedBy, GuestKind, ParticipantRole, ParticipationStatus
from dangjian.activities.models import Activity, Participation, UnitReturn, UnitReturnEntry
from dangjian.activities.selectors import Placement, placements
from dangjian.core.demo import demo_stage
from dangjian.demo.builder import Context
from dangjian.demo.data import GIVEN, SURNAMES
from dangjian.demo.meetings import _allocate
from dangjian.events.enums import EventSeries as S
from dangjian.events.models import CompetitionResult, Event, EventCase

P = ParticipationStatus
EXCHANGE_ATTENDEES = 150  # "150余人": approximate, drawn a little above
SPEAKING_UNITS = 6
MUTUAL_LEARNING = 5
FAMILY_STORY = 590  # members and their families
FAMILY_STORY_MEMBERS = 310
FILM_VIEWINGS = 25000  # "2.5万余人次": approximate
CONCERT = 390
SKILLS = 387
BASKETBALL = 1400  # "1400余名": approximate
SPORTS_MEET = 4500  # "4500余名": approximate
CASES = [
    ("某厅原副厅长受贿案", "利用职务便利为他人谋取利益，家属收受财物，“家族式腐败”教训深刻。"),
    ("某局原处长违规收受礼金案", "节日期间收受管理服务对象礼金，家属代收，被开除党籍。"),
    ("某中心原主任优亲厚友案", "为亲属经营活动提供便利，家风不正、失德失范。"),
]


class Draw:
    """Members drawn without repetition inside one event, with where each took part from."""

    def __init__(self, ctx: Context, rng: random.Random):
        self.rng = rng
        self.ids = [p.pk for rows in ctx.members_by_branch.values() for p, _s in rows]
        rng.shuffle(self.ids)

    def people(self, n: int, day: dt.date) -> list[tuple[int, Placement]]:
        """n members (fewer when the province is smaller) and their placements on `day`."""
        picked = self.rng.sample(self.ids, min(len(self.ids), n + n // 10 + 5))
        where = placements(picked, day)
        return [(pid, where[pid]) for pid in picked if where[pid].path][:n]


def _guest_name(rng: random.Random) -> str:
    surname = rng.choices([s for s, _w in SURNAMES], weights=[w for _s, w in SURNAMES])[0]
    chars = GIVEN[(rng.choice(["old", "mid", "young"]), rng.choice("MF"))]
    return surname + "".join(rng.choice(chars) for _ in range(rng.choice((1, 2))))


def _row(
    activity: Activity,
    place,
    *,
    person_id=None,
    role=ParticipantRole.PARTICIPANT,
    status=P.PRESENT,
    guest: tuple[str, str, str] | None = None,
    added_by=AddedBy.ROSTER,
) -> Participation:
    name, kind, from_text = guest or ("", "", "")
    return Participation(
        activity=activity,
        person_id=person_id,
        guest_name=name,
        guest_kind=kind,
        guest_from=from_text,
        role=role,
        status=status,
        added_by=added_by,
        organization_id=place.organization_id,
        unit_id=place.unit_id,
        org_path=place.path,
        root_id=place.root_id,
        campaign_id=None,
        kind=activity.kind,
        year=activity.first_day.year,
        day=activity.first_day,
    )


def _event(
    ctx: Context,
    kind: str,
    title: str,
    day: dt.date,
    *,
    series: str = "",
    place: str = "",
    last_day: dt.date | None = None,
    org=None,
    opens=None,
    closes=None,
    host: str = "",
) -> Event:
    org = org or ctx.root
    activity = Activity.objects.create(
        kind=kind,
        title=title,
        organization=org,
        root=org.root or org,
        unit_id=org.unit_id,
        first_day=day,
        last_day=last_day or day,
        place=place,
    )
    return Event.objects.create(
        activity=activity, series=series, registration_opens=opens, registration_closes=closes, host=host
    )


@demo_stage(
    "events",
    order=70,
    label="会议、交流与文体活动",
    counts=[("events", "活动"), ("event_participation", "活动参加记录"), ("film_viewings", "专题片观看人次")],
)
def build(ctx: Context) -> None:
    rng = random.Random(f"{ctx.seed}:events")
    y = ctx.year
    draw = Draw(ctx, rng)
    rows: list[Participation] = []
    events: list[Event] = []

    def members(event: Event, n: int, **kw) -> list[tuple[int, Placement]]:
        got = draw.people(n, event.activity.first_day)
        rows.extend(_row(event.activity, pl, person_id=pid, **kw) for pid, pl in got)
        return got

    # 年度机关党的工作会议: six units' secretaries speak, the others listen.
    conf = _event(
        ctx,
        K.CONFERENCE,
        f"{y}年省直机关党的工作会议",
        dt.date(y, 2, 23),
        series=S.WORK_CONFERENCE,
        place="省直机关工委会议中心",
    )
    events.append(conf)
    attendees = draw.people(ctx.scaled(260), conf.activity.first_day)
    by_unit: dict[int | None, tuple[int, Placement]] = {}
    for pid, pl in attendees:
        by_unit.setdefault(pl.unit_id, (pid, pl))
    speakers = dict(list(by_unit.values())[: ctx.scaled(SPEAKING_UNITS)])
    for pid, pl in attendees:
        role = ParticipantRole.SPEAKER if pid in speakers else ParticipantRole.PARTICIPANT
        rows.append(_row(conf.activity, pl, person_id=pid, role=role))

    # 模范机关创建工作交流会: 150余 representatives; a few sent leave.
    ex = _event(
        ctx,
        K.EXCHANGE,
        "模范机关创建工作交流会",
        dt.date(y, 4, 18),
        series=S.MODEL_ORG_EXCHANGE,
        place="省直机关工委会议中心",
    )
    events.append(ex)
    present = ctx.scaled(EXCHANGE_ATTENDEES) + ctx.scaled(rng.randint(2, 7), minimum=0)
    for i, (pid, pl) in enumerate(draw.people(present + ctx.scaled(4, minimum=0), ex.activity.first_day)):
        rows.append(_row(ex.activity, pl, person_id=pid, status=P.PRESENT if i < present else P.LEAVE))

    # 互学互鉴: five sessions with the city committees.
    for i, city in enumerate(
        ["沈阳市", "大连市", "鞍山市", "锦州市", "丹东市", "营口市"][: ctx.scaled(MUTUAL_LEARNING)]
    ):
        ev = _event(
            ctx,
            K.MUTUAL_LEARNING,
            f"省、市直机关工委互学互鉴活动（{city}）",
            dt.date(y, min(3 + 2 * i, 12), 10 + i),  # a sixth session (scale > 1) in December
            place=f"{city}直机关工委",
        )
        events.append(ev)
        members(ev, ctx.scaled(rng.randint(18, 30)))

    # 清风传家故事会: leading cadres and their families (guests of the member's organisation).
    fam = _event(
        ctx,
        K.WARNING_EDUCATION,
        "“清风传家”故事会",
        dt.date(y, 6, 16),
        series=S.FAMILY_STORY,
        place="辽宁大剧院",
    )
    events.append(fam)
    total = ctx.scaled(FAMILY_STORY)
    cadres = members(fam, min(ctx.scaled(FAMILY_STORY_MEMBERS), total))
    for i in range(total - len(cadres)):
        _pid, pl = cadres[i % len(cadres)]
        rows.append(
            _row(
                fam.activity,
                pl,
                guest=(_guest_name(rng), GuestKind.FAMILY, "党员领导干部家属"),
                added_by=AddedBy.MANUAL,
            )
        )
    EventCase.objects.bulk_create([EventCase(event=fam, title=t, summary=s) for t, s in CASES])
    film = UnitReturn.objects.create(
        title="组织观看《清风传家故事会》专题片情况",
        measure="观看人次",
        organization=ctx.root,
        root=ctx.root,
        activity=fam.activity,
        year=y,
        due_on=dt.date(y, 7, 31),
    )
    units = [u for u in ctx.units if u.name in ctx.organ_committees]
    film.units.set(units)
    answered = [u for u in units if rng.random() < 0.93] or units[:1]
    viewings = ctx.scaled(FILM_VIEWINGS) + ctx.scaled(rng.randint(60, 900), minimum=0)
    split = _allocate(viewings, [rng.uniform(0.5, 1.5) for _u in answered], minimum=0)
    UnitReturnEntry.objects.bulk_create(
        [
            UnitReturnEntry(
                unit_return=film,
                unit=u,
                organization=ctx.organ_committees[u.name],
                value=n,
                note=rng.choice(["", "分批组织观看", "结合警示教育月", "支部集中观看"]),
            )
            for u, n in zip(answered, split, strict=True)
        ]
    )

    # 廉政主题音乐会: 390 discipline secretaries and others.
    concert = _event(
        ctx,
        K.PERFORMANCE,
        "“清风辽宁”廉政主题音乐会",
        dt.date(y, 9, 22),
        series=S.INTEGRITY_CONCERT,
        place="盛京大剧院",
    )
    events.append(concert)
    members(concert, ctx.scaled(CONCERT))

    # Competitions: contestants registered (most took part), non-party staff among them.
    def contest(ev: Event, n: int, staff_share: float) -> list[Participation]:
        staff = round(n * staff_share)
        start = len(rows)
        got = members(ev, n - staff, role=ParticipantRole.CONTESTANT, status=P.REGISTERED)
        for i in range(n - len(got)):
            _pid, pl = got[i % len(got)]
            rows.append(
                _row(
                    ev.activity,
                    pl,
                    role=ParticipantRole.CONTESTANT,
                    status=P.REGISTERED,
                    guest=(_guest_name(rng), GuestKind.STAFF, "非党员干部职工"),
                    added_by=AddedBy.IMPORT,
                )
            )
        mine = rows[start:]
        for r in mine:
            r.status = rng.choices([P.PRESENT, P.REGISTERED, P.ABSENT], weights=[90, 6, 4])[0]
        return mine

    skills = _event(
        ctx,
        K.COMPETITION,
        f"{y}年省直机关干部职工技能比赛",
        dt.date(y, 10, 12),
        series=S.SKILLS_CONTEST,
        opens=dt.date(y, 8, 1),
        closes=dt.date(y, 9, 15),
        host="省直机关工会",
    )
    ball = _event(
        ctx,
        K.SPORTS,
        f"{y}年省直机关职工篮球赛",
        dt.date(y, 5, 8),
        last_day=dt.date(y, 6, 30),
        series=S.BASKETBALL,
        opens=dt.date(y, 3, 1),
        closes=dt.date(y, 4, 15),
        host="省直机关工会",
    )
    meet = _event(
        ctx,
        K.SPORTS,
        f"{y}年省直机关职工健身运动会",
        dt.date(y, 8, 26),
        last_day=dt.date(y, 9, 10),
        series=S.SPORTS_MEET,
        opens=dt.date(y, 6, 1),
        closes=dt.date(y, 7, 31),
        host="省直机关工会",
    )
    events += [skills, ball, meet]
    skill_rows = contest(skills, ctx.scaled(SKILLS), 0.15)
    contest(ball, ctx.scaled(BASKETBALL) + ctx.scaled(rng.randint(10, 60), minimum=0), 0.25)
    # a little above the round number, so the text reads "4500余" (rounded down to the hundred)
    contest(meet, ctx.scaled(SPORTS_MEET) + ctx.scaled(rng.randint(10, 90), minimum=0), 0.3)

    # A few units' own lectures (not counted by a seed figure; plausible lists).
    lecture_orgs = rng.sample(ctx.branches, min(len(ctx.branches), ctx.scaled(24)))
    for i, org in enumerate(lecture_orgs):
        ev = _event(
            ctx,
            K.LECTURE,
            rng.choice(["学习贯彻党的二十大精神专题讲座", "党史学习教育报告会", "廉政教育讲座"]),
            dt.date(y, 1 + i % 12, 5 + i % 20),
            org=org,
            place="本单位会议室",
        )
        events.append(ev)
        own = [p.pk for p, _s in ctx.members_by_branch.get(org.pk, [])]
        picked = rng.sample(own, min(len(own), rng.randint(8, 30)))
        where = placements(picked, ev.activity.first_day)
        rows.extend(_row(ev.activity, where[pid], person_id=pid) for pid in picked if where[pid].path)

    Participation.objects.bulk_create(rows, batch_size=900)
    took = [r for r in skill_rows if r.status == P.PRESENT]
    rng.shuffle(took)
    awards = ["一等奖"] * 5 + ["二等奖"] * 10 + ["三等奖"] * 15
    CompetitionResult.objects.bulk_create(
        [
            CompetitionResult(
                event=skills,
                participation=r,
                rank=i + 1,
                award=award,
                item=rng.choice(["公文写作", "信息化应用", "政策法规知识"]),
            )
            for i, (r, award) in enumerate(zip(took, awards, strict=False))
        ]
    )
    ctx.counts.update({"events": len(events), "event_participation": len(rows), "film_viewings": viewings})
