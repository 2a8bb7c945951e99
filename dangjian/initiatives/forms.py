"""Forms of the initiative pages. They only parse input; the rules live in services.py."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from dangjian.core.forms import TextField, model_choice_field
from dangjian.initiatives.enums import InitiativeKind, InitiativeStatus
from dangjian.initiatives.selectors import orgs_for_initiatives
from dangjian.organizations.forms import required
from dangjian.organizations.models import PartyOrganization

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def date_field(label: str, *, required_: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required_,
        widget=DATE,
        error_messages={**required(label), "invalid": f"{label}：请输入有效日期，如 2023-12-31。"},
    )


class InitiativeFilter(forms.Form):
    kind = forms.ChoiceField(
        label="类型", required=False, choices=[("", "全部类型"), *InitiativeKind.choices]
    )
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部状态"), *InitiativeStatus.choices]
    )
    year = forms.IntegerField(label="设立年度", required=False, min_value=2000, max_value=2100)
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)
    q = TextField(label="名称", required=False, max_length=100)


class InitiativeForm(forms.Form):
    organization: forms.ModelChoiceField[PartyOrganization] = forms.ModelChoiceField(
        label="党组织",
        queryset=None,
        empty_label="请选择党组织",
        error_messages={**required("党组织"), "invalid_choice": "所选党组织不存在或不在您的管理范围内。"},
    )
    kind = forms.ChoiceField(label="类型", choices=InitiativeKind.choices, error_messages=required("类型"))
    name = TextField(label="名称", max_length=200, error_messages=required("名称"))
    established_on = date_field("设立日期")
    members = TextField(
        label="成员", max_length=2000, required=False, help_text="本组织人员姓名，用顿号“、”分隔"
    )
    description = TextField(
        label="简介", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, actor, edit: bool = False, **kwargs):
        kwargs.setdefault("initial", {"established_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        if edit:
            del self.fields["organization"], self.fields["kind"]
        else:
            model_choice_field(self, "organization").queryset = orgs_for_initiatives(actor=actor)


class CloseForm(forms.Form):
    closed_on = date_field("撤销日期")
