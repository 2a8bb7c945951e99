"""Forms of the problem pages. They only parse input; the rules live in services.py and rules.py."""

from __future__ import annotations

from django import forms

from dangjian.core.forms import TextField
from dangjian.organizations import scoping
from dangjian.organizations.forms import required
from dangjian.organizations.models import Unit
from dangjian.problems.enums import ProblemSource, ProblemStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label: str, *, required_: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required_,
        widget=DATE,
        error_messages={**required(label), "invalid": f"{label}：请输入有效日期，如 2023-12-31。"},
    )


def units_assignable(actor):
    """Units with an active organisation the actor may change (top-level and subordinate)."""
    orgs = scoping.orgs_visible(actor, write=True).filter(is_active=True)
    return (
        Unit.objects.filter(is_active=True, organizations__in=orgs)
        .exclude(category="committee")
        .distinct()
        .order_by("sort_order", "id")
    )


class ProblemForm(forms.Form):
    unit: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(
        label="责任单位",
        queryset=Unit.objects.none(),
        empty_label="请选择单位",
        error_messages={**required("责任单位"), "invalid_choice": "所选单位不存在或不在您的管理范围内。"},
    )
    source = forms.ChoiceField(
        label="问题来源", choices=ProblemSource.choices, error_messages=required("问题来源")
    )
    source_ref = TextField(
        label="来源说明", max_length=200, required=False, help_text="如“2022年度党建工作实绩考核”"
    )
    year = forms.IntegerField(
        label="年度",
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": "年度：请输入四位年份。",
            "min_value": "年度不正确。",
            "max_value": "年度不正确。",
        },
    )
    description = TextField(
        label="问题描述",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=required("问题描述"),
    )
    measures = TextField(
        label="整改措施", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    responsible = TextField(label="责任人", max_length=50, required=False)
    found_on = _date("交办日期")
    deadline = _date("整改时限")

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_assignable(actor)  # type: ignore[attr-defined]
        self.fields["deadline"].help_text = "不填为交办日期后三个月；遇节假日顺延至下一个工作日。"


class ProblemEditForm(forms.Form):
    measures = TextField(
        label="整改措施", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    responsible = TextField(label="责任人", max_length=50, required=False)
    progress = TextField(
        label="整改进展", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    deadline = _date("整改时限")

    def __init__(self, *args, may_move_deadline: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_move_deadline:
            del self.fields["deadline"]


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="附件", error_messages={"required": "请选择要上传的文件。", "empty": "附件为空文件。"}
    )


class FilterForm(forms.Form):
    q = forms.CharField(label="关键词", required=False, max_length=50)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *ProblemStatus.choices])
    source = forms.ChoiceField(label="来源", required=False, choices=[("", "全部"), *ProblemSource.choices])
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)
    queue = forms.ChoiceField(
        label="期限", required=False, choices=[("", "全部"), ("overdue", "已逾期"), ("due_soon", "临近期限")]
    )
