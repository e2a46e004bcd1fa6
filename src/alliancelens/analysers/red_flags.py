"""Therapist red flags (``red_flags.therapist``): openings for reflection, not verdicts.

Method (documented in ``docs/analysers/red_flags.md``; version-1 cues in
:mod:`alliancelens.analysers._therapist_lexicon`, version-2 cue families and their turn-context
checks in :mod:`alliancelens.analysers._red_flag_rules`). Kinds follow the ruptures-examples
README; MITI 4.2.1 *Persuade* without permission and *Confront* (clinical-reference §6.1):

* ``therapist_own_problems``: first-person narrative of the therapist's own life (``my divorce``,
  ``I went through ...``, ``same here``, ``me and the missus``): at least
  ``own_problems_min_cues`` cues in one utterance. A brief here-and-now disclosure ("I feel
  quite moved hearing that") or a brief disclosure tied back to the client ("... everyone's
  grief is their own. What's it been like for you?") is not counted. Each item carries the share
  of all therapist words spent in such sentences.
* ``unsolicited_advice``: a directive (second-person modal, "I'd recommend", "why don't you",
  an imperative of an everyday action) when the client did not ask, the therapist did not ask
  permission within the last three turns, did not hand the choice back, and the wording is not a
  reflection of the client's own "should", reported or quoted speech, a question or a
  prediction. Our own lexical permission check, so the analyser does not depend on the
  micro-skills analyser.
* ``judgmental_remark``: an evaluative statement about the client's character or conduct
  (labels such as "lazy", "in denial", moralising "you should have known", belittling), unless
  the therapist is reflecting the client's own word, quoting, or speaking of a third party.
* ``ignoring_client_feedback``: the client objected to the task, the plan or the therapist in
  the turn being answered, and the reply pushes on (task talk, "let's keep", "you'll be fine",
  back to the refused topic) without acknowledging or adjusting.
* ``interrupting``: the therapist starts talking at least ``talk.statistics``'
  ``interruption_min_overlap`` seconds before the client finished (timestamps needed).
* ``dominating_talk_time``: the therapist's share of talk exceeds ``dominating_share`` in a
  session of at least ``dominating_min_words`` words. The threshold is a configurable default,
  not a published cut-off.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, Final

from alliancelens.analysers import _red_flag_rules as rules
from alliancelens.analysers import _therapist_lexicon as lex
from alliancelens.analysers import talk as _talk  # noqa: F401 - register talk.statistics first
from alliancelens.analysers.base import Analyser, FindingSet
from alliancelens.analysers.registry import register
from alliancelens.domain import Finding, Role, Session, Utterance

__all__ = ["TherapistRedFlags", "red_flags_in"]


def _words(text: str) -> frozenset[str]:
    """A word set written as one string."""
    return frozenset(text.split())


_LIFE = (
    r"(?:(?:ex-?)?(?:husband|wife|partner|boyfriend|girlfriend)(?:'s)?|ex|kids|children|son|"
    r"daughter|mum|mam|mom|mother|dad|father|parents|sister|brother|gran|granny|grandma|"
    r"grandmother|grandad|grandfather|nan|nana|cousin|in-laws|da|daddy|mummy|mammy|folks|tita|"
    r"tito|auntie|aunt|uncle|family|dog|cat|house|flat|home|boiler|"
    r"landlord|deposit|rent|mortgage|car|minivan|bills|back|knee|weight|health|doctor|gp|meds|"
    r"medication|own (?:therapy|therapist|studies|training|doctoral|depression|anxiety|grief|"
    r"divorce|recovery)|therapy|surgery|operation|diagnosis|burnout|divorce|breakup|marriage|"
    r"first marriage|wedding|funeral|childhood|twenties|thirties|forties|fifties|youth|"
    r"holiday|christmas|place|farm|property|business|shop|mortgage)"
)
_OWN_CUES: Final = (
    re.compile(
        rf"\b(?:my|our|mine|me and my) (?:\w+ )?{_LIFE}\b|\b(?:ours|mine)(?: \w+)? (?:kept|was|"
        r"did|took|went|were|lasted|cost|got)\b"
    ),
    re.compile(
        r"\bi (?:literally |actually |basically |just |really |totally |once |even )?(?:was|had|"
        r"dropped out|sat|stood|turned|stopped|started|lived|worked|got|went|lost|spent|drove|"
        r"ended up|used to|took|couldn't|"
        r"couldnae|didnae|almost|nearly|grew up|slipped|quit|moved|left|split|fought|cried|"
        r"lie there|lay there|still (?:avoid|hate|miss|think about|dream|remember|have|get)|"
        r"was prescribed|experienced|"
        r"'ve been dealing|'ve been arguing|have been arguing|'re still paying|did the same|"
        r"have lost|'ve lost|was sober|'ve (?:stopped|started|given up|quit|cut out))\b"
        r"(?! (?:wondering|thinking|struck|curious|going to|hoping|trying to (?:understand|"
        r"follow|get)|the sense|a sense|the impression|a thought|an idea|that wrong|it wrong|you|"
        r"lost for words))"
    ),
    re.compile(
        r"\b(?:same here|been there|tell me about it|don't talk to me about|that takes me back|"
        r"takes me back|i can relate|that was me|i know the feeling|i was exactly the same|"
        r"reminds me of (?:when i|my)|in my own experience|speaking from (?:my own )?experience|"
        r"(?:with|like|and) mine\b|same (?:thing )?(?:with|for) my|(?:me|i) and (?:the|my) "
        r"(?:wife|husband|missus|mrs|partner|kids|other half)|(?:sorted|fixed|helped|worked for) "
        r"mine|(?:we|i) had the same|same "
        r"(?:fight|thing|problem|story|issue) (?:with|over)|the day i|i(?:'ve| have| had| was|'m|"
        r" am| did)\b[^.?!]{0,50}\bmyself\b|"
        r"the (?:wife|husband|missus|kids|weans) and (?:me|i)|i(?:'ve| have) been there|"
        r"myself (?:this|last) year|"
        r"(?:a|two|three|few|couple of) (?:years|summers|months|winters) (?:ago|back)|growing up|"
        r"the year i|when i was|(?:in|at) (?:college|uni|university|high school|school)|(?:last|"
        r"that) (?:year|summer|christmas),? (?:i|we|my))"
        r"\b"
    ),
)
_TIE_BACK: Final = re.compile(
    r"\b(?:(?:like|for|about) you\b[^.?!]*\?|what about you|yours\b|their own|your own (?:way|"
    r"experience)|i mention (?:it|this|that)|i'll (?:say|share) (?:this |something |it )?"
    r"briefly|i'd rather keep the focus|back to you|keep the focus on you|enough about me|"
    r"but this is about you|what (?:does|is|was|has) (?:it|that|this)[^.?!]* (?:like|give) "
    r"(?:for )?you)"
)


def _tied_back_to_client(text: str) -> bool:
    """True when a disclosure is explicitly handed back to the client's experience."""
    return _TIE_BACK.search(text) is not None


_FIRST_PERSON = re.compile(
    r"\b(?:i|i'm|i've|i'd|i'll|me|my|mine|myself|we|we're|our|us)\b|\b(?:been there|same here)\b"
)
_SECOND_PERSON = re.compile(r"\b(?:you|your|you're|you've|yourself)\b")
#: A disclosure tied back to the client stays brief: at most this many self-disclosing words.
#: Our own working value (no published cut-off), set on the synthetic training batches.
_TIED_BACK_MAX_WORDS = 30
#: A therapist turn this short between an objection and the reply does not answer the objection.
_FILLER_MAX_WORDS = 3


_BARE_CONTRACTIONS = re.compile(
    r"\b(?:(can|don|didn|doesn|won|wouldn|couldn|shouldn|isn|aren|wasn|haven)t|(i)m|(you)re|"
    r"(that)s|"
    r"(i)ve|(let)s)\b"
)
_STUTTER = re.compile(r"\b([a-z']+)(?:-\1\b)+")
_TEXT_SPEAK = re.compile(r"\b(u|ure|ppl|pls|plz|ah've|ah'm|masel|meself|ur)\b( \w+)?")
_SPOKEN = {
    "u": "you",
    "ure": "you're",
    "ppl": "people",
    "pls": "please",
    "plz": "please",
    "ah've": "i've",
    "ah'm": "i'm",
    "masel": "myself",
    "meself": "myself",
    "ur": "your",
}
_YOU_ARE_NEXT = frozenset(
    [
        "just",
        "not",
        "so",
        "always",
        "being",
        "gonna",
        "going",
        "really",
        "never",
        "too",
        "very",
        "a",
        "an",
    ]
)


def _spoken(match: re.Match[str]) -> str:
    """Text-speak and Scots spellings the cues rely on, written out ("ur just" -> "you're just")."""
    word, after = match.group(1), match.group(2) or ""
    if word == "ur" and after.strip() in _YOU_ARE_NEXT:
        return "you're" + after
    return _SPOKEN[word] + after


_SPELLED = {"can": "can't", "won": "won't", "you": "you're", "that": "that's", "let": "let's"}


def _contraction(match: re.Match[str]) -> str:
    stem = next(g for g in match.groups() if g)
    if stem == "i":
        return "i'm" if match.group().endswith("m") else "i've"
    return _SPELLED.get(stem, stem + "'t")


def _norm(text: str) -> str:
    """Lower case, straight apostrophes and single spaces, with spoken spellings written out.

    "let us", bare contractions as in speech-to-text output ("dont", "im"), stutters ("i-i"),
    text-speak ("u", "ur") and a few Scots and Northern forms ("masel", "meself") are spelled
    the usual way, so one cue list serves them all.
    """
    text = " ".join(text.lower().replace("\u2019", "'").split()).replace("let us ", "let's ")
    if "-" in text:
        text = _STUTTER.sub(r"\1", text)
    text = _BARE_CONTRACTIONS.sub(_contraction, text)
    return _TEXT_SPEAK.sub(_spoken, text)


def _cues(sentence: str) -> list[str]:
    """Own-life cues in one sentence.

    Every version-1 match counts as in version 1; a version-2 family match counts when it
    overlaps none of them and the sentence is in the first person, and a narrative verb ("I
    went") only when the sentence is not about "you" ("I went to him too fast, before I'd heard
    what it was like for you" is the therapist owning a mistake, not their life story).
    """
    v1 = [
        (m.start(), m.end(), m.group())
        for pattern in (lex.OWN_LIFE, lex.OWN_NARRATIVE, lex.SAME_AS_CLIENT)
        for m in pattern.finditer(sentence)
    ]
    taken = [(a, b) for a, b, _ in v1]
    if _FIRST_PERSON.search(sentence):
        about_you = _SECOND_PERSON.search(sentence) is not None
        for family, pattern in enumerate(_OWN_CUES):
            if family == 1 and about_you:
                continue
            for m in pattern.finditer(sentence):
                if all(m.end() <= a or m.start() >= b for a, b in taken):
                    taken.append((m.start(), m.end()))
                    v1.append((m.start(), m.end(), m.group()))
    return [cue for _, _, cue in sorted(v1)]


def _own_problem_words(text: str, min_cues: int) -> tuple[int, str | None]:
    """Words of the self-disclosing sentences and the first cue, when there are enough cues."""
    cues: list[str] = []
    words = 0
    for sentence in rules.SENTENCE.findall(text):
        found = _cues(sentence)
        if found:
            cues.extend(found)
            words += len(sentence.split())
    if len(cues) < min_cues or (lex.HERE_AND_NOW.search(text) and len(cues) < min_cues + 1):
        return 0, None
    if words <= _TIED_BACK_MAX_WORDS and _tied_back_to_client(text):
        return 0, None
    return words, cues[0]


def _client_before(utterances: Sequence[Utterance], pos: int) -> int | None:
    """Position of the client turn this therapist turn answers.

    That is the previous turn, or the one before it when the therapist's turn in between was
    only a brief filler ("Mm.", "Okay.").
    """
    for back in (1, 2):
        if pos - back < 0:
            return None
        earlier = utterances[pos - back]
        if earlier.role is not Role.THERAPIST:
            return pos - back
        if earlier.words > _FILLER_MAX_WORDS:
            return None
    return None


def red_flags_in(
    utterances: Sequence[Utterance], *, own_problems_min_cues: int = 2
) -> tuple[list[dict[str, Any]], int]:
    """Utterance-level red flags and the therapist words spent on the therapist's own problems."""
    items: list[dict[str, Any]] = []
    own_words = 0
    normed = [_norm(u.text) for u in utterances]
    invites = [
        rules.invites_advice(u.role is Role.THERAPIST, t)
        for u, t in zip(utterances, normed, strict=True)
    ]
    for pos, u in enumerate(utterances):
        if u.role is not Role.THERAPIST:
            continue
        text = normed[pos]
        window = range(max(0, pos - 3), pos)
        last_client = next(
            (normed[i] for i in reversed(window) if utterances[i].role is not Role.THERAPIST), ""
        )
        answered = _client_before(utterances, pos)
        before = utterances[answered] if answered is not None else None
        client_before = normed[answered] if answered is not None else ""
        words, cue = _own_problem_words(text, own_problems_min_cues)
        if cue is not None:
            own_words += words
            reason = f"the therapist's own life comes in ({words} words)"
            items.append(_item(u.index, "therapist_own_problems", cue, reason, words=words))
        invited = any(invites[i] for i in window)
        advice = rules.advice_cue(text, invited=invited, last_client=last_client)
        if advice is not None:
            reason = "advice or a directive without the client asking or permission"
            items.append(_item(u.index, "unsolicited_advice", advice, reason))
        judgment = rules.judgment_cue(text, client_before)
        if judgment is not None:
            reason = "evaluative, moralising or belittling wording about the client"
            items.append(_item(u.index, "judgmental_remark", judgment, reason))
        pushes = rules.ignores_feedback(text, client_before) if before is not None else None
        if pushes is not None and before is not None:
            items.append(
                _item(
                    u.index,
                    "ignoring_client_feedback",
                    pushes,
                    f"presses on after the client's objection at {before.index}",
                    evidence=[before.index, u.index],
                )
            )
    return items, own_words


def _item(
    index: int | None,
    kind: str,
    matched: str | None,
    reason: str,
    *,
    evidence: list[int] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "index": index,
        "kind": kind,
        "reason": reason,
        "matched": matched,
        "evidence": evidence if evidence is not None else ([] if index is None else [index]),
        **extra,
    }


@register
class TherapistRedFlags(Analyser):
    """Therapist behaviours the seed literature links to ruptures and poorer outcomes."""

    name = "red_flags.therapist"
    version = 2
    requires = frozenset({"roles", "talk.summary"})
    produces = frozenset({"red_flags.summary"})
    description = (
        "Therapist red flags: own problems, advice without permission, judgmental remarks, "
        "ignoring feedback, interrupting, dominating talk time."
    )

    def __init__(
        self,
        *,
        dominating_share: float = 0.75,
        dominating_min_words: int = 300,
        own_problems_min_cues: int = 2,
    ) -> None:
        self.dominating_share = dominating_share
        self.dominating_min_words = dominating_min_words
        self.own_problems_min_cues = own_problems_min_cues

    def _analyse(self, session: Session, upstream: FindingSet) -> Iterable[Finding]:
        utterances = session.utterances
        items, own_words = red_flags_in(
            utterances, own_problems_min_cues=self.own_problems_min_cues
        )
        therapist_words = sum(u.words for u in utterances if u.role is Role.THERAPIST)
        share = round(own_words / therapist_words, 4) if therapist_words else None
        for item in items:
            if item["kind"] == "therapist_own_problems":
                item["share_of_therapist_words"] = share
        talk = next((f.value for f in upstream.of_kind("talk.summary")), None)
        if isinstance(talk, dict):
            items.extend(self._from_talk(session, talk))
        items.sort(key=lambda i: (i["index"] is None, i["index"] or 0, i["kind"]))
        evidence = sorted({i for item in items for i in item["evidence"]})
        yield self.session_finding("red_flags.summary", items, utterance_indexes=evidence)

    def _from_talk(self, session: Session, talk: dict[str, Any]) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        positions = {u.index: pos for pos, u in enumerate(session.utterances)}
        for index in talk.get("interruption_indexes") or []:
            pos = positions.get(index)
            if pos is None or pos == 0:
                continue
            u, before = session.utterances[pos], session.utterances[pos - 1]
            if u.role is Role.THERAPIST and before.role is not Role.THERAPIST:
                found.append(
                    _item(
                        index,
                        "interrupting",
                        None,
                        f"started before the client finished utterance {before.index}",
                        evidence=[before.index, index],
                    )
                )
        share = (talk.get("by_role") or {}).get("therapist", {}).get("talk_share")
        if (
            share is not None
            and share > self.dominating_share
            and talk.get("words", 0) >= self.dominating_min_words
        ):
            longest = sorted(
                (u for u in session.utterances if u.role is Role.THERAPIST),
                key=lambda u: u.words,
                reverse=True,
            )[:3]
            found.append(
                _item(
                    None,
                    "dominating_talk_time",
                    None,
                    f"therapist held {share:.0%} of the talk (by {talk['basis']}); "
                    f"threshold {self.dominating_share:.0%} (configurable default)",
                    evidence=sorted(u.index for u in longest),
                    share=share,
                )
            )
        return found
