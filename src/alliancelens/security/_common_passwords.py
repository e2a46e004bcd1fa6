"""A short list of passwords attackers try first, written for AllianceLens (no download).

NIST SP 800-63B §5.1.1.2 asks verifiers to refuse passwords found in lists of commonly used or
compromised values, dictionary words, repetitive or sequential characters and context-specific
words (the service's name, the user's name). This list is deliberately short: the common
*bases*. :func:`alliancelens.security.passwords.check_password_strength` also refuses them with
digits or symbols added before or after ("password1234", "!!qwerty2024"), so a few dozen bases
cover thousands of variants. Entries are lower case with no spaces.
"""

from __future__ import annotations

__all__ = ["COMMON_BASES", "SEQUENCES"]

COMMON_BASES = frozenset(
    """
    password passw0rd p4ssword p4ssw0rd passwort motdepasse contrasena wachtwoord
    qwerty qwertz azerty qwertyuiop asdfgh asdfghjkl zxcvbnm qazwsx 1qaz2wsx
    letmein welcome welcomeback iloveyou loveyou admin administrator root guest user login
    changeme changeit default secret topsecret master trustno1 access monkey dragon
    football baseball soccer hockey batman superman starwars pokemon shadow sunshine princess
    flower summer winter autumn spring blessed freedom whatever nothing abc abcdef
    abc123 qwerty123 iloveyou2 hello helloworld computer internet
    therapist therapy counsellor counselor clinician supervisor patient client doctor nurse
    clinic hospital health alliance alliancelens
    """.split()  # noqa: SIM905 - a word list reads best as text
)

#: Keyboard rows, the alphabet and the digits: a password inside one (or its reverse) is refused.
SEQUENCES = (
    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
    "01234567890123456789012345678901234567890",
    "qwertyuiopasdfghjklzxcvbnmqwertyuiopasdfghjklzxcvbnm",
    "qwertzuiopasdfghjklyxcvbnm",
    "azertyuiopqsdfghjklmwxcvbn",
)
