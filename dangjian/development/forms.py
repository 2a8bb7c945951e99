"""Forms of the development pages: they only shape input; the rules are in services and rules."""

from __future__ import annotations

import datetime as dt

from django import forms

from dangjian.core.forms import TextField
from dangjian.development.enums import STEPS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _date(label: str = "日期") -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), initial=dt.date.today)


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name}（{obj.organization.name}）"


class ApplicantForm(forms.Form):
    person = PersonChoice(
        label="申请人",
        queryset=None,
        help_text="本支部尚未入党、未在发展中的人员；新人员请先在“党员名册”登记",
    )
    applied_on = _date("申请入党日期")
    documents = TextField(label="材料", max_length=200, required=False, initial="入党申请书")
    note = TextField(label="说明", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class StepForm(forms.Form):
    step = forms.ChoiceField(label="步骤")
    date = _date()
    documents = TextField(
        label="材料", max_length=200, required=False, help_text="如：谈话记录、备案表、考察意见"
    )
    note = TextField(label="说明", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, steps=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [(t.name, f"第{STEPS[t.name][0]}步 {t.label}") for t in steps]  # type: ignore[attr-defined]


class PeopleForm(forms.Form):
    people: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label="人员", queryset=None, widget=forms.CheckboxSelectMultiple
    )
    date = _date()
    note = TextField(label="说明", max_length=500, required=False)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people  # type: ignore[attr-defined]


class PoliticalReviewForm(forms.Form):
    date = _date()
    passed = forms.TypedChoiceField(
        label="审查结论", choices=[("1", "合格"), ("0", "不合格")], coerce=lambda v: v == "1"
    )
    conclusion = TextField(label="结论性材料摘要", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    documents = TextField(label="材料", max_length=200, required=False, initial="政治审查结论性材料")


class TrainingForm(forms.Form):
    date = _date("结业日期")
    days = forms.IntegerField(label="培训天数", min_value=0, max_value=365, initial=3)
    hours = forms.IntegerField(label="培训学时", min_value=0, max_value=1000, initial=0)
    note = TextField(label="培训机构与内容", max_length=500, required=False)


class TalkForm(forms.Form):
    talker: forms.ModelChoiceField = forms.ModelChoiceField(
        label="谈话人（上级党委委员或组织员）", queryset=None
    )
    date = _date()
    note = TextField(
        label="谈话情况", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["talker"].queryset = people  # type: ignore[attr-defined]


class ExtendForm(forms.Form):
    date = _date("批准日期")
    months = forms.IntegerField(
        label="延长月数", min_value=0, max_value=24, initial=6, help_text="6至12个月，只能延长一次"
    )
    note = TextField(label="原因", max_length=500, required=False)


class MeetingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.held_at:%Y-%m-%d} {obj.title}"


class VoteForm(forms.Form):
    meeting = MeetingChoice(
        label="支部党员大会", queryset=None, help_text="先在“会议与活动”登记大会及出勤；法定人数按出勤计算"
    )
    votes_for = forms.IntegerField(label="到会赞成", min_value=0, initial=0)
    votes_against = forms.IntegerField(label="到会反对", min_value=0, initial=0)
    abstentions = forms.IntegerField(label="到会弃权", min_value=0, initial=0)
    written_for = forms.IntegerField(
        label="书面意见赞成",
        min_value=0,
        initial=0,
        help_text="因故未到会的有表决权党员会前正式提出的书面意见",
    )
    written_against = forms.IntegerField(label="书面意见反对", min_value=0, initial=0)
    written_abstentions = forms.IntegerField(label="书面意见弃权", min_value=0, initial=0)
    note = TextField(label="说明", max_length=500, required=False)

    def __init__(self, *args, meetings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]
