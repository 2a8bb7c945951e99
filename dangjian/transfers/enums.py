from django.db import models


class TransferKind(models.TextChoices):
    WITHIN = "within", "系统内转接"
    OUT = "out", "转出系统（介绍信）"
    IN = "in", "从系统外转入"


class TransferStatus(models.TextChoices):
    PENDING = "pending", "办理中"
    COMPLETED = "completed", "已完成"
    RETURNED = "returned", "已退回"
    CANCELLED = "cancelled", "已撤回"


class MobileStatus(models.TextChoices):
    ACTIVE = "active", "流动中"
    ENDED = "ended", "已返回/已转接"


class CheckResult(models.TextChoices):
    PENDING = "pending", "待核实"
    IN_CONTACT = "in_contact", "保持联系"
    LOST = "lost", "失去联系"
    RETURNED = "returned", "已返回"
