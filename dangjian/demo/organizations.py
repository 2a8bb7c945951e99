"""Units and the party tree of the demo province.

工委 (root) → per unit a 机关党委 → 党支部 (some grouped under 党总支; each unit has one or two
离退休干部 branches) → 党小组 in some large branches. A subordinate unit's 党委 / 党总支 / 党支部 sits
under its parent unit's 机关党委. Branch sizes are decided here (`demo_size` on each branch) and the
people stage fills them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dangjian.core.demo import demo_stage
from dangjian.demo.builder import BATCH, Context
from dangjian.demo.data import DEPARTMENTS, ROOT_UNIT, SUBORDINATE_UNITS, UNITS, cn_number
from dangjian.organizations.enums import OrgKind, UnitCategory
from dangjian.organizations.models import PartyOrganization, Unit, path_segment

TOTAL_BRANCHES = 2500
TERM_YEARS: dict[str, int] = {
    OrgKind.WORKING_COMMITTEE: 5,
    OrgKind.ORGAN_COMMITTEE: 5,
    OrgKind.GENERAL_BRANCH: 3,
    OrgKind.BRANCH: 3,
}


@dataclass
class Node:
    name: str
    kind: str
    unit: Unit
    children: list[Node] = field(default_factory=list)
    size: int = 0  # planned party members (branches)
    retiree: bool = False

    def add(self, name: str, kind: str, unit: Unit | None = None, **kw) -> Node:
        node = Node(name, kind, unit or self.unit, **kw)
        self.children.append(node)
        return node


def _branch_size(ctx: Context, retiree: bool) -> int:
    r = ctx.rng.random()
    if retiree:
        return max(5, min(50, round(ctx.rng.gauss(22, 8))))
    if r < 0.08:
        return ctx.rng.randint(3, 9)
    if r < 0.20:
        return ctx.rng.randint(26, 50)
    return max(10, min(25, round(ctx.rng.gauss(16.5, 4.5))))


def _allocate(total: int, weights: list[float], minimum: int = 1) -> list[int]:
    """Split `total` by weights (largest remainder), each at least `minimum`."""
    w_sum = sum(weights)
    raw = [total * w / w_sum for w in weights]
    out = [max(minimum, int(x)) for x in raw]
    rest = total - sum(out)
    order = sorted(range(len(weights)), key=lambda i: raw[i] - int(raw[i]), reverse=True)
    i = 0
    while rest > 0 and order:
        out[order[i % len(order)]] += 1
        rest -= 1
        i += 1
    return out


def _plan(
    ctx: Context,
    root_unit: Unit,
    units: list[Unit],
    weights: list[float],
    subs_by_parent: dict[str, list[Unit]],
) -> Node:
    rng = ctx.rng
    root = Node(ROOT_UNIT, OrgKind.WORKING_COMMITTEE, root_unit)
    n_root = 3 if ctx.scale >= 0.2 else 1
    for i in range(1, n_root + 1):
        name = f"{ROOT_UNIT}机关第{cn_number(i)}党支部" if n_root > 1 else f"{ROOT_UNIT}机关党支部"
        root.add(name, OrgKind.BRANCH, size=_branch_size(ctx, False))
    root.add(f"{ROOT_UNIT}离退休干部党支部", OrgKind.BRANCH, size=_branch_size(ctx, True), retiree=True)

    sub_sizes = {
        sub.name: rng.choice([1, 1, 1, 2, 2, 3, 4, 5, 6, 8])
        for subs in subs_by_parent.values()
        for sub in subs
    }
    retirees = [2 if w >= 1.2 and ctx.scale >= 0.2 else 1 for w in weights]
    budget = ctx.scaled(TOTAL_BRANCHES, minimum=3 * len(units)) - (n_root + 1) - sum(sub_sizes.values())
    budget -= sum(retirees)
    jitter = [w * rng.lognormvariate(0, 0.25) for w in weights]
    in_service = _allocate(max(budget, len(units)), jitter)

    for unit, n, r in zip(units, in_service, retirees, strict=True):
        oc_name = f"{unit.name}直属机关党委" if unit.name == "省商务厅" else f"{unit.name}机关党委"
        oc = root.add(oc_name, OrgKind.ORGAN_COMMITTEE, unit)
        if n == 1:
            names = [f"{unit.name}机关党支部"]
        elif n <= len(DEPARTMENTS) and rng.random() < 0.4:
            names = [
                f"{unit.name}{d}党支部" for d in sorted(rng.sample(DEPARTMENTS, n), key=DEPARTMENTS.index)
            ]
        else:
            names = [f"{unit.name}机关第{cn_number(i)}党支部" for i in range(1, n + 1)]
        parents = [oc] * n
        if n >= 12 and rng.random() < 0.5:  # some branches grouped under 党总支
            end = n
            for g in range(1, rng.randint(1, min(3, n // 6)) + 1):
                take = rng.randint(3, 6)
                gb = oc.add(f"{unit.name}机关第{cn_number(g)}党总支", OrgKind.GENERAL_BRANCH)
                for i in range(end - take, end):
                    parents[i] = gb
                end -= take
        for name, parent in zip(names, parents, strict=True):
            parent.add(name, OrgKind.BRANCH, size=_branch_size(ctx, False))
        if r == 1:
            oc.add(f"{unit.name}离退休干部党支部", OrgKind.BRANCH, size=_branch_size(ctx, True), retiree=True)
        else:
            parent = (
                oc.add(f"{unit.name}离退休干部党总支", OrgKind.GENERAL_BRANCH) if rng.random() < 0.6 else oc
            )
            for i in range(1, r + 1):
                parent.add(
                    f"{unit.name}离退休干部第{cn_number(i)}党支部",
                    OrgKind.BRANCH,
                    size=_branch_size(ctx, True),
                    retiree=True,
                )
        for sub in subs_by_parent.get(unit.name, []):
            k = sub_sizes[sub.name]
            if k == 1:
                oc.add(f"{sub.name}党支部", OrgKind.BRANCH, sub, size=_branch_size(ctx, False))
                continue
            kind = OrgKind.GENERAL_BRANCH if k <= 3 else OrgKind.ORGAN_COMMITTEE
            sub_node = oc.add(f"{sub.name}{'党总支' if k <= 3 else '党委'}", kind, sub)
            for i in range(1, k + 1):
                retiree = k >= 5 and i == k
                name = f"{sub.name}离退休党支部" if retiree else f"{sub.name}第{cn_number(i)}党支部"
                sub_node.add(name, OrgKind.BRANCH, size=_branch_size(ctx, retiree), retiree=retiree)
    # 党小组 in some larger branches
    stack = [root]
    while stack:
        node = stack.pop()
        stack.extend(node.children)
        if node.kind == OrgKind.BRANCH and (node.size >= 30 or (node.size >= 15 and rng.random() < 0.08)):
            for i in range(1, (rng.randint(2, 4) if node.size >= 30 else 2) + 1):
                node.add(f"{node.name}第{cn_number(i)}党小组", OrgKind.PARTY_GROUP)
    return root


def _dates(ctx: Context, kind: str, parent_established: dt.date | None) -> dict:
    rng, y = ctx.rng, ctx.year
    first_established: dict[str, dt.date] = {
        OrgKind.WORKING_COMMITTEE: dt.date(1955, 7, 1),
        OrgKind.ORGAN_COMMITTEE: dt.date(1978, 1, 1),
        OrgKind.GENERAL_BRANCH: dt.date(1990, 1, 1),
        OrgKind.BRANCH: dt.date(1985, 1, 1),
        OrgKind.PARTY_GROUP: dt.date(1990, 1, 1),
    }
    lo = first_established[kind]
    lo = max(lo, parent_established or lo)
    if kind == OrgKind.WORKING_COMMITTEE:
        est = lo
    elif kind == OrgKind.BRANCH and rng.random() < 0.03:
        est = ctx.rand_date(max(lo, ctx.year_start), dt.date(y, 10, 31))  # new in the year
    else:
        est = ctx.rand_date(lo, dt.date(y - 2 if kind != OrgKind.BRANCH else y - 1, 12, 31))
    out = {"established_on": est}
    years = TERM_YEARS.get(kind)
    if years:
        overdue = kind != OrgKind.WORKING_COMMITTEE and rng.random() < (0.08 if years == 3 else 0.1)
        first = (y - 2 * years + 1, y - years) if overdue else (y - years + 1, y)
        start = ctx.rand_date(dt.date(first[0], 1, 1), dt.date(first[1], 11, 30))
        start = max(start, est)
        out["term_started_on"] = start
        out["term_ends_on"] = (
            start.replace(year=start.year + years)
            if not (start.month == 2 and start.day == 29)
            else dt.date(start.year + years, 2, 28)
        )
    return out


@demo_stage(
    "organizations",
    order=10,
    label="单位与党组织",
    counts=[
        ("units", "单位"),
        ("subordinate_units", "下属单位"),
        ("orgs_organ_committee", "机关党委"),
        ("orgs_general_branch", "党总支"),
        ("orgs_branch", "党支部"),
        ("orgs_party_group", "党小组"),
    ],
)
def build(ctx: Context) -> None:
    n_units = ctx.scaled(len(UNITS), minimum=4)
    rows = UNITS[:n_units]
    ctx.root_unit = Unit(name=ROOT_UNIT, short_name="工委", category=UnitCategory.COMMITTEE, sort_order=0)
    ctx.units = [Unit(name=name, category=cat, sort_order=i + 1) for i, (name, cat, _w) in enumerate(rows)]
    Unit.objects.bulk_create([ctx.root_unit, *ctx.units], batch_size=BATCH)
    by_name = {u.name: u for u in ctx.units}
    n_subs = ctx.scaled(len(SUBORDINATE_UNITS), minimum=2)
    sub_rows = [(p, s) for p, s in SUBORDINATE_UNITS if p in by_name][:n_subs]
    ctx.subunits = [
        Unit(name=s, category=UnitCategory.SUBORDINATE, parent=by_name[p], sort_order=1000 + i)
        for i, (p, s) in enumerate(sub_rows)
    ]
    Unit.objects.bulk_create(ctx.subunits, batch_size=BATCH)
    subs_by_parent: dict[str, list[Unit]] = {}
    for (p, _s), sub in zip(sub_rows, ctx.subunits, strict=True):
        subs_by_parent.setdefault(p, []).append(sub)

    tree = _plan(ctx, ctx.root_unit, ctx.units, [w for _n, _c, w in rows], subs_by_parent)

    # Paths, dates and model instances, level by level (a level's parents have their pks).
    level: list[tuple[Node, PartyOrganization | None, str]] = [(tree, None, path_segment(1))]
    node_of: dict[int, Node] = {}
    while level:
        objs = []
        for node, parent, path in level:
            org = PartyOrganization(
                name=node.name,
                kind=node.kind,
                unit=node.unit,
                parent=parent,
                path=path,
                depth=len(path) // 4,
                root=(parent.root or parent) if parent else None,
                sort_order=int(path[-4:], 36),
                **_dates(ctx, node.kind, parent.established_on if parent else None),
            )
            org.demo_size, org.demo_retiree = node.size, node.retiree
            objs.append(org)
            node_of[id(org)] = node
        PartyOrganization.objects.bulk_create(objs, batch_size=BATCH)
        ctx.orgs.extend(objs)
        level = [
            (child, org, org.path + path_segment(i))
            for org in objs
            for i, child in enumerate(node_of[id(org)].children, start=1)
        ]
    ctx.root = ctx.orgs[0]
    for org in ctx.orgs:
        if org.kind == OrgKind.ORGAN_COMMITTEE and org.parent_id == ctx.root.pk:
            ctx.organ_committees[org.unit.name] = org
        elif org.unit.parent_id and org.name in {
            f"{org.unit.name}党支部",
            f"{org.unit.name}党总支",
            f"{org.unit.name}党委",
        }:
            ctx.organ_committees[org.unit.name] = org
    ctx.branches = [o for o in ctx.orgs if o.kind == OrgKind.BRANCH]
    ctx.counts.update({"units": len(ctx.units), "subordinate_units": len(ctx.subunits)})
    for kind in OrgKind:
        ctx.counts[f"orgs_{kind.value}"] = sum(1 for o in ctx.orgs if o.kind == kind)
