"""Who performs an action: the signed-in user passed as `actor=` to services and selectors.

`Actor` names the user model's Django base class, so core and the areas can type their signatures
without importing accounts (settings.AUTH_USER_MODEL is `accounts.User`, an `AbstractUser`). Code that
needs the account's own fields (its person, its grants) lives in accounts or goes through its
selectors.
"""

from typing import TypeAlias

from django.contrib.auth.models import AbstractUser

Actor: TypeAlias = AbstractUser
