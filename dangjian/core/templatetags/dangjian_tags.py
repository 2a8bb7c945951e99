import secrets

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from dangjian.core.middleware import FORM_TOKEN_FIELD

register = template.Library()


@register.simple_tag
def options(choices, selected=None):
    """<option> elements for (value, label) pairs, the selected one marked. Rendered in Python:
    a select of a few hundred organisations costs a template loop ~10x more."""
    chosen = "" if selected is None else str(selected)
    mark = mark_safe(" selected")  # noqa: S308 (a constant)
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((v, mark if str(v) == chosen else "", label) for v, label in choices),
    )


@register.simple_tag
def once_token():
    """A form's one-time token: submitting the same rendered form twice saves once
    (core.middleware.IdempotencyMiddleware)."""
    return format_html(
        '<input type="hidden" name="{}" value="{}">', FORM_TOKEN_FIELD, secrets.token_urlsafe(16)
    )
