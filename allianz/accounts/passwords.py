"""Passwords: the policy (length, not a common password) and argon2id hashing (argon2-cffi).

The common passwords are the 10,000 most frequent ones of the list that the `zxcvbn` package ships
(read from the installed package, never fetched) and the 10,000 most frequent German ones, shipped
beside this module (`common-passwords-de.txt`, from SecLists, MIT licence: see docs/accounts.md). A
common password with a trivial run of digits appended ("schatz" + "123456") counts as common too.
"""
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l

MIN_LENGTH = 12
MAX_LENGTH = 128  # long pass phrases are welcome; the cap only bounds the hashing work
COMMON_COUNT = 10_000
GERMAN_LIST = Path(__file__).with_name("common-passwords-de.txt")
TRIVIAL_DIGITS = ("01234567890", "9876543210")  # a run of these (or one digit repeated) adds no strength

# argon2id with the RFC 9106 low-memory profile (64 MiB, 3 passes, 4 lanes) unless configured
# otherwise (ARGON2_MEMORY_KIB, ARGON2_TIME_COST, ARGON2_PARALLELISM; the tests use a lighter one).
DEFAULTS = {"ARGON2_MEMORY_KIB": 65536, "ARGON2_TIME_COST": 3, "ARGON2_PARALLELISM": 4}


@lru_cache(maxsize=4)
def make_hasher(memory_kib, time_cost, parallelism):
    """An argon2id hasher with these costs, and the hash of a password nobody has (for unknown e-mails)."""
    hasher = PasswordHasher(memory_cost=memory_kib, time_cost=time_cost, parallelism=parallelism)
    return hasher, hasher.hash("not-a-password-of-anyone")


def hasher():
    """The configured argon2id hasher and its dummy hash."""
    config = current_app.config if has_app_context() else {}
    return make_hasher(*(int(config.get(key, default)) for key, default in DEFAULTS.items()))


@lru_cache(maxsize=1)
def common_passwords():
    """The common passwords (lower-case): the first 10,000 of zxcvbn's frequency list and of the German list."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS
    german = GERMAN_LIST.read_text(encoding="utf-8").splitlines()[:COMMON_COUNT]
    return frozenset(word.lower() for word in FREQUENCY_LISTS["passwords"][:COMMON_COUNT] + german if word)


def is_common(password):
    """True for a common password, also with a trivial run of digits (and "!" or ".") appended."""
    lowered, common = password.lower(), common_passwords()
    if lowered in common:
        return True
    for cut in range(4, len(lowered)):
        digits = lowered[cut:].rstrip("!.")
        if digits.isdigit() and (any(digits in run for run in TRIVIAL_DIGITS) or len(set(digits)) == 1) \
                and lowered[:cut] in common:
            return True
    return False


def password_problem(password):
    """Why `password` is refused (a translatable message), or None when it is fine."""
    if len(password) < MIN_LENGTH:
        return _l("Das Passwort braucht mindestens %(count)s Zeichen.", count=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _l("Das Passwort darf höchstens %(count)s Zeichen lang sein.", count=MAX_LENGTH)
    if is_common(password) or len(set(password)) == 1:
        return _l("Dieses Passwort ist zu verbreitet und leicht zu erraten. Bitte wählen Sie ein anderes.")
    return None


def hash_password(password):
    """The argon2id hash of `password`."""
    return hasher()[0].hash(password)


def verify_password(password_hash, password):
    """True when `password` matches `password_hash`; with no hash, spend the same time and say False."""
    argon2, dummy = hasher()
    if not password_hash:
        password_hash, password = dummy, password + "\x00"
    try:
        return argon2.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
