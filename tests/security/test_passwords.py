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


@pytest.mark.parametrize(
    ("password", "username", "rule"),
    [
        ("\t" * 6 + " " * 8, "night-nurse", "only white space"),
        ("zzzzzzzzzzzzzz", "night-nurse", "fewer than 4 different characters"),
        ("xyxyxyxyxyxyxy", "night-nurse", "fewer than 4 different characters"),
        ("night-nurse", "night-nurse", "too short"),
        ("Night-Nurse-2031", "night-nurse", "contains the user name"),
        ("my name is night-nurse ok", "night-nurse", "contains the user name"),
        ("0987654321098", "night-nurse", "keyboard, alphabet or digit sequence"),
        ("QWERTYUIOPASD", "night-nurse", "keyboard, alphabet or digit sequence"),
        ("Sunshine!!2031", "night-nurse", "well-known password"),
        ("2031letmein??", "night-nurse", "well-known password"),
        ("alliancelens99", "night-nurse", "well-known password"),
        ("Dr@g0n-1999!!", "night-nurse", "well-known password"),
        ("$ecr3t!2030?", "night-nurse", "well-known password"),
        ("##W3lc0m3##2030", "night-nurse", "well-known password"),
        ("4dm1n1strat0r77", "night-nurse", "well-known password"),
        ("letmeinletmein", "night-nurse", "made only of well-known passwords"),
        ("Dragon.Dragon.Dragon", "night-nurse", "made only of well-known passwords"),
        ("s3cr3ts3cr3t2030", "night-nurse", "made only of well-known passwords"),
        ("autumn 4 winter 4 spring", "night-nurse", "made only of well-known passwords"),
        ("clinic_therapy_1", "night-nurse", "made only of well-known passwords"),
        ("kq7!kq7!kq7!kq7!", "night-nurse", "repeats a piece shorter than 12"),
        ("!!mossfern-mossfern", "night-nurse", "repeats a piece shorter than 12"),
    ],
)
def test_weak_password_refused_naming_the_rule(password: str, username: str, rule: str) -> None:
    """A weak password is refused in one line naming the rule, without repeating it."""
    with pytest.raises(UsageError, match=rule) as caught:
        check_password_strength(password, username=username)
    message = str(caught.value)
    assert password not in message and "\n" not in message


@pytest.mark.parametrize(
    ("password", "rule"),
    [
        ("letmeinletmein", "made only of well-known passwords"),
        ("kq7!kq7!kq7!kq7!", "repeats a piece shorter than 12"),
    ],
)
def test_repetition_refusals_say_what_to_do(password: str, rule: str) -> None:
    """The refusal of a repeated or joined weak password ends with what to use instead."""
    with pytest.raises(UsageError, match=rule) as caught:
        check_password_strength(password, username="night-nurse")
    assert "passphrase of several unrelated words" in str(caught.value)


@pytest.mark.parametrize(
    ("password", "username"),
    [
        ("lantern orchard pebble river", "night-nurse"),
        ("Tq8-vexing-marmot", "night-nurse"),
        ("sunshine over the fells", "night-nurse"),
        ("a long enough passphrase", "ab"),
        ("r0bin-k3ttle-4pril", "night-nurse"),
        ("Gr4nite$tep-over", "night-nurse"),
        ("kettle-summer-quarry", "night-nurse"),
        ("hedgehog lantern hedgehog", "night-nurse"),
        ("Mossfern-Quill-41Mossfern-Quill-41", "night-nurse"),
    ],
)
def test_reasonable_passphrases_pass(password: str, username: str) -> None:
    """Passphrases with a common word among others, a repeated long piece, or a 2-letter user
    name are accepted."""
    check_password_strength(password, username=username)
