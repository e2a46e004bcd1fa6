"""argon2id password hashing."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from alliancelens.errors import UsageError
from alliancelens.security.passwords import (
    check_password_strength,
    hash_password,
    needs_rehash,
    verify_password,
)

PASSWORD = "correct horse battery staple"  # noqa: S105 - a test password


def test_hash_is_argon2id_and_salted() -> None:
    """Hashes are argon2id and differ for the same password (random salt)."""
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first.startswith("$argon2id$")
    assert first != second
    assert PASSWORD not in first


@pytest.mark.parametrize(
    ("attempt", "expected"),
    [(PASSWORD, True), ("correct horse battery stapler", False), ("", False)],
)
def test_verify(attempt: str, expected: bool) -> None:
    """Only the right password verifies."""
    assert verify_password(hash_password(PASSWORD), attempt) is expected


def test_malformed_hash_never_verifies() -> None:
    """A corrupted stored hash is a mismatch, not a crash."""
    assert verify_password("not-a-hash", PASSWORD) is False


def test_weaker_parameters_need_rehash() -> None:
    """A hash made with weaker parameters is flagged for rehashing; a current one is not."""
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    assert needs_rehash(weak) is True
    assert needs_rehash(hash_password(PASSWORD)) is False


def test_short_password_refused_without_echo() -> None:
    """Short passwords are refused and the message does not repeat the password."""
    with pytest.raises(UsageError, match="at least 12") as caught:
        check_password_strength("hunter2")
    assert "hunter2" not in str(caught.value)
