"""Application errors. Services raise these; one mapper turns them into form errors, messages
or API responses. Messages are Chinese and name the field or row."""

from __future__ import annotations


class ApplicationError(Exception):
    def __init__(self, message: str, extra: dict | None = None, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.extra = extra or {}
        self.field = field

    def __str__(self) -> str:
        return self.message


class NotFound(ApplicationError):
    """Missing and forbidden look the same."""

    def __init__(self, message: str = "对象不存在或不在您的权限范围内。"):
        super().__init__(message)


def get_or_404(queryset, pk):
    """The row of `queryset` with primary key `pk`, or 404 when there is none in it (outside the
    actor's scope, the caller's queryset already left it out) or `pk` is no integer."""
    from django.http import Http404

    try:
        return queryset.get(pk=int(pk))
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404(NotFound().message)


class Forbidden(ApplicationError):
    """The object is visible but the action is not allowed."""

    def __init__(self, message: str = "您没有执行此操作的权限。"):
        super().__init__(message)


def error_dict(exc: Exception) -> dict:
    """The API's error body: {"message": ..., "extra": ...}."""
    from django.core.exceptions import ValidationError

    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            fields = {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
            first = next(iter(fields.items()))
            return {
                "message": f"{first[0]}: {first[1][0]}" if first[0] != "__all__" else first[1][0],
                "extra": {"fields": fields},
            }
        return {"message": "；".join(exc.messages), "extra": {}}
    if isinstance(exc, ApplicationError):
        extra = dict(exc.extra)
        if exc.field:
            extra.setdefault("field", exc.field)
        return {"message": exc.message, "extra": extra}
    return {"message": str(exc), "extra": {}}
