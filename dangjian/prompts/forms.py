"""Form of the work-prompt page. It only parses input; the rules live in services.py, whose
ApplicationError is put back on the named field."""

from __future__ import annotations

from django import forms

from dangjian.core.forms import TextField
from dangjian.organizations.forms import required
from dangjian.prompts.enums import Audience

ERR_ORG_CHOICE = "所选组织不存在、已撤销或不在您的权限范围内。"

QUICK_CHOICES = [
    ("", "逐个选择接收组织"),
    ("branches", "我管理范围内的全部党支部"),
    ("organ_committees", "全部机关党委"),
]


class PromptForm(forms.Form):
    title = TextField(label="标题", max_length=200, error_messages=required("标题"))
    body = TextField(label="正文", widget=forms.Textarea(attrs={"rows": 10}), error_messages=required("正文"))
    quick = forms.ChoiceField(label="接收范围", choices=QUICK_CHOICES, required=False)
    audience = forms.ChoiceField(
        label="阅读对象", choices=Audience.choices, initial=Audience.STAFF, required=False
    )

    def __init__(self, *args, options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipients"] = forms.TypedMultipleChoiceField(
            label="接收组织",
            required=False,
            coerce=int,
            choices=list(options),
            widget=forms.SelectMultiple(attrs={"size": 12}),
            error_messages={"invalid_choice": ERR_ORG_CHOICE},
        )
