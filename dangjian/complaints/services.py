"""Writes of conduct complaints: the public submission, the workflow's steps and the logged view of
the reporter's identity. One transaction each, each with its audit row; the audit rows never carry
the reporter's identity."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from dangjian.complaints import codes, errors, rules, uploads
from dangjian.complaints.enums import ComplaintCategory
from dangjian.complaints.models import Complaint, ComplaintAttachment
from dangjian.complaints.workflows import COMPLAINT
from dangjian.core import audit, crypto, workflow
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError, NotFound
from dangjian.core.models import AuditAction
from dangjian.core.text import clean_input
from dangjian.core.workdays import Calendar
from dangjian.organizations import scoping
from dangjian.organizations.models import PartyOrganization

PHONE = re.compile(r"^[0-9+\- ]{7,20}$")


@dataclass
class Submitted:
    complaint: Complaint
    code: str  # shown once to the reporter; only its hash is kept


def receiving_org() -> PartyOrganization:
    org = PartyOrganization.objects.filter(depth=1, is_active=True).order_by("path").first()
    if org is None:
        raise ApplicationError(errors.ERR_NO_RECEIVER)
    return org


def _text(value: str, *, field: str, label: str, max_length: int) -> str:
    return clean_input((value or "").strip(), field=field, label=label)[:max_length]


@transaction.atomic
def complaint_submit(
    *,
    title: str,
    subject: str,
    content: str,
    subject_unit: str = "",
    is_named: bool = False,
    name: str = "",
    phone: str = "",
    contact: str = "",
    attachments=None,
    received_on: dt.date | None = None,
) -> Submitted:
    """A report from the public page or API (no login). Returns the complaint and its query code."""
    title = _text(title, field="title", label="标题", max_length=100)
    subject = _text(subject, field="subject", label="被反映人或单位", max_length=100)
    subject_unit = _text(subject_unit, field="subject_unit", label="所在单位", max_length=100)
    content = clean_input((content or "").strip(), field="content", label="问题描述")
    max_content = rules.intake()["max_content"]
    if not title:
        raise ApplicationError(errors.ERR_TITLE, field="title")
    if not subject:
        raise ApplicationError(errors.ERR_SUBJECT, field="subject")
    if len(content) < 10:
        raise ApplicationError(errors.ERR_CONTENT, field="content")
    if len(content) > max_content:
        raise ApplicationError(errors.ERR_CONTENT_LONG.format(n=max_content), field="content")
    name = _text(name, field="name", label="姓名", max_length=50) if is_named else ""
    phone = (phone or "").strip() if is_named else ""
    contact = _text(contact, field="contact", label="其他联系方式", max_length=200) if is_named else ""
    if is_named and not name:
        raise ApplicationError(errors.ERR_NAME, field="name")
    if is_named and not (phone or contact):
        raise ApplicationError(errors.ERR_CONTACT, field="phone")
    if phone and not PHONE.match(phone):
        raise ApplicationError(errors.ERR_PHONE, field="phone")
    files = uploads.check_files(attachments)
    org = receiving_org()
    received_on = received_on or timezone.localdate()
    cal = Calendar.load()
    code = codes.new_code()
    complaint = Complaint.objects.create(
        code_hash=codes.code_hash(code),
        organization=org,
        root=org.root or org,
        is_named=bool(is_named),
        reporter_name=crypto.encrypt(name) if name else "",
        reporter_phone=crypto.encrypt(phone) if phone else "",
        reporter_contact=crypto.encrypt(contact) if contact else "",
        title=title,
        subject=subject,
        subject_unit=subject_unit,
        content=content,
        received_on=received_on,
        handover_due=rules.handover_due(received_on, cal),
        acknowledge_due=rules.acknowledge_due(received_on, cal) if is_named else None,
        close_due=rules.close_due(received_on),
    )
    for f in files:
        row = ComplaintAttachment(
            complaint=complaint, name=f.name, content_type=f.content_type, size=len(f.data), sha256=f.sha256
        )
        row.file.save(f"{complaint.pk}-{f.sha256[:16]}", ContentFile(f.data), save=False)
        row.save()
    audit.record(
        actor=None,
        action=AuditAction.CREATE,
        obj=complaint,
        changes={
            "title": [None, title],
            "is_named": [None, bool(is_named)],
            "attachments": [None, len(files)],
        },
    )
    return Submitted(complaint, code)


def complaint_track(*, code: str) -> Complaint:
    """The complaint a query code opens (NotFound otherwise; the caller counts the failure)."""
    complaint = (
        Complaint.objects.filter(code_hash=codes.code_hash(code)).first() if codes.normalise(code) else None
    )
    if complaint is None:
        raise NotFound(errors.ERR_CODE)
    return complaint


def complaint_step(
    *,
    actor: Actor,
    complaint: Complaint,
    name: str,
    note: str = "",
    category: str = "",
    handler: PartyOrganization | None = None,
    text: str = "",
    on: dt.date | None = None,
):
    """Apply a step of the workflow on day `on` (today by default): 登记分类 (category), 转办
    (handler), 办理回复 and 办结 (text), 退回重办 and 不予受理 (note as the reason). Returns the
    timeline row."""
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ApplicationError(errors.ERR_DATE_FUTURE, field="on")
    if on < complaint.received_on:
        raise ApplicationError(
            errors.ERR_DATE_BEFORE.format(on=complaint.received_on.isoformat()), field="on"
        )
    note, text = (note or "").strip(), (text or "").strip()
    category = category if category in ComplaintCategory.values else ""
    data: dict = {"on": on.isoformat()}
    changes: dict = {}
    if name == "register":
        data["category"] = category
        changes = {"category": category, "registered_on": on, "inspector": actor}
        if complaint.is_named:
            changes["acknowledged_on"] = on  # the acceptance notice goes with the registration
    elif name == "hand_over":
        if handler is not None and not scoping.discipline_orgs(actor).filter(pk=handler.pk).exists():
            handler = None
        data["handler_id"] = handler.pk if handler else None
        changes = {"handler": handler, "handed_over_on": on}
    elif name == "reply":
        data["text"] = text
        changes = {"reply": text, "replied_on": on}
    elif name in ("close", "dismiss"):
        data["text"] = text if name == "close" else note
        data["reason"] = note
        result = text if name == "close" else note
        changes = {"result": result, "closed_on": on}
        if complaint.is_named:
            changes["result_due"] = rules.result_due(on)
    elif name == "send_back":
        data["reason"] = note
    return workflow.transition_apply(
        workflow=COMPLAINT, obj=complaint, name=name, actor=actor, note=note, data=data, changes=changes
    )


def reporter_reveal(*, actor: Actor, complaint: Complaint) -> dict:
    """The reporter's identity, for the inspector the complaint is assigned to; every view logged."""
    scoping.require(scoping.may_see_reporter(actor, complaint))
    out = {
        "is_named": complaint.is_named,
        "name": crypto.decrypt(complaint.reporter_name) if complaint.reporter_name else "",
        "phone": crypto.decrypt(complaint.reporter_phone) if complaint.reporter_phone else "",
        "contact": crypto.decrypt(complaint.reporter_contact) if complaint.reporter_contact else "",
    }
    audit.record(
        actor=actor,
        action=AuditAction.ACCESS,
        obj=complaint,
        changes={"reporter": [None, "查看举报人身份"]},
    )
    return out


def attachment_open(*, actor: Actor, complaint: Complaint, attachment_id) -> ComplaintAttachment:
    """An attachment, for the discipline staff over the complaint (units do not get them: they may
    identify the reporter); each download logged."""
    scoping.require(scoping.discipline_over(actor, complaint))
    row = complaint.attachments.filter(pk=attachment_id).first()
    if row is None:
        raise NotFound()
    audit.record(
        actor=actor, action=AuditAction.ACCESS, obj=complaint, changes={"attachment": [None, row.name]}
    )
    return row
