"""Forms of the study-material pages. They only parse input; the rules live in services.py."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from dangjian.core.forms import TextField, model_choice_field
from dangjian.materials import errors
from dangjian.materials.selectors import units_for_distribution
from dangjian.organizations.forms import required
from dangjian.organizations.models import Unit


class MaterialForm(forms.Form):
    title = TextField(label="书名", max_length=200, error_messages=required("书名"))
    publisher = TextField(label="出版社", max_length=100, required=False)
    year = forms.IntegerField(
        label="年度",
        min_value=2000,
        max_value=2100,
        error_messages={
            **required("年度"),
            "invalid": "年度：请输入四位年份。",
            "min_value": errors.ERR_MATERIAL_YEAR,
            "max_value": errors.ERR_MATERIAL_YEAR,
        },
    )
    ordered_copies = forms.IntegerField(
        label="征订数量（册）",
        min_value=0,
        initial=0,
        error_messages={
            **required("征订数量"),
            "invalid": "征订数量：请输入整数。",
            "min_value": errors.ERR_MATERIAL_ORDERED,
        },
    )

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(errors.ERR_MATERIAL_TITLE)
        return title


class DistributionForm(forms.Form):
    unit: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(
        label="单位",
        queryset=None,
        empty_label="请选择单位",
        error_messages={**required("单位"), "invalid_choice": "所选单位不存在或不在您的管理范围内。"},
    )
    copies = forms.IntegerField(
        label="配发册数", error_messages={**required("配发册数"), "invalid": "配发册数：请输入整数。"}
    )
    distributed_on = forms.DateField(
        label="配发日期",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={**required("配发日期"), "invalid": "配发日期：请输入有效日期，如 2023-12-31。"},
    )

    def __init__(self, *args, actor, **kwargs):
        kwargs.setdefault("initial", {"distributed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        model_choice_field(self, "unit").queryset = units_for_distribution(actor=actor)
