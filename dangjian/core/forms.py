"""The one mapper from a service's ApplicationError to a form error (conventions.md, "Errors")."""

from django import forms

from dangjian.core.errors import ApplicationError, Forbidden


def apply_error(form: forms.Form, exc: ApplicationError, field_map: dict | None = None) -> None:
    """Put a service error on the form field it names (mapped through `field_map` when the form
    calls it differently), or on the whole form when it names none. A Forbidden is no form error:
    it propagates and becomes the 403 page."""
    if isinstance(exc, Forbidden):
        raise exc
    field = (field_map or {}).get(exc.field, exc.field)
    form.add_error(field if field in form.fields else None, exc.message)
