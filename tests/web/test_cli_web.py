"""``alliancelens web``: loopback check, missing extra, warnings, wildcard binds, start-up cost."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
import uvicorn
from typer.testing import CliRunner

from alliancelens.cli import app
from alliancelens.cli import web as web_cli
from alliancelens.web import demo as web_demo

runner = CliRunner()


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("0.0.0.0", False),  # noqa: S104
        ("192.168.1.5", False),
        ("example.org", False),
    ],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    """Only localhost and loopback addresses count as local."""
    assert web_cli.is_loopback(host) is loopback


def test_missing_extra_is_one_line_and_exit_2(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the web extra the command prints the pip line and exits 2 (no traceback)."""
    monkeypatch.setattr(web_cli, "missing_web_extra", lambda: ["fastapi"])
    result = runner.invoke(app, ["web"])
    assert result.exit_code == 2
    assert "pip install 'alliancelens[web]'" in result.output
    assert "Traceback" not in result.output


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> list[dict[str, Any]]:
    """uvicorn.run replaced by a recorder; the store is a fresh one in tmp_path."""
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda _application, **kw: calls.append(kw))
    monkeypatch.setenv("ALLIANCELENS_HOME", str(tmp_path))
    monkeypatch.setenv("ALLIANCELENS_WEB_SECRET", "s" * 40)
    assert runner.invoke(app, ["init"]).exit_code == 0
    return calls


def test_default_bind_is_loopback_without_warning(served: list[dict[str, Any]]) -> None:
    """By default the server binds 127.0.0.1:8765 and prints no warning."""
    result = runner.invoke(app, ["web"])
    assert result.exit_code == 0, result.output
    assert served == [
        {
            "host": "127.0.0.1",
            "port": 8765,
            "log_level": "info",
            "server_header": False,
            "proxy_headers": False,
        }
    ]
    assert "warning" not in result.output


def test_public_bind_warns_about_tls(
    served: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A non-loopback host still starts but warns that TLS must come from a reverse proxy."""
    monkeypatch.setenv("ALLIANCELENS_WEB_ALLOWED_HOSTS", "dash.example.org")
    result = runner.invoke(app, ["web", "--host", "0.0.0.0", "--port", "9000"])  # noqa: S104
    assert result.exit_code == 0, result.output
    assert "reverse proxy" in result.output and "TLS" in result.output
    assert served[0]["host"] == "0.0.0.0" and served[0]["port"] == 9000  # noqa: S104


@pytest.mark.parametrize("args", [["web"], ["web", "--demo"]])
@pytest.mark.parametrize("bind", ["0.0.0.0", "::"])  # noqa: S104
def test_wildcard_bind_without_allowed_hosts_exits_2(
    served: list[dict[str, Any]], bind: str, args: list[str]
) -> None:
    """A wildcard bind without ALLIANCELENS_WEB_ALLOWED_HOSTS: one error line, exit 2, no server."""
    result = runner.invoke(app, [*args, "--host", bind])
    assert result.exit_code == 2 and served == []
    assert "ALLIANCELENS_WEB_ALLOWED_HOSTS" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1  # the error, not even the TLS warning


def test_served_app_allows_the_bind_host(
    monkeypatch: pytest.MonkeyPatch, served: list[dict[str, Any]]
) -> None:
    """The app handed to uvicorn allows the loopback names and the named bind address."""
    apps: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda application, **_kw: apps.append(application))
    assert runner.invoke(app, ["web", "--host", "192.168.1.5"]).exit_code == 0
    assert apps[0].state.allowed_hosts == {"127.0.0.1", "192.168.1.5", "[::1]", "localhost"}


def test_forwarded_headers_are_trusted_only_behind_the_https_proxy(
    served: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """X-Forwarded-* (the throttled address) is trusted only with ALLIANCELENS_WEB_HTTPS=1."""
    assert runner.invoke(app, ["web"]).exit_code == 0
    monkeypatch.setenv("ALLIANCELENS_WEB_HTTPS", "1")
    assert runner.invoke(app, ["web"]).exit_code == 0
    assert [call["proxy_headers"] for call in served] == [False, True]


def test_demo_ignores_the_real_store_in_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    """`web --demo` seeds its own SQLite store even when the shell names another database."""
    seeded: list[Any] = []
    real_seed = web_demo.seed_demo
    monkeypatch.setenv("ALLIANCELENS_DATABASE_URL", f"sqlite:///{tmp_path / 'real.db'}")
    monkeypatch.setenv("ALLIANCELENS_WEB_SECRET", "s" * 40)
    monkeypatch.setattr(uvicorn, "run", lambda *_args, **_kw: None)
    monkeypatch.setattr(web_demo, "seed_demo", lambda s: seeded.append(s) or real_seed(s))
    result = runner.invoke(app, ["web", "--demo"])
    assert result.exit_code == 0, result.output
    assert seeded[0].database_url is None and not (tmp_path / "real.db").exists()


def test_uninitialised_store_is_one_line_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    """Serving a data directory without a store fails with one error line, exit 2."""
    monkeypatch.setenv("ALLIANCELENS_HOME", str(tmp_path / "empty"))
    monkeypatch.setenv("ALLIANCELENS_WEB_SECRET", "s" * 40)
    monkeypatch.setattr(uvicorn, "run", lambda *_args, **_kw: None)
    result = runner.invoke(app, ["web"])
    assert result.exit_code == 2 and "error:" in result.output


_PROBE = """
import json, sys
import alliancelens.services
print(json.dumps(sorted(sys.modules)))
"""


def test_services_import_does_not_load_fastapi() -> None:
    """Importing alliancelens.services loads neither FastAPI nor the web package."""
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True
    )
    loaded = set(json.loads(proc.stdout))
    assert "alliancelens.services" in loaded
    assert not {"fastapi", "starlette", "uvicorn", "alliancelens.web"} & loaded


@pytest.mark.parametrize("demo", [False, True], ids=["store", "demo"])
def test_mistyped_measures_folder_is_refused_before_the_server_starts(
    served: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch, tmp_path: Any, demo: bool
) -> None:
    """ALLIANCELENS_MEASURES_DIR naming no folder: an error naming it, exit 2, no server."""
    monkeypatch.setenv("ALLIANCELENS_MEASURES_DIR", str(tmp_path / "mesures"))
    result = runner.invoke(app, ["web", "--demo"] if demo else ["web"])
    assert result.exit_code == 2, result.output
    assert served == []
    assert "ALLIANCELENS_MEASURES_DIR" in result.output and "Traceback" not in result.output
