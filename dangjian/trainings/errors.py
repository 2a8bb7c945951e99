"""Messages of trainings (Chinese, naming the field, the person or the rule)."""

ERR_RATE = "结业出勤率须在1%到100%之间。"
ERR_NUMBER_TAKEN = "本培训项目已有第{n}期。"
ERR_QUOTA_NEGATIVE = "名额不能为负数。"
ERR_OVER_QUOTA = "{unit}本期名额为{seats}人，已报名{enrolled}人，不能再报名{adding}人。"
ERR_OVER_CLASS_QUOTA = "本期培训班限{seats}人，已报名{enrolled}人，不能再报名{adding}人。"
ERR_NOT_A_CLASS_DAY = (
    "{day:%Y年%-m月%-d日}本期培训班不开班（开班时间{first:%Y年%-m月%-d日}至{last:%Y年%-m月%-d日}）。"
)
ERR_NOT_A_TRAINEE = "所选人员不是本期培训班的学员。"
ERR_NOT_ENDED = "本期培训班{last:%Y年%-m月%-d日}结束，结束前不能结业。"
ERR_RULE_NOT_MET = (
    "{name}出勤{present}天（共{days}天，{rate}%），未达到本培训项目的结业条件：出勤率不低于{rule}%。"
)
ERR_ALREADY_COMPLETED = "{name}已结业。"
ERR_HOURS_REQUIREMENT = "年度学时要求须在0到500之间。"
