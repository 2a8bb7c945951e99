"""Forms of the youth-group pages. They only parse input; the rules live in
services/youth.py, whose ApplicationError is put back on the named field."""

from __future__ import annotations

import datetime as dt

from django import forms

from dangjian.core.forms import TextField
from dangjian.meetings.enums import MeetingStatus
from dangjian.organizations.forms import OrgLabelChoiceField, date_field, required

ERR_UNIT_CHOICE = "所选单位不存在或不在您的权限范围内。"
ERR_ORG_CHOICE = "所选组织不存在、已撤销或不在您的权限范围内。"
ERR_PERSON_CHOICE = "所选人员不存在或不在您的权限范围内。"
ERR_DATETIME_INVALID = "{label}：请输入有效时间，如 2023-12-31 09:00。"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class YouthGroupForm(forms.Form):
    name = TextField(label="小组名称", max_length=100, error_messages=required("小组名称"))

    def __init__(self, *args, units, orgs, instance=None, leaders=None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": instance.name,
                "organization": instance.organization_id,
                "established_on": instance.established_on,
                "leader": instance.leader_id,
            }
        super().__init__(*args, **kwargs)
        self.instance = instance
        if instance is None:
            self.fields["unit"] = forms.ModelChoiceField(
                queryset=units,
                label="单位",
                empty_label="请选择单位",
                error_messages={**required("单位"), "invalid_choice": ERR_UNIT_CHOICE},
            )
        self.fields["organization"] = OrgLabelChoiceField(
            queryset=orgs,
            label="指导党组织",
            empty_label="请选择党组织",
            error_messages={**required("指导党组织"), "invalid_choice": ERR_ORG_CHOICE},
        )
        self.fields["established_on"] = date_field("成立日期", required_=True, initial=dt.date.today)
        if leaders is not None:
            self.fields["leader"] = forms.TypedChoiceField(
                label="组长",
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", "（未设）"), *leaders],
                error_messages={"invalid_choice": ERR_PERSON_CHOICE},
            )
        order = ["unit", "organization", "name", "established_on", "leader"]
        self.order_fields([f for f in order if f in self.fields])

    def clean_name(self):
        return self.cleaned_data["name"].strip()


class YouthMemberForm(forms.Form):
    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"] = forms.IntegerField(
            label="人员",
            widget=forms.Select(choices=[("", "请选择人员"), *candidates]),
            error_messages={**required("人员"), "invalid": ERR_PERSON_CHOICE},
        )
        self.fields["joined_on"] = date_field("加入日期", required_=True, initial=dt.date.today)


class YouthLeaveForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["left_on"] = date_field("退出日期", required_=True, initial=dt.date.today)


class YouthDissolveForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"] = date_field("撤销日期", required_=True, initial=dt.date.today)


class YouthActivityForm(forms.Form):
    title = TextField(label="活动主题", max_length=200, error_messages=required("活动主题"))
    held_at = forms.DateTimeField(
        label="时间",
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        error_messages={**required("时间"), "invalid": ERR_DATETIME_INVALID.format(label="时间")},
    )
    place = TextField(label="地点", max_length=100, required=False)
    status = forms.ChoiceField(
        label="状态",
        choices=[(MeetingStatus.HELD, "已开展"), (MeetingStatus.PLANNED, "计划")],
        initial=MeetingStatus.HELD,
    )
    study_content = TextField(label="学习内容", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CoverageForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, required=False)
