from django.apps import AppConfig


class FeesConfig(AppConfig):
    name = "dangjian.fees"
    label = "fees"
    verbose_name = "党费"

    def ready(self) -> None:
        from dangjian.fees.selectors import person_timeline_items
        from dangjian.people import selectors as people_selectors

        people_selectors.on_person_timeline(person_timeline_items)  # the member page's timeline
