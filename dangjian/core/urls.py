from django.urls import path

from dangjian.core.views import pages

app_name = "core"
urlpatterns = [
    path("favicon.ico", pages.favicon, name="favicon"),
    path("jobs/", pages.job_list, name="jobs"),
    path("jobs/<int:job_id>/", pages.job_detail, name="job"),
    path("jobs/<int:job_id>/download/", pages.job_download, name="job_download"),
]
