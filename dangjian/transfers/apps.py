from django.apps import AppConfig


class TransfersConfig(AppConfig):
    name = "dangjian.transfers"
    label = "transfers"
    verbose_name = "组织关系转接"

    def ready(self) -> None:
        from dangjian.people import selectors as people_selectors
        from dangjian.transfers.selectors import person_timeline_items

        people_selectors.on_person_timeline(person_timeline_items)  # the member page's timeline
