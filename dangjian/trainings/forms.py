from __future__ import annotations

from django import forms

from dangjian.core.forms import TextField, choice_field, model_choice_field
from dangjian.trainings.enums import ProgrammeSeries

DATE = forms.DateInput(attrs={"type": "date"})


class ProgrammeForm(forms.Form):
    name = TextField(label="培训项目名称", max_length=200)
    series = forms.ChoiceField(label="培训系列", choices=ProgrammeSeries.choices)
    organization: forms.ModelChoiceField = forms.ModelChoiceField(label="举办组织", queryset=None)
    first_day = forms.DateField(label="开始日期", widget=DATE)
    last_day = forms.DateField(label="结束日期", widget=DATE)
    completion_rate = forms.IntegerField(label="结业出勤率（%）", initial=90, min_value=1, max_value=100)
    description = TextField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "organization").queryset = organizations


class ClassForm(forms.Form):
    number = forms.IntegerField(label="期数（留空自动编号）", required=False, min_value=1)
    first_day = forms.DateField(label="开班日期", widget=DATE)
    last_day = forms.DateField(label="结业日期", widget=DATE)
    hours = forms.DecimalField(label="学时", max_digits=6, decimal_places=1, min_value=0)
    place = TextField(label="地点", max_length=200, required=False)
    seats = forms.IntegerField(label="名额（留空不限）", required=False, min_value=0)


class QuotaForm(forms.Form):
    unit: forms.ModelChoiceField = forms.ModelChoiceField(label="单位", queryset=None)
    seats = forms.IntegerField(label="名额", min_value=0)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "unit").queryset = units


class EnrolForm(forms.Form):
    person_ids = forms.TypedMultipleChoiceField(
        label="选择学员", coerce=int, choices=[], widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "person_ids").choices = [
            (p.pk, f"{p.name}（{p.organization.name}）") for p in candidates
        ]


class AttendanceForm(forms.Form):
    day = forms.DateField(label="日期", widget=DATE)
    present_ids = forms.TypedMultipleChoiceField(
        label="出勤学员", coerce=int, choices=[], required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, trainees=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "present_ids").choices = [
            (r.participation.pk, r.participation.display_name) for r in trainees
        ]
