"""User management pages, served in the `accounts` namespace (config/urls.py joins them to the
sign-in pages) so their addresses and names stay those users know."""

from django.urls import path

from dangjian.users.views import bulk, users

urlpatterns = [
    path("users/", users.user_list, name="user_list"),
    path("users/new/", users.user_create, name="user_create"),
    path("users/<int:user_id>/", users.user_detail, name="user_detail"),
    path("users/<int:user_id>/active/", users.user_set_active, name="user_set_active"),
    path("users/<int:user_id>/grants/", users.grant_add, name="grant_add"),
    path("bulk/", bulk.bulk_accounts, name="bulk_accounts"),
    path("bulk/<int:job_id>/print/", bulk.bulk_print, name="bulk_print"),
    path("grants/<int:grant_id>/revoke/", users.grant_revoke, name="grant_revoke"),
]
