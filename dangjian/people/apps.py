from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "dangjian.people"
    label = "people"
    verbose_name = "人员与党员"

    def ready(self) -> None:
        # Register the background-job handlers (also in `run_jobs`, which loads no URLconf).
        from dangjian.people import exports, imports  # noqa: F401
