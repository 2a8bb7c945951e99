from django.urls import path

from dangjian.people import views

urlpatterns = [
    path("members/", views.member_list, name="member_list"),
    path("members/export/", views.member_export, name="member_export"),
    path("me/", views.me, name="me"),
    path("persons/new/", views.person_create, name="person_create"),
    path("persons/<int:person_id>/", views.person_detail, name="person_detail"),
    path("persons/<int:person_id>/reveal-id/", views.person_reveal_id, name="person_reveal_id"),
    path("persons/<int:person_id>/reveal-phone/", views.person_reveal_phone, name="person_reveal_phone"),
    path("persons/<int:person_id>/edit/", views.person_edit, name="person_edit"),
    path("persons/<int:person_id>/membership/", views.membership_edit, name="membership_edit"),
    path("persons/<int:person_id>/transfer/", views.person_transfer, name="person_transfer"),
    path("persons/<int:person_id>/posts/new/", views.post_create, name="post_create"),
    path("posts/<int:post_id>/end/", views.post_end, name="post_end"),
]
