from __future__ import annotations

import datetime as dt

from django import forms

from dangjian.core.forms import TextField
from dangjian.elections.enums import PRETEST_POSTS, ElectionMethod
from dangjian.people.enums import Post


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _date(label: str) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), initial=dt.date.today)


class OrgChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return "\u3000" * max(obj.depth - 1, 0) + obj.name


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name}（{obj.organization.name}）"


MEMBER_ROWS = 7


class ElectionForm(forms.Form):
    organization = OrgChoice(label="党组织", queryset=None)
    held_on = _date("选举日期")
    method = forms.ChoiceField(label="选举方式", choices=ElectionMethod.choices)
    candidates = forms.IntegerField(label="候选人数", min_value=0, initial=0, required=False)
    voters_expected = forms.IntegerField(label="应到有选举权人数", min_value=0, initial=0)
    voters_present = forms.IntegerField(label="实到人数", min_value=0, initial=0)
    note = TextField(label="说明", max_length=500, required=False)

    def __init__(self, *args, orgs=None, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = orgs  # type: ignore[attr-defined]
        for i in range(MEMBER_ROWS):
            self.fields[f"person_{i}"] = PersonChoice(
                label=f"当选人{i + 1}", queryset=people, required=i == 0
            )
            self.fields[f"post_{i}"] = forms.ChoiceField(
                label=f"职务{i + 1}",
                choices=Post.choices,
                required=False,
                initial=Post.SECRETARY if i == 0 else Post.MEMBER,
            )

    def members(self) -> list:
        d = self.cleaned_data
        return [
            (d[f"person_{i}"], d[f"post_{i}"] or Post.MEMBER, 0)
            for i in range(MEMBER_ROWS)
            if d.get(f"person_{i}")
        ]


class AdjustmentForm(forms.Form):
    left_post: forms.ModelChoiceField = forms.ModelChoiceField(
        label="离任（现任职务）", queryset=None, required=False
    )
    came_person = PersonChoice(label="接任人", queryset=None, required=False)
    post = forms.ChoiceField(label="职务", choices=Post.choices)
    adjusted_on = _date("调整日期")
    reason = TextField(label="调整原因", max_length=200)

    def __init__(self, *args, posts=None, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["left_post"].queryset = posts  # type: ignore[attr-defined]
        self.fields["left_post"].label_from_instance = lambda p: f"{p.person.name} {p.get_post_display()}"  # type: ignore[attr-defined]
        self.fields["came_person"].queryset = people  # type: ignore[attr-defined]


class PreTestForm(forms.Form):
    organization = OrgChoice(label="党组织", queryset=None)
    person = PersonChoice(label="人员", queryset=None)
    post = forms.ChoiceField(label="拟任职务", choices=PRETEST_POSTS)
    tested_on = _date("测试日期")
    score = forms.DecimalField(label="成绩", max_digits=5, decimal_places=1, min_value=0, max_value=100)
    passed = forms.TypedChoiceField(
        label="结果", choices=[("1", "合格"), ("0", "不合格")], coerce=lambda v: v == "1"
    )
    note = TextField(label="备注", max_length=200, required=False)

    def __init__(self, *args, orgs=None, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = orgs  # type: ignore[attr-defined]
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    date = _date("批复日期")
    note = TextField(label="意见", max_length=500, required=False)
