from django.db import models


class SiteStatus(models.TextChoices):
    PROPOSED = "proposed", "已申报"
    EVALUATING = "evaluating", "评估中"
    NAMED = "named", "已命名"
    REJECTED = "rejected", "未通过"
    REVOKED = "revoked", "已撤销"


class SiteOrigin(models.TextChoices):
    APPLIED = "applied", "支部申报"
    NOMINATED = "nominated", "上级推荐"


OPEN_STATES = [SiteStatus.PROPOSED, SiteStatus.EVALUATING, SiteStatus.NAMED]
