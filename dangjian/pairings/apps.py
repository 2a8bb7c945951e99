from django.apps import AppConfig


class PairingsConfig(AppConfig):
    name = "dangjian.pairings"
    label = "pairings"
    verbose_name = "双进双促"

    def ready(self) -> None:
        from dangjian.pairings import imports  # noqa: F401 - registers the import's job handlers
