import pytest

from dangjian.accounts.enums import Role
from dangjian.tests.personas import PASSWORD
from dangjian.users import services as user_services


def make_discipline(username: str, org):
    user, _ = user_services.user_create(
        actor=None, username=username, display_name=username, password=PASSWORD
    )
    user_services.grant_create(actor=None, user=user, role=Role.DISCIPLINE, organization=org)
    return user


@pytest.fixture
def discipline(world):
    """纪检 on the root: registers, hands over and closes every complaint."""
    return make_discipline("t-discipline", world.root)


@pytest.fixture
def discipline2(world):
    """Another inspector on the root: sees the complaints, not the reporters of others' ones."""
    return make_discipline("t-discipline2", world.root)
