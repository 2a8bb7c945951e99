"""Forms of the participation pages. They only shape input: the rules live in the services, whose
ApplicationError(field=...) is put back on the named field by core.forms.apply_error."""

from __future__ import annotations

from django import forms

from dangjian.activities.enums import ActivityKind, GuestKind, ParticipantRole, ParticipationStatus
from dangjian.core.forms import TextField
from dangjian.organizations import scoping
from dangjian.organizations.forms import DateInput, OrgChoiceField
from dangjian.people.enums import MembershipStatus

KIND_CHOICES = [("", "全部"), *ActivityKind.choices]


class ActivityFilterForm(forms.Form):
    q = TextField(label="名称", required=False, max_length=100)
    kind = forms.ChoiceField(label="类别", required=False, choices=KIND_CHOICES)
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, user, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"] = OrgChoiceField(label="组织单位（含下级）", actor=user, required_=False)
        if kinds is not None:
            kind_field = self.fields["kind"]
            assert isinstance(kind_field, forms.ChoiceField)
            kind_field.choices = [("", "全部"), *[(k, ActivityKind(k).label) for k in kinds]]
        self.order_fields(["org", "kind", "year", "q"])

    def filters(self) -> dict:
        """The valid filters; an invalid one (an organisation outside scope) is dropped and shown."""
        self.is_valid()
        d = self.cleaned_data
        return {"org": d.get("org"), "kind": d.get("kind", ""), "year": d.get("year"), "q": d.get("q", "")}


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=ActivityKind.choices)
    title = TextField(label="名称", max_length=200, error_messages={"required": "请填写名称。"})
    first_day = forms.DateField(
        label="开始日期", widget=DateInput(), error_messages={"required": "请填写开始日期。"}
    )
    last_day = forms.DateField(
        label="结束日期", widget=DateInput(), required=False, help_text="一天的活动可不填"
    )
    place = TextField(label="地点", max_length=200, required=False)
    hours = forms.DecimalField(label="学时", required=False, max_digits=6, decimal_places=1)
    beneficiaries = forms.IntegerField(label="惠及人次", required=False)
    description = TextField(label="内容", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, user, kinds=None, with_org: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_org:
            self.fields["organization"] = OrgChoiceField(label="组织单位", actor=user)
            self.order_fields(["organization", "kind", "title"])
        if kinds is not None:
            kind_field = self.fields["kind"]
            assert isinstance(kind_field, forms.ChoiceField)
            kind_field.choices = [(k, ActivityKind(k).label) for k in kinds]

    def service_fields(self) -> dict:
        d = dict(self.cleaned_data)
        d.pop("organization", None)
        return d


STATUS_FILTER_CHOICES = [("", "全部"), *ParticipationStatus.choices]
MEMBER_STATUS_CHOICES = [
    (MembershipStatus.FULL.value, MembershipStatus.FULL.label),
    (MembershipStatus.PROBATIONARY.value, MembershipStatus.PROBATIONARY.label),
]


class RosterAddForm(forms.Form):
    """Everyone of a subtree (optionally only some membership statuses, one unit)."""

    member_statuses = forms.MultipleChoiceField(
        label="党员状态",
        choices=MEMBER_STATUS_CHOICES,
        initial=[c for c, _ in MEMBER_STATUS_CHOICES],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一种党员状态。"},
    )
    role = forms.ChoiceField(
        label="角色", choices=ParticipantRole.choices, initial=ParticipantRole.PARTICIPANT
    )
    status = forms.ChoiceField(
        label="状态", choices=ParticipationStatus.choices, initial=ParticipationStatus.PRESENT
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"] = OrgChoiceField(label="党组织（含下级）", actor=user)
        self.fields["unit"] = forms.ModelChoiceField(
            label="工作单位",
            queryset=scoping.units_visible(user).order_by("sort_order", "id"),
            required=False,
            empty_label="不限",
            error_messages={"invalid_choice": "所选单位不存在或不在您的管理范围内。"},
        )
        self.order_fields(["org", "member_statuses", "unit", "role", "status"])


class PickAddForm(forms.Form):
    """People picked one by one (checkboxes of the search result) or a saved list."""

    person_ids = forms.TypedMultipleChoiceField(label="人员", coerce=int, required=False, choices=[])
    saved_list = forms.IntegerField(required=False, widget=forms.HiddenInput)
    role = forms.ChoiceField(
        label="角色", choices=ParticipantRole.choices, initial=ParticipantRole.PARTICIPANT
    )
    status = forms.ChoiceField(
        label="状态", choices=ParticipationStatus.choices, initial=ParticipationStatus.PRESENT
    )
    list_name = TextField(label="同时保存为名单", max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The choices are whatever ids were sent; the service checks each against the scope.
        ids = self.data.getlist("person_ids") if hasattr(self.data, "getlist") else []
        field = self.fields["person_ids"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(i, i) for i in ids]


class GuestForm(forms.Form):
    name = TextField(label="姓名", max_length=50, error_messages={"required": "请填写非名册人员的姓名。"})
    kind = forms.ChoiceField(
        label="人员类别",
        choices=GuestKind.choices,
        error_messages={"invalid_choice": "请选择非名册人员的类别。"},
    )
    from_text = TextField(label="工作单位/关系", max_length=100, required=False, help_text="如：某某同志家属")
    role = forms.ChoiceField(
        label="角色", choices=ParticipantRole.choices, initial=ParticipantRole.PARTICIPANT
    )
    status = forms.ChoiceField(
        label="状态", choices=ParticipationStatus.choices, initial=ParticipationStatus.PRESENT
    )


class RowForm(forms.Form):
    status = forms.ChoiceField(label="状态", choices=ParticipationStatus.choices)
    role = forms.ChoiceField(label="角色", choices=ParticipantRole.choices)
    hours = forms.DecimalField(label="学时", required=False, max_digits=6, decimal_places=1)


class UnitReturnForm(forms.Form):
    title = TextField(label="填报事项", max_length=200, error_messages={"required": "请填写填报事项。"})
    measure = TextField(
        label="填报指标",
        max_length=50,
        help_text="如：观看人次",
        error_messages={"required": "请填写填报指标（如：观看人次）。"},
    )
    year = forms.IntegerField(
        label="年度", min_value=2000, max_value=2100, error_messages={"required": "请填写年度。"}
    )
    due_on = forms.DateField(
        label="截止日期", widget=DateInput(), error_messages={"required": "请填写截止日期。"}
    )
    activity = forms.IntegerField(label="关联活动编号", required=False, help_text="可不填")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"] = OrgChoiceField(label="发起组织", actor=user)
        self.fields["units"] = forms.ModelMultipleChoiceField(
            label="填报单位",
            queryset=scoping.units_visible(user).order_by("sort_order", "id"),
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "required": "请选择须填报的单位。",
                "invalid_choice": "所选单位不存在或不在您的管理范围内。",
            },
        )
        self.order_fields(["organization", "title", "measure", "year", "due_on", "activity", "units"])


class ReturnFileForm(forms.Form):
    value = forms.IntegerField(
        label="数量",
        min_value=0,
        error_messages={"required": "请填写数量。", "min_value": "填报数量须为不小于0的整数。"},
    )
    note = TextField(label="说明", max_length=500, required=False)
