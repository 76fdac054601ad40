"""Kinerja settings: one module, configured from the environment (12-factor).

Every value has a safe embedded default (SQLite in ./var, no external services), so
`scripts/start` works on a bare machine; production sets DATABASE_URL, SECRET_KEY etc.
Secrets may also come from files: SECRET_KEY_FILE=/run/secrets/key.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("KINERJA_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

env = environ.FileAwareEnv(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost", "testserver"]),
)


def _secret_key() -> str:
    """SECRET_KEY from env/file; otherwise one generated once and kept in var/."""
    key = env.str("SECRET_KEY", default="")
    if key:
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        from django.core.management.utils import get_random_secret_key

        path.write_text(get_random_secret_key())
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env("DEBUG")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "kinerja.core.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",  # serves its own Swagger UI files for /api/v1/docs (no CDN)
    "django_tasks",
    "huey.contrib.djhuey",
    "kinerja.core",
    "kinerja.org",
    "kinerja.accounts",
    "kinerja.perencanaan",
    "kinerja.pelaksanaan",
    "kinerja.penilaian",
    "kinerja.tindaklanjut.dokumen",
    "kinerja.tindaklanjut.angkakredit",
    "kinerja.tindaklanjut.tpp",
    "kinerja.tindaklanjut.laporan",
    "kinerja.api",
    "kinerja.integrasi",
    "kinerja.integrasi.siasn",
    "kinerja.integrasi.ruanggtk",
    "kinerja.integrasi.ekinerjabkn",
    "kinerja.notifikasi",
    "kinerja.pendaftaran",
    "kinerja.bantuan",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kinerja.accounts.middleware.PasswordChangeRequiredMiddleware",
    "kinerja.accounts.middleware.InstansiTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "kinerja.urls"
WSGI_APPLICATION = "kinerja.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'kinerja.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + IMMEDIATE transactions: readers never block the writer, writers queue politely.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Persistent connections on both: opening one costs a few ms per request (on SQLite the two
# PRAGMAs, on PostgreSQL the TCP and auth round trips), a fifth of an API page.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# Covering indexes (INCLUDE) serve PostgreSQL; SQLite builds them without the extra columns,
# which is what we want there, not something to warn about at every start.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["kinerja.accounts.backends.NipBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Lockout after repeated failed logins (per account).
LOGIN_MAX_FAILURES = env.int("LOGIN_MAX_FAILURES", default=5)
LOGIN_LOCKOUT_MINUTES = env.int("LOGIN_LOCKOUT_MINUTES", default=15)
# One-time "atur kata sandi" links (a newly approved Admin Instansi) expire after 3 days.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise expects it even before collectstatic
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))


def default_storage_from_env(env: environ.Env) -> dict[str, object]:
    """Uploaded files (bukti dukung, lampiran): local disk (MEDIA_ROOT) unless
    STORAGE_BACKEND=s3, then an S3-compatible bucket (AWS, MinIO, Ceph …). Objects stay private:
    no ACL is granted and no URL is handed out; views stream them after checking access."""
    backend = env.str("STORAGE_BACKEND", default="local").strip().lower()
    if backend in ("", "local"):
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if backend != "s3":
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"STORAGE_BACKEND={backend}: pilih local atau s3.")

    def value(name: str) -> str | None:
        # Secret files usually end with a newline: never part of the value.
        return env.str(name, default="").strip() or None

    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("S3_BUCKET").strip(),
            "endpoint_url": value("S3_ENDPOINT_URL"),
            "access_key": value("S3_ACCESS_KEY"),
            "secret_key": value("S3_SECRET_KEY"),
            "region_name": value("S3_REGION"),
            "addressing_style": value("S3_ADDRESSING_STYLE"),
            "location": value("S3_PREFIX") or "",
            "default_acl": None,  # private: the bucket's default, never public-read
            "querystring_auth": True,  # should a URL ever be built, it is signed and short
            "querystring_expire": 300,
            "file_overwrite": False,
        },
    }


STORAGES = {
    "default": default_storage_from_env(env),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Lists count at most this many rows ("lebih dari 1.000 data"); see core/pagination.py.
LIST_COUNT_CAP = env.int("LIST_COUNT_CAP", default=1000)

# Imports: files above this size are refused before parsing.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=50 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Bukti dukung and other uploads: files above this size are refused (bytes).
BERKAS_MAX_BYTES = env.int("BERKAS_MAX_BYTES", default=10 * 1024 * 1024)

# Signed documents (ADR 0006). The PDFs' QR codes and short links point at KINERJA_SITE_URL.
# KINERJA_SIGNER: "local" (a certificate authority generated in KINERJA_PKI_DIR on first use:
# the embedded default and tests), "pkcs11" (a token; KINERJA_PKCS11_* variables) or the dotted
# path of a Signer class (a BSrE/PSrE remote-signing adapter). KINERJA_TRUST_ROOTS: PEM files
# of the roots the verification page trusts besides the local CA.
KINERJA_SITE_URL = env.str("KINERJA_SITE_URL", default="http://127.0.0.1:8000")
KINERJA_SIGNER = env.str("KINERJA_SIGNER", default="local")
KINERJA_PKI_DIR = env.str("KINERJA_PKI_DIR", default=str(VAR_DIR / "pki"))
KINERJA_TRUST_ROOTS = env.list("KINERJA_TRUST_ROOTS", default=[])

# Login with SSO (OpenID Connect, authorization code + PKCE; ADR 0007). Off unless
# OIDC_RP_CLIENT_ID is set. OIDC_OP_ISSUER is the provider's issuer, e.g. a Keycloak realm
# "https://sso.example.go.id/realms/public-siasn"; the endpoints default to Keycloak's paths
# under it and can each be set. OIDC_NIP_CLAIM names the claim holding the NIP.
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET", default="")
OIDC_OP_ISSUER = env.str("OIDC_OP_ISSUER", default="").rstrip("/")
_oidc = f"{OIDC_OP_ISSUER}/protocol/openid-connect"
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT", default=f"{_oidc}/auth")
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT", default=f"{_oidc}/token")
OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT", default=f"{_oidc}/userinfo")
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", default=f"{_oidc}/certs")
OIDC_OP_LOGOUT_ENDPOINT = env.str("OIDC_OP_LOGOUT_ENDPOINT", default=f"{_oidc}/logout")
OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = env.str("OIDC_RP_SCOPES", default="openid profile")
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False  # only pegawai already known here may log in
OIDC_NIP_CLAIM = env.str("OIDC_NIP_CLAIM", default="nip")
OIDC_LABEL = env.str("OIDC_LABEL", default="Masuk dengan SSO ASN")
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc:callback"
LOGIN_REDIRECT_URL_FAILURE = "/akun/masuk/"
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("kinerja.accounts.oidc.NipOidcBackend")

# SIASN (BKN). Credentials belong to an instansi: KINERJA_SIASN_KREDENSIAL_FILE is a JSON file
# {instansi kode: {consumer_key, consumer_secret, username, password}} kept outside the repo.
KINERJA_SIASN_URL = env.str("KINERJA_SIASN_URL", default="").rstrip("/")  # …/apisiasn/1.0
KINERJA_SIASN_TOKEN_URL = env.str("KINERJA_SIASN_TOKEN_URL", default="")  # gateway oauth2
KINERJA_SIASN_SSO_URL = env.str("KINERJA_SIASN_SSO_URL", default="")  # Keycloak token URL
KINERJA_SIASN_KREDENSIAL_FILE = env.str("KINERJA_SIASN_KREDENSIAL_FILE", default="")
# (connect, read) seconds for every call to an external system.
KINERJA_HTTP_TIMEOUT = (
    env.float("KINERJA_HTTP_CONNECT_TIMEOUT", default=5.0),
    env.float("KINERJA_HTTP_READ_TIMEOUT", default=30.0),
)

# Ruang GTK feed (teachers' SKP and results); a file upload works without it.
KINERJA_RUANGGTK_URL = env.str("KINERJA_RUANGGTK_URL", default="").rstrip("/")
KINERJA_RUANGGTK_TOKEN = env.str("KINERJA_RUANGGTK_TOKEN", default="")

# Background work (ADR 0008): the Django Tasks API, executed by Huey. Embedded: a SQLite
# queue in var/ (its own file, so the queue never blocks the web's writes) and one
# `manage.py run_huey` started by scripts/start. Production: REDIS_URL, several consumers.
REDIS_URL = env.str("REDIS_URL", default="")
HUEY = {
    # Expire: the Django Tasks backend keeps a result record per task; Redis drops it after
    # a week (users follow their job on our own Pekerjaan row, not on that record).
    "huey_class": "huey.PriorityRedisExpireHuey" if REDIS_URL else "huey.SqliteHuey",
    "name": env.str("KINERJA_HUEY_NAME", default="kinerja"),
    "immediate": env.bool("KINERJA_HUEY_IMMEDIATE", default=False),  # not DEBUG's default
    "utc": True,
    "connection": (
        {"url": REDIS_URL, "expire_time": 7 * 86400}
        if REDIS_URL
        else {"filename": str(VAR_DIR / "huey.sqlite3")}
    ),
    "consumer": {"workers": 2, "worker_type": "thread", "max_delay": 1.0},
}
TASKS = {
    "default": {
        "BACKEND": "huey.contrib.djhuey.tasks_backend.HueyBackend",
        "ENQUEUE_ON_COMMIT": True,  # the worker sees a row only after its writer commits
    }
}
if REDIS_URL:  # one cache for every machine (SIASN tokens, pemantauan snapshots, scheduler)
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env.str("CACHE_URL", default=REDIS_URL),
        }
    }
# Long jobs (exports, imports, recaps): "tasks" puts them on the worker above, "immediate"
# runs them inline (tests, management commands), "thread" in the web process (deprecated).
KINERJA_JOBS = env.str("KINERJA_JOBS", default="tasks")
KINERJA_IMPOR_LATAR = env.int("KINERJA_IMPOR_LATAR", default=2000)  # rows: apply as a job

# E-mail: EMAIL_URL such as smtp+tls://user:password@smtp.example.go.id:587; the embedded
# default prints each message on the worker's console.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="e-Kinerja <no-reply@localhost>")
KINERJA_EMAIL_PER_MENIT = env.int("KINERJA_EMAIL_PER_MENIT", default=600)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint reports every font and step at INFO.
    "loggers": {
        "weasyprint.progress": {"level": "WARNING"},
        # run_huey adds its own handler to "huey": without this every line is printed twice.
        "huey": {"propagate": False},
    },
}
