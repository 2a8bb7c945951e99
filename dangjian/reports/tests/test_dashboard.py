"""The home page (reports.dashboard)."""


def test_home_shows_the_counts_of_the_users_scope(world, login):
    page = login(world.secretary).get("/").content.decode()
    assert '<div class="num" id="stat-members">2</div>' in page
    page = login(world.committee).get("/").content.decode()
    assert '<div class="num" id="stat-members">5</div>' in page
    assert '<div class="num" id="stat-units">2</div>' in page
