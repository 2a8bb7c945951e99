"""Forms of the meeting pages. They only shape input: the rules live in services/meetings.py, whose
ApplicationError(field=...) is put back on the named field by core.forms.apply_error."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone

from dangjian.core.forms import TextField, choice_field, model_choice_field
from dangjian.meetings import errors
from dangjian.meetings.enums import AppraisalGrade, MeetingKind, MeetingStatus
from dangjian.meetings.rules import KINDS_BY_ORG
from dangjian.meetings.selectors import meetings as selectors
from dangjian.meetings.services.meetings import ATTACHMENT_MAX_BYTES
from dangjian.organizations import scoping
from dangjian.organizations.enums import OrgKind
from dangjian.organizations.forms import OrgChoiceField, OrgLabelChoiceField, OrgPickerWidget
from dangjian.people.models import Person

# Kinds recorded through these pages (youth activities belong to the youth-group pages).
PAGE_KINDS = [k for k in MeetingKind if k != MeetingKind.YOUTH_ACTIVITY]
PICKER_THRESHOLD = 100
ACCEPT = ".pdf,.doc,.docx,.xls,.xlsx,.png,.jpg,.jpeg,.gif,.webp"


def kinds_for(org) -> list[tuple[str, str]]:
    allowed = KINDS_BY_ORG.get(org.kind, set())
    return [(k.value, k.label) for k in PAGE_KINDS if k in allowed]


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class PersonMultipleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class SplitDateTimeInput(forms.SplitDateTimeWidget):
    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, date_format="%Y-%m-%d", time_format="%H:%M")
        self.widgets[0].input_type = "date"
        self.widgets[1].input_type = "time"


# --- list filters --------------------------------------------------------------------------


class MeetingFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="类型", required=False, choices=[("", "全部"), *[(k.value, k.label) for k in MeetingKind]]
    )
    year = forms.IntegerField(label="年度", required=False, min_value=1950, max_value=2100)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *MeetingStatus.choices])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"] = OrgChoiceField(label="党组织（含下级）", actor=user, required_=False)
        self.order_fields(["org", "kind", "year", "status"])

    def filters(self) -> dict:
        """The valid filters (an invalid one, e.g. an organisation outside scope, is dropped and
        shown as an error on its field)."""
        self.is_valid()
        d = self.cleaned_data
        return {
            "org": d.get("org"),
            "kind": d.get("kind", ""),
            "year": d.get("year"),
            "status": d.get("status", ""),
        }


# --- create / edit -------------------------------------------------------------------------


class OrgPickForm(forms.Form):
    """Step one of a new meeting: the organisation (only those the user may change)."""

    org = OrgLabelChoiceField(
        label="召开会议的党组织",
        queryset=None,
        error_messages={
            "required": "请选择党组织。",
            "invalid_choice": "所选组织不存在或不在您的管理范围内。",
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        qs = (
            scoping.orgs_visible(user, write=True)
            .filter(is_active=True)
            .select_related("parent")
            .order_by("path")
        )
        field = model_choice_field(self, "org")
        field.queryset = qs
        if qs.count() > PICKER_THRESHOLD:  # thousands of nodes: search instead of one long list
            field.widget = OrgPickerWidget()
            field.widget.choices = field.choices
        field.initial = _own_branch(user, qs)


def _own_branch(user, qs) -> int | None:
    """The organisation to preselect: the branch of a secretary (their one writable subtree is a
    branch, with at most its party groups under it)."""
    roots = scoping.scope_of(user).write_paths
    if len(roots) != 1:
        return None
    top = qs.filter(path=roots[0]).first()
    return top.pk if top is not None and top.kind == OrgKind.BRANCH else None


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(
        label="会议类型",
        error_messages={"required": "请选择会议类型。", "invalid_choice": errors.ERR_KIND_CHOICE},
    )
    title = TextField(label="主题", max_length=200, error_messages={"required": errors.ERR_TITLE_REQUIRED})
    held_at = forms.SplitDateTimeField(
        label="时间",
        widget=SplitDateTimeInput(),
        error_messages={
            "required": "请填写会议日期和时间。",
            "invalid_date": "请输入有效日期，如 2024-03-05。",
            "invalid_time": "请输入有效时间，如 09:00。",
            "incomplete": "请填写会议日期和时间。",
        },
    )
    status = forms.ChoiceField(label="状态", choices=MeetingStatus.choices, initial=MeetingStatus.PLANNED)
    place = TextField(label="地点", max_length=100, required=False)
    host = PersonChoiceField(
        label="主持人",
        queryset=Person.objects.none(),
        required=False,
        error_messages={"invalid_choice": errors.ERR_PERSON_CHOICE},
    )
    recorder = PersonChoiceField(
        label="记录人",
        queryset=Person.objects.none(),
        required=False,
        error_messages={"invalid_choice": errors.ERR_PERSON_CHOICE},
    )
    topics = TextField(label="议题", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    study_content = TextField(label="学习内容", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    minutes = TextField(label="会议记录", required=False, widget=forms.Textarea(attrs={"rows": 8}))
    committee_attended = forms.BooleanField(
        label="工委列席", required=False, help_text="仅中心组学习：省直机关工委派员列席"
    )
    observers = PersonMultipleField(
        label="列席人员",
        queryset=Person.objects.none(),
        required=False,
        help_text="仅中心组学习；按住 Ctrl 可多选",
    )
    file = forms.FileField(
        label="上传附件",
        required=False,
        help_text=f"PDF、Word、Excel 或图片，不超过 {ATTACHMENT_MAX_BYTES // (1024 * 1024)} MB",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    def __init__(self, *args, organization, current_kind: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        kinds = kinds_for(organization)
        if current_kind and current_kind not in dict(kinds):  # e.g. a youth activity keeps its kind
            kinds.append((current_kind, MeetingKind(current_kind).label))
        choice_field(self, "kind").choices = [("", "请选择"), *kinds]
        people = selectors.org_people(organization)
        model_choice_field(self, "host").queryset = people
        model_choice_field(self, "recorder").queryset = people
        self.central_group = MeetingKind.CENTRAL_GROUP in KINDS_BY_ORG.get(organization.kind, set())
        if self.central_group:
            root_id = organization.root_id or organization.pk
            model_choice_field(self, "observers").queryset = Person.objects.filter(
                Q(organization_id=root_id) | Q(pk__in=people.values("pk"))
            ).order_by("name_pinyin", "id")
        else:
            del self.fields["committee_attended"]
            del self.fields["observers"]

    def clean(self):
        d = super().clean() or {}
        if self.central_group and d.get("kind") and d["kind"] != MeetingKind.CENTRAL_GROUP:
            if d.get("committee_attended") or d.get("observers"):
                self.add_error("committee_attended", errors.ERR_CENTRAL_GROUP_ONLY)
        return d

    def clean_held_at(self):
        value = self.cleaned_data["held_at"]
        if value is not None and timezone.is_naive(value):
            value = timezone.make_aware(value)
        return value

    def meeting_fields(self) -> dict:
        d = self.cleaned_data
        out = {
            k: d[k]
            for k in (
                "kind",
                "title",
                "held_at",
                "status",
                "place",
                "host",
                "recorder",
                "topics",
                "study_content",
                "minutes",
            )
        }
        if self.central_group:
            out["committee_attended"] = d["committee_attended"]
            out["observers"] = list(d["observers"])
        return out


class AgendaItemForm(forms.Form):
    title = TextField(label="议程", max_length=200, required=False)
    is_first_topic = forms.BooleanField(label="第一议题", required=False)
    speech = TextField(label="学习的重要讲话", max_length=300, required=False)


class BaseAgendaFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        firsts = 0
        for form in self.forms:
            d = form.cleaned_data
            if d.get("is_first_topic"):
                firsts += 1
                if not (d.get("title") or "").strip():
                    form.add_error("title", errors.ERR_FIRST_TOPIC_TITLE)
        if firsts > 1:
            raise forms.ValidationError(errors.ERR_FIRST_TOPIC_ONE)

    def items(self) -> list[dict]:
        return [f.cleaned_data for f in self.forms if (f.cleaned_data.get("title") or "").strip()]


AgendaFormSet = forms.formset_factory(
    AgendaItemForm, formset=BaseAgendaFormSet, extra=2, max_num=30, validate_max=True
)


def agenda_formset(data=None, meeting=None) -> BaseAgendaFormSet:
    initial = None
    if meeting is not None:
        initial = [
            {"title": a.title, "is_first_topic": a.is_first_topic, "speech": a.speech}
            for a in meeting.agenda.all()
        ]
    formset = AgendaFormSet(data, initial=initial, prefix="agenda")
    assert isinstance(formset, BaseAgendaFormSet)
    return formset


def meeting_initial(meeting) -> dict:
    initial = {
        "kind": meeting.kind,
        "title": meeting.title,
        "held_at": timezone.localtime(meeting.held_at),
        "status": meeting.status,
        "place": meeting.place,
        "host": meeting.host_id,
        "recorder": meeting.recorder_id,
        "topics": meeting.topics,
        "study_content": meeting.study_content,
        "minutes": meeting.minutes,
        "committee_attended": meeting.committee_attended,
    }
    initial["observers"] = [p.pk for p in meeting.observers.all()]
    return initial


# --- detail page forms ---------------------------------------------------------------------


class VoteForm(forms.Form):
    subject = TextField(label="表决事项", max_length=200, error_messages={"required": "请填写表决事项。"})
    votes_for = forms.IntegerField(
        label="赞成",
        min_value=0,
        error_messages={
            "required": "请填写赞成票数。",
            "min_value": "票数不能为负数。",
            "invalid": "票数须为整数。",
        },
    )
    votes_against = forms.IntegerField(
        label="反对",
        min_value=0,
        initial=0,
        required=False,
        error_messages={"min_value": "票数不能为负数。", "invalid": "票数须为整数。"},
    )
    abstentions = forms.IntegerField(
        label="弃权",
        min_value=0,
        initial=0,
        required=False,
        error_messages={"min_value": "票数不能为负数。", "invalid": "票数须为整数。"},
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="附件",
        error_messages={"required": "请选择要上传的文件。", "empty": errors.ERR_ATTACHMENT_EMPTY},
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )


class AddPersonForm(forms.Form):
    person = forms.IntegerField(
        label="人员", error_messages={"required": "请选择要添加的人员。", "invalid": "请选择要添加的人员。"}
    )


GRADE_CHOICES = [("", "（未评）"), *AppraisalGrade.choices]
