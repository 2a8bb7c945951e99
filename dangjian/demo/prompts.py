"""The committee's quarterly work prompts of the demo year, sent to every branch: the demo branch
account has read the first three and was reminded of the fourth."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model

from dangjian.core.demo import demo_stage
from dangjian.demo.builder import Context
from dangjian.prompts.models import WorkPrompt, WorkPromptRead, WorkPromptReminder

PROMPTS = [  # (quarter, month, day, title, body)
    (
        1,
        1,
        5,
        "{y}年第一季度组织生活重点工作提示",
        "一、深入学习贯彻党的二十大精神，把学习党的二十大报告和党章作为“三会一课”、主题党日的重要内容。\n"
        "二、认真召开{p}年度组织生活会，开展民主评议党员，做好问题整改。\n"
        "三、落实“第一议题”制度，及时跟进学习习近平总书记最新重要讲话精神。",
    ),
    (
        2,
        4,
        3,
        "{y}年第二季度组织生活重点工作提示",
        "一、按照主题教育部署，把理论学习贯穿始终，党支部每月至少开展1次集中学习。\n"
        "二、支部书记讲好主题教育专题党课。\n三、结合“我为群众办实事”开展主题党日活动。",
    ),
    (
        3,
        7,
        3,
        "{y}年第三季度组织生活重点工作提示",
        "一、围绕庆祝建党102周年开展主题党日活动，组织党员重温入党誓词。\n"
        "二、认真学习习近平总书记在文化传承发展座谈会上的重要讲话精神。\n"
        "三、开好主题教育专题组织生活会，做好检视整改。",
    ),
    (
        4,
        10,
        9,
        "{y}年第四季度组织生活重点工作提示",
        "一、深入学习贯彻习近平文化思想，跟进学习习近平总书记最新重要讲话精神。\n二、做好年度党员教育培训和党费收缴自查。\n"
        "三、提前谋划{y}年度组织生活会和民主评议党员工作，严格落实“三会一课”制度。",
    ),
]


@demo_stage("prompts", order=50, label="工作提示", counts=[("work_prompts", "工作提示")])
def build(ctx: Context) -> None:
    y, tz = ctx.year, ZoneInfo(settings.TIME_ZONE)
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=["demo-committee", "demo-branch"])
    }
    sender = users.get("demo-committee")
    if sender is None:
        return
    recipients = [b for b in ctx.branches if b.is_active]
    through = WorkPrompt.recipients.through
    links, reads = [], []
    for q, month, day, title, body in PROMPTS:
        when = dt.datetime(y, month, day, 9, 30, tzinfo=tz)
        prompt = WorkPrompt.objects.create(
            title=title.format(y=y),
            body=body.format(y=y, p=y - 1),
            sender=sender,
            sender_org=ctx.root,
            root=ctx.root,
            published_at=when,
        )
        WorkPrompt.objects.filter(pk=prompt.pk).update(created_at=when, updated_at=when)
        links += [through(workprompt_id=prompt.pk, partyorganization_id=b.pk) for b in recipients]
        reader = users.get("demo-branch")
        if reader is not None and q < 4:
            reads.append(
                WorkPromptRead(
                    prompt=prompt,
                    user=reader,
                    read_at=when + dt.timedelta(days=ctx.rng.randint(0, 6), hours=2),
                )
            )
        elif reader is not None:
            reminder = WorkPromptReminder.objects.create(prompt=prompt, user=reader, sent_by=sender)
            WorkPromptReminder.objects.filter(pk=reminder.pk).update(sent_at=when + dt.timedelta(days=14))
    through.objects.bulk_create(links, batch_size=5000)
    WorkPromptRead.objects.bulk_create(reads)
    ctx.counts["work_prompts"] = len(PROMPTS)
