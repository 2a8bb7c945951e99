from django.apps import AppConfig


class DevelopmentConfig(AppConfig):
    name = "dangjian.development"
    label = "development"
    verbose_name = "发展党员"

    def ready(self) -> None:
        from dangjian.development import selectors
        from dangjian.people import selectors as people_selectors

        # The development steps on the member's page (people's timeline).
        people_selectors.on_person_timeline(selectors.person_timeline_items)
