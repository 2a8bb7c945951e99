from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "dangjian.care"
    label = "care"
    verbose_name = "纪念章与关爱帮扶"

    def ready(self) -> None:
        from dangjian.care.selectors import person_timeline_items
        from dangjian.people import selectors as people_selectors

        people_selectors.on_person_timeline(person_timeline_items)  # the member page's timeline
