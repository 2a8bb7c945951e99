from django.urls import path

from dangjian.people.views import imports, members

app_name = "people"
urlpatterns = [
    path("members/", members.member_list, name="member_list"),
    path("members/export/", members.member_export, name="member_export"),
    path("me/", members.me, name="me"),
    path("persons/new/", members.person_create, name="person_create"),
    path("persons/<int:person_id>/", members.person_detail, name="person_detail"),
    path("persons/<int:person_id>/reveal-id/", members.person_reveal_id, name="person_reveal_id"),
    path("persons/<int:person_id>/reveal-phone/", members.person_reveal_phone, name="person_reveal_phone"),
    path("persons/<int:person_id>/edit/", members.person_edit, name="person_edit"),
    path("persons/<int:person_id>/membership/", members.membership_edit, name="membership_edit"),
    path("persons/<int:person_id>/transfer/", members.person_transfer, name="person_transfer"),
    path("persons/<int:person_id>/posts/new/", members.post_create, name="post_create"),
    path("posts/<int:post_id>/end/", members.post_end, name="post_end"),
    path("import/", imports.import_page, name="import"),
    path("import/template/", imports.import_template, name="import_template"),
    path("import/<int:job_id>/", imports.import_result, name="import_result"),
    path("import/<int:job_id>/commit/", imports.import_commit, name="import_commit"),
    path("import/<int:job_id>/accounts/", imports.import_accounts, name="import_accounts"),
]
