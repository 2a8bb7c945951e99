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
