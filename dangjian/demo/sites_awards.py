"""Demonstration sites, selections and awards, and conduct complaints of the demo year.

Seed figures (seed-2023-figures.yaml) at scale 1, exact by construction: the year's review revokes
exactly SITES_REVOKED sites named in the three years before, SITES_SELECTED branches are newly named
in the year and SITES_PROVINCIAL named sites are recommended to the provincial level; the
civilized-unit selection recommends CIVILIZED_CANDIDATES units; the labour and youth selections
award exactly the collectives and individuals of the seed (other nominations are not selected).
Around them: older sites kept by the review, applications still being evaluated or turned down,
a civilized-office selection, and the year's complaints (some handed over late, some still open).

The random draws come from this stage's own stream (`{seed}:sites_awards`), so the stages before it
are not disturbed. No timeline rows are generated: the records carry their step dates, and
`dangjian demo --reset` on PostgreSQL cannot delete append-only rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random

from dangjian.accounts.models import User
from dangjian.awards.enums import NominationStatus, NomineeKind, SelectionKind
from dangjian.awards.models import Nomination, Selection
from dangjian.complaints import rules as complaint_rules
from dangjian.complaints.enums import ComplaintCategory, ComplaintStatus
from dangjian.complaints.models import Complaint
from dangjian.core import crypto
from dangjian.core.demo import demo_stage
from dangjian.core.workdays import Calendar
from dangjian.demo.builder import Context
from dangjian.people.enums import MembershipStatus
from dangjian.sites.enums import SiteOrigin, SiteStatus
from dangjian.sites.models import DemoSite

SITES_REVOKED = 96
SITES_SELECTED = 100
SITES_PROVINCIAL = 30
SITES_KEPT = 180  # named before the year and kept by its review
SITES_PENDING = 25  # applications of the year still being evaluated
SITES_REJECTED = 20
CIVILIZED_CANDIDATES = 13
LABOUR = (3, 9)  # collectives, individuals awarded
YOUTH = (4, 4)
COMPLAINTS = 60


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max((end - start).days, 0)))


def _sites(ctx: Context, rng: random.Random) -> int:
    y = ctx.year
    n_rev, n_sel, n_prov = ctx.scaled(SITES_REVOKED), ctx.scaled(SITES_SELECTED), ctx.scaled(SITES_PROVINCIAL)
    n_kept, n_pend, n_rej = ctx.scaled(SITES_KEPT), ctx.scaled(SITES_PENDING), ctx.scaled(SITES_REJECTED)
    branches = [b for b in ctx.branches if not getattr(b, "demo_retiree", False)] or list(ctx.branches)
    wanted = n_rev + n_sel + n_kept + n_pend + n_rej
    picked = rng.sample(branches, min(wanted, len(branches)))
    rows: list[DemoSite] = []

    def site(branch, **kw) -> DemoSite:
        row = DemoSite(
            organization_id=branch.pk,
            unit_id=branch.unit_id,
            root=ctx.root,
            origin=SiteOrigin.APPLIED if rng.random() < 0.7 else SiteOrigin.NOMINATED,
            statement="围绕“五个基本”规范化建设，组织生活制度健全，党员作用发挥明显。",
            **kw,
        )
        rows.append(row)
        return row

    it = iter(picked)
    review = (dt.date(y, 3, 1), dt.date(y, 6, 30))
    older: list[DemoSite] = []
    for _ in range(n_rev):  # named in the three years before, revoked by the year's review
        b = next(it, None)
        if b is None:
            break
        named = _day(rng, dt.date(y - 3, 5, 1), dt.date(y - 1, 11, 30))
        on = _day(rng, *review)
        site(
            b,
            status=SiteStatus.REVOKED,
            year=named.year,
            proposed_on=named - dt.timedelta(days=rng.randint(60, 120)),
            evaluated_on=named - dt.timedelta(days=rng.randint(20, 50)),
            named_on=named,
            valid_until=dt.date(named.year + 3, named.month, 1) - dt.timedelta(days=1),
            last_reviewed_on=on,
            revoked_on=on,
            revoke_reason=rng.choice(
                ["作用发挥弱化，组织生活不规范", "支部班子调整后工作滑坡", "核查发现“三会一课”落实不到位"]
            ),
        )
    for _ in range(n_kept):
        b = next(it, None)
        if b is None:
            break
        named = _day(rng, dt.date(y - 3, 5, 1), dt.date(y - 1, 11, 30))
        older.append(
            site(
                b,
                status=SiteStatus.NAMED,
                year=named.year,
                proposed_on=named - dt.timedelta(days=rng.randint(60, 120)),
                evaluated_on=named - dt.timedelta(days=rng.randint(20, 50)),
                named_on=named,
                valid_until=dt.date(named.year + 3, named.month, 1) - dt.timedelta(days=1),
                last_reviewed_on=_day(rng, *review),
            )
        )
    new: list[DemoSite] = []
    for _ in range(n_sel):
        b = next(it, None)
        if b is None:
            break
        named = _day(rng, dt.date(y, 6, 1), dt.date(y, 9, 30))
        new.append(
            site(
                b,
                status=SiteStatus.NAMED,
                year=y,
                proposed_on=named - dt.timedelta(days=rng.randint(60, 120)),
                evaluated_on=named - dt.timedelta(days=rng.randint(20, 50)),
                named_on=named,
                valid_until=dt.date(y + 3, named.month, 1) - dt.timedelta(days=1),
            )
        )
    for status, n in ((SiteStatus.EVALUATING, n_pend), (SiteStatus.REJECTED, n_rej)):
        for _ in range(n):
            b = next(it, None)
            if b is None:
                break
            proposed = _day(rng, dt.date(y, 3, 1), dt.date(y, 10, 31))
            site(
                b,
                status=status,
                year=y,
                proposed_on=proposed,
                evaluated_on=proposed + dt.timedelta(days=rng.randint(10, 30)),
            )
    # The provincial recommendations of the year: from the sites still named, in December.
    for s in rng.sample(older + new, min(n_prov, len(older) + len(new))):
        s.provincial_on = _day(rng, dt.date(y, 11, 1), dt.date(y, 12, 20))
    DemoSite.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _nominations(ctx: Context, rng: random.Random) -> int:
    y = ctx.year
    rows: list[Nomination] = []
    units = [u for u in ctx.units if u.name in ctx.organ_committees]
    branches = [b for b in ctx.branches if ctx.members_by_branch.get(b.pk)]

    def selection(name, kind, collective, individual) -> Selection:
        return Selection.objects.create(
            name=name,
            kind=kind,
            year=y,
            collective_quota=collective,
            individual_quota=individual,
            nomination_deadline=dt.date(y, 3, 31),
            organization=ctx.root,
            root=ctx.root,
        )

    def nominate(sel, kind, name, unit_id, org, *, person_id=None, steps=0, not_selected=False):
        nominated = _day(rng, dt.date(y, 2, 1), dt.date(y, 3, 31))
        dates = {}
        status = NominationStatus.NOMINATED
        for i, (field, st) in enumerate(
            [
                ("recommended_on", NominationStatus.RECOMMENDED),
                ("decided_on", NominationStatus.DECIDED),
                ("awarded_on", NominationStatus.AWARDED),
            ][:steps]
        ):
            dates[field] = nominated + dt.timedelta(days=30 + 30 * i + rng.randint(0, 20))
            status = st
        if not_selected:
            status = NominationStatus.NOT_SELECTED
        rows.append(
            Nomination(
                selection=sel,
                nominee_kind=kind,
                is_collective=kind != NomineeKind.PERSON,
                name=name[:100],
                unit_id=unit_id,
                nominee_org=org if kind == NomineeKind.ORGANIZATION else None,
                person_id=person_id,
                organization=org,
                root=ctx.root,
                citation="事迹突出，群众公认。",
                status=status,
                nominated_on=nominated,
                **dates,
            )
        )

    # 文明单位: the candidates recommended, the other nominees not recommended.
    n_cand = ctx.scaled(CIVILIZED_CANDIDATES)
    civ = selection("全省文明单位", SelectionKind.CIVILIZED_UNIT, n_cand, 0)
    for i, u in enumerate(rng.sample(units, min(len(units), n_cand + ctx.scaled(5)))):
        oc = ctx.organ_committees[u.name]
        nominate(
            civ, NomineeKind.UNIT, u.name, u.pk, oc, steps=1 if i < n_cand else 0, not_selected=i >= n_cand
        )
    # 文明处室.
    office = selection("省直机关文明处室", SelectionKind.CIVILIZED_OFFICE, ctx.scaled(5), 0)
    for i, u in enumerate(rng.sample(units, min(len(units), ctx.scaled(8)))):
        oc = ctx.organ_committees[u.name]
        name = f"{u.name}{rng.choice(['办公室', '综合处', '人事处', '财务处', '法规处'])}"
        nominate(
            office,
            NomineeKind.OFFICE,
            name,
            u.pk,
            oc,
            steps=3 if i < ctx.scaled(5) else 1,
            not_selected=i >= ctx.scaled(5),
        )
    # 五一劳动奖和工人先锋号; 青年五四奖章和两红两优一先.
    for title, kind, (n_coll, n_ind) in (
        ("辽宁五一劳动奖和工人先锋号", SelectionKind.LABOUR, LABOUR),
        ("辽宁青年五四奖章和省“两红两优一先”", SelectionKind.YOUTH, YOUTH),
    ):
        n_coll, n_ind = ctx.scaled(n_coll), ctx.scaled(n_ind)
        sel = selection(title, kind, n_coll, n_ind)
        extra_c, extra_i = ctx.scaled(3), ctx.scaled(5)
        for i, b in enumerate(rng.sample(branches, min(len(branches), n_coll + extra_c))):
            nominate(
                sel,
                NomineeKind.ORGANIZATION,
                b.name,
                b.unit_id,
                b,
                steps=3 if i < n_coll else 1,
                not_selected=i >= n_coll,
            )
        for i, b in enumerate(rng.sample(branches, min(len(branches), n_ind + extra_i))):
            full = [p for p, status in ctx.members_by_branch[b.pk] if status == MembershipStatus.FULL]
            person = rng.choice(full or [p for p, _ in ctx.members_by_branch[b.pk]])
            nominate(
                sel,
                NomineeKind.PERSON,
                person.name,
                b.unit_id,
                b,
                person_id=person.pk,
                steps=3 if i < n_ind else 1,
                not_selected=i >= n_ind,
            )
    Nomination.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


SUBJECTS = [
    ("窗口办事推诿扯皮", ComplaintCategory.ATTITUDE),
    ("检查考核过多过频", ComplaintCategory.FORMALISM),
    ("违规使用公车", ComplaintCategory.HEDONISM),
    ("群众诉求长期不办理", ComplaintCategory.INACTION),
    ("违规收受礼品", ComplaintCategory.INTEGRITY),
    ("工作日午间饮酒", ComplaintCategory.HEDONISM),
]


def _complaints(ctx: Context, rng: random.Random) -> int:
    y = ctx.year
    cal = Calendar.load()
    inspector = User.objects.filter(username="demo-discipline").first()
    handlers = [ctx.organ_committees[u.name] for u in ctx.units if u.name in ctx.organ_committees]
    unit_names = {u.pk: u.name for u in [*ctx.units, *ctx.subunits]}
    rows: list[Complaint] = []
    for i in range(ctx.scaled(COMPLAINTS)):
        received = _day(rng, dt.date(y, 1, 3), dt.date(y, 12, 20))
        title, category = rng.choice(SUBJECTS)
        unit = rng.choice(handlers)
        named = rng.random() < 0.4
        roll = rng.random()
        c = Complaint(
            code_hash=hashlib.sha256(f"{ctx.seed}:complaint:{i}:{rng.random()}".encode()).hexdigest(),
            organization=ctx.root,
            root=ctx.root,
            is_named=named,
            reporter_name=crypto.encrypt(f"举报人{i + 1}") if named else "",
            reporter_phone=crypto.encrypt(f"139{rng.randint(10000000, 99999999)}") if named else "",
            title=title,
            subject=f"{unit_names.get(unit.unit_id, '')}工作人员"[:100],
            subject_unit=unit_names.get(unit.unit_id, "")[:100],
            content=f"反映{title}问题，时间地点如下：……（演示数据）",
            category=category if roll > 0.05 else "",
            received_on=received,
            handover_due=complaint_rules.handover_due(received, cal),
            acknowledge_due=complaint_rules.acknowledge_due(received, cal) if named else None,
            close_due=complaint_rules.close_due(received),
            status=ComplaintStatus.SUBMITTED,
        )
        if roll > 0.05:  # registered
            c.status, c.registered_on, c.inspector = (
                ComplaintStatus.REGISTERED,
                received + dt.timedelta(days=1),
                inspector,
            )
            c.acknowledged_on = c.registered_on if named else None
        if roll > 0.15:  # handed over, one in ten late
            late = rng.random() < 0.1
            handed = cal.add_working_days(received, rng.randint(6, 9) if late else rng.randint(1, 5))
            c.handed_over_on, c.status, c.handler = handed, ComplaintStatus.HANDED_OVER, unit
            if roll > 0.3:  # replied and closed
                replied = handed + dt.timedelta(days=rng.randint(10, 40))
                c.replied_on, c.status = replied, ComplaintStatus.REPLIED
                c.reply = "经调查核实，已责成相关处室整改并对责任人进行批评教育。"
                if roll > 0.4:
                    closed = replied + dt.timedelta(days=rng.randint(1, 10))
                    c.closed_on, c.status = closed, ComplaintStatus.CLOSED
                    c.result = "经核查，反映问题部分属实，已督促整改。"
                    c.result_due = cal.add_working_days(closed, 15) if named else None
        if c.closed_on and c.closed_on > dt.date(y, 12, 31):
            c.closed_on, c.status, c.result, c.result_due = None, ComplaintStatus.REPLIED, "", None
        if c.replied_on and c.replied_on > dt.date(y, 12, 31):
            c.replied_on, c.status, c.reply = None, ComplaintStatus.HANDED_OVER, ""
        rows.append(c)
    Complaint.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


@demo_stage(
    "sites_awards",
    order=110,
    label="示范点、评选表彰与作风问题举报",
    steps={
        "sites_awards.sites": "示范点",
        "sites_awards.awards": "评选表彰",
        "sites_awards.complaints": "作风问题举报",
    },
    counts=[("demo_sites", "示范点"), ("nominations", "评选推荐对象"), ("complaints", "作风问题举报")],
)
def build(ctx: Context) -> None:
    rng = random.Random(f"{ctx.seed}:sites_awards")
    with ctx.step("sites_awards.sites"):
        ctx.counts["demo_sites"] = _sites(ctx, rng)
    with ctx.step("sites_awards.awards"):
        ctx.counts["nominations"] = _nominations(ctx, rng)
    with ctx.step("sites_awards.complaints"):
        ctx.counts["complaints"] = _complaints(ctx, rng)
