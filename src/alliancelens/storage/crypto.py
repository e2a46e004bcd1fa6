"""Field encryption at rest: AES-256-GCM with a key id stored next to every ciphertext.

Stored layout of one encrypted value (bytes)::

    version (1 byte, 0x01) | key id (4 bytes) | nonce (12 bytes) | ciphertext + GCM tag

The associated data is the column name (``"clients.name"``), so a value copied into another
column does not decrypt. The key id lets ``alliancelens keys rotate`` find values under old keys
and lets several keys be readable at once while a rotation runs.

Keys come from ``ALLIANCELENS_KEY`` (plus ``ALLIANCELENS_PREVIOUS_KEYS`` during a rotation) or
from the key file, a small JSON keyring created with mode 0600 on first run. A key file holds one
active key (it encrypts) and any number of retired keys (they only decrypt); ``keys rotate`` adds a
key and keeps the old ones, ``keys retire`` removes old keys no stored value uses any more.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import secrets
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Literal

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from alliancelens.config import Settings
from alliancelens.errors import DecryptionError, KeyFileError, MissingKeyError

__all__ = [
    "Keyring",
    "generate_key",
    "key_id",
    "load_keyring",
    "read_key_file",
    "write_key_file",
]

FORMAT_VERSION = 1
KEY_BYTES = 32  # AES-256
NONCE_BYTES = 12  # the GCM standard nonce size; random per value
KEY_ID_BYTES = 4
HEADER_BYTES = 1 + KEY_ID_BYTES + NONCE_BYTES
KEYRING_VERSION = 1


def generate_key() -> bytes:
    """A fresh random 256-bit key."""
    return secrets.token_bytes(KEY_BYTES)


def key_id(key: bytes) -> str:
    """Stable short id of a key (hex); reveals nothing useful about the key."""
    return hashlib.sha256(b"alliancelens key id\x00" + key).hexdigest()[: KEY_ID_BYTES * 2]


def encode_key(key: bytes) -> str:
    """URL-safe base64 text of a key (the form used in the key file and ALLIANCELENS_KEY)."""
    return base64.urlsafe_b64encode(key).decode("ascii")


def decode_key(text: str, *, source: str) -> bytes:
    """Key bytes from base64 text; ``source`` names the setting or file for the error."""
    try:
        key = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError) as exc:
        raise KeyFileError(f"{source}: not valid base64 (expected a 32-byte key)") from exc
    if len(key) != KEY_BYTES:
        raise KeyFileError(f"{source}: key is {len(key)} bytes; expected {KEY_BYTES}")
    return key


@dataclass(frozen=True, slots=True)
class Keyring:
    """The keys that can decrypt, and the one that encrypts (``active_id``)."""

    active_id: str
    keys: Mapping[str, bytes]
    source: Literal["file", "env"] = "file"
    path: Path | None = None
    _ciphers: Mapping[str, AESGCM] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.active_id not in self.keys:
            raise KeyFileError("keyring: the active key is not among its keys")
        object.__setattr__(self, "keys", MappingProxyType(dict(self.keys)))
        ciphers = {kid: AESGCM(key) for kid, key in self.keys.items()}
        object.__setattr__(self, "_ciphers", MappingProxyType(ciphers))

    @classmethod
    def single(cls, key: bytes, **kwargs: object) -> Keyring:
        """A keyring with one key, which is active."""
        return cls(key_id(key), {key_id(key): key}, **kwargs)  # type: ignore[arg-type]

    def encrypt(self, plaintext: bytes, *, aad: bytes) -> bytes:
        """Encrypt under the active key with a fresh random nonce."""
        nonce = secrets.token_bytes(NONCE_BYTES)
        sealed = self._ciphers[self.active_id].encrypt(nonce, plaintext, aad)
        return bytes([FORMAT_VERSION]) + bytes.fromhex(self.active_id) + nonce + sealed

    def decrypt(self, blob: bytes, *, aad: bytes) -> bytes:
        """Decrypt a stored value with whichever known key encrypted it."""
        kid = self.key_id_of(blob)
        cipher = self._ciphers.get(kid)
        if cipher is None:
            raise MissingKeyError(kid)
        nonce = blob[1 + KEY_ID_BYTES : HEADER_BYTES]
        try:
            return cipher.decrypt(nonce, blob[HEADER_BYTES:], aad)
        except InvalidTag as exc:
            column = aad.decode("ascii", "replace")
            raise DecryptionError(
                f"a stored value in {column} failed authentication: it was altered or "
                "copied from another column"
            ) from exc

    @staticmethod
    def key_id_of(blob: bytes) -> str:
        """The id of the key a stored value was encrypted with."""
        if len(blob) < HEADER_BYTES + 16 or blob[0] != FORMAT_VERSION:
            raise DecryptionError("a stored value is not in the AllianceLens encrypted format")
        return blob[1 : 1 + KEY_ID_BYTES].hex()

    def with_new_active(self, key: bytes) -> Keyring:
        """A copy with ``key`` added as the active key (old keys stay readable)."""
        keys = {**self.keys, key_id(key): key}
        return Keyring(key_id(key), keys, self.source, self.path)

    def without(self, key_ids: frozenset[str]) -> Keyring:
        """A copy without the (non-active) keys ``key_ids``."""
        keys = {kid: key for kid, key in self.keys.items() if kid not in key_ids}
        return Keyring(self.active_id, keys, self.source, self.path)


def load_keyring(settings: Settings, *, create: bool = False) -> Keyring:
    """The keyring from ``ALLIANCELENS_KEY`` or the key file (created 0600 when ``create``)."""
    if settings.key is not None:
        active = decode_key(settings.key.get_secret_value(), source="ALLIANCELENS_KEY")
        keys = {key_id(active): active}
        if settings.previous_keys is not None:
            for part in settings.previous_keys.get_secret_value().split(","):
                if part.strip():
                    old = decode_key(part, source="ALLIANCELENS_PREVIOUS_KEYS")
                    keys[key_id(old)] = old
        return Keyring(key_id(active), keys, "env", None)
    path = settings.resolved_key_file
    if not path.exists():
        if not create:
            raise KeyFileError(
                f"{path}: key file not found; run `alliancelens init` for a new store, or "
                "restore the key file from your backup"
            )
        keyring = Keyring.single(generate_key(), source="file", path=path)
        try:
            write_key_file(path, keyring, exclusive=True)
        except FileExistsError:
            # Another process (a second `init` on the same new folder) created the key file
            # between our check and our write: its key is the store's key, so use it.
            return read_key_file(path)
        return keyring
    return read_key_file(path)


def key_file_stamp(path: Path) -> tuple[int, int, int] | None:
    """What changes when the key file is replaced (inode, size, mtime); ``None`` if it is gone."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns)


def read_key_file(path: Path) -> Keyring:
    """The keyring in the key file ``path`` (refused when others may read it or it was altered)."""
    mode = path.stat().st_mode
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeyFileError(
            f"{path}: key file is readable by other users (mode {stat.S_IMODE(mode):o}); "
            f"run `chmod 600 {path}`"
        )
    try:
        data = json.loads(path.read_text("utf-8"))
        active = str(data["active"])
        keys = {
            str(kid): decode_key(str(text), source=str(path)) for kid, text in data["keys"].items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise KeyFileError(f"{path}: key file cannot be read ({type(exc).__name__})") from exc
    for kid, key in keys.items():
        if key_id(key) != kid:
            raise KeyFileError(f"{path}: key {kid} does not match its id; the file was altered")
    return Keyring(active, keys, "file", path)


def write_key_file(path: Path, keyring: Keyring, *, exclusive: bool = False) -> None:
    """Write the keyring with mode 0600, atomically (a crash leaves the old file or the new one).

    With ``exclusive`` an existing key file is never replaced: :class:`FileExistsError` is raised
    instead. The file appears complete or not at all (written aside, then hard-linked into place),
    so a process that loses a creation race reads the winner's whole key, never a half-written one.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    text = json.dumps(
        {
            "version": KEYRING_VERSION,
            "active": keyring.active_id,
            "keys": {kid: encode_key(key) for kid, key in keyring.keys.items()},
        },
        indent=2,
    )
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if exclusive:
            os.link(tmp, path)  # atomic; FileExistsError when another process got there first
        else:
            tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
