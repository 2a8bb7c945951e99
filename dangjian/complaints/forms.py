"""Forms of the complaint pages. They only parse input; the rules live in services.py."""

from __future__ import annotations

from django import forms

from dangjian.complaints import rules
from dangjian.core.forms import TextField


class ReportForm(forms.Form):
    is_named = forms.BooleanField(
        label="实名举报（填写姓名和联系方式，便于告知受理和办理结果）", required=False
    )
    name = TextField(label="姓名", max_length=50, required=False)
    phone = TextField(label="联系电话", max_length=20, required=False)
    contact = TextField(label="其他联系方式", max_length=200, required=False)
    subject = TextField(
        label="被反映人或单位", max_length=100, error_messages={"required": "被反映人或单位：请填写。"}
    )
    subject_unit = TextField(label="所在单位", max_length=100, required=False)
    title = TextField(label="标题", max_length=100, error_messages={"required": "标题：请填写。"})
    content = TextField(
        label="问题描述",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "问题描述：请填写。"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        n = rules.intake()["max_content"]
        content = self.fields["content"]
        assert isinstance(content, forms.CharField)
        content.max_length = n
        content.error_messages["max_length"] = f"问题描述：不能超过{n}字。"


class TrackForm(forms.Form):
    code = forms.CharField(
        label="查询码",
        max_length=64,
        error_messages={"required": "查询码：请填写。", "max_length": "查询码不正确。"},
    )
