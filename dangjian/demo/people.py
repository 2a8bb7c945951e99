"""People of the demo province: party members with their membership history, applicants,
activists and candidates, a few out-of-party states, and the cadre posts of every organisation.

Shapes (rules.md §6b): ~30 % women, organs mostly 本科/研究生, 汉族 with the minorities of
Liaoning, ages 23-90 (retirees in retiree branches, many of whom joined before 1974 so the
50-years medal has candidates), ~3 % probationary members admitted in the year, some members
transferred between branches during the year, a few posts ended mid-term (届中调整)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from dangjian.core import crypto
from dangjian.core.demo import demo_stage
from dangjian.core.idnumber import synthetic
from dangjian.demo.builder import Context, insert_rows, next_id
from dangjian.demo.data import (
    AREAS,
    ETHNICITIES,
    GIVEN,
    MINORITY_SURNAMES,
    RANKS_CIVIL,
    RANKS_INSTITUTE,
    SURNAMES,
)
from dangjian.organizations.enums import OrgKind, UnitCategory
from dangjian.people.enums import Degree, Education, MembershipStatus, PersonCategory, Post, PostEndReason
from dangjian.people.fields import mask_phone, pinyin_key, protected_id_fields
from dangjian.people.models import CadrePost, Membership, MembershipPeriod, Person

S = MembershipStatus
# Adjustments of party cadres during the year (seed: 指导57个单位届中调整党务干部81名).
ADJUSTED_UNITS, ADJUSTED_POSTS = 57, 81

EDU_ORGAN = [
    (Education.POSTGRADUATE, 30),
    (Education.BACHELOR, 58),
    (Education.COLLEGE, 8),
    (Education.SECONDARY_VOCATIONAL, 2),
    (Education.HIGH_SCHOOL, 2),
]
EDU_INSTITUTE = [
    (Education.POSTGRADUATE, 46),
    (Education.BACHELOR, 44),
    (Education.COLLEGE, 7),
    (Education.SECONDARY_VOCATIONAL, 2),
    (Education.HIGH_SCHOOL, 1),
]
EDU_RETIRED = [
    (Education.POSTGRADUATE, 3),
    (Education.BACHELOR, 27),
    (Education.COLLEGE, 25),
    (Education.SECONDARY_VOCATIONAL, 17),
    (Education.HIGH_SCHOOL, 18),
    (Education.JUNIOR_OR_BELOW, 10),
]
INSTITUTE_MARKS = ("院", "所", "馆", "中心", "大队", "总队")


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class Rec:
    """A generated person: what the later steps need (the row itself is a dict)."""

    __slots__ = ("pk", "name", "birth_date")

    def __init__(self, pk: int, name: str, birth_date: dt.date):
        self.pk, self.name, self.birth_date = pk, name, birth_date


class Weighted:
    """rng.choices with precomputed cumulative weights."""

    def __init__(self, pairs):
        self.values = [v for v, _w in pairs]
        self.cum = list(itertools.accumulate(w for _v, w in pairs))

    def pick(self, rng):
        return rng.choices(self.values, cum_weights=self.cum)[0]


class PeopleBuilder:
    def __init__(self, ctx: Context):
        self.ctx, self.rng, self.y = ctx, ctx.rng, ctx.year
        self.areas = Weighted([((code, place), w) for code, place, w in AREAS])
        self.ethnicities = Weighted(ETHNICITIES)
        self.surnames = Weighted(SURNAMES)
        self.ranks_civil, self.ranks_institute = Weighted(RANKS_CIVIL), Weighted(RANKS_INSTITUTE)
        self.edu = {
            "organ": Weighted(EDU_ORGAN),
            "institute": Weighted(EDU_INSTITUTE),
            "retired": Weighted(EDU_RETIRED),
        }
        self.numbers: set[str] = set()  # membership tests only, never iterated
        self.pinyin: dict[str, str] = {}
        self.next_pk = next_id(Person)
        self.persons: list[dict] = []
        self.recs: list[Rec] = []
        self.memberships: list[tuple[Rec, dict]] = []
        self.periods: list[tuple[Rec, Any, str, dt.date, dt.date | None, str]] = []
        self.members: dict[int, list[tuple[Rec, dict]]] = {}  # branch pk -> current party members
        self.transferred: set[int] = set()  # id(person) of members who moved in during the year

    # --- one person ----------------------------------------------------------------------
    def person(self, branch, *, age: int, female: bool, retired: bool) -> Rec:
        rng, y = self.rng, self.y
        birth = self.ctx.rand_date(dt.date(y - age, 1, 1), dt.date(y - age, 12, 31))
        gender = "F" if female else "M"
        (area, place) = self.areas.pick(rng)
        seq = rng.randrange(500)
        number = synthetic(birth, gender, seq, area)
        while number in self.numbers:
            seq = (seq + 1) % 500
            number = synthetic(birth, gender, seq, area)
        self.numbers.add(number)
        ethnicity = self.ethnicities.pick(rng)
        if ethnicity in MINORITY_SURNAMES and rng.random() < 0.6:
            surname = rng.choice(MINORITY_SURNAMES[ethnicity])
        else:
            surname = self.surnames.pick(rng)
        era = "old" if birth.year < 1960 else "mid" if birth.year < 1983 else "young"
        chars = GIVEN[(era, gender)]
        given = rng.choice(chars) + (rng.choice(chars) if rng.random() < 0.7 else "")
        name = surname + given
        pinyin = self.pinyin.get(name)
        if pinyin is None:
            pinyin = self.pinyin[name] = pinyin_key(name)
        unit = branch.unit
        institute = (
            unit.category == UnitCategory.SUBORDINATE
            or unit.name.endswith(INSTITUTE_MARKS)
            or unit.name in ("省农科院", "省社科院", "省科学院")
        )
        education = self.edu["retired" if retired else "institute" if institute else "organ"].pick(rng)
        degree = Degree.NONE
        if education == Education.POSTGRADUATE:
            degree = Degree.DOCTOR if rng.random() < (0.3 if institute else 0.12) else Degree.MASTER
        elif education == Education.BACHELOR and rng.random() < 0.85:
            degree = Degree.BACHELOR
        if retired:
            category, position = PersonCategory.RETIRED, "退休干部"
        elif institute:
            position = self.ranks_institute.pick(rng)
            category = (
                PersonCategory.MANAGER
                if position in ("科长", "副主任", "主任", "职员")
                else PersonCategory.PROFESSIONAL
            )
        else:
            category, position = PersonCategory.CIVIL_SERVANT, self.ranks_civil.pick(rng)
        phone = ""
        if rng.random() < 0.92:
            phone = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
        rec = Rec(self.next_pk, name, birth)
        self.next_pk += 1
        self.persons.append(
            {
                "id": rec.pk,
                "name": name,
                "name_pinyin": pinyin,
                "ethnicity": ethnicity,
                "native_place": place,
                "education": education,
                "degree": degree,
                "category": category,
                "phone_enc": crypto.encrypt(phone) if phone else "",
                "phone_masked": mask_phone(phone) if phone else "",
                "unit_id": unit.pk,
                "position": position,
                "organization_id": branch.pk,
                "root_id": self.ctx.root.pk,
                "is_mobile": not retired and rng.random() < 0.003,
                "is_lost_contact": False,
                **protected_id_fields(number),
            }
        )
        self.recs.append(rec)
        return rec

    # --- membership dates --------------------------------------------------------------------
    def pipeline_dates(self, birth: dt.date, admitted: dt.date) -> dict:
        """applied/activist/candidate before `admitted` (the 18th birthday at the earliest)."""
        earliest = add_years(birth, 18) + dt.timedelta(days=30)
        applied = max(earliest, admitted - dt.timedelta(days=self.rng.randint(500, 1300)))
        if applied > admitted:
            applied = admitted
        gap = (admitted - applied).days
        return {
            "applied_on": applied,
            "activist_on": applied + dt.timedelta(days=gap // 5),
            "candidate_on": applied + dt.timedelta(days=gap * 7 // 10),
        }

    def admitted_on(self, birth: dt.date, retired: bool) -> dt.date:
        rng, latest = self.rng, dt.date(self.y - 1, 12, 31)
        if retired and birth.year <= self.y - 72 and rng.random() < 0.78:  # full member 50 years by the year
            lo = max(add_years(birth, 18) + dt.timedelta(days=60), dt.date(1950, 1, 1))
            hi = min(add_years(birth, 28), dt.date(self.y - 51, 6, 30))
            if lo < hi:
                return self.ctx.rand_date(lo, hi)
        r = rng.random()
        age = rng.randint(19, 24) if r < 0.65 else rng.randint(25, 32) if r < 0.93 else rng.randint(33, 42)
        day = self.ctx.rand_date(add_years(birth, age), add_years(birth, age + 1) - dt.timedelta(days=1))
        if day > latest:
            day = self.ctx.rand_date(min(add_years(birth, 19), latest), latest)
        return day

    def member(self, branch, *, retired: bool, status: str = S.FULL, force_senior: bool = False) -> Rec:
        rng, y = self.rng, self.y
        female = rng.random() < (0.24 if retired else 0.30)
        if retired:
            age = min(90, 60 + int(abs(rng.gauss(0, 11))))
        elif status == S.PROBATIONARY:
            age = rng.randint(23, 35)
        else:
            age = 23 + int(rng.betavariate(1.6, 1.5) * (35 if female else 37))
            if force_senior:
                age = max(age, 30)
        p = self.person(branch, age=age, female=female, retired=retired)
        if status == S.PROBATIONARY:
            admitted = self.ctx.rand_date(dt.date(y, 1, 1), dt.date(y, 12, 20))
            m = {"status": status, "admitted_on": admitted, **self.pipeline_dates(p.birth_date, admitted)}
            self.periods.append((p, branch, S.PROBATIONARY, admitted, None, "接收为预备党员"))
        else:
            admitted = self.admitted_on(p.birth_date, retired)
            full = add_years(admitted, 1)
            m = {
                "status": status,
                "admitted_on": admitted,
                "full_on": full,
                **self.pipeline_dates(p.birth_date, admitted),
            }
            if status in (S.TRANSFERRED_OUT, S.LEFT, S.DECEASED):
                left = self.ctx.rand_date(max(dt.date(y, 1, 15), full), dt.date(y, 12, 15))
                m["left_on"] = left
                self.periods += [
                    (p, branch, S.PROBATIONARY, admitted, full, "接收为预备党员"),
                    (p, branch, S.FULL, full, left, "转正"),
                    (p, branch, status, left, None, S(status).label),
                ]
            elif not retired and not force_senior and full < dt.date(y, 1, 1) and rng.random() < 0.03:
                # moved in during the year from another branch
                old = self.transfer_source(branch)
                moved = self.ctx.rand_date(dt.date(y, 2, 1), dt.date(y, 11, 30))
                self.periods += [
                    (p, old, S.PROBATIONARY, admitted, full, "接收为预备党员"),
                    (p, old, S.FULL, full, moved, "转正"),
                    (p, branch, S.FULL, moved, None, "组织关系转接"),
                ]
                self.transferred.add(id(p))
            else:
                self.periods += [
                    (p, branch, S.PROBATIONARY, admitted, full, "接收为预备党员"),
                    (p, branch, S.FULL, full, None, "转正"),
                ]
        self.memberships.append((p, m))
        if status in (S.FULL, S.PROBATIONARY):
            self.members.setdefault(branch.pk, []).append((p, m))
        return p

    def transfer_source(self, branch):
        same = self.in_service_by_unit.get(branch.unit_id, [])
        pool = same if len(same) > 1 and self.rng.random() < 0.7 else self.in_service
        old = self.rng.choice(pool)
        return old if old.pk != branch.pk else self.rng.choice(self.in_service)

    def pipeline(self, branch, status: str) -> Rec:
        rng, y = self.rng, self.y
        p = self.person(branch, age=rng.randint(23, 38), female=rng.random() < 0.40, retired=False)
        if status == S.APPLICANT:
            applied = self.ctx.rand_date(dt.date(y - 1, 3, 1), dt.date(y, 11, 30))
            m = {"applied_on": applied}
            stretches = [(S.APPLICANT, applied)]
        elif status == S.ACTIVIST:
            applied = self.ctx.rand_date(dt.date(y - 2, 1, 1), dt.date(y - 1, 12, 31))
            activist = applied + dt.timedelta(days=rng.randint(40, 200))
            m = {"applied_on": applied, "activist_on": activist}
            stretches = [(S.APPLICANT, applied), (S.ACTIVIST, activist)]
        else:
            applied = self.ctx.rand_date(dt.date(y - 3, 1, 1), dt.date(y - 2, 6, 30))
            activist = applied + dt.timedelta(days=rng.randint(40, 120))
            candidate = self.ctx.rand_date(add_years(activist, 1), dt.date(y, 11, 30))
            m = {"applied_on": applied, "activist_on": activist, "candidate_on": candidate}
            stretches = [(S.APPLICANT, applied), (S.ACTIVIST, activist), (S.CANDIDATE, candidate)]
        for (st, since), nxt in zip(stretches, [*stretches[1:], (None, None)], strict=True):
            self.periods.append((p, branch, st, since, nxt[1], "登记" if st == S.APPLICANT else "状态变更"))
        self.memberships.append((p, {"status": status, **m}))
        return p

    # --- the whole province --------------------------------------------------------------------
    def run(self) -> None:
        ctx, rng = self.ctx, self.rng
        self.in_service = [b for b in ctx.branches if not b.demo_retiree]
        self.in_service_by_unit: dict[int, list] = {}
        for b in self.in_service:
            self.in_service_by_unit.setdefault(b.unit_id, []).append(b)
        n_left = ctx.scaled(3)
        for i, b in enumerate(ctx.branches):
            retired = b.demo_retiree
            for k in range(b.demo_size):
                status = S.PROBATIONARY if not retired and k > 0 and rng.random() < 0.03 else S.FULL
                self.member(b, retired=retired, status=status, force_senior=k == 0)
            if retired:
                if rng.random() < 0.08:
                    self.member(b, retired=True, status=S.DECEASED)
                continue
            for status, choices in (
                (S.APPLICANT, (0, 0, 1, 1, 2)),
                (S.ACTIVIST, (0, 1, 1, 2)),
                (S.CANDIDATE, (0, 0, 0, 1)),
            ):
                for _ in range(rng.choice(choices)):
                    self.pipeline(b, status)
            if rng.random() < 0.04:
                self.member(b, retired=False, status=S.TRANSFERRED_OUT)
            if n_left and i % 97 == 50:
                self.member(b, retired=False, status=S.LEFT)
                n_left -= 1

    def save(self) -> None:
        insert_rows(Person, self.persons)
        dates = dict.fromkeys(
            ("applied_on", "activist_on", "candidate_on", "admitted_on", "full_on", "left_on")
        )
        first = next_id(Membership)
        insert_rows(
            Membership,
            [{"id": first + i, "person_id": p.pk, **dates, **m} for i, (p, m) in enumerate(self.memberships)],
        )
        first = next_id(MembershipPeriod)
        insert_rows(
            MembershipPeriod,
            [
                {
                    "id": first + i,
                    "person_id": p.pk,
                    "organization_id": org.pk,
                    "status": st,
                    "valid_from": a,
                    "valid_to": b,
                    "reason": r,
                }
                for i, (p, org, st, a, b, r) in enumerate(self.periods)
            ],
        )


class PostBuilder:
    """Current posts of every organisation, the previous term's secretaries of some branches and
    the mid-term adjustments of the year."""

    def __init__(self, ctx: Context, people: PeopleBuilder):
        self.ctx, self.rng, self.y = ctx, ctx.rng, ctx.year
        self.members = people.members
        self.transferred = people.transferred
        self.posts: list[dict] = []
        self.slots: list[tuple[dict, list]] = []  # adjustable current posts with their candidate pool

    def eligible(self, pool, before: dt.date):
        """Full members of the pool with at least a year of party age at `before`, not moved in this year."""
        cut = add_years(before, -1)
        return [
            p for p, m in pool if m.get("full_on") and m["full_on"] <= cut and id(p) not in self.transferred
        ]

    def add(self, person, org, post, started, *, pool=None, ended=None, reason="") -> dict:
        cp = {
            "person": person,
            "organization": org,
            "post": post,
            "started_on": started,
            "ended_on": ended,
            "end_reason": reason,
        }
        self.posts.append(cp)
        if pool is not None and ended is None:
            self.slots.append((cp, pool))
        return cp

    def term_start(self, org) -> dt.date:
        return org.term_started_on or org.established_on or self.ctx.year_start

    def branch_posts(self, branch) -> None:
        rng = self.rng
        pool = self.members.get(branch.pk, [])
        start = self.term_start(branch)
        candidates = self.eligible(pool, start) or self.eligible(pool, self.ctx.year_end)
        if not candidates:
            return
        secretary = rng.choice(candidates)
        self.ctx.demo.setdefault("secretary", {})[branch.pk] = secretary
        self.add(secretary, branch, Post.SECRETARY, start, pool=pool)
        taken = [secretary]
        if len(pool) >= 7:  # a branch committee needs seven members
            posts = [Post.ORGANIZATION, Post.PUBLICITY, Post.DISCIPLINE]
            if len(pool) >= 30 and rng.random() < 0.5:
                posts.insert(0, Post.DEPUTY_SECRETARY)
            for post in posts:
                if rng.random() < 0.88:
                    others = [p for p, _m in pool if p not in taken and id(p) not in self.transferred]
                    if others:
                        holder = rng.choice(others)
                        taken.append(holder)
                        self.add(holder, branch, post, start, pool=pool)
        self.ctx.demo.setdefault("post_holders", set()).update(id(p) for p in taken)
        previous_start = add_years(start, -3)
        if branch.established_on and branch.established_on <= previous_start and rng.random() < 0.3:
            older = [p for p in self.eligible(pool, previous_start) if p is not secretary]
            if older:
                self.add(
                    rng.choice(older),
                    branch,
                    Post.SECRETARY,
                    previous_start,
                    ended=start,
                    reason=PostEndReason.TERM_END,
                )
        for group in self.groups.get(branch.pk, []):
            others = [p for p, _m in pool if p not in taken]
            if others:
                self.add(rng.choice(others), group, Post.GROUP_LEADER, max(start, group.established_on))

    def committee_posts(self, org, pool, posts) -> None:
        candidates = self.eligible(pool, self.ctx.year_end)
        start = self.term_start(org)
        for post in posts:
            if not candidates:
                return
            holder = candidates.pop(self.rng.randrange(len(candidates)))
            self.add(holder, org, post, start, pool=pool)

    def adjustments(self) -> int:
        """Mid-term adjustments (届中调整) in units: the current holder took over during the year from
        a predecessor whose post ended with reason mid_term."""
        ctx, rng, y = self.ctx, self.rng, self.y
        top_units = {u.pk for u in ctx.units}
        by_unit: dict[int, list] = {}
        for cp, pool in self.slots:
            if cp["organization"].unit_id in top_units and cp["started_on"] <= dt.date(y, 9, 30):
                by_unit.setdefault(cp["organization"].unit_id, []).append((cp, pool))
        unit_ids = sorted(by_unit)
        k_units = min(len(unit_ids), ctx.scaled(ADJUSTED_UNITS))
        k_posts = max(k_units, ctx.scaled(ADJUSTED_POSTS))
        chosen = rng.sample(unit_ids, k_units)
        quota = dict.fromkeys(chosen, 1)
        for _ in range(k_posts - k_units):
            quota[rng.choice(chosen)] += 1
        done = 0
        for unit_id in chosen:
            slots = by_unit[unit_id][:]
            rng.shuffle(slots)
            n = 0
            for cp, pool in slots:
                if n == quota[unit_id]:
                    break
                org, started = cp["organization"], cp["started_on"]
                holders = {id(c["person"]) for c in self.posts if c["organization"] is org}
                day = ctx.rand_date(
                    max(dt.date(y, 3, 1), started + dt.timedelta(days=30)), dt.date(y, 11, 30)
                )
                previous = [p for p in self.eligible(pool, started) if id(p) not in holders]
                if not previous or day <= started:
                    continue
                self.add(
                    rng.choice(previous), org, cp["post"], started, ended=day, reason=PostEndReason.MID_TERM
                )
                cp["started_on"] = day
                n += 1
            done += n
        return done

    def run(self) -> None:
        ctx = self.ctx
        self.groups: dict[int, list] = {}
        for org in ctx.orgs:
            if org.kind == OrgKind.PARTY_GROUP:
                self.groups.setdefault(org.parent_id, []).append(org)
        for b in ctx.branches:
            self.branch_posts(b)
        # committees and general branches: holders from the in-service branches of their subtree
        in_service = [b for b in ctx.branches if not b.demo_retiree]
        for org in ctx.orgs:
            if org.kind not in (OrgKind.WORKING_COMMITTEE, OrgKind.ORGAN_COMMITTEE, OrgKind.GENERAL_BRANCH):
                continue
            pool = [
                pm
                for b in in_service
                if b.path.startswith(org.path) and b.unit_id == org.unit_id
                for pm in self.members.get(b.pk, [])
            ]
            if not pool:  # e.g. a retirees' 党总支
                pool = [
                    pm
                    for b in ctx.branches
                    if b.path.startswith(org.path)
                    for pm in self.members.get(b.pk, [])
                ]
            if org.kind == OrgKind.GENERAL_BRANCH:
                posts = [Post.SECRETARY]
            elif org.parent_id and org.unit.parent_id:  # a subordinate unit's 党委
                posts = [Post.SECRETARY, Post.DEPUTY_SECRETARY]
            else:
                posts = [Post.SECRETARY, Post.FULLTIME_DEPUTY]
            self.committee_posts(org, pool, posts)
        ctx.counts["cadre_adjustments"] = self.adjustments()
        first = next_id(CadrePost)
        insert_rows(
            CadrePost,
            [
                {
                    "id": first + i,
                    "person_id": cp["person"].pk,
                    "organization_id": cp["organization"].pk,
                    "post": cp["post"],
                    "started_on": cp["started_on"],
                    "ended_on": cp["ended_on"],
                    "end_reason": cp["end_reason"],
                }
                for i, cp in enumerate(self.posts)
            ],
        )
        ctx.counts["cadre_posts"] = len(self.posts)


@demo_stage(
    "people",
    order=20,
    label="人员、党籍与职务",
    steps={
        "people.generate": "生成人员",
        "people.insert": "写入人员、党籍、党籍历史",
        "people.posts": "党务职务",
    },
    counts=[
        ("people", "人员"),
        ("status_full", "正式党员"),
        ("status_probationary", "预备党员"),
        ("status_candidate", "发展对象"),
        ("status_activist", "入党积极分子"),
        ("status_applicant", "入党申请人"),
        ("transfers_in_year", "年内转入支部"),
        ("medal_candidates", "党龄满50年候选"),
        ("cadre_posts", "党务职务"),
        ("cadre_adjustments", "届中调整"),
    ],
)
def build(ctx: Context) -> None:
    people = PeopleBuilder(ctx)
    with ctx.step("people.generate"):
        people.run()
    with ctx.step("people.insert"):
        people.save()
    ctx.people = people.recs
    ctx.members_by_branch = {k: [(p, m["status"]) for p, m in v] for k, v in people.members.items()}
    with ctx.step("people.posts"):
        PostBuilder(ctx, people).run()
    statuses: dict[str, int] = {}
    for _p, m in people.memberships:
        statuses[m["status"]] = statuses.get(m["status"], 0) + 1
    ctx.counts.update(
        {
            "people": len(people.persons),
            "membership_periods": len(people.periods),
            "transfers_in_year": len(people.transferred),
            "medal_candidates": sum(
                1
                for _p, m in people.memberships
                if m["status"] == S.FULL and m["full_on"] <= dt.date(ctx.year - 50, 7, 1)
            ),
        }
    )
    ctx.counts.update({f"status_{k}": v for k, v in sorted(statuses.items())})
