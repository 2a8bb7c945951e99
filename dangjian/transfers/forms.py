"""Forms of the transfer pages. They parse input only; the rules live in services.py."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from dangjian.core.forms import TextField
from dangjian.organizations.forms import required
from dangjian.people.enums import Education, MembershipStatus
from dangjian.transfers import rules
from dangjian.transfers.enums import CheckResult, TransferKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def date_field(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DATE,
        error_messages={**required(label), "invalid": f"{label}：请输入有效日期，如 2023-12-31。"},
        **kwargs,
    )


class TransferStartForm(forms.Form):
    kind = forms.ChoiceField(
        label="转接类型",
        choices=[
            (TransferKind.WITHIN.value, TransferKind.WITHIN.label),
            (TransferKind.OUT.value, TransferKind.OUT.label),
        ],
        error_messages=required("转接类型"),
    )
    to_org = forms.IntegerField(
        label="接收党组织（系统内）",
        required=False,
        widget=forms.Select,
        error_messages={"invalid": "接收党组织：请从列表中选择。"},
    )
    external_org = TextField(label="转往党组织（系统外，介绍信抬头）", max_length=200, required=False)
    valid_days = forms.IntegerField(
        label="介绍信有效期（天）",
        required=False,
        initial=rules.letter_days(),
        error_messages={"invalid": "有效期：请输入天数。"},
    )
    reason = TextField(label="转接原因", max_length=200, required=False)
    started_on = date_field("发起日期")

    def __init__(self, *args, targets, **kwargs):
        kwargs.setdefault("initial", {"started_on": timezone.localdate(), "valid_days": rules.letter_days()})
        super().__init__(*args, **kwargs)
        self.fields["to_org"].widget.choices = [("", "请选择接收党组织")] + [(o.pk, o.name) for o in targets]


class NoteForm(forms.Form):
    note = TextField(label="说明", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    on = date_field("日期", required=False)


class TransferInForm(forms.Form):
    name = TextField(label="姓名", max_length=50, error_messages=required("姓名"))
    id_number = TextField(label="身份证号", max_length=18, error_messages=required("身份证号"))
    status = forms.ChoiceField(
        label="党籍状态",
        choices=[
            (MembershipStatus.FULL.value, "正式党员"),
            (MembershipStatus.PROBATIONARY.value, "预备党员"),
        ],
    )
    admitted_on = date_field("入党日期")
    full_on = date_field("转正日期", required=False)
    education = forms.ChoiceField(label="学历", choices=Education.choices, initial=Education.BACHELOR)
    external_org = TextField(
        label="原所在党组织（介绍信开具单位）", max_length=200, error_messages=required("原所在党组织")
    )
    letter_no = TextField(label="介绍信编号", max_length=40, required=False)
    on = date_field("转入日期")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class MobileForm(forms.Form):
    location = TextField(label="流动去向（地点或单位）", max_length=200, error_messages=required("流动去向"))
    since = date_field("外出日期")
    contact = TextField(label="联系人（负责保持联系）", max_length=50, error_messages=required("联系人"))
    contact_means = TextField(label="联系方式", max_length=100, required=False)
    certificate_no = TextField(label="流动党员活动证编号", max_length=40, required=False)


class CheckForm(forms.Form):
    title = TextField(label="排查名称", max_length=200, error_messages=required("排查名称"))
    checked_on = date_field("排查日期")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"checked_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class ResultForm(forms.Form):
    result = forms.ChoiceField(label="核实结果", choices=CheckResult.choices)
