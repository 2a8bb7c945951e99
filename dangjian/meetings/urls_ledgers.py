from django.urls import path

from dangjian.meetings import views_ledgers as v

urlpatterns = [
    path("ledgers/", v.ledger_page, name="ledgers"),
    path("ledgers/import/", v.import_page, name="ledger_import"),
    path("ledgers/import/template/", v.import_template, name="ledger_import_template"),
    path("ledgers/import/<int:job_id>/", v.import_result, name="ledger_import_result"),
    path("ledgers/import/<int:job_id>/commit/", v.import_commit, name="ledger_import_commit"),
]
