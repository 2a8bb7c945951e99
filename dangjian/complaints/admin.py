"""Admin of complaints: only the fields without the reporter's identity, read-only."""

from django.contrib import admin

from dangjian.complaints.models import Complaint
from dangjian.core.admin import ReadOnlyAdmin


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = ("title", "status", "received_on", "handover_due", "handed_over_on", "closed_on")
    list_filter = ("status",)
    exclude = ("reporter_name", "reporter_phone", "reporter_contact", "code_hash")
