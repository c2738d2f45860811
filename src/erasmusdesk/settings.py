"""Django settings for Erasmus Desk.

One module; every deployment knob is an environment variable, listed in the README's
Configuration section. The defaults run the embedded set-up: SQLite and uploaded files in the
data folder, mail printed to the console, nothing to install but Python.
"""

import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from erasmusdesk.env import env_bool, env_int, env_list, env_path, env_str, task_backend_path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent.parent
DATA_DIR = env_path("ERASMUSDESK_DATA_DIR", PROJECT_DIR / "data")

DEBUG = env_bool("DEBUG", False)


# Production: served over HTTPS (cookies only over HTTPS, HTTP redirected, HSTS; see Security).
ERASMUSDESK_HTTPS = env_bool("ERASMUSDESK_HTTPS", False)


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in the data folder.

    The generated key is for the embedded set-up on one machine (``make run``, the tests, the
    benchmarks). A production deployment takes its secrets from the environment only: with
    ERASMUSDESK_HTTPS on and DEBUG off the settings refuse to load without SECRET_KEY, the
    ``serve`` command refuses to start without it, and ``check --deploy`` reports a generated
    key (core/checks.py). Several app servers must share the same key (see README).
    """
    key = env_str("SECRET_KEY")
    if key:
        return key
    if ERASMUSDESK_HTTPS and not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set in the environment when ERASMUSDESK_HTTPS is on "
            "(a production deployment takes its secrets from the environment only)."
        )
    key_file = DATA_DIR / "secret.key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
# "environment" or "file": check --deploy refuses a generated key (core/checks.py).
ERASMUSDESK_SECRET_KEY_SOURCE = "environment" if env_str("SECRET_KEY") else "file"
# Earlier keys, still accepted for signatures made with them while a new key is rolled out.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_countries",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "erasmusdesk.core",
    "erasmusdesk.accounts",
    "erasmusdesk.institutions",
    "erasmusdesk.catalogue",
    "erasmusdesk.calls",
    "erasmusdesk.grants",
    "erasmusdesk.applications",
    "erasmusdesk.selection",
    "erasmusdesk.jeanmonnet",
    "erasmusdesk.advisor",
    "erasmusdesk.mundus",
    "erasmusdesk.cbhe",
    "erasmusdesk.mobility",
    "erasmusdesk.ewp",
    "erasmusdesk.reports",
    # Accounts: after erasmusdesk.accounts, whose templates override allauth's.
    "allauth",
    "allauth.account",
    "axes",
]

MIDDLEWARE = [
    # First: the request's id (X-Request-ID, in every log line), its metrics and log line.
    "erasmusdesk.core.requests.RequestMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise: static files need no policy. It never replaces a policy a view set.
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF, which reads the body: 413 for a declared length above the view's limit.
    "erasmusdesk.core.middleware.RequestBodyLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Answers to signed-in requests: Cache-Control private, no-store (core/middleware.py).
    "erasmusdesk.core.middleware.PrivateAnswersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Accounts: allauth's sign-in stages; axes last, so that it turns a lock-out into its page.
    "allauth.account.middleware.AccountMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "erasmusdesk.urls"
WSGI_APPLICATION = "erasmusdesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # CSP_NONCE for a template's own <script nonce="...">: see Security.
                "csp.context_processors.nonce",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'erasmusdesk.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A fresh installation with SECRET_KEY set has no data folder yet: SQLite needs it.
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers work while one writer commits; the timeout waits out short locks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Languages: the site in English, Russian and Kazakh; content editable per language.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian")), ("kk", _("Kazakh"))]
# The project's one catalogue per language first; then the Kazakh country names of the CLDR
# (core/country_names.py), which django-countries lacks.
# The project's catalogue first; then the CLDR's Kazakh country names and the Kazakh strings
# of Django's admin that Django's own catalogue lacks (core/django_kk).
LOCALE_PATHS = [
    PACKAGE_DIR / "locale",
    PACKAGE_DIR / "core" / "cldr",
    PACKAGE_DIR / "core" / "django_kk",
]
USE_I18N = True
# One way of writing dates and times per language (erasmusdesk/formats).
FORMAT_MODULE_PATH = ["erasmusdesk.formats"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)

# Instants are stored in UTC and shown in the institution's zone (UTC+5 since March 2024).
TIME_ZONE = env_str("ERASMUSDESK_TIME_ZONE", "Asia/Almaty")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env_path("ERASMUSDESK_STATIC_ROOT", DATA_DIR / "static")
MEDIA_ROOT = env_path("ERASMUSDESK_MEDIA_ROOT", DATA_DIR / "media")


def _file_storage() -> dict:
    """Uploaded files: the MEDIA_ROOT folder (never served directly: documents go out only
    through views that check access), or a private bucket of S3-compatible storage when
    ERASMUSDESK_S3_BUCKET is set (django-storages; `pip install 'erasmusdesk[s3]'`; keys
    from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY as boto3 reads them)."""
    bucket = env_str("ERASMUSDESK_S3_BUCKET")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": env_str("ERASMUSDESK_S3_ENDPOINT_URL") or None,
            "region_name": env_str("ERASMUSDESK_S3_REGION") or None,
            "location": env_str("ERASMUSDESK_S3_PREFIX", "erasmusdesk"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }


STORAGES = {
    "default": _file_storage(),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}


def _cache() -> dict:
    """The cache: each process's own memory by default; shared by every process and app
    server with ERASMUSDESK_CACHE=redis://host:6379/0 (``pip install '.[redis]'``) or
    ERASMUSDESK_CACHE=database (a table made by ``python -m erasmusdesk createcachetable``).

    What lives in it: the cached public pages (core/pagecache.py; a copy per process is only
    memory) and allauth's counters of sign-ups, password-reset and confirmation mails per
    address (per process unless shared). Sign-in throttling (axes) and the enquiry limit count
    in the database, so they hold across processes whatever the cache.
    """
    kind = env_str("ERASMUSDESK_CACHE", "locmem")
    if kind == "locmem":
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "erasmusdesk",
        }
    if kind == "database":
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "erasmusdesk_cache",
        }
    if kind.startswith(("redis://", "rediss://", "unix://")):
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": kind,
            "KEY_PREFIX": "erasmusdesk",
        }
    raise ImproperlyConfigured(
        f"ERASMUSDESK_CACHE must be locmem, database or a redis:// address, not {kind!r}"
    )


CACHES = {"default": _cache()}

# Public pages the same for every visitor are cached whole, keyed by a content version
# (core/pagecache.py); this only bounds how long an unused entry stays in memory.
ERASMUSDESK_PAGE_CACHE_SECONDS = env_int("ERASMUSDESK_PAGE_CACHE_SECONDS", 600)
ERASMUSDESK_PAGE_VERSION_SECONDS = env_int("ERASMUSDESK_PAGE_VERSION_SECONDS", 1)

# Uploaded documents: a file is refused once it passes its document's limit (set per call,
# at most this many megabytes), before the rest of the request is read. Files larger than
# FILE_UPLOAD_MAX_MEMORY_SIZE are spooled to a temporary file, never held whole in memory.
ERASMUSDESK_UPLOAD_MAX_MB = env_int("ERASMUSDESK_UPLOAD_MAX_MB", 50)
# Images of documents (applications/uploads.py): the most pixels one may have, read from its
# header before it is decoded, and how many are decoded at once per process (each decode of
# a 50-megapixel PNG holds up to 200 MB while it runs; JPEGs are decoded at 1/8 scale).
ERASMUSDESK_UPLOAD_MAX_PIXELS = env_int("ERASMUSDESK_UPLOAD_MAX_PIXELS", 50_000_000)
ERASMUSDESK_IMAGE_DECODES = env_int("ERASMUSDESK_IMAGE_DECODES", 2)
ERASMUSDESK_IMAGE_DECODE_WAIT_SECONDS = 30
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# The largest body a view takes unless it accepts uploads (core/middleware.py): no more than
# is kept in memory, so that only a signed-in sender's upload ever reaches a temporary file.
ERASMUSDESK_FORM_MAX_BYTES = FILE_UPLOAD_MAX_MEMORY_SIZE
FILE_UPLOAD_PERMISSIONS = 0o600
# The key that signs backups' manifests; empty: one derived from SECRET_KEY (core/backup).
ERASMUSDESK_BACKUP_KEY = env_str("ERASMUSDESK_BACKUP_KEY")

# Background tasks (django-tasks; core/tasks.py): "immediate" runs them in-process, right after
# the transaction commits (the embedded default); "database" queues them in a table of the
# site's database for ``python -m erasmusdesk worker`` (django-tasks-db); or a backend's class.
TASKS = {
    "default": {
        "BACKEND": task_backend_path(env_str("ERASMUSDESK_TASK_BACKEND", "immediate")),
    }
}
# A running agreement import that has not reported progress for this long is taken as
# interrupted (its process stopped) and resumed by a worker from the last committed rows.
ERASMUSDESK_IMPORT_STALE_SECONDS = env_int("ERASMUSDESK_IMPORT_STALE_SECONDS", 300)

# Mail: printed to the console until an SMTP host is configured.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_FILE_PATH = env_path("EMAIL_FILE_PATH", DATA_DIR / "mail")
# The site's address in mail (links to an application's page).
ERASMUSDESK_SITE_URL = env_str("ERASMUSDESK_SITE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "erasmus-desk@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# How many enquiries one address may send in an hour before it is asked to wait.
ERASMUSDESK_ENQUIRIES_PER_HOUR = env_int("ERASMUSDESK_ENQUIRIES_PER_HOUR", 5)

# --- Erasmus Without Paper ---------------------------------------------------------------
# Our node in the EWP network (erasmusdesk/ewp). Off while ERASMUSDESK_EWP_HEI_ID is empty:
# every /ewp/ address answers 404 and nothing is asked of the network, so
# that an installation works offline and nothing depends on EWP.
ERASMUSDESK_EWP_HEI_ID = env_str("ERASMUSDESK_EWP_HEI_ID").strip().lower()
# The registry's catalogue: a file path or a URL (EWP's is
# https://registry.erasmuswithoutpaper.eu/catalogue-v1.xml). Empty: no partner on EWP.
ERASMUSDESK_EWP_REGISTRY = env_str("ERASMUSDESK_EWP_REGISTRY")
ERASMUSDESK_EWP_REGISTRY_CACHE_SECONDS = env_int("ERASMUSDESK_EWP_REGISTRY_CACHE_SECONDS", 900)
# The public https address the manifest gives for our APIs (default: the site's address).
ERASMUSDESK_EWP_BASE_URL = env_str("ERASMUSDESK_EWP_BASE_URL", ERASMUSDESK_SITE_URL).rstrip("/")
# Our RSA key pair (2048 bits), generated once; `python -m erasmusdesk ewp_keys` prints it.
ERASMUSDESK_EWP_KEY_FILE = env_path("ERASMUSDESK_EWP_KEY_FILE", DATA_DIR / "ewp" / "key.pem")
ERASMUSDESK_EWP_ADMIN_EMAIL = env_str("ERASMUSDESK_EWP_ADMIN_EMAIL", DEFAULT_FROM_EMAIL)
# Days the communication log keeps an exchange (its XML may name students); ewp_sync prunes.
ERASMUSDESK_EWP_LOG_DAYS = env_int("ERASMUSDESK_EWP_LOG_DAYS", 180)

# --- Accounts -------------------------------------------------------------------------------
# Sign-up, sign-in, sign-out and password reset by e-mail (django-allauth, no social accounts);
# every page and mail is our own template and text (allauth ships no Kazakh). Passwords are
# hashed with Argon2; failed sign-ins are throttled per account and per address (django-axes).
AUTHENTICATION_BACKENDS = [
    # First: refuses any sign-in of a locked account or address, on our pages and the admin's.
    "erasmusdesk.accounts.throttling.ThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
# Each person lands on their own start page (core/home.py); one whom no panel concerns (an
# applicant) goes on to ERASMUSDESK_HOME_FALLBACK.
LOGIN_REDIRECT_URL = "home"
ERASMUSDESK_HOME_FALLBACK = "applications:mine"
ACCOUNT_ADAPTER = "erasmusdesk.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "erasmusdesk.accounts.forms.SignInForm",
    "signup": "erasmusdesk.accounts.forms.SignUpForm",
    "reset_password": "erasmusdesk.accounts.forms.PasswordResetForm",
    "reset_password_from_key": "erasmusdesk.accounts.forms.NewPasswordForm",
    "change_password": "erasmusdesk.accounts.forms.PasswordChangeForm",
    "set_password": "erasmusdesk.accounts.forms.PasswordSetForm",
    "add_email": "erasmusdesk.accounts.forms.EmailChangeForm",
    "reauthenticate": "erasmusdesk.accounts.forms.ReauthenticateForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
# One address per person; changing it needs the new address confirmed first.
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_REDIRECT_URL = "catalogue:home"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Erasmus Desk: "
# Failed sign-ins are counted by axes alone (below), so that one rule and one page apply.
# Successful sign-ins per address are limited only loosely: on a deadline day a whole campus
# signs in from behind one NAT address (allauth's default, 30 a minute, refused most of a
# 500-student rush from one address in bench/deadline_rush.py).
ACCOUNT_RATE_LIMITS = {
    "login_failed": False,
    "login": f"{env_int('ERASMUSDESK_SIGNINS_PER_MINUTE', 600)}/m/ip",
}
# Reverse proxies in front of the app servers whose X-Forwarded-For entry is trusted.
ERASMUSDESK_TRUSTED_PROXIES = env_int("ERASMUSDESK_TRUSTED_PROXIES", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = ERASMUSDESK_TRUSTED_PROXIES

PASSWORD_HASHERS = [
    # Argon2id with OWASP's parameters (accounts/hashers.py, where the source is named).
    "erasmusdesk.accounts.hashers.Argon2PasswordHasher",
    # Older hashes still verify, and are upgraded to Argon2 at the next sign-in.
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
ERASMUSDESK_ARGON2_MEMORY_KIB = env_int("ERASMUSDESK_ARGON2_MEMORY_KIB", 19456)
ERASMUSDESK_ARGON2_TIME_COST = env_int("ERASMUSDESK_ARGON2_TIME_COST", 2)
ERASMUSDESK_ARGON2_PARALLELISM = env_int("ERASMUSDESK_ARGON2_PARALLELISM", 1)
# Replaces Django's default list above: the same four rules, with our own translatable texts.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "erasmusdesk.accounts.validators.SimilarToAccountValidator"},
    {"NAME": "erasmusdesk.accounts.validators.LengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "erasmusdesk.accounts.validators.CommonPasswordValidator"},
    {"NAME": "erasmusdesk.accounts.validators.NumericPasswordValidator"},
    {"NAME": "erasmusdesk.accounts.validators.VarietyValidator", "OPTIONS": {"min_distinct": 5}},
]

AXES_ENABLED = True
AXES_HANDLER = "erasmusdesk.accounts.throttling.ThrottleHandler"
AXES_FAILURE_LIMIT = env_int("ERASMUSDESK_LOGIN_FAILURE_LIMIT", 5)
ERASMUSDESK_ADDRESS_FAILURE_LIMIT = env_int("ERASMUSDESK_LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("ERASMUSDESK_LOGIN_COOLOFF_MINUTES", 15))
# Two counters (accounts/throttling.py): one account from one address (AXES_FAILURE_LIMIT), so
# that nobody elsewhere can lock its owner out; one address for any account (the higher limit).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "erasmusdesk.accounts.throttling.account_key"
AXES_CLIENT_IP_CALLABLE = "erasmusdesk.accounts.throttling.client_address"
AXES_LOCKOUT_CALLABLE = "erasmusdesk.accounts.throttling.locked_out"
# No banner on every start; attempts and lockouts still go to the log.
AXES_VERBOSE = False
# --- end of Accounts ------------------------------------------------------------------------

# --- Security -------------------------------------------------------------------------------
# ERASMUSDESK_HTTPS=1 (above; every production deployment): the session and CSRF cookies go
# only over HTTPS, plain HTTP is redirected to HTTPS (except /healthz, for load balancers that
# probe an app server directly), and browsers are told to use HTTPS only (HSTS). Behind a
# proxy that ends TLS (ERASMUSDESK_TRUSTED_PROXIES >= 1), its X-Forwarded-Proto header says
# whether the visitor came over HTTPS; the proxy must set it, replacing any the client sent.
SESSION_COOKIE_SECURE = ERASMUSDESK_HTTPS
CSRF_COOKIE_SECURE = ERASMUSDESK_HTTPS
SECURE_SSL_REDIRECT = ERASMUSDESK_HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_HSTS_SECONDS = (
    env_int("ERASMUSDESK_HSTS_SECONDS", 365 * 24 * 3600) if ERASMUSDESK_HTTPS else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("ERASMUSDESK_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("ERASMUSDESK_HSTS_PRELOAD", True)
if ERASMUSDESK_HTTPS and ERASMUSDESK_TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# A sign-in lasts this long after the session last changed (and ends with the browser when
# "keep me signed in" is not ticked, or always with the variable below).
SESSION_COOKIE_AGE = env_int("ERASMUSDESK_SESSION_HOURS", 8) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("ERASMUSDESK_SESSION_EXPIRE_AT_BROWSER_CLOSE", False)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (django-csp 4): everything from our own origin, no inline script or
# style, no plugins, no framing by other sites. ``data:`` images are for the swagger-ui
# stylesheet of /api/v1/docs. A template that needs an inline script gives it
# nonce="{{ CSP_NONCE }}"; such a page must not be cached whole (core/pagecache.py), since the
# nonce changes with every response. A view that sets its own Content-Security-Policy keeps
# it (the document previews of applications/serving.py do).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "upgrade-insecure-requests": ERASMUSDESK_HTTPS,
    },
}
# --- end of Security ------------------------------------------------------------------------

# --- Operations -----------------------------------------------------------------------------
# /metrics (core/monitoring.py) answers only the monitoring server: a request with
# "Authorization: Bearer <token>", or one from these addresses. Neither set: closed to all.
ERASMUSDESK_METRICS_TOKEN = env_str("ERASMUSDESK_METRICS_TOKEN")
ERASMUSDESK_METRICS_ADDRESSES = env_list("ERASMUSDESK_METRICS_ADDRESSES", [])

# Log lines: JSON objects with the request id (core/logs.py), or plain text (the default with
# DEBUG, for a developer's console).
ERASMUSDESK_LOG_FORMAT = env_str("ERASMUSDESK_LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "erasmusdesk.core.requests.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "erasmusdesk.core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": ERASMUSDESK_LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # One line per request (method, path, view, status, duration, database time): off
        # unless ERASMUSDESK_REQUEST_LOG=1 (gunicorn's access log already has a line each).
        "erasmusdesk.request": {
            "level": "INFO" if env_bool("ERASMUSDESK_REQUEST_LOG", False) else "WARNING"
        },
        # fpdf2's font subsetting logs every glyph at INFO.
        "fontTools": {"level": "WARNING"},
    },
}
# --- end of Operations ----------------------------------------------------------------------
