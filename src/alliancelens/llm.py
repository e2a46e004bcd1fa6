"""A minimal client for an OpenAI-compatible chat endpoint (llama.cpp server, Ollama, vLLM…).

Used only when the user gives its URL (``alliancelens note --phrase-url``); nothing connects by
default. It sends what it is given — callers mask transcript text first
(:func:`alliancelens.notes.phrasing.phrase_note` sends placeholders, never quotes or names).
Errors name the host, never the request body.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from alliancelens.errors import UsageError

__all__ = ["OpenAICompatiblePhraser"]


@dataclass(frozen=True, slots=True)
class OpenAICompatiblePhraser:
    """POSTs ``{"model", "messages", "temperature": 0}`` to ``<base_url>/chat/completions``.

    ``base_url`` is the API root, e.g. ``http://127.0.0.1:8080/v1`` (llama.cpp) or
    ``http://127.0.0.1:11434/v1`` (Ollama).
    """

    base_url: str
    model: str = "default"
    timeout: float = 120.0

    def __post_init__(self) -> None:
        parts = urlsplit(self.base_url)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise UsageError(
                f"--phrase-url {self.base_url!r} is not an http(s) URL; give the API root, "
                "e.g. http://127.0.0.1:8080/v1"
            )

    def complete(self, messages: Sequence[dict[str, str]]) -> str:
        """The assistant message of the first choice."""
        body = json.dumps(
            {"model": self.model, "messages": list(messages), "temperature": 0}
        ).encode("utf-8")
        request = urllib.request.Request(  # noqa: S310 - scheme checked in __post_init__
            self.base_url.rstrip("/") + "/chat/completions",
            data=body,
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        host = urlsplit(self.base_url).netloc
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                data = json.loads(response.read().decode("utf-8"))
        except (urllib.error.URLError, TimeoutError, ValueError) as exc:
            raise UsageError(
                f"the language-model endpoint at {host} did not give a usable answer "
                f"({type(exc).__name__}); check --phrase-url, or leave it out for the plain draft"
            ) from exc
        try:
            content = data["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError) as exc:
            raise UsageError(
                f"the endpoint at {host} did not answer like an OpenAI-compatible chat API"
            ) from exc
        return str(content)
