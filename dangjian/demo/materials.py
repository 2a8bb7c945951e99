"""The study materials of the demo year: the committee orders the year's books and distributes
them to the units (by the size of their membership); the copies add up to a little over the seed's
MATERIAL_COPIES ("6.4万册")."""

from __future__ import annotations

import datetime as dt

from dangjian.core.demo import demo_stage
from dangjian.demo.builder import Context
from dangjian.demo.meetings import _allocate
from dangjian.materials.models import MaterialDistribution, StudyMaterial

MATERIAL_COPIES = 64000  # "6.4万册": approximate, the raw total is drawn a little above
MATERIALS = [  # (title, publisher, month distributed, share of the copies, every unit?)
    ("习近平新时代中国特色社会主义思想专题摘编", "党建读物出版社、中央文献出版社", 5, 0.30, True),
    ("习近平著作选读（第一卷）", "人民出版社", 4, 0.19, True),
    ("习近平著作选读（第二卷）", "人民出版社", 4, 0.19, True),
    ("习近平新时代中国特色社会主义思想学习纲要（2023年版）", "学习出版社、人民出版社", 9, 0.20, True),
    ("党的二十大报告辅导读本", "人民出版社", 1, 0.08, False),
    ("中国共产党章程", "人民出版社", 2, 0.04, False),
]


@demo_stage("materials", order=60, label="学习材料", counts=[("material_copies", "配发学习材料（册）")])
def build(ctx: Context) -> None:
    rng, y = ctx.rng, ctx.year
    units = [u for u in ctx.units if u.name in ctx.organ_committees]
    if not units:
        return
    size: dict[int, int] = {}
    for b in ctx.branches:
        size[b.unit_id] = size.get(b.unit_id, 0) + len(ctx.members_by_branch.get(b.pk, ()))
    top = {s.pk: s.parent_id for s in ctx.subunits}
    weight = {u.pk: 20 for u in units}
    for unit_id, n in size.items():
        unit_id = top.get(unit_id, unit_id)
        if unit_id in weight:
            weight[unit_id] += n
    total = ctx.scaled(MATERIAL_COPIES) + ctx.scaled(rng.randint(300, 399), minimum=0)
    per_material = _allocate(total, [m[3] for m in MATERIALS])
    rows = []
    for (title, publisher, month, _share, everyone), copies in zip(MATERIALS, per_material, strict=True):
        got = units if everyone else [u for u in units if rng.random() < 0.6] or units[:1]
        split = _allocate(copies, [weight[u.pk] * rng.uniform(0.8, 1.2) for u in got])
        material = StudyMaterial.objects.create(
            title=title,
            publisher=publisher,
            year=y,
            ordered_copies=copies + rng.randint(50, 400),
            organization=ctx.root,
            root=ctx.root,
        )
        for u, n in zip(got, split, strict=True):
            if n <= 0:
                continue
            lo = dt.date(y, month, 1)
            rows.append(
                MaterialDistribution(
                    material=material,
                    unit=u,
                    organization=ctx.organ_committees[u.name],
                    root=ctx.root,
                    copies=n,
                    distributed_on=ctx.rand_date(lo, lo + dt.timedelta(days=25)),
                )
            )
    MaterialDistribution.objects.bulk_create(rows, batch_size=2000)
    ctx.counts["material_copies"] = sum(r.copies for r in rows)
