"""The dry run: lookups preloaded in a few queries, then a pure check of every row into a plan.

`load_lookups` reads what validation needs (organisations the actor may write, units, the people
whose ID number appears in the file: 4 queries, however many rows); `validate` checks every row
with no query and returns the errors (row, column, reason) and, for each good row, a PlannedRow
that the commit writes as it is. The membership rules are those of people.membership.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from dangjian.core import audit, bulk, crypto, excel, idnumber
from dangjian.core import imports as core_imports
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError
from dangjian.core.imports import RowError
from dangjian.organizations import scoping
from dangjian.organizations.models import PartyOrganization
from dangjian.people import errors as people_errors
from dangjian.people.enums import (
    OUT_OF_PARTY_STATUSES,
    Degree,
    Education,
    Ethnicity,
    MembershipStatus,
    PersonCategory,
)
from dangjian.people.fields import phone_valid
from dangjian.people.imports.columns import (
    CATEGORY_CODE,
    COLUMNS,
    DEGREE_CODE,
    EDUCATION_CODE,
    ERR_CHOICE,
    ERR_GENDER_INVALID,
    ERR_ID_DUP_IN_FILE,
    ERR_ID_OUT_OF_SCOPE,
    ERR_ORG_AMBIGUOUS,
    ERR_ORG_UNKNOWN,
    ERR_OUT_OF_PARTY,
    ERR_REQUIRED,
    ERR_UNIT_UNKNOWN,
    ERR_YES_NO,
    ETHNICITY_CODE,
    GENDER_CODE,
    HEADER,
    ROSTER_SHEET,
    STATUS_CHOICES,
    STATUS_CODE,
    YES_NO,
    Roster,
    read_roster,
    template_columns,
)
from dangjian.people.membership import DATE_KEYS, membership_check
from dangjian.people.models import Person

CHUNK = 900  # parameters per IN (...) query: below SQLite's 999

# --- lookups (a few queries, once) ---------------------------------------------------------------------


@dataclass(slots=True)
class Existing:
    id: int
    org_path: str
    status: str | None
    dates: dict


@dataclass
class Lookups:
    orgs: dict[str, list[PartyOrganization]]
    units: dict[str, int]
    write_paths: tuple[str, ...]
    existing: dict[str, Existing]  # by blind index
    ids: dict[str, tuple]  # raw cell text -> (number, bidx, error, birth date)
    org_list: list[PartyOrganization] = field(default_factory=list)

    def can_write(self, path: str) -> bool:
        return any(path.startswith(p) for p in self.write_paths)

    def fingerprint(self, today: dt.date) -> str:
        """A digest of everything a validation on `today` read from the database: the actor's write
        scope, the organisations and units it may use, the stored people the file names. Equal
        digests: validating the same file again would give the same plan."""
        digest = hashlib.sha256(repr((today, self.write_paths, sorted(self.units.items()))).encode())
        for o in sorted(self.org_list, key=lambda o: o.pk):
            digest.update(
                repr(
                    (
                        o.pk,
                        o.name,
                        o.parent_id,
                        o.parent.name if o.parent else None,
                        o.is_active,
                        o.kind,
                        o.path,
                        o.root_id,
                    )
                ).encode()
            )
        for bidx in sorted(self.existing):
            e = self.existing[bidx]
            digest.update(repr((bidx, e.id, e.org_path, e.status, [e.dates[k] for k in DATE_KEYS])).encode())
        return digest.hexdigest()


def _id_text(value) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) >= 1e15:
        return "1E+17"  # an ID typed as a number: digits are lost, say so (idnumber.ERR_NUMERIC)
    return excel.cell_text(value)


def parse_ids(roster: Roster) -> dict[str, tuple]:
    """raw cell text -> (number, blind index, error message, birth date)."""
    out: dict[str, tuple] = {}
    j = roster.index["id_number"]
    today, blind_index = dt.date.today(), crypto.blind_index
    for _, row in roster.rows:
        raw = _id_text(row[j])
        if raw in out:
            continue
        born = idnumber.canonical_birth(raw, today)
        if born is not None:
            out[raw] = (raw, blind_index(raw), None, born)
            continue
        try:
            number = idnumber.normalize(raw)
            out[raw] = (number, blind_index(number), None, idnumber.birth_date(number))
        except ApplicationError as e:
            out[raw] = (None, None, e.message, None)
    return out


def load_lookups(actor, roster: Roster) -> Lookups:
    """Everything validation needs, preloaded: organisations the actor may write (by name and by
    "parent/name"), units (by name), existing people whose ID number appears in the file."""
    ids = parse_ids(roster)
    return load_state(actor, sorted({v[1] for v in ids.values() if v[1]}), ids=ids)


def load_state(actor, bidxs: list[str], *, ids: dict | None = None) -> Lookups:
    """The lookups of a file whose ID numbers have the blind indexes `bidxs` (4 queries)."""
    orgs: dict[str, list[PartyOrganization]] = {}
    org_list = list(scoping.orgs_visible(actor, write=True).select_related("parent"))
    for org in org_list:
        orgs.setdefault(org.name, []).append(org)
        if org.parent is not None:
            orgs.setdefault(f"{org.parent.name}/{org.name}", []).append(org)
    units = dict(scoping.units_visible(actor).filter(is_active=True).values_list("name", "id"))
    existing: dict[str, Existing] = {}
    cols = ["id", "id_bidx", "organization__path", "membership__status"] + [
        f"membership__{k}" for k in DATE_KEYS
    ]
    if bidxs:
        for row in Person.objects.filter(id_bidx__in=bulk.in_values(bidxs)).values(*cols):
            existing[row["id_bidx"]] = Existing(
                row["id"],
                row["organization__path"],
                row["membership__status"],
                {k: row[f"membership__{k}"] for k in DATE_KEYS},
            )
    return Lookups(
        orgs=orgs,
        units=units,
        write_paths=scoping.scope_of(actor).write_paths,
        existing=existing,
        ids=ids or {},
        org_list=org_list,
    )


# --- validation (pure) ---------------------------------------------------------------------------------


@dataclass(slots=True)
class PlannedRow:
    row: int
    action: str  # "create" | "update"
    person_id: int | None
    number: str
    org: PartyOrganization
    status: str
    dates: dict  # the full membership dates after the import (updates: merged with the stored ones)
    fields: dict  # Person fields to set (updates: only cells that were filled in)
    phone: str | None  # None: leave as is
    bidx: str = ""  # the blind index of `number`, computed once (parse_ids)


@dataclass
class Validation:
    rows: int = 0
    plans: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    roster: Roster | None = None
    lookups: Lookups | None = None

    @property
    def error_rows(self) -> set[int]:
        return {e.row for e in self.errors if e.row is not None}

    @property
    def creates(self) -> int:
        return sum(1 for p in self.plans if p.action == "create")

    @property
    def updates(self) -> int:
        return sum(1 for p in self.plans if p.action == "update")


def _choice_error(value: str, column: str, allowed: list[str]) -> str:
    shown = "、".join(allowed) if len(allowed) <= 10 else "、".join(allowed[:8]) + "等（见模板下拉列表）"
    return ERR_CHOICE.format(value=value, column=column, allowed=shown)


def _text(value) -> str:
    if value.__class__ is str:
        return value.strip()
    return "" if value is None else excel.cell_text(value)


def _date(value) -> dt.date | None:
    """excel.cell_date with a fast path for ISO text and real dates (ValueError when invalid)."""
    if value.__class__ is str and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    elif value.__class__ is dt.date:
        return value
    return excel.cell_date(value)


# The coded columns: (key, mapping, default for a new person when empty)
_CODED = [
    ("ethnicity", ETHNICITY_CODE, Ethnicity.E01.value, list(Ethnicity.labels)),
    ("degree", DEGREE_CODE, "", list(Degree.labels)),
    ("category", CATEGORY_CODE, PersonCategory.CIVIL_SERVANT.value, list(PersonCategory.labels)),
]


def validate(
    roster: Roster, lookups: Lookups, *, progress: Callable[[int], None] | None = None
) -> Validation:
    """Check every row; collect (row, column, reason) for each problem and a plan for each good row.
    No queries: everything comes from `lookups`."""
    result = Validation(rows=len(roster.rows), roster=roster, lookups=lookups)
    errors, plans = result.errors, result.plans
    missing = roster.width  # rows are padded: this index is always None
    j = {c.key: roster.index.get(c.key, missing) for c in COLUMNS}
    j_name, j_id, j_edu, j_unit, j_org, j_status, j_phone = (
        j["name"],
        j["id_number"],
        j["education"],
        j["unit"],
        j["organization"],
        j["status"],
        j["phone"],
    )
    has_gender, has_birth = "gender" in roster.index, "birth_date" in roster.index
    date_cols = [(k, j[k], HEADER[k]) for k in DATE_KEYS if k in roster.index]
    coded = [
        (key, j[key], mapping, default, HEADER[key], allowed) for key, mapping, default, allowed in _CODED
    ]
    plain = [(key, j[key], limit) for key, limit in (("native_place", 50), ("position", 60))]
    flags = [(key, j[key], HEADER[key]) for key in ("is_mobile", "is_lost_contact")]
    education_labels, status_labels = list(Education.labels), [s.label for s in STATUS_CHOICES]
    ids, existing_by_bidx, orgs, units = lookups.ids, lookups.existing, lookups.orgs, lookups.units
    seen: dict[str, int] = {}
    flagged_first: set[int] = set()
    h = HEADER
    for n_done, (rownum, row) in enumerate(roster.rows, start=1):
        if progress is not None and n_done % 2000 == 0:
            progress(n_done)
        errs: list[tuple[str, str]] = []
        # name
        name = _text(row[j_name])
        if not name:
            errs.append((h["name"], people_errors.ERR_NAME_REQUIRED))
        # ID number: format, duplicates in the file, a person already registered
        number, bidx, id_error, birth = ids[_id_text(row[j_id])]
        existing = None
        if id_error:
            errs.append((h["id_number"], id_error))
        else:
            first = seen.get(number)
            if first is not None:
                errs.append((h["id_number"], ERR_ID_DUP_IN_FILE.format(other=first)))
                if first not in flagged_first:
                    flagged_first.add(first)
                    errors.append(RowError(first, h["id_number"], ERR_ID_DUP_IN_FILE.format(other=rownum)))
            else:
                seen[number] = rownum
            existing = existing_by_bidx.get(bidx)
            if existing is not None and not lookups.can_write(existing.org_path):
                errs.append((h["id_number"], ERR_ID_OUT_OF_SCOPE))
                existing = None
            elif existing is not None and existing.status in OUT_OF_PARTY_STATUSES:
                errs.append(
                    (h["id_number"], ERR_OUT_OF_PARTY.format(status=MembershipStatus(existing.status).label))
                )
                existing = None
            # optional gender / birth date columns must agree with the ID number
            if has_gender:
                g = _text(row[j["gender"]])
                if g:
                    code = GENDER_CODE.get(g)
                    expected = idnumber.gender(number)
                    if code is None:
                        errs.append((h["gender"], ERR_GENDER_INVALID))
                    elif code != expected:
                        errs.append(
                            (
                                h["gender"],
                                people_errors.ERR_GENDER_MISMATCH.format(
                                    expected="男" if expected == "M" else "女"
                                ),
                            )
                        )
            if has_birth:
                try:
                    b = _date(row[j["birth_date"]])
                except ValueError as e:
                    errs.append((h["birth_date"], str(e)))
                else:
                    if b is not None and b != birth:
                        errs.append(
                            (
                                h["birth_date"],
                                people_errors.ERR_BIRTH_MISMATCH.format(expected=birth.isoformat()),
                            )
                        )
        update = existing is not None
        fields: dict = {}
        # coded values and plain text; on update an empty cell keeps the stored value
        for key, col, mapping, default, header, allowed in coded:
            v = _text(row[col])
            if v:
                code = mapping.get(v)
                if code is None:
                    errs.append((header, _choice_error(v, header, allowed)))
                else:
                    fields[key] = code
            elif not update:
                fields[key] = default
        v = _text(row[j_edu])
        if not v:
            errs.append((h["education"], ERR_REQUIRED.format(column=h["education"])))
        elif v in EDUCATION_CODE:
            fields["education"] = EDUCATION_CODE[v]
        else:
            errs.append((h["education"], _choice_error(v, h["education"], education_labels)))
        for key, col, limit in plain:
            v = _text(row[col])
            if v or not update:
                fields[key] = v[:limit]
        for key, col, header in flags:
            v = _text(row[col])
            if v not in YES_NO:
                errs.append((header, ERR_YES_NO.format(value=v)))
            elif v:
                fields[key] = YES_NO[v]
            elif not update:
                fields[key] = False
        # unit and organisation (only those the actor may write)
        v = _text(row[j_unit])
        if not v:
            errs.append((h["unit"], ERR_REQUIRED.format(column=h["unit"])))
        elif v in units:
            fields["unit_id"] = units[v]
        else:
            errs.append((h["unit"], ERR_UNIT_UNKNOWN.format(name=v)))
        org = None
        v = _text(row[j_org]).replace("／", "/")
        if not v:
            errs.append((h["organization"], ERR_REQUIRED.format(column=h["organization"])))
        else:
            candidates = orgs.get(v)
            if not candidates:
                errs.append((h["organization"], ERR_ORG_UNKNOWN.format(name=v)))
            elif len(candidates) > 1:
                ex = next((c for c in candidates if c.parent is not None), candidates[0])
                errs.append(
                    (
                        h["organization"],
                        ERR_ORG_AMBIGUOUS.format(
                            name=v,
                            n=len(candidates),
                            example=f"{ex.parent.name}/{ex.name}" if ex.parent else ex.name,
                        ),
                    )
                )
            elif not candidates[0].is_active:
                errs.append(
                    (h["organization"], people_errors.ERR_ORG_INACTIVE.format(org=candidates[0].name))
                )
            else:
                org = candidates[0]
        # status and dates (on update merged with the stored dates)
        status = None
        v = _text(row[j_status])
        if not v:
            errs.append((h["status"], ERR_REQUIRED.format(column=h["status"])))
        elif v in STATUS_CODE:
            status = STATUS_CODE[v]
        else:
            errs.append((h["status"], _choice_error(v, h["status"], status_labels)))
        dates: dict = (
            dict(existing.dates) if existing is not None and existing.status else dict.fromkeys(DATE_KEYS)
        )
        for key, col, header in date_cols:
            try:
                d = _date(row[col])
            except ValueError as e:
                errs.append((header, str(e)))
                continue
            if d is not None:
                dates[key] = d
        phone = _text(row[j_phone])
        if phone and not phone_valid(phone):
            errs.append((h["phone"], people_errors.ERR_PHONE))
        if not errs:
            assert status is not None and org is not None  # each missing one added an error
            try:
                membership_check(status, dates, birth, org)
            except ApplicationError as e:
                errs.append((h.get(e.field or "", h["status"]), e.message))
        if errs:
            errors.extend(RowError(rownum, column, reason) for column, reason in errs)
            continue
        assert status is not None and org is not None
        fields["name"] = name[:50]
        plans.append(
            PlannedRow(
                row=rownum,
                action="update" if update else "create",
                person_id=existing.id if existing is not None else None,
                number=number,
                org=org,
                status=status,
                dates=dates,
                fields=fields,
                phone=phone if phone or not update else None,
                bidx=bidx,
            )
        )
    if progress is not None:
        progress(len(roster.rows))
    errors.sort(key=lambda e: e.row or 0)
    return result


def validate_upload(
    *,
    actor: Actor,
    data: bytes,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> Validation:
    """read + lookups + validate; a file-level problem becomes one error per missing column (or one for
    the file) with row None."""
    try:
        roster = read_roster(data)
    except ApplicationError as e:
        return Validation(errors=core_imports.file_errors(e))
    if on_total is not None:
        on_total(len(roster.rows))
    result = validate(roster, load_lookups(actor, roster), progress=progress)
    unseen = sum(1 for e in result.errors if e.reason == ERR_ID_OUT_OF_SCOPE)
    if unseen:  # the rows name nobody; the attempt shows in the audit
        audit.denied(
            actor=actor,
            object_type="people.person",
            object_id="",
            reason=f"名册导入：{unseen}行的身份证号属于范围外的人员",
        )
    return result


# --- error workbook --------------------------------------------------------------------------------------


def error_workbook(validation: Validation, *, target=None) -> bytes | None:
    """The uploaded rows again, with a 错误原因 column first and the bad rows highlighted."""
    roster = validation.roster
    assert roster is not None, "an error workbook is made of rows that were read"
    return core_imports.error_workbook(
        sheet=ROSTER_SHEET,
        headers=roster.headers,
        rows=roster.rows,
        errors=validation.errors,
        template=template_columns(),
        target=target,
    )
