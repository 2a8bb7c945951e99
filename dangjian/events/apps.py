from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "dangjian.events"
    label = "events"
    verbose_name = "活动（会议、交流、讲座、竞赛）"
