"""Import of participants from .xlsx (参加人员导入): each row puts one person on an activity (its
number is in the row, so one file may fill several activities): a roster person found by ID
number (or by a name unique in the actor's scope), or a guest who is not on the roster (a name,
a category, where they come from).

On the shared mechanics of core.imports, as the roster import: a dry run as one job (row errors
naming the row and column, an error workbook), then a commit job that validates again and writes
every row through the services in ONE transaction: any error, nothing is written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.urls import reverse

from dangjian.activities import errors, services
from dangjian.activities.enums import AddedBy, GuestKind, ParticipantRole, ParticipationStatus
from dangjian.activities.models import Activity, Participation
from dangjian.activities.selectors import activity_list, placements
from dangjian.core import audit, crypto, excel, idnumber, jobs
from dangjian.core import imports as core_imports
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.imports import RowError
from dangjian.core.models import AuditAction, Job
from dangjian.organizations import scoping
from dangjian.people.models import Person

VALIDATE_KIND = "activities.participants_validate"
COMMIT_KIND = "activities.participants_commit"
SHEET = "参加人员"
MAX_ROWS = 20_000
ROSTER = "名册人员"


@dataclass(frozen=True)
class ImportColumn:
    key: str
    header: str
    required: bool = False
    width: int = 14
    note: str = ""


COLUMNS = [
    ImportColumn("activity", "活动编号", True, 10, "活动详情页标题旁显示的编号。"),
    ImportColumn("name", "姓名", True, 12),
    ImportColumn(
        "id_number", "身份证号", False, 22, "名册人员填写；不填时按姓名在您的管理范围内查找（须唯一）。"
    ),
    ImportColumn(
        "kind", "人员类别", False, 16, "名册人员、党员家属、非党员干部职工、外部来宾；不填为名册人员。"
    ),
    ImportColumn("from", "工作单位", False, 24, "非名册人员填写其单位或与党员的关系。"),
    ImportColumn("role", "角色", False, 10, "不填为“参加人员”。"),
    ImportColumn("status", "状态", False, 10, "不填为“参加”。"),
    ImportColumn("hours", "学时", False, 8),
]
HEADER = {c.key: c.header for c in COLUMNS}
_KINDS = {ROSTER: "", "": ""} | {k.label: k.value for k in GuestKind} | {k.value: k.value for k in GuestKind}
_ROLES = {r.label: r.value for r in ParticipantRole} | {r.value: r.value for r in ParticipantRole}
_STATUSES = {s.label: s.value for s in ParticipationStatus} | {s.value: s.value for s in ParticipationStatus}


@dataclass
class Plan:
    row: int
    activity: Activity
    person_id: int | None
    name: str
    kind: str
    from_text: str
    role: str
    status: str
    hours: Decimal | None


@dataclass
class Validation:
    sheet: core_imports.Sheet | None = None
    errors: list[RowError] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return len(self.sheet.rows) if self.sheet else 0


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else excel.cell_text(value)


def _activities(actor: Actor, ids: set[int]) -> dict[int, Activity]:
    qs = activity_list(actor=actor).select_related("campaign__scope").filter(pk__in=ids)
    return {a.pk: a for a in qs}


def _people(actor: Actor, sheet: core_imports.Sheet) -> tuple[dict[str, int], dict[str, list[int]]]:
    """Visible people by blind index of the ID numbers in the file, and by name."""
    bidx, names = set(), set()
    for _n, row in sheet.rows:
        number = _text(sheet.cell(row, "id_number"))
        if number:
            try:
                bidx.add(crypto.blind_index(idnumber.normalize(number)))
            except ApplicationError:
                pass
        elif _KINDS.get(_text(sheet.cell(row, "kind")), "x") == "":
            names.add(_text(sheet.cell(row, "name")))
    visible = Person.objects.filter(scoping.person_q(actor))
    by_bidx = dict(visible.filter(id_bidx__in=bidx).values_list("id_bidx", "id"))
    by_name: dict[str, list[int]] = defaultdict(list)
    for pid, name in visible.filter(name__in=names).values_list("id", "name"):
        by_name[name].append(pid)
    return by_bidx, by_name


def validate(actor: Actor, sheet: core_imports.Sheet) -> Validation:
    out = Validation(sheet=sheet)
    ids = {int(v) for _n, r in sheet.rows if (v := _text(sheet.cell(r, "activity"))).isdigit()}
    acts = _activities(actor, ids)
    by_bidx, by_name = _people(actor, sheet)
    on_it = set(
        Participation.objects.filter(activity_id__in=list(acts), person__isnull=False).values_list(
            "activity_id", "person_id"
        )
    )
    in_file: dict[tuple[int, int], int] = {}
    for n, row in sheet.rows:
        errs: list[RowError] = []

        def bad(key: str, reason: str, n: int = n, errs: list[RowError] = errs) -> None:
            errs.append(RowError(n, HEADER[key], reason))

        act_text = _text(sheet.cell(row, "activity"))
        activity = acts.get(int(act_text)) if act_text.isdigit() else None
        if activity is None:
            bad("activity", "活动不存在或不在您的管理范围内。" if act_text else "请填写活动编号。")
        name = _text(sheet.cell(row, "name"))
        if not name:
            bad("name", "请填写姓名。")
        kind_text = _text(sheet.cell(row, "kind"))
        kind = _KINDS.get(kind_text)
        if kind is None:
            bad("kind", f"人员类别“{kind_text}”无效，应为：{ROSTER}、" + "、".join(GuestKind.labels) + "。")
        role = _ROLES.get(_text(sheet.cell(row, "role")) or ParticipantRole.PARTICIPANT.label)
        if role is None:
            bad("role", "角色无效，应为：" + "、".join(ParticipantRole.labels) + "。")
        status = _STATUSES.get(_text(sheet.cell(row, "status")) or ParticipationStatus.PRESENT.label)
        if status is None:
            bad("status", "状态无效，应为：" + "、".join(ParticipationStatus.labels) + "。")
        hours = None
        hours_text = _text(sheet.cell(row, "hours"))
        if hours_text:
            try:
                hours = Decimal(hours_text)
                if hours < 0 or hours > 9999:
                    raise InvalidOperation
            except InvalidOperation:
                bad("hours", "学时须为不小于0的数字。")
        person_id = None
        if kind == "" and name:
            person_id = _find_person(sheet.cell(row, "id_number"), name, by_bidx, by_name, bad)
        if activity is not None and person_id is not None:
            key = (activity.pk, person_id)
            if key in on_it:
                bad("name", errors.ERR_ALREADY_ADDED.format(name=name))
            elif key in in_file:
                bad("name", f"与第{in_file[key]}行重复。")
            in_file.setdefault(key, n)
        if activity is not None and not errs and not _may_add(actor, activity, person_id):
            bad("name", errors.ERR_PERSON_NOT_ADDABLE.format(name=name))
        if errs:
            out.errors += errs
        elif activity is not None and role and status:
            out.plans.append(
                Plan(
                    n,
                    activity,
                    person_id,
                    name,
                    kind or "",
                    _text(sheet.cell(row, "from")),
                    role,
                    status,
                    hours,
                )
            )
    return out


def _find_person(number_cell, name: str, by_bidx, by_name, bad: Callable[[str, str], None]) -> int | None:
    number = _text(number_cell)
    if number:
        try:
            pid = by_bidx.get(crypto.blind_index(idnumber.normalize(number)))
        except ApplicationError as e:
            bad("id_number", e.message)
            return None
        if pid is None:
            bad("id_number", "名册中没有此身份证号的人员，或其不在您的管理范围内。")
        return pid
    found = by_name.get(name, [])
    if len(found) != 1:
        bad("name", "名册中没有此人。" if not found else f"名册中有{len(found)}名“{name}”，请填写身份证号。")
        return None
    return found[0]


def _may_add(actor: Actor, activity: Activity, person_id: int | None) -> bool:
    if scoping.can_write_path(actor, activity.organization.path):
        return True
    if person_id is None:
        return False
    place = placements([person_id], activity.first_day)[person_id]
    return scoping.may_add_participant(actor, activity, place.path)


def read(data: bytes) -> core_imports.Sheet:
    return core_imports.read_sheet(
        data,
        sheet=SHEET,
        columns={c.header: c.key for c in COLUMNS},
        required=[c.header for c in COLUMNS if c.required],
        max_rows=MAX_ROWS,
    )


def validate_upload(*, actor: Actor, data: bytes) -> Validation:
    try:
        sheet = read(data)
    except ApplicationError as e:
        return Validation(errors=core_imports.file_errors(e))
    return validate(actor, sheet)


def participants_commit(
    *,
    actor: Actor,
    data: bytes,
    filename: str = "",
    progress: jobs.Progress | None = None,
    inside: Callable[[dict], None] | None = None,
) -> dict:
    """Validate again, then write every row through the services in ONE transaction."""
    validation = validate_upload(actor=actor, data=data)
    if validation.errors:
        raise core_imports.commit_invalid(validation.errors)
    groups: dict[tuple, list[Plan]] = defaultdict(list)
    guests = [p for p in validation.plans if p.person_id is None]
    for p in validation.plans:
        if p.person_id is not None:
            groups[(p.activity.pk, p.role, p.status, p.hours)].append(p)
    with transaction.atomic():
        for (_a, role, status, hours), plans in groups.items():
            try:
                services.participants_add(
                    actor=actor,
                    activity=plans[0].activity,
                    person_ids=[p.person_id for p in plans if p.person_id is not None],
                    role=role,
                    status=status,
                    hours=hours,
                    added_by=AddedBy.IMPORT,
                )
            except ApplicationError as e:
                raise ApplicationError(f"第{plans[0].row}行起：{e.message}未导入任何数据。") from e
        for p in guests:
            try:
                row = services.guest_add(
                    actor=actor,
                    activity=p.activity,
                    name=p.name,
                    kind=p.kind,
                    from_text=p.from_text,
                    role=p.role,
                    status=p.status,
                )
            except ApplicationError as e:
                raise ApplicationError(f"第{p.row}行：{e.message}未导入任何数据。") from e
            if p.hours is not None or row.added_by != AddedBy.IMPORT:
                row.hours, row.added_by = p.hours, AddedBy.IMPORT
                row.save(update_fields=["hours", "added_by"])
        counts = {"rows": validation.rows, "created": len(validation.plans), "guests": len(guests)}
        audit.record(
            actor=actor,
            action=AuditAction.IMPORT,
            object_type="activities.participation",
            object_repr=f"参加人员导入 {filename}"[:200],
            org_path=core_imports.common_path([p.activity.organization.path for p in validation.plans]),
            changes={k: [None, v] for k, v in counts.items()} | {"file": [None, filename[:100]]},
        )
        if inside is not None:
            inside(counts)
    return counts


def result_url(job: Job) -> str:
    return reverse("activities:import_result", args=[job.pk])


def _require_writer(actor: Actor) -> None:
    if not scoping.scope_of(actor).write_paths:
        raise Forbidden(errors.ERR_IMPORT_NO_WRITE)


def import_submit(*, actor: Actor, data: bytes, filename: str) -> Job:
    _require_writer(actor)
    return core_imports.import_submit(
        actor=actor,
        data=data,
        filename=filename,
        kind=VALIDATE_KIND,
        title="参加人员导入校验",
        default_name="参加人员.xlsx",
    )


@jobs.job_handler(VALIDATE_KIND)
def _validate_job(job: Job, progress: jobs.Progress) -> None:
    validation = validate_upload(actor=job.created_by, data=core_imports.upload_read(job.params))
    core_imports.record_validation(
        job,
        rows=validation.rows,
        errors=validation.errors,
        has_sheet=validation.sheet is not None,
        counts={
            "create": len(validation.plans),
            "guests": sum(1 for p in validation.plans if p.person_id is None),
        },
        write_errors=lambda target: core_imports.error_workbook(
            sheet=SHEET,
            headers=validation.sheet.headers if validation.sheet else [],
            rows=validation.sheet.rows if validation.sheet else [],
            errors=validation.errors,
            template=template_columns(),
            target=target,
        ),
        error_name="参加人员导入错误报告.xlsx",
        ok_message=f"校验通过：共{validation.rows}行，将添加{len(validation.plans)}名参加人员。",
        next_url=result_url(job),
    )


def commit_submit(*, actor: Actor, validate_job: Job) -> Job:
    return core_imports.commit_submit(
        actor=actor,
        validate_job=validate_job,
        validate_kind=VALIDATE_KIND,
        commit_kind=COMMIT_KIND,
        title="参加人员导入",
    )


@jobs.job_handler(COMMIT_KIND)
def _commit_job(job: Job, progress: jobs.Progress) -> None:
    counts = core_imports.run_commit(
        job, progress, validate_kind=VALIDATE_KIND, commit=participants_commit, result_url=result_url
    )
    job.message = f"导入完成：添加{counts['created']}名参加人员（其中非名册人员{counts['guests']}名）。"


def template_columns() -> list[excel.Column]:
    choices = {
        "kind": [ROSTER, *GuestKind.labels],
        "role": list(ParticipantRole.labels),
        "status": list(ParticipationStatus.labels),
    }
    return [
        excel.Column(
            c.header,
            width=c.width,
            note=c.note,
            required=c.required,
            choices=choices.get(c.key),
            text=c.key == "id_number",
        )
        for c in COLUMNS
    ]


def template_workbook() -> bytes:
    out = excel.write_workbook([excel.SheetSpec(SHEET, template_columns())])
    assert out is not None
    return out
