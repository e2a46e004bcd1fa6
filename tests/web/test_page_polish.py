"""QA40 #6, #7, #12, #13, #14: focus, headings, titles, labels, long transcripts.

All text is synthetic.
"""

from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import alliancelens.web
from alliancelens import services
from alliancelens.insights import RiskStatus
from alliancelens.web._render import TEMPLATES
from alliancelens.web._risk_screen import CaseloadRisk
from alliancelens.web._text import TRANSCRIPT_PART
from alliancelens.web.routers.sessions import linked_note

from .web_helpers import CLIENT_NAME, World, actor_of, csrf_of, make_app, sign_in

STYLE = (Path(alliancelens.web.__file__).parent / "static" / "style.css").read_text("utf-8")


def _browser(world: World, user: str = "ther-a") -> TestClient:
    browser = TestClient(make_app(world), follow_redirects=False)
    assert sign_in(browser, user) == 303
    return browser


class _Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.levels: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))


def _skips(html: str) -> list[tuple[int, int]]:
    parser = _Headings()
    parser.feed(html)
    levels = parser.levels
    return [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]


@pytest.mark.parametrize("page", ["/clients/{a}/consents", "/clients/{a}"])
def test_heading_levels_never_skip(world: World, page: str) -> None:
    """The consents page (and the client page that includes the same box) skip no level."""
    html = _browser(world).get(page.format(a=world.client_a)).text
    assert _skips(html) == []


def test_consents_page_re_render_skips_no_level(world: World) -> None:
    """The 400 re-render of the consents form keeps the heading order too."""
    browser = _browser(world)
    page = browser.get(f"/clients/{world.client_a}/consents").text
    refused = browser.post(
        f"/clients/{world.client_a}/consents",
        data={"csrf_token": csrf_of(page), "kind": "nonsense"},
    )
    assert refused.status_code == 400 and _skips(refused.text) == []


def test_a_focused_field_in_error_looks_different_from_an_unfocused_one() -> None:
    """The stylesheet gives a focused invalid field its own, thicker ring (WCAG 2.4.7)."""
    plain = re.search(r'^\[aria-invalid="true"\] \{([^}]*)\}', STYLE, re.M)
    focused = re.search(r'\[aria-invalid="true"\]:focus-visible \{([^}]*)\}', STYLE)
    assert plain and focused and plain[1].strip() != focused[1].strip()
    assert "box-shadow" in focused[1]
    assert re.search(r"^:focus-visible \{ outline: 3px", STYLE, re.M)


def test_long_headings_wrap_on_narrow_screens() -> None:
    """h1-h3 may break inside a long word (a 192-character name must not widen the page)."""
    rule = next(line for line in STYLE.splitlines() if "overflow-wrap: anywhere" in line)
    assert all(tag in rule for tag in ("h1", "h2", "h3"))


def test_failed_sign_in_keeps_the_name_and_marks_the_title(client: TestClient) -> None:
    """A wrong password shows the user name typed and a <title> starting with "Error:"."""
    page = client.get("/login").text
    data = {"username": "ther-a", "password": "not it", "csrf_token": csrf_of(page)}
    response = client.post("/login", data=data)
    assert response.status_code == 401
    assert 'name="username" autocomplete="username" required autofocus value="ther-a"' in (
        response.text
    )
    assert "<title>Error: Sign in · AllianceLens</title>" in response.text
    assert "<title>Sign in · AllianceLens</title>" in client.get("/login").text


@pytest.mark.parametrize("fmt", ["SOAP", "Dap", " birp "])
def test_note_format_is_read_case_insensitively(world: World, fmt: str) -> None:
    """?format=SOAP is the SOAP note, not a refusal."""
    response = _browser(world).get(f"/sessions/{world.shared}/note", params={"format": fmt})
    assert response.status_code == 200


def test_session_page_names_the_client_to_the_therapist_only(world: World) -> None:
    """The client's own therapist sees the client's name; a supervisor never does."""
    therapist = _browser(world).get(f"/sessions/{world.shared}").text
    assert f"← Back to {CLIENT_NAME} (client {world.client_a})" in therapist
    supervisor = _browser(world, "sup-a").get(f"/sessions/{world.shared}").text
    assert CLIENT_NAME not in supervisor


def test_caseload_severity_is_a_wording_rating() -> None:
    """A flag's severity reads as the wording's rating, never as a risk level ("(low)")."""
    risk = CaseloadRisk((RiskStatus("4", "flagged", (2,), "low"),), {}, {})
    macro = TEMPLATES.env.from_string(
        '{% from "_risk_marker.html" import risk_list %}{{ risk_list(risk) }}'
    )
    html = macro.render(risk=risk)
    assert "highest statement severity: low — a rating of the wording, not of the risk" in html


@pytest.mark.parametrize(
    ("call", "part", "href"),
    [
        ("utt(3)", None, "#u3"),
        (f"utt({TRANSCRIPT_PART + 1})", None, f"#u{TRANSCRIPT_PART + 1}"),
        (f"utt({TRANSCRIPT_PART + 1})", 1, f"?part=2#u{TRANSCRIPT_PART + 1}"),
        ("utt(3)", 2, "?part=1#u3"),
        (f"utt({TRANSCRIPT_PART + 1})", 2, f"#u{TRANSCRIPT_PART + 1}"),
        ("utt(3, 9)", None, "/sessions/9#u3"),
        (f"utt({2 * TRANSCRIPT_PART}, 9)", 1, f"/sessions/9?part=3#u{2 * TRANSCRIPT_PART}"),
    ],
)
def test_utterance_links_reach_the_transcript_part(call: str, part: int | None, href: str) -> None:
    """A link to an utterance on another part of a long transcript names that part."""
    template = TEMPLATES.env.from_string(
        '{% from "_links.html" import utt with context %}{{ ' + call + " }}"
    )
    context = {} if part is None else {"transcript_part": part}
    assert f'<a href="{href}">' in template.render(**context)


def test_note_evidence_links_reach_the_transcript_part() -> None:
    """The note's evidence numbers link to the part of the session page that shows them."""
    late = TRANSCRIPT_PART + 7
    html = str(linked_note(f"[evidence: utterances 2, {late}; rule]", 5))
    assert '<a href="/sessions/5#u2">2</a>' in html
    assert f'<a href="/sessions/5?part=2#u{late}">{late}</a>' in html


@pytest.fixture(scope="module")
def long_session(world: World, tmp_path_factory: pytest.TempPathFactory) -> int:
    """A stored, analysed session a little longer than one transcript part."""
    owner = actor_of(world, "ther-a")
    lines = []
    for i in range(TRANSCRIPT_PART // 2 + 10):
        lines.append(f"Therapist: What else happened on day {i}?")
        lines.append(f"Client: On day {i} I walked to the park and read for a while.")
    path = tmp_path_factory.mktemp("long") / "long.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = services.import_transcript(world.database, owner, client_id=world.client_a, path=path)
    services.work(world.database, services.local_admin())
    return report.session_ids[0]


def test_long_transcript_is_shown_in_parts(world: World, long_session: int) -> None:
    """Part 1 holds the first utterances, part 2 the rest; an unknown part is a 404."""
    browser = _browser(world)
    first = browser.get(f"/sessions/{long_session}").text
    second = browser.get(f"/sessions/{long_session}?part=2").text
    lines = TRANSCRIPT_PART // 2 * 2 + 20
    assert first.count('<li id="u') == TRANSCRIPT_PART
    assert second.count('<li id="u') == lines - TRANSCRIPT_PART
    assert f'id="u{TRANSCRIPT_PART}"' in second and 'id="u0"' not in second
    assert '<strong aria-current="page">2</strong>' in second
    assert 'href="?part=1#transcript"' in second
    assert "Risk language" in second  # the analysis is on every part
    assert browser.get(f"/sessions/{long_session}?part=3").status_code == 404


def _alert(kind: str) -> dict[str, object]:
    evidence = {"scores": (4.0,), "dates": ("2026-11-16",), "threshold": 9.0}
    return {
        "kind": kind,
        "severity": "warning",
        "measure": "SRS",
        "date": "2026-11-16",
        "reason": "synthetic reason",
        "evidence": evidence,
        "rule": "synthetic rule",
    }


@pytest.mark.parametrize(
    ("kind", "shown"),
    [
        (
            "alliance_item_low",
            "Item score (one item, not the total) 4 on 2026-11-16; item threshold 9",
        ),
        ("alliance_below_cutoff", "Scores 4 on 2026-11-16; threshold 9"),
    ],
)
def test_item_alert_evidence_is_not_read_as_a_total(kind: str, shown: str) -> None:
    """An item rule's evidence on the client page says it is one item's score, not the total."""
    html = TEMPLATES.env.get_template("client.html").render(
        client={"id": 1, "name": "Synthetic", "identifier": None},
        measures={"alerts": (_alert(kind),), "alert_scores": ("4",), "series": ()},
        insights=None,
        consents=[],
        sessions=[],
        actor=None,
        spark_width=1,
        spark_height=1,
    )
    assert shown in html
