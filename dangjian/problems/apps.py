from django.apps import AppConfig


class ProblemsConfig(AppConfig):
    name = "dangjian.problems"
    label = "problems"
    verbose_name = "问题清单与整改"

    def ready(self) -> None:
        from dangjian.problems import imports  # noqa: F401 - register the import job handlers
