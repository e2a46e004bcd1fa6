"""FHIR R4 interchange: measures as ``Questionnaire``, administrations as ``QuestionnaireResponse``.

Plain JSON dicts in and out (no FHIR library at run time); the tests validate the output with the
``fhir.resources`` package (its ``R4B`` models, which match R4 for these two resources).
A label-only measure (SRS, ORS, WAI-SR without imported wording) exports its short labels and
says in ``purpose`` that it records scores from licensed paper forms and is not an administrable
form. See docs/measures/fhir.md.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from alliancelens.domain import AdministrationMode, MeasureAdministration
from alliancelens.errors import ImportRowError, MeasureError
from alliancelens.measures.definition import Item, MeasureDefinition
from alliancelens.measures.entry import (
    DefaultPopulation,
    check_not_future,
    default_population_for,
    find_duplicate,
    normalise_completed_by,
    normalise_population,
    population_note,
)
from alliancelens.measures.registry import Registry
from alliancelens.measures.scoring import score_responses

__all__ = [
    "CLIENT_SYSTEM",
    "EXTENSION_BASE",
    "RECORD_NUMBER_SYSTEM",
    "UUID_SYSTEM",
    "administrations_from_fhir",
    "bundle",
    "canonical_url",
    "client_subject",
    "own_subjects",
    "questionnaire",
    "questionnaire_response",
    "read_fhir_entries",
    "read_fhir_file",
    "version_token",
]

#: Identifier system of client ids in ``QuestionnaireResponse.subject`` (file-to-file exports:
#: the client column of the measures file).
CLIENT_SYSTEM = "urn:alliancelens:client"
#: Identifier system of the clinic's record number (``clients add --identifier``) in exports
#: of the record store.
RECORD_NUMBER_SYSTEM = "urn:alliancelens:record-number"
#: Identifier system of a URI (RFC 3986): a stored client without a record number is named by
#: ``urn:uuid:<its random UUID>``, never by the internal id, which SQLite may reuse.
UUID_SYSTEM = "urn:ietf:rfc:3986"
#: Prefix of AllianceLens extension URLs (session, population, completed-by, mode).
EXTENSION_BASE = "urn:alliancelens:fhir:"
_MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
_MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
_EXTRAS = ("session", "population", "completed-by", "mode")
#: QuestionnaireResponse statuses that are a finished form (FHIR R4 value set
#: questionnaire-answers-status); ``in-progress``, ``stopped`` and ``entered-in-error`` are not.
SCORED_STATUSES = ("completed", "amended")
_OTHER_STATUSES = ("in-progress", "stopped", "entered-in-error")

#: A URI scheme at the start of an identifier system (``http:``, ``urn:``, ``https:`` …).
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+\Z")
#: Our own identifier systems: their values are client names as they are.
_OWN_SYSTEMS = (CLIENT_SYSTEM, RECORD_NUMBER_SYSTEM, UUID_SYSTEM)
#: Prefix of our Questionnaire canonicals: only their version is a measure edition of ours.
_OWN_CANONICAL = "urn:alliancelens:questionnaire:"

_Fail = Callable[[str, str], ImportRowError]


def canonical_url(defn: MeasureDefinition) -> str:
    """The Questionnaire's canonical URL, e.g. ``urn:alliancelens:questionnaire:srs``."""
    return f"urn:alliancelens:questionnaire:{defn.name}"


def version_token(version: str) -> str:
    """``version`` without whitespace (FHIR canonicals allow none).

    Shipped versions are already tokens (``2001``, ``3.0``); older stored forms may carry a
    version with a citation in it, whose spaces become ``_``.
    """
    return re.sub(r"\s+", "_", version.strip())


def questionnaire(defn: MeasureDefinition) -> dict[str, Any]:
    """The measure as a FHIR R4 ``Questionnaire`` (wording only when licensed or shipped)."""
    purpose = (
        "Electronic administration of the form."
        if defn.administrable
        else "Label-only definition: records item scores measured on licensed paper forms. "
        "Item wording is not included; this is not an administrable form."
    )
    items = [_question(defn, item) for item in defn.items]
    if defn.instructions and defn.administrable:
        items.insert(0, {"linkId": "instructions", "type": "display", "text": defn.instructions})
    return {
        "resourceType": "Questionnaire",
        "id": defn.name,
        "url": canonical_url(defn),
        "version": version_token(defn.version),
        "name": re.sub(r"[^A-Za-z0-9]", "", defn.short),
        "title": defn.title,
        "status": "active",
        "subjectType": ["Patient"],
        "description": f"{defn.title} ({defn.short}); period: {defn.period}.",
        "purpose": purpose,
        "copyright": f"{defn.licence.copyright}. {defn.licence.note}",
        "item": items,
    }


def _question(defn: MeasureDefinition, item: Item) -> dict[str, Any]:
    scale = defn.response
    text = item.text if defn.administrable and item.text else item.label
    question: dict[str, Any] = {"linkId": item.id, "prefix": item.id, "text": text}
    question["required"] = defn.prorating.max_missing == 0
    if scale.kind == "ordinal" and scale.anchors:
        question["type"] = "choice"
        question["answerOption"] = [
            {
                "valueCoding": {
                    "system": _response_system(defn),
                    "code": f"{a.value:g}",
                    "display": a.label,
                }
            }
            for a in scale.anchors
        ]
        return question
    kind, key = ("decimal", "valueDecimal") if scale.decimals else ("integer", "valueInteger")
    question["type"] = kind
    low, high = (
        (scale.minimum, scale.maximum)
        if scale.decimals
        else (
            int(scale.minimum),
            int(scale.maximum),
        )
    )
    question["extension"] = [{"url": _MIN_VALUE, key: low}, {"url": _MAX_VALUE, key: high}]
    return question


def _response_system(defn: MeasureDefinition) -> str:
    return f"{canonical_url(defn)}:response"


def client_subject(*, record_number: str | None, uuid: str) -> dict[str, str]:
    """The ``subject.identifier`` of a stored client: the record number, else ``urn:uuid:…``."""
    if record_number and record_number.strip():
        return {"system": RECORD_NUMBER_SYSTEM, "value": record_number.strip()}
    return {"system": UUID_SYSTEM, "value": f"urn:uuid:{uuid}"}


def questionnaire_response(
    admin: MeasureAdministration,
    defn: MeasureDefinition,
    *,
    subject: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """One administration as a FHIR R4 ``QuestionnaireResponse`` (blank items are left out).

    ``subject`` is the client's identifier (``{"system", "value"}``); by default the
    administration's client under :data:`CLIENT_SYSTEM`.
    """
    extras = {
        "session": admin.session,
        "population": admin.population,
        "completed-by": admin.completed_by,
        "mode": admin.mode.value,
    }
    items = [
        {"linkId": item.id, "answer": [_answer(defn, value)]}
        for item, value in zip(defn.items, admin.responses, strict=True)
        if value is not None
    ]
    return {
        "resourceType": "QuestionnaireResponse",
        "extension": [
            {"url": f"{EXTENSION_BASE}{key}", "valueString": value}
            for key, value in extras.items()
            if value is not None
        ],
        "questionnaire": f"{canonical_url(defn)}|{version_token(admin.version or defn.version)}",
        "status": "completed",
        "subject": {"identifier": dict(subject or _identifier(admin.client))},
        "authored": admin.date.isoformat(),
        "item": items,
    }


def _identifier(client: str) -> dict[str, str]:
    """``system|value`` (a client read from another system's identifier) splits back; else ours."""
    system, bar, value = client.partition("|")
    if bar and value and _URI.match(system):
        return {"system": system, "value": value}
    return {"system": CLIENT_SYSTEM, "value": client}


def _answer(defn: MeasureDefinition, value: float) -> dict[str, Any]:
    scale = defn.response
    if scale.kind == "ordinal" and scale.anchors:
        labels = {a.value: a.label for a in scale.anchors}
        coding = {"system": _response_system(defn), "code": f"{value:g}"}
        if value in labels:
            coding["display"] = labels[value]
        return {"valueCoding": coding}
    if scale.decimals:
        return {"valueDecimal": value}
    return {"valueInteger": int(value)}


def bundle(administrations: Iterable[MeasureAdministration], registry: Registry) -> dict[str, Any]:
    """Administrations as a FHIR ``Bundle`` of type ``collection``."""
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"resource": questionnaire_response(a, registry.get(a.measure))}
            for a in administrations
        ],
    }


def read_fhir_file(path: Path, registry: Registry) -> tuple[MeasureAdministration, ...]:
    """Administrations from a JSON file holding a Bundle or one QuestionnaireResponse."""
    return tuple(admin for _, admin in read_fhir_entries(path, registry))


def read_fhir_entries(
    path: Path, registry: Registry, *, default_population: DefaultPopulation = "adult"
) -> tuple[tuple[str, MeasureAdministration], ...]:
    """Like :func:`read_fhir_file`, each form with its JSON path (``entry[3].resource``).

    A response without a population extension takes ``default_population`` (or what it returns
    for the response's JSON path and respondent).
    """
    return _located(_load(path), registry, str(path), None, default_population)


def own_subjects(path: Path) -> tuple[tuple[str, str, str], ...]:
    """``(JSON path, system, value)`` of every subject identifier in our own systems.

    Lets the record path compare a file's record number with the target client's
    (:data:`RECORD_NUMBER_SYSTEM`, :data:`UUID_SYSTEM`); other systems are not listed.
    """
    found = []
    for where, resource in _responses(_load(path), str(path)):
        subject = resource.get("subject")
        identifier = subject.get("identifier") if isinstance(subject, Mapping) else None
        if isinstance(identifier, Mapping) and identifier.get("system") in _OWN_SYSTEMS:
            value = str(identifier.get("value") or "").strip()
            found.append((f"{where}.subject.identifier", str(identifier["system"]), value))
    return tuple(found)


def _load(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise ImportRowError(f"cannot read the file ({exc.strerror})", file=path) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportRowError(f"not valid JSON ({exc})", file=path) from None


def administrations_from_fhir(
    data: Any, registry: Registry, *, origin: str = "<fhir>", today: dt.date | None = None
) -> tuple[MeasureAdministration, ...]:
    """Administrations from a parsed Bundle or QuestionnaireResponse (other entries refused).

    The CSV import's entry rules apply (:mod:`alliancelens.measures.entry`); a response whose
    status is not ``completed`` or ``amended`` is refused, as is a second response with the same
    client, measure, date, session and respondent (``completed-by`` extension; another
    respondent's response is that rater's own series).
    """
    return tuple(admin for _, admin in _located(data, registry, origin, today))


def _located(
    data: Any,
    registry: Registry,
    origin: str,
    today: dt.date | None,
    default_population: DefaultPopulation = "adult",
) -> tuple[tuple[str, MeasureAdministration], ...]:
    admins: list[MeasureAdministration] = []
    places: list[str] = []
    for where, resource in _responses(data, origin):
        admin = _from_response(
            resource, registry, origin, where, today, default_population=default_population
        )
        earlier = find_duplicate(admin, admins)
        if earlier is not None:
            raise ImportRowError(
                f"same client, measure, date, session and respondent as {places[earlier]}"
                + population_note(admin, admins[earlier]),
                file=origin,
                field=where,
                hint="remove the duplicate entry, or tell sessions apart in the session extension",
            )
        admins.append(admin)
        places.append(where)
    if not admins:
        raise ImportRowError("no QuestionnaireResponse found", file=origin)
    return tuple(zip(places, admins, strict=True))


def _responses(data: Any, origin: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    kind = data.get("resourceType") if isinstance(data, Mapping) else None
    if kind == "QuestionnaireResponse":
        yield "QuestionnaireResponse", data
        return
    if kind != "Bundle":
        raise ImportRowError(
            "expected a FHIR Bundle or QuestionnaireResponse", file=origin, field="resourceType"
        )
    for index, entry in enumerate(data.get("entry") or []):
        where = f"entry[{index}].resource"
        resource = entry.get("resource") if isinstance(entry, Mapping) else None
        if not isinstance(resource, Mapping) or resource.get("resourceType") != (
            "QuestionnaireResponse"
        ):
            raise ImportRowError("is not a QuestionnaireResponse", file=origin, field=where)
        yield where, resource


def _from_response(
    resource: Mapping[str, Any],
    registry: Registry,
    origin: str,
    where: str,
    today: dt.date | None,
    *,
    default_population: DefaultPopulation = "adult",
) -> MeasureAdministration:
    def fail(field: str, problem: str, hint: str | None = None) -> ImportRowError:
        return ImportRowError(problem, file=origin, field=f"{where}.{field}", hint=hint)

    _check_status(resource.get("status"), fail)
    canonical = str(resource.get("questionnaire") or "")
    url, _, version = canonical.partition("|")
    try:
        defn = registry.get(re.split(r"[:/]", url)[-1])
    except MeasureError as exc:
        raise fail("questionnaire", exc.problem, exc.hint) from None
    client = _client(resource.get("subject"))
    if not client:
        raise fail("subject", "needs an identifier value or a reference naming the client")
    try:
        date = dt.date.fromisoformat(str(resource.get("authored") or "")[:10])
    except ValueError:
        raise fail("authored", "is not a date (YYYY-MM-DD…)") from None
    try:
        check_not_future(date, today)
    except MeasureError as exc:
        raise fail("authored", exc.problem, exc.hint) from None
    responses = _item_values(defn, resource.get("item") or [], fail)
    extras = _extensions(resource.get("extension") or [])
    try:
        completed_by = normalise_completed_by(extras.get("completed-by") or "client")
    except MeasureError as exc:
        raise fail("extension", f"completed-by {exc.problem}", exc.hint) from None
    given = extras.get("population") or default_population_for(
        default_population, where, completed_by
    )
    try:
        population = normalise_population(given, defn)
    except MeasureError as exc:
        raise fail("extension", f"population {exc.problem}", exc.hint) from None
    try:
        score_responses(defn, responses, population=population)
        mode = AdministrationMode(extras.get("mode") or "paper")
    except MeasureError as exc:
        raise fail("item", exc.problem, exc.hint) from None
    except ValueError:
        raise fail("extension", "mode must be paper or electronic") from None
    return MeasureAdministration(
        client=client,
        date=date,
        measure=defn.name,
        responses=responses,
        session=extras.get("session"),
        # another system's Questionnaire version is that system's, not the measure's edition
        version=version if version and url.startswith(_OWN_CANONICAL) else defn.version,
        population=population,
        completed_by=completed_by,
        mode=mode,
    )


def _check_status(status: Any, fail: _Fail) -> None:
    """Refuse a response that is not a finished form (a draft must not enter a trajectory)."""
    if status in SCORED_STATUSES:
        return
    shown = f"{status!r} is" if status in _OTHER_STATUSES else "this status is"
    raise fail(
        "status",
        f"{shown} not a completed response; only completed or amended responses are scored",
    )


def _client(subject: Any) -> str | None:
    """The client: our identifiers by value, another system's as ``system|value``.

    Equal values of two systems stay two clients, and the export writes the system back.
    """
    if not isinstance(subject, Mapping):
        return None
    identifier = subject.get("identifier")
    if isinstance(identifier, Mapping) and identifier.get("value"):
        system = str(identifier.get("system") or "")
        if system and system not in _OWN_SYSTEMS and _URI.match(system):
            return f"{system}|{identifier['value']}"
        return str(identifier["value"])
    return str(subject["reference"]) if subject.get("reference") else None


def _extensions(extensions: Any) -> dict[str, str]:
    found = {}
    for extension in extensions if isinstance(extensions, list) else []:
        url = str(extension.get("url", "")) if isinstance(extension, Mapping) else ""
        key = url.removeprefix(EXTENSION_BASE)
        if url.startswith(EXTENSION_BASE) and key in _EXTRAS:
            found[key] = str(extension.get("valueString") or extension.get("valueCode") or "")
    return found


def _item_values(defn: MeasureDefinition, items: Any, fail: _Fail) -> tuple[float | None, ...]:
    values: dict[str, float | None] = dict.fromkeys(defn.item_ids)
    seen: dict[str, int] = {}
    for index, item in enumerate(_flatten(items)):
        link = str(item.get("linkId", ""))
        if link not in values:
            raise fail(f"item[{index}].linkId", f"{link!r} is not an item of {defn.short}")
        if link in seen:  # a second answer to one item: never keep one silently
            raise fail(
                f"item[{index}].linkId",
                f"{link!r} appears twice (also item[{seen[link]}]); each item is answered once",
            )
        seen[link] = index
        answers = item.get("answer") or []
        if len(answers) != 1 or not isinstance(answers[0], Mapping):
            raise fail(f"item[{index}].answer", "needs exactly one answer")
        values[link] = _number(answers[0], f"item[{index}].answer", fail)
    return tuple(values.values())


def _flatten(items: Any) -> Iterator[Mapping[str, Any]]:
    for item in items if isinstance(items, list) else []:
        if isinstance(item, Mapping):
            if item.get("item"):
                yield from _flatten(item["item"])
            else:
                yield item


def _number(answer: Mapping[str, Any], field: str, fail: _Fail) -> float:
    for key in ("valueDecimal", "valueInteger"):
        value = answer.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
    coding = answer.get("valueCoding")
    if isinstance(coding, Mapping):
        try:
            return float(str(coding.get("code")))
        except ValueError:
            pass
    raise fail(field, "needs valueDecimal, valueInteger or a valueCoding whose code is a number")
