"""Messages of the development of members; every refusal cites its rule (rules.md §1)."""

XIZE = "《中国共产党发展党员工作细则》"

RULE_AGE = f"{XIZE}第五条：年满十八岁的中国工人、农民、军人、知识分子和其他社会阶层的先进分子可以申请入党"
RULE_TALK = f"{XIZE}：党组织收到入党申请书后，应当在一个月内派人同入党申请人谈话"
RULE_ACTIVIST = (
    f"{XIZE}第九条：经党员推荐、群团组织推优，由支部委员会研究决定确定入党积极分子，并报上级党委备案"
)
RULE_CONTACTS = f"{XIZE}第十条：党组织应当指定一至两名正式党员作入党积极分子的培养联系人"
RULE_REVIEW = f"{XIZE}第十一条：党支部每半年对入党积极分子进行一次考察"
RULE_ONE_YEAR = f"{XIZE}第十三条：对经过一年以上培养教育和考察、基本具备党员条件的入党积极分子，经支部委员会讨论同意并报上级党委备案后，可列为发展对象"
RULE_SPONSORS = f"{XIZE}第十四条：发展对象应当有两名正式党员作入党介绍人"
RULE_POLITICAL = f"{XIZE}第十六条：对发展对象进行政治审查，政治审查不合格的，不能发展入党"
RULE_TRAINING = f"{XIZE}第十七条：对发展对象进行短期集中培训，培训时间一般不少于三天（或不少于二十四个学时）"
RULE_COMMITTEE_REVIEW = f"{XIZE}第十八条：支部委员会对发展对象进行严格审查"
RULE_PRE_REVIEW = f"{XIZE}第十九条：基层党委对发展对象进行预审，审查合格的发放《入党志愿书》"
RULE_APPROVAL_POWER = "共产党员网《党总支能不能审批预备党员》：只有党的基层委员会（党委、工委）有权审批接收预备党员，党总支、党支部不能审批"
RULE_QUORUM = f"{XIZE}第二十条、第二十一条：支部大会有表决权的到会人数须超过应到会有表决权人数的半数；赞成人数超过应到会有表决权正式党员的半数方为通过，因故不能到会的有表决权的党员在会前正式提出的书面意见应统计在票数内；讨论两个以上发展对象时须逐个讨论和表决"
RULE_COMMITTEE_TALK = f"{XIZE}第二十二条：上级党委在审批前应当指派党委委员或组织员同发展对象谈话"
RULE_APPROVAL_TIME = (
    f"{XIZE}第二十四条：上级党委审批接收预备党员应当在三个月内审批（遇特殊情况可适当延长，但不得超过六个月）"
)
RULE_PROBATION = f"{XIZE}第三十二条：预备党员的预备期为一年，从支部大会通过之日算起"
RULE_EXTENSION = (
    f"{XIZE}第三十二条：预备党员需要继续教育考察的，可以延长一次预备期，延长时间不能少于半年，最长不超过一年"
)
RULE_CONVERSION = f"{XIZE}第三十三条：预备期满，支部大会讨论其能否转为正式党员"
RULE_CONVERSION_TIME = (
    f"{XIZE}第三十四条：上级党委应当在三个月内审批预备党员转正；党龄从预备期满转为正式党员之日算起"
)
RULE_BRANCH = "党支部负责发展党员的日常工作；本支部或上级党组织的党务工作人员才能登记"
RULE_ARCHIVE = f"{XIZE}第三十七条：预备党员转正后，党支部将入党材料交党委存入本人档案"

ERR_AGE = "申请人在申请日期{date}未满18周岁（{age}岁），不能申请入党。依据：" + RULE_AGE
ERR_ALREADY = "{name}已有发展党员记录或已是党员，不能重复登记入党申请。"
ERR_FUTURE = "“{field}”不能是将来的日期。"
ERR_BEFORE = "“{field}”（{date}）不能早于{earlier}（{earlier_date}）。"
ERR_ONE_YEAR = (
    "{name}于{activist_on}确定为入党积极分子，至{date}不满一年（最早{earliest}可列为发展对象）。依据："
    + RULE_ONE_YEAR
)
ERR_ACTIVIST_NOT_FILED = (
    "确定发展对象前须先完成“上级党委备案（积极分子）”并指定培养联系人。依据：" + RULE_ONE_YEAR
)
ERR_CONTACTS_COUNT = "培养联系人须为一至两名正式党员，当前选择了{n}名。依据：" + RULE_CONTACTS
ERR_NOT_FULL_MEMBER = "{name}不是正式党员，不能担任{role}。"
ERR_SELF = "发展对象本人不能担任{role}。"
ERR_SPONSORS_COUNT = "入党介绍人须为两名正式党员，当前选择了{n}名。依据：" + RULE_SPONSORS
ERR_TRAINING = "集中培训{days}天、{hours}学时，不足三天或二十四学时。依据：" + RULE_TRAINING
ERR_REVIEW_MISSING = "支部委员会审查前须先完成：{missing}。依据：" + RULE_COMMITTEE_REVIEW
ERR_POLITICAL_FAILED = "政治审查结论为不合格，不能发展入党。依据：" + RULE_POLITICAL
ERR_FORM_MISSING = "支部大会讨论前须先填写《入党志愿书》。依据：" + RULE_PRE_REVIEW
ERR_MEETING = "请选择本支部已召开的支部党员大会（{org}）。"
ERR_TALKER = "{name}不是有审批权的上级党委的委员，不能代表上级党委谈话。依据：" + RULE_COMMITTEE_TALK
ERR_TALK_MISSING = "审批前上级党委须先派人谈话。依据：" + RULE_COMMITTEE_TALK
ERR_APPROVAL_LATE = "支部大会{vote_on}通过，至{date}已超过六个月，不能再审批。依据：" + RULE_APPROVAL_TIME
ERR_APPROVAL_LATE_NOTE = (
    "支部大会{vote_on}通过，至{date}已超过三个月，须在说明中写明延长审批的特殊情况。依据："
    + RULE_APPROVAL_TIME
)
ERR_EXTENSION_TWICE = "{name}的预备期已延长过一次（{months}个月），不能再次延长。依据：" + RULE_EXTENSION
ERR_EXTENSION_MONTHS = "延长预备期须为6至12个月，当前为{months}个月。依据：" + RULE_EXTENSION
ERR_CONVERSION_EARLY = "预备期至{ends}期满，{date}讨论转正过早。依据：" + RULE_CONVERSION
ERR_CONVERSION_LATE = (
    "支部大会{vote_on}通过转正，至{date}已超过三个月，须在说明中写明原因。依据：" + RULE_CONVERSION_TIME
)
ERR_CLOSE_REASON = "终止发展须写明原因。"
ERR_ORG_NOT_BRANCH = "发展党员由党支部负责，“{org}”（{kind}）不是党支部。"
ERR_NOT_WRITABLE = "您无权为“{org}”登记发展党员。依据：" + RULE_BRANCH
ERR_STEP_FORM = "步骤“{name}”不存在，或须通过其专门的表单登记（表决、人员、培训、政审、延长预备期）。"
