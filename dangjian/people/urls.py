from dangjian.people.urls_import import urlpatterns as import_urls
from dangjian.people.urls_members import urlpatterns as member_urls

app_name = "people"
urlpatterns = member_urls + import_urls
