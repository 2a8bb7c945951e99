"""Messages of study materials, shown to users as they are."""

ERR_MATERIAL_COPIES = "配发册数必须大于0。"
ERR_MATERIAL_TITLE = "请填写学习材料的书名。"
ERR_MATERIAL_YEAR = "年度不正确：应为2000至2100之间的年份。"
ERR_MATERIAL_ORDERED = "征订数量不能为负数。"
ERR_MATERIAL_UNIT_OUTSIDE = "单位“{unit}”不在您的管理范围内，不能配发。"
ERR_MATERIAL_UNIT_NO_ORG = "单位“{unit}”没有有效的党组织，不能登记配发。"
ERR_MATERIAL_DATE = "配发日期不能晚于今天。"
