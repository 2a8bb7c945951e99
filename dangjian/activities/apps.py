from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "dangjian.activities"
    label = "activities"
    verbose_name = "活动与参与"

    def ready(self) -> None:
        from dangjian.activities import imports  # noqa: F401  (registers its job handlers)
