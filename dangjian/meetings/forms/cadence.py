"""Forms of the cadence, central-group pages. They only parse input; the rules
live in cadence.py and services/central_group.py."""

from __future__ import annotations

import datetime as dt

from django import forms

from dangjian.core.forms import choice_field, model_choice_field
from dangjian.meetings import errors
from dangjian.meetings.cadence import month_index
from dangjian.meetings.selectors.central_group import observer_candidates
from dangjian.people.models import Person

MAX_MONTHS = 60


def required(label: str) -> dict:
    return {"required": f"请填写{label}。"}


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self):
        super().__init__(format="%Y-%m")


class PeriodForm(forms.Form):
    """A year or a range of months; plus the organisation and a filter."""

    year = forms.IntegerField(
        label="年度",
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": "年度：请输入四位年份。",
            "min_value": "年度不正确。",
            "max_value": "年度不正确。",
        },
    )
    month_from = forms.DateField(
        label="起始月份",
        required=False,
        input_formats=["%Y-%m"],
        widget=MonthInput(),
        error_messages={"invalid": "起始月份：格式应为 2023-01。"},
    )
    month_to = forms.DateField(
        label="截止月份",
        required=False,
        input_formats=["%Y-%m"],
        widget=MonthInput(),
        error_messages={"invalid": "截止月份：格式应为 2023-12。"},
    )
    only_missing = forms.BooleanField(label="只看未达标", required=False)

    def clean(self):
        data = super().clean()
        assert data is not None  # Form.clean returns cleaned_data
        start, end = data.get("month_from"), data.get("month_to")
        if start and not end:
            end = start
        if end and not start:
            start = end
        if start and end:
            if end < start:
                self.add_error("month_to", errors.ERR_PERIOD_ORDER)
            elif month_index(end) - month_index(start) + 1 > MAX_MONTHS:
                self.add_error("month_to", errors.ERR_PERIOD_LENGTH)
            data["month_from"], data["month_to"] = start, end
        return data

    def window(self, *, default_year: int) -> tuple[dt.date, dt.date, str]:
        """(start, end, label) of the period asked for; `default_year` when the form is empty or invalid."""
        data = self.cleaned_data if self.is_valid() else {}
        start, end = data.get("month_from"), data.get("month_to")
        if start and end:
            nxt = dt.date(end.year + end.month // 12, end.month % 12 + 1, 1)
            return (
                start,
                nxt - dt.timedelta(days=1),
                f"{start.year}年{start.month}月至{end.year}年{end.month}月",
            )
        year = data.get("year") or default_year
        return dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year}年"


class CentralGroupFilterForm(forms.Form):
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    unit = forms.TypedChoiceField(label="单位", required=False, coerce=int, empty_value=None)
    attended = forms.ChoiceField(
        label="工委列席", required=False, choices=[("", "全部"), ("1", "已列席"), ("0", "未列席")]
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "unit").choices = [("", "全部单位")] + [(u.pk, u.name) for u in units]

    def values(self, *, default_year: int) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "year": data.get("year") or default_year,
            "unit_id": data.get("unit"),
            "attended": data.get("attended") or "",
        }


class CentralGroupMarkForm(forms.Form):
    committee_attended = forms.BooleanField(label="工委列席", required=False)
    observers: forms.ModelMultipleChoiceField[Person] = forms.ModelMultipleChoiceField(
        label="列席人员",
        required=False,
        queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        error_messages={
            "invalid_choice": "所选列席人员不存在或不在您的权限范围内。",
            "invalid_pk_value": "所选列席人员不存在。",
        },
    )

    def __init__(self, *args, actor, meeting, **kwargs):
        if "initial" not in kwargs and meeting is not None:
            kwargs["initial"] = {
                "committee_attended": meeting.committee_attended,
                "observers": list(meeting.observers.values_list("pk", flat=True)),
            }
        super().__init__(*args, **kwargs)
        qs = observer_candidates(actor=actor)
        if meeting is not None:
            qs = qs | Person.objects.filter(pk__in=meeting.observers.values("pk"))
        model_choice_field(self, "observers").queryset = qs.distinct()
        self.fields["observers"].help_text = "按住 Ctrl 可多选；列表为工委机关人员"
