"""Workflows: records that move through states by named transitions (development of members,
transfers, problems and rectification, complaints...). An app declares one table per workflow:

    DEVELOPMENT = workflow.register(workflow.Workflow(
        name="development", label="发展党员", model=Applicant, timeline=ApplicantEvent,
        initial=Stage.APPLIED,
        transitions=[
            workflow.Transition(
                "make_activist", "确定为入党积极分子", [Stage.APPLIED], Stage.ACTIVIST,
                allowed=branch_committee_of,   # (actor, obj) -> bool, written with scoping.py
                rule="《中国共产党发展党员工作细则》第九条：……由支部委员会研究决定",
                guards=[talked_within_a_month]),  # (obj, actor, data) -> None, raises ApplicationError
            ...]))

and calls `transition_apply(workflow=DEVELOPMENT, obj=applicant, name="make_activist", actor=...)`.
That one function locks the row, checks the current state, the permission and the guards, sets the
state, saves with update_fields, and writes the timeline row and the audit event, all in one
transaction. `allowed_transitions` gives a detail page its next steps; `core/_workflow.html`
renders them with the timeline; `mermaid` draws a workflow for the user guide.

Hand-written rather than django-fsm 3.x: what we need from a workflow is the declared table (with
the rule each refusal cites), the row lock against racing transitions, the timeline and the audit
row in the same transaction, and the diagram. django-fsm gives the state field and transition
decorators on model methods, but leaves locking, logging (django-fsm-log, another package with its
own generic table) and permission messages to us, and puts business rules on the model, which our
conventions keep in services. The whole mechanism here is one module with no dependency.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.models import AuditAction

ANY = "*"  # a from-state matching every state

ERR_STATE_CHANGED = "状态已变更：该记录刚被他人处理，当前状态为“{state}”，请刷新后重试。"
ERR_NOT_FROM_STATE = "当前状态为“{state}”，不能执行“{label}”。"
ERR_UNKNOWN_TRANSITION = "没有名为“{name}”的操作。"
ERR_NOT_PERMITTED = "您无权执行“{label}”。依据：{rule}"
ERR_APPEND_ONLY = "流转记录只能追加，不能修改或删除。"
MSG_DONE = "已{label}。"


@dataclass(frozen=True)
class Transition:
    """One row of a workflow's table."""

    name: str
    label: str  # shown on the button and in the timeline
    sources: Sequence[str]  # from-states (or [ANY])
    target: str
    allowed: Callable[[Any, Any], bool]  # (actor, obj): the app's predicate, written with scoping.py
    rule: str  # cited when `allowed` refuses, e.g. "《中国共产党发展党员工作细则》第二十二条：……"
    guards: Sequence[Callable[[Any, Any, dict], None]] = ()  # (obj, actor, data): raise ApplicationError
    style: str = ""  # "danger" for returns, revocations: drawn as a secondary button

    def leaves(self, state: str) -> bool:
        return ANY in self.sources or state in self.sources


@dataclass
class Workflow:
    name: str
    label: str
    model: type[models.Model]
    timeline: type[models.Model]  # a concrete TimelineEntry
    transitions: Sequence[Transition]
    initial: str = ""
    state_field: str = "status"
    subject_field: str = "subject"  # the timeline's foreign key to `model`
    _by_name: dict[str, Transition] = field(init=False, repr=False)

    def __post_init__(self):
        self._by_name = {t.name: t for t in self.transitions}
        if len(self._by_name) != len(self.transitions):
            raise ValueError(f"workflow {self.name}: transition names repeat")

    def transition(self, name: str) -> Transition:
        try:
            return self._by_name[name]
        except KeyError:
            raise ApplicationError(ERR_UNKNOWN_TRANSITION.format(name=name)) from None

    def _state_field(self) -> models.Field:
        column = self.model._meta.get_field(self.state_field)
        assert isinstance(column, models.Field)  # the state is a column with choices, never a relation
        return column

    def state_label(self, state: str) -> str:
        choices = dict(self._state_field().flatchoices)
        return str(choices.get(state, state))

    def states(self) -> list[str]:
        """Every state, in the order of the model field's choices."""
        return [str(v) for v, _ in self._state_field().flatchoices]


REGISTRY: dict[str, Workflow] = {}


def register(wf: Workflow) -> Workflow:
    if wf.name in REGISTRY and REGISTRY[wf.name] is not wf:
        raise ValueError(f"workflow {wf.name} registered twice")
    REGISTRY[wf.name] = wf
    return wf


# --- the timeline ----------------------------------------------------------------------------------


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ApplicationError(ERR_APPEND_ONLY)

    def delete(self):
        raise ApplicationError(ERR_APPEND_ONLY)


class AppendOnlyManager(models.Manager):
    """The manager of timelines: its querysets refuse update() and delete(). A plain subclass rather
    than `AppendOnlyQuerySet.as_manager()`, so the type checker resolves every subject's `events`."""

    def get_queryset(self) -> AppendOnlyQuerySet:
        return AppendOnlyQuerySet(self.model, using=self._db)


class TimelineEntry(models.Model):
    """Base of a workflow's append-only timeline. The concrete model adds the subject's foreign key
    (named as the workflow's `subject_field`, on_delete=PROTECT) and its Meta; on PostgreSQL add
    `append_only_operation(<table>)` to its migration so the database refuses changes too."""

    transition = models.CharField("操作", max_length=60)
    from_state = models.CharField("原状态", max_length=30, blank=True)
    to_state = models.CharField("新状态", max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    note = models.TextField("说明", blank=True)
    data = models.JSONField("数据", default=dict, blank=True)

    objects = AppendOnlyManager()

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ApplicationError(ERR_APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ApplicationError(ERR_APPEND_ONLY)


_TRIGGER = """
CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '流转记录只能追加，不能修改或删除';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER {table}_protect BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {table}_append_only();
"""
_DROP = "DROP TRIGGER IF EXISTS {table}_protect ON {table}; DROP FUNCTION IF EXISTS {table}_append_only();"


def append_only_operation(table: str):
    """A migration operation: on PostgreSQL, a trigger that refuses UPDATE and DELETE on `table`."""
    from django.db import migrations

    def run(sql):
        def op(apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                schema_editor.execute(sql.format(table=table))

        return op

    return migrations.RunPython(run(_TRIGGER), run(_DROP))


# --- applying a transition -------------------------------------------------------------------------


def _check(wf: Workflow, t: Transition, obj, actor, data: dict) -> None:
    state = getattr(obj, wf.state_field)
    if not t.leaves(state):
        raise ApplicationError(ERR_NOT_FROM_STATE.format(state=wf.state_label(state), label=t.label))
    if not t.allowed(actor, obj):
        raise Forbidden(ERR_NOT_PERMITTED.format(label=t.label, rule=t.rule))
    for guard in t.guards:
        guard(obj, actor, data)


def transition_apply(
    *,
    workflow: Workflow,
    obj,
    name: str,
    actor,
    note: str = "",
    data: dict | None = None,
    changes: dict | None = None,
):
    """Move `obj` by transition `name`; returns the timeline row. `changes`: other fields the
    transition sets (a date, a number), saved and audited with the state. Raises ApplicationError
    (Forbidden when the actor may not) with the rule cited; nothing is written then. Of two racing
    transitions from the same state exactly one wins; the other gets ERR_STATE_CHANGED."""
    wf, t, data, changes = workflow, workflow.transition(name), dict(data or {}), dict(changes or {})
    with transaction.atomic():
        locked = wf.model._default_manager.select_for_update().get(pk=obj.pk)
        before = getattr(locked, wf.state_field)
        if before != getattr(obj, wf.state_field):
            raise ApplicationError(ERR_STATE_CHANGED.format(state=wf.state_label(before)))
        _check(wf, t, locked, actor, data)
        fields = [wf.state_field, *changes]
        old = audit.snapshot(locked, fields)
        for key, value in {wf.state_field: t.target, **changes}.items():
            setattr(locked, key, value)
        update_fields = fields + [
            f.name for f in wf.model._meta.concrete_fields if getattr(f, "auto_now", False)
        ]
        locked.save(update_fields=update_fields)
        entry = wf.timeline(
            **{wf.subject_field: locked},
            transition=t.name,
            from_state=before,
            to_state=t.target,
            actor=actor if getattr(actor, "pk", None) else None,
            note=note,
            data=data,
        )
        entry.save(force_insert=True)
        audit.record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=locked,
            changes={**audit.diff(old, audit.snapshot(locked, fields)), "transition": [None, t.label]},
        )
    for key in update_fields:
        setattr(obj, key, getattr(locked, key))
    return entry


def allowed_transitions(obj, actor, *, workflow: Workflow) -> list[Transition]:
    """The transitions `actor` may start from `obj`'s current state (guards are checked when applied:
    they may need the data the step records)."""
    state = getattr(obj, workflow.state_field)
    return [t for t in workflow.transitions if t.leaves(state) and t.allowed(actor, obj)]


def timeline(obj, *, workflow: Workflow):
    return workflow.timeline._default_manager.filter(**{workflow.subject_field: obj}).select_related("actor")


def panel(obj, actor, *, workflow: Workflow, action_url: str) -> dict:
    """Context for `{% include "core/_workflow.html" with wf=... %}`: the state, the next steps (each
    posts `transition` and `note` to action_url) and the timeline with labels."""
    labels = {t.name: t.label for t in workflow.transitions}
    rows = [
        {
            "entry": e,
            "label": labels.get(e.transition, e.transition),
            "from_label": workflow.state_label(e.from_state) if e.from_state else "",
            "to_label": workflow.state_label(e.to_state),
        }
        for e in timeline(obj, workflow=workflow)
    ]
    state = getattr(obj, workflow.state_field)
    return {
        "state": state,
        "state_label": workflow.state_label(state),
        "action_url": action_url,
        "steps": allowed_transitions(obj, actor, workflow=workflow),
        "timeline": rows,
    }


def transition_post(request, obj, *, workflow: Workflow, redirect_to: str):
    """The POST of the `core/_workflow.html` form: apply the step, tell the outcome (a refusal with
    the rule it cites) in the page's messages, go back to `redirect_to`."""
    from django.contrib import messages
    from django.shortcuts import redirect

    name = request.POST.get("transition", "")
    try:
        transition_apply(
            workflow=workflow,
            obj=obj,
            name=name,
            actor=request.user,
            note=request.POST.get("note", "").strip()[:1000],
        )
    except ApplicationError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, MSG_DONE.format(label=workflow.transition(name).label))
    return redirect(redirect_to)


# --- the user guide's diagrams ----------------------------------------------------------------------


def _mermaid_text(text: str) -> str:
    return text.replace('"', "'").replace(":", "：").replace(";", "；")


def mermaid(wf: Workflow) -> str:
    """The workflow as a Mermaid state diagram."""
    lines = ["stateDiagram-v2"]
    for state in wf.states():
        lines.append(f'    state "{_mermaid_text(wf.state_label(state))}" as {state}')
    if wf.initial:
        lines.append(f"    [*] --> {wf.initial}")
    for t in wf.transitions:
        sources: Iterable[str] = wf.states() if ANY in t.sources else t.sources
        for source in sources:
            if source != t.target:
                lines.append(f"    {source} --> {t.target}: {_mermaid_text(t.label)}")
    return "\n".join(lines) + "\n"


def guide_markdown(wf: Workflow) -> str:
    """A user-guide page: the diagram and the table of transitions with the rules they cite."""
    rows = ["| 操作 | 从 | 到 | 依据 |", "|---|---|---|---|"]
    for t in wf.transitions:
        sources = "任意状态" if ANY in t.sources else "、".join(wf.state_label(s) for s in t.sources)
        rows.append(f"| {t.label} | {sources} | {wf.state_label(t.target)} | {t.rule.replace('|', '/')} |")
    return (
        f"# 流程：{wf.label}\n\n本页由 `dangjian workflow_diagrams` 生成，请勿手工修改。\n\n"
        f"```mermaid\n{mermaid(wf)}```\n\n" + "\n".join(rows) + "\n"
    )
