"""Messages of work prompts, shown to users as they are."""

ERR_PROMPT_RECIPIENTS = "请选择至少一个接收组织。"
ERR_PROMPT_OUTSIDE = "接收组织“{org}”不在您的管理范围内。"
ERR_PROMPT_TITLE = "请填写工作提示的标题。"
ERR_PROMPT_BODY = "请填写工作提示的正文。"
ERR_PROMPT_SENDER = "只有工委工作人员或单位党务工作者可以发布工作提示。"
ERR_PROMPT_NO_UNREAD = "所有接收人均已阅读，无需提醒。"
ERR_API_RECIPIENT_UNKNOWN = "接收组织（编号{id}）不存在或不在您的管理范围内。"
