"""Pages of work prompts (工作提示): inbox and sent box, publishing, reading with receipts,
reminders. Thin: reads through selectors, writes through services; outside scope is 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangjian.core import audit
from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.excel import Column, SheetSpec, content_disposition, write_workbook
from dangjian.core.forms import apply_error
from dangjian.core.models import AuditAction
from dangjian.organizations import scoping
from dangjian.organizations.forms import org_label
from dangjian.prompts import errors, forms, selectors, services
from dangjian.prompts.enums import Audience

PAGE_SIZE = 30


@require_GET
def prompt_list(request):
    user = request.user
    publisher = scoping.may_publish_prompts(user)
    committee = scoping.scope_of(user).committee
    may_see_sent = publisher or committee
    box = request.GET.get("box") or ("sent" if committee else "inbox")
    if box not in ("inbox", "sent") or (box == "sent" and not may_see_sent):
        box = "inbox"
    unread = selectors.prompt_unread_count(actor=user)
    if box == "sent":
        page = Paginator(selectors.prompt_sent(actor=user), PAGE_SIZE).get_page(request.GET.get("page"))
        selectors.prompt_sent_stats(list(page.object_list))
    else:
        page = Paginator(selectors.prompt_inbox(actor=user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "prompts/prompt_list.html",
        {
            "page": page,
            "prompts": page.object_list,
            "box": box,
            "unread": unread,
            "publisher": publisher,
            "may_see_sent": may_see_sent,
        },
    )


@require_http_methods(["GET", "POST"])
def prompt_create(request):
    user = request.user
    if not scoping.may_publish_prompts(user):
        raise Forbidden(errors.ERR_PROMPT_SENDER)
    options = [
        (o.pk, "\u3000" * max(o.depth - 1, 0) + org_label(o))
        for o in selectors.prompt_recipient_options(actor=user).select_related("parent")
    ]
    form = forms.PromptForm(request.POST or None, options=options)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if d["quick"]:
            recipients = list(selectors.prompt_quick_recipients(actor=user, choice=d["quick"]))
        else:
            recipients = list(selectors.prompt_recipient_options(actor=user).filter(pk__in=d["recipients"]))
        try:
            prompt = services.prompt_publish(
                actor=user,
                title=d["title"],
                body=d["body"],
                recipients=recipients,
                audience=d["audience"] or Audience.STAFF,
            )
        except ApplicationError as e:
            apply_error(form, e)
        else:
            messages.success(request, f"已发布工作提示“{prompt.title}”，接收组织{len(recipients)}个。")
            return redirect("prompts:detail", prompt.pk)
    return render(request, "prompts/prompt_form.html", {"form": form})


RECEIPTS_PAGE_SIZE = 50
RECIPIENT_NAMES_LISTED = 20  # a prompt to more organisations shows the summary only


def _receipt_filters(params) -> dict:
    status = params.get("status") or "all"
    try:
        unit_id = int(params.get("unit") or 0) or None
    except ValueError:
        unit_id = None
    return {
        "status": status if status in selectors.RECEIPT_STATUSES else "all",
        "unit_id": unit_id,
        "q": (params.get("q") or "").strip()[:50],
    }


@require_GET
def prompt_detail(request, prompt_id):
    user = request.user
    prompt = selectors.prompt_get(actor=user, prompt_id=prompt_id)
    read = services.prompt_mark_read(actor=user, prompt=prompt)
    selectors.recipient_summary([prompt])
    context: dict[str, Any] = {
        "prompt": prompt,
        "read": read,
        "receipts": None,
        "unread_count": 0,
        "recipients": selectors.recipient_names(prompt, limit=RECIPIENT_NAMES_LISTED)
        if prompt.recipient_count <= RECIPIENT_NAMES_LISTED
        else None,
    }
    if scoping.may_see_prompt_receipts(user, prompt):
        receipts = selectors.prompt_receipt_stats(prompt=prompt)
        filters = _receipt_filters(request.GET)
        rows = selectors.receipt_rows(receipts, **filters)
        page = Paginator(rows, RECEIPTS_PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = selectors.with_users(list(page.object_list))
        context.update(
            receipts=receipts,
            unread_count=receipts.unread,
            page=page,
            filters=filters,
            statuses=selectors.RECEIPT_STATUSES.items(),
        )
    return render(request, "prompts/prompt_detail.html", context)


@require_POST
def prompt_receipts_export(request, prompt_id):
    """The receipt rows under the page's filters as .xlsx (sender and committee staff), audited."""
    user = request.user
    prompt = selectors.prompt_get(actor=user, prompt_id=prompt_id)
    scoping.require(scoping.may_see_prompt_receipts(user, prompt))
    filters = _receipt_filters(request.POST)
    rows = selectors.with_users(
        selectors.receipt_rows(selectors.prompt_receipt_stats(prompt=prompt), **filters)
    )
    data = write_workbook(
        [
            SheetSpec(
                name="阅读情况",
                title=f"工作提示“{prompt.title}”阅读情况（{selectors.RECEIPT_STATUSES[filters['status']]}）",
                columns=[
                    Column("阅读人", 16),
                    Column("用户名", 16),
                    Column("单位", 30),
                    Column("所在组织", 40),
                    Column("阅读时间", 18),
                    Column("已提醒次数", 10),
                ],
                rows=[
                    [
                        str(r["user"]),
                        r["user"].username,
                        r["unit"],
                        "、".join(r["orgs"]),
                        timezone.localtime(r["read_at"]).replace(tzinfo=None) if r["read_at"] else "未读",
                        r["reminders"],
                    ]
                    for r in rows
                ],
            )
        ]
    )
    audit.record(
        actor=user,
        action=AuditAction.EXPORT,
        obj=prompt,
        object_repr=f"工作提示阅读情况：{prompt.title}",
        changes={"rows": [None, len(rows)], "filters": [None, {k: v for k, v in filters.items() if v}]},
    )
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = content_disposition(f"工作提示阅读情况_{prompt.pk}.xlsx")
    return response


@require_POST
def prompt_remind(request, prompt_id):
    user = request.user
    prompt = selectors.prompt_get(actor=user, prompt_id=prompt_id)
    scoping.require(scoping.may_see_prompt_receipts(user, prompt))
    try:
        n = services.prompt_remind(actor=user, prompt=prompt)
    except ApplicationError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, f"已提醒{n}位未读人员。")
    return redirect("prompts:detail", prompt.pk)
