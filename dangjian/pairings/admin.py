"""Admin of pairings: shown, not changed (writes go through the services, which audit them)."""

from django.contrib import admin

from dangjian.core.admin import ReadOnlyAdmin
from dangjian.pairings.models import Enterprise, Pairing, Park


@admin.register(Park)
class ParkAdmin(ReadOnlyAdmin):
    list_display = ("name", "area", "credit_code")
    search_fields = ("name", "credit_code")


@admin.register(Enterprise)
class EnterpriseAdmin(ReadOnlyAdmin):
    list_display = ("name", "credit_code", "area", "park")
    search_fields = ("name", "credit_code")


@admin.register(Pairing)
class PairingAdmin(ReadOnlyAdmin):
    list_display = ("unit", "park", "enterprise", "started_on", "ended_on", "visits", "problems_solved")
    list_select_related = ("unit", "park", "enterprise")
