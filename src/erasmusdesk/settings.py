"""Django settings for Erasmus Desk.

One module; every deployment knob is an environment variable, listed in the README's
Configuration section. The defaults run the embedded set-up: SQLite and uploaded files in the
data folder, mail printed to the console, nothing to install but Python.
"""

import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from erasmusdesk.env import env_bool, env_int, env_list, env_path, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent.parent
DATA_DIR = env_path("ERASMUSDESK_DATA_DIR", PROJECT_DIR / "data")

DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in the data folder.

    Several app servers must share the same key: set SECRET_KEY for them (see README).
    """
    key = env_str("SECRET_KEY")
    if key:
        return key
    key_file = DATA_DIR / "secret.key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
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
    "erasmusdesk.core",
    "erasmusdesk.accounts",
    "erasmusdesk.institutions",
    "erasmusdesk.catalogue",
    "erasmusdesk.calls",
    "erasmusdesk.grants",
    "erasmusdesk.applications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
    # WAL lets readers work while one writer commits; the timeout waits out short locks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: the site in English, Russian and Kazakh; content editable per language.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian")), ("kk", _("Kazakh"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)

# Instants are stored in UTC and shown in the institution's zone (UTC+5 since March 2024).
TIME_ZONE = env_str("ERASMUSDESK_TIME_ZONE", "Asia/Almaty")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env_path("ERASMUSDESK_STATIC_ROOT", DATA_DIR / "static")
MEDIA_ROOT = env_path("ERASMUSDESK_MEDIA_ROOT", DATA_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "erasmusdesk",
    }
}

# Public pages the same for every visitor are cached whole, keyed by a content version
# (core/pagecache.py); this only bounds how long an unused entry stays in memory.
ERASMUSDESK_PAGE_CACHE_SECONDS = env_int("ERASMUSDESK_PAGE_CACHE_SECONDS", 600)
ERASMUSDESK_PAGE_VERSION_SECONDS = env_int("ERASMUSDESK_PAGE_VERSION_SECONDS", 1)

# Uploaded documents: a file is refused once it passes its document's limit (set per call,
# at most this many megabytes), before the rest of the request is read. Files larger than
# FILE_UPLOAD_MAX_MEMORY_SIZE are spooled to a temporary file, never held whole in memory.
ERASMUSDESK_UPLOAD_MAX_MB = env_int("ERASMUSDESK_UPLOAD_MAX_MB", 50)
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o600

# Background tasks (django-tasks): run in-process, right after the transaction commits, unless
# a queue backend is configured.
TASKS = {
    "default": {
        "BACKEND": env_str("ERASMUSDESK_TASK_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
    }
}

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
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "erasmus-desk@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# How many enquiries one address may send in an hour before it is asked to wait.
ERASMUSDESK_ENQUIRIES_PER_HOUR = env_int("ERASMUSDESK_ENQUIRIES_PER_HOUR", 5)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # fpdf2's font subsetting logs every glyph at INFO.
        "fontTools": {"level": "WARNING"},
    },
}
