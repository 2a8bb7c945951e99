from django.db import models


class FeeCategory(models.TextChoices):
    """Which rule of 中组发〔2008〕3号 sets the monthly fee (rules.md §4)."""

    SALARIED = "salaried", "在职（按工资收入）"
    RETIRED = "retired", "离退休（按离退休费）"
    LOW = "low", "学生、下岗失业、领取抚恤救济或低保"
    FARMER = "farmer", "农民党员"
    OTHER = "other", "其他（按上季度月平均纯收入）"
    EXEMPT = "exempt", "经批准减免"
