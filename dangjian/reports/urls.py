from django.urls import path

from dangjian.reports.views import annual, charts, check, statistics, summary

app_name = "reports"
urlpatterns = [
    path("annual/", annual.annual, name="annual"),
    path("metrics/<str:metric_id>/", annual.metric_detail, name="metric"),
    path("metrics/<str:metric_id>/export/", annual.metric_export, name="metric_export"),
    path("summary/", summary.summary_page, name="summary"),
    path("summary/docx/", summary.summary_docx, name="summary_docx"),
    path("summary/pdf/", summary.summary_pdf, name="summary_pdf"),
    path("summary/template/", summary.template_edit, name="summary_template"),
    path("summary/template/preview/", summary.template_preview, name="summary_template_preview"),
    path("summary/check/", check.check_page, name="check"),
    path("statistics/", statistics.statistics_page, name="statistics"),
    path("statistics/export/", statistics.statistics_export, name="statistics_export"),
    path("charts/", charts.charts_page, name="charts"),
    path("charts/<str:chart_id>/<str:key>/", charts.chart_records, name="chart_records"),
]
