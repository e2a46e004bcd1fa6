"""Therapist relational skills (``relational.markers``): empathy, Rogers' conditions, collaboration.

Method (documented in ``docs/analysers/relational.md``):

* **Empathy per therapist utterance** (``empathy.code``, merged into ``codes.empathy``): the
  EPITOME mechanisms emotional reactions, interpretations and explorations at levels 0/1/2
  (clinical-reference §8), from the transparent lexical rater in
  :mod:`alliancelens.analysers._empathy`. An estimate, not the human-coded scale (§0.2 rule 3).
* **Session markers** (``relational.summary``), each with the utterance indexes behind it
  (cues in :mod:`alliancelens.analysers._therapist_lexicon`):

  - Rogers' conditions (§9.1): ``positive_regard`` (validation, appreciation, specific
    affirmation) against ``criticism`` (judgmental wording); ``congruence`` (owning a mistake,
    a genuine here-and-now disclosure or immediacy). Since version 4 a turn the rupture
    detector's phrase lists read as R5 (acknowledging one's own contribution) or R6
    (disclosing one's own reaction) is congruence too, so the two analysers code the same turn
    the same way ("I was pushing you", "that's on me"). Since version 6 immediacy counts, and
    a turn about the therapist's own life that never turns to the client does not;
  - ``collaborative_empiricism`` (CTRS items 5 and 7, §7): treating beliefs as hypotheses,
    Socratic questions, designing tests together;
  - ``feedback_elicitation`` (CTRS item 2): asking how the session was for the client.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from alliancelens.analysers import _red_flag_own as own
from alliancelens.analysers import _therapist_lexicon as lex
from alliancelens.analysers._empathy import MECHANISMS, SEEKER_SHARES, rate_empathy
from alliancelens.analysers._feedback_phrases import asks_feedback
from alliancelens.analysers._red_flag_text import normalise
from alliancelens.analysers._roleplay import in_role_indexes
from alliancelens.analysers.base import Analyser, FindingSet
from alliancelens.analysers.registry import register
from alliancelens.analysers.ruptures import owns_or_discloses
from alliancelens.domain import Evidence, Finding, Role, Scope, Session

__all__ = ["RelationalMarkers"]

ESTIMATE_NOTE = (
    "Automated estimate from wording. EPITOME was built on peer-support text, so transfer to "
    "therapist speech is an assumption (clinical-reference §8)."
)


def _marker(indexes: list[int]) -> dict[str, Any]:
    return {"count": len(indexes), "indexes": indexes}


@register
class RelationalMarkers(Analyser):
    """EPITOME empathy levels per therapist utterance and session markers of relational skill."""

    name = "relational.markers"
    # 5: feedback cues with the session named in between ("anything about today that didn't
    # work for you?") and "anything I should do differently" (qa15 item 6);
    # 4: congruence shares the rupture detector's R5/R6 phrases; feedback cues widened (qa13);
    # 3: shared feedback cues; directives are not collaboration; 2: couples
    # 6: feedback asked in more forms ("how the session felt today", "was this helpful
    # today?", "how was this session for each of you?") and "how did that go?" no longer counts
    # (homework review); immediacy ("I just noticed something shift") is congruence; a turn
    # about the therapist's own life with no "you" is never congruence (qa22 items 3, 4, 13; qa24
    # item 3)
    # 7: EPITOME IP 2 for reflections of feeling or meaning without "you feel" ("it feels like
    # nothing has moved", "it sounds really discouraging to ...", "so the fear was ..."); EX 2
    # for explorations put as statements ("I'm curious what it felt like for you"); the
    # therapist's own story is no "similar experience" unless the client shared one; feedback
    # asked as a construct ("check how today went", "anything about how we've been working
    # that you'd change", "anything ..., or that I missed") (QA28 #4, #11)
    version = 10
    requires = frozenset({"roles"})
    produces = frozenset({"empathy.code", "relational.summary"})
    description = (
        "Empathy (EPITOME ER/IP/EX) per therapist utterance; positive regard, criticism, "
        "congruence, collaborative empiricism and feedback elicitation per session."
    )

    def __init__(self) -> None:
        pass

    def _analyse(self, session: Session, upstream: FindingSet) -> Iterable[Finding]:
        del upstream  # needs nothing from other analysers
        own.forget_sentences()  # a memo within one session only
        ratings: dict[int, dict[str, int]] = {}
        markers: dict[str, list[int]] = {
            "positive_regard": [],
            "criticism": [],
            "congruence": [],
            "feedback_elicitation": [],
        }
        empiricism: dict[str, list[int]] = {k: [] for k in lex.COLLABORATIVE_EMPIRICISM}
        provenance = self.provenance
        client_before = ""
        in_role = in_role_indexes(session.utterances)  # v8 (QA qa30 #5)
        for u in session.utterances:
            if u.role is not Role.THERAPIST:
                client_before = u.text if u.role is Role.CLIENT else client_before
                continue
            # v7: the therapist's own story is "a similar experience" only after the client
            # shared one (QA28 #11)
            shared = SEEKER_SHARES.search(normalise(client_before)) is not None
            # v8: a therapist turn inside a chair-work or role-play span coaches the enactment
            coaching = u.index in in_role
            ratings[u.index] = rate_empathy(u.text, seeker_shared=shared, coaching=coaching)
            # Built directly with one provenance: utterance_finding() recomputes it every call.
            yield Finding(
                kind="empathy.code",
                value={"empathy": ratings[u.index]},
                provenance=provenance,
                evidence=Evidence((u.index,)),
                scope=Scope.UTTERANCE,
                utterance_index=u.index,
            )
            text = " ".join(u.text.lower().replace("’", "'").split())
            for name, pattern in (
                ("positive_regard", lex.VALIDATION),
                ("criticism", lex.JUDGMENTAL),
                ("congruence", lex.CONGRUENCE),
            ):
                if pattern.found_in(text):
                    markers[name].append(u.index)
            if asks_feedback(text):  # v9: not "how did that feel?" about a client's event
                markers["feedback_elicitation"].append(u.index)
            if u.index not in markers["congruence"] and owns_or_discloses(text):
                markers["congruence"].append(u.index)  # R5/R6, as ruptures.detector reads it
            if markers["congruence"][-1:] == [u.index] and own.is_own_life_disclosure(
                normalise(u.text)
            ):
                markers["congruence"].pop()  # the therapist's own life, not congruence (v6)
            directive = lex.UNILATERAL_DIRECTIVE.search(text) is not None
            for kind, pattern in lex.COLLABORATIVE_EMPIRICISM.items():
                if not directive and pattern.found_in(text):
                    empiricism[kind].append(u.index)
        if not session.utterances:
            return
        combined = sorted({i for found in empiricism.values() for i in found})
        empathy = _empathy_summary(ratings)
        value: dict[str, Any] = {
            "empathy": empathy,
            **{name: _marker(indexes) for name, indexes in markers.items()},
            "collaborative_empiricism": {**_marker(combined), "by_type": empiricism},
            "therapist_utterances": len(ratings),
        }
        evidence = sorted({i for found in markers.values() for i in found} | set(combined))
        yield self.session_finding(
            "relational.summary",
            value,
            utterance_indexes=evidence,
            scores={f"empathy_mean_{m}": empathy["mean"][m] or 0.0 for m in MECHANISMS},
        )


def _empathy_summary(ratings: dict[int, dict[str, int]]) -> dict[str, Any]:
    n = len(ratings)
    levels = {m: {str(level): 0 for level in (0, 1, 2)} for m in MECHANISMS}
    for rating in ratings.values():
        for m in MECHANISMS:
            levels[m][str(rating[m])] += 1
    return {
        "rated_utterances": n,
        "mean": {
            m: round(sum(r[m] for r in ratings.values()) / n, 3) if n else None for m in MECHANISMS
        },
        "levels": levels,
        "strong_indexes": {m: [i for i, r in ratings.items() if r[m] == 2] for m in MECHANISMS},
        "note": ESTIMATE_NOTE,
    }
