"""Admin of selections and awards: shown, not changed (writes go through the services)."""

from django.contrib import admin

from dangjian.awards.models import Nomination, Selection
from dangjian.core.admin import ReadOnlyAdmin


@admin.register(Selection)
class SelectionAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "year", "collective_quota", "individual_quota")
    list_filter = ("kind", "year")


@admin.register(Nomination)
class NominationAdmin(ReadOnlyAdmin):
    list_display = ("name", "selection", "nominee_kind", "status", "awarded_on")
    list_filter = ("status", "nominee_kind")
    list_select_related = ("selection",)
