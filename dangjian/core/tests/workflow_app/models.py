from django.conf import settings
from django.db import models

from dangjian.core.workflow import TimelineEntry


class TicketState(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    RETURNED = "returned", "已退回"
    CLOSED = "closed", "已办结"


class Ticket(models.Model):
    title = models.CharField(max_length=100)
    body = models.TextField(blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=TicketState.choices, default=TicketState.DRAFT)
    closed_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: models.Manager["Ticket"] = (
        models.Manager()
    )  # typed: the app is installed by the test settings only

    def __str__(self) -> str:
        return self.title


class TicketEvent(TimelineEntry):
    subject = models.ForeignKey(Ticket, on_delete=models.PROTECT, related_name="events")

    class Meta(TimelineEntry.Meta):
        pass
