"""Forms of the medal and care pages (parsing only; rules in services.py)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from dangjian.care.enums import CareKind
from dangjian.core.forms import TextField
from dangjian.organizations.forms import required

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AwardForm(forms.Form):
    awarded_on = forms.DateField(
        label="颁发日期",
        widget=DATE,
        error_messages={**required("颁发日期"), "invalid": "颁发日期：请输入有效日期。"},
    )
    note = TextField(label="备注", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"awarded_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class CareForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=CareKind.choices, error_messages=required("类型"))
    organization = forms.IntegerField(
        label="党组织",
        widget=forms.Select,
        error_messages={**required("党组织"), "invalid": "党组织：请选择。"},
    )
    recipient = TextField(label="对象（姓名）", max_length=50, error_messages=required("对象"))
    on = forms.DateField(
        label="日期", widget=DATE, error_messages={**required("日期"), "invalid": "日期：请输入有效日期。"}
    )
    amount = forms.DecimalField(
        label="金额（元）",
        max_digits=12,
        decimal_places=2,
        required=False,
        error_messages={
            "invalid": "金额：请输入数字（元）。",
            "max_decimal_places": "金额：最多两位小数。",
            "max_digits": "金额：金额过大。",
        },
    )
    reason = TextField(label="事由", max_length=200, error_messages=required("事由"))

    def __init__(self, *args, orgs, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["organization"].widget.choices = [("", "请选择")] + [(o.pk, o.name) for o in orgs]
