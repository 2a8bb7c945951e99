"""Forms of the organisation pages. They only parse input; the rules live in services.py, whose
ApplicationError is mapped back onto the named field by `apply_error`."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django import forms
from django.urls import reverse

from dangjian.core.forms import TextField
from dangjian.organizations import selectors
from dangjian.organizations.enums import OrgKind, UnitCategory
from dangjian.organizations.models import PartyOrganization, Unit

ERR_ORG_CHOICE = "所选组织不存在、已撤销或不在您的权限范围内。"
ERR_UNIT_CHOICE = "所选单位不存在。"
ERR_DATE_INVALID = "{label}：请输入有效日期，如 2023-12-31。"


def required(label: str) -> dict:
    return {"required": f"请填写{label}。"}


def org_label(org: PartyOrganization) -> str:
    parent = f" · {org.parent.name}" if org.parent_id and org.parent else ""
    return f"{org.name}（{org.get_kind_display()}{parent}）"


class OrgLabelChoiceField(forms.ModelChoiceField):
    """A plain choice of organisation, each shown with its kind and parent (org_label)."""

    def label_from_instance(self, obj):
        return org_label(obj)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def date_field(label: str, *, required_: bool = False, initial=None) -> forms.DateField:
    messages = {"invalid": ERR_DATE_INVALID.format(label=label)}
    if required_:
        messages.update(required(label))
    return forms.DateField(
        label=label, required=required_, widget=DateInput(), error_messages=messages, initial=initial
    )


class OrgPickerWidget(forms.Select):
    """A select that holds only the chosen organisation plus a search box which, through htmx,
    replaces the options with the matches (the tree has thousands of nodes)."""

    template_name = "organizations/widgets/org_picker.html"

    def __init__(self, *, kinds=(), params=None, attrs=None):
        super().__init__(attrs)
        self.kinds = [str(k) for k in kinds]
        self.params = params or {}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        query = ({"kinds": ",".join(self.kinds)} if self.kinds else {}) | self.params
        url = reverse("organizations:org_options")
        context["widget"]["options_url"] = f"{url}?{urlencode(query)}" if query else url
        return context

    def optgroups(self, name, value, attrs=None):
        ids = []
        for v in value:
            try:
                ids.append(int(v))
            except (TypeError, ValueError):
                continue
        options = [self.create_option(name, "", "（请先搜索并选择）", not ids, 0)]
        queryset = getattr(self.choices, "queryset", None)
        if ids and queryset is not None:
            for i, org in enumerate(queryset.filter(pk__in=ids[:1]).select_related("parent"), start=1):
                options.append(self.create_option(name, org.pk, org_label(org), True, i))
        return [(None, options, 0)]


class OrgChoiceField(forms.ModelChoiceField):
    def __init__(self, *, label: str, actor, kinds=(), required_: bool = True, options_params=None, **kwargs):
        queryset = selectors.org_list(actor=actor).select_related("parent")
        if kinds:
            queryset = queryset.filter(kind__in=list(kinds))
        messages = {"invalid_choice": ERR_ORG_CHOICE}
        if required_:
            messages.update(required(label))
        super().__init__(
            queryset=queryset,
            label=label,
            required=required_,
            error_messages=messages,
            widget=OrgPickerWidget(kinds=kinds, params=options_params),
            **kwargs,
        )

    def label_from_instance(self, obj):
        return org_label(obj)


def unit_field(label: str = "所属单位", *, required_: bool = True, exclude=None) -> forms.ModelChoiceField:
    queryset = Unit.objects.select_related("parent").order_by("sort_order", "id")
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude.pk)
    messages = {"invalid_choice": ERR_UNIT_CHOICE}
    if required_:
        messages.update(required(label))
    return forms.ModelChoiceField(
        queryset=queryset,
        label=label,
        required=required_,
        error_messages=messages,
        empty_label="（无）" if not required_ else "请选择单位",
    )


# --- units ---------------------------------------------------------------------------------


class UnitForm(forms.Form):
    name = TextField(label="单位名称", max_length=100, error_messages=required("单位名称"))
    short_name = TextField(label="简称", max_length=40, required=False)
    credit_code = TextField(label="统一社会信用代码", max_length=18, required=False)
    category = forms.ChoiceField(label="类别", choices=UnitCategory.choices, initial=UnitCategory.PROVINCIAL)
    parent = forms.ModelChoiceField(queryset=Unit.objects.none(), label="上级单位", required=False)
    located_in_capital = forms.BooleanField(label="驻省会", required=False, initial=True)
    sort_order = forms.IntegerField(
        label="排序",
        min_value=0,
        initial=0,
        error_messages={**required("排序"), "invalid": "排序：请输入整数。", "min_value": "排序不能为负数。"},
    )
    is_active = forms.BooleanField(label="有效", required=False, initial=True)

    def __init__(self, *args, instance: Unit | None = None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": instance.name,
                "short_name": instance.short_name,
                "credit_code": instance.credit_code,
                "category": instance.category,
                "parent": instance.parent_id,
                "located_in_capital": instance.located_in_capital,
                "sort_order": instance.sort_order,
                "is_active": instance.is_active,
            }
        super().__init__(*args, **kwargs)
        self.fields["parent"] = unit_field("上级单位", required_=False, exclude=instance)
        if instance is None:
            del self.fields["is_active"]

    def clean_name(self):
        return self.cleaned_data["name"].strip()


# --- the party tree ------------------------------------------------------------------------


class OrgEditForm(forms.Form):
    name = TextField(label="组织名称", max_length=100, error_messages=required("组织名称"))
    sort_order = forms.IntegerField(
        label="排序",
        min_value=0,
        initial=0,
        error_messages={**required("排序"), "invalid": "排序：请输入整数。", "min_value": "排序不能为负数。"},
    )

    def __init__(self, *args, actor, instance: PartyOrganization | None = None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": instance.name,
                "unit": instance.unit_id,
                "sort_order": instance.sort_order,
                "established_on": instance.established_on,
                "term_started_on": instance.term_started_on,
                "term_ends_on": instance.term_ends_on,
            }
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["unit"] = unit_field()
        self.fields["established_on"] = date_field("成立日期")
        self.fields["term_started_on"] = date_field("本届开始日期")
        self.fields["term_ends_on"] = date_field("本届届满日期")

    def clean_name(self):
        return self.cleaned_data["name"].strip()


class OrgCreateForm(OrgEditForm):
    kind = forms.ChoiceField(
        label="类别", choices=[("", "请选择类别"), *OrgKind.choices], error_messages=required("类别")
    )

    field_order = [
        "name",
        "kind",
        "parent",
        "unit",
        "established_on",
        "term_started_on",
        "term_ends_on",
        "sort_order",
    ]

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["parent"] = OrgChoiceField(
            label="上级组织",
            actor=actor,
            required_=False,
            kinds=[
                OrgKind.WORKING_COMMITTEE,
                OrgKind.ORGAN_COMMITTEE,
                OrgKind.GENERAL_BRANCH,
                OrgKind.BRANCH,
            ],
        )
        self.order_fields(self.field_order)


class OrgMoveForm(forms.Form):
    """The picker offers only the valid new parents (selectors.move_targets); a forged choice
    still meets the service's own checks and their messages."""

    def __init__(self, *args, actor, org: PartyOrganization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"] = OrgChoiceField(
            label="新的上级组织",
            actor=actor,
            options_params={"move": org.pk},
            kinds=[
                OrgKind.WORKING_COMMITTEE,
                OrgKind.ORGAN_COMMITTEE,
                OrgKind.GENERAL_BRANCH,
                OrgKind.BRANCH,
            ],
        )


class OrgMergeForm(forms.Form):
    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"] = OrgChoiceField(label="并入的党支部", actor=actor, kinds=[OrgKind.BRANCH])
        self.fields["on"] = date_field("合并日期", required_=True, initial=dt.date.today)


class OrgDissolveForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"] = date_field("撤销日期", required_=True, initial=dt.date.today)


class WorkdayOverrideForm(forms.Form):
    """One of the committee's own calendar days (core.workdays)."""

    day = date_field("日期", required_=True)
    is_working_day = forms.TypedChoiceField(
        label="类型",
        choices=[("0", "休息日"), ("1", "工作日")],
        coerce=lambda v: v == "1",
        error_messages=required("类型"),
    )
    note = TextField(
        label="说明", max_length=100, required=False, error_messages={"max_length": "说明不能超过100个字。"}
    )
