"""Forms of the village cadre pages. They only parse input; the rules live in services.py."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from dangjian.core.areas import Area
from dangjian.core.forms import TextField, model_choice_field
from dangjian.organizations.forms import required
from dangjian.organizations.models import Unit
from dangjian.villages.enums import CadreRole
from dangjian.villages.selectors import units_for_stationing

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def date_field(label: str, *, required_: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required_,
        widget=DATE,
        error_messages={**required(label), "invalid": f"{label}：请输入有效日期，如 2023-12-31。"},
    )


class StationingFilter(forms.Form):
    area = forms.ChoiceField(label="所在市", required=False, choices=[("", "全部地区"), *Area.choices])
    role = forms.ChoiceField(label="身份", required=False, choices=[("", "全部身份"), *CadreRole.choices])
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)


class StationingForm(forms.Form):
    unit: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(
        label="派出单位",
        queryset=None,
        empty_label="请选择单位",
        error_messages={**required("派出单位"), "invalid_choice": "所选单位不存在或不在您的管理范围内。"},
    )
    person_name = TextField(
        label="姓名", max_length=50, error_messages=required("姓名"), help_text="派出单位的人员"
    )
    role = forms.ChoiceField(label="身份", choices=CadreRole.choices)
    area = forms.ChoiceField(label="所在市", choices=Area.choices)
    county = TextField(label="县（市、区）", max_length=50, required=False)
    township = TextField(label="乡镇", max_length=50, required=False)
    village = TextField(label="村", max_length=100, error_messages=required("村"))
    started_on = date_field("驻村开始")

    def __init__(self, *args, actor, **kwargs):
        kwargs.setdefault("initial", {"started_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        model_choice_field(self, "unit").queryset = units_for_stationing(actor=actor)


class PresenceForm(forms.Form):
    month = forms.DateField(
        label="月份",
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
        error_messages={**required("月份"), "invalid": "月份：请输入如 2023-05。"},
    )
    days_present = forms.IntegerField(
        label="在村天数", error_messages={**required("在村天数"), "invalid": "在村天数：请输入整数。"}
    )
    note = TextField(label="说明", max_length=200, required=False)


class LeaveForm(forms.Form):
    starts_on = date_field("请假开始")
    ends_on = date_field("请假结束")
    reason = TextField(label="事由", max_length=200, error_messages=required("事由"))
    approved_by = TextField(label="批准人", max_length=100, required=False)


class SpotCheckForm(forms.Form):
    checked_on = date_field("抽查日期")
    in_village = forms.BooleanField(label="在村", required=False)
    at_unit = forms.BooleanField(label="在派出单位", required=False)
    checked_by = TextField(label="抽查人", max_length=100, required=False)
    note = TextField(label="说明", max_length=200, required=False)


class EndForm(forms.Form):
    ended_on = date_field("驻村结束")


class CheckFilter(forms.Form):
    start = date_field("自", required_=False)
    end = date_field("至", required_=False)
    month = forms.DateField(
        label="月份",
        required=False,
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
    )


class TeamForm(forms.Form):
    name = TextField(label="调研组名称", max_length=100, error_messages=required("调研组名称"))
    started_on = date_field("成立日期")
    ended_on = date_field("结束日期", required_=False)
    members = TextField(
        label="成员", max_length=2000, required=False, help_text="姓名，用顿号“、”分隔；第一位为组长"
    )
    note = TextField(label="说明", max_length=500, required=False)


class VisitForm(forms.Form):
    area = forms.ChoiceField(label="地区", choices=Area.choices)
    visited_on = date_field("调研日期")
    places = TextField(label="调研地点", max_length=200, required=False)


class FindingForm(forms.Form):
    area = forms.ChoiceField(label="地区", choices=Area.choices)
    unit: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(
        label="整改单位",
        queryset=Unit.objects.filter(is_active=True),
        empty_label="请选择单位",
        error_messages=required("整改单位"),
    )
    found_on = date_field("发现日期")
    deadline = date_field("整改期限", required_=False)
    description = TextField(
        label="问题描述",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=required("问题描述"),
    )
    measures = TextField(
        label="整改要求",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="列入问题清单的整改措施，整改单位可再补充",
    )
