"""Password hashing with argon2id (argon2-cffi defaults, RFC 9106 low-memory profile)."""

from __future__ import annotations

import string

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from alliancelens.errors import UsageError
from alliancelens.security._common_passwords import COMMON_BASES, SEQUENCES

__all__ = [
    "MIN_DISTINCT_CHARACTERS",
    "MIN_PASSWORD_LENGTH",
    "check_password_strength",
    "hash_password",
    "needs_rehash",
    "verify_password",
    "waste_verification",
]

#: Minimum length of a new password (NIST SP 800-63B §5.1.1.2 asks for at least 8).
MIN_PASSWORD_LENGTH = 12
#: A new password needs this many different characters ("aaaaaaaaaaab" is refused); NIST SP
#: 800-63B §5.1.1.2 names repetitive characters among the values to refuse.
MIN_DISTINCT_CHARACTERS = 4

_HASHER = PasswordHasher()  # argon2id; parameters travel inside each hash string


def check_password_strength(password: str, *, username: str | None = None) -> None:
    """Refuse a weak new password in one line naming the rule (never repeating the password).

    Refused (NIST SP 800-63B §5.1.1.2): fewer than :data:`MIN_PASSWORD_LENGTH` characters; only
    white space; fewer than :data:`MIN_DISTINCT_CHARACTERS` different characters
    ("aaaaaaaaaaaa"); the user's name, or a password containing it; a keyboard, alphabet or digit
    run ("123456789012"); a well-known password, also with digits or symbols added before or
    after ("password1234") or written with look-alikes such as @ for a, 0 for o, 1 for i or l,
    $ for s ("P@ssw0rd2024!"); a password made only of well-known passwords, repeated or joined,
    with or without digits and symbols between them ("passwordpassword", "summer-winter-2024");
    the same short piece typed again and again ("abc1abc1abc1", low variety).
    """
    rule = _broken_rule(password, username)
    if rule is not None:
        raise UsageError(f"the password is refused: {rule}")


def _broken_rule(password: str, username: str | None) -> str | None:
    """The first rule ``password`` breaks, in words, or ``None``."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return (
            f"it is too short; use at least {MIN_PASSWORD_LENGTH} characters "
            "(a passphrase of several words works well)"
        )
    folded = password.casefold()
    name = (username or "").strip().casefold()
    compact = "".join(folded.split())
    rules = (
        (not password.strip(), "it is only white space"),
        (
            len(set(password)) < MIN_DISTINCT_CHARACTERS,
            f"it uses fewer than {MIN_DISTINCT_CHARACTERS} different characters",
        ),
        (
            bool(name) and (folded == name or (len(name) >= 3 and name in folded)),
            "it contains the user name",
        ),
        (
            any(compact in run or compact in run[::-1] for run in SEQUENCES),
            "it is a keyboard, alphabet or digit sequence",
        ),
        (_well_known(compact), "it is a well-known password (also with digits or symbols added)"),
        (
            _only_well_known(compact),
            "it is made only of well-known passwords or words, repeated or joined; use a "
            "passphrase of several unrelated words of your own",
        ),
        (
            _repeats_short_piece(compact),
            f"it repeats a piece shorter than {MIN_PASSWORD_LENGTH} characters; use a passphrase "
            "of several unrelated words instead",
        ),
    )
    return next((message for broken, message in rules if broken), None)


#: Common look-alike substitutions ("p@ssw0rd" is "password"); ``1`` and ``!`` may stand for
#: ``i`` or ``l``, so both readings are tried.
_LOOK_ALIKES = (
    str.maketrans({"@": "a", "4": "a", "0": "o", "1": "i", "!": "i", "3": "e", "$": "s",
                   "5": "s", "7": "t", "|": "l"}),
    str.maketrans({"@": "a", "4": "a", "0": "o", "1": "l", "!": "l", "3": "e", "$": "s",
                   "5": "s", "7": "t", "|": "i"}),
)  # fmt: skip
_PADDING = frozenset(string.digits + string.punctuation)
_BASE_LENGTHS = sorted({len(base) for base in COMMON_BASES})
#: Longer passwords are not split into bases (the check is linear, this only bounds its time).
_LONGEST_CHECKED = 256


def _run_length(text: str) -> int:
    """How many characters at the start of ``text`` are digits or symbols."""
    return next((i for i, ch in enumerate(text) if ch not in _PADDING), len(text))


def _well_known(compact: str) -> bool:
    """A listed base, alone or with digits/symbols before or after it ("!password2024").

    Also when written with look-alike characters ("P@ssw0rd2024!", "$unsh1ne!!").
    """
    if compact in COMMON_BASES or compact.strip("".join(_PADDING)) in COMMON_BASES:
        return True
    head, tail = _run_length(compact), _run_length(compact[::-1])
    for start in range(min(head, len(compact) - 1) + 1):  # every split of the padding
        for end in range(len(compact) - min(tail, len(compact) - 1 - start), len(compact) + 1):
            core = compact[start:end]
            if core and any(core.translate(table) in COMMON_BASES for table in _LOOK_ALIKES):
                return True
    return False


def _only_well_known(compact: str) -> bool:
    """Whether ``compact`` is listed bases (look-alikes allowed) and digits/symbols only.

    At least one base: "passwordpassword", "qwerty!letmein", "summer2024winter". NIST SP
    800-63B §5.1.1.2 names dictionary words and repetitive values among those to refuse; a
    few dozen bases joined in twos or threes is a list an attacker tries early.
    """
    if len(compact) > _LONGEST_CHECKED:
        return False
    # reach[i]: 0 = position i not reachable, 1 = reachable by padding only, 2 = with a base.
    reach = [0] * (len(compact) + 1)
    reach[0] = 1
    for start in range(len(compact)):
        state = reach[start]
        if not state:
            continue
        if compact[start] in _PADDING:
            reach[start + 1] = max(reach[start + 1], state)
        for length in _BASE_LENGTHS:
            piece = compact[start : start + length]
            if len(piece) == length and _is_base(piece):
                reach[start + length] = 2
    return reach[-1] == 2


def _is_base(piece: str) -> bool:
    """A listed base as written or read through the look-alike tables ("p4ssw0rd")."""
    return piece in COMMON_BASES or any(piece.translate(t) in COMMON_BASES for t in _LOOK_ALIKES)


def _repeats_short_piece(compact: str) -> bool:
    """Whether ``compact`` (digits/symbols at its ends aside) is one short piece over and over.

    The piece must be shorter than :data:`MIN_PASSWORD_LENGTH` and come at least twice, the last
    time perhaps cut short ("abc1abc1abc1", "xyzzyxyzzy!!", "fern-fern"): typing it again adds
    next to no strength.
    """
    core = compact.strip("".join(_PADDING)) or compact
    for period in range(1, min(MIN_PASSWORD_LENGTH, (len(core) + 1) // 2 + 1)):
        if all(core[i] == core[i + period] for i in range(len(core) - period)):
            return True
    return False


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
