"""Password hashing with argon2id (argon2-cffi defaults, RFC 9106 low-memory profile)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from alliancelens.errors import UsageError

__all__ = [
    "MIN_PASSWORD_LENGTH",
    "check_password_strength",
    "hash_password",
    "needs_rehash",
    "verify_password",
    "waste_verification",
]

#: Minimum length of a new password (NIST SP 800-63B §5.1.1.2 asks for at least 8).
MIN_PASSWORD_LENGTH = 12

_HASHER = PasswordHasher()  # argon2id; parameters travel inside each hash string


def check_password_strength(password: str) -> None:
    """Refuse passwords that are too short (the message never repeats the password)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UsageError(
            f"the password is too short: use at least {MIN_PASSWORD_LENGTH} characters "
            "(a passphrase of several words works well)"
        )


def hash_password(password: str) -> str:
    """An argon2id hash (``$argon2id$...``) with a fresh random salt."""
    return _HASHER.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``stored_hash``; a malformed hash never matches."""
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


_dummy_hash: list[str] = []  # made on first use: a hash nobody's password is checked against


def waste_verification(password: str) -> None:
    """Spend the time of one verification for an unknown user name.

    Without it a sign-in with an unknown name answers at once while a known name costs an
    argon2id verification, so the response time tells which user names exist (web security
    review, docs/web.md).
    """
    if not _dummy_hash:
        _dummy_hash.append(_HASHER.hash("unknown user: a password nobody has"))
    verify_password(_dummy_hash[0], password)


def needs_rehash(stored_hash: str) -> bool:
    """Whether a hash uses weaker parameters than the current ones."""
    return _HASHER.check_needs_rehash(stored_hash)
