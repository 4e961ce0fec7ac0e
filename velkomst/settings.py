"""Velkomst settings: one file, read from the environment.

SQLite is the embedded default; PostgreSQL is used when DATABASE_URL is set.
The environment variables a deployment sets are documented in docs/deployment.md.
"""
import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def env_list(name: str, default: str) -> list[str]:
    return [part.strip() for part in env_str(name, default).split(",") if part.strip()]


DEBUG = env_bool("DEBUG", False)
# Behind TLS by default: secure cookies, HSTS, redirect to https. Plain HTTP only when asked for explicitly
# with HTTPS=false (the demo's `velkomst run` on this machine, and the test suite do; see docs/deployment.md).
HTTPS = env_bool("HTTPS", not DEBUG)


def installation_secret_key(path: Path) -> str:
    """This installation's own random key, made on first start and kept in var/ (readable by the owner only).
    There is no shared demo key: every installation has its own. Several app servers must share one key:
    set SECRET_KEY in the environment (`velkomst check --deploy` warns when it comes from the file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY_FILE = BASE_DIR / "var" / "secret-key"
SECRET_KEY = env_str("SECRET_KEY", "") or installation_secret_key(SECRET_KEY_FILE)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.forms",  # its widget templates, found by the form renderer below beside the project's own
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "axes",
    "velkomst.accounts",
    "velkomst.audit",
    "velkomst.people",
    "velkomst.housing",
    "velkomst.allocation",
    "velkomst.reception",
    "velkomst.letters",
    "velkomst.education",
    "velkomst.companies",
    "velkomst.programme",
    "velkomst.worklist",
    "velkomst.reports",
    "velkomst.forecast",
    "velkomst.demo",
    # REST API (issue 8): token auth for other municipal systems, session auth for staff; OpenAPI 3 schema.
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "velkomst.api",
    "velkomst.migration",
    "velkomst.extract",
    "velkomst.retention",
    "velkomst.staff",
    "velkomst.documents",
    # Background jobs (issue 18): django-tasks, the backport of Django 6's tasks framework, with its database backend.
    "django_tasks",
    "django_tasks_db",
    "velkomst.jobs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "velkomst.accounts.middleware.SessionIdleMiddleware",
    # A temporary password from an administrator is replaced before anything else (velkomst/staff).
    "velkomst.staff.middleware.PasswordChangeRequiredMiddleware",
    # Every page requires login unless its view is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "velkomst.middleware.NoStoreMiddleware",
    "velkomst.middleware.DatabaseBusyMiddleware",
    # Last: counts failed logins and locks the account out (django-axes); and the address that tries many usernames.
    "axes.middleware.AxesMiddleware",
    "velkomst.accounts.middleware.AddressLockoutMiddleware",
]

ROOT_URLCONF = "velkomst.urls"
WSGI_APPLICATION = "velkomst.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "velkomst" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "velkomst.accounts.context_processors.role",
            ],
            "libraries": {"formats": "velkomst.formats.templatetags", "widgets": "velkomst.widgets"},
        },
    }
]

# Forms render with the project's templates, so velkomst/templates/django/forms/widgets/select.html (a select that
# does not include a template per option) replaces Django's.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"), conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded database under concurrent writes: readers never wait for a writer (WAL), a writer waits up to
    # 20 s for another (busy timeout) and takes the write lock when its transaction begins (IMMEDIATE), so two
    # transactions cannot both read and then both try to write. A lock still not had is answered "try again"
    # (velkomst.middleware.DatabaseBusyMiddleware).
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # No JIT compilation: it pays off for analytic queries of many seconds, not for a web page's queries. The
    # overview's and the dashboard's aggregate queries cross JIT's cost threshold at ten times Copenhagen and then
    # spent ~60 ms compiling to save nothing (measured, docs/benchmarks.md). Anything already in OPTIONS is kept.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = " ".join(filter(None, [options.get("options", ""), "-c jit=off"]))
    # Not psycopg 3's server-side binding, although it made the largest location's page a quarter faster (measured,
    # docs/benchmarks.md): PostgreSQL takes at most 65,535 parameters a statement, and Django 5.2 does not split its
    # own statements for that limit (a deletion's collector lists every id it found), so the demo's rebuild or a
    # retention run at ten times Copenhagen could fail where the client-side binding has no limit.
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "velkomst.accounts.backends.RoleBackend",  # ModelBackend's login; capabilities from accounts/roles.py
    "velkomst.accounts.oidc.StaffOIDCBackend",  # municipal single sign-on; inactive unless OIDC_RP_CLIENT_ID is set
]
# Five wrong passwords for one username from one address lock it there for 15 minutes (a staff member who is
# locked out can ask an administrator: `velkomst axes_reset_username USERNAME`).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # a username from one address: no lock-out of a colleague from elsewhere
# Failed logins from one address, all usernames together, before that address is stopped (accounts.middleware).
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Single sign-on for municipal staff (OpenID Connect; velkomst/accounts/oidc.py). Off unless OIDC_RP_CLIENT_ID is set;
# the endpoints come from OIDC_OP_ISSUER's discovery document unless set one by one. See docs/deployment.md.
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_ISSUER = env_str("OIDC_OP_ISSUER", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid profile email")
OIDC_USERNAME_CLAIM = env_str("OIDC_USERNAME_CLAIM", "preferred_username")
OIDC_GROUPS_CLAIM = env_str("OIDC_GROUPS_CLAIM", "groups")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_CREATE_USER = True
LOGIN_REDIRECT_URL_FAILURE = "login"
# "Directory-group=role,..." (roles of accounts/roles.py; the first match wins); empty: the KK-Velkomst-* defaults.
OIDC_GROUP_ROLES = env_str("OIDC_GROUP_ROLES", "")

# A session ends after an hour without use, and when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 60 * 60)
# The idle expiry slides once a minute (accounts.middleware.SessionIdleMiddleware), not with a write per request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (django-csp): scripts, styles, fonts and images from this site only; no inline script
# or style (htmx's own indicator style is switched off in base.html; the app's styles are in velkomst.css).
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "velkomst" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Copenhagen"
# Numbers that people read get a thousands separator with `intcomma` (1.600); ids in forms and links must not.
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["velkomst.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "velkomst" / "static",
    ("dkfds", BASE_DIR / "node_modules" / "dkfds" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Documents on the case (velkomst/documents). The files go to a folder outside the static files that nothing serves:
# every download passes through a view that checks the role and scope and writes the access log. With
# DOCUMENTS_S3_BUCKET set they go to an S3-compatible object store instead (django-storages), private, never by a public URL.
DOCUMENTS_ROOT = Path(env_str("DOCUMENTS_ROOT", str(BASE_DIR / "var" / "documents")))
DOCUMENTS_S3_BUCKET = env_str("DOCUMENTS_S3_BUCKET", "")
if DOCUMENTS_S3_BUCKET:
    STORAGES["documents"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": DOCUMENTS_S3_BUCKET,
            "endpoint_url": env_str("DOCUMENTS_S3_ENDPOINT_URL", "") or None,  # empty: AWS itself
            "region_name": env_str("DOCUMENTS_S3_REGION", "") or None,
            "access_key": env_str("DOCUMENTS_S3_ACCESS_KEY_ID", "") or None,  # empty: boto3's own credential chain
            "secret_key": env_str("DOCUMENTS_S3_SECRET_ACCESS_KEY", "") or None,
            "location": env_str("DOCUMENTS_S3_PREFIX", "documents"),
            "default_acl": "private",
            "querystring_auth": True,  # no object is ever reachable without a signature (the app itself never hands out URLs)
            "file_overwrite": False,
            "object_parameters": {"ServerSideEncryption": "AES256"} if env_bool("DOCUMENTS_S3_ENCRYPT", True) else {},
        },
    }
else:
    STORAGES["documents"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(DOCUMENTS_ROOT), "file_permissions_mode": 0o600, "directory_permissions_mode": 0o700},
    }
# The largest document a form or the API takes; larger files are refused while they are received (velkomst/uploads.py).
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)
# The upload handler stops keeping a file past the largest limit of any upload: the documents' and the referral list's
# (5 MB, velkomst.spreadsheets.MAX_BYTES; tests/test_uploads.py checks that both fit under it). Each form then says
# which file is too large and by what limit, before anything is stored.
FILE_UPLOAD_LIMIT_BYTES = max(DOCUMENT_MAX_BYTES, 5 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "velkomst.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Working days: Grundlovsdag, 24 and 31 December are closed at the centre by default.
WORKDAYS_EXTRA_CLOSED_DAYS = env_bool("WORKDAYS_EXTRA_CLOSED_DAYS", True)

# Deletion deadlines (velkomst/retention/services.py, `velkomst retention`; docs/security.md). What is deleted is first
# written to an archive package (zip of JSON + manifest with checksums) in RETENTION_ARCHIVE_DIR.
RETENTION = {
    "case_closed_years": env_int("RETENTION_CASE_CLOSED_YEARS", 5),
    "access_log_years": env_int("RETENTION_ACCESS_LOG_YEARS", 5),
    "unconfirmed_import_days": env_int("RETENTION_UNCONFIRMED_IMPORT_DAYS", 30),
    # Finished background jobs and their task rows (ids and dates, no personal data): kept this long to be followed.
    "finished_job_days": env_int("RETENTION_FINISHED_JOB_DAYS", 30),
}
RETENTION_ARCHIVE_DIR = Path(env_str("RETENTION_ARCHIVE_DIR", str(BASE_DIR / "var" / "archive")))

# Background jobs (velkomst/jobs): the database is the queue (django-tasks-db), so no broker is needed. `velkomst run`
# starts one worker beside the web server; more run anywhere with `velkomst db_worker` against the same database
# (docs/deployment.md). The test suite sets TASKS_BACKEND to the immediate backend (pyproject.toml): a task runs at once.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# The key figures dashboard shows its last computed figures at once and has a worker compute them again when they are
# older than this (velkomst/reports/models.py says why). The test suite sets 0 (pyproject.toml): every visit refreshes.
FIGURES_FRESH_SECONDS = int(env_str("FIGURES_FRESH_SECONDS", "60"))
# Seconds of solver time for a relocation plan and for a large placement proposal, run as jobs: the quality the plan
# needs, not what a web request can wait (the engine's re-plan reaches its gap in tens of seconds).
RELOCATION_TIME_LIMIT = float(env_str("RELOCATION_TIME_LIMIT", "30"))
LARGE_PROPOSAL_TIME_LIMIT = float(env_str("LARGE_PROPOSAL_TIME_LIMIT", "10"))

# Personal data never reaches a log line: only the request path (ids, never CPR or
# names) and the status are logged, and error pages are generic.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "faker": {"level": "WARNING"},
        "axes": {"level": "WARNING"},  # a line per login attempt otherwise (masked, but noise)
    },
}


# REST API: the same capabilities and access log as the pages (velkomst/api/permissions.py).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",  # systems: `Authorization: Token <key>`
        "rest_framework.authentication.SessionAuthentication",  # staff in the browser, with CSRF
    ],
    # The capability first (an unauthorised caller learns nothing), then the query string's parameters.
    "DEFAULT_PERMISSION_CLASSES": ["velkomst.api.permissions.HasCapability", "velkomst.api.permissions.DeclaredQueryParameters"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "velkomst.api.pagination.Pages",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "velkomst.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Velkomst API",
    "DESCRIPTION": "Persons, cases, referrals, temporary housing and meetings of the centre for refugees and displaced Ukrainians. "
    "CPR numbers never go in a URL: look a person up with POST /api/persons/lookup/.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "velkomst.people.models.CaseStatus",
        "LocationKindEnum": "velkomst.housing.models.Location.Kind",
        "LocationStatusEnum": "velkomst.housing.models.Location.Status",
        "RoomStatusEnum": "velkomst.housing.models.Room.Status",
        "ReferralStatusEnum": "velkomst.reception.models.Referral.Status",
        "AppointmentKindEnum": "velkomst.reception.models.Appointment.Kind",
        "AppointmentStatusEnum": "velkomst.reception.models.Appointment.Status",
        "PopulationEnum": "velkomst.reception.models.Population",
        "DocumentKindEnum": "velkomst.documents.models.Kind",
    },
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "velkomst.api.schema.error_responses"],
}
