"""Admin of work prompts: shown, not changed (writes go through the services, which audit them)."""

from django.contrib import admin

from dangjian.core.admin import ReadOnlyAdmin
from dangjian.prompts.models import WorkPrompt


@admin.register(WorkPrompt)
class WorkPromptAdmin(ReadOnlyAdmin):
    list_display = ("title", "sender_org", "published_at")
    search_fields = ("title",)
