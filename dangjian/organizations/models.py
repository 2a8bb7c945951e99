from django.db import models
from django.db.models import Q

from dangjian.core.models import TimeStampedModel
from dangjian.organizations.enums import OrgKind, UnitCategory

PATH_STEP = 4
PATH_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def path_segment(n: int) -> str:
    """The n-th child's 4-character path segment (base 36, 1-based)."""
    out = ""
    for _ in range(PATH_STEP):
        n, r = divmod(n, 36)
        out = PATH_ALPHABET[r] + out
    if n:
        raise ValueError("too many children")
    return out


class Unit(TimeStampedModel):
    """单位: a government organ; may have subordinate units."""

    name = models.CharField("单位名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=40, blank=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    category = models.CharField(
        "类别", max_length=20, choices=UnitCategory.choices, default=UnitCategory.PROVINCIAL
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subordinates",
    )
    located_in_capital = models.BooleanField("驻省会", default=True)
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("有效", default=True)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = "单位"
        verbose_name_plural = "单位"

    def __str__(self) -> str:
        return self.name

    @property
    def is_subordinate(self) -> bool:
        return self.parent_id is not None


class PartyOrganization(TimeStampedModel):
    """党组织: a node of the party tree, stored as parent + materialised path + depth, so a
    subtree is one indexed prefix filter (`path__under`)."""

    name = models.CharField("组织名称", max_length=100)
    kind = models.CharField("类别", max_length=20, choices=OrgKind.choices)
    unit = models.ForeignKey(
        Unit, verbose_name="所属单位", on_delete=models.PROTECT, related_name="organizations"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # The province-level root, kept on every scoped row so the data can later be sharded by it.
    root = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    path = models.CharField(max_length=255, unique=True)
    depth = models.PositiveSmallIntegerField()
    sort_order = models.PositiveIntegerField("排序", default=0)
    established_on = models.DateField("成立日期", null=True, blank=True)
    term_started_on = models.DateField("本届开始", null=True, blank=True)
    term_ends_on = models.DateField("本届届满", null=True, blank=True)
    dissolved_on = models.DateField("撤销日期", null=True, blank=True)
    is_active = models.BooleanField("有效", default=True)
    # Set by the demo builder on the instances it creates, for its later stages (not columns).
    demo_size: int
    demo_retiree: bool

    # Set for display by selectors (with_crumbs, annotate_tree_nodes) and the tree view; not columns.
    crumbs: list[tuple[int, str]]
    full_name: str
    has_children: bool
    children_nodes: "list[PartyOrganization]"

    class Meta:
        ordering = ["path"]
        verbose_name = "党组织"
        verbose_name_plural = "党组织"
        indexes = [
            models.Index(fields=["kind", "is_active"], name="org_kind_active_idx"),
            # A subtree's organisations in force on a day, by kind and unit (the report's counts of
            # organisations and units), from the index alone: 16 -> 11 ms at ten times the demo.
            models.Index(
                fields=["path", "established_on", "dissolved_on", "kind", "unit"], name="org_path_cov"
            ),
            # Organisations whose term has ended (few): the report's overdue elections, from the
            # index alone instead of every organisation's row (10 -> 1 ms at ten times the demo).
            models.Index(fields=["term_ends_on", "kind", "is_active", "path"], name="org_term_ends_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(depth__gte=1), name="org_depth_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def audit_org_path(self) -> str:
        return self.path

    def subtree_q(self, field: str = "path") -> Q:
        return Q(**{f"{field}__startswith": self.path})

    def is_ancestor_of(self, other: "PartyOrganization") -> bool:
        return other.path.startswith(self.path) and other.path != self.path
