"""The annual summary (年度综述): a year's template filled with the metrics of a scope.

`build` turns the template (placeholders.py) into blocks of text and figures. A figure knows its
metric, its value, how the text writes it, the page of its records and, when years are compared,
last year's value and the change. A metric that no area has registered yet is a visible gap
("〔未接入: id〕"), never an error, so the summary grows as the areas land.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

from django.urls import reverse

from dangjian.core.metrics import REGISTRY, Period, ReportScope
from dangjian.reports import errors, placeholders, selectors
from dangjian.reports.models import SummaryTemplate

SHIPPED = Path(__file__).parent / "summary_templates"
GAP = "〔未接入: {id}〕"


@cache
def shipped_templates() -> dict[int, str]:
    """The templates that come with the code (summary_templates/<year>.txt)."""
    return {int(p.stem): p.read_text(encoding="utf-8") for p in SHIPPED.glob("*.txt") if p.stem.isdigit()}


@cache
def expected_ids() -> frozenset[str]:
    """Metric ids the shipped templates reference: known even before their area registers them."""
    found: set[str] = set()
    for text in shipped_templates().values():
        for block in placeholders.parse(text):
            found.update(r.id for r in block.refs if not r.builtin)
    return frozenset(found)


def known_ids() -> set[str]:
    return set(REGISTRY) | set(expected_ids())


def template_for(year: int) -> tuple[str, str]:
    """(text, where it comes from) of a year: its own, else the latest earlier one, else the
    earliest shipped one."""
    own = SummaryTemplate.objects.filter(year__lte=year).order_by("-year").first()
    shipped = {y: t for y, t in shipped_templates().items() if y <= year}
    if own is not None and (not shipped or own.year >= max(shipped)):
        return own.text, ("本年度模板" if own.year == year else f"沿用{own.year}年度模板")
    if shipped:
        y = max(shipped)
        return shipped[y], ("系统内置模板" if y == year else f"沿用系统内置的{y}年度模板")
    y = min(shipped_templates())
    return shipped_templates()[y], f"沿用系统内置的{y}年度模板"


@dataclass
class Figure:
    id: str
    rule: str
    line: int
    registered: bool
    label: str = ""
    unit: str = ""
    value: int | float | Decimal | None = None
    text: str = ""
    url: str = ""
    prev: int | float | Decimal | None = None
    prev_text: str = ""
    change: str = ""

    @property
    def gap(self) -> str:
        return GAP.format(id=self.id)

    @property
    def shown(self) -> str:
        return self.text if self.registered else self.gap


@dataclass
class Part:
    text: str = ""
    figure: Figure | None = None


@dataclass
class Block:
    kind: str
    parts: list[Part]

    @property
    def plain(self) -> str:
        return "".join(p.figure.shown if p.figure else p.text for p in self.parts)


@dataclass
class Summary:
    year: int
    scope: ReportScope
    title: str
    blocks: list[Block]
    source: str
    compare: bool = False
    note: str = ""
    figures: list[Figure] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        return sorted({f.id for f in self.figures if not f.registered})

    @property
    def registered(self) -> list[str]:
        return sorted({f.id for f in self.figures if f.registered})

    @property
    def plain_text(self) -> str:
        return "\n".join([self.title] + [b.plain for b in self.blocks])


def is_top(scope: ReportScope) -> bool:
    """The whole province (the working committee's own summary) rather than a unit's part."""
    return len(scope.path) <= 4


def change_text(value, prev) -> str:
    if prev is None or value is None:
        return ""
    diff = Decimal(str(value)) - Decimal(str(prev))
    sign = "+" if diff > 0 else ""
    out = f"{sign}{placeholders.plain(diff)}"
    if prev:
        pct = diff / Decimal(str(prev)) * 100
        out += f"，{sign}{pct.quantize(Decimal('0.1'))}%"
    return out


def _builtin(ref: placeholders.Ref, year: int, scope: ReportScope) -> str:
    return {
        "year": str(year),
        "last_year": str(year - 1),
        "next_year": str(year + 1),
        "scope": scope.label,
    }[ref.id]


def _record_url(metric_id: str, year: int, scope: ReportScope) -> str:
    params: dict[str, object] = {"year": year}
    if scope.org_id:
        params["org"] = scope.org_id
    return reverse("reports:metric", args=[metric_id]) + "?" + urlencode(params)


def build(
    *,
    scope: ReportScope,
    year: int,
    text: str | None = None,
    compare: bool = False,
    values: dict | None = None,
    prev_values: dict | None = None,
) -> Summary:
    """The summary of `year` for `scope`. `text` previews an unsaved template; `values` (metric id
    → value) replaces the computation, for tests and for callers that have the values already."""
    source = "预览"
    if text is None:
        text, source = template_for(year)
    blocks = placeholders.parse(text)
    if values is None:
        values = selectors.metric_values(scope=scope, period=Period.year(year))
    if compare and prev_values is None:
        prev_values = selectors.metric_values(scope=scope, period=Period.year(year - 1))
    out: list[Block] = []
    figures: list[Figure] = []
    title = ""
    for block in blocks:
        parts: list[Part] = []
        for item in block.parts:
            if isinstance(item, placeholders.Text):
                parts.append(Part(text=item.text))
            elif item.builtin:
                parts.append(Part(text=_builtin(item, year, scope)))
            else:
                parts.append(
                    Part(figure=_figure(item, year, scope, values, prev_values if compare else None))
                )
                figures.append(parts[-1].figure)  # type: ignore[arg-type]
        if block.kind == "title":
            title = "".join(p.figure.shown if p.figure else p.text for p in parts)
            continue
        out.append(Block(block.kind, parts))
    if not is_top(scope):
        title = f"{scope.label}{year}年党建工作总结（草稿）"
    elif not title:
        title = f"{scope.label}{year}年党建工作综述"
    summary = Summary(year, scope, title, out, source, compare=compare, figures=figures)
    registered = [f for f in figures if f.registered]
    if not registered or all(not f.value for f in registered):
        summary.note = errors.NOTE_NO_DATA.format(year=year, scope=scope.label)
    return summary


def _figure(
    ref: placeholders.Ref, year: int, scope: ReportScope, values: dict, prev_values: dict | None
) -> Figure:
    metric = REGISTRY.get(ref.id)
    if metric is None or ref.id not in values:
        return Figure(ref.id, ref.rule, ref.line, registered=False)
    value = values[ref.id]
    fig = Figure(
        ref.id,
        ref.rule,
        ref.line,
        registered=True,
        label=metric.label,
        unit=metric.unit,
        value=value,
        text=placeholders.display(value, ref.rule),
        url=_record_url(ref.id, year, scope),
    )
    if prev_values is not None and ref.id in prev_values:
        fig.prev = prev_values[ref.id]
        fig.prev_text = placeholders.display(fig.prev, ref.rule)
        fig.change = change_text(value, fig.prev)
    return fig


def as_json(summary: Summary) -> dict:
    """The summary as data (the API and `report annual --format json` with the text)."""

    def fig(f: Figure) -> dict:
        return {
            "id": f.id,
            "registered": f.registered,
            "label": f.label,
            "unit": f.unit,
            "value": float(f.value) if isinstance(f.value, Decimal) else f.value,
            "text": f.shown,
            "previous": float(f.prev) if isinstance(f.prev, Decimal) else f.prev,
            "change": f.change,
        }

    return {
        "year": summary.year,
        "scope": {"org_id": summary.scope.org_id, "label": summary.scope.label},
        "title": summary.title,
        "source": summary.source,
        "note": summary.note,
        "blocks": [{"kind": b.kind, "text": b.plain} for b in summary.blocks],
        "figures": [fig(f) for f in summary.figures],
        "not_registered": summary.missing,
    }


_SENTENCE = re.compile(r"[^。；;！？]*[。；;！？]?")


def sentences(text: str) -> list[str]:
    """Text cut at line ends and after 。；！？ (how the seed text and the rendered summary are compared)."""
    return [s.strip() for line in text.splitlines() for s in _SENTENCE.findall(line) if s.strip()]


def year_range() -> tuple[int, int]:
    return 2000, 2100
