"""Messages of party fees (党费), citing 《关于中国共产党党费收缴、使用和管理的规定》(中组发〔2008〕3号)."""

RULE = "《关于中国共产党党费收缴、使用和管理的规定》"
ERR_BASE_NUMBER = "计算基数：请输入金额数字（元），如 4500.00。"
ERR_BASE_NEGATIVE = "计算基数：不能为负数。依据：" + RULE + "第一条（以每月工资收入为基数）。"
ERR_BASE_TOO_BIG = "计算基数：金额过大，请核对（单位：元/月）。"
ERR_YEAR = "年度：请输入 2000 至 2100 之间的年份。"
ERR_MONTH = "月份：请输入 1 至 12。"
ERR_BASE_EXISTS = (
    "“{name}”{year}年的党费基数已核定（每月{fee}元）：年初核定后年内一般不作调整。依据："
    + RULE
    + "（年初核定）。"
)
ERR_NO_BASE = "“{name}”{year}年尚未核定党费基数，请先核定再登记交纳。"
ERR_PAID = "“{name}”{year}年{month}月的党费已于{paid_on}交纳，不能重复登记。"
ERR_BACK_PAYMENT = (
    "补交期限：{year}年{month}月的党费至{paid_on}已超过6个月，不能补交。依据："
    + RULE
    + "第十二条（补交期限不超过6个月）。"
)
ERR_AHEAD = (
    "交纳月份：{year}年{month}月尚未到期，最多预交当季度（3个月）内的党费。依据："
    + RULE
    + "第十二条（可按季度交纳）。"
)
ERR_AMOUNT = "交纳金额：应为该月应交党费 {fee} 元（自愿多交请另行登记）。"
ERR_NOT_MEMBER = "“{name}”不是党员，不需要交纳党费。"
ERR_BEFORE_ADMITTED = (
    "{year}年{month}月早于“{name}”被接收为预备党员的月份，不需交纳。依据："
    + RULE
    + "（自支部大会通过之日起交纳）。"
)
ERR_PUBLISHED = "{org}{year}年的党费收缴情况已于{on}公示。"
ERR_PUBLISH_BRANCH = "公示党费收缴情况：请选择一个党支部（或党总支、党委）。"
ERR_PAID_ON_FUTURE = "交纳日期：不能晚于今天。"
