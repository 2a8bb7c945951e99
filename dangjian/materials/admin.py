"""Admin of study materials: shown, not changed (writes go through the services, which audit them)."""

from django.contrib import admin

from dangjian.core.admin import ReadOnlyAdmin
from dangjian.materials.models import MaterialDistribution, StudyMaterial


@admin.register(StudyMaterial)
class StudyMaterialAdmin(ReadOnlyAdmin):
    list_display = ("title", "publisher", "year", "ordered_copies")
    list_filter = ("year",)
    search_fields = ("title",)


@admin.register(MaterialDistribution)
class MaterialDistributionAdmin(ReadOnlyAdmin):
    list_display = ("distributed_on", "material", "unit", "copies")
    list_select_related = ("material", "unit")
    date_hierarchy = "distributed_on"
