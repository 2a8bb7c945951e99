"""`path__under=P`: rows whose materialised path lies in the subtree P, as an index range.

`path__startswith` compiles to `LIKE 'P%' ESCAPE '\\'`, which SQLite cannot serve from an index
(LIKE is case-insensitive there, and ESCAPE disables the optimisation), so every subtree filter
scanned the table. Paths use the alphabet 0-9A-Z, which sorts the same way bytewise and in
linguistic collations, so "starts with P" equals "P <= path < successor(P)", where successor(P)
is P read as a base-36 number plus one, at the same length. A range is served from the path
index on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from django.db.models import CharField, Lookup, Q, QuerySet

from dangjian.organizations.models import PATH_ALPHABET, PartyOrganization


def path_successor(prefix: str) -> str | None:
    """The smallest string of the same length greater than every string starting with prefix."""
    chars = list(prefix)
    for i in range(len(chars) - 1, -1, -1):
        pos = PATH_ALPHABET.index(chars[i])
        if pos + 1 < len(PATH_ALPHABET):
            chars[i] = PATH_ALPHABET[pos + 1]
            return "".join(chars[: i + 1])
        chars[i] = PATH_ALPHABET[0]
    return None


@CharField.register_lookup
class Under(Lookup):
    lookup_name = "under"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        prefix = self.rhs
        if prefix == "":  # the empty prefix: the whole forest
            return f"{lhs} >= %s", [*lhs_params, ""]
        if not isinstance(prefix, str) or any(c not in PATH_ALPHABET for c in prefix):
            raise ValueError(f"path__under needs a tree path, got {prefix!r}")
        upper = path_successor(prefix)
        if upper is None:
            return f"{lhs} >= %s", [*lhs_params, prefix]
        return f"({lhs} >= %s AND {lhs} < %s)", [*lhs_params, prefix, upper]


def covers_all(path: str) -> bool:
    """Whether the subtree `path` holds every organisation: "" (everything), or the path of the
    only root (the working committee, whose subtree is the whole province). A figure over it needs
    no filter by subtree: a count kept per organisation (a tally) is summed whole, and a record
    needs only to have an organisation (`subtree_q`)."""
    return outside_subtree(path) == set()


def subtree_q(path: str, field: str = "organization") -> Q:
    """`<field>__path__under=path`, written as cheaply as the database can answer it. For the whole
    province (the path of the only root) it is `<field> IS NOT NULL`: the same rows, without
    joining every counted record to its organisation, which at ten times the demo cost most of the
    annual report. "" keeps its meaning, no condition at all (records without an organisation
    included)."""
    if path == "":
        return Q()
    if covers_all(path):
        return Q(**{f"{field}__isnull": False})
    return Q(**{f"{field}__path__under": path})


def subtree_path(path: str) -> str:
    """`path`, or "" when its subtree holds every organisation (`covers_all`): for a caller that
    decides once and then filters the organisations themselves (`path_q`, cadence compliance)."""
    return "" if path and covers_all(path) else path


def path_q(path: str) -> Q:
    """`path__under=path` on the organisation table itself, and nothing for the whole province: a
    range over every path would lead the database to walk the path index and read each
    organisation's row, where an index on what is asked (a kind, a date) reads only the few."""
    path = subtree_path(path)
    return Q(path__under=path) if path else Q()


def in_subtree(path: str, field: str = "organization", where: Q | None = None) -> Q:
    """`<field>_id IN (the organisations under path)`: for counting a large table (meetings, fee
    payments) by subtree. SQLite joins `<field>__path__under` row by row (a primary-key lookup per
    meeting or payment); the IN list lets it walk the table's (..., organization, ...) index one
    organisation at a time instead, two to three times faster on a province-year. `where` narrows
    the organisations (e.g. `~Q(kind=...)`)."""
    orgs: QuerySet = PartyOrganization.objects.filter(where or Q(), path__under=path).values("id")
    return Q(**{f"{field}_id__in": orgs})


# Up to this many organisations outside a subtree, `in_subtree_or_all` names them instead.
FEW_OUTSIDE = 50
# Up to this many inside, it names them: PostgreSQL then walks their entries of the table's
# (organization, ...) index instead of scanning the table to hash-join it with a subquery.
FEW_INSIDE = 1000


def in_subtree_or_all(path: str, field: str = "organization", where: Q | None = None) -> Q:
    """`in_subtree(path, field, where)` for counting the rows of a whole province: when the subtree
    holds every organisation (the province's root, or "") the filter is dropped, and when all but a
    handful match it excludes those few, so the count walks the table's (kind, date, ...) index in
    one range instead of seeking it once per organisation (tens of thousands at ten times the demo).
    A smaller subtree of up to FEW_INSIDE organisations is named by their ids; a larger one is
    `in_subtree`. Only for a non-null `field`: NOT IN the organisations outside
    equals IN the organisations inside only when every row has one. Decided by index probes on the
    organisation table: the paths before and after the subtree, then the organisations `where`
    leaves out (pass a `where` whose negation an index serves, e.g. ~Q(kind=...))."""
    outside = outside_subtree(path, where)
    if outside is None:
        inside = list(
            PartyOrganization.objects.filter(where or Q(), path__under=path)
            .order_by()
            .values_list("id", flat=True)[: FEW_INSIDE + 1]
        )
        if len(inside) <= FEW_INSIDE:  # named: PostgreSQL then reads their index entries
            return Q(**{f"{field}_id__in": sorted(inside)})
        return in_subtree(path, field, where)
    return ~Q(**{f"{field}_id__in": sorted(outside)}) if outside else Q()


def outside_subtree(path: str, where: Q | None = None) -> set[int] | None:
    """The ids of the organisations not under `path` (or not matching `where`), when there are at
    most FEW_OUTSIDE of them (the subtree is, in effect, the whole province); None otherwise.
    One probe of the path index on each side of the subtree (each a LIMIT, so a small subtree
    stops at once), then one for `where`."""
    upper = path_successor(path) if path else None
    probes = [Q(path__lt=path)] if path else []
    if upper is not None:
        probes.append(Q(path__gte=upper))
    if where is not None:
        probes.append(~where)
    outside: set[int] = set()
    for q in probes:
        outside |= set(
            PartyOrganization.objects.filter(q).order_by().values_list("id", flat=True)[: FEW_OUTSIDE + 1]
        )
        if len(outside) > FEW_OUTSIDE:
            return None
    return outside
