"""Forms of the pairing pages. They only parse input; the rules live in services.py."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from dangjian.core.areas import Area
from dangjian.core.forms import TextField, model_choice_field
from dangjian.organizations.forms import required
from dangjian.organizations.models import Unit
from dangjian.pairings.models import Enterprise, Park
from dangjian.pairings.selectors import units_for_pairing

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def date_field(label: str, *, required_: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required_,
        widget=DATE,
        error_messages={**required(label), "invalid": f"{label}：请输入有效日期，如 2023-12-31。"},
    )


def count_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        initial=0,
        error_messages={
            **required(label),
            "invalid": f"{label}：请输入整数。",
            "min_value": f"{label}不能为负数。",
        },
    )


class PairingFilter(forms.Form):
    partner = forms.ChoiceField(
        label="对象", required=False, choices=[("", "园区和企业"), ("park", "园区"), ("enterprise", "企业")]
    )
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)


class RegistryFilter(forms.Form):
    area = forms.ChoiceField(label="地区", required=False, choices=[("", "全部地区"), *Area.choices])
    q = TextField(label="名称或代码", required=False, max_length=100)


class ParkForm(forms.Form):
    name = TextField(label="园区名称", max_length=200, error_messages=required("园区名称"))
    area = forms.ChoiceField(label="所在地区", choices=Area.choices)
    credit_code = TextField(label="统一社会信用代码", max_length=40, required=False)
    address = TextField(label="地址", max_length=200, required=False)
    note = TextField(label="备注", max_length=500, required=False)


class EnterpriseForm(forms.Form):
    name = TextField(label="企业名称", max_length=200, error_messages=required("企业名称"))
    credit_code = TextField(
        label="统一社会信用代码", max_length=40, error_messages=required("统一社会信用代码")
    )
    area = forms.ChoiceField(label="所在地区", choices=Area.choices)
    park: forms.ModelChoiceField[Park] = forms.ModelChoiceField(
        label="所在园区", queryset=Park.objects.all(), required=False, empty_label="（不在园区）"
    )
    industry = TextField(label="行业", max_length=100, required=False)
    address = TextField(label="地址", max_length=200, required=False)


class PairingForm(forms.Form):
    unit: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(
        label="选派单位",
        queryset=None,
        empty_label="请选择单位",
        error_messages={**required("选派单位"), "invalid_choice": "所选单位不存在或不在您的管理范围内。"},
    )
    park: forms.ModelChoiceField[Park] = forms.ModelChoiceField(
        label="园区", queryset=Park.objects.all(), required=False, empty_label="（对接企业时不选）"
    )
    enterprise: forms.ModelChoiceField[Enterprise] = forms.ModelChoiceField(
        label="企业", queryset=Enterprise.objects.all(), required=False, empty_label="（对接园区时不选）"
    )
    started_on = date_field("对接开始")
    cadres = TextField(
        label="选派干部", max_length=2000, required=False, help_text="本单位人员姓名，用顿号“、”分隔"
    )
    visits = count_field("走访次数")
    problems_solved = count_field("解决问题数")
    note = TextField(label="备注", max_length=500, required=False)

    def __init__(self, *args, actor, **kwargs):
        kwargs.setdefault("initial", {"started_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        model_choice_field(self, "unit").queryset = units_for_pairing(actor=actor)


class PairingUpdateForm(forms.Form):
    visits = count_field("走访次数")
    problems_solved = count_field("解决问题数")
    ended_on = date_field("对接结束", required_=False)
    cadres = TextField(
        label="选派干部", max_length=2000, required=False, help_text="本单位人员姓名，用顿号“、”分隔"
    )
    note = TextField(label="备注", max_length=500, required=False)
