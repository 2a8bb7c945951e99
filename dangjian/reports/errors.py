"""Messages of the reports app (services and the template language raise them)."""

ERR_BAD_PLACEHOLDER = (
    "第{line}行：占位符格式不正确（“{snippet}”）。只能写 {{{{指标编号}}}} 或 {{{{指标编号|显示规则}}}}。"
)
ERR_BAD_RULE = "第{line}行：{ref} 的显示规则不存在。可用的规则：{rules}，或 -数字（减去固定数）。"
ERR_UNKNOWN_METRIC = "第{line}行：指标“{id}”不存在。请从右侧的指标列表中选择指标编号。"
ERR_TWO_TITLES = "第{line}行：模板只能有一个标题（以“# ”开头的行）。"
ERR_TEMPLATE_EMPTY = "模板内容为空。"
ERR_TEMPLATE_TOO_LONG = "模板过长（最多 {limit} 个字符）。"
ERR_YEAR_RANGE = "年度应在 2000 至 2100 之间。"
ERR_COMMITTEE_ONLY = "只有工委工作人员可以编辑年度综述模板。"
NOTE_NO_DATA = "{year}年在{scope}范围内没有任何记录，各项数字均为 0。"
ERR_CHECK_EMPTY = "请粘贴总结全文，或上传 .docx 文件。"
ERR_CHECK_TOO_LONG = "总结过长（最多 {limit} 个字符）。"
ERR_CHECK_FILE_TOO_BIG = "文件过大（最多 5 MB）。"
ERR_CHECK_NOT_DOCX = "文件不是有效的 Word（.docx）文档。"
