from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "dangjian.people"
    label = "people"
    verbose_name = "人员与党员"

    def ready(self) -> None:
        # Register the background-job handlers (also in `run_jobs`, which loads no URLconf).
        from dangjian.organizations import selectors as org_selectors
        from dangjian.organizations import services as org_services
        from dangjian.people import exports, imports, selectors, services  # noqa: F401

        # The tree's member counts, secretaries and committees; the members' part of a branch
        # merge and of a dissolution.
        org_selectors.on_tree_nodes(selectors.tree_members_and_secretaries)
        org_selectors.on_org_detail(selectors.org_detail_posts)
        org_services.on_branch_merge(services.branch_merge)
        org_services.on_dissolve_check(services.branch_dissolve_check)
