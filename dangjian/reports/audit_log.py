"""The audit log as people read it: filters, Chinese labels, names instead of ids, export.

Events store field names and raw values (`category: civil_servant`, `organization_id: 137`). Here
they become "人员类别：党政机关工作人员", "所在党组织：…第一党支部" and "张三：缺席→出席", through the
models' own verbose names and choices (looked up by label in the app registry, so core imports no
domain app). Names are fetched in one query per model for a whole page.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils import timezone

from dangjian.core import audit, jobs
from dangjian.core.actors import Actor
from dangjian.core.excel import Column, SheetSpec, write_workbook
from dangjian.core.models import AuditAction, AuditEvent, Job
from dangjian.organizations import scoping

EXPORT_KIND = "core.audit_export"
EXPORT_FILE = "audit.xlsx"
EXPORT_LIMIT = 100_000
ERR_ORG = "所选党组织不存在或不在您的权限范围内。"
ERR_DATE = "日期格式不正确：“{text}”，应为 2023-01-05。"
EMPTY = "（空）"

# Object types that are not models.
EXTRA_TYPES = {"meetings.cadence": "三会一课落实", "reports.annual": "年度报表"}
# Keys that are not model fields.
EXTRA_LABELS = {
    "attendance": "出勤",
    "appraisal": "民主评议",
    "signed_in": "扫码签到",
    "roster": "应到人数",
    "votes": "表决（同意/反对/弃权）",
    "filters": "筛选条件",
    "full_ids": "含完整身份证号",
    "reason": "原因",
    "rows": "行数",
    "user": "用户",
    "person": "人员",
    "observers": "列席人员",
}
# {person_id: code} maps: (model label, field whose choices name the codes).
PERSON_MAPS = {"attendance": ("meetings.attendance", "status"), "appraisal": ("meetings.appraisal", "grade")}


# --- filters and the scoped list -----------------------------------------------------------


@dataclass
class AuditFilters:
    actor: str = ""
    action: str = ""
    object_type: str = ""
    org_path: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    q: str = ""
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_params(cls, params) -> AuditFilters:
        get = lambda k: (params.get(k) or "").strip()[:100]  # noqa: E731
        f = cls(actor=get("actor"), action=get("action"), object_type=get("object_type"), q=get("obj"))
        for key in ("date_from", "date_to"):
            text = get(key)
            try:
                setattr(f, key, dt.date.fromisoformat(text) if text else None)
            except ValueError:
                f.errors.append(ERR_DATE.format(text=text))
        return f

    def as_params(self) -> dict:
        return {
            "actor": self.actor,
            "action": self.action,
            "object_type": self.object_type,
            "org_path": self.org_path,
            "obj": self.q,
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
        }


def audit_event_list(*, actor: Actor, filters: AuditFilters) -> QuerySet:
    qs = AuditEvent.objects.filter(scoping.audit_q(actor)).select_related("actor")
    if filters.actor:
        qs = qs.filter(Q(actor_name=filters.actor) | Q(actor__display_name__contains=filters.actor))
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.object_type:
        qs = qs.filter(object_type=filters.object_type)
    if filters.org_path:
        qs = qs.filter(org_path__startswith=filters.org_path)
    if filters.date_from:
        qs = qs.filter(at__gte=_day_start(filters.date_from))
    if filters.date_to:
        qs = qs.filter(at__lt=_day_start(filters.date_to + dt.timedelta(days=1)))
    if filters.q:
        qs = qs.filter(object_repr__contains=filters.q)
    return qs.order_by("-at", "-id")


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


# --- labels --------------------------------------------------------------------------------


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def type_label(object_type: str) -> str:
    model = _model(object_type)
    return str(model._meta.verbose_name) if model else EXTRA_TYPES.get(object_type, object_type)


def object_type_choices() -> list[tuple[str, str]]:
    """Every type the log can hold, in Chinese, for the filter's dropdown."""
    types = {
        m._meta.label_lower: str(m._meta.verbose_name)
        for m in apps.get_models()
        if m.__module__.startswith("dangjian.")
    }
    types.update(EXTRA_TYPES)
    return sorted(types.items(), key=lambda kv: kv[1])


def _field(model, key: str):
    if model is None:
        return None
    fields = {f.name: f for f in model._meta.get_fields()}
    return fields.get(key) or fields.get(key.removesuffix("_id"))


# --- rendering a page of events ------------------------------------------------------------


@dataclass
class EventView:
    event: AuditEvent
    type_label: str
    org_name: str
    lines: list[str]


class _Names:
    """Ids to names, fetched per model in one query for everything a page needs."""

    def __init__(self):
        self.wanted: dict[str, set] = defaultdict(set)
        self.names: dict[str, dict] = {}

    def want(self, label: str, value) -> None:
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            self.wanted[label].add(int(value))

    def load(self) -> None:
        for label, ids in self.wanted.items():
            model = _model(label)
            self.names[label] = {o.pk: str(o) for o in model.objects.filter(pk__in=ids)} if model else {}

    def get(self, label: str, value) -> str:
        try:
            return self.names.get(label, {}).get(int(value), str(value))
        except (TypeError, ValueError):
            return str(value)


def _is_person_map(key: str, pair) -> bool:
    """A per-person change ({person id: status} before and after), as the attendance and appraisal
    services write it. Other events may use the same key for something else (the demo build
    records how many attendance rows it wrote)."""
    sides = pair if isinstance(pair, list) else [pair]
    return (
        key in PERSON_MAPS
        and any(isinstance(s, dict) for s in sides)
        and all(s is None or isinstance(s, dict) for s in sides)
    )


def _plan(events: list[AuditEvent], names: _Names) -> None:
    for e in events:
        model = _model(e.object_type)
        for key, pair in (e.changes or {}).items():
            if _is_person_map(key, pair):
                for side in pair if isinstance(pair, list) else []:
                    for pid in side or {}:
                        names.want("people.person", pid)
                continue
            f = _field(model, key)
            if f is not None and f.is_relation and f.related_model is not None:
                for v in pair if isinstance(pair, list) else []:
                    names.want(f.related_model._meta.label_lower, v)


def _value(f, value, names: _Names) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    if f is not None and f.is_relation and f.related_model is not None:
        return names.get(f.related_model._meta.label_lower, value)
    if f is not None and f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or EMPTY
    if isinstance(value, dict):
        return "；".join(f"{k}：{v}" for k, v in value.items()) or EMPTY
    return str(value)


def _person_map_lines(key: str, pair, names: _Names) -> list[str]:
    label, field_name = PERSON_MAPS[key]
    choices = dict(_field(_model(label), field_name).flatchoices) if _model(label) else {}
    before, after = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
    before, after = before or {}, after or {}
    lines = []
    for pid in after:
        old = choices.get(before.get(pid), before.get(pid)) if pid in before else ""
        new = choices.get(after[pid], after[pid])
        lines.append(
            f"{names.get('people.person', pid)}：{old}→{new}"
            if old
            else f"{names.get('people.person', pid)}：{new}"
        )
    return lines


def _lines(e: AuditEvent, names: _Names) -> list[str]:
    model = _model(e.object_type)
    out = []
    for key, pair in (e.changes or {}).items():
        if _is_person_map(key, pair):
            out.append(f"{EXTRA_LABELS[key]}：")
            out.extend("　" + line for line in _person_map_lines(key, pair, names))
            continue
        f = _field(model, key)
        label = (
            str(f.verbose_name)
            if f is not None and hasattr(f, "verbose_name")
            else EXTRA_LABELS.get(key, key)
        )
        before, after = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        if before is None:
            out.append(f"{label}：{_value(f, after, names)}")
        else:
            out.append(f"{label}：{_value(f, before, names)} → {_value(f, after, names)}")
    return out


def _org_names(events: list[AuditEvent]) -> dict[str, str]:
    model = _model("organizations.partyorganization")
    paths = {e.org_path for e in events if e.org_path}
    return dict(model.objects.filter(path__in=paths).values_list("path", "name")) if paths and model else {}


def describe(events) -> list[EventView]:
    events = list(events)
    names = _Names()
    _plan(events, names)
    names.load()
    orgs = _org_names(events)
    return [
        EventView(e, type_label(e.object_type), orgs.get(e.org_path, ""), _lines(e, names)) for e in events
    ]


# --- export --------------------------------------------------------------------------------

COLUMNS = [
    Column("时间", 20),
    Column("操作人账号", 14),
    Column("操作人", 10),
    Column("动作", 10),
    Column("对象类型", 14),
    Column("对象", 30),
    Column("所属党组织", 28),
    Column("变更内容", 60),
    Column("IP地址", 16),
]


def audit_export_submit(*, actor: Actor, filters: AuditFilters) -> Job:
    return jobs.job_submit(
        actor=actor, kind=EXPORT_KIND, title="导出审计日志", params={"filters": filters.as_params()}
    )


@jobs.job_handler(EXPORT_KIND)
def audit_export_run(job: Job, progress: jobs.Progress) -> None:
    actor = job.created_by
    filters = AuditFilters.from_params(job.params.get("filters") or {})
    filters.org_path = (job.params.get("filters") or {}).get("org_path", "")
    qs = audit_event_list(actor=actor, filters=filters)[:EXPORT_LIMIT]
    rows = []
    events = list(qs)
    progress.total(len(events))
    for start in range(0, len(events), 2000):
        for v in describe(events[start : start + 2000]):
            e = v.event
            rows.append(
                [
                    timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"),
                    e.actor_name,
                    str(e.actor) if e.actor else "",
                    e.get_action_display(),
                    v.type_label,
                    e.object_repr,
                    v.org_name,
                    "\n".join(v.lines),
                    e.ip or "",
                ]
            )
        progress.set(min(start + 2000, len(events)))
    write_workbook(
        [
            SheetSpec(
                name="审计日志",
                columns=COLUMNS,
                rows=rows,
                title=f"审计日志（导出时间：{timezone.localtime():%Y年%m月%d日 %H:%M}，共{len(rows)}条）",
            )
        ],
        target=str(jobs.job_dir(job) / EXPORT_FILE),
    )
    job.result_file = EXPORT_FILE
    job.result_name = f"审计日志-{timezone.localdate():%Y%m%d}.xlsx"
    job.result = {"rows": len(rows)}
    job.message = f"已导出 {len(rows)} 条审计记录。" + (
        "（已达上限，请缩小筛选范围）" if len(rows) == EXPORT_LIMIT else ""
    )
    audit.record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="core.auditevent",
        object_repr=f"审计日志导出 {len(rows)} 条",
        org_path=filters.org_path,
        changes={"filters": [None, filters.as_params()]},
    )
