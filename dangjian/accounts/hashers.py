from django.contrib.auth.hashers import Argon2PasswordHasher, PBKDF2PasswordHasher


class Argon2Hasher(Argon2PasswordHasher):
    """Argon2id with OWASP's recommended minimum (19 MiB, 2 iterations, 1 lane).

    Django's default (100 MiB, t=2, p=8) costs ~0.55 s of both cores per login here, so 200 members
    logging in on their phones to sign in to one meeting took 68 s; with these parameters one check
    is ~0.09 s. The parameters are stored in each hash, and older hashes are upgraded on login."""

    time_cost = 2
    memory_cost = 19 * 1024
    parallelism = 1


class OneTimePasswordHasher(PBKDF2PasswordHasher):
    """For the random one-time passwords of accounts created in bulk (a whole province at once).

    Argon2 at ~0.09 s a hash would take over an hour for 50,000 members. Stretching protects
    guessable passwords; these are 12 random characters (~70 bits), beyond brute force at any
    cost, and they must be changed at first login, when the new password gets the Argon2 hash."""

    algorithm = "pbkdf2_onetime"
    iterations = 1000
