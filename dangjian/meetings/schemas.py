"""API schemas of organisational life (/api/v1/ meetings, cadence, youth groups, work prompts,
study materials, ledgers)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Schema

from dangjian.core.schemas import NOT_SENT, Id, In, NamedRef, QueryIn, Text
from dangjian.meetings.enums import AppraisalGrade, AttendanceStatus, MeetingKind, MeetingStatus
from dangjian.meetings.models import Attendance, Meeting
from dangjian.meetings.selectors import meetings as selectors
from dangjian.meetings.selectors.youth import youth_members

Count = Annotated[int, Field(ge=0, le=100_000)]
Year = Annotated[int, Field(ge=2000, le=2100)]
LongText = Annotated[str, Text(20_000)]


def _ref(obj) -> dict | None:
    return {"id": obj.pk, "name": obj.name} if obj is not None else None


# --- meetings ------------------------------------------------------------------------------


class AgendaOut(Schema):
    seq: int
    title: str
    is_first_topic: bool
    speech: str


class MeetingOut(Schema):
    id: int
    organization: NamedRef
    kind: str
    kind_label: str
    status: str
    status_label: str
    title: str
    held_at: dt.datetime
    place: str
    host: NamedRef | None
    recorder: NamedRef | None
    youth_group_id: int | None

    @staticmethod
    def resolve_kind_label(obj: Meeting) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_status_label(obj: Meeting) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_host(obj: Meeting):
        return _ref(obj.host)

    @staticmethod
    def resolve_recorder(obj: Meeting):
        return _ref(obj.recorder)


class AttendanceSummaryOut(Schema):
    present: int
    leave: int
    absent: int
    total: int


class MeetingDetailOut(MeetingOut):
    topics: str
    study_content: str
    minutes: str
    committee_attended: bool
    agenda: list[AgendaOut]
    attendance_summary: AttendanceSummaryOut

    @staticmethod
    def resolve_agenda(obj: Meeting):
        return list(obj.agenda.all())

    @staticmethod
    def resolve_attendance_summary(obj: Meeting):
        return selectors.attendance_summary(meeting=obj)


class MeetingQuery(QueryIn):
    org: Id | None = None
    kind: MeetingKind | None = None
    year: Year | None = None
    status: MeetingStatus | None = None


class AgendaIn(In):
    title: Annotated[str, Text(200, required=True)]
    is_first_topic: bool = False
    speech: Annotated[str, Text(300)] = ""


class MeetingCreateIn(In):
    organization_id: Id
    kind: MeetingKind
    title: Annotated[str, Text(200, required=True)]
    held_at: dt.datetime
    status: MeetingStatus = MeetingStatus.PLANNED
    place: Annotated[str, Text(100)] = ""
    host_id: Id | None = None
    recorder_id: Id | None = None
    topics: LongText = ""
    study_content: LongText = ""
    minutes: LongText = ""
    agenda: list[AgendaIn] = []
    youth_group_id: Id | None = None


class MeetingUpdateIn(In):
    # Fields default to None only to mean "not sent"; host_id / recorder_id may be null (cleared).
    kind: MeetingKind = NOT_SENT
    title: Annotated[str, Text(200, required=True)] = NOT_SENT
    held_at: dt.datetime = NOT_SENT
    status: MeetingStatus = NOT_SENT
    place: Annotated[str, Text(100)] = NOT_SENT
    host_id: Id | None = None
    recorder_id: Id | None = None
    topics: LongText = NOT_SENT
    study_content: LongText = NOT_SENT
    minutes: LongText = NOT_SENT
    agenda: list[AgendaIn] = NOT_SENT


# --- attendance, quorum, votes, appraisals ---------------------------------------------------


class AttendanceOut(Schema):
    id: int
    person: NamedRef
    status: str
    status_label: str
    leave_reason: str
    is_voting: bool
    signed_in_at: dt.datetime | None
    method: str

    @staticmethod
    def resolve_status_label(obj: Attendance) -> str:
        return obj.get_status_display()


class AttendanceRowIn(In):
    person_id: Id
    status: AttendanceStatus
    leave_reason: Annotated[str, Text(100)] = ""


class AttendanceIn(In):
    rows: list[AttendanceRowIn] = Field(..., max_length=5000)


class AttendanceSavedOut(Schema):
    changed: int


class QuorumOut(Schema):
    applies: bool
    rule: str | None = None
    expected: int | None = None
    present: int | None = None
    required: int | None = None
    met: bool | None = None


class VoteIn(In):
    subject: Annotated[str, Text(200, required=True)]
    votes_for: Count
    votes_against: Count = 0
    abstentions: Count = 0


class VoteOut(Schema):
    id: int
    subject: str
    votes_for: int
    votes_against: int
    abstentions: int
    passed: bool


class GradeIn(In):
    person_id: Id
    grade: AppraisalGrade


class AppraisalIn(In):
    grades: list[GradeIn] = Field(..., min_length=1, max_length=5000)


class AppraisalOut(Schema):
    graded: int


class SigninTokenOut(Schema):
    token: str
    url: str
    valid_seconds: int


class PersonAttendanceOut(Schema):
    meeting_id: int
    title: str
    kind: str
    kind_label: str
    held_at: dt.datetime
    organization: NamedRef
    status: str
    status_label: str
    leave_reason: str
    signed_in_at: dt.datetime | None

    @staticmethod
    def resolve_title(obj: Attendance) -> str:
        return obj.meeting.title

    @staticmethod
    def resolve_kind(obj: Attendance) -> str:
        return obj.meeting.kind

    @staticmethod
    def resolve_kind_label(obj: Attendance) -> str:
        return obj.meeting.get_kind_display()

    @staticmethod
    def resolve_held_at(obj: Attendance) -> dt.datetime:
        return obj.meeting.held_at

    @staticmethod
    def resolve_organization(obj: Attendance):
        return _ref(obj.meeting.organization)

    @staticmethod
    def resolve_status_label(obj: Attendance) -> str:
        return obj.get_status_display()


class YearQuery(QueryIn):
    year: Year | None = None


# --- cadence ---------------------------------------------------------------------------------


class CadenceQuery(QueryIn):
    org: Id | None = None
    year: Year | None = None


class RuleOut(Schema):
    kind: str
    kind_label: str
    period: str
    period_label: str
    min_count: int
    source: str


class RateOut(Schema):
    required: int
    met: int
    orgs: int
    orgs_ok: int
    rate: float | None
    org_rate: float | None


class CellOut(Schema):
    kind: str
    required: int
    met: int
    ok: bool
    missing: list[str]


class CadenceRowOut(Schema):
    id: int
    name: str
    kind: str
    unit_name: str
    ok: bool
    judged: bool
    cells: list[CellOut]


class CadenceRowsOut(Schema):
    items: list[CadenceRowOut]
    count: int


class CadenceOut(Schema):
    organization: NamedRef
    year: int
    start: dt.date
    end: dt.date
    rules: list[RuleOut]
    by_kind: dict[str, RateOut]
    total: RateOut
    rows: CadenceRowsOut


class OverdueQuery(QueryIn):
    org: Id | None = None


class OverdueOut(Schema):
    organization: NamedRef
    unit_name: str
    kind: str
    kind_label: str
    period: str
    period_end: dt.date
    held: int
    min_count: int
    last_held: dt.date | None
    days_left: int
    planned: int = Field(0, description="本期已计划、尚未召开的会议数（不计入已开）")


# --- youth study groups ------------------------------------------------------------------------


class YouthGroupQuery(QueryIn):
    unit_id: Id | None = None
    include_dissolved: bool = False
    q: Annotated[str, Text(50)] = ""


class YouthGroupOut(Schema):
    id: int
    name: str
    unit: NamedRef
    organization: NamedRef
    leader: NamedRef | None
    established_on: dt.date
    dissolved_on: dt.date | None
    member_count: int | None = None

    @staticmethod
    def resolve_leader(obj):
        return _ref(obj.leader)


class YouthMemberOut(Schema):
    id: int
    person: NamedRef
    joined_on: dt.date
    left_on: dt.date | None


class YouthGroupDetailOut(YouthGroupOut):
    members: list[YouthMemberOut]

    @staticmethod
    def resolve_members(obj):
        return list(youth_members(group=obj))


class YouthGroupIn(In):
    unit_id: Id
    organization_id: Id
    name: Annotated[str, Text(100, required=True)]
    established_on: dt.date
    leader_id: Id | None = None


class YouthMemberIn(In):
    person_id: Id
    joined_on: dt.date | None = None


class LeftOnQuery(QueryIn):
    left_on: dt.date | None = None


# --- ledgers -------------------------------------------------------------------------------------


class LedgerExportIn(In):
    org_id: Id
    year: Year
