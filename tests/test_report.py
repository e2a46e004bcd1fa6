"""The JSON report: layout, schema validity, and how findings map into summary and codes."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import jsonschema
import pytest

from alliancelens import report, services
from alliancelens.analysers import FindingSet, Pipeline
from alliancelens.analysers.base import Analyser
from alliancelens.analysers.talk import TalkStatistics
from alliancelens.domain import Finding, Session
from alliancelens.testing import make_session

TRANSCRIPT = "Therapist: How was the week?\nClient: Hard.\nTherapist: Hard in what way?\n"


class _Coder(Analyser):
    name = "test.coder"
    version = 2
    produces = frozenset({"coder.code", "coder.flag"})
    description = "codes every utterance"

    def _analyse(self, session: Session, upstream: FindingSet) -> Iterable[Finding]:
        for u in session.utterances:
            yield self.utterance_finding("coder.code", {"length": u.words}, utterance_index=u.index)
        yield self.session_finding("coder.flag", "a", utterance_indexes=[0])
        yield self.session_finding("coder.flag", "b", utterance_indexes=[1])


def _validate(document: dict[str, object]) -> None:
    jsonschema.Draft202012Validator(
        report.load_schema(), format_checker=jsonschema.FormatChecker()
    ).validate(document)


def test_schema_is_a_valid_json_schema() -> None:
    """The shipped schema is itself valid Draft 2020-12."""
    jsonschema.Draft202012Validator.check_schema(report.load_schema())


def test_batch_report_validates(tmp_path: Path) -> None:
    """A report over a real file validates and has the stable top-level keys."""
    path = tmp_path / "s1.txt"
    path.write_text("# date: 2026-01-05\n" + TRANSCRIPT, encoding="utf-8")
    document = report.batch_to_json(services.analyse_paths([path, tmp_path / "missing.txt"]))
    _validate(document)
    assert document["schema_version"] == report.SCHEMA_VERSION
    (session,) = document["sessions"]
    assert session["id"] == "s1" and session["date"] == "2026-01-05"
    assert [u["index"] for u in session["utterances"]] == [0, 1, 2]
    assert session["summary"]["talk"]["by_role"]["therapist"]["questions"] == 2
    assert session["analysers"][0]["status"] == "ok"
    assert document["errors"][0]["code"] == "AL001"


def test_findings_map_to_codes_and_summary() -> None:
    """Utterance findings merge into codes; repeated session kinds become a list in summary."""
    session = make_session(("therapist", "one two"), ("client", "three"))
    result = Pipeline([TalkStatistics(), _Coder()]).run(session)
    document = report.result_to_json(result)
    assert [u["codes"] for u in document["utterances"]] == [{"length": 2}, {"length": 1}]
    assert document["summary"]["coder"] == {"flag": ["a", "b"]}
    kinds = [f["kind"] for f in document["findings"]]
    assert kinds == ["talk.summary", "coder.flag", "coder.flag"]
    assert document["findings"][1]["evidence"]["utterance_indexes"] == [0]
    _validate(
        {
            "schema_version": "1.0",
            "generator": {"name": "alliancelens", "version": "x"},
            "sessions": [document],
            "errors": [],
        }
    )


@pytest.mark.parametrize(
    ("field", "bad"),
    [("schema_version", "2.0"), ("sessions", {}), ("errors", [{"path": "x"}])],
)
def test_schema_rejects_malformed_reports(field: str, bad: object) -> None:
    """The schema is strict enough to catch a wrong version, shape or missing error fields."""
    document: dict[str, object] = {
        "schema_version": "1.0",
        "generator": {"name": "alliancelens", "version": "0"},
        "sessions": [],
        "errors": [],
    }
    document[field] = bad
    with pytest.raises(jsonschema.ValidationError):
        _validate(document)


@pytest.mark.parametrize(
    ("identifier", "or_as", "label"),
    [
        (
            "invite_discussion_of_thoughts_feelings",
            " or ",
            "invite discussion of thoughts and feelings",
        ),
        ("redirect_refocus", " or ", "redirect or refocus"),
        ("self_harm", " or ", "self-harm"),
        ("avoidant_storytelling_or_topic_shift", " or ", "avoidant storytelling or topic shift"),
        ("avoidant_storytelling_or_topic_shift", "/", "avoidant storytelling/topic shift"),
        ("validate_defensive_posture", " or ", "validate defensive posture"),
    ],
)
def test_plain_label(identifier: str, or_as: str, label: str) -> None:
    """Identifiers read as words; the ones that would not have a label of their own."""
    assert report.plain_label(identifier, or_as=or_as) == label


def test_set_aside_groups_names_wording_and_model_readings_apart() -> None:
    """A guard's set-aside is risk wording; a ``model:`` reason is a reading without risk words."""
    screening = {
        "set_aside": [
            {"index": 5, "reason": "negated"},
            {"index": 5, "reason": "idiom"},
            {"index": 11, "reason": "model: a short answer to a question that does not ask"},
            {"index": 2, "reason": "model: reads as a negation or denial"},
        ]
    }
    assert report.set_aside_groups(screening) == ([5], [2, 11])
    assert report.set_aside_groups({}) == ([], [])
