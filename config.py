"""Allianz configuration: one `Config` read from the environment (and `.env`), and `TestConfig`.

No `NEO4J_URI` means: use the local Neo4j that the project manages (`allianz db start`).
"""
import json
import os
from pathlib import Path

from dotenv import load_dotenv

from allianz.localdb import default_heap

ROOT = Path(__file__).resolve().parent
load_dotenv(ROOT / ".env")

DEV_SECRET_KEY = "dev-only-not-a-secret"


def env(name, default=None):
    """Return the environment variable `name`, or `default` when it is unset or empty."""
    value = os.environ.get(name, "")
    return value if value.strip() else default


def env_float(name, default):
    """Return the environment variable `name` as a float."""
    return float(env(name, default))


class Config:
    """Settings for a local run; production overrides them through the environment."""

    ENV = env("ALLIANZ_ENV", "development")  # development | production
    SECRET_KEY = env("SECRET_KEY", DEV_SECRET_KEY)

    # The graph. No NEO4J_URI: the app uses the local server under .allianz/.
    NEO4J_URI = env("NEO4J_URI")
    NEO4J_USER = env("NEO4J_USER", "neo4j")
    NEO4J_PASSWORD = env("NEO4J_PASSWORD", "")
    NEO4J_DATABASE = env("NEO4J_DATABASE", "neo4j")
    # Short timeouts, so that an outage becomes a 503 within seconds (measured: about 2.7 s).
    NEO4J_CONNECTION_TIMEOUT = env_float("NEO4J_CONNECTION_TIMEOUT", 2.0)
    NEO4J_ACQUISITION_TIMEOUT = env_float("NEO4J_ACQUISITION_TIMEOUT", 3.0)
    NEO4J_MAX_RETRY_TIME = env_float("NEO4J_MAX_RETRY_TIME", 2.0)
    NEO4J_MAX_POOL_SIZE = int(env("NEO4J_MAX_POOL_SIZE", 100))  # connections per process (the driver's default)

    # The local Neo4j the project manages (used only when NEO4J_URI is unset).
    LOCAL_NEO4J_ROOT = Path(env("ALLIANZ_LOCAL_NEO4J_ROOT", ROOT / ".allianz" / "neo4j"))
    LOCAL_NEO4J_INSTANCE = env("ALLIANZ_LOCAL_NEO4J_INSTANCE", "dev")
    LOCAL_NEO4J_BOLT_PORT = int(env("ALLIANZ_LOCAL_NEO4J_BOLT_PORT", 7687))
    LOCAL_NEO4J_HTTP_PORT = int(env("ALLIANZ_LOCAL_NEO4J_HTTP_PORT", 7474))
    LOCAL_NEO4J_HEAP = env("ALLIANZ_LOCAL_NEO4J_HEAP", default_heap())  # 1/8 of the machine's memory, 1-4 GB
    LOCAL_NEO4J_PAGECACHE = env("ALLIANZ_LOCAL_NEO4J_PAGECACHE", "512m")

    CYPHER_DIR = ROOT / "cypher"

    LANGUAGES = ("de", "en")
    BABEL_DEFAULT_LOCALE = "de"
    BABEL_DEFAULT_TIMEZONE = "Europe/Berlin"
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "allianz" / "translations")

    WTF_CSRF_ENABLED = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = env("SESSION_COOKIE_SECURE", "1") != "0"  # 0 only for plain-HTTP local runs

    # Accounts (allianz/accounts): sessions, remember-me, log-in throttling, invitations, mail.
    SESSION_IDLE_MINUTES = env_float("ALLIANZ_SESSION_IDLE_MINUTES", 30)
    SESSION_LIFETIME_HOURS = env_float("ALLIANZ_SESSION_LIFETIME_HOURS", 12)
    REMEMBER_COOKIE_DAYS = env_float("ALLIANZ_REMEMBER_DAYS", 14)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    INVITATION_DAYS = env_float("ALLIANZ_INVITATION_DAYS", 7)
    PASSWORD_RESET_MINUTES = env_float("ALLIANZ_PASSWORD_RESET_MINUTES", 60)
    LOGIN_ACCOUNT_FAILURES = int(env("ALLIANZ_LOGIN_ACCOUNT_FAILURES", 5))  # then a growing lock
    LOGIN_ADDRESS_FAILURES = int(env("ALLIANZ_LOGIN_ADDRESS_FAILURES", 20))
    # A browser that logged in keeps a signed device cookie this long: its attempts count only for itself
    # (allianz/accounts/devices.py), so the locks above never hit the account's owner.
    DEVICE_COOKIE_DAYS = env_float("ALLIANZ_DEVICE_COOKIE_DAYS", 365)
    # Retention (allianz/privacy, `allianz privacy purge`): deactivated accounts are deleted after this many
    # months, log-in records (failed attempts) after this many days.
    PRIVACY_DEACTIVATED_MONTHS = int(env("ALLIANZ_PRIVACY_DEACTIVATED_MONTHS", 12))
    PRIVACY_LOGIN_RECORD_DAYS = int(env("ALLIANZ_PRIVACY_LOGIN_RECORD_DAYS", 90))
    # The site's own address: every absolute link in mail is built from it, never from a request's Host.
    # Required in production (the app refuses to start without it); requests for other hosts get 400.
    BASE_URL = env("ALLIANZ_BASE_URL", None if ENV == "production" else "http://127.0.0.1:5000")
    TRUSTED_HOSTS = [h.strip() for h in env("ALLIANZ_TRUSTED_HOSTS", "").split(",") if h.strip()] or None
    MAIL_SERVER = env("MAIL_SERVER")  # unset: mail is written to the log and shown to the coordinator
    MAIL_PORT = int(env("MAIL_PORT", 587))
    MAIL_USE_TLS = env("MAIL_USE_TLS", "0") == "1"  # implicit TLS (usually port 465)
    MAIL_USE_STARTTLS = env("MAIL_USE_STARTTLS", "1") == "1"  # STARTTLS (usually port 587)
    MAIL_USERNAME = env("MAIL_USERNAME")
    MAIL_PASSWORD = env("MAIL_PASSWORD")
    MAIL_FROM = env("MAIL_FROM", "allianz@localhost")
    MAIL_TLS_CA_FILE = env("MAIL_TLS_CA_FILE")  # a private CA for the mail server's certificate (else the system's)
    MAIL_TIMEOUT = env_float("MAIL_TIMEOUT", 10)
    # Mail is sent by a background thread (allianz/outbox.py): tries per mail, the first wait between them
    # (doubled each time), and the file that records mails given up (one JSON line each, never the body).
    MAIL_ATTEMPTS = int(env("ALLIANZ_MAIL_ATTEMPTS", 3))
    MAIL_RETRY_SECONDS = env_float("ALLIANZ_MAIL_RETRY_SECONDS", 5)
    # Notification mails wait this long after the write that caused them, so that a burst of writes (a lively
    # discussion) gives one pass and one mail per person, not one each (0: at once).
    MAIL_BATCH_SECONDS = env_float("ALLIANZ_MAIL_BATCH_SECONDS", 3)
    MAIL_DEAD_LETTER_FILE = env("ALLIANZ_MAIL_DEAD_LETTER_FILE", str(ROOT / ".allianz" / "mail" / "dead-letters.jsonl"))
    PAGE_SIZE = int(env("ALLIANZ_PAGE_SIZE", 50))
    IMPORT_BATCH_SIZE = int(env("ALLIANZ_IMPORT_BATCH_SIZE", 5000))

    # Bounds on what a request may cost (docs/operations.md): body size, JSON body size, rate limits.
    MAX_CONTENT_LENGTH = int(env("ALLIANZ_MAX_CONTENT_LENGTH", 1024 * 1024))
    API_MAX_BODY = int(env("ALLIANZ_API_MAX_BODY", 256 * 1024))
    NETWORK_MAX_JOBS = int(env("ALLIANZ_NETWORK_MAX_JOBS", 2))  # background jobs at once per worker (allianz/jobs.py)
    # The job process (allianz/jobs.py): its nice value (0 is a request's, 19 the lowest priority; 0 switches it
    # off) and the seconds without work after which it ends.
    JOB_NICE = int(env("ALLIANZ_JOB_NICE", 19))
    JOB_IDLE_EXIT = env_float("ALLIANZ_JOB_IDLE_EXIT", 60)
    # Several workers and hosts (docs/operations.md): ONE Redis for the shared results, the rate-limit counters and
    # the job queue (RQ); unset, results are shared through a folder of this machine and jobs run in each worker's
    # job process.
    REDIS_URL = env("ALLIANZ_REDIS_URL")
    SHARED_CACHE_DIR = env("ALLIANZ_SHARED_CACHE_DIR", str(ROOT / ".allianz" / "cache"))
    RATELIMIT_ENABLED = env("ALLIANZ_RATELIMIT", "on") != "off"
    RATELIMIT_STORAGE_URI = env("ALLIANZ_RATELIMIT_STORAGE_URI", REDIS_URL or "memory://")
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True  # a shared store that is down: count per worker meanwhile
    # What the computing pages (pictures, analytics, matching) may be asked by all clients together.
    RATELIMIT_EXPENSIVE_ALL = env("ALLIANZ_RATELIMIT_EXPENSIVE_ALL", "600/minute")
    # The JSON API (docs/api.md): per token (per address without one), and per address for all tokens together.
    API_RATELIMIT_PER_TOKEN = env("ALLIANZ_API_RATELIMIT_PER_TOKEN", "300/minute;20/second")
    API_RATELIMIT_PER_ADDRESS = env("ALLIANZ_API_RATELIMIT_PER_ADDRESS", "600/minute;30/second")
    PROXY_COUNT = int(env("ALLIANZ_PROXY_COUNT", 0))  # trusted reverse proxies in front (X-Forwarded-For)

    # The network pictures (docs/network.md): from this many partners on a new revision is worked on in the background.
    NETWORK_BACKGROUND_FROM = int(env("ALLIANZ_NETWORK_BACKGROUND_FROM", 2000))
    # The matcher (docs/matching.md): from this many partners on a new revision's index is built in the background;
    # the reference day for recency (ISO date; unset: today); weights overriding single entries of
    # `model.DEFAULT_WEIGHTS` (JSON object); the alliance-wide weight of "prefer new bridges" (unset: the model's).
    MATCHING_BACKGROUND_FROM = int(env("ALLIANZ_MATCHING_BACKGROUND_FROM", 2000))
    MATCHING_ASOF = env("ALLIANZ_MATCHING_ASOF")
    MATCHING_WEIGHTS = json.loads(env("ALLIANZ_MATCHING_WEIGHTS", "{}"))
    MATCHING_PREFER_NEW_BRIDGES = env("ALLIANZ_MATCHING_PREFER_NEW_BRIDGES")

    # Open data (docs/open-data.md): the licence of every file (a key of `allianz.opendata.licences.LICENCES`, the
    # DCAT-AP.de licence list: dl-by-de/2.0, dl-zero-de/2.0, cc-by/4.0, cc-by-sa/4.0, cc-zero), who publishes
    # them (the catalogue's dct:publisher and the attribution), and the DCAT-AP.de identifiers a city's portal
    # harvests them by: the political geocoding (the city's Regionalschlüssel URI) and the contributor id.
    OPEN_DATA_LICENSE = env("ALLIANZ_OPEN_DATA_LICENSE", "dl-by-de/2.0")
    OPEN_DATA_PUBLISHER = env("ALLIANZ_OPEN_DATA_PUBLISHER", "Allianz Smart City Musterstadt")
    OPEN_DATA_PUBLISHER_URL = env("ALLIANZ_OPEN_DATA_PUBLISHER_URL")  # the publisher's own address (else the site's)
    OPEN_DATA_GEOCODING_URI = env("ALLIANZ_OPEN_DATA_GEOCODING_URI",
                                  "http://dcat-ap.de/def/politicalGeocoding/regionalKey/000000000000")
    # the level of that geocoding: municipality, municipalAssociation, district, governmentDistrict, state, federal
    OPEN_DATA_GEOCODING_LEVEL = env("ALLIANZ_OPEN_DATA_GEOCODING_LEVEL", "municipality")
    OPEN_DATA_CONTRIBUTOR_ID = env("ALLIANZ_OPEN_DATA_CONTRIBUTOR_ID", "http://dcat-ap.de/def/contributors/musterstadt")
    OPEN_DATA_ISSUED = env("ALLIANZ_OPEN_DATA_ISSUED", "2026-01-01")  # when the open data were first published
    # From this many partners on the files of a new revision are built in the background (allianz/opendata/service.py):
    # meanwhile the files of the revision before are served. Default: the network's threshold.
    OPEN_DATA_BACKGROUND_FROM = int(env("ALLIANZ_OPEN_DATA_BACKGROUND_FROM", NETWORK_BACKGROUND_FROM))


class TestConfig(Config):
    """Settings for the test suite: its own local Neo4j on other ports, so tests never touch dev data."""

    TESTING = True
    ENV = "testing"
    SECRET_KEY = "test-secret"
    WTF_CSRF_ENABLED = True
    SESSION_COOKIE_SECURE = False  # the test client speaks plain HTTP
    REMEMBER_COOKIE_SECURE = False
    MAIL_SERVER = None
    MAIL_RETRY_SECONDS = 0.05  # the outbox's retries without the production waits
    MAIL_BATCH_SECONDS = 0  # notification mails at once (tests of the batching window set their own)
    MAIL_DEAD_LETTER_FILE = None  # tests that check the dead-letter log set their own file
    BASE_URL = "http://localhost"
    ARGON2_MEMORY_KIB, ARGON2_TIME_COST, ARGON2_PARALLELISM = 8192, 1, 1  # still argon2id, cheaper
    RATELIMIT_ENABLED = False  # tests of the limits switch them on
    LOCAL_NEO4J_INSTANCE = env("ALLIANZ_TEST_NEO4J_INSTANCE", "test")
    LOCAL_NEO4J_BOLT_PORT = int(env("ALLIANZ_TEST_NEO4J_BOLT_PORT", 7688))
    LOCAL_NEO4J_HTTP_PORT = int(env("ALLIANZ_TEST_NEO4J_HTTP_PORT", 7475))
    LOCAL_NEO4J_HEAP = "768m"
    LOCAL_NEO4J_PAGECACHE = "256m"
