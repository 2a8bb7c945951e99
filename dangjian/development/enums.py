from django.db import models


class Stage(models.TextChoices):
    """Where a development record stands (rules.md §1a: five stages, 25 steps)."""

    APPLIED = "applied", "入党申请人"
    TALKED = "talked", "已谈话"
    ACTIVIST = "activist", "入党积极分子"
    CANDIDATE = "candidate", "发展对象"
    REVIEWED = "reviewed", "支委会已审查"
    PRE_REVIEWED = "pre_reviewed", "上级党委已预审"
    VOTED = "voted", "支部大会已通过"
    PROBATIONARY = "probationary", "预备党员"
    CONVERSION_APPLIED = "conversion_applied", "已申请转正"
    CONVERSION_VOTED = "conversion_voted", "支部大会通过转正"
    FULL = "full", "正式党员"
    CLOSED = "closed", "已终止"


OPEN_STAGES = [s for s in Stage if s not in (Stage.FULL, Stage.CLOSED)]

# The five stages of 细则 and the states each covers (the board's columns).
PHASES = [
    ("一、申请入党", [Stage.APPLIED, Stage.TALKED]),
    ("二、入党积极分子", [Stage.ACTIVIST]),
    ("三、发展对象", [Stage.CANDIDATE, Stage.REVIEWED]),
    ("四、预备党员的接收", [Stage.PRE_REVIEWED, Stage.VOTED]),
    ("五、预备党员的教育考察和转正", [Stage.PROBATIONARY, Stage.CONVERSION_APPLIED, Stage.CONVERSION_VOTED]),
]

# The 25 steps (rules.md §1a) by transition name: (step number, label). Steps 1 (the application,
# the record's creation) and 14, 19, 20, 21, 25 (recorded without changing the stage) included.
STEPS: dict[str, tuple[int, str]] = {
    "apply": (1, "递交入党申请书"),
    "talk": (2, "党组织派人谈话"),
    "make_activist": (3, "推荐和确定入党积极分子"),
    "file_activist": (4, "上级党委备案（积极分子）"),
    "assign_contacts": (5, "指定培养联系人"),
    "review": (6, "培养教育考察"),
    "make_candidate": (7, "确定发展对象"),
    "file_candidate": (8, "报上级党委备案（发展对象）"),
    "assign_sponsors": (9, "确定入党介绍人"),
    "political_review": (10, "进行政治审查"),
    "training": (11, "开展集中培训"),
    "committee_review": (12, "支部委员会审查"),
    "pre_review": (13, "上级党委预审"),
    "fill_form": (14, "填写入党志愿书"),
    "vote": (15, "支部大会讨论（接收预备党员）"),
    "vote_failed": (15, "支部大会表决未通过"),
    "committee_talk": (16, "上级党委派人谈话"),
    "approve": (17, "上级党委审批"),
    "file_approval": (18, "再上一级党委组织部门备案"),
    "assign_group": (19, "编入党支部和党小组"),
    "oath": (20, "入党宣誓"),
    "probation_review": (21, "继续教育考察"),
    "apply_conversion": (22, "提出转正申请"),
    "extend": (22, "延长预备期"),
    "conversion_vote": (23, "支部大会讨论（转正）"),
    "conversion_vote_failed": (23, "支部大会转正表决未通过"),
    "conversion_approve": (24, "上级党委审批转正"),
    "archive": (25, "材料归档"),
    "close": (0, "终止发展（取消资格）"),
}
