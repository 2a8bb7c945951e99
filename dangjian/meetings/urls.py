from dangjian.meetings.urls_cadence import urlpatterns as cadence_urls
from dangjian.meetings.urls_groups import urlpatterns as group_urls
from dangjian.meetings.urls_ledgers import urlpatterns as ledger_urls
from dangjian.meetings.urls_meetings import urlpatterns as meeting_urls
from dangjian.meetings.urls_signin import urlpatterns as signin_urls

app_name = "meetings"
urlpatterns = meeting_urls + signin_urls + cadence_urls + group_urls + ledger_urls
