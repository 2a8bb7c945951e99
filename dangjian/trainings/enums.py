from django.db import models


class ProgrammeSeries(models.TextChoices):
    """The series a programme belongs to, year after year; the summary's training figures are
    per series (e.g. "处级领导干部...培训班18期" is the leading-cadre series of 2023)."""

    LEADING_CADRES = "leading_cadres", "领导干部专题培训"
    MEMBER_EDUCATION = "member_education", "党员干部教育示范培训"
    PARTY_WORKERS = "party_workers", "市县直机关工委党务干部培训"
    SECRETARIES = "secretaries", "党支部书记培训"
    OTHER = "other", "其他培训"


class HoursCategory(models.TextChoices):
    MEMBER = "member", "党员"
    LEADER = "leader", "基层党组织书记和班子成员"
