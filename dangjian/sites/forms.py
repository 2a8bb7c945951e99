"""Forms of the demonstration-site pages. They only parse input; the rules live in services.py."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from dangjian.core.forms import TextField, model_choice_field
from dangjian.organizations import scoping
from dangjian.organizations.enums import OrgKind
from dangjian.organizations.forms import required
from dangjian.organizations.models import PartyOrganization


class SiteProposeForm(forms.Form):
    organization: forms.ModelChoiceField[PartyOrganization] = forms.ModelChoiceField(
        label="党支部",
        queryset=None,
        empty_label="请选择党支部",
        error_messages={**required("党支部"), "invalid_choice": "所选党支部不存在或不在您的管理范围内。"},
    )
    year = forms.IntegerField(
        label="申报年度",
        min_value=2000,
        max_value=2100,
        error_messages={**required("申报年度"), "invalid": "申报年度：请输入四位年份。"},
    )
    statement = TextField(label="申报材料摘要", max_length=5000, required=False, widget=forms.Textarea)

    def __init__(self, *args, actor, **kwargs):
        kwargs.setdefault("initial", {"year": timezone.localdate().year})
        super().__init__(*args, **kwargs)
        model_choice_field(self, "organization").queryset = (
            scoping.orgs_visible(actor, write=True)
            .filter(kind=OrgKind.BRANCH, is_active=True)
            .order_by("path")
        )
