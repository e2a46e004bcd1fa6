"""FHIR R4 export validates with fhir.resources, round-trips, and bad input is refused by path."""

from __future__ import annotations

import copy
import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from alliancelens.errors import ImportRowError
from alliancelens.measures import (
    Registry,
    administrations_from_fhir,
    bundle,
    demo_csv,
    questionnaire,
    questionnaire_response,
)
from alliancelens.measures.fhir import client_subject, read_fhir_file, version_token
from alliancelens.measures.importing import read_administrations_csv

from .measures_helpers import admin, toy

MEASURES = ["srs", "ors", "wai-sr", "phq-9", "gad-7"]


@pytest.mark.parametrize("measure", MEASURES)
def test_questionnaire_is_valid_r4(registry: Registry, measure: str) -> None:
    """Every measure exports as a Questionnaire that fhir.resources accepts."""
    data = questionnaire(registry.get(measure))
    parsed = Questionnaire.model_validate(data)
    assert parsed.url == f"urn:alliancelens:questionnaire:{measure}"
    assert len([i for i in data["item"] if i["type"] != "display"]) == len(
        registry.get(measure).items
    )


@pytest.mark.parametrize("measure", ["srs", "ors", "wai-sr"])
def test_label_only_questionnaire_has_no_wording(registry: Registry, measure: str) -> None:
    """Label-only measures export short labels and say they are not administrable."""
    defn = registry.get(measure)
    data = questionnaire(defn)
    assert [i["text"] for i in data["item"]] == [item.label for item in defn.items]
    assert "not an administrable form" in data["purpose"]


def test_phq9_questionnaire_has_wording_choices_and_instructions(registry: Registry) -> None:
    """PHQ-9 exports its instructions, item wording and coded 0–3 answer options."""
    data = questionnaire(registry.get("phq-9"))
    assert data["item"][0]["type"] == "display"
    item9 = data["item"][9]
    assert item9["text"].startswith("Thoughts that you would be better off dead")
    assert [o["valueCoding"]["code"] for o in item9["answerOption"]] == ["0", "1", "2", "3"]


@pytest.mark.parametrize(
    ("measure", "kind", "low", "high"),
    [("srs", "decimal", 0.0, 10.0), ("wai-sr", "integer", 1, 5)],
)
def test_numeric_items_carry_min_and_max(
    registry: Registry, measure: str, kind: str, low: float, high: float
) -> None:
    """Analogue lines are decimals 0.0–10.0; WAI-SR (no anchors shipped) integers 1–5."""
    item = questionnaire(registry.get(measure))["item"][0]
    assert item["type"] == kind
    assert [next(v for k, v in e.items() if k != "url") for e in item["extension"]] == [low, high]


def test_demo_administrations_round_trip_through_a_valid_bundle(registry: Registry) -> None:
    """CSV → Bundle (valid R4) → administrations gives back the same administrations."""
    admins = read_administrations_csv(demo_csv(), registry)
    data = bundle(admins, registry)
    Bundle.model_validate(data)
    for entry in data["entry"]:
        QuestionnaireResponse.model_validate(entry["resource"])
    assert administrations_from_fhir(json.loads(json.dumps(data)), registry) == admins


def test_response_leaves_blank_items_out_and_keeps_extras() -> None:
    """A prorated form's blank item has no answer; session and population travel as extensions."""
    defn = toy(scoring={"max_missing": 1, "missing_rule": "r", "source": "s"})
    data = questionnaire_response(
        admin("toy", (1, None, 3), 0, session="s-1", population="adolescent"), defn
    )
    QuestionnaireResponse.model_validate(data)
    assert [i["linkId"] for i in data["item"]] == ["1", "3"]
    assert data["item"][0]["answer"] == [{"valueInteger": 1}]
    extras = {e["url"].rsplit(":", 1)[-1]: e["valueString"] for e in data["extension"]}
    assert extras == {
        "session": "s-1",
        "population": "adolescent",
        "completed-by": "client",
        "mode": "paper",
    }


def test_foreign_responses_are_read(registry: Registry) -> None:
    """Another system's response: canonical by URL, grouped items, valueInteger, a reference."""
    data = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": "http://example.org/fhir/Questionnaire/phq-9",
        "status": "completed",
        "subject": {"reference": "Patient/123"},
        "authored": "2026-09-07T10:00:00Z",
        "item": [
            {
                "linkId": "g",
                "item": [{"linkId": str(i), "answer": [{"valueInteger": 1}]} for i in range(1, 10)],
            }
        ],
    }
    (result,) = administrations_from_fhir(data, registry)
    assert (result.client, result.measure, result.responses) == ("Patient/123", "phq-9", (1.0,) * 9)
    assert result.version == registry.get("phq-9").version


def _foreign(system: str, value: str, canonical: str) -> dict[str, Any]:
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": canonical,
        "status": "completed",
        "subject": {"identifier": {"system": system, "value": value}},
        "authored": "2026-09-07",
        "item": [{"linkId": str(i), "answer": [{"valueInteger": 1}]} for i in range(1, 10)],
    }


def test_foreign_identifier_system_is_kept_and_written_back(registry: Registry) -> None:
    """Equal values of two identifier systems stay two clients; re-export keeps each system."""
    data = {
        "resourceType": "Bundle",
        "entry": [
            {"resource": _foreign(system, "MRN-4471", "http://example.org/Questionnaire/phq-9")}
            for system in ("http://hospital.example/mrn", "http://other.example/id")
        ],
    }
    admins = administrations_from_fhir(data, registry)
    assert len({a.client for a in admins}) == 2
    out = bundle(admins, registry)
    assert [e["resource"]["subject"]["identifier"] for e in out["entry"]] == [
        {"system": "http://hospital.example/mrn", "value": "MRN-4471"},
        {"system": "http://other.example/id", "value": "MRN-4471"},
    ]


def test_foreign_questionnaire_version_is_not_taken_as_the_edition(registry: Registry) -> None:
    """phq-9|3.0 of another system is scored and re-exported as our PHQ-9 edition (2001)."""
    data = _foreign("urn:alliancelens:client", "c-1", "http://example.org/Questionnaire/phq-9|3.0")
    (result,) = administrations_from_fhir(data, registry)
    assert result.client == "c-1" and result.version == registry.get("phq-9").version
    exported = bundle([result], registry)["entry"][0]["resource"]["questionnaire"]
    assert exported == "urn:alliancelens:questionnaire:phq-9|2001"


def _response(registry: Registry) -> dict[str, Any]:
    return questionnaire_response(admin("srs", (9.0, 9.0, 9.0, 9.0), 0), registry.get("srs"))


def _mutate(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(data)
    *parents, last = path.split(".")
    node: Any = data
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    key: Any = int(last) if last.isdigit() else last
    if value is ...:
        del node[key]
    else:
        node[key] = value
    return data


BAD = [
    # (path, value, field, words)
    ("questionnaire", "urn:alliancelens:questionnaire:bdi", "questionnaire", "unknown measure"),
    ("subject", {"display": "someone"}, "subject", "identifier value or a reference"),
    ("subject", ..., "subject", "identifier value or a reference"),
    ("authored", "yesterday", "authored", "not a date"),
    ("item.0.linkId", "9", "item[0].linkId", "'9' is not an item of SRS"),
    # a second answer to one item is named as such, not as a missing item (qa18 #9)
    ("item.3.linkId", "1", "item[3].linkId", "'1' appears twice (also item[0])"),
    ("item.0.answer", [], "item[0].answer", "exactly one answer"),
    ("item.0.answer", [{"valueString": "nine"}], "item[0].answer", "valueDecimal, valueInteger"),
    ("item.0.answer", [{"valueCoding": {"code": "x"}}], "item[0].answer", "valueDecimal"),
    (
        "item.0.answer",
        [{"valueDecimal": 11.0}],
        "item",
        "item 1 (Relationship) is outside 0.0–10.0",
    ),
    ("item", [], "item", "not prorated"),
    (
        "extension",
        [{"url": "urn:alliancelens:fhir:mode", "valueString": "web"}],
        "extension",
        "mode",
    ),
    ("status", "in-progress", "status", "'in-progress' is not a completed response"),
    ("status", ..., "status", "this status is not a completed response"),
    ("authored", "2099-01-01", "authored", "is in the future"),
    (
        "extension",
        [{"url": "urn:alliancelens:fhir:population", "valueString": "grownup"}],
        "extension",
        "population is not a known population",
    ),
]


@pytest.mark.parametrize(("path", "value", "field", "words"), BAD)
def test_bad_responses_are_refused_by_path(
    registry: Registry, path: str, value: Any, field: str, words: str
) -> None:
    """Each problem names the JSON path of the resource field, never the client."""
    data = _mutate(_response(registry), path, value)
    with pytest.raises(ImportRowError) as caught:
        administrations_from_fhir(data, registry, origin="in.json")
    assert caught.value.field == f"QuestionnaireResponse.{field}"
    assert words in caught.value.problem
    assert "c1" not in str(caught.value)


def test_answer_codes_and_unknown_extensions(registry: Registry) -> None:
    """A valueCoding with a numeric code is read; extensions of other systems are ignored."""
    data = _mutate(_response(registry), "item.0.answer", [{"valueCoding": {"code": "8.5"}}])
    data["extension"] = [{"url": "http://other/x", "valueString": "y"}, "junk"]
    (result,) = administrations_from_fhir(data, registry)
    assert result.responses[0] == 8.5
    assert result.session is None


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"resourceType": "Patient"}, "resourceType", "Bundle or QuestionnaireResponse"),
        ([], "resourceType", "Bundle or QuestionnaireResponse"),
        (
            {"resourceType": "Bundle", "entry": [{"resource": {"resourceType": "Patient"}}]},
            "entry[0].resource",
            "not a QuestionnaireResponse",
        ),
        (
            {"resourceType": "Bundle", "entry": ["x"]},
            "entry[0].resource",
            "not a QuestionnaireResponse",
        ),
        ({"resourceType": "Bundle"}, None, "no QuestionnaireResponse"),
    ],
)
def test_bad_containers_are_refused(
    registry: Registry, data: Any, field: str | None, words: str
) -> None:
    """Anything but a Bundle of QuestionnaireResponses (or one) is refused."""
    with pytest.raises(ImportRowError) as caught:
        administrations_from_fhir(data, registry)
    assert caught.value.field == field
    assert words in caught.value.problem


def test_read_fhir_file(tmp_path: Path, registry: Registry) -> None:
    """A JSON file is read; invalid JSON and missing files are ImportRowErrors."""
    good = tmp_path / "b.json"
    good.write_text(json.dumps(_response(registry)), encoding="utf-8")
    assert len(read_fhir_file(good, registry)) == 1
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(ImportRowError, match="not valid JSON"):
        read_fhir_file(bad, registry)
    with pytest.raises(ImportRowError, match="cannot read"):
        read_fhir_file(tmp_path / "absent.json", registry)


def test_non_mapping_items_are_skipped(registry: Registry) -> None:
    """Junk entries in an item list are ignored; the real answers are read."""
    data = _response(registry)
    data["item"] = ["junk", *data["item"]]
    (result,) = administrations_from_fhir(data, registry)
    assert result.responses == (9.0, 9.0, 9.0, 9.0)


def test_amended_responses_are_scored(registry: Registry) -> None:
    """An amended response is a finished form and is read like a completed one."""
    data = _mutate(_response(registry), "status", "amended")
    (read,) = administrations_from_fhir(data, registry)
    assert read.measure == "srs"


def test_duplicate_responses_are_refused_naming_both_entries(registry: Registry) -> None:
    """The same client, measure, date, session and respondent twice is refused (CSV's rule)."""
    entry = {"resource": _response(registry)}
    data = {"resourceType": "Bundle", "type": "collection", "entry": [entry, entry]}
    with pytest.raises(ImportRowError) as caught:
        administrations_from_fhir(data, registry, origin="in.json")
    assert caught.value.field == "entry[1].resource"
    assert "same client, measure, date, session and respondent as entry[0]" in caught.value.problem


def test_a_caregivers_response_of_the_same_session_is_read_too(registry: Registry) -> None:
    """A second response differing only in its completed-by extension is another rater's form."""
    child = admin("ors", (5.0,) * 4, 0, session="s1", population="child")
    parent = dataclasses.replace(child, population="caregiver", completed_by="caregiver")
    defn = registry.get("ors")
    data = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": questionnaire_response(a, defn)} for a in (child, parent)],
    }
    read = administrations_from_fhir(data, registry, origin="in.json")
    assert [(a.population, a.completed_by) for a in read] == [
        ("child", "client"),
        ("caregiver", "caregiver"),
    ]


def test_an_unknown_completed_by_extension_is_refused(registry: Registry) -> None:
    """An unknown respondent in the completed-by extension is refused, naming the extension."""
    response = _response(registry)
    for extension in response["extension"]:
        if extension["url"].endswith("completed-by"):
            extension["valueString"] = "Zed Q"
    with pytest.raises(ImportRowError) as caught:
        administrations_from_fhir(response, registry, origin="in.json")
    assert "not a known respondent" in caught.value.problem and "Zed" not in str(caught.value)


@pytest.mark.parametrize("measure", MEASURES)
def test_canonical_has_no_whitespace(registry: Registry, measure: str) -> None:
    """The questionnaire canonical and version are tokens without whitespace (FHIR ``\\S*``)."""
    defn = registry.get(measure)
    response = questionnaire_response(admin(measure, (1.0,) * len(defn.items), 0), defn)
    assert not any(c.isspace() for c in response["questionnaire"])
    assert not any(c.isspace() for c in questionnaire(defn)["version"])


def test_legacy_version_with_spaces_becomes_a_token() -> None:
    """A stored version with a citation in it is exported without whitespace."""
    assert version_token("PHQ-9 (Kroenke 2001)") == "PHQ-9_(Kroenke_2001)"


@pytest.mark.parametrize(
    ("record_number", "expected"),
    [
        (" MRN-9001 ", {"system": "urn:alliancelens:record-number", "value": "MRN-9001"}),
        (
            None,
            {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:0a1b2c3d-0000-4000-8000-00000000"},
        ),
        (
            "  ",
            {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:0a1b2c3d-0000-4000-8000-00000000"},
        ),
    ],
)
def test_stored_client_subject_is_record_number_else_uuid(
    registry: Registry, record_number: str | None, expected: dict[str, str]
) -> None:
    """A stored client is named in FHIR by its record number, else its UUID, never its id."""
    subject = client_subject(record_number=record_number, uuid="0a1b2c3d-0000-4000-8000-00000000")
    assert subject == expected
    data = questionnaire_response(admin("srs", (9.0,) * 4, 0), registry.get("srs"), subject=subject)
    QuestionnaireResponse.model_validate(data)
    assert data["subject"]["identifier"] == expected
