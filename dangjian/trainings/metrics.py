"""Training figures of the summary: classes of a series held in the year, and the enrolments of
those classes that completed (结业), counted from participation rows."""

from dangjian.core.metrics import MetricResult, Period, ReportScope, metric
from dangjian.trainings.enums import ProgrammeSeries
from dangjian.trainings.selectors import classes_held, completed_rows

CLASS_COLUMNS = {
    "培训班": "activity.title",
    "开始日期": "activity.first_day",
    "结束日期": "activity.last_day",
    "学时": "activity.hours",
    "地点": "activity.place",
}
TRAINEE_COLUMNS = {
    "姓名": "person.name",
    "所在党组织": "organization.name",
    "培训班": "activity.title",
    "结业学时": "hours",
}


def _classes(series: str, scope: ReportScope, period: Period) -> MetricResult:
    qs = classes_held(series=series, first=period.start, last=period.end, path=scope.path)
    return MetricResult(qs.count(), qs, CLASS_COLUMNS)


def _trainees(series: str, scope: ReportScope, period: Period) -> MetricResult:
    qs = completed_rows(series=series, first=period.start, last=period.end, path=scope.path).select_related(
        "person", "organization", "activity"
    )
    return MetricResult(qs.count(), qs, TRAINEE_COLUMNS)


@metric(
    "cadre_20th_congress_training_classes", "处级领导干部专题培训班期数", unit="期", section="建设政治机关"
)
def cadre_classes(scope, period):
    return _classes(ProgrammeSeries.LEADING_CADRES, scope, period)


@metric("cadre_20th_congress_trainees", "处级领导干部专题培训结业人数", unit="人", section="建设政治机关")
def cadre_trainees(scope, period):
    return _trainees(ProgrammeSeries.LEADING_CADRES, scope, period)


@metric("member_education_classes", "党员干部教育示范培训班期数", unit="期", section="夯实组织基础")
def member_education_classes(scope, period):
    return _classes(ProgrammeSeries.MEMBER_EDUCATION, scope, period)


@metric("member_education_trainees", "党员干部教育示范培训结业人数", unit="人", section="夯实组织基础")
def member_education_trainees(scope, period):
    return _trainees(ProgrammeSeries.MEMBER_EDUCATION, scope, period)


@metric(
    "city_county_training_classes", "市县直机关工委党务干部专题培训班期数", unit="期", section="夯实组织基础"
)
def city_county_classes(scope, period):
    return _classes(ProgrammeSeries.PARTY_WORKERS, scope, period)
