"""Settings: read from ALLIANCELENS_* on demand, local-first defaults, every field documented."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from alliancelens import config
from alliancelens.config import Settings, default_home, load_settings

DOCS = Path(__file__).resolve().parents[1] / "docs" / "settings.md"


def test_defaults_are_local_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without environment variables: SQLite in the user data dir, no Redis, no retention."""
    for name in [n for n in __import__("os").environ if n.startswith("ALLIANCELENS_")]:
        monkeypatch.delenv(name)
    settings = load_settings()
    assert settings.home == default_home()
    assert settings.resolved_database_url == f"sqlite:///{default_home() / 'alliancelens.db'}"
    assert settings.redis_url is None and settings.retention_days is None and settings.key is None


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """ALLIANCELENS_HOME moves everything; ALLIANCELENS_DATABASE_URL only the database."""
    monkeypatch.setenv("ALLIANCELENS_HOME", str(tmp_path))
    monkeypatch.setenv("ALLIANCELENS_RETENTION_DAYS", "90")
    settings = load_settings()
    assert settings.resolved_key_file == tmp_path / "keyring.json"
    assert settings.uploads_dir == tmp_path / "uploads"
    assert settings.retention_days == 90
    monkeypatch.setenv("ALLIANCELENS_DATABASE_URL", "postgresql://db.invalid/al")
    moved = load_settings()
    assert moved.resolved_database_url == "postgresql://db.invalid/al"
    assert moved.resolved_key_file == tmp_path / "keyring.json"


def test_settings_are_read_on_demand(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Each load reads the environment afresh (nothing is cached at import)."""
    monkeypatch.setenv("ALLIANCELENS_HOME", str(tmp_path / "a"))
    first = load_settings()
    monkeypatch.setenv("ALLIANCELENS_HOME", str(tmp_path / "b"))
    assert load_settings().home != first.home


@pytest.mark.parametrize(("name", "value"), [("retention_days", 0), ("job_max_attempts", 0)])
def test_invalid_values_are_refused(name: str, value: int, tmp_path: Path) -> None:
    """Out-of-range values fail validation instead of being coerced."""
    with pytest.raises(ValidationError):
        Settings(home=tmp_path, **{name: value})


def test_key_is_secret_in_repr(tmp_path: Path) -> None:
    """The key never appears in the settings' repr (logs, tracebacks)."""
    settings = Settings(home=tmp_path, key="c2VjcmV0LWtleS1tYXRlcmlhbC0zMi1ieXRlcy1sb25nIQ==")
    assert "c2VjcmV0" not in repr(settings)


@pytest.mark.parametrize("field", sorted(Settings.model_fields))
def test_every_setting_is_documented(field: str) -> None:
    """docs/settings.md has a row for every Settings field, by its environment variable."""
    assert f"`ALLIANCELENS_{field.upper()}`" in DOCS.read_text("utf-8")


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgres://app:pw@db.example:5432/clinic", "postgresql://app:pw@db.example:5432/clinic"),
        ("postgres+psycopg://app@db/clinic", "postgresql+psycopg://app@db/clinic"),
        (
            "postgresql://app@db/clinic?sslmode=require",
            "postgresql://app@db/clinic?sslmode=require",
        ),
        ("sqlite:////srv/postgres/al.db", "sqlite:////srv/postgres/al.db"),
    ],
)
def test_postgres_scheme_is_an_alias(given: str, used: str, tmp_path: Path) -> None:
    """`postgres://` (as psql and hosting providers write it) is used as `postgresql://`."""
    assert Settings(home=tmp_path, database_url=given).resolved_database_url == used


@pytest.fixture
def fresh_warnings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts with no variable warned about yet (the warning is once per process)."""
    monkeypatch.setattr(config, "_WARNED", set())


@pytest.mark.parametrize(
    ("name", "meant"),
    [
        ("ALLIANCELENS_HOM", "ALLIANCELENS_HOME"),
        ("ALLIANCELENS_DATA_DIR", "ALLIANCELENS_HOME"),
        ("ALLIANCELENS_WEB_HTTP", "ALLIANCELENS_WEB_HTTPS"),
        ("ALLIANCELENS_MEASURE_DIR", "ALLIANCELENS_MEASURES_DIR"),
        ("ALLIANCELENS_ZZQX", None),
    ],
)
@pytest.mark.usefixtures("fresh_warnings")
def test_an_unknown_variable_is_named_once_without_its_value(
    name: str, meant: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    """A misspelt ALLIANCELENS_* variable gets one line: its name, a guess, never the value."""
    value = "/srv/private/hospital-data"
    environ = {name: value, "ALLIANCELENS_HOME": "/srv/al", "PATH": "/bin"}
    config.warn_unknown_variables(environ)
    config.warn_unknown_variables(environ)  # once per process
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and name in err and value not in err
    assert "ignored" in err and "docs/settings.md" in err
    assert (f"did you mean {meant}?" in err) if meant else ("did you mean" not in err)


@pytest.mark.parametrize(
    "name",
    [
        "ALLIANCELENS_HOME",
        "alliancelens_home",  # pydantic-settings reads names in any case
        "ALLIANCELENS_MEASURES_DIR",
        "ALLIANCELENS_WEB_ALLOWED_HOSTS",
        "ALLIANCELENS_DEBUG",
        "ALLIANCELENS_NEW_PASSWORD",
        "ALLIANCELENS_TEST_POSTGRES_URL",
    ],
)
def test_known_variables_are_not_warned_about(name: str) -> None:
    """Settings, dashboard settings and the documented other variables are all known."""
    assert config.unknown_variables({name: "1"}) == []


@pytest.mark.usefixtures("fresh_warnings")
def test_load_settings_warns_about_unknown_variables(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """load_settings (every command's start) names an unknown variable on stderr."""
    monkeypatch.setenv("ALLIANCELENS_HOME", str(tmp_path))
    monkeypatch.setenv("ALLIANCELENS_RETENTON_DAYS", "30")
    load_settings()
    assert "ALLIANCELENS_RETENTON_DAYS" in capsys.readouterr().err


def test_the_dashboard_settings_list_matches_web_settings() -> None:
    """config.WEB_SETTINGS (no web import in config) lists exactly WebSettings' fields."""
    web = pytest.importorskip("alliancelens.web.settings")
    assert set(web.WebSettings.model_fields) == config.WEB_SETTINGS


def test_every_other_variable_is_documented() -> None:
    """docs/settings.md names every non-setting variable config knows."""
    text = DOCS.read_text("utf-8")
    for name in config.OTHER_VARIABLES:
        assert f"`ALLIANCELENS_{name}" in text, name


def test_measures_dir_defaults_to_the_data_directory(tmp_path: Path) -> None:
    """Without ALLIANCELENS_MEASURES_DIR the clinic's definitions are in <home>/measures."""
    assert Settings(home=tmp_path).resolved_measures_dir == tmp_path / "measures"
    chosen = Settings(home=tmp_path, measures_dir=tmp_path / "defs")
    assert chosen.resolved_measures_dir == tmp_path / "defs"
