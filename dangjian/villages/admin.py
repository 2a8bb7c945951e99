"""Admin of village cadres: shown, not changed (writes go through the services, which audit them)."""

from django.contrib import admin

from dangjian.core.admin import ReadOnlyAdmin
from dangjian.villages.models import Stationing, SurveyTeam


@admin.register(Stationing)
class StationingAdmin(ReadOnlyAdmin):
    list_display = ("person", "unit", "role", "area", "village", "started_on", "ended_on")
    list_select_related = ("person", "unit")


@admin.register(SurveyTeam)
class SurveyTeamAdmin(ReadOnlyAdmin):
    list_display = ("name", "started_on", "ended_on")
