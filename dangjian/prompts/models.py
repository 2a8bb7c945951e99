"""Work prompts (工作提示): notices from the working committee or a unit to a set of
organisations, who read them and who was reminded. The tables keep their original names
(meetings_workprompt...), from when prompts were part of meetings."""

from django.conf import settings
from django.db import models

from dangjian.core.models import TimeStampedModel
from dangjian.prompts.enums import Audience


class WorkPrompt(TimeStampedModel):
    """工作提示: a notice from the working committee (or a unit) to a set of organisations."""

    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sender_org = models.ForeignKey(
        "organizations.PartyOrganization", on_delete=models.PROTECT, related_name="+"
    )
    # The province-level root, kept on every scoped row (organizations.PartyOrganization.root).
    root = models.ForeignKey(
        "organizations.PartyOrganization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField("发布时间")
    recipients = models.ManyToManyField("organizations.PartyOrganization", related_name="work_prompts")
    audience = models.CharField("阅读对象", max_length=10, choices=Audience.choices, default=Audience.STAFF)

    # Set for display by selectors (recipient_summary, read counts) and the API; not columns.
    recipient_count: int
    recipient_label: str
    reader_count: int
    read_count: int
    is_read: bool | None

    class Meta:
        db_table = "meetings_workprompt"
        ordering = ["-published_at"]
        verbose_name = "工作提示"
        verbose_name_plural = "工作提示"

    def __str__(self) -> str:
        return self.title

    def audit_org_path(self) -> str:
        return self.sender_org.path


class WorkPromptRead(models.Model):
    prompt = models.ForeignKey(WorkPrompt, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField()

    class Meta:
        db_table = "meetings_workpromptread"
        constraints = [models.UniqueConstraint(fields=["prompt", "user"], name="prompt_read_unique")]

    def __str__(self) -> str:
        return f"{self.prompt_id} {self.user_id} {self.read_at:%Y-%m-%d %H:%M}"


class WorkPromptReminder(models.Model):
    prompt = models.ForeignKey(WorkPrompt, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        db_table = "meetings_workpromptreminder"

    def __str__(self) -> str:
        return f"{self.prompt_id} → {self.user_id}"
