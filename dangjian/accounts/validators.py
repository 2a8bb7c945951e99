import re

from django.core.exceptions import ValidationError

from dangjian.accounts.errors import ERR_COMPLEXITY


class ComplexityValidator:
    """等保 level 3: passwords from at least 3 of 4 character classes."""

    def validate(self, password, user=None):
        classes = [r"[A-Z]", r"[a-z]", r"\d", r"[^A-Za-z0-9]"]
        if sum(bool(re.search(c, password)) for c in classes) < 3:
            raise ValidationError(ERR_COMPLEXITY, code="password_complexity")

    def get_help_text(self):
        return ERR_COMPLEXITY
