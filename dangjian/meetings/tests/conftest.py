import datetime as dt

import pytest

from dangjian.people.enums import Post
from dangjian.people.models import CadrePost, Person
from dangjian.tests.personas import make_person


@pytest.fixture
def committees(world):
    """Give every branch of the world a committee (书记, 组织委员, 宣传委员), as branches of 7+ full
    members have: 支委会 is judged only where there is a committee."""
    seq = 60
    for branch in (world.a1, world.a2, world.a3, world.b1):
        people = list(Person.objects.filter(organization=branch))
        while len(people) < 3:
            people.append(make_person(branch, f"委员{seq}", seq=seq))
            seq += 1
        for person, post in zip(people, (Post.SECRETARY, Post.ORGANIZATION, Post.PUBLICITY), strict=False):
            CadrePost.objects.create(
                person=person, organization=branch, post=post, started_on=dt.date(2000, 1, 1)
            )
    return world
