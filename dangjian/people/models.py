import datetime as dt

from django.db import models
from django.db.models import F, Q

from dangjian.core.models import TimeStampedModel
from dangjian.people.enums import (
    Degree,
    Education,
    Ethnicity,
    Gender,
    MembershipStatus,
    PersonCategory,
    Post,
    PostEndReason,
)


def years_between(start: dt.date | None, end: dt.date) -> int | None:
    if start is None:
        return None
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


class Person(TimeStampedModel):
    """人员. The ID number is stored SM4-GCM encrypted (id_enc) with an HMAC-SM3 blind index
    (id_bidx) for uniqueness and lookup; birth date and gender are derived from it at write time."""

    name = models.CharField("姓名", max_length=50)
    name_pinyin = models.CharField("姓名拼音", max_length=200, db_index=True)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)
    birth_date = models.DateField("出生日期")
    id_enc = models.TextField("身份证号(密文)")
    id_bidx = models.CharField(max_length=64, unique=True)
    id_masked = models.CharField("身份证号", max_length=18)
    # Last 6 and last 4 characters, for "search by the last digits" as exact, indexed matches.
    id_tail = models.CharField(max_length=6, db_index=True)
    id_last4 = models.CharField(max_length=4, db_index=True, default="")
    ethnicity = models.CharField("民族", max_length=2, choices=Ethnicity.choices, default=Ethnicity.E01)
    native_place = models.CharField("籍贯", max_length=50, blank=True)
    education = models.CharField("学历", max_length=20, choices=Education.choices)
    degree = models.CharField("学位", max_length=20, choices=Degree.choices, blank=True, default="")
    category = models.CharField(
        "人员类别", max_length=20, choices=PersonCategory.choices, default=PersonCategory.CIVIL_SERVANT
    )
    phone_enc = models.TextField("联系电话(密文)", blank=True)
    phone_masked = models.CharField("联系电话", max_length=20, blank=True)
    unit = models.ForeignKey(
        "organizations.Unit", verbose_name="工作单位", on_delete=models.PROTECT, related_name="people"
    )
    position = models.CharField("职务", max_length=60, blank=True)
    # 所在党组织: the one scoping key of a person (their membership's organisation, or for a
    # non-member the organisation they are attached to).
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name="所在党组织",
        on_delete=models.PROTECT,
        related_name="people",
        db_index=False,  # person_org_name_idx (organization, name_pinyin) serves it: one index less to write
    )
    root = models.ForeignKey(
        "organizations.PartyOrganization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_mobile = models.BooleanField("流动党员", default=False)
    is_lost_contact = models.BooleanField("失联", default=False)

    class Meta:
        ordering = ["name_pinyin", "id"]
        verbose_name = "人员"
        verbose_name_plural = "人员"
        indexes = [
            models.Index(fields=["organization", "name_pinyin"], name="person_org_name_idx"),
            models.Index(fields=["birth_date"], name="person_birth_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def age_on(self, day: dt.date) -> int:
        age = years_between(self.birth_date, day)
        assert age is not None  # the birth date is required
        return age


class Membership(TimeStampedModel):
    """A person's party membership: the current status and the pipeline dates. Its history is
    in MembershipPeriod."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="membership")
    # No index on status: ~90 % of rows are members, and an index on it led SQLite's planner to
    # read every member before applying the (selective) organisation filter.
    status = models.CharField("党员状态", max_length=20, choices=MembershipStatus.choices)
    applied_on = models.DateField("申请入党日期", null=True, blank=True)
    activist_on = models.DateField("确定积极分子日期", null=True, blank=True)
    candidate_on = models.DateField("确定发展对象日期", null=True, blank=True)
    admitted_on = models.DateField("入党日期", null=True, blank=True, help_text="接收为预备党员之日")
    full_on = models.DateField("转正日期", null=True, blank=True)
    left_on = models.DateField("离开日期", null=True, blank=True)

    class Meta:
        verbose_name = "党籍"
        verbose_name_plural = "党籍"
        constraints = [
            models.CheckConstraint(
                condition=Q(full_on__isnull=True)
                | Q(admitted_on__isnull=False, full_on__gte=F("admitted_on")),
                name="membership_full_after_admitted",
            ),
            models.CheckConstraint(
                condition=~Q(status="full") | Q(full_on__isnull=False),
                name="membership_full_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="probationary") | Q(admitted_on__isnull=False),
                name="membership_probationary_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_status_display()}"

    def party_age_on(self, day: dt.date) -> int | None:
        """党龄 counts from the full-membership date (rules.md §1b, 细则 第三十四条)."""
        return years_between(self.full_on, day)

    def audit_org_path(self) -> str:
        return self.person.organization.path


class MembershipPeriod(models.Model):
    """One stretch of a person's membership in one organisation with one status, [valid_from,
    valid_to). "Full members of subtree X on day D" is one filter on this table."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="periods")
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        on_delete=models.PROTECT,
        related_name="membership_periods",
        db_index=False,  # period_org_end_idx leads with it
    )
    status = models.CharField("状态", max_length=20, choices=MembershipStatus.choices)
    valid_from = models.DateField("起")
    valid_to = models.DateField("止", null=True, blank=True)
    reason = models.CharField("变动原因", max_length=100, blank=True)

    class Meta:
        ordering = ["person_id", "valid_from", "id"]
        verbose_name = "党籍历史"
        verbose_name_plural = "党籍历史"
        indexes = [
            models.Index(fields=["status", "valid_from", "valid_to"], name="period_status_idx"),
            # The periods changed since a day (ended after it; open but started after it), read from
            # an index alone: what status_counts_on adds to and takes from the membership tally,
            # for the whole province by date, for a subtree organisation by organisation.
            models.Index(fields=["valid_to", "valid_from", "status", "organization"], name="period_end_idx"),
            models.Index(
                fields=["organization", "valid_to", "valid_from", "status"], name="period_org_end_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="period_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.status} {self.valid_from}–{self.valid_to or ''}"


class MembershipTally(models.Model):
    """Open membership periods (no end date) of one organisation, one column per status: written by
    database triggers only (people.tally), read by status_counts_on."""

    organization = models.OneToOneField(
        "organizations.PartyOrganization", on_delete=models.CASCADE, related_name="+"
    )
    n_applicant = models.IntegerField(default=0)
    n_activist = models.IntegerField(default=0)
    n_candidate = models.IntegerField(default=0)
    n_probationary = models.IntegerField(default=0)
    n_full = models.IntegerField(default=0)
    n_transferred_out = models.IntegerField(default=0)
    n_left = models.IntegerField(default=0)
    n_deceased = models.IntegerField(default=0)

    class Meta:
        verbose_name = "党籍按状态统计"
        verbose_name_plural = "党籍按状态统计"

    def __str__(self) -> str:
        return f"{self.organization_id}"


class CadrePost(TimeStampedModel):
    """党务干部职务: a post held in an organisation, with dates."""

    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.PROTECT, related_name="posts")
    organization = models.ForeignKey(
        "organizations.PartyOrganization", verbose_name="组织", on_delete=models.PROTECT, related_name="posts"
    )
    post = models.CharField("职务", max_length=20, choices=Post.choices)
    started_on = models.DateField("任职日期")
    ended_on = models.DateField("免职日期", null=True, blank=True)
    end_reason = models.CharField("免职原因", max_length=20, choices=PostEndReason.choices, blank=True)

    class Meta:
        ordering = ["organization_id", "post", "-started_on"]
        verbose_name = "党务职务"
        verbose_name_plural = "党务职务"
        indexes = [
            models.Index(fields=["organization", "post", "ended_on"], name="post_org_idx"),
            # Which organisations have a committee in a period (meetings.cadence._committee_qs):
            # read from this index alone, in organisation order, not from the table (55 -> 22 ms
            # for the 106,000 posts at ten times the demo). The post after the dates, not before:
            # SQLite 3.40 (Debian 12) answered `post IN (...) AND started_on <= day` wrongly from an
            # index with the post before the start date, listing posts that had not yet begun
            # (its IN-then-range seek); demo/tests/test_demo_meetings.py caught it.
            models.Index(
                fields=["organization", "started_on", "ended_on", "post", "person"], name="post_committee_cov"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")), name="post_valid_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.get_post_display()} {self.person}"
