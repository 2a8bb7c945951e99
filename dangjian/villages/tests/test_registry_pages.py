"""Every page of the registry apps opens for committee staff (forms, imports, templates), and the
pages that write are refused to a role without a subtree."""

import pytest

PAGES = [
    "/initiatives/",
    "/initiatives/new/",
    "/initiatives/import/",
    "/initiatives/import/template.xlsx",
    "/pairings/",
    "/pairings/new/",
    "/pairings/registry/",
    "/pairings/registry/export.xlsx",
    "/pairings/registry/parks/new/",
    "/pairings/registry/enterprises/new/",
    "/pairings/registry/import/",
    "/pairings/registry/import/template.xlsx",
    "/pairings/import/",
    "/pairings/import/template.xlsx",
    "/villages/",
    "/villages/new/",
    "/villages/checks/",
    "/villages/teams/",
    "/villages/teams/new/",
    "/villages/import/",
    "/villages/import/template.xlsx",
    "/masses/internships/",
    "/masses/internships/new/",
    "/masses/internships/import/",
    "/masses/internships/import/template.xlsx",
    "/masses/suggestions/",
    "/masses/suggestions/new/",
    "/masses/suggestions/import/",
    "/masses/suggestions/import/template.xlsx",
]


def test_every_registry_page_opens_for_committee_staff(world, login):
    client = login(world.committee)
    for url in PAGES:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("url", [p for p in PAGES if "new" in p or "import" in p])
def test_a_user_without_a_subtree_may_not_open_the_writing_pages(world, login, url):
    assert login(world.member).get(url).status_code in (403, 404)


def test_only_committee_staff_form_survey_teams(world, login):
    assert login(world.unit_staff).get("/villages/teams/new/").status_code == 403
