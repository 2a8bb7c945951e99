from django.urls import path

from dangjian.meetings import views_groups as v

urlpatterns = [
    path("youth-groups/", v.youth_group_list, name="youth_groups"),
    path("youth-groups/new/", v.youth_group_create, name="youth_group_create"),
    path("youth-groups/coverage/", v.youth_coverage, name="youth_coverage"),
    path("youth-groups/<int:group_id>/", v.youth_group_detail, name="youth_group_detail"),
    path("youth-groups/<int:group_id>/edit/", v.youth_group_edit, name="youth_group_edit"),
    path("youth-groups/<int:group_id>/dissolve/", v.youth_group_dissolve, name="youth_group_dissolve"),
    path("youth-groups/<int:group_id>/members/", v.youth_member_add, name="youth_member_add"),
    path("youth-groups/<int:group_id>/members/<int:member_id>/leave/", v.youth_member_remove,
         name="youth_member_remove"),
    path("youth-groups/<int:group_id>/activities/", v.youth_activity_create, name="youth_activity_create"),
]
