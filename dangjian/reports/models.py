"""The annual summary's templates, one per year (the text with figure references)."""

from django.conf import settings
from django.db import models

from dangjian.core.models import TimeStampedModel


class SummaryTemplate(TimeStampedModel):
    """The summary of one year as the committee wrote it: text in the template language of
    `reports/placeholders.py`. A year without one uses the latest earlier template (or the
    shipped 2023 text) until the committee saves its own."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    text = models.TextField("模板内容")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="最后修改人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "年度综述模板"
        verbose_name_plural = "年度综述模板"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年度综述模板"
