"""Settings. Every value that differs between machines comes from the environment."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("DANGJIAN_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.lower() in {"1", "true", "yes", "on"}


def _secret_from_file(name: str) -> str:
    # Development fallback: a random secret kept under var/, never committed.
    path = VAR_DIR / name
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or _secret_from_file("secret_key")
# Key material for field encryption (SM4-GCM) and the blind index (HMAC-SM3): kept apart from the
# database. Rotation: add a new key id; old ciphertexts carry the id they were written with.
FIELD_KEYS = {"1": os.environ.get("DANGJIAN_FIELD_KEY") or _secret_from_file("field_key")}
FIELD_KEY_CURRENT = "1"
BLIND_INDEX_KEY = os.environ.get("DANGJIAN_INDEX_KEY") or _secret_from_file("index_key")

ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_htmx",
    "csp",
    "dangjian.core",
    "dangjian.accounts",
    "dangjian.organizations",
    "dangjian.people",
    "dangjian.users",
    "dangjian.meetings",
    "dangjian.prompts",
    "dangjian.materials",
    "dangjian.activities",
    "dangjian.trainings",
    "dangjian.campaigns",
    "dangjian.problems",
    "dangjian.assessments",
    "dangjian.sites",
    "dangjian.awards",
    "dangjian.complaints",
    "dangjian.events",
    "dangjian.fees",
    "dangjian.care",
    "dangjian.transfers",
    "dangjian.development",
    "dangjian.elections",
    "dangjian.initiatives",
    "dangjian.pairings",
    "dangjian.masses",
    "dangjian.villages",
    "dangjian.reports",
    "dangjian.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "dangjian.accounts.middleware.IdleTimeoutMiddleware",
    "dangjian.accounts.middleware.LoginRequiredMiddleware",
    "dangjian.core.middleware.RequestContextMiddleware",
    "dangjian.core.middleware.ApplicationErrorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "dangjian.core.middleware.IdempotencyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "dangjian" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dangjian.core.context_processors.csp_nonce",
                "dangjian.core.context_processors.menu",
                "dangjian.organizations.context_processors.permissions",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'dangjian.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the background job thread write while pages read.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Memory for each sort or hash of a query. PostgreSQL's 4MB spilled the annual report's distinct
    # counts (220,000 participation rows at ten times the demo) to temporary files: 16MB keeps them
    # in memory, 25-30 ms less each. Per sort, per connection: see docs/deployment.md.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c work_mem={os.environ.get('DB_WORK_MEM', '16MB')}"
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "dangjian.accounts.hashers.Argon2Hasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "dangjian.accounts.hashers.OneTimePasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # 等保 level 3: complexity (3 of 4 character classes). A documented deviation from ASVS 6.2.5.
    {"NAME": "dangjian.accounts.validators.ComplexityValidator"},
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login security (rules in docs/security.md).
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_FAILURE_IP_LIMIT = int(os.environ.get("LOGIN_FAILURE_IP_LIMIT", "30"))  # any usernames, one address
LOGIN_LOCKOUT = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "30")))
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_TIMEOUT", str(30 * 60)))  # seconds
API_TOKEN_TTL = timedelta(hours=float(os.environ.get("API_TOKEN_TTL_HOURS", "12")))
API_TOKEN_MAX_ACTIVE = int(os.environ.get("API_TOKEN_MAX_ACTIVE", "10"))  # per user; the oldest goes first
SESSION_ABSOLUTE_TIMEOUT = int(
    os.environ.get("SESSION_ABSOLUTE_TIMEOUT", str(8 * 3600))
)  # seconds since login
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
HTTPS = env_bool("HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

from csp.constants import NONCE  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LANGUAGE_CODE = "zh-hans"
# The only language: a browser asking for English (an English Windows) still gets Chinese dates and
# Django's own messages ("这个字段是必填项。"), not "Jan. 3, 2023" and "This field is required."
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end packages come from the npm registry at `make setup` (node_modules/), never a CDN.
STATICFILES_DIRS = [
    ("vendor/echarts", BASE_DIR / "node_modules" / "echarts" / "dist"),
    BASE_DIR / "dangjian" / "static",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "files"

# Conduct complaints (dangjian/complaints/rules.py has the defaults and their sources): time limits
# (working days, rules.md §8c) and the public page's limits. The rate limits count in the database
# (complaints/throttle.py), so they hold across the processes serving the site.
COMPLAINT_LIMITS: dict[str, int] = {}
COMPLAINT_INTAKE: dict[str, int] = {
    "submits_per_hour": int(os.environ.get("DANGJIAN_COMPLAINT_SUBMITS_PER_HOUR", "10")),
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))

# Background jobs: "thread" runs them in the web process (embedded default, nothing to install);
# "worker" leaves them to `dangjian run_jobs`; "sync" runs them inline (tests).
JOBS_MODE = os.environ.get("JOBS_MODE", "thread")

# Youth age limit (rules.md §7: unconfirmed nationally, configurable).
YOUTH_AGE_LIMIT = int(os.environ.get("YOUTH_AGE_LIMIT", "35"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

NINJA_PAGINATION_MAX_LIMIT = 500

# Village cadres (驻村干部): the days a month in the village below which a month is short (rules.md
# §8d: no national number; local rules say 20 days a month).
VILLAGE_MIN_DAYS_PER_MONTH = int(os.environ.get("VILLAGE_MIN_DAYS_PER_MONTH", "20"))
