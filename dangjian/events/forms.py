"""Forms of the event pages: an activity's fields (activities.forms) plus the event's own."""

from __future__ import annotations

from django import forms

from dangjian.activities.forms import ActivityForm
from dangjian.core.forms import TextField
from dangjian.events.enums import EVENT_KINDS, EventSeries
from dangjian.organizations.forms import DateInput

EVENT_ONLY = ["series", "registration_opens", "registration_closes", "capacity", "host"]


class EventForm(ActivityForm):
    series = forms.ChoiceField(
        label="活动系列",
        choices=EventSeries.choices,
        required=False,
        help_text="年度报表按系列统计（如年度工作会议、清风传家故事会）",
    )
    registration_opens = forms.DateField(label="报名开始", widget=DateInput(), required=False)
    registration_closes = forms.DateField(label="报名截止", widget=DateInput(), required=False)
    capacity = forms.IntegerField(
        label="名额", required=False, min_value=1, error_messages={"min_value": "名额须为正整数。"}
    )
    host = TextField(label="承办单位", max_length=200, required=False)

    def __init__(self, *args, user, with_org: bool = True, **kwargs):
        super().__init__(*args, user=user, kinds=EVENT_KINDS, with_org=with_org, **kwargs)
        self.fields.pop("beneficiaries")

    def service_fields(self) -> dict:
        d = super().service_fields()
        d.pop("beneficiaries", None)
        return d


class CaseForm(forms.Form):
    title = TextField(label="案例", max_length=200, error_messages={"required": "请填写案例名称。"})
    summary = TextField(label="案情与警示", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ResultForm(forms.Form):
    participation = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = TextField(label="选手姓名", max_length=50, required=False)

    def clean(self):
        d = super().clean() or {}
        if not d.get("participation") and not d.get("name"):
            raise forms.ValidationError("请选择选手。")
        return d

    item = TextField(label="项目", max_length=100, required=False)
    rank = forms.IntegerField(
        label="名次", required=False, min_value=1, error_messages={"min_value": "名次须为正整数。"}
    )
    award = TextField(label="奖项", max_length=50, required=False)
    score = forms.DecimalField(label="成绩", required=False, max_digits=10, decimal_places=2)
