from django.apps import AppConfig


class VillagesConfig(AppConfig):
    name = "dangjian.villages"
    label = "villages"
    verbose_name = "驻村干部"

    def ready(self) -> None:
        from dangjian.villages import imports  # noqa: F401 - registers the import's job handlers
