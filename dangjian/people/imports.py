"""Member roster import from .xlsx: template, dry run (validation), error workbook, all-or-nothing commit.

Flow (background jobs, core.jobs):
  roster_import_submit  -> job "people.roster_validate": read + validate, counts, first errors, error workbook
  roster_commit_submit  -> job "people.roster_commit": re-read, re-validate, write everything in ONE transaction

Validation is a pure function (`validate`) over the parsed sheet (`read_roster`) and lookups preloaded in a
few queries (`load_lookups`: organisations the actor may write, units, existing people by blind index).
The membership rules are those of people.services (_check_membership, DATE_ORDER, REQUIRED_DATE).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import mul

from django.db import transaction
from django.utils import timezone

from dangjian.core import audit, bulk, crypto, excel, idnumber, jobs
from dangjian.core import imports as core_imports
from dangjian.core.errors import ApplicationError
from dangjian.core.imports import (  # shared by every import (moved from here), still importable from here
    ERR_ALREADY_COMMITTED,  # noqa: F401
    ERR_COMMIT_INVALID,  # noqa: F401
    ERR_HAS_ERRORS,  # noqa: F401
    ERR_MISSING_COLUMN,  # noqa: F401
    ERR_NOT_VALIDATED,  # noqa: F401
    ERR_TOO_MANY_ROWS,  # noqa: F401
    ERROR_COLUMN,  # noqa: F401
    MAX_SHOWN_ERRORS,  # noqa: F401
    RowError,
)
from dangjian.core.imports import upload_dir as _upload_dir  # noqa: F401
from dangjian.core.imports import upload_read as _read_upload
from dangjian.core.models import AuditAction, AuditEvent, Job
from dangjian.organizations import scoping
from dangjian.organizations.models import PartyOrganization
from dangjian.people import errors as people_errors
from dangjian.people.enums import (
    OUT_OF_PARTY_STATUSES,
    SYNONYMS,
    Degree,
    Education,
    Ethnicity,
    MembershipStatus,
    PersonCategory,
)
from dangjian.people.models import Membership, MembershipPeriod, Person
from dangjian.people.services import (
    _PHONE,
    DATE_ORDER,
    _check_membership,
    _status_since,
    mask_phone,
    pinyin_key,
    protected_id_fields,
)

VALIDATE_KIND = "people.roster_validate"
COMMIT_KIND = "people.roster_commit"
ROSTER_SHEET = "党员名册"
MAX_ROWS = 100_000
_CHUNK = 900  # parameters per IN (...) query: below SQLite's 999

# --- messages (Chinese, naming the row / column) --------------------------------------------------
ERR_REQUIRED = "“{column}”不能为空。"
ERR_CHOICE = "“{value}”不是有效的{column}，应为：{allowed}。"
ERR_YES_NO = "“{value}”无效：应填“是”或“否”。"
ERR_ID_DUP_IN_FILE = "身份证号与第{other}行重复。"
ERR_ID_OUT_OF_SCOPE = "该身份证号的人员不在您的管理范围内。"
ERR_OUT_OF_PARTY = "该人员的党籍状态为“{status}”，不能通过名册导入修改，请在人员页面办理。"
ERR_ORG_UNKNOWN = "党组织“{name}”不存在或不在您的管理范围内。"
ERR_ORG_AMBIGUOUS = "党组织名称“{name}”不唯一（{n}个），请填写全称：上级组织名称/本组织名称，如“{example}”。"
ERR_UNIT_UNKNOWN = "工作单位“{name}”不存在或不在您的管理范围内。"
ERR_GENDER_INVALID = "性别应为“男”或“女”。"
ERR_NO_WRITE_SCOPE = "您没有导入名册的权限。"
# ERR_MISSING_COLUMN, ERR_TOO_MANY_ROWS, ERR_NOT_VALIDATED, ERR_HAS_ERRORS, ERR_ALREADY_COMMITTED,
# ERR_COMMIT_INVALID: in core.imports (shared).


# --- columns --------------------------------------------------------------------------------------

STATUS_CHOICES = [MembershipStatus.FULL, MembershipStatus.PROBATIONARY, MembershipStatus.CANDIDATE,
                  MembershipStatus.ACTIVIST, MembershipStatus.APPLICANT]
YES, NO = "是", "否"


@dataclass(frozen=True)
class RosterColumn:
    key: str
    header: str
    required: bool = False
    choices: tuple[str, ...] | None = None
    text: bool = False
    width: int = 14
    note: str = ""
    in_template: bool = True


_DATE_LABEL = dict(DATE_ORDER)
COLUMNS: list[RosterColumn] = [
    RosterColumn("name", "姓名", True, width=10),
    RosterColumn("id_number", "公民身份号码", True, text=True, width=22,
                 note="18位身份证号，末位X大写或小写均可；本列为文本格式，请勿改成数字。"),
    RosterColumn("gender", "性别", choices=("男", "女"), in_template=False),
    RosterColumn("birth_date", "出生日期", in_template=False),
    RosterColumn("ethnicity", "民族", choices=tuple(Ethnicity.labels), width=10),
    RosterColumn("native_place", "籍贯", width=12),
    RosterColumn("education", "学历", True, choices=tuple(Education.labels), width=12),
    RosterColumn("degree", "学位", choices=tuple(Degree.labels), width=8),
    RosterColumn("category", "人员类别", choices=tuple(PersonCategory.labels), width=20),
    RosterColumn("unit", "工作单位", True, width=20, note="填写单位全称，须与系统中的单位名称一致。"),
    RosterColumn("position", "职务", width=14),
    RosterColumn("organization", "所在党组织", True, width=24,
                 note="填写党组织全称；重名时写“上级组织名称/本组织名称”。"),
    RosterColumn("status", "党员状态", True, choices=tuple(s.label for s in STATUS_CHOICES), width=14),
    RosterColumn("applied_on", _DATE_LABEL["applied_on"], width=14),
    RosterColumn("activist_on", _DATE_LABEL["activist_on"], width=16),
    RosterColumn("candidate_on", _DATE_LABEL["candidate_on"], width=16),
    RosterColumn("admitted_on", _DATE_LABEL["admitted_on"], width=14),
    RosterColumn("full_on", _DATE_LABEL["full_on"], width=14),
    RosterColumn("is_mobile", "是否流动党员", choices=(YES, NO), width=12),
    RosterColumn("is_lost_contact", "是否失联", choices=(YES, NO), width=10),
    RosterColumn("phone", "联系电话", text=True, width=16),
]
HEADER = {c.key: c.header for c in COLUMNS}
REQUIRED_HEADERS = [c.header for c in COLUMNS if c.required]
DATE_KEYS = [k for k, _ in DATE_ORDER]

_ETHNICITY = ({e.label: e.value for e in Ethnicity} | {e.label.removesuffix("族"): e.value for e in Ethnicity}
              | {e.value: e.value for e in Ethnicity})
_SYNONYMS = {key: {word: choice.value for word, choice in words.items()} for key, words in SYNONYMS.items()}
_EDUCATION = {e.label: e.value for e in Education} | _SYNONYMS["education"]
_DEGREE = {e.label: e.value for e in Degree} | _SYNONYMS["degree"]
_CATEGORY = {e.label: e.value for e in PersonCategory} | _SYNONYMS["category"]
_STATUS = {s.label: s.value for s in STATUS_CHOICES} | _SYNONYMS["status"]
_GENDER = {"男": "M", "女": "F"}
_BOOL = {YES: True, NO: False, "": None}


# --- reading ----------------------------------------------------------------------------------------

class Roster(core_imports.Sheet):
    """The data sheet (core.imports.Sheet): header cells, where each known column is, and the non-empty
    data rows as (excel_row_number, cells), each padded to len(headers) + 1: row[width] is always None."""

    @property
    def width(self) -> int:
        return len(self.headers)


def read_roster(data: bytes) -> Roster:
    """Parse the sheet 党员名册 (else the first sheet); the header row is the first of the first 5 rows that holds
    every required column (a header may carry a trailing * as in the template's instructions). ApplicationError
    for file-level problems (extra["columns"] names missing columns)."""
    sheet = core_imports.read_sheet(data, sheet=ROSTER_SHEET, columns={c.header: c.key for c in COLUMNS},
                                    required=REQUIRED_HEADERS, max_rows=MAX_ROWS)
    return Roster(headers=sheet.headers, index=sheet.index, rows=sheet.rows)


# --- lookups (a few queries, once) ---------------------------------------------------------------------

@dataclass(slots=True)
class Existing:
    id: int
    org_path: str
    status: str | None
    dates: dict


@dataclass
class Lookups:
    orgs: dict[str, list[PartyOrganization]]
    units: dict[str, int]
    write_paths: tuple[str, ...]
    existing: dict[str, Existing]  # by blind index
    ids: dict[str, tuple]  # raw cell text -> (number, bidx, error, birth date)

    def can_write(self, path: str) -> bool:
        return any(path.startswith(p) for p in self.write_paths)


_CHECK = "10X98765432"  # GB 11643 check characters (as in core.idnumber)
_CHECK_CHARS = frozenset(_CHECK)


def _id_text(value) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) >= 1e15:
        return "1E+17"  # an ID typed as a number: digits are lost, say so (idnumber.ERR_NUMERIC)
    return excel.cell_text(value)


def _canonical18(raw: str, today: dt.date) -> dt.date | None:
    """True when `raw` is already a canonical 18-character number that idnumber.normalize would return
    unchanged (digits, check character, plausible birth date): the common case, checked quickly; returns
    the birth date then. Anything else goes through idnumber.normalize, which also words the error."""
    if len(raw) != 18 or not raw[:17].isdigit() or raw[17] not in _CHECK_CHARS:
        return None
    if _CHECK[sum(map(mul, map(int, raw[:17]), idnumber.WEIGHTS)) % 11] != raw[17]:
        return None
    try:
        born = dt.date(int(raw[6:10]), int(raw[10:12]), int(raw[12:14]))
    except ValueError:
        return None
    return born if born.year >= 1900 and born <= today else None


def _parse_ids(roster: Roster) -> dict[str, tuple]:
    """raw cell text -> (number, blind index, error message, birth date)."""
    out: dict[str, tuple] = {}
    j = roster.index["id_number"]
    today, blind_index = dt.date.today(), crypto.blind_index
    for _, row in roster.rows:
        raw = _id_text(row[j])
        if raw in out:
            continue
        born = _canonical18(raw, today)
        if born is not None:
            out[raw] = (raw, blind_index(raw), None, born)
            continue
        try:
            number = idnumber.normalize(raw)
            out[raw] = (number, blind_index(number), None, idnumber.birth_date(number))
        except ApplicationError as e:
            out[raw] = (None, None, e.message, None)
    return out


def load_lookups(actor, roster: Roster) -> Lookups:
    """Everything validation needs, preloaded: organisations the actor may write (by name and by
    "parent/name"), units (by name), existing people whose ID number appears in the file."""
    orgs: dict[str, list[PartyOrganization]] = {}
    org_list = list(scoping.orgs_visible(actor, write=True).select_related("parent"))
    for org in org_list:
        orgs.setdefault(org.name, []).append(org)
        if org.parent is not None:
            orgs.setdefault(f"{org.parent.name}/{org.name}", []).append(org)
    units = dict(scoping.units_visible(actor).filter(is_active=True).values_list("name", "id"))
    ids = _parse_ids(roster)
    bidxs = sorted({v[1] for v in ids.values() if v[1]})
    existing: dict[str, Existing] = {}
    cols = ["id", "id_bidx", "organization__path", "membership__status"] + [f"membership__{k}" for k in DATE_KEYS]
    for i in range(0, len(bidxs), _CHUNK):
        for row in Person.objects.filter(id_bidx__in=bidxs[i:i + _CHUNK]).values(*cols):
            existing[row["id_bidx"]] = Existing(row["id"], row["organization__path"], row["membership__status"],
                                                {k: row[f"membership__{k}"] for k in DATE_KEYS})
    return Lookups(orgs=orgs, units=units, write_paths=scoping.scope_of(actor).write_paths, existing=existing,
                   ids=ids)


# --- validation (pure) ---------------------------------------------------------------------------------

@dataclass(slots=True)
class PlannedRow:
    row: int
    action: str  # "create" | "update"
    person_id: int | None
    number: str
    org: PartyOrganization
    status: str
    dates: dict  # the full membership dates after the import (updates: merged with the stored ones)
    fields: dict  # Person fields to set (updates: only cells that were filled in)
    phone: str | None  # None: leave as is


@dataclass
class Validation:
    rows: int = 0
    plans: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    roster: Roster | None = None

    @property
    def error_rows(self) -> set[int]:
        return {e.row for e in self.errors if e.row is not None}

    @property
    def creates(self) -> int:
        return sum(1 for p in self.plans if p.action == "create")

    @property
    def updates(self) -> int:
        return sum(1 for p in self.plans if p.action == "update")


def _choice_error(value: str, column: str, allowed: list[str]) -> str:
    shown = "、".join(allowed) if len(allowed) <= 10 else "、".join(allowed[:8]) + "等（见模板下拉列表）"
    return ERR_CHOICE.format(value=value, column=column, allowed=shown)


def _text(value) -> str:
    if value.__class__ is str:
        return value.strip()
    return "" if value is None else excel.cell_text(value)


def _date(value) -> dt.date | None:
    """excel.cell_date with a fast path for ISO text and real dates (ValueError when invalid)."""
    if value.__class__ is str and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    elif value.__class__ is dt.date:
        return value
    return excel.cell_date(value)


# The coded columns: (key, mapping, default for a new person when empty)
_CODED = [
    ("ethnicity", _ETHNICITY, Ethnicity.E01.value, list(Ethnicity.labels)),
    ("degree", _DEGREE, "", list(Degree.labels)),
    ("category", _CATEGORY, PersonCategory.CIVIL_SERVANT.value, list(PersonCategory.labels)),
]


def validate(roster: Roster, lookups: Lookups, *, progress: Callable[[int], None] | None = None) -> Validation:
    """Check every row; collect (row, column, reason) for each problem and a plan for each good row.
    No queries: everything comes from `lookups`."""
    result = Validation(rows=len(roster.rows), roster=roster)
    errors, plans = result.errors, result.plans
    missing = roster.width  # rows are padded: this index is always None
    j = {c.key: roster.index.get(c.key, missing) for c in COLUMNS}
    j_name, j_id, j_edu, j_unit, j_org, j_status, j_phone = (
        j["name"], j["id_number"], j["education"], j["unit"], j["organization"], j["status"], j["phone"])
    has_gender, has_birth = "gender" in roster.index, "birth_date" in roster.index
    date_cols = [(k, j[k], HEADER[k]) for k in DATE_KEYS if k in roster.index]
    coded = [(key, j[key], mapping, default, HEADER[key], allowed) for key, mapping, default, allowed in _CODED]
    plain = [(key, j[key], limit) for key, limit in (("native_place", 50), ("position", 60))]
    flags = [(key, j[key], HEADER[key]) for key in ("is_mobile", "is_lost_contact")]
    education_labels, status_labels = list(Education.labels), [s.label for s in STATUS_CHOICES]
    ids, existing_by_bidx, orgs, units = lookups.ids, lookups.existing, lookups.orgs, lookups.units
    seen: dict[str, int] = {}
    flagged_first: set[int] = set()
    h = HEADER
    for n_done, (rownum, row) in enumerate(roster.rows, start=1):
        if progress is not None and n_done % 2000 == 0:
            progress(n_done)
        errs: list[tuple[str, str]] = []
        # name
        name = _text(row[j_name])
        if not name:
            errs.append((h["name"], people_errors.ERR_NAME_REQUIRED))
        # ID number: format, duplicates in the file, a person already registered
        number, bidx, id_error, birth = ids[_id_text(row[j_id])]
        existing = None
        if id_error:
            errs.append((h["id_number"], id_error))
        else:
            first = seen.get(number)
            if first is not None:
                errs.append((h["id_number"], ERR_ID_DUP_IN_FILE.format(other=first)))
                if first not in flagged_first:
                    flagged_first.add(first)
                    errors.append(RowError(first, h["id_number"], ERR_ID_DUP_IN_FILE.format(other=rownum)))
            else:
                seen[number] = rownum
            existing = existing_by_bidx.get(bidx)
            if existing is not None and not lookups.can_write(existing.org_path):
                errs.append((h["id_number"], ERR_ID_OUT_OF_SCOPE))
                existing = None
            elif existing is not None and existing.status in OUT_OF_PARTY_STATUSES:
                errs.append((h["id_number"], ERR_OUT_OF_PARTY.format(status=MembershipStatus(existing.status).label)))
                existing = None
            # optional gender / birth date columns must agree with the ID number
            if has_gender:
                g = _text(row[j["gender"]])
                if g:
                    code = _GENDER.get(g)
                    expected = idnumber.gender(number)
                    if code is None:
                        errs.append((h["gender"], ERR_GENDER_INVALID))
                    elif code != expected:
                        errs.append((h["gender"], people_errors.ERR_GENDER_MISMATCH.format(
                            expected="男" if expected == "M" else "女")))
            if has_birth:
                try:
                    b = _date(row[j["birth_date"]])
                except ValueError as e:
                    errs.append((h["birth_date"], str(e)))
                else:
                    if b is not None and b != birth:
                        errs.append((h["birth_date"],
                                     people_errors.ERR_BIRTH_MISMATCH.format(expected=birth.isoformat())))
        update = existing is not None
        fields: dict = {}
        # coded values and plain text; on update an empty cell keeps the stored value
        for key, col, mapping, default, header, allowed in coded:
            v = _text(row[col])
            if v:
                code = mapping.get(v)
                if code is None:
                    errs.append((header, _choice_error(v, header, allowed)))
                else:
                    fields[key] = code
            elif not update:
                fields[key] = default
        v = _text(row[j_edu])
        if not v:
            errs.append((h["education"], ERR_REQUIRED.format(column=h["education"])))
        elif v in _EDUCATION:
            fields["education"] = _EDUCATION[v]
        else:
            errs.append((h["education"], _choice_error(v, h["education"], education_labels)))
        for key, col, limit in plain:
            v = _text(row[col])
            if v or not update:
                fields[key] = v[:limit]
        for key, col, header in flags:
            v = _text(row[col])
            if v not in _BOOL:
                errs.append((header, ERR_YES_NO.format(value=v)))
            elif v:
                fields[key] = _BOOL[v]
            elif not update:
                fields[key] = False
        # unit and organisation (only those the actor may write)
        v = _text(row[j_unit])
        if not v:
            errs.append((h["unit"], ERR_REQUIRED.format(column=h["unit"])))
        elif v in units:
            fields["unit_id"] = units[v]
        else:
            errs.append((h["unit"], ERR_UNIT_UNKNOWN.format(name=v)))
        org = None
        v = _text(row[j_org]).replace("／", "/")
        if not v:
            errs.append((h["organization"], ERR_REQUIRED.format(column=h["organization"])))
        else:
            candidates = orgs.get(v)
            if not candidates:
                errs.append((h["organization"], ERR_ORG_UNKNOWN.format(name=v)))
            elif len(candidates) > 1:
                ex = next((c for c in candidates if c.parent is not None), candidates[0])
                errs.append((h["organization"], ERR_ORG_AMBIGUOUS.format(
                    name=v, n=len(candidates), example=f"{ex.parent.name}/{ex.name}" if ex.parent else ex.name)))
            elif not candidates[0].is_active:
                errs.append((h["organization"], people_errors.ERR_ORG_INACTIVE.format(org=candidates[0].name)))
            else:
                org = candidates[0]
        # status and dates (on update merged with the stored dates)
        status = None
        v = _text(row[j_status])
        if not v:
            errs.append((h["status"], ERR_REQUIRED.format(column=h["status"])))
        elif v in _STATUS:
            status = _STATUS[v]
        else:
            errs.append((h["status"], _choice_error(v, h["status"], status_labels)))
        dates: dict = dict(existing.dates) if update and existing.status else dict.fromkeys(DATE_KEYS)
        for key, col, header in date_cols:
            try:
                d = _date(row[col])
            except ValueError as e:
                errs.append((header, str(e)))
                continue
            if d is not None:
                dates[key] = d
        phone = _text(row[j_phone])
        if phone and not _PHONE.match(phone):
            errs.append((h["phone"], people_errors.ERR_PHONE))
        if not errs:
            try:
                _check_membership(status, dates, birth, org)
            except ApplicationError as e:
                errs.append((h.get(e.field or "", h["status"]), e.message))
        if errs:
            errors.extend(RowError(rownum, column, reason) for column, reason in errs)
            continue
        fields["name"] = name[:50]
        plans.append(PlannedRow(
            row=rownum, action="update" if update else "create", person_id=existing.id if update else None,
            number=number, org=org, status=status, dates=dates, fields=fields,
            phone=phone if phone or not update else None))
    if progress is not None:
        progress(len(roster.rows))
    errors.sort(key=lambda e: e.row or 0)
    return result


def validate_upload(*, actor, data: bytes, progress: Callable[[int], None] | None = None,
                    on_total: Callable[[int], None] | None = None) -> Validation:
    """read + lookups + validate; a file-level problem becomes one error per missing column (or one for
    the file) with row None."""
    try:
        roster = read_roster(data)
    except ApplicationError as e:
        return Validation(errors=core_imports.file_errors(e))
    if on_total is not None:
        on_total(len(roster.rows))
    return validate(roster, load_lookups(actor, roster), progress=progress)


# --- error workbook --------------------------------------------------------------------------------------

def error_workbook(validation: Validation, *, target=None) -> bytes | None:
    """The uploaded rows again, with a 错误原因 column first and the bad rows highlighted."""
    roster = validation.roster
    return core_imports.error_workbook(sheet=ROSTER_SHEET, headers=roster.headers, rows=roster.rows,
                                       errors=validation.errors, template=template_columns(), target=target)


# --- template --------------------------------------------------------------------------------------------

EXAMPLE = {
    "name": "张三", "id_number": idnumber.synthetic(dt.date(1990, 3, 7), "M", 617, area="110105"), "ethnicity": "汉族", "native_place": "河北石家庄",
    "education": "大学本科", "degree": "学士", "category": "党政机关工作人员", "unit": "（系统中的单位全称）",
    "position": "科员", "organization": "（系统中的党支部全称）", "status": "正式党员",
    "applied_on": "2010-03-01", "admitted_on": "2012-07-01", "full_on": "2013-07-01",
    "is_mobile": "否", "is_lost_contact": "否", "phone": "13800001234",
}


_NOTES = {
    "status": "按状态填写相应日期：正式党员须填转正日期，预备党员须填入党日期，发展对象须填确定发展对象日期，"
              "入党积极分子须填确定积极分子日期，入党申请人须填申请入党日期。",
    "ethnicity": "下拉选择；空白为汉族。", "education": "下拉选择。", "degree": "下拉选择；可空。",
    "category": "下拉选择；空白为党政机关工作人员。", "is_mobile": "是/否；空白为否。",
    "is_lost_contact": "是/否；空白为否。", "phone": "11位手机号或带区号的固定电话。",
    "applied_on": "日期写作 2023-01-05，也可用 2023/1/5 或 Excel 日期。",
}
_GENERAL_NOTES = [
    "在“党员名册”工作表中每行填写一人；不要修改表头。红色表头为必填列（上表中标*）。",
    "公民身份号码列已设为文本格式；粘贴时请选择“只粘贴值”，不要让 Excel 把号码变成数字（会丢失末几位）。",
    "性别、出生日期由身份证号计算，无需填写；若自行加上这两列，须与身份证号一致。",
    "身份证号已在系统中登记的人员按本表更新（须在您的管理范围内）；更新时空白单元格保留原值。",
    "先上传校验（不写入任何数据），校验无误后再点“确认导入”；导入要么全部成功，要么全部不写入。",
    "上表“示例”列是一行完整的示例数据，请勿把示例填入“党员名册”工作表。",
]


def _synonym_note(key: str) -> str:
    words = SYNONYMS.get(key)
    if not words:
        return ""
    return "也可填写：" + "、".join(f"{word}（即{choice.label}）" for word, choice in words.items()) + "。"


def template_columns() -> list[excel.Column]:
    """The data sheet's columns: text-formatted ID and phone, dropdowns, input messages."""
    return [excel.Column(c.header, width=c.width, text=c.text, choices=c.choices, note=c.note, required=c.required)
            for c in COLUMNS if c.in_template]


def template_workbook() -> bytes:
    """The import template: the data sheet (text-formatted ID and phone columns, dropdowns) and a 说明
    sheet with one line per column, an example row (the 示例 column) and general notes."""
    cols = [c for c in COLUMNS if c.in_template]
    data = excel.SheetSpec(ROSTER_SHEET, template_columns())
    lines: list[list] = [[c.header + ("*" if c.required else ""), "必填" if c.required else "选填",
                          (c.note or _NOTES.get(c.key, "")) + _synonym_note(c.key), EXAMPLE.get(c.key, "")]
                         for c in cols]
    lines.append(["", "", "", ""])
    lines += [[f"注意{i}", "", note, ""] for i, note in enumerate(_GENERAL_NOTES, start=1)]
    help_sheet = excel.SheetSpec("说明", [excel.Column("列名", width=18), excel.Column("是否必填", width=10),
                                          excel.Column("填写说明", width=80), excel.Column("示例", width=24, text=True)],
                                 title="党员名册导入模板填写说明", rows=lines)
    return excel.write_workbook([data, help_sheet])


# --- commit (one transaction) ------------------------------------------------------------------------------

_SNAPSHOT_FIELDS = ["name", "gender", "birth_date", "ethnicity", "native_place", "education", "degree", "category",
                    "unit_id", "position", "organization_id", "is_mobile", "is_lost_contact"]
_UPDATE_FIELDS = ["name", "name_pinyin", "ethnicity", "native_place", "education", "degree", "category", "unit",
                  "position", "organization", "root", "is_mobile", "is_lost_contact", "phone_enc", "phone_masked",
                  "updated_at"]


def _snapshot(person: Person, phone: str | None, status: str | None) -> dict:
    snap = audit.snapshot(person, _SNAPSHOT_FIELDS)
    snap["id_number"] = person.id_bidx
    if phone is not None:
        snap["phone"] = phone
    if status:
        snap["status"] = status
    return snap


def _audit_row(actor, action: str, person: Person, org_path: str, changes: dict) -> AuditEvent:
    ip, request_id = audit.request_context.get()
    return AuditEvent(actor=actor if getattr(actor, "pk", None) else None, actor_name=getattr(actor, "username", ""),
                      action=action, object_type="people.person", object_id=str(person.pk),
                      object_repr=person.name[:200], org_path=org_path, changes=changes, ip=ip, request_id=request_id)


def roster_commit(*, actor, data: bytes, filename: str = "", progress: jobs.Progress | None = None,
                  inside: Callable[[dict], None] | None = None) -> dict:
    """Validate `data` again and write it all in ONE transaction: persons (bulk_create / bulk_update),
    memberships, their first (or next) MembershipPeriod, one audit event per person and one IMPORT
    summary. Any error: nothing is written (ApplicationError). `inside(counts)` runs in the same
    transaction after the writes (the commit job marks its validation there).

    The CPU-heavy preparation of new rows (encryption, pinyin, audit diffs) is done before the
    transaction opens, so the database is locked for the inserts only."""
    scoping.require(bool(scoping.scope_of(actor).write_paths))
    validation = validate_upload(actor=actor, data=data)
    if validation.errors:
        raise core_imports.commit_invalid(validation.errors)
    plans = validation.plans
    creates = [p for p in plans if p.action == "create"]
    if progress is not None:
        progress.total(len(plans))
    prepared = _prepare_creates(actor, creates, progress)
    with transaction.atomic():
        created = _write_creates(prepared)
        updated = _commit_updates(actor, [p for p in plans if p.action == "update"], progress, offset=created)
        counts = {"rows": validation.rows, "created": created, "updated": updated}
        audit.record(actor=actor, action=AuditAction.IMPORT, object_type="people.roster",
                     object_repr=f"党员名册导入 {filename}"[:200],
                     org_path=core_imports.common_path([p.org.path for p in plans]),
                     changes={k: [None, v] for k, v in counts.items()} | {"file": [None, filename[:100]]})
        if inside is not None:
            inside(counts)
    return counts


@dataclass(slots=True)
class _NewPerson:
    person: Person
    membership: Membership
    period: MembershipPeriod
    event: AuditEvent


def _prepare_creates(actor, plans: list[PlannedRow], progress) -> list[_NewPerson]:
    """Unsaved objects for the new people (no queries)."""
    out = []
    for i, p in enumerate(plans, start=1):
        f = p.fields
        person = Person(
            name=f["name"], name_pinyin=pinyin_key(f["name"]), ethnicity=f["ethnicity"],
            native_place=f["native_place"], education=f["education"], degree=f["degree"], category=f["category"],
            phone_enc=crypto.encrypt(p.phone) if p.phone else "", phone_masked=mask_phone(p.phone) if p.phone else "",
            unit_id=f["unit_id"], position=f["position"], organization=p.org, root_id=p.org.root_id or p.org.id,
            is_mobile=f["is_mobile"], is_lost_contact=f["is_lost_contact"], **protected_id_fields(p.number))
        m = Membership(person=person, status=p.status, **p.dates)
        period = MembershipPeriod(person=person, organization=p.org, status=p.status, valid_from=_status_since(m),
                                  reason="名册导入")
        event = _audit_row(actor, AuditAction.CREATE, person, p.org.path,
                           audit.diff({}, _snapshot(person, p.phone or "", p.status)))
        out.append(_NewPerson(person, m, period, event))
        if progress is not None and i % 5000 == 0:
            progress.set(i // 2)
    return out


def _write_creates(prepared: list[_NewPerson]) -> int:
    """Write the prepared rows with the fast path (executemany / COPY) and ids reserved up front."""
    if not prepared:
        return 0
    n = len(prepared)
    ids = {model: iter(bulk.reserve_ids(model, n)) for model in (Person, Membership, MembershipPeriod, AuditEvent)}
    now = timezone.now()
    persons, memberships, periods, events = [], [], [], []
    for x in prepared:
        x.person.pk = next(ids[Person])
        x.person.created_at = x.person.updated_at = now
        x.membership.pk, x.membership.person_id = next(ids[Membership]), x.person.pk
        x.membership.created_at = x.membership.updated_at = now
        x.period.pk, x.period.person_id = next(ids[MembershipPeriod]), x.person.pk
        x.event.pk, x.event.object_id, x.event.at = next(ids[AuditEvent]), str(x.person.pk), now
        persons.append(bulk.model_row(x.person))
        memberships.append(bulk.model_row(x.membership))
        periods.append(bulk.model_row(x.period))
        events.append(bulk.model_row(x.event))
    for model, rows in ((Person, persons), (Membership, memberships), (MembershipPeriod, periods),
                        (AuditEvent, events)):
        bulk.insert_rows(model, rows)
    return n


def _commit_updates(actor, plans: list[PlannedRow], progress, *, offset: int) -> int:
    if not plans:
        return 0
    ids = [p.person_id for p in plans]
    persons: dict[int, Person] = {}
    memberships: dict[int, Membership] = {}
    open_periods: dict[int, list[MembershipPeriod]] = {}
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i:i + _CHUNK]
        persons.update((x.pk, x) for x in Person.objects.filter(pk__in=chunk).select_related("organization"))
        memberships.update((m.person_id, m) for m in Membership.objects.filter(person_id__in=chunk))
        for period in MembershipPeriod.objects.filter(person_id__in=chunk, valid_to__isnull=True):
            open_periods.setdefault(period.person_id, []).append(period)
    now, today = timezone.now(), dt.date.today()
    new_memberships, changed_memberships, closed, new_periods, events = [], [], [], [], []
    for p in plans:
        person = persons[p.person_id]
        if not scoping.can_write_path(actor, person.organization.path):  # changed since validation
            raise ApplicationError(ERR_ID_OUT_OF_SCOPE, extra={"row": p.row})
        m = memberships.get(person.pk)
        before = _snapshot(person, _old_phone(person) if p.phone is not None else None, m.status if m else None)
        org_changed = person.organization_id != p.org.id
        for key, value in p.fields.items():
            setattr(person, key, value)
        person.name_pinyin = pinyin_key(person.name)
        person.organization, person.root_id = p.org, p.org.root_id or p.org.id
        if p.phone is not None:
            person.phone_enc = crypto.encrypt(p.phone) if p.phone else ""
            person.phone_masked = mask_phone(p.phone) if p.phone else ""
        person.updated_at = now
        status_changed = m is None or m.status != p.status
        if m is None:
            m = Membership(person=person)
            new_memberships.append(m)
        else:
            changed_memberships.append(m)
        m.status = p.status
        for key, value in p.dates.items():
            setattr(m, key, value)
        m.updated_at = now
        if status_changed or org_changed:
            since = _status_since(m) if status_changed else today
            for period in open_periods.get(person.pk, []):
                period.valid_to = max(since, period.valid_from)
                closed.append(period)
            new_periods.append(MembershipPeriod(person=person, organization=p.org, status=p.status,
                                                valid_from=since, reason="名册导入"))
        changes = audit.diff(before, _snapshot(person, p.phone, p.status))
        events.append(_audit_row(actor, AuditAction.UPDATE, person, p.org.path, changes))
    Person.objects.bulk_update(list(persons.values()), _UPDATE_FIELDS, batch_size=300)
    Membership.objects.bulk_create(new_memberships, batch_size=500)
    Membership.objects.bulk_update(changed_memberships, ["status", *DATE_KEYS, "updated_at"], batch_size=300)
    MembershipPeriod.objects.bulk_update(closed, ["valid_to"], batch_size=500)
    MembershipPeriod.objects.bulk_create(new_periods, batch_size=500)
    AuditEvent.objects.bulk_create(events, batch_size=500)
    if progress is not None:
        progress.set(offset + len(plans))
    return len(plans)


def _old_phone(person: Person) -> str:
    return crypto.decrypt(person.phone_enc) if person.phone_enc else ""


# --- uploads and jobs ------------------------------------------------------------------------------------

def roster_import_submit(*, actor, data: bytes, filename: str) -> Job:
    """Check the upload (empty / too big / not xlsx / junk are refused before any job exists), store it
    under MEDIA_ROOT/uploads/<random>.xlsx and start the validation job (a dry run: writes no data)."""
    if not scoping.scope_of(actor).write_paths:
        raise ApplicationError(ERR_NO_WRITE_SCOPE)
    return core_imports.import_submit(actor=actor, data=data, filename=filename, kind=VALIDATE_KIND,
                                      title="名册导入校验", default_name="名册.xlsx")


def result_url(job: Job) -> str:
    from django.urls import reverse

    return reverse("people:import_result", args=[job.pk])


@jobs.job_handler(VALIDATE_KIND)
def _validate_job(job: Job, progress: jobs.Progress) -> None:
    data = _read_upload(job.params)
    validation = validate_upload(actor=job.created_by, data=data, progress=progress.set, on_total=progress.total)
    core_imports.record_validation(
        job, rows=validation.rows, errors=validation.errors, has_sheet=validation.roster is not None,
        counts={"create": validation.creates, "update": validation.updates},
        write_errors=lambda target: error_workbook(validation, target=target), error_name="名册导入错误报告.xlsx",
        ok_message=f"校验通过：共{validation.rows}行，将新增{validation.creates}人，更新{validation.updates}人。",
        next_url=result_url(job))


def roster_commit_submit(*, actor, validate_job: Job) -> Job:
    """Start the commit of a validated upload: only the actor's own, error-free, not yet committed
    validation."""
    return core_imports.commit_submit(actor=actor, validate_job=validate_job, validate_kind=VALIDATE_KIND,
                                      commit_kind=COMMIT_KIND, title="名册导入")


@jobs.job_handler(COMMIT_KIND)
def _commit_job(job: Job, progress: jobs.Progress) -> None:
    counts = core_imports.run_commit(job, progress, validate_kind=VALIDATE_KIND, commit=roster_commit,
                                     result_url=result_url)
    job.message = f"导入完成：新增{counts['created']}人，更新{counts['updated']}人。"
