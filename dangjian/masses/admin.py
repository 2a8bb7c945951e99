"""Admin of the masses work: shown, not changed (writes go through the services, which audit them)."""

from django.contrib import admin

from dangjian.core.admin import ReadOnlyAdmin
from dangjian.masses.models import InternshipPost, Suggestion


@admin.register(InternshipPost)
class InternshipPostAdmin(ReadOnlyAdmin):
    list_display = ("unit", "title", "places", "offered_on")
    list_select_related = ("unit",)


@admin.register(Suggestion)
class SuggestionAdmin(ReadOnlyAdmin):
    list_display = ("topic", "submitter", "submitted_on", "adopted")
