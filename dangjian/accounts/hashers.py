from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2Hasher(Argon2PasswordHasher):
    """Argon2id with OWASP's recommended minimum (19 MiB, 2 iterations, 1 lane).

    Django's default (100 MiB, t=2, p=8) costs ~0.55 s of both cores per login here, so 200 members
    logging in on their phones to sign in to one meeting took 68 s; with these parameters one check
    is ~0.09 s. The parameters are stored in each hash, and older hashes are upgraded on login."""

    time_cost = 2
    memory_cost = 19 * 1024
    parallelism = 1
