"""The roster's columns, their coded values and messages, reading the sheet, and the template."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dangjian.core import excel, idnumber
from dangjian.core import imports as core_imports
from dangjian.people.enums import SYNONYMS, Degree, Education, Ethnicity, MembershipStatus, PersonCategory
from dangjian.people.membership import DATE_LABEL

VALIDATE_KIND = "people.roster_validate"
COMMIT_KIND = "people.roster_commit"
ROSTER_SHEET = "党员名册"
MAX_ROWS = 100_000

# --- messages (Chinese, naming the row / column) --------------------------------------------------
ERR_REQUIRED = "“{column}”不能为空。"
ERR_CHOICE = "“{value}”不是有效的{column}，应为：{allowed}。"
ERR_YES_NO = "“{value}”无效：应填“是”或“否”。"
ERR_ID_DUP_IN_FILE = "身份证号与第{other}行重复。"
ERR_ID_OUT_OF_SCOPE = "该身份证号的人员已在其他党组织登记，请通过组织关系转接办理。"  # names nobody
ERR_OUT_OF_PARTY = "该人员的党籍状态为“{status}”，不能通过名册导入修改，请在人员页面办理。"
ERR_ORG_UNKNOWN = "党组织“{name}”不存在或不在您的管理范围内。"
ERR_ORG_AMBIGUOUS = "党组织名称“{name}”不唯一（{n}个），请填写全称：上级组织名称/本组织名称，如“{example}”。"
ERR_UNIT_UNKNOWN = "工作单位“{name}”不存在或不在您的管理范围内。"
ERR_GENDER_INVALID = "性别应为“男”或“女”。"
ERR_NO_WRITE_SCOPE = "您没有导入名册的权限。"


# --- columns --------------------------------------------------------------------------------------

STATUS_CHOICES = [
    MembershipStatus.FULL,
    MembershipStatus.PROBATIONARY,
    MembershipStatus.CANDIDATE,
    MembershipStatus.ACTIVIST,
    MembershipStatus.APPLICANT,
]
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


COLUMNS: list[RosterColumn] = [
    RosterColumn("name", "姓名", True, width=10),
    RosterColumn(
        "id_number",
        "公民身份号码",
        True,
        text=True,
        width=22,
        note="18位身份证号，末位X大写或小写均可；本列为文本格式，请勿改成数字。",
    ),
    RosterColumn("gender", "性别", choices=("男", "女"), in_template=False),
    RosterColumn("birth_date", "出生日期", in_template=False),
    RosterColumn("ethnicity", "民族", choices=tuple(Ethnicity.labels), width=10),
    RosterColumn("native_place", "籍贯", width=12),
    RosterColumn("education", "学历", True, choices=tuple(Education.labels), width=12),
    RosterColumn("degree", "学位", choices=tuple(Degree.labels), width=8),
    RosterColumn("category", "人员类别", choices=tuple(PersonCategory.labels), width=20),
    RosterColumn("unit", "工作单位", True, width=20, note="填写单位全称，须与系统中的单位名称一致。"),
    RosterColumn("position", "职务", width=14),
    RosterColumn(
        "organization",
        "所在党组织",
        True,
        width=24,
        note="填写党组织全称；重名时写“上级组织名称/本组织名称”。",
    ),
    RosterColumn("status", "党员状态", True, choices=tuple(s.label for s in STATUS_CHOICES), width=14),
    RosterColumn("applied_on", DATE_LABEL["applied_on"], width=14),
    RosterColumn("activist_on", DATE_LABEL["activist_on"], width=16),
    RosterColumn("candidate_on", DATE_LABEL["candidate_on"], width=16),
    RosterColumn("admitted_on", DATE_LABEL["admitted_on"], width=14),
    RosterColumn("full_on", DATE_LABEL["full_on"], width=14),
    RosterColumn("is_mobile", "是否流动党员", choices=(YES, NO), width=12),
    RosterColumn("is_lost_contact", "是否失联", choices=(YES, NO), width=10),
    RosterColumn("phone", "联系电话", text=True, width=16),
]
HEADER = {c.key: c.header for c in COLUMNS}
REQUIRED_HEADERS = [c.header for c in COLUMNS if c.required]

ETHNICITY_CODE = (
    {e.label: e.value for e in Ethnicity}
    | {e.label.removesuffix("族"): e.value for e in Ethnicity}
    | {e.value: e.value for e in Ethnicity}
)
_SYNONYMS = {key: {word: choice.value for word, choice in words.items()} for key, words in SYNONYMS.items()}
EDUCATION_CODE = {e.label: e.value for e in Education} | _SYNONYMS["education"]
DEGREE_CODE = {e.label: e.value for e in Degree} | _SYNONYMS["degree"]
CATEGORY_CODE = {e.label: e.value for e in PersonCategory} | _SYNONYMS["category"]
STATUS_CODE = {s.label: s.value for s in STATUS_CHOICES} | _SYNONYMS["status"]
GENDER_CODE = {"男": "M", "女": "F"}
YES_NO = {YES: True, NO: False, "": None}


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
    sheet = core_imports.read_sheet(
        data,
        sheet=ROSTER_SHEET,
        columns={c.header: c.key for c in COLUMNS},
        required=REQUIRED_HEADERS,
        max_rows=MAX_ROWS,
    )
    return Roster(headers=sheet.headers, index=sheet.index, rows=sheet.rows)


# --- template --------------------------------------------------------------------------------------------

EXAMPLE = {
    "name": "张三",
    "id_number": idnumber.synthetic(dt.date(1990, 3, 7), "M", 617, area="110105"),
    "ethnicity": "汉族",
    "native_place": "河北石家庄",
    "education": "大学本科",
    "degree": "学士",
    "category": "党政机关工作人员",
    "unit": "（系统中的单位全称）",
    "position": "科员",
    "organization": "（系统中的党支部全称）",
    "status": "正式党员",
    "applied_on": "2010-03-01",
    "admitted_on": "2012-07-01",
    "full_on": "2013-07-01",
    "is_mobile": "否",
    "is_lost_contact": "否",
    "phone": "13800001234",
}


_NOTES = {
    "status": "按状态填写相应日期：正式党员须填转正日期，预备党员须填入党日期，发展对象须填确定发展对象日期，"
    "入党积极分子须填确定积极分子日期，入党申请人须填申请入党日期。",
    "ethnicity": "下拉选择；空白为汉族。",
    "education": "下拉选择。",
    "degree": "下拉选择；可空。",
    "category": "下拉选择；空白为党政机关工作人员。",
    "is_mobile": "是/否；空白为否。",
    "is_lost_contact": "是/否；空白为否。",
    "phone": "11位手机号或带区号的固定电话。",
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
    return [
        excel.Column(
            c.header, width=c.width, text=c.text, choices=c.choices, note=c.note, required=c.required
        )
        for c in COLUMNS
        if c.in_template
    ]


def template_workbook() -> bytes:
    """The import template: the data sheet (text-formatted ID and phone columns, dropdowns) and a 说明
    sheet with one line per column, an example row (the 示例 column) and general notes."""
    cols = [c for c in COLUMNS if c.in_template]
    data = excel.SheetSpec(ROSTER_SHEET, template_columns())
    lines: list[list] = [
        [
            c.header + ("*" if c.required else ""),
            "必填" if c.required else "选填",
            (c.note or _NOTES.get(c.key, "")) + _synonym_note(c.key),
            EXAMPLE.get(c.key, ""),
        ]
        for c in cols
    ]
    lines.append(["", "", "", ""])
    lines += [[f"注意{i}", "", note, ""] for i, note in enumerate(_GENERAL_NOTES, start=1)]
    help_sheet = excel.SheetSpec(
        "说明",
        [
            excel.Column("列名", width=18),
            excel.Column("是否必填", width=10),
            excel.Column("填写说明", width=80),
            excel.Column("示例", width=24, text=True),
        ],
        title="党员名册导入模板填写说明",
        rows=lines,
    )
    content = excel.write_workbook([data, help_sheet])
    assert content is not None  # no target: the bytes
    return content
