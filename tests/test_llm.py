"""The OpenAI-compatible client against a fake local server: request shape and error handling."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import ClassVar

import pytest

from alliancelens.errors import UsageError
from alliancelens.llm import OpenAICompatiblePhraser


class _Handler(BaseHTTPRequestHandler):
    replies: ClassVar[list[bytes]] = []
    requests: ClassVar[list[tuple[str, dict[str, object]]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append((self.path, body))
        reply = type(self).replies.pop(0)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def server() -> Iterator[str]:
    """A fake chat server on 127.0.0.1; yields its API root."""
    _Handler.replies, _Handler.requests = [], []
    httpd = HTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_posts_chat_completion_and_returns_content(server: str) -> None:
    """The client posts model, messages and temperature 0 and returns the first choice."""
    _Handler.replies.append(json.dumps({"choices": [{"message": {"content": "hi"}}]}).encode())
    phraser = OpenAICompatiblePhraser(server, model="tiny")
    assert phraser.complete([{"role": "user", "content": "x"}]) == "hi"
    path, body = _Handler.requests[0]
    assert path == "/v1/chat/completions"
    assert body == {
        "model": "tiny",
        "messages": [{"role": "user", "content": "x"}],
        "temperature": 0,
    }


@pytest.mark.parametrize("reply", [b"not json", b'{"choices": []}'])
def test_bad_answers_are_usage_errors(server: str, reply: bytes) -> None:
    """A reply that is not an OpenAI-style chat answer is one clear error naming the host."""
    _Handler.replies.append(reply)
    with pytest.raises(UsageError, match=r"127\.0\.0\.1"):
        OpenAICompatiblePhraser(server).complete([{"role": "user", "content": "x"}])


def test_unreachable_endpoint_is_a_usage_error() -> None:
    """Nothing listening gives a usage error, not a traceback."""
    phraser = OpenAICompatiblePhraser("http://127.0.0.1:9/v1", timeout=2)
    with pytest.raises(UsageError, match="did not give a usable answer"):
        phraser.complete([{"role": "user", "content": "x"}])


@pytest.mark.parametrize("url", ["ftp://host/v1", "127.0.0.1:8080", "file:///etc/passwd"])
def test_only_http_urls(url: str) -> None:
    """Only http(s) URLs are accepted."""
    with pytest.raises(UsageError, match="not an http"):
        OpenAICompatiblePhraser(url)
