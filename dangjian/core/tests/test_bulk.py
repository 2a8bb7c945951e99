"""core.bulk: the cycle collector pause of bulk jobs."""

import gc

import pytest

from dangjian.core import bulk


def test_the_collector_is_paused_inside_and_resumes_after_an_error():
    assert gc.isenabled()
    with pytest.raises(ValueError), bulk.gc_paused():
        assert not gc.isenabled()
        with bulk.gc_paused():  # nested: the outer pause decides when it resumes
            pass
        assert not gc.isenabled()
        raise ValueError
    assert gc.isenabled()


@pytest.mark.django_db
def test_json_text_is_written_as_it_is_and_reads_back_as_the_value():
    from dangjian.core.models import AuditAction, AuditEvent

    first = bulk.reserve_ids(AuditEvent, 2)
    blank = dict.fromkeys(
        ["actor_name", "object_type", "object_id", "object_repr", "org_path", "request_id"], ""
    )
    rows = [
        blank
        | {"id": first[0], "action": AuditAction.CREATE, "changes": bulk.JSONText('{"a": [null, "甲"]}')},
        blank | {"id": first[1], "action": AuditAction.CREATE, "changes": {"a": [None, "甲"]}},
    ]
    bulk.insert_rows(AuditEvent, rows)
    assert [e.changes for e in AuditEvent.objects.filter(pk__in=first).order_by("pk")] == [
        {"a": [None, "甲"]},
        {"a": [None, "甲"]},
    ]


@pytest.mark.django_db
def test_in_values_finds_thousands_of_values_in_one_query():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dangjian.core.models import AuditAction, AuditEvent

    ids = bulk.reserve_ids(AuditEvent, 3)
    blank = dict.fromkeys(["actor_name", "object_type", "object_repr", "org_path", "request_id"], "")
    bulk.insert_rows(
        AuditEvent,
        [blank | {"id": i, "action": AuditAction.CREATE, "object_id": f"o'{i}"} for i in ids],
    )
    wanted = [f"o'{ids[0]}", f"o'{ids[2]}"] + [f"x{i}" for i in range(3000)]
    with CaptureQueriesContext(connection) as ctx:
        found = set(
            AuditEvent.objects.filter(object_id__in=bulk.in_values(wanted)).values_list("pk", flat=True)
        )
    assert found == {ids[0], ids[2]} and len(ctx.captured_queries) == 1
    assert not AuditEvent.objects.filter(object_id__in=bulk.in_values([])).exists()
