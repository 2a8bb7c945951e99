"""Forms of the assessment and appraisal pages. They only parse input; the rules live in services.py."""

from __future__ import annotations

from django import forms

from dangjian.core.forms import TextField
from dangjian.organizations.forms import required

YEAR_ERRORS = {
    **required("年度"),
    "invalid": "年度：请输入四位年份。",
    "min_value": "年度不正确。",
    "max_value": "年度不正确。",
}


class AssessmentForm(forms.Form):
    name = TextField(label="名称", max_length=100, error_messages=required("名称"))
    year = forms.IntegerField(label="考核年度", min_value=2000, max_value=2100, error_messages=YEAR_ERRORS)


class IndicatorForm(forms.Form):
    name = TextField(label="指标", max_length=200, error_messages=required("指标"))
    max_score = forms.DecimalField(
        label="分值",
        max_digits=6,
        decimal_places=2,
        error_messages={**required("分值"), "invalid": "分值：请输入数字。"},
    )
    rule = TextField(
        label="评分规则（扣分细则）",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    parent = forms.IntegerField(label="上级指标", required=False, widget=forms.Select)


class FindingForm(forms.Form):
    description = TextField(
        label="发现的问题",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=required("发现的问题"),
    )
    subordinate = forms.IntegerField(label="责任单位", required=False, widget=forms.Select)
    measures = TextField(label="整改要求", required=False, max_length=2000)


class RoundForm(forms.Form):
    name = TextField(label="名称", max_length=100, error_messages=required("名称"))
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, error_messages=YEAR_ERRORS)
    grades = TextField(
        label="评价等次",
        max_length=100,
        required=False,
        help_text="用顿号分隔，从好到差；不填为“好、较好、一般、差”",
    )
    evaluators = TextField(
        label="测评人员（用户名）", max_length=2000, required=False, help_text="用逗号或空格分隔"
    )


class ReportForm(forms.Form):
    report = TextField(
        label="述职报告",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages=required("述职报告"),
    )


class ProblemForm(forms.Form):
    description = TextField(
        label="发现的问题",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=required("发现的问题"),
    )
    measures = TextField(label="整改要求", required=False, max_length=2000)
