"""Messages of assessments and appraisals, shown to users as they are."""

ERR_NAME = "请填写名称。"
ERR_YEAR = "年度不正确：应为2000至2100之间的年份。"
ERR_MAX_SCORE = "指标分值必须大于0。"
ERR_PARENT_OTHER = "上级指标不属于本次考核。"
ERR_PARENT_SCORED = "上级指标“{name}”已有评分，不能再添加下级指标。"
ERR_TOTAL = "各一级指标分值之和为{total}分，应为{expected}分。"
ERR_NOT_DRAFT = "考核已开始评分，不能再修改指标。"
ERR_NOT_SCORING = "考核当前状态为“{state}”，不能评分。"
ERR_ALREADY_PUBLISHED = "考核结果已公布。"
ERR_NO_INDICATORS = "还没有设置考核指标。"
ERR_NO_UNITS = "还没有确定被考核单位。"
ERR_UNIT_TWICE = "单位“{unit}”已在本次考核中。"
ERR_UNIT_NO_ORG = "单位“{unit}”没有有效的党组织，不能列入考核。"
ERR_NOT_LEAF = "只能对末级指标评分：“{name}”下还有细项。"
ERR_SCORE_ABOVE_MAX = "“{name}”得分{score}超过该指标分值{max}分。"
ERR_SCORE_NEGATIVE = "“{name}”得分不能为负数。"
ERR_SCORE_STEP = "得分最多保留两位小数。"
ERR_NOT_ASSESSOR = "您不是该单位的考核人员，不能评分。"
ERR_UNSCORED = "还有{n}项指标未评分（{unit}：{first}），不能公布结果。"
ERR_GRADE_BANDS = "等次划分不正确：应为从高到低的“最低分,等次”列表，最后一档最低分为0。"
ERR_FINDING_UNIT = "下属单位“{sub}”不属于“{unit}”。"
ERR_FINDING_EMPTY = "请填写考核发现的问题。"

ERR_GRADES = "评价等次不正确：应为2至6个不重复的等次，如“好、较好、一般、差”。"
ERR_APPRAISAL_GRADE = "评价等次应为：{choices}。"
ERR_APPRAISAL_NOT_REPORTED = "述职报告提交后才能测评。"
ERR_APPRAISAL_REPORT = "请填写述职报告。"
ERR_APPRAISAL_CONCLUDED = "评议已确定等次，不能再修改。"
ERR_APPRAISAL_NO_RATINGS = "还没有人测评，不能确定等次。"
ERR_APPRAISAL_ORG_OUTSIDE = "“{org}”不在您的管理范围内。"
ERR_APPRAISAL_TWICE = "“{org}”在本轮述职评议中已有记录。"
ERR_EVALUATOR = "您不在本轮述职评议的测评人员范围内。"

# Rules cited when a workflow step is refused for who is asking (assessments/workflows.py).
RULE_ASSESSMENT_BY_RUNNER = (
    "党建工作实绩考核由组织考核的党组织负责：只有其工作人员（工委）可以开始评分和公布考核结果。"
)
RULE_REPORT_BY_SECRETARY = (
    "述职报告由述职党组织的书记提交（《党委（党组）书记抓基层党建工作述职评议考核办法（试行）》）："
    "只有该党组织或其上级党组织的党务工作人员可以提交。"
)
RULE_CONCLUDE_BY_ROUND = (
    "评议等次由组织述职评议的党组织确定（《党委（党组）书记抓基层党建工作述职评议考核办法（试行）》）："
    "只有其党务工作人员可以确定评议等次。"
)
