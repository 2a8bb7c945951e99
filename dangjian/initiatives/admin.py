"""Admin of initiatives: shown, not changed (writes go through the services, which audit them)."""

from django.contrib import admin

from dangjian.core.admin import ReadOnlyAdmin
from dangjian.initiatives.models import Initiative


@admin.register(Initiative)
class InitiativeAdmin(ReadOnlyAdmin):
    list_display = ("kind", "name", "organization", "established_on", "closed_on")
    list_filter = ("kind",)
    search_fields = ("name",)
