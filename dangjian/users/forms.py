"""Forms of the committee's user and grant management (rules live in users.services)."""

from __future__ import annotations

from django import forms

from dangjian.accounts.enums import Role
from dangjian.core.forms import TextField
from dangjian.organizations.forms import OrgChoiceField, required


class UserCreateForm(forms.Form):
    username = TextField(
        label="用户名",
        max_length=30,
        error_messages=required("用户名"),
        help_text="字母、数字和 . _ -，3到30位。",
    )
    display_name = TextField(label="姓名", max_length=50, required=False)
    id_number = TextField(
        label="对应人员身份证号",
        max_length=20,
        required=False,
        help_text="选填：党员角色须关联本人的人员记录。",
    )

    def clean_username(self):
        return self.cleaned_data["username"].strip()


class GrantForm(forms.Form):
    role = forms.ChoiceField(
        label="角色", choices=[("", "请选择角色"), *Role.choices], error_messages=required("角色")
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"] = OrgChoiceField(label="授权组织", actor=actor)
