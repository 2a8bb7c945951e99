"""Messages of medals and care (光荣在党50年纪念章, 关爱帮扶)."""

RULE_MEDAL = "中办《关于做好“光荣在党50年”纪念章颁发工作的通知》：党龄达到50年、一贯表现良好的健在党员"
ERR_MEDAL_PARTY_AGE = (
    "“{name}”截至{cutoff}党龄为{years}年（{full_on}转正），不满50年，不能颁发。依据：" + RULE_MEDAL + "。"
)
ERR_MEDAL_NO_FULL = "“{name}”没有转正日期（党龄自转正之日起计算），不能颁发。依据：" + RULE_MEDAL + "。"
ERR_MEDAL_NOT_LIVING = "“{name}”的党籍状态为“{status}”，纪念章只颁发给健在的党员。依据：" + RULE_MEDAL + "。"
ERR_MEDAL_DONE = "“{name}”已于{on}获颁纪念章，不能重复颁发。"
ERR_MEDAL_NONE = "请选择要颁发纪念章的党员。"
ERR_YEAR = "年度：请输入 2000 至 2100 之间的年份。"
ERR_DATE_FUTURE = "{field}：不能晚于今天。"
ERR_AMOUNT = "金额：请输入不小于0的金额（元）。"
ERR_AMOUNT_REQUIRED = "金额：发放慰问金须填写大于0的金额（元）。"
ERR_RECIPIENT = "对象：请填写走访慰问的对象。"
ERR_REASON = "事由：请填写。"
ERR_UNIT = "单位：请选择党组织。"
