from django.db import models


class InitiativeKind(models.TextChoices):
    BRAND = "brand", "党建品牌"
    PIONEER_POST = "pioneer_post", "党员先锋岗"
    RESPONSIBILITY_ZONE = "responsibility_zone", "党员责任区"
    COMMANDO_TEAM = "commando_team", "突击队"


class InitiativeStatus(models.TextChoices):
    ACTIVE = "active", "在建"
    CLOSED = "closed", "已撤销"
