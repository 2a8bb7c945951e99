from django.db import models


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "设置指标"
    SCORING = "scoring", "评分中"
    PUBLISHED = "published", "已公布"


class AppraisalStatus(models.TextChoices):
    DRAFT = "draft", "待述职"
    REPORTED = "reported", "已述职，测评中"
    CONCLUDED = "concluded", "已确定等次"


# Default grade bands of a performance assessment: (lowest total, grade), highest first.
DEFAULT_GRADE_BANDS = [[90, "好"], [80, "较好"], [60, "一般"], [0, "差"]]
# Default ratings of a secretary appraisal (述职评议考核), best first (rules.md §8a: widely cited,
# unconfirmed nationally, so configurable per round).
DEFAULT_APPRAISAL_GRADES = ["好", "较好", "一般", "差"]
