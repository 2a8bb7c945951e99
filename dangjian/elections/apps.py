from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    name = "dangjian.elections"
    label = "elections"
    verbose_name = "换届选举与干部调整"

    def ready(self) -> None:
        from dangjian.elections import selectors
        from dangjian.people import selectors as people_selectors

        # Elections and mid-term adjustments on the member's page (people's timeline).
        people_selectors.on_person_timeline(selectors.person_timeline_items)
