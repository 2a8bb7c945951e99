from django.db import models


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", "已申请"
    ACCEPTED = "accepted", "已录用"
    PLACED = "placed", "已到岗"
    DECLINED = "declined", "未录用"
