"""Shared form pieces: the one mapper from a service's ApplicationError to a form error
(conventions.md, "Errors"), the call that runs a service for a form, and the field every
free-text input uses."""

from django import forms

from dangjian.core.errors import ApplicationError, Forbidden, NotFound
from dangjian.core.text import clean_text


def apply_error(form: forms.Form, exc: ApplicationError, field_map: dict | None = None) -> None:
    """Put a service error on the form field it names (mapped through `field_map` when the form
    calls it differently), or on the whole form when it names none. A Forbidden or NotFound is no
    form error: it propagates and becomes the 403 or 404 page (core.middleware)."""
    if isinstance(exc, Forbidden | NotFound):
        raise exc
    field = (field_map or {}).get(exc.field, exc.field)
    form.add_error(field if field in form.fields else None, exc.message)


def run_service(form: forms.Form, fn, /, *, field_map: dict | None = None, **kwargs):
    """Call the service `fn(**kwargs)` for a submitted form: its result, or None with its
    ApplicationError put on the form (`apply_error`)."""
    try:
        return fn(**kwargs)
    except ApplicationError as e:
        apply_error(form, e, field_map)
        return None


def run_service_message(fn, /, **kwargs) -> tuple:
    """Call the service `fn(**kwargs)` for a page whose inputs are no Django form: `(result, "")`,
    or `(None, message)` of its ApplicationError. Forbidden and NotFound propagate, as in
    `apply_error`."""
    try:
        return fn(**kwargs), ""
    except (Forbidden, NotFound):
        raise
    except ApplicationError as e:
        return None, e.message


class TextField(forms.CharField):
    """A CharField for text people type: NFC, and no control or invisible format characters
    (core.text); the error stays on the field."""

    def to_python(self, value):
        value = super().to_python(value)
        try:
            return clean_text(value)
        except ValueError as e:
            raise forms.ValidationError(str(e), code="bad_char") from None


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """`form.fields[name]`, declared as a ModelChoiceField (or a multiple one), typed as such."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """`form.fields[name]`, declared as a ChoiceField, typed as such."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field
