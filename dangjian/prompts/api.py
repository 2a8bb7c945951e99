"""API: work prompts. Reads go through the prompt selectors, writes through the services;
outside scope is 404, visible but not allowed 403."""

from __future__ import annotations

from ninja import Query, Router
from ninja.responses import Status

from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.schemas import Id, Page, PageIn, paginate
from dangjian.organizations import scoping
from dangjian.prompts import errors, services
from dangjian.prompts import schemas as s
from dangjian.prompts import selectors as sg

router = Router(tags=["工作提示"])


@router.get("/work-prompts", response=Page[s.PromptOut], summary="收到的工作提示")
def prompt_inbox(request, page: Query[PageIn]):
    return paginate(sg.prompt_inbox(actor=request.auth), page)


@router.post("/work-prompts", response={201: s.PromptDetailOut}, summary="发布工作提示")
def prompt_publish(request, payload: s.PromptIn):
    actor = request.auth
    if not scoping.may_publish_prompts(actor):
        raise Forbidden(errors.ERR_PROMPT_SENDER)
    ids = sorted(set(payload.recipient_ids))
    orgs = {o.pk: o for o in scoping.orgs_visible(actor).filter(pk__in=ids)}
    for pk in ids:
        if pk not in orgs:
            raise ApplicationError(errors.ERR_API_RECIPIENT_UNKNOWN.format(id=pk), field="recipient_ids")
    prompt = services.prompt_publish(
        actor=actor,
        title=payload.title,
        body=payload.body,
        recipients=list(orgs.values()),
        audience=payload.audience,
    )
    return Status(201, sg.prompt_get(actor=actor, prompt_id=prompt.pk))


@router.get("/work-prompts/{prompt_id}", response=s.PromptDetailOut, summary="阅读工作提示（记录本人已读）")
def prompt_detail(request, prompt_id: Id):
    actor = request.auth
    prompt = sg.prompt_get(actor=actor, prompt_id=prompt_id)
    read = services.prompt_mark_read(actor=actor, prompt=prompt)
    prompt.is_read = read is not None or None
    return prompt


@router.get("/work-prompts/{prompt_id}/receipts", response=Page[s.ReceiptOut], summary="阅读回执")
def prompt_receipts(request, prompt_id: Id, page: Query[PageIn]):
    actor = request.auth
    prompt = sg.prompt_get(actor=actor, prompt_id=prompt_id)
    scoping.require(scoping.may_see_prompt_receipts(actor, prompt))
    rows = paginate(sg.prompt_receipts(prompt=prompt), page)
    return {
        "count": rows["count"],
        "items": [
            {
                "user_id": r["user"].pk,
                "user": str(r["user"]),
                "organizations": r["orgs"],
                "read_at": r["read_at"],
                "reminders": r["reminders"],
            }
            for r in rows["items"]
        ],
    }


@router.post("/work-prompts/{prompt_id}/remind", response=s.RemindOut, summary="提醒未读人员")
def prompt_remind(request, prompt_id: Id):
    actor = request.auth
    prompt = sg.prompt_get(actor=actor, prompt_id=prompt_id)
    return {"reminded": services.prompt_remind(actor=actor, prompt=prompt)}
