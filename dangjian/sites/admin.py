"""Admin of demonstration sites: shown, not changed (writes go through the services)."""

from django.contrib import admin

from dangjian.core.admin import ReadOnlyAdmin
from dangjian.sites.models import DemoSite


@admin.register(DemoSite)
class DemoSiteAdmin(ReadOnlyAdmin):
    list_display = ("organization", "status", "year", "named_on", "revoked_on", "provincial_on")
    list_filter = ("status", "year")
    list_select_related = ("organization",)
