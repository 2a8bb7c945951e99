"""Forms of the selection pages. They only parse input; the rules live in services.py."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from dangjian.awards.enums import NomineeKind, SelectionKind
from dangjian.core.forms import TextField, model_choice_field
from dangjian.organizations import scoping
from dangjian.organizations.forms import required
from dangjian.organizations.models import PartyOrganization, Unit
from dangjian.people.models import Person

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SelectionForm(forms.Form):
    name = TextField(label="评选名称", max_length=100, error_messages=required("评选名称"))
    kind = forms.ChoiceField(label="类别", choices=SelectionKind.choices, initial=SelectionKind.OTHER)
    year = forms.IntegerField(
        label="年度",
        min_value=2000,
        max_value=2100,
        error_messages={**required("年度"), "invalid": "年度：请输入四位年份。"},
    )
    collective_quota = forms.IntegerField(
        label="集体名额",
        min_value=0,
        initial=0,
        error_messages={"invalid": "集体名额：请输入整数。", "min_value": "集体名额不能为负数。"},
    )
    individual_quota = forms.IntegerField(
        label="个人名额",
        min_value=0,
        initial=0,
        error_messages={"invalid": "个人名额：请输入整数。", "min_value": "个人名额不能为负数。"},
    )
    nomination_deadline = forms.DateField(
        label="推荐截止日期",
        required=False,
        widget=DATE,
        error_messages={"invalid": "推荐截止日期：请输入有效日期，如 2023-12-31。"},
    )
    description = TextField(label="说明", max_length=5000, required=False, widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"year": timezone.localdate().year})
        super().__init__(*args, **kwargs)


class NominationForm(forms.Form):
    nominee_kind = forms.ChoiceField(label="对象类别", choices=NomineeKind.choices)
    unit: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(
        label="单位（单位、处室）",
        queryset=None,
        required=False,
        empty_label="请选择单位",
        error_messages={"invalid_choice": "所选单位不存在或不在您的管理范围内。"},
    )
    office_name = TextField(label="处室名称", max_length=60, required=False)
    nominee_org: forms.ModelChoiceField[PartyOrganization] = forms.ModelChoiceField(
        label="党组织",
        queryset=None,
        required=False,
        empty_label="请选择党组织",
        error_messages={"invalid_choice": "所选党组织不存在或不在您的管理范围内。"},
    )
    person_id = forms.IntegerField(
        label="个人（人员编号）",
        required=False,
        min_value=1,
        error_messages={"invalid": "个人：请输入人员编号。"},
    )
    citation = TextField(label="主要事迹", max_length=5000, required=False, widget=forms.Textarea)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        orgs = scoping.orgs_visible(actor, write=True).filter(is_active=True)
        model_choice_field(self, "unit").queryset = (
            Unit.objects.filter(organizations__in=orgs).distinct().order_by("sort_order", "id")
        )
        model_choice_field(self, "nominee_org").queryset = orgs.order_by("path")

    def clean(self):
        data = super().clean() or {}
        pid = data.pop("person_id", None)
        data["person"] = None
        if pid:
            person = (
                Person.objects.filter(scoping.person_q(self.actor, write=True), pk=pid)
                .select_related("unit", "organization")
                .first()
            )
            if person is None:
                self.add_error("person_id", "个人：该人员不存在或不在您的管理范围内。")
            data["person"] = person
        return data
