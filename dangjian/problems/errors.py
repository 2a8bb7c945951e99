"""Messages of the problem ledger (问题清单与整改), shown to users as they are."""

from dangjian.core import attachments

ERR_DESCRIPTION = "请填写问题描述。"
ERR_SOURCE = "问题来源不正确：应为{choices}之一。"
ERR_OWNER = "请选择整改责任单位或党组织。"
ERR_OWNER_NO_ORG = "单位“{unit}”没有有效的党组织，不能交办问题。"
ERR_OWNER_OUTSIDE = "“{owner}”不在您的管理范围内，不能交办问题。"
ERR_OWNER_MISMATCH = "党组织“{org}”不属于单位“{unit}”。"
ERR_YEAR = "年度不正确：应为2000至2100之间的年份。"
ERR_DEADLINE_BEFORE = "整改时限不能早于发现日期（{found_on}）。"
ERR_FOUND_FUTURE = "发现日期不能晚于今天。"
ERR_TOO_LONG = "“{field}”不能超过{n}个字。"
ERR_NO_WRITE = "只有工委和单位党务工作人员可以交办问题。"
ERR_BULK_ROW = "第{row}条：{message}"
ERR_CLOSED_EDIT = "问题已销号，不能修改；如需重新整改，请由交办方在“回头看”中重新打开。"
ERR_DEADLINE_BY_VERIFIER = "整改时限只能由交办方调整。"

# Guards of the workflow (each cites its rule).
RULE_RECTIFY_BY_OWNER = "整改由问题的责任单位（党组织）负责：只有对该党组织有管理权限的人员可以办理。"
RULE_VERIFY_BY_ASSIGNER = (
    "销号、退回和“回头看”由交办问题的一方核验：只有对交办党组织有管理权限的人员可以办理。"
)
ERR_RESULT_REQUIRED = "提交销号须在“说明”中填写整改完成情况（对照整改措施逐项说明）。"
ERR_REASON_REQUIRED = "{label}须在“说明”中写明理由。"
ERR_NEW_DEADLINE_PAST = "新的整改时限不能早于今天。"

# Attachments.
ERR_ATTACHMENT_EMPTY = attachments.ERR_EMPTY
ERR_ATTACHMENT_SIZE = attachments.ERR_SIZE
ERR_ATTACHMENT_TYPE = attachments.ERR_TYPE
ERR_ATTACHMENT_MISMATCH = attachments.ERR_MISMATCH

# Import.
ERR_IMPORT_UNIT = "没有名为“{name}”的单位。"
ERR_IMPORT_SOURCE = "问题来源应为：{choices}。"
ERR_IMPORT_DATE = "{reason}"
ERR_IMPORT_YEAR = "年度应为2000至2100之间的整数。"
