from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "dangjian.campaigns"
    label = "campaigns"
    verbose_name = "主题活动"

    def ready(self) -> None:
        from dangjian.campaigns import imports  # noqa: F401  (registers the import jobs)
