from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "dangjian.meetings"
    label = "meetings"
    verbose_name = "组织生活"

    def ready(self) -> None:
        from dangjian.meetings import ledgers  # noqa: F401 - registers the ledger job handlers
