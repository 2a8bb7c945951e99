from django.db import models


class ProblemSource(models.TextChoices):
    """Where a problem was found (问题来源)."""

    ASSESSMENT = "assessment", "考核"
    APPRAISAL = "appraisal", "述职评议"
    SURVEY = "survey", "调研"
    INSPECTION = "inspection", "督查"
    COMPLAINT = "complaint", "举报"
    REVIEW = "review", "巡察/审查"
    OTHER = "other", "其他"


class ProblemStatus(models.TextChoices):
    """The rectification workflow (problems/workflows.py)."""

    ASSIGNED = "assigned", "已交办"
    RECTIFYING = "rectifying", "整改中"
    SUBMITTED = "submitted", "待核验销号"
    CLOSED = "closed", "已销号"


OPEN_STATUSES = (ProblemStatus.ASSIGNED, ProblemStatus.RECTIFYING, ProblemStatus.SUBMITTED)
