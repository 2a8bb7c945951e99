"""Audit rows: what a change records, sensitive values masked."""

import datetime as dt

from dangjian.core import audit


def test_the_changes_of_a_new_object_are_those_of_a_diff_from_nothing():
    after = {
        "name": "张三",
        "id_number": "abc",
        "phone": "",
        "birth_date": dt.date(1990, 1, 2),
        "unit_id": 7,
        "is_mobile": False,
        "degree": "",
        "status": None,
    }
    assert audit.created(after) == audit.diff({}, after)
    assert audit.created(after)["id_number"] == [None, "***"] and audit.created(after)["phone"] == [
        None,
        None,
    ]
    assert "status" not in audit.created(after)


def test_the_changes_of_a_new_object_as_json_text_are_json_dumps_of_them():
    import json

    from dangjian.people.enums import MembershipStatus

    after = {
        "name": '王"\\伟\n\t😀',
        "id_number": "abc",
        "phone": "",
        "birth_date": dt.date(1990, 1, 2),
        "at": dt.datetime(2023, 5, 6, 7, 8, 9),
        "unit_id": 7,
        "share": 1.5,
        "is_mobile": False,
        "is_lost_contact": True,
        "degree": "",
        "status": MembershipStatus.FULL,
        "left_on": None,
    }
    assert audit.created_json(after) == json.dumps(audit.created(after))
    assert audit.created_json({}) == json.dumps({})
