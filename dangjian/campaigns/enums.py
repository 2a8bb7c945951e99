from django.db import models


class ReportLine(models.TextChoices):
    """Which line of the annual report a campaign's figures feed (年度报告统计口径)."""

    NONE = "", "不单列"
    COMMUNITY = "community", "党员进社区（突出思想教育）"


class DeedStatus(models.TextChoices):
    PLANNED = "planned", "计划中"
    IN_PROGRESS = "in_progress", "推进中"
    DONE = "done", "已办结"


class DifficultyStatus(models.TextChoices):
    OPEN = "open", "待解决"
    IN_PROGRESS = "in_progress", "推进中"
    SOLVED = "solved", "已解决"
