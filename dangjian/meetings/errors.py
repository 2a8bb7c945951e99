from dangjian.core import attachments

ERR_TITLE_REQUIRED = "会议主题不能为空。"
ERR_FUTURE_HELD = "会议时间在将来，不能登记为“已召开”。"
ERR_KIND_FOR_ORG = "“{org}”（{org_kind}）不能召开{kind}。"
ERR_PERSON_UNKNOWN = "人员（编号{id}）不存在或不在您的权限范围内。"
ERR_NOT_ON_ROSTER = "{name}在{date}不是“{org}”的成员，不能登记出勤。"
ERR_DUPLICATE_PERSON = "{name}在本次会议中重复登记。"
ERR_LEAVE_REASON = "请假须填写事由（{name}）。"
ERR_QUORUM = "本次会议未达到法定人数，不能表决：{rule}（应到{expected}人，实到{present}人）。"
ERR_VOTE_COUNTS = "表决票数之和（{total}）超过实到有表决权人数（{present}）。"
ERR_WRITTEN_COUNTS = "书面意见票数之和（{total}）超过未到会的有表决权人数（{absent}）。"
ERR_NO_VOTE_HERE = "{kind}不进行表决。"
ERR_EXCELLENT_RATIO = "评为“优秀”的不能超过参加评议党员的三分之一（{limit}人），当前{n}人。"
ERR_PROBATIONARY_GRADED = "预备党员参加评议但不评定等次（{name}）。"
ERR_MEETING_CANCELLED = "会议已取消。"
ERR_YOUTH_AGE = "{name}在{date}已{age}岁，超过青年理论学习小组的年龄上限（{limit}岁）。"
ERR_YOUTH_LIMIT = "年龄上限只能是35或40岁。"
ERR_YOUTH_DUPLICATE = "{name}已是本小组成员。"
ERR_YOUTH_GROUP_CLOSED = "该小组已撤销。"
ERR_SIGNIN_EXPIRED = "二维码已过期（每30秒更新一次），请重新扫描会场屏幕上的二维码。"
ERR_SIGNIN_NOT_ROSTER = "您不在本次会议的应到人员名单中，不能签到。请联系会议记录人。"
ERR_SIGNIN_NOT_OPEN = "会议未开始或已结束，不能扫码签到。"
ERR_NOT_STARTED = "会议尚未开始（{time}开始），不能登记出勤或表决结果。"
CONFIRM_CLOSE = "确定结束签到吗？"
CONFIRM_CLOSE_FEW = "应到{total}人，只有{present}人签到，{absent}人未签到（超过一半），结束后未签到的人员按缺席登记。确定结束签到吗？"
ERR_SIGNIN_NO_PERSON = "您的账号没有关联党员信息，不能签到。"
ERR_CENTRAL_GROUP_ORG = "中心组学习须由单位机关党委登记。"
ERR_ATTACHMENT_SIZE = attachments.ERR_SIZE
ERR_ATTACHMENT_TYPE = attachments.ERR_TYPE

# --- meeting pages, attendance additions, attachments, documents (helper F1) ---
ERR_ATTACHMENT_EMPTY = attachments.ERR_EMPTY
ERR_ATTACHMENT_MISMATCH = attachments.ERR_MISMATCH
ERR_ALREADY_ON_ROSTER = "{name}已在本次会议的应到人员名单中。"
ERR_FIRST_TOPIC_ONE = "只能有一个议程标记为“第一议题”。"
ERR_FIRST_TOPIC_TITLE = "标记为“第一议题”的议程须填写议程名称。"
ERR_PERSON_CHOICE = "所选人员不是本组织的党员。"
ERR_KIND_CHOICE = "请选择本组织可以召开的会议类型。"
ERR_CENTRAL_GROUP_ONLY = "“工委列席”和列席人员只用于中心组学习。"

# --- QR sign-in pages (helper F2) ---
ERR_SIGNIN_SCAN_FIRST = "请先用手机扫描会场屏幕上的签到二维码，再完成签到。"
ERR_SIGNIN_SCAN_STALE = "扫码后须在{minutes}分钟内完成登录签到，请重新扫描会场屏幕上的二维码。"

# --- youth study groups (services/youth.py) ------------------------------------------------
ERR_YOUTH_NAME = "请填写小组名称。"
ERR_YOUTH_UNIT_ORG = "指导党组织“{org}”不属于单位“{unit}”。"
ERR_YOUTH_PERSON_UNIT = "{name}不属于单位“{unit}”的党组织，不能加入本小组。"
ERR_YOUTH_JOIN_BEFORE = "加入日期（{date}）早于小组成立日期（{established}）。"
ERR_YOUTH_LEFT_BEFORE = "退出日期（{date}）早于加入日期（{joined}）（{name}）。"
ERR_YOUTH_ALREADY_LEFT = "{name}已于{date}退出本小组。"
ERR_YOUTH_DISSOLVE_BEFORE = "撤销日期（{date}）早于小组成立日期（{established}）。"
ERR_YOUTH_LEADER = "组长须是本小组的在组成员（{name}）。"
ERR_YOUTH_ESTABLISHED_AFTER = "成立日期（{date}）晚于已有成员的加入日期（{joined}）。"
ERR_YOUTH_ACTIVITY_CLOSED = "小组已于{date}撤销，不能登记当天及此后的活动。"

# --- cadence, central group study, study materials (helper G) ---
ERR_CENTRAL_GROUP_KIND = "只有中心组学习可以登记工委列席。"
ERR_OBSERVER_OUTSIDE = "列席人员“{name}”不在您的权限范围内。"
ERR_PERIOD_ORDER = "结束月份不能早于开始月份。"
ERR_PERIOD_LENGTH = "统计区间不能超过60个月。"

# --- meeting ledgers: export and historical import (helper J) ---
ERR_LEDGER_NO_SCOPE = "您没有导出会议台账的权限。"
ERR_LEDGER_NO_WRITE = "您没有导入会议台账的权限。"
ERR_LEDGER_YEAR = "年度不正确：应为2000至2100之间的年份。"
ERR_LEDGER_REQUIRED = "“{column}”不能为空。"
ERR_LEDGER_TOO_LONG = "“{column}”不能超过{n}个字符。"
ERR_LEDGER_ORG_UNKNOWN = "党组织“{name}”不存在或不在您的管理范围内。"
ERR_LEDGER_ORG_AMBIGUOUS = (
    "党组织名称“{name}”不唯一（{n}个），请填写“上级组织名称/本组织名称”，如“{example}”。"
)
ERR_LEDGER_ORG_INACTIVE = "党组织“{name}”已撤销，不能登记会议。"
ERR_LEDGER_KIND = "“{value}”不是有效的会议类型，应为：{allowed}。"
ERR_LEDGER_TIME = "时间格式不正确：“{value}”，应为 2023-03-05 或 2023-03-05 14:30。"
ERR_LEDGER_PERSON_UNKNOWN = "{column}“{name}”不是“{org}”的成员。"
ERR_LEDGER_PERSON_AMBIGUOUS = "“{name}”在“{org}”中有重名（{n}人），无法按姓名区分，请导入后在会议页面登记。"
ERR_LEDGER_LEAVE_FORMAT = "请假人员须注明事由，写作“张三（出差）”：{name}。"
ERR_LEDGER_DUP_IN_FILE = "与第{other}行是同一次会议（组织、类型、时间相同）。"
ERR_LEDGER_DUP_IN_DB = "系统中已有“{org}”{time}的{kind}，不能重复导入。"
ERR_API_FIELD_NULL = "字段“{field}”不能为空（null）。"
