"""The audit table is append-only at database level (PostgreSQL)."""

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from dangjian.core.models import AuditAction, AuditEvent


@pytest.mark.skipif(connection.vendor != "postgresql", reason="database triggers are PostgreSQL only")
def test_the_applications_role_cannot_truncate_the_audit_table(world):
    AuditEvent.objects.create(action=AuditAction.LOGIN, object_type="t")
    with pytest.raises(DatabaseError, match="审计日志"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign-key checks before TRUNCATE
        cursor.execute("CREATE ROLE dangjian_test_app NOSUPERUSER")
        cursor.execute("GRANT ALL ON core_auditevent TO dangjian_test_app")
        cursor.execute("SET LOCAL ROLE dangjian_test_app")
        cursor.execute("TRUNCATE core_auditevent")
    assert AuditEvent.objects.exists()
