from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "dangjian.meetings"
    label = "meetings"
    verbose_name = "组织生活"

    def ready(self) -> None:
        from dangjian.meetings.ledgers import export, imports  # noqa: F401 - register the ledger job handlers
