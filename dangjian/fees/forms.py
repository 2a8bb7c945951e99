"""Forms of the fee pages (parsing only; the rules live in rules.py and services.py)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from dangjian.core.forms import TextField
from dangjian.fees.enums import FeeCategory
from dangjian.organizations.forms import required

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONTHS = [(m, f"{m}月") for m in range(1, 13)]


class BaseForm(forms.Form):
    category = forms.ChoiceField(label="类别", choices=FeeCategory.choices, error_messages=required("类别"))
    # Text, not a number field: the service says what is wrong with "abc" or "-100" (rules.parse_base).
    base = TextField(label="计算基数（元/月）", max_length=20, error_messages=required("计算基数"))


class PaymentForm(forms.Form):
    months = forms.TypedMultipleChoiceField(
        label="交纳月份",
        choices=MONTHS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "交纳月份：请至少选择一个月。"},
    )
    paid_on = forms.DateField(
        label="交纳日期",
        widget=DATE,
        error_messages={**required("交纳日期"), "invalid": "交纳日期：请输入有效日期。"},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"paid_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class PublishForm(forms.Form):
    published_on = forms.DateField(
        label="公示日期",
        widget=DATE,
        error_messages={**required("公示日期"), "invalid": "公示日期：请输入有效日期。"},
    )
    note = TextField(
        label="说明（党费使用情况等）",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"published_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
