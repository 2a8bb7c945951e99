"""Forms of the masses pages. They only parse input; the rules live in services.py."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from dangjian.core.forms import TextField, model_choice_field
from dangjian.masses.enums import ApplicationStatus
from dangjian.masses.selectors import units_for_posts
from dangjian.organizations.forms import required
from dangjian.organizations.models import Unit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def date_field(label: str, *, required_: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required_,
        widget=DATE,
        error_messages={**required(label), "invalid": f"{label}：请输入有效日期，如 2023-12-31。"},
    )


class PostForm(forms.Form):
    unit: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(
        label="单位",
        queryset=None,
        empty_label="请选择单位",
        error_messages={**required("单位"), "invalid_choice": "所选单位不存在或不在您的管理范围内。"},
    )
    title = TextField(label="岗位名称", max_length=100, error_messages=required("岗位名称"))
    department = TextField(label="处室", max_length=100, required=False)
    places = forms.IntegerField(
        label="招收人数",
        initial=1,
        error_messages={**required("招收人数"), "invalid": "招收人数：请输入整数。"},
    )
    majors = TextField(label="专业要求", max_length=200, required=False)
    offered_on = date_field("发布日期")
    description = TextField(
        label="岗位说明", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, actor, **kwargs):
        kwargs.setdefault("initial", {"offered_on": timezone.localdate(), "places": 1})
        super().__init__(*args, **kwargs)
        model_choice_field(self, "unit").queryset = units_for_posts(actor=actor)


class ApplicationForm(forms.Form):
    name = TextField(label="姓名", max_length=50, error_messages=required("姓名"))
    school = TextField(label="学校", max_length=100, error_messages=required("学校"))
    major = TextField(label="专业", max_length=100, required=False)
    applied_on = date_field("申请日期")


class DecideForm(forms.Form):
    application = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(
        label="处理", choices=[c for c in ApplicationStatus.choices if c[0] != "applied"]
    )
    placed_on = date_field("到岗日期", required_=False)


class SuggestionForm(forms.Form):
    drive = TextField(label="活动", max_length=100, initial="百名博士献百策", error_messages=required("活动"))
    submitter = TextField(label="建言人", max_length=50, error_messages=required("建言人"))
    affiliation = TextField(label="工作单位及身份", max_length=100, required=False)
    unit: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(
        label="推荐单位", queryset=None, required=False, empty_label="（无）"
    )
    topic = TextField(label="题目", max_length=200, error_messages=required("题目"))
    text = TextField(
        label="建议内容",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages=required("建议内容"),
    )
    submitted_on = date_field("提交日期")

    def __init__(self, *args, actor, **kwargs):
        kwargs.setdefault("initial", {"submitted_on": timezone.localdate(), "drive": "百名博士献百策"})
        super().__init__(*args, **kwargs)
        model_choice_field(self, "unit").queryset = units_for_posts(actor=actor)


class AdoptForm(forms.Form):
    adopted_on = date_field("采纳日期")
    note = TextField(label="采纳情况", max_length=500, required=False)


class YearFilter(forms.Form):
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)
    adopted = forms.ChoiceField(
        label="采纳", required=False, choices=[("", "全部"), ("1", "已采纳"), ("0", "未采纳")]
    )
    q = TextField(label="关键词", required=False, max_length=100)
