"""Pages of work prompts (工作提示): inbox and sent box, publishing, reading with receipts,
reminders. Thin: reads through selectors, writes through services; outside scope is 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.forms import apply_error
from dangjian.organizations import scoping
from dangjian.organizations.forms import org_label
from dangjian.prompts import errors, forms, selectors, services

PAGE_SIZE = 30


@require_GET
def prompt_list(request):
    user = request.user
    publisher = selectors.can_publish(user)
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
    if not selectors.can_publish(user):
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
                actor=user, title=d["title"], body=d["body"], recipients=recipients
            )
        except Forbidden:
            raise
        except ApplicationError as e:
            apply_error(form, e)
        else:
            messages.success(request, f"已发布工作提示“{prompt.title}”，接收组织{len(recipients)}个。")
            return redirect("prompts:detail", prompt.pk)
    return render(request, "prompts/prompt_form.html", {"form": form})


@require_GET
def prompt_detail(request, prompt_id):
    user = request.user
    prompt = selectors.prompt_get(actor=user, prompt_id=prompt_id)
    read = services.prompt_mark_read(actor=user, prompt=prompt)
    receipts = None
    if selectors.can_see_receipts(user, prompt):
        receipts = selectors.prompt_receipts(prompt=prompt)
    recipients = list(prompt.recipients.order_by("path").values_list("name", flat=True))
    return render(
        request,
        "prompts/prompt_detail.html",
        {
            "prompt": prompt,
            "read": read,
            "receipts": receipts,
            "recipients": recipients,
            "unread_count": sum(1 for r in receipts if r["read_at"] is None) if receipts is not None else 0,
        },
    )


@require_POST
def prompt_remind(request, prompt_id):
    user = request.user
    prompt = selectors.prompt_get(actor=user, prompt_id=prompt_id)
    scoping.require(selectors.can_see_receipts(user, prompt))
    try:
        n = services.prompt_remind(actor=user, prompt=prompt)
    except Forbidden:
        raise
    except ApplicationError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, f"已提醒{n}位未读人员。")
    return redirect("prompts:detail", prompt.pk)
