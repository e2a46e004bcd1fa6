"""AES-GCM field encryption and the key file."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from alliancelens.config import Settings
from alliancelens.errors import DecryptionError, KeyFileError
from alliancelens.storage import crypto
from alliancelens.storage.crypto import (
    Keyring,
    decode_key,
    encode_key,
    generate_key,
    key_id,
    load_keyring,
)

AAD = b"clients.name"


@pytest.fixture
def keyring() -> Keyring:
    """A one-key keyring."""
    return Keyring.single(generate_key())


def test_round_trip(keyring: Keyring) -> None:
    """A value decrypts to exactly what was encrypted."""
    blob = keyring.encrypt("Ünïcode name".encode(), aad=AAD)
    assert keyring.decrypt(blob, aad=AAD).decode() == "Ünïcode name"


def test_ciphertext_hides_plaintext_and_is_randomised(keyring: Keyring) -> None:
    """The same value encrypts differently each time and never contains the plaintext."""
    first = keyring.encrypt(b"Jordan Casey", aad=AAD)
    second = keyring.encrypt(b"Jordan Casey", aad=AAD)
    assert first != second
    assert b"Jordan" not in first


def test_key_id_is_stored_with_the_ciphertext(keyring: Keyring) -> None:
    """The blob names the key that encrypted it."""
    assert Keyring.key_id_of(keyring.encrypt(b"x", aad=AAD)) == keyring.active_id


def test_value_from_another_column_does_not_decrypt(keyring: Keyring) -> None:
    """The column name is authenticated: a value moved to another column fails."""
    blob = keyring.encrypt(b"secret", aad=AAD)
    with pytest.raises(DecryptionError, match="altered or copied"):
        keyring.decrypt(blob, aad=b"clients.notes")


def test_tampered_value_is_detected(keyring: Keyring) -> None:
    """Flipping one ciphertext bit makes decryption fail."""
    blob = bytearray(keyring.encrypt(b"secret", aad=AAD))
    blob[-1] ^= 1
    with pytest.raises(DecryptionError):
        keyring.decrypt(bytes(blob), aad=AAD)


def test_unknown_key_is_named(keyring: Keyring) -> None:
    """A value under a key the keyring lacks names that key id and what to restore."""
    other = Keyring.single(generate_key())
    with pytest.raises(DecryptionError, match=other.active_id):
        keyring.decrypt(other.encrypt(b"x", aad=AAD), aad=AAD)


@pytest.mark.parametrize("blob", [b"", b"\x02" + bytes(40), b"\x01abc"])
def test_malformed_values_are_refused(keyring: Keyring, blob: bytes) -> None:
    """Short or wrongly versioned values raise DecryptionError, not an internal error."""
    with pytest.raises(DecryptionError):
        keyring.decrypt(blob, aad=AAD)


def test_old_keys_still_decrypt_after_a_new_key(keyring: Keyring) -> None:
    """A keyring with a new active key reads values under its old key."""
    blob = keyring.encrypt(b"x", aad=AAD)
    newer = keyring.with_new_active(generate_key())
    assert newer.active_id != keyring.active_id
    assert newer.decrypt(blob, aad=AAD) == b"x"
    assert Keyring.key_id_of(newer.encrypt(b"x", aad=AAD)) == newer.active_id


def test_key_file_is_created_owner_only(tmp_path: Path) -> None:
    """On first run the key file is created with mode 0600 and read back identically."""
    settings = Settings(home=tmp_path)
    created = load_keyring(settings, create=True)
    path = settings.resolved_key_file
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_keyring(settings).keys == created.keys


def test_missing_key_file_is_not_created_silently(tmp_path: Path) -> None:
    """Without create=True a missing key file is an error that says to run init."""
    with pytest.raises(KeyFileError, match="alliancelens init"):
        load_keyring(Settings(home=tmp_path))


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_key_file_readable_by_others_is_refused(tmp_path: Path) -> None:
    """A key file other users can read is refused with the chmod to run."""
    settings = Settings(home=tmp_path)
    load_keyring(settings, create=True)
    settings.resolved_key_file.chmod(0o644)
    with pytest.raises(KeyFileError, match="chmod 600"):
        load_keyring(settings)


def test_altered_key_file_is_refused(tmp_path: Path) -> None:
    """A key whose id does not match its content is refused."""
    settings = Settings(home=tmp_path)
    load_keyring(settings, create=True)
    path = settings.resolved_key_file
    data = json.loads(path.read_text())
    data["keys"] = {kid: encode_key(generate_key()) for kid in data["keys"]}
    path.write_text(json.dumps(data))
    with pytest.raises(KeyFileError, match="does not match"):
        load_keyring(settings)


def test_key_from_environment_with_previous_keys(tmp_path: Path) -> None:
    """ALLIANCELENS_KEY is active; ALLIANCELENS_PREVIOUS_KEYS stay readable."""
    new, old = generate_key(), generate_key()
    settings = Settings(home=tmp_path, key=encode_key(new), previous_keys=f"{encode_key(old)},")
    keyring = load_keyring(settings)
    assert keyring.source == "env"
    assert keyring.active_id == key_id(new)
    assert set(keyring.keys) == {key_id(new), key_id(old)}
    assert not settings.resolved_key_file.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [("not base64!!", "not valid base64"), (encode_key(b"short"), "expected 32")],
)
def test_bad_environment_key(text: str, message: str) -> None:
    """A malformed key setting is named, and the key is never echoed."""
    with pytest.raises(KeyFileError, match=message) as caught:
        decode_key(text, source="ALLIANCELENS_KEY")
    assert text not in str(caught.value)


def test_losing_a_key_file_creation_race_uses_the_winners_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process whose key file appears from a rival mid-creation adopts that key, no crash."""
    settings = Settings(home=tmp_path)
    rival = Keyring.single(generate_key(), source="file", path=settings.resolved_key_file)
    real_generate = crypto.generate_key

    def rival_writes_first() -> bytes:
        # Simulates the other `init`: it creates the key file after our existence check.
        crypto.write_key_file(settings.resolved_key_file, rival, exclusive=True)
        return real_generate()

    monkeypatch.setattr(crypto, "generate_key", rival_writes_first)
    adopted = load_keyring(settings, create=True)
    assert adopted.active_id == rival.active_id
    assert dict(adopted.keys) == dict(rival.keys)
    assert load_keyring(settings).active_id == rival.active_id


def test_exclusive_key_file_write_never_replaces_and_leaves_no_temporary(tmp_path: Path) -> None:
    """An exclusive write onto an existing key file fails, keeps the old key, cleans its temp."""
    path = tmp_path / "keyring.json"
    first = Keyring.single(generate_key())
    crypto.write_key_file(path, first, exclusive=True)
    with pytest.raises(FileExistsError):
        crypto.write_key_file(path, Keyring.single(generate_key()), exclusive=True)
    assert crypto.read_key_file(path).active_id == first.active_id
    assert [p.name for p in tmp_path.iterdir()] == ["keyring.json"]


def test_concurrent_key_creations_agree_on_one_key(tmp_path: Path) -> None:
    """Several processes creating the key file at once all end up with the same key."""
    script = (
        "import sys, time\n"
        "from alliancelens.config import Settings\n"
        "from alliancelens.storage.crypto import load_keyring\n"
        "start = float(sys.argv[2])\n"
        "while time.time() < start: pass\n"
        "print(load_keyring(Settings(home=sys.argv[1]), create=True).active_id)\n"
    )
    start = str(time.time() + 1.0)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(tmp_path), start],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(3)
    ]
    outputs = [proc.communicate(timeout=60) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0, 0], [err for _, err in outputs]
    ids = {out.decode().strip() for out, _ in outputs}
    assert ids == {crypto.read_key_file(tmp_path / "keyring.json").active_id}
