"""Admin of organisational life. CadenceRule is the one thing configured here (the required
frequency of each kind, with its source and how certain it is); everything else is written
through the services (with audit rows), so the admin only shows it."""

from django.contrib import admin

from dangjian.core import audit
from dangjian.core.admin import ReadOnlyAdmin
from dangjian.core.models import AuditAction
from dangjian.meetings.models import CadenceRule, Meeting, YouthStudyGroup


@admin.register(CadenceRule)
class CadenceRuleAdmin(admin.ModelAdmin):
    """Editable: rules marked "local practice" are configurable defaults (rules.md §2a)."""

    list_display = ("kind", "period", "min_count", "holder", "is_active", "confidence", "source")
    list_editable = ("period", "min_count", "is_active")
    list_filter = ("confidence", "period", "is_active")
    fields = ("kind", "period", "min_count", "holder", "source", "confidence", "is_active")

    def has_delete_permission(self, request, obj=None):
        return False  # switch a rule off with is_active instead: reports of past years rely on it

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit.record(
            actor=request.user,
            action=AuditAction.UPDATE if change else AuditAction.CREATE,
            obj=obj,
            changes={f: [form.initial.get(f), form.cleaned_data.get(f)] for f in form.changed_data},
        )


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("held_at", "organization", "kind", "status", "title", "committee_attended")
    list_filter = ("kind", "status", "committee_attended")
    search_fields = ("title", "organization__name")
    date_hierarchy = "held_at"
    list_select_related = ("organization",)
    raw_id_fields = ("organization", "root", "host", "recorder", "unit", "youth_group", "created_by")


@admin.register(YouthStudyGroup)
class YouthStudyGroupAdmin(ReadOnlyAdmin):
    list_display = ("name", "unit", "organization", "established_on", "dissolved_on")
    search_fields = ("name",)
    list_select_related = ("unit", "organization")
