"""The audit log browser (reports.audit)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangjian.core import audit
from dangjian.core.models import AuditAction


def test_the_audit_log_is_for_auditors_and_committee_staff(world, login):
    assert login(world.auditor).get("/audit/").status_code == 200
    assert login(world.committee).get("/audit/").status_code == 200
    assert login(world.secretary).get("/audit/").status_code == 404
    assert login(world.unit_staff).get("/audit/").status_code == 404


def test_the_audit_log_filters_by_action_and_survives_bad_dates(world, login):
    client = login(world.auditor)
    page = client.get("/audit/?action=grant").content.decode()
    assert "授权" in page
    assert client.get("/audit/?date_from=not-a-date").status_code == 200


def test_an_auditor_of_a_unit_sees_only_that_units_events(world, login):
    from dangjian.accounts.enums import Role
    from dangjian.users import services as user_services

    auditor_a, _ = user_services.user_create(actor=None, username="t-auditor-a", password="Test-Passw0rd!")
    user_services.grant_create(actor=None, user=auditor_a, role=Role.AUDITOR, organization=world.oc_a)
    audit.record(actor=world.committee, action=AuditAction.UPDATE, obj=world.b1, changes={"x": [1, 2]})
    audit.record(actor=world.committee, action=AuditAction.UPDATE, obj=world.a1, changes={"x": [1, 2]})
    page = login(auditor_a).get("/audit/?action=update").content.decode()
    assert "省财政厅第一党支部" in page and "省教育厅第一党支部" not in page


def test_the_audit_list_query_count_does_not_grow_with_rows(world, login):
    client = login(world.auditor)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/audit/?object_type=organizations.partyorganization").status_code == 200
        return len(ctx)

    # Names are fetched per model on the page: the count depends on the models shown, not the rows.
    audit.record(
        actor=world.committee,
        action=AuditAction.UPDATE,
        obj=world.a1,
        changes={"parent_id": [world.oc_a.pk, world.ga.pk]},
    )
    count()  # warm up: the first request of a session also stores its activity time
    first = count()
    for i in range(50):
        audit.record(
            actor=world.committee,
            action=AuditAction.UPDATE,
            obj=world.a1,
            changes={"parent_id": [world.oc_a.pk, world.ga.pk], "n": [i, i + 1]},
        )
    assert count() == first
