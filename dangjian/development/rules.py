"""The rules of 发展党员 (rules.md §1a-§1b) as guards of the workflow's transitions: each takes
`(applicant, actor, data)` and raises ApplicationError citing its rule. `data["date"]` is the day
the step took place."""

from __future__ import annotations

import datetime as dt

from dangjian.core.errors import ApplicationError
from dangjian.core.workdays import add_months
from dangjian.development import errors

MIN_AGE = 18
TALK_MONTHS = 1
REVIEW_MONTHS = 6
ACTIVIST_MONTHS = 12  # at least one year as activist before becoming a candidate
TRAINING_DAYS, TRAINING_HOURS = 3, 24
APPROVAL_MONTHS, APPROVAL_MAX_MONTHS = 3, 6
PROBATION_MONTHS = 12
EXTENSION_MIN, EXTENSION_MAX = 6, 12


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def check_age(birth: dt.date, applied_on: dt.date) -> None:
    age = age_on(birth, applied_on)
    if age < MIN_AGE:
        raise ApplicationError(errors.ERR_AGE.format(date=applied_on, age=age), field="applied_on")


def step_date(data: dict) -> dt.date:
    day = data.get("date")
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    if not isinstance(day, dt.date):
        raise ApplicationError("请填写日期。", field="date")
    return day


def not_future(applicant, actor, data) -> None:
    if step_date(data) > dt.date.today():
        raise ApplicationError(errors.ERR_FUTURE.format(field="日期"), field="date")


def _after(label: str, earlier: dt.date | None, earlier_label: str):
    def guard(applicant, actor, data) -> None:
        day = step_date(data)
        if earlier is not None and day < earlier:
            raise ApplicationError(
                errors.ERR_BEFORE.format(field=label, date=day, earlier=earlier_label, earlier_date=earlier),
                field="date",
            )

    return guard


def after_previous_step(applicant, actor, data) -> None:
    """A step happens on or after the last dated step of the record."""
    dates = [
        (applicant.applied_on, "申请入党日期"),
        (applicant.talked_on, "谈话日期"),
        (applicant.activist_on, "确定积极分子日期"),
        (applicant.candidate_on, "确定发展对象日期"),
        (applicant.reviewed_on, "支委会审查日期"),
        (applicant.pre_reviewed_on, "预审日期"),
        (applicant.vote_on, "支部大会通过日期"),
        (applicant.approved_on, "审批日期"),
        (applicant.conversion_vote_on, "支部大会通过转正日期"),
    ]
    known = [(d, label) for d, label in dates if d is not None]
    if known:
        latest, label = max(known, key=lambda x: x[0])
        _after("日期", latest, label)(applicant, actor, data)


def one_year_as_activist(applicant, actor, data) -> None:
    day = step_date(data)
    earliest = add_months(applicant.activist_on, ACTIVIST_MONTHS)
    if day < earliest:
        raise ApplicationError(
            errors.ERR_ONE_YEAR.format(
                name=applicant.person.name, activist_on=applicant.activist_on, date=day, earliest=earliest
            ),
            field="date",
        )


def activist_filed_with_contacts(applicant, actor, data) -> None:
    if applicant.activist_filed_on is None or not applicant.contacts.exists():
        raise ApplicationError(errors.ERR_ACTIVIST_NOT_FILED)


def training_enough(days: int, hours: int) -> None:
    if days < TRAINING_DAYS and hours < TRAINING_HOURS:
        raise ApplicationError(errors.ERR_TRAINING.format(days=days, hours=hours), field="training_days")


def ready_for_committee_review(applicant, actor, data) -> None:
    missing = []
    if applicant.candidate_filed_on is None:
        missing.append("报上级党委备案")
    if applicant.sponsors.count() != 2:
        missing.append("确定两名入党介绍人")
    if applicant.political_review_passed is None:
        missing.append("政治审查")
    if applicant.trained_on is None:
        missing.append("集中培训")
    if missing:
        raise ApplicationError(errors.ERR_REVIEW_MISSING.format(missing="、".join(missing)))
    if applicant.political_review_passed is False:
        raise ApplicationError(errors.ERR_POLITICAL_FAILED)


def form_filled(applicant, actor, data) -> None:
    if applicant.form_filled_on is None:
        raise ApplicationError(errors.ERR_FORM_MISSING)


def committee_talk_done(applicant, actor, data) -> None:
    if applicant.committee_talk_on is None:
        raise ApplicationError(errors.ERR_TALK_MISSING)


def approval_in_time(applicant, actor, data) -> None:
    """Within three months of the vote; up to six with the special case written in the note."""
    day = step_date(data)
    if day > add_months(applicant.vote_on, APPROVAL_MAX_MONTHS):
        raise ApplicationError(
            errors.ERR_APPROVAL_LATE.format(vote_on=applicant.vote_on, date=day), field="date"
        )
    if day > add_months(applicant.vote_on, APPROVAL_MONTHS) and not (data.get("note") or "").strip():
        raise ApplicationError(
            errors.ERR_APPROVAL_LATE_NOTE.format(vote_on=applicant.vote_on, date=day), field="note"
        )


def extension_allowed(applicant, actor, data) -> None:
    if applicant.extended_months:
        raise ApplicationError(
            errors.ERR_EXTENSION_TWICE.format(name=applicant.person.name, months=applicant.extended_months)
        )
    months = int(data.get("months") or 0)
    if not EXTENSION_MIN <= months <= EXTENSION_MAX:
        raise ApplicationError(errors.ERR_EXTENSION_MONTHS.format(months=months), field="months")


def probation_over(applicant, actor, data) -> None:
    day = step_date(data)
    if day < applicant.probation_ends_on:
        raise ApplicationError(
            errors.ERR_CONVERSION_EARLY.format(ends=applicant.probation_ends_on, date=day), field="date"
        )


def conversion_approval_in_time(applicant, actor, data) -> None:
    day = step_date(data)
    if (
        day > add_months(applicant.conversion_vote_on, APPROVAL_MONTHS)
        and not (data.get("note") or "").strip()
    ):
        raise ApplicationError(
            errors.ERR_CONVERSION_LATE.format(vote_on=applicant.conversion_vote_on, date=day), field="note"
        )


def close_reason_given(applicant, actor, data) -> None:
    if not (data.get("note") or "").strip():
        raise ApplicationError(errors.ERR_CLOSE_REASON, field="note")
