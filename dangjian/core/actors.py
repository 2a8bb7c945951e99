"""Who performs an action: the signed-in user passed as `actor=` to services and selectors.

`Actor` is settings.AUTH_USER_MODEL without importing it, so core and the areas type their signatures
without depending on accounts: django-stubs resolves `_User` to the configured model (`accounts.User`).
At run time the name stands for the model's Django base class.
"""

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.models import _User

    Actor: TypeAlias = _User
else:
    from django.contrib.auth.models import AbstractUser as Actor

__all__ = ["Actor"]
