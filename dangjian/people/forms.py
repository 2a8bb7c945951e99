"""Forms for people, memberships and cadre posts. They only shape input: every rule lives in
services.py, whose ApplicationError(field=...) is put back on the named field by `apply_error`."""

from __future__ import annotations

from django import forms

from dangjian.core.forms import TextField, model_choice_field
from dangjian.organizations import scoping
from dangjian.organizations.enums import OrgKind
from dangjian.organizations.models import PartyOrganization, Unit
from dangjian.people.enums import (
    Degree,
    Education,
    Ethnicity,
    Gender,
    MembershipStatus,
    PersonCategory,
    Post,
    PostEndReason,
)

MEMBERSHIP_DATES = ["applied_on", "activist_on", "candidate_on", "admitted_on", "full_on"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _date(label: str, required: bool = False, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), help_text=help_text)


def _blank_choices(choices, label: str = "---------"):
    return [("", label), *choices]


def writable_orgs(user):
    """Active organisations the user may change, in tree order (party groups excluded: people
    are registered in their branch)."""
    return (
        scoping.orgs_visible(user, write=True)
        .filter(is_active=True)
        .exclude(kind=OrgKind.PARTY_GROUP)
        .order_by("path")
    )


class OrgChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: PartyOrganization) -> str:
        return "\u3000" * max(obj.depth - 1, 0) + obj.name


class PersonFieldsMixin(forms.Form):
    """The personal fields shared by the create and the edit form."""

    name = TextField(label="姓名", max_length=50)
    ethnicity = forms.ChoiceField(label="民族", choices=Ethnicity.choices, initial=Ethnicity.E01)
    native_place = TextField(label="籍贯", max_length=50, required=False)
    education = forms.ChoiceField(label="学历", choices=_blank_choices(Education.choices))
    degree = forms.ChoiceField(label="学位", choices=Degree.choices, required=False)
    category = forms.ChoiceField(
        label="人员类别", choices=PersonCategory.choices, initial=PersonCategory.CIVIL_SERVANT
    )
    phone = TextField(
        label="联系电话", max_length=20, required=False, help_text="11位手机号或带区号的固定电话"
    )
    unit = forms.ModelChoiceField(
        label="工作单位", queryset=Unit.objects.none(), required=False, help_text="留空则为所在党组织的单位"
    )
    position = TextField(label="职务", max_length=60, required=False)
    is_mobile = forms.BooleanField(label="流动党员", required=False)
    is_lost_contact = forms.BooleanField(label="失联党员", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        model_choice_field(self, "unit").queryset = scoping.units_visible(user).order_by("sort_order", "name")

    def person_fields(self) -> dict:
        d = self.cleaned_data
        return {
            k: d[k]
            for k in (
                "name",
                "ethnicity",
                "native_place",
                "education",
                "degree",
                "category",
                "phone",
                "position",
                "is_mobile",
                "is_lost_contact",
            )
        }


class PersonCreateForm(PersonFieldsMixin):
    organization = OrgChoiceField(label="所在党组织", queryset=PartyOrganization.objects.none())
    id_number = TextField(label="公民身份号码", max_length=20, help_text="18位；15位旧号码将自动升位")
    gender = forms.ChoiceField(
        label="性别",
        choices=_blank_choices(Gender.choices, "按身份证号"),
        required=False,
        help_text="可不填；填写时须与身份证号一致",
    )
    birth_date = _date("出生日期", help_text="可不填；填写时须与身份证号一致")
    status = forms.ChoiceField(
        label="党员状态",
        required=False,
        choices=_blank_choices(
            [
                (s.value, s.label)
                for s in MembershipStatus
                if s.value not in ("transferred_out", "left", "deceased")
            ],
            "（非党员，仅登记人员）",
        ),
    )
    applied_on = _date("申请入党日期")
    activist_on = _date("确定积极分子日期")
    candidate_on = _date("确定发展对象日期")
    admitted_on = _date("入党日期", help_text="接收为预备党员之日")
    full_on = _date("转正日期")

    field_order = ["organization", "name", "id_number", "gender", "birth_date"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        model_choice_field(self, "organization").queryset = writable_orgs(user)

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        org = d["organization"]
        kwargs = self.person_fields() | {
            "organization": org,
            "unit": d["unit"] or org.unit,
            "id_number": d["id_number"],
            "gender": d["gender"] or None,
            "birth_date": d["birth_date"],
        }
        if d["status"]:
            kwargs["status"] = d["status"]
            kwargs["membership"] = {k: d[k] for k in MEMBERSHIP_DATES if d[k]}
        return kwargs


class PersonEditForm(PersonFieldsMixin):
    id_number = TextField(
        label="公民身份号码",
        max_length=20,
        required=False,
        help_text="留空则不修改；填写新号码将同时更新出生日期和性别",
    )

    field_order = ["name", "id_number"]

    def __init__(self, *args, user, person, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields[
            "id_number"
        ].help_text = f"当前：{person.id_masked}。留空则不修改；新号码将同时更新出生日期和性别"
        self.fields["phone"].help_text = f"当前：{person.phone_masked or '未填写'}。留空则不修改"

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        kwargs = self.person_fields()
        if not d["phone"].strip():
            kwargs.pop("phone")  # the stored number is not shown in the form: blank keeps it
        if d["unit"]:
            kwargs["unit"] = d["unit"]
        if d["id_number"].strip():
            kwargs["id_number"] = d["id_number"]
        return kwargs


class MembershipForm(forms.Form):
    status = forms.ChoiceField(label="党员状态", choices=MembershipStatus.choices)
    applied_on = _date("申请入党日期")
    activist_on = _date("确定积极分子日期")
    candidate_on = _date("确定发展对象日期")
    admitted_on = _date("入党日期", help_text="接收为预备党员之日")
    full_on = _date("转正日期")
    left_on = _date("离开日期", help_text="转出、出党或去世的日期")
    on = _date("状态变更日期", help_text="可不填：默认取与新状态对应的日期")

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {"status": d["status"], "on": d["on"], **{k: d[k] for k in [*MEMBERSHIP_DATES, "left_on"]}}


class TransferForm(forms.Form):
    target = OrgChoiceField(label="转入党组织", queryset=PartyOrganization.objects.none())
    on = _date("转接日期", required=True)
    reason = TextField(label="转接原因", max_length=100, initial="组织关系转接")
    field_map = {"organization": "target"}  # the service's name for the field -> the form's

    def __init__(self, *args, user, current: PartyOrganization, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "target").queryset = writable_orgs(user).exclude(pk=current.pk)


class CadrePostForm(forms.Form):
    organization = OrgChoiceField(label="任职组织", queryset=PartyOrganization.objects.none())
    post = forms.ChoiceField(label="职务", choices=_blank_choices(Post.choices))
    started_on = _date("任职日期", required=True)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "organization").queryset = (
            scoping.orgs_visible(user, write=True).filter(is_active=True).order_by("path")
        )


class CadrePostEndForm(forms.Form):
    ended_on = _date("免职日期", required=True)
    reason = forms.ChoiceField(label="免职原因", choices=_blank_choices(PostEndReason.choices))
