"""Forms of the campaign pages. They only parse input; the rules live in services.py."""

from __future__ import annotations

from django import forms

from dangjian.activities.enums import ActivityKind, CampaignKind
from dangjian.campaigns.enums import DeedStatus, DifficultyStatus, ReportLine
from dangjian.core.forms import TextField, model_choice_field
from dangjian.organizations.forms import org_label, required
from dangjian.organizations.models import PartyOrganization

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label: str, *, needed: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=needed,
        widget=DATE,
        error_messages={**required(label), "invalid": f"{label}：请输入有效日期，如 2023-05-20。"},
    )


class OrgChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return org_label(obj)


def _org_field(label: str) -> OrgChoiceField:
    return OrgChoiceField(
        label=label,
        queryset=PartyOrganization.objects.none(),
        empty_label="请选择党组织",
        error_messages={**required(label), "invalid_choice": "所选党组织不存在或不在您的管理范围内。"},
    )


class CampaignForm(forms.Form):
    name = TextField(label="名称", max_length=200, error_messages=required("名称"))
    kind = forms.ChoiceField(label="类别", choices=CampaignKind.choices, initial=CampaignKind.THEME)
    organization = _org_field("组织单位")
    scope = _org_field("参与范围")
    first_day = _date("开始日期")
    last_day = _date("结束日期")
    description = TextField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    report_line = forms.ChoiceField(label="年度报告统计口径", choices=ReportLine.choices, required=False)

    def __init__(self, *args, orgs, scopes, committee: bool, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "organization").queryset = orgs
        model_choice_field(self, "scope").queryset = scopes
        self.fields["scope"].help_text = "参加本活动的党组织范围（含其下级）；默认同组织单位。"
        self.fields["scope"].required = False
        if not committee:
            del self.fields["report_line"]
        if editing:
            del self.fields["organization"]
            del self.fields["kind"]


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(
        label="类别",
        choices=[(k.value, k.label) for k in (ActivityKind.CAMPAIGN_ACTIVITY, ActivityKind.VOLUNTEER)],
    )
    title = TextField(label="名称", max_length=200, error_messages=required("名称"))
    organization = _org_field("组织单位")
    first_day = _date("开始日期")
    last_day = _date("结束日期", needed=False)
    place = TextField(label="地点", max_length=200, required=False)
    beneficiaries = forms.IntegerField(
        label="惠及群众（人次）",
        required=False,
        help_text="志愿服务项目填写。",
        error_messages={"invalid": "惠及人次：请输入整数。"},
    )
    description = TextField(label="内容", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "organization").queryset = orgs


class DeedForm(forms.Form):
    organization = _org_field("党组织")
    title = TextField(label="实事内容", max_length=200, error_messages=required("实事内容"))
    beneficiary = TextField(label="服务对象", max_length=100, required=False)
    status = forms.ChoiceField(label="办理状态", choices=DeedStatus.choices, initial=DeedStatus.DONE)
    done_on = _date("办结日期", needed=False)
    note = TextField(label="备注", max_length=500, required=False)

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        if orgs is None:
            del self.fields["organization"]
        else:
            model_choice_field(self, "organization").queryset = orgs


class DifficultyForm(forms.Form):
    organization = _org_field("党组织")
    title = TextField(label="难题内容", max_length=200, error_messages=required("难题内容"))
    raised_by = TextField(label="反映人/来源", max_length=100, required=False)
    raised_on = _date("提出日期", needed=False)
    status = forms.ChoiceField(
        label="解决状态", choices=DifficultyStatus.choices, initial=DifficultyStatus.OPEN
    )
    solved_on = _date("解决日期", needed=False)
    note = TextField(label="备注", max_length=500, required=False)

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        if orgs is None:
            del self.fields["organization"]
        else:
            model_choice_field(self, "organization").queryset = orgs


class ParticipantsForm(forms.Form):
    """Members picked from the roster of the organisations the actor records for."""

    person_ids = forms.TypedMultipleChoiceField(
        label="参加党员",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请选择参加人员。", "invalid_choice": "所选人员不在可登记的名单中。"},
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["person_ids"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(p.pk, f"{p.name}（{p.organization.name}）") for p in people]
