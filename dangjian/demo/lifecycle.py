"""The member lifecycle of the demo year: transfers of organisational relationship, the 50-years
medal, care and condolence payments, and party fees. Each stage draws from its own random stream,
so it neither changes nor depends on the draws of the others (the moves do change the rosters the
meetings stage then draws attendance for).

- moves (before the meetings stage, so the year's rosters and attendance follow them): more moves
  between branches of one unit, spread over the year's months, so that with the people stage's
  moves and transfers out the completed transfers of the year come to exactly TRANSFERS (seed:
  完成3005名党员组织关系转接).
- transfers: every move between branches of the year and every member the people stage marked
  已转出 becomes a completed transfer record; a few more are still pending at the year's end, some
  were returned or withdrawn.
- care: exactly MEDAL_RECIPIENTS medals in MEDAL_UNITS units (seed: 组织85个单位 向410名老党员发放纪念章)
  among the eligible members, and condolence payments summing to CONDOLENCE_YUAN (划拨慰问金220.8万元).
- fees: the year's base and fee for every party member and a payment row per month paid (a few
  months unpaid, some paid by the quarter or back-paid), written by the fast path (core.bulk).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from dangjian.accounts.models import User
from dangjian.care import rules as medal_rules
from dangjian.care.enums import CareKind
from dangjian.care.models import CareRecord, MedalAward
from dangjian.core.demo import demo_stage
from dangjian.core.workdays import add_months
from dangjian.demo.builder import Context, insert_rows, next_id
from dangjian.demo.meetings import _allocate, holidays
from dangjian.fees import rules as fee_rules
from dangjian.fees import tally as fee_tally
from dangjian.fees.enums import FeeCategory
from dangjian.fees.models import FeeBase, FeePayment
from dangjian.organizations.enums import OrgKind
from dangjian.people.enums import PARTY_MEMBER_STATUSES, MembershipStatus, PersonCategory
from dangjian.people.models import CadrePost, Membership, MembershipPeriod, Person
from dangjian.transfers.enums import TransferKind, TransferStatus
from dangjian.transfers.models import Transfer, TransferEvent

TRANSFERS = 3005
PENDING, RETURNED, CANCELLED, OUT_PENDING = 37, 11, 6, 9
MEDAL_UNITS, MEDAL_RECIPIENTS = 85, 410
CONDOLENCE_YUAN = 2_208_000
CONDOLENCE_PAYMENTS = 520
VISITS = 640
MOVE_REASON = "组织关系转接"
# Relative number of moves between branches per month, January to December: few around the
# Spring Festival and at the year's end, more after the spring personnel adjustments and in the
# summer and autumn rotations.
MOVE_MONTHS = (3, 5, 11, 11, 9, 10, 11, 8, 10, 9, 8, 5)
OUTSIDE_ORGS = [
    "中共北京市海淀区委组织部",
    "中共上海市浦东新区委组织部",
    "中共广东省深圳市南山区委组织部",
    "中共吉林省长春市委组织部",
    "中共黑龙江省哈尔滨市南岗区委组织部",
    "中共山东省青岛市市南区委组织部",
    "中共江苏省南京市鼓楼区委组织部",
    "中共天津市和平区委组织部",
    "中共浙江省杭州市西湖区委组织部",
    "中共河北省石家庄市长安区委组织部",
]
RETURN_NOTES = [
    "介绍信信息与档案不一致，请核对后重新办理",
    "党费交纳证明缺失，请补充",
    "接收支部有误，应转入本单位第二党支部",
]


def _stream(ctx: Context, name: str) -> random.Random:
    return random.Random(f"{ctx.seed}:{name}")


def _rand_date(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    return lo if hi <= lo else lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))


# --- transfers -------------------------------------------------------------------------------------


class TransferBuilder:
    def __init__(self, ctx: Context, stream: str = "transfers"):
        self.ctx, self.rng, self.y = ctx, _stream(ctx, stream), ctx.year
        self.start, self.end = dt.date(self.y, 1, 1), dt.date(self.y, 12, 31)
        self.off = holidays(self.y)
        self.transfers: list[dict] = []
        self.events: list[list[tuple]] = []
        self.busy: set[int] = set()  # people with a transfer this year
        self.letter_seq = 0

    def add(
        self,
        *,
        person_id,
        kind,
        status,
        from_org,
        to_org,
        started,
        closed,
        external="",
        receipt=None,
        valid_days=None,
        note="",
    ) -> None:
        letter = ""
        if kind == TransferKind.OUT:
            self.letter_seq += 1
            letter = f"{started.year}-{self.letter_seq:05d}"
        due = (
            started + dt.timedelta(days=(valid_days or 30) - 1)
            if kind == TransferKind.OUT
            else add_months(started, 1)
        )
        self.transfers.append(
            {
                "person_id": person_id,
                "kind": kind,
                "status": status,
                "from_org_id": from_org,
                "to_org_id": to_org,
                "external_org": external,
                "root_id": self.ctx.root.pk,
                "reason": "工作调动" if kind != TransferKind.OUT else "调出本省",
                "started_on": started,
                "due_on": due,
                "closed_on": closed,
                "letter_no": letter,
                "valid_days": valid_days,
                "receipt_on": receipt,
                "created_by_id": None,
            }
        )
        self.busy.add(person_id)
        steps = [("start", "", TransferStatus.PENDING, started, "")]
        if status != TransferStatus.PENDING:
            name = {TransferStatus.RETURNED: "return", TransferStatus.CANCELLED: "cancel"}.get(
                status, "receipt" if kind == TransferKind.OUT else "accept"
            )
            steps.append((name, TransferStatus.PENDING, status, closed, note))
        self.events.append(steps)

    def existing_moves(self) -> list[tuple]:
        """(person, from org, to org, day) of the year's moves the people stage wrote."""
        moves = list(
            MembershipPeriod.objects.filter(
                reason=MOVE_REASON, valid_from__gte=self.start, valid_from__lte=self.end
            )
            .order_by("id")
            .values_list("person_id", "organization_id", "valid_from")
        )
        before = {
            (p, d): o
            for p, o, d in MembershipPeriod.objects.filter(
                person_id__in=[m[0] for m in moves], valid_to__gte=self.start, valid_to__lte=self.end
            )
            .exclude(reason=MOVE_REASON)
            .values_list("person_id", "organization_id", "valid_to")
        }
        return [(p, before[(p, d)], o, d) for p, o, d in moves if (p, d) in before and before[(p, d)] != o]

    def outs(self) -> list[tuple]:
        """(person, organisation, day) of the members the people stage marked 已转出 this year."""
        return list(
            Membership.objects.filter(
                status=MembershipStatus.TRANSFERRED_OUT, left_on__gte=self.start, left_on__lte=self.end
            )
            .order_by("id")
            .values_list("person_id", "person__organization_id", "left_on")
        )

    def run(self) -> int:
        """Every move of the year (the people stage's and new_moves') and every transfer out become
        completed transfers, up to the target; returns how many."""
        ctx, rng = self.ctx, self.rng
        target = ctx.scaled(TRANSFERS)
        moves = self.existing_moves()
        outs = self.outs()
        done = 0
        for person_id, old, new, day in moves:
            if done >= target:
                break
            self.add(
                person_id=person_id,
                kind=TransferKind.WITHIN,
                status=TransferStatus.COMPLETED,
                from_org=old,
                to_org=new,
                started=day - dt.timedelta(days=rng.randint(2, 20)),
                closed=day,
            )
            done += 1
        for person_id, org, day in outs:
            if done >= target:
                break
            if day is None:
                continue
            started = max(self.start, day - dt.timedelta(days=rng.randint(5, 25)))
            self.add(
                person_id=person_id,
                kind=TransferKind.OUT,
                status=TransferStatus.COMPLETED,
                from_org=org,
                to_org=None,
                started=started,
                closed=day,
                receipt=day,
                valid_days=rng.choice((30, 30, 60, 90)),
                external=rng.choice(OUTSIDE_ORGS),
            )
            done += 1
        return done

    def candidates(self) -> tuple[list[tuple], dict[int, list[int]]]:
        """Rank-and-file members of in-service branches (no post, no account) and the in-service
        branches of each unit."""
        branches = [b for b in self.ctx.branches if not getattr(b, "demo_retiree", False)]
        by_unit: dict[int, list[int]] = {}
        for b in branches:
            by_unit.setdefault(b.unit_id, []).append(b.pk)
        excluded = (
            set(CadrePost.objects.values_list("person_id", flat=True))
            | set(User.objects.filter(person__isnull=False).values_list("person_id", flat=True))
            | set(MembershipPeriod.objects.filter(reason=MOVE_REASON).values_list("person_id", flat=True))
        )
        branch_ids = {b.pk for b in branches}
        rows = [
            r
            for r in Person.objects.filter(
                membership__status=MembershipStatus.FULL, organization_id__in=branch_ids
            )
            .order_by("id")
            .values_list("id", "organization_id", "unit_id")
            if r[0] not in excluded and r[0] not in self.busy
        ]
        return rows, by_unit

    def new_moves(self) -> list[tuple]:
        """The moves between two branches of one unit that, with the people stage's moves and the
        transfers out, make the year's completed transfers TRANSFERS: written as the people stage
        writes its moves (the open period closes on the move day, the next opens on it, the person's
        organisation changes), before the meetings stage, so every roster of the year follows the
        move (run() later turns each into a completed transfer). The days spread over the year by
        MOVE_MONTHS, on working days."""
        moves_made = len(self.existing_moves())
        target = self.ctx.scaled(TRANSFERS)
        n = target - min(target, moves_made)
        n -= min(n, len(self.outs()))
        if n <= 0:
            return []
        rng = self.rng
        rows, by_unit = self.candidates()
        rows = [r for r in rows if len(by_unit.get(self.ctx_branch_unit(r[1]), [])) > 1]
        opened = dict(
            MembershipPeriod.objects.filter(valid_to__isnull=True)
            .order_by("id")
            .values_list("person_id", "valid_from")
        )
        branch = {b.pk: b for b in self.ctx.branches}
        moves: list[tuple[int, int, int, dt.date]] = []
        for person_id, org, _unit in rng.sample(rows, len(rows)):
            if len(moves) >= n:
                break
            new = branch[rng.choice([b for b in by_unit[self.ctx_branch_unit(org)] if b != org])]
            since = max(opened.get(person_id, self.start), new.established_on or self.start)
            day = self.move_day(since + dt.timedelta(days=1))
            if day is None or (new.dissolved_on and new.dissolved_on <= day):
                continue
            moves.append((person_id, org, new.pk, day))
        moves.sort()
        self.write_moves(moves)
        return moves

    def move_day(self, lo: dt.date) -> dt.date | None:
        """A working day of a month drawn by MOVE_MONTHS, not before `lo` (redrawn up to the year's
        last weeks when the month is too early); None when `lo` leaves no room."""
        last = dt.date(self.y, 12, 28)
        lo = max(lo, dt.date(self.y, 1, 9))
        if lo > last:
            return None
        month = self.rng.choices(range(1, 13), weights=MOVE_MONTHS)[0]
        first = max(lo, dt.date(self.y, month, 1))
        end = min(last, add_months(dt.date(self.y, month, 1), 1) - dt.timedelta(days=1))
        day = _rand_date(self.rng, first, end) if first <= end else _rand_date(self.rng, lo, last)
        while day.weekday() >= 5 or day in self.off:
            day += dt.timedelta(days=1)
        return day if day <= dt.date(self.y, 12, 29) else None

    def write_moves(self, moves: list[tuple[int, int, int, dt.date]]) -> None:
        open_periods = {
            p.person_id: p
            for p in MembershipPeriod.objects.filter(
                person_id__in=[m[0] for m in moves], valid_to__isnull=True
            )
        }
        new_periods, changed = [], []
        first = next_id(MembershipPeriod)
        for i, (person_id, _old, new, day) in enumerate(moves):
            period = open_periods[person_id]
            period.valid_to = day
            changed.append(period)
            new_periods.append(
                {
                    "id": first + i,
                    "person_id": person_id,
                    "organization_id": new,
                    "status": period.status,
                    "valid_from": day,
                    "valid_to": None,
                    "reason": MOVE_REASON,
                }
            )
        MembershipPeriod.objects.bulk_update(changed, ["valid_to"], batch_size=500)
        insert_rows(MembershipPeriod, new_periods)
        people = list(Person.objects.filter(pk__in=[m[0] for m in moves]))
        dest = {m[0]: m[2] for m in moves}
        for p in people:
            p.organization_id = dest[p.pk]
        Person.objects.bulk_update(people, ["organization"], batch_size=500)
        # the later stages draw members from ctx.members_by_branch: list them in the new branch
        by_branch = self.ctx.members_by_branch
        for person_id, old, new, _day in moves:
            entries = by_branch.get(old, [])
            for k, entry in enumerate(entries):
                if entry[0].pk == person_id:
                    by_branch.setdefault(new, []).append(entries.pop(k))
                    break

    def ctx_branch_unit(self, org_id: int) -> int:
        if not hasattr(self, "_unit_of"):
            self._unit_of = {b.pk: b.unit_id for b in self.ctx.branches}
        return self._unit_of.get(org_id, -1)

    def open_cases(self) -> None:
        """Transfers still pending at the year's end, and some returned or withdrawn."""
        rng = self.rng
        rows, by_unit = self.candidates()
        need = sum(self.ctx.scaled(n, minimum=0) for n in (PENDING, RETURNED, CANCELLED, OUT_PENDING))
        picked = rng.sample(rows, min(need, len(rows)))
        branches = [b.pk for b in self.ctx.branches if not getattr(b, "demo_retiree", False)]
        plan = (
            [(TransferStatus.PENDING, TransferKind.WITHIN)] * self.ctx.scaled(PENDING, minimum=0)
            + [(TransferStatus.RETURNED, TransferKind.WITHIN)] * self.ctx.scaled(RETURNED, minimum=0)
            + [(TransferStatus.CANCELLED, TransferKind.WITHIN)] * self.ctx.scaled(CANCELLED, minimum=0)
            + [(TransferStatus.PENDING, TransferKind.OUT)] * self.ctx.scaled(OUT_PENDING, minimum=0)
        )
        for (person_id, org, _unit), (status, kind) in zip(picked, plan, strict=False):
            if kind == TransferKind.OUT:
                started = _rand_date(rng, dt.date(self.y, 11, 20), dt.date(self.y, 12, 28))
                self.add(
                    person_id=person_id,
                    kind=kind,
                    status=status,
                    from_org=org,
                    to_org=None,
                    started=started,
                    closed=None,
                    valid_days=30,
                    external=rng.choice(OUTSIDE_ORGS),
                )
                continue
            same = [b for b in by_unit.get(self.ctx_branch_unit(org), []) if b != org]
            new = (
                rng.choice(same)
                if same and rng.random() < 0.6
                else rng.choice([b for b in branches if b != org])
            )
            if status == TransferStatus.PENDING:
                started = _rand_date(rng, dt.date(self.y, 11, 1), dt.date(self.y, 12, 28))
                closed = None
            else:
                started = _rand_date(rng, dt.date(self.y, 3, 1), dt.date(self.y, 11, 30))
                closed = started + dt.timedelta(days=rng.randint(3, 20))
            note = rng.choice(RETURN_NOTES) if status == TransferStatus.RETURNED else ""
            self.add(
                person_id=person_id,
                kind=kind,
                status=status,
                from_org=org,
                to_org=new,
                started=started,
                closed=closed,
                note=note,
            )

    def save(self) -> None:
        first = next_id(Transfer)
        for i, t in enumerate(self.transfers):
            t["id"] = first + i
        insert_rows(Transfer, self.transfers)
        first_event = next_id(TransferEvent)
        events: list[dict] = []
        for t, steps in zip(self.transfers, self.events, strict=True):
            for name, src, dst, day, note in steps:
                events.append(
                    {
                        "id": first_event + len(events),
                        "transfer_id": t["id"],
                        "transition": name,
                        "from_state": src,
                        "to_state": dst,
                        "actor_id": None,
                        "at": dt.datetime(day.year, day.month, day.day, 9, 30, tzinfo=dt.UTC),
                        "note": note,
                        "data": {},
                    }
                )
        insert_rows(TransferEvent, events)


@demo_stage("moves", order=35, label="支部间组织关系转接", counts=[("moves", "支部间转接（名）")])
def build_moves(ctx: Context) -> None:
    """Before the meetings stage, so the year's rosters and attendance follow the moves."""
    ctx.counts["moves"] = len(TransferBuilder(ctx, stream="moves").new_moves())


@demo_stage(
    "transfers",
    order=130,
    label="组织关系转接",
    counts=[("transfers_completed", "完成组织关系转接"), ("transfers_open", "办理中/退回/撤回")],
)
def build_transfers(ctx: Context) -> None:
    b = TransferBuilder(ctx)
    completed = b.run()
    b.open_cases()
    b.save()
    ctx.counts["transfers_completed"] = completed
    ctx.counts["transfers_open"] = len(b.transfers) - completed


# --- medals and care ------------------------------------------------------------------------------


def _medals(ctx: Context, rng: random.Random) -> list[MedalAward]:
    y = ctx.year
    rows = list(
        Person.objects.filter(
            membership__status=MembershipStatus.FULL, membership__full_on__lte=medal_rules.latest_full_on(y)
        )
        .order_by("id")
        .values_list("id", "unit_id", "organization_id", "membership__full_on")
    )
    by_unit: dict[int, list[tuple]] = {}
    for r in rows:
        by_unit.setdefault(r[1], []).append(r)
    units = sorted(by_unit)
    n_units = min(ctx.scaled(MEDAL_UNITS), len(units))
    chosen = sorted(rng.sample(units, n_units))
    n_people = min(ctx.scaled(MEDAL_RECIPIENTS), sum(len(by_unit[u]) for u in chosen))
    split = _allocate(
        n_people,
        [len(by_unit[u]) * rng.uniform(0.5, 1.5) for u in chosen],
        caps=[len(by_unit[u]) for u in chosen],
    )
    out = []
    for u, k in zip(chosen, split, strict=True):
        day = _rand_date(rng, dt.date(y, 6, 12), dt.date(y, 6, 30))
        for pid, unit_id, org, full_on in rng.sample(by_unit[u], min(k, len(by_unit[u]))):
            out.append(
                MedalAward(
                    person_id=pid,
                    year=y,
                    awarded_on=day,
                    unit_id=unit_id,
                    organization_id=org,
                    root=ctx.root,
                    full_on=full_on,
                    note="七一前夕集中颁发",
                )
            )
    return out


CONDOLENCE_REASONS = [
    (1, 2, "春节走访慰问生活困难党员"),
    (6, 7, "“七一”走访慰问老党员"),
    (1, 12, "生病住院慰问"),
    (1, 12, "因病致困帮扶慰问"),
    (1, 12, "党员去世家属慰问"),
    (8, 9, "受灾党员慰问"),
]
VISIT_REASONS = [
    "节日走访看望老党员",
    "看望生病住院党员",
    "上门送学、走访谈心",
    "走访慰问老党员（送纪念章上门）",
]


def _care(ctx: Context, rng: random.Random) -> list[CareRecord]:
    y = ctx.year
    people = list(
        Person.objects.filter(membership__status__in=[*PARTY_MEMBER_STATUSES, MembershipStatus.DECEASED])
        .order_by("-birth_date", "id")
        .values_list("id", "name", "unit_id", "organization_id", "category")[
            :: max(1, int(8 / max(ctx.scale, 0.01)))
        ]
    )
    elderly = [p for p in people if p[4] == PersonCategory.RETIRED] or people
    total = ctx.scaled(CONDOLENCE_YUAN, minimum=0)
    n = max(1, ctx.scaled(CONDOLENCE_PAYMENTS))
    hundreds = _allocate(total // 100, [rng.choice((1, 1, 2, 3, 5, 8, 20)) for _ in range(n)], minimum=1)
    hundreds[0] += 0
    out = []
    for i, h in enumerate(hundreds):
        pid, name, unit_id, org, _cat = rng.choice(elderly if rng.random() < 0.7 else people)
        lo, hi, reason = rng.choice(CONDOLENCE_REASONS)
        amount = Decimal(h * 100 + (total % 100 if i == 0 else 0))
        out.append(
            CareRecord(
                kind=CareKind.CONDOLENCE,
                person_id=pid,
                recipient=name,
                amount=amount,
                reason=reason,
                on=_rand_date(rng, dt.date(y, lo, 1), dt.date(y, hi, 28)),
                unit_id=unit_id,
                organization_id=org,
                root=ctx.root,
            )
        )
    for _ in range(ctx.scaled(VISITS, minimum=0)):
        pid, name, unit_id, org, _cat = rng.choice(elderly)
        out.append(
            CareRecord(
                kind=CareKind.VISIT,
                person_id=pid,
                recipient=name,
                amount=Decimal(0),
                reason=rng.choice(VISIT_REASONS),
                on=_rand_date(rng, dt.date(y, 1, 5), dt.date(y, 12, 25)),
                unit_id=unit_id,
                organization_id=org,
                root=ctx.root,
            )
        )
    return out


@demo_stage(
    "care",
    order=131,
    label="纪念章与关爱帮扶",
    counts=[
        ("medal_recipients", "颁发纪念章"),
        ("medal_units", "颁发纪念章单位"),
        ("condolence_yuan", "慰问金（元）"),
    ],
)
def build_care(ctx: Context) -> None:
    rng = _stream(ctx, "care")
    medals = _medals(ctx, rng)
    MedalAward.objects.bulk_create(medals, batch_size=2000)
    care = _care(ctx, rng)
    CareRecord.objects.bulk_create(care, batch_size=2000)
    ctx.counts["medal_recipients"] = len(medals)
    ctx.counts["medal_units"] = len({m.unit_id for m in medals})
    ctx.counts["condolence_yuan"] = int(sum(c.amount for c in care if c.kind == CareKind.CONDOLENCE))


# --- fees ---------------------------------------------------------------------------------------------


def _base(rng: random.Random, category: str, position: str) -> tuple[str, Decimal]:
    if category == PersonCategory.RETIRED:
        return FeeCategory.RETIRED, Decimal(rng.randrange(3600, 8200, 10))
    senior = any(k in position for k in ("厅", "局长", "处长", "巡视员", "主任"))
    lo, hi = (9000, 16000) if senior else (4200, 10500)
    return FeeCategory.SALARIED, Decimal(rng.randrange(lo, hi, 10))


@demo_stage(
    "fees",
    order=132,
    label="党费",
    steps={"fees.generate": "生成党费记录", "fees.insert": "写入党费记录"},
    counts=[("fee_bases", "党费基数"), ("fee_payments", "党费交纳（月）")],
)
def build_fees(ctx: Context) -> None:
    rng, y = _stream(ctx, "fees"), ctx.year
    root = ctx.root.pk
    fee_of: dict[tuple, Decimal] = {}
    members = list(
        Person.objects.filter(
            membership__status__in=PARTY_MEMBER_STATUSES,
            organization__kind__in=[
                OrgKind.BRANCH,
                OrgKind.GENERAL_BRANCH,
                OrgKind.ORGAN_COMMITTEE,
                OrgKind.WORKING_COMMITTEE,
            ],
        )
        .order_by("id")
        .values_list("id", "organization_id", "category", "position", "membership__admitted_on")
    )
    with ctx.step("fees.generate"):
        bases, payments = [], []
        b_id, p_id = next_id(FeeBase), next_id(FeePayment)
        declared = dt.date(y, 1, 10)
        for pid, org, category, position, admitted in members:
            cat, base = _base(rng, category, position or "")
            key = (cat, base)
            fee = fee_of.get(key)
            if fee is None:
                fee = fee_of[key] = fee_rules.monthly_fee(cat, base)
            bases.append(
                {
                    "id": b_id,
                    "person_id": pid,
                    "year": y,
                    "category": cat,
                    "base": base,
                    "monthly_fee": fee,
                    "from_month": admitted.month if admitted and admitted.year == y else 1,
                    "organization_id": org,
                    "root_id": root,
                    "declared_on": max(declared, admitted) if admitted and admitted.year == y else declared,
                }
            )
            b_id += 1
            first = admitted.month if admitted and admitted.year == y else 1
            r = rng.random()
            skip = {rng.randint(first, 12)} if r < 0.02 else set()
            quarterly = 0.02 <= r < 0.05
            late = 0.05 <= r < 0.07
            day = rng.randint(8, 20)
            for month in range(first, 13):
                if month in skip:
                    continue
                if quarterly:
                    q = (month - 1) // 3 * 3 + 1
                    paid_on = dt.date(y, max(q, first), day)
                elif late and month in (3, 4):
                    paid_on = dt.date(y, 5, day)
                else:
                    paid_on = dt.date(y, month, day)
                payments.append(
                    {
                        "id": p_id,
                        "person_id": pid,
                        "year": y,
                        "month": month,
                        "amount": fee,
                        "paid_on": paid_on,
                        "is_back_payment": paid_on.month > month,
                        "organization_id": org,
                        "root_id": root,
                    }
                )
                p_id += 1
    with ctx.step("fees.insert"):
        insert_rows(FeeBase, bases)
        with fee_tally.suspended():  # recounted once after, not row by row
            insert_rows(FeePayment, payments, chunk=20000)
    ctx.counts["fee_bases"] = len(bases)
    ctx.counts["fee_payments"] = len(payments)
