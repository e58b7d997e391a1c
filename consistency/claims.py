"""Claims from article bodies, read the way a journalist reads them.

A sentence becomes a `Claim` with its proposition (the content clause without the attribution
frame), who asserts it (`attribution.py`), how surely and whether (`hedging.py`), its numbers
and dates (`quantities.py`) and its entities with aliases folded (`aliases.py`).

Lines that are not claims never reach the parser: bylines, captions and credits, boilerplate,
datelines alone, non-English lines. Questions and verbless headlines are dropped after parsing.
All articles of a batch go through one `nlp.pipe`, so extraction stays cheaper than embedding.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from consistency.aliases import fold_entity
from consistency.articles import is_date_line
from consistency.attribution import (
    ANON_HEADS,
    BODY_NOUNS,
    DENIAL_VERBS,
    ORIGINAL_TEXT,
    OUTLET_NOUNS,
    PRONOUNS,
    TITLE_NOUNS,
    Attribution,
    Frame,
    attribute,
    phrase,
    speaker_kind,
    written,
    written_text,
)
from consistency.embeddings import nlp
from consistency.hedging import read_stance
from consistency.language import replace_surrogates
from consistency.memory import each_once
from consistency.models import Claim, Entity, Quantity
from consistency.quantities import extract_quantities
from consistency.terms import GENERIC

log = logging.getLogger(__name__)

BATCH_SIZE = 64
PARSE_CACHE = 512  # parsed segments kept for reuse (see `_parse`): 15-90 KB each with spaCy's tensors
_parsed: dict[str, Doc] = {}
_parsed_lock = threading.Lock()
MAX_SEGMENT = 5_000  # characters handed to the parser at once; longer lines are cut at sentence ends
MIN_WORDS = 4
ENTITY_LABELS = frozenset(["PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"])
CONTENT_POS = frozenset(["NOUN", "PROPN", "VERB", "ADJ", "NUM"])
QUOTES = "\"'“”‘’«»„"

# "WASHINGTON (CNN) —", "MOSCOW, March 3 (Reuters) -", "KYIV, Ukraine (AP) —", "LONDON —"
_DATELINE_RE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][\w.]*(?:\s+[\w.]+){0,2})?)\s*"
    r"(?:\((?P<outlet>[^()\n]{2,40})\)\s*)?(?:[—–]|--?)\s*"
)
FIRST_PERSON = frozenset(["i", "we", "me", "us", "my", "our"])
DATELINE_REACH = 3000  # characters into the body where a dateline naming its outlet may still open the story
_BOILERPLATE_RE = re.compile(
    r"^\W*(?:read more|sign up|share this|share on|advertisement|subscribe|click here|follow us|"
    r"related:|related articles|recommended|watch:|listen:|newsletter|skip to|cookie|all rights reserved|"
    r"copyright|©|\(c\)\s*\d{4}|more from|most read|trending|this article|this story|editor'?s note|"
    r"image source|getty images|story continues|continue reading|log in|sign in|download the|"
    r"corrections?\s*:|clarifications?\s*:|an earlier version of this)",
    re.IGNORECASE,
)
_CAPTION_RE = re.compile(
    r"^\W*(?:foto|photo|photos|image|picture|pictured|caption|credit|photograph|video|source|illustration|"
    r"file photo|bild)\s*(?:\d+\s*)?[:|/–—-]",
    re.IGNORECASE,
)
_CREDIT_TAIL_RE = re.compile(
    r"(?:\((?:photo|image|credit)[^)]*\)|/\s*(?:getty images|reuters|afp|ap|shutterstock|epa)\b|"
    r"\b(?:photo|image)\s*(?:by|credit|:)\s)",
    re.IGNORECASE,
)
_BYLINE_RE = re.compile(
    r"^\s*(?:by|von|par|por)\s+[A-Z][\w.'’-]+(?:[\s,]+(?:and\s+)?[A-Z][\w.'’-]+){0,8}\s*[,|]?[^.!?]{0,40}$"
)
_POST_RE = re.compile(r"\bThe post\b.*\bappeared first on\b", re.IGNORECASE)
_LABEL_RE = re.compile(
    r"^\s*(?P<label>report|reports|sources?|exclusive|breaking(?: news)?|update[d]?|watch|analysis|"
    r"opinion|live|video|photos|explainer|factbox|fact check|comment)\s*[:|—–-]\s+",
    re.IGNORECASE,
)
_TAIL_LABEL_RE = re.compile(
    r"(?:\s+[-–—|]\s+|:\s+)(?P<label>reports?|sources?|media|officials|report says|sources say|"
    r"(?:[\w.'’-]+\s+){0,3}(?:paper|newspaper|monitor|media|report|reports|sources|officials|agency))\s*$",
    re.IGNORECASE,
)
_NAME_LABEL_RE = re.compile(r"^\s*(?P<label>[A-Z][\w.'’-]*(?:\s+[\w.'’-]+){0,2})\s*:\s+(?=\S)")
# headline kickers ("SHOCKING:", "Hoax alert:") are not speakers
_KICKER_WORDS = frozenset(
    """shocking official rare hoax alert update updated exclusive revealed confirmed fake-news fake false
    watch video photos breaking wow analysis opinion live explainer factbox fact check comment news
    warning report""".split()
)
_FINAL_PUNCT = tuple(".!?…:;" + QUOTES + ")")
_EN_WORDS = frozenset(
    """the a an of to in and is are was were be been has have had it that this for on with as by at
    from but not or said says will would he she they we his her their its who which after over more
    than about into also new after there what when i you our""".split()
)
# function words of the languages most often met beside English (German, French, Spanish,
# Italian, Portuguese, Dutch); none is also a common English word ("die", "van", "do" are left out)
_FOREIGN_WORDS = frozenset(
    """der das und ist nicht mit sich auf für von zu den dem des ein eine einer im auch wird wurde sind
    le la les et est un une du pour que qui dans sur au aux pas ne par avec ce cette été sont selon mais sans
    el los las y es una por con para del se lo como más pero fue han
    il gli è della di che non sono anche nel alla dei delle
    os é um uma não da em ao pelo foi
    het een en niet op te dat voor zijn werd""".split()
)
# "declined to comment", "did not respond to a request for comment", "could not be reached", "would
# neither confirm nor deny"; not "refused the government's request", "Asked to confirm or deny ...",
# "could not be reached by road", "did not respond to calls for help"
_NON_ANSWER_RE = re.compile(
    r"\b(?:declined|declines|refused|refuses|did not|didn't|could not|couldn't|was not available|"
    r"were not available|not immediately)\b[^.]{0,40}?"
    r"\b(?:comment|be reached(?= for comment|\s*[.,;]|\s*$)|respond(?:ed)? to (?:an? |the |several |repeated )?"
    r"(?:requests?|questions?|emails?|inquiries|enquiries)|requests? for comment)"
    r"|(?:\bneither|\bnot|n't|\brefuse[sd]?|\brefusing|\bdecline[sd]?|\bdeclining)\s+(?:to\s+)?confirm(?:s|ed)?"
    r"\s+(?:or|nor)\s+den(?:y|ies|ied)\b",
    re.IGNORECASE,
)
# "declined to comment on the closure, but confirmed it will close", "which did not comment, denied
# reports ...": the answer comes after all
_ANSWERED_AFTER = re.compile(r"\b(?:but|denied|denies|confirmed|confirms)\b", re.IGNORECASE)


@dataclass
class _Segment:
    """A stretch of the body handed to the parser, with what the line around it told us."""

    start: int
    end: int
    label: str | None = None  # "Report:" / "... - sources" / "Putin:" headline attribution
    headline: bool = False  # no final punctuation: a headline, subhead or caption


@dataclass
class _Context:
    """What one article's earlier sentences tell later ones (self outlet, who 'he' is)."""

    published_at: datetime | None
    self_outlet: str | None
    last_person: str | None = None
    last_quote: Claim | None = None
    sources: dict[str, str] = field(default_factory=dict)  # "source" -> "Three sources": who "the sources" are
    borrowed: set[int] = field(default_factory=set)  # id() of claims whose speaker came from a sentence before
    last_claim: Claim | None = None  # what "X denied this" denies
    last_segment: _Segment | None = None  # the paragraph last_claim came from
    pointer: tuple[Claim, Claim] | None = None  # the last pointing-back denial and the claim it denies
    # a source's account that the next sentence may continue: (the attributed claim, the last
    # claim of the account so far, the tense of its reported clause)
    account: tuple[Claim, Claim, str] | None = None
    # the terms of the sentence before (with what it leaned on in turn), and each earlier sentence's
    # lower-case text with its terms: what a claim that names its subject only by a pronoun or a
    # definite phrase leans on (see `_context_terms`)
    last_terms: list[str] = field(default_factory=list)
    said: list[tuple[str, list[str]]] = field(default_factory=list)


def _english(text: str) -> bool:
    """Cheap language check before parsing: non-English lines give no (or very few) claims."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    if sum(1 for c in letters if c.isascii()) / len(letters) < 0.8:
        return False
    tokens = re.findall(r"[A-Za-z']+", text)
    words = [t.lower() for t in tokens]
    if len(words) < 8:
        return True
    # a dense English news sentence has few function words ("Israel struck a military site near
    # Tehran overnight, Iranian state media reported": one); other languages have their own
    english = sum(1 for w in words if w in _EN_WORDS)
    # a particle of a name ("Ursula von der Leyen", "Marine Le Pen") is no sign of another language
    foreign = sum(
        1
        for i, t in enumerate(tokens)
        if t.lower() in _FOREIGN_WORDS
        and not t[0].isupper()
        and not (i + 1 < len(tokens) and tokens[i + 1][0].isupper())
    )
    return foreign == 0 or (english > foreign and english / len(words) >= 0.05)


def _skip_line(line: str) -> bool:
    stripped = line.strip()
    if not stripped:
        return True
    if _BOILERPLATE_RE.match(stripped) or _CAPTION_RE.match(stripped) or _POST_RE.search(stripped):
        return True
    if _BYLINE_RE.match(stripped) and len(stripped.split()) <= 12:
        return True
    if _CREDIT_TAIL_RE.search(stripped) and len(stripped) < 300:
        return True
    if _DATELINE_RE.fullmatch(stripped + " —") and len(stripped.split()) <= 6 and stripped.isupper():
        return True
    if is_date_line(stripped) and not stripped.endswith(_FINAL_PUNCT):
        return True  # "Published 21 November 2026" dates the page; it is no claim
    return not _english(stripped)


def _segments(body: str) -> tuple[list[_Segment], str | None]:
    """Lines worth parsing (offsets into `body`), and the dateline's outlet if there is one."""
    segments: list[_Segment] = []
    self_outlet = None
    first, seen = True, False
    for m in re.finditer(r"[^\n]+", body):
        start, end = m.start(), m.end()
        line = m.group(0)
        # the dateline opens the first paragraph, after any byline or "Updated ..." line; one that
        # names its outlet ("PRZEWODOW, Poland (AP) —") is one after captions and page mess too
        if (first or (not seen and start < DATELINE_REACH)) and line.strip() and not _skip_line(line):
            opening, first = first, first and not line.rstrip().endswith(_FINAL_PUNCT)
            d = _DATELINE_RE.match(line)
            if d and (d.group("outlet") or (opening and len(d.group("place").split()) <= 4)):
                self_outlet, first, seen = d.group("outlet"), False, True
                start += d.end()
                line = body[start:end]
        if _skip_line(line):
            continue
        lead = len(line) - len(line.lstrip())
        start += lead
        end = start + len(line.strip())
        label = None
        headline = not body[start:end].rstrip().endswith(_FINAL_PUNCT)
        lm = _LABEL_RE.match(body, start, end)
        if lm is None and headline:
            lm = _NAME_LABEL_RE.match(body, start, end)
        if lm:
            label = lm.group("label")
            start = lm.end()
        tm = _TAIL_LABEL_RE.search(body, start, end)
        if tm:
            label = label or tm.group("label")
            end = tm.start()
        while end - start > MAX_SEGMENT:
            cut = max(body.rfind(". ", start, start + MAX_SEGMENT), body.rfind("\u3002", start, start + MAX_SEGMENT))
            cut = cut + 1 if cut > start else start + MAX_SEGMENT
            segments.append(_Segment(start, cut, label, headline))
            start = cut
            while start < end and body[start].isspace():
                start += 1
        if end > start:
            segments.append(_Segment(start, end, label, headline))
    return segments, self_outlet


def _trim(span: Span) -> Span:
    """Drop leading/trailing whitespace tokens so offsets hug the text."""
    start, end = span.start, span.end
    while start < end and span.doc[start].is_space:
        start += 1
    while end > start and span.doc[end - 1].is_space:
        end -= 1
    return span.doc[start:end]


def _is_question(span: Span) -> bool:
    text = span.text.rstrip().rstrip(QUOTES).rstrip()
    return text.endswith("?") or bool(re.search(r"\?\s*[\"”’»]", text))  # '"Why ...?" he asked.'


def _is_speaker_tag(span: Span) -> bool:
    """'Peskov said.' / 'he told reporters.' — a tag that belongs to the quote before it."""
    root = span.root
    has_comp = any(c.dep_ in ("ccomp", "xcomp", "parataxis") for c in root.children)
    words = [t for t in span if not t.is_punct]
    return (
        root.lemma_.lower() in ("say", "tell", "add", "write", "explain", "insist") and not has_comp and len(words) <= 8
    )


def _split_independent(span: Span) -> list[Span]:
    """'A did X, but B did Y' -> two spans when both halves have their own subject and verb."""
    root = span.root
    for conj in root.children:
        if conj.dep_ != "conj" or conj.pos_ not in ("VERB", "AUX"):
            continue
        if not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in conj.children):
            continue
        cc = [
            c
            for c in root.children
            if c.dep_ == "cc" and c.i < conj.i and c.lower_ in ("but", "and", "while", "yet", "whereas")
        ]
        if not cc:
            continue
        cut = cc[-1].i
        first = span.doc[span.start : cut]
        second = span.doc[cc[-1].i + 1 : span.end]
        while len(first) and (first[-1].is_punct and not first[-1].is_quote):
            first = span.doc[first.start : first.end - 1]
        if sum(not t.is_punct for t in first) >= MIN_WORDS and sum(not t.is_punct for t in second) >= MIN_WORDS:
            return [first, second]
    return [span]


def _proposition_tokens(att: Attribution, span: Span) -> list[Token]:
    ids = {t.i for t in att.prop_root.subtree} | att.extra
    tokens = [span.doc[i] for i in sorted(ids) if span.start <= i < span.end and i not in att.removed]
    # leading "that"/"whether", quotes, commas, colons; trailing punctuation and quotes
    while tokens and (tokens[0].dep_ == "mark" and tokens[0].lower_ in ("that", "whether", "if") or tokens[0].is_punct):
        tokens.pop(0)
    while tokens and tokens[-1].is_punct and tokens[-1].text != "%":
        tokens.pop()
    return tokens


def _join(tokens: list[Token]) -> str:
    out: list[str] = []
    for i, t in enumerate(tokens):
        if t.is_quote:
            if t.whitespace_ and out and not out[-1].endswith(" "):
                out[-1] += " "  # "serious,' and": the space after the quote still parts the words
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        gap = t.whitespace_ if nxt is not None and nxt.i == t.i + 1 else (" " if nxt is not None else "")
        out.append(written(t) + gap)
    return re.sub(r"\s+", " ", "".join(out)).strip(" ,;:—–-")


_MODIFIERS = frozenset(["compound", "amod", "nmod"])  # a noun naming the kind of what is counted


def _nouns_for(doc: Doc, base: int):  # type: ignore[no-untyped-def]
    """What a number counts, from the parse: the next noun within three tokens."""

    def find(end: int) -> tuple[str, int] | None:
        pos = base + end
        tok = None
        for t in doc:
            if t.idx >= pos:
                tok = t
                break
        if tok is None:
            return _tallied(doc[-1], pos - base) if len(doc) else None
        for t in doc[tok.i : tok.i + 4]:
            if t.pos_ in ("NOUN", "PROPN") and t.dep_ in _MODIFIERS and t.head.i > t.i and t.head.i <= tok.i + 4:
                continue  # "4 police officers", "40 transport helicopters", "40 Falke-7 drones": the head is counted
            if t.pos_ in ("NOUN", "PROPN"):
                if t.lower_ in ("percent", "cent", "%"):
                    return None
                return _casualty(t) or t.text.lower(), t.idx + len(t.text) - base
            if t.lower_ == "of" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ in _DEFINITE:
                return None  # "two of the injured workers": a part of a group, not a count of it
            if t.lower_ == "of" or t.pos_ in ("ADJ", "DET") or t.dep_ == "compound":
                continue
            break
        return _tallied(doc[tok.i - 1], pos - base) if tok.i else None

    return find


_DEFINITE = frozenset(["the", "those", "these", "its", "their", "them", "our", "his", "her", "us"])
_TALLIES = frozenset(["toll", "number", "total", "tally", "count", "figure"])


_KILLED = frozenset(["kill", "slay"])
_DIED = frozenset(["die", "perish"])
_INJURED = frozenset(["injure", "wound", "hurt"])


_WHOLE = frozenset(["people", "persons", "person", "others", "individuals", "lives"])
_TAKES_LIVES = frozenset(["claim", "cost", "take"])
_PEOPLE = frozenset(
    """people person persons individual life civilian soldier troop worker child adult passenger resident
    officer policeman policemen miner villager protester demonstrator student patient staff employee migrant
    fighter man men woman women crew crewmember tourist pilgrim prisoner inmate pedestrian driver firefighter
    rescuer refugee victim hostage girl boy baby infant teenager youth journalist reporter medic nurse doctor
    farmer fisherman sailor climber hiker pupil teacher guard member mourner spectator fan worshipper shopper
    guest customer citizen national settler militant rebel insurgent gunman attacker suspect policewoman
    guardsman marine airman contractor volunteer relative family""".split()
)
_STATE_ROLE = {"dead": "dead", "injured": "injured", "wounded": "injured", "hurt": "injured"}
_STATE_DEPS = frozenset(["oprd", "acl", "amod", "acomp", "xcomp", "advcl"])  # how "left 30 people injured" parses


def _casualty(token: Token) -> str | None:
    """People counted by what happened to them: "killed 45 people", "four people died" count the
    dead, "injured 14 others", "12 were hurt" the injured, "killed 12 soldiers" the dead soldiers.
    Without this, "killed 45 people" and "injured 30 people" were two counts of one thing (people)
    in conflict. A named group keeps its name ("dead soldiers"): "killed 20 people" and "killed 12
    children" are a whole and a part, not two tolls."""
    counted = token
    if token.dep_ == "pobj" and token.head.lower_ == "of":  # "dozens of civilians": the dozens were hurt
        token = token.head.head
    while token.dep_ == "conj" and token.head.pos_ in ("NOUN", "PROPN", "NUM"):  # "three soldiers and two civilians"
        token = token.head
    lemma = token.head.lemma_.lower()  # the verb the count belongs to, not one joined to it by "and"
    role = None
    if token.dep_ in ("dobj", "nsubjpass"):
        role = "dead" if lemma in _KILLED else "injured" if lemma in _INJURED else None
        if token.lower_ == "lives" and lemma in _TAKES_LIVES:  # "claimed nine lives", "the lives of nine workers"
            role = "dead"
        elif token.dep_ == "dobj" and lemma == "leave" and counted.lemma_.lower() in _PEOPLE:  # "left nine people dead"
            role = next((_STATE_ROLE[c.lower_] for c in [*token.head.children, *token.children]
                         if c.dep_ in _STATE_DEPS and c.lower_ in _STATE_ROLE), None)  # fmt: skip
    elif token.dep_ == "nsubj" and lemma in _DIED:
        role = "dead"
    elif token.dep_ == "nsubj" and lemma == "lose" and any(c.lower_ == "lives" for c in token.head.children):
        role = "dead"  # "nine people lost their lives"
    if role is None and counted.lemma_.lower() in _PEOPLE:  # "nine dead soldiers", "40 injured people", "nine
        # dead lives" (a machine's translation); not "nine dead cows"
        states = [c.lower_ for c in counted.children if c.dep_ == "amod" and c.lower_ in _STATE_ROLE]
        role = _STATE_ROLE[states[0]] if states else None
    if role is None or not counted.is_alpha or counted.like_num:
        return role
    noun = counted.lower_
    return role if noun in _WHOLE else f"{role} {noun}"


def _tallied(number: Token, end: int) -> tuple[str, int] | None:
    """A number with no noun after it, stated of a tally: "the death toll rose to 45", "the number
    of arrests stood at 30", "the toll is 12". Counts the toll (or what the number of ... counts);
    any other subject is left alone ("the company hired 45" says nothing of what it counts)."""
    if not (number.like_num or number.pos_ == "NUM"):
        return None
    casualty = _casualty(number)  # "killed 5 and injured 12": the number stands for the people
    if casualty:
        return casualty, end
    verb = number.head
    if number.dep_ == "pobj" and verb.dep_ == "prep" and verb.lower_ in ("to", "at"):
        verb = verb.head
    elif number.dep_ not in ("dobj", "attr"):
        return None
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.lemma_.lower() not in _TALLIES:
        return None
    if subject.lemma_.lower() == "toll":
        kinds = {c.lower_ for c in subject.children if c.dep_ in ("compound", "amod")}
        return ("toll", end) if kinds <= {"death", "casualty", "fatality"} else None  # not "the injury toll"
    of = next((c for c in subject.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    counted = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    return (counted.lower_, end) if counted is not None and counted.pos_ in ("NOUN", "ADJ") else None


def _quantities(tokens: list[Token], published_at: datetime | None, future: bool) -> list[Quantity]:
    if not tokens:
        return []
    doc = tokens[0].doc
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    text = doc.text[start:end]
    return extract_quantities(text, published_at, future=future, nouns=_nouns_for(doc, start))


def _entities(tokens: list[Token]) -> list[Entity]:
    if not tokens:
        return []
    ids = {t.i for t in tokens}
    seen: set[tuple[str, str]] = set()
    out = []
    for ent in tokens[0].doc.ents:
        if ent.label_ in ENTITY_LABELS and ent.start in ids:
            text = ent.text.strip(QUOTES + " ")
            text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE) if ent.label_ != "PERSON" else text
            key = (text, ent.label_)
            if text and key not in seen:
                seen.add(key)
                out.append(Entity(text, ent.label_, fold_entity(text)))
    return out


def _future(tokens: Iterable[Token]) -> bool:
    return any(t.lower_ in ("will", "'ll", "shall", "tomorrow", "next") or t.lower_ == "going" for t in tokens)


def _resolve(frame: Frame, ctx: _Context) -> tuple[str | None, str | None]:
    """A frame's speaker text and kind, with 'he'/'she' resolved to the last person named."""
    speaker = frame.speaker
    if speaker and speaker.lower() in ("he", "she") and ctx.last_person:
        return ctx.last_person, "person"
    if speaker and speaker.lower() in PRONOUNS - {"we", "i"} and not ctx.last_person:
        return speaker, speaker_kind(frame.head, speaker, ctx.self_outlet)
    return speaker, speaker_kind(frame.head, speaker, ctx.self_outlet)


_SPEAKER_HEADS = TITLE_NOUNS | BODY_NOUNS | ANON_HEADS | OUTLET_NOUNS


@lru_cache(maxsize=4096)
def _label_doc(label: str) -> Doc:
    """A headline label parsed on its own, once: whether it names a speaker, and which kind."""
    return nlp()(label)


def _names_a_speaker(label: str) -> bool:
    """A headline label before a colon is a speaker when it names one: a person, a body or a place
    ("Obama:", "Pentagon:", "Police:", "Ukraine:"), not a topic ("Bridge crack: repairs to take two
    months" had "Bridge crack" as an official body saying it)."""
    doc = _label_doc(label)
    if any(e.label_ in ("PERSON", "ORG", "GPE", "NORP") for e in doc.ents):
        return True
    return doc[:].root.lemma_.lower() in _SPEAKER_HEADS


def _label_kind(label: str | None, span: Span) -> str | None:
    """Kind of a headline speaker label ("Pentagon:", "Obama:") read on its own."""
    if not label:
        return None
    return speaker_kind(_label_doc(label)[:].root, label)


def _remember_person(span: Span, claim: Claim | None, ctx: _Context) -> None:
    """Who 'he'/'she' in a later sentence most likely is: the last person named or titled."""
    if claim is not None and claim.speaker_kind == "person" and claim.speaker:
        if claim.speaker.lower() not in PRONOUNS:
            ctx.last_person = claim.speaker
            return
    for t in span:
        if t.dep_ in ("nsubj", "nsubjpass") and (t.ent_type_ == "PERSON" or t.lemma_.lower() in TITLE_NOUNS):
            ctx.last_person = phrase(t)
        elif t.ent_iob_ == "B" and t.ent_type_ == "PERSON" and t.dep_ not in ("poss",):
            ctx.last_person = t.doc[
                t.i : t.i + next((k for k, u in enumerate(t.doc[t.i :]) if u.ent_iob_ != "I" and k), 1)
            ].text


def _claim(span: Span, seg: _Segment, ctx: _Context) -> Claim | None:
    span = _trim(span)
    if not len(span):
        return None
    att = attribute(span)
    tokens = _proposition_tokens(att, span)
    text = span.text.replace("’", "'")
    silent = _NON_ANSWER_RE.search(text)
    non_answer_text = silent is not None or _refuses_to_say(span)
    # after the refusal, or (for a refusal the parse found: "refused to say whether") after a comma
    answered = bool(_ANSWERED_AFTER.search(text, silent.end())) if silent else bool(re.search(r",\s?but\b", text))
    denied = _antecedent(ctx, seg) if _denies_what_came_before(att, span) else None
    if denied is None and _points_only(span):
        return None  # "The mayor did not deny it." with nothing to point at: no claim to read
    if sum(not t.is_punct for t in span) < MIN_WORDS and not non_answer_text and denied is None:
        return None  # "He denied it." is short, and a claim
    if sum(not t.is_punct for t in tokens) < 2 and denied is None:
        return None
    stance = read_stance(att.prop_root, tokens, att.frames)
    frames = list(att.frames)
    if seg.label:
        label_low = seg.label.lower()
        if label_low in ("report", "reports", "report says", "media"):
            frames.insert(0, Frame(seg.label, seg.label, "report"))
        elif label_low.startswith("source") or label_low == "officials":
            frames.insert(0, Frame(seg.label, seg.label, "source"))
        elif label_low.endswith(("paper", "monitor", "agency", "media", "report", "reports")):
            frames.insert(0, Frame(seg.label, seg.label, "report"))
        elif (
            not set(re.findall(r"[\w'-]+", label_low)) & _KICKER_WORDS
            and not (seg.label.isupper() and " " in seg.label)
            and _names_a_speaker(seg.label)
        ):
            frames.insert(0, Frame(seg.label, ":", "say"))
        if frames and stance.hedge == "asserted":
            stance.hedge = "reported"
    attribution: list[str] = []
    speaker = kind = None
    for f in frames:
        name, k = _resolve(f, ctx)
        if f.lemma in ("report", "source") and f.head is None:
            k = "outlet" if f.lemma == "report" else "anonymous_sources"
        elif f.cue == ":" and f.head is None:
            k = _label_kind(name, span)
        if name:
            attribution.append(name)
            if speaker is not None and name.lower() in FIRST_PERSON:
                continue  # "'I believe it was a Russian missile,' the president said": the president
            speaker, kind = name, k
            if k == "anonymous_sources" and f.head is not None:
                speaker = attribution[-1] = _same_sources(f.head, name, ctx)
    continued = None
    if not frames and span.text.lstrip()[:1] in QUOTES and ctx.last_quote is not None:
        continued = ctx.last_quote  # a quote continuing the previous speaker's words
    elif not frames and ctx.account is not None and _continues_account(span, seg, ctx):
        continued = ctx.account[0]  # "Three sources told X that P. Talks are continuing."
    if continued is not None:
        speaker, kind, attribution = continued.speaker, continued.speaker_kind, list(continued.attribution)
        if stance.hedge == "asserted":
            stance.hedge = "reported"
    if speaker is None:
        speaker, kind = ctx.self_outlet, "self"
    predicate = stance.predicate
    pred_lemma = None
    if predicate is not None:
        pred_lemma = predicate.lemma_.lower() if predicate.pos_ in ("VERB", "AUX") else "be"
        if predicate.pos_ not in ("VERB", "AUX") and not any(c.dep_ == "cop" for c in predicate.children):
            pred_lemma = predicate.lemma_.lower()
    lemmas = _content_lemmas(tokens)
    doc_text = written_text(span.doc)
    if denied is not None:
        # "The company denied this." / "The minister denied the allegations.": the denial is of the
        # claim before it, in that claim's words (what other outlets' claims are matched against)
        subject = next((c for c in span.root.children if c.dep_ == "nsubj"), None)
        if not any(f.denial for f in att.frames) and subject is not None:
            speaker, kind = _resolve(Frame(phrase(subject), span.root.text, "deny", subject, denial=True), ctx)
            attribution = [speaker] if speaker else attribution
        denial = Claim(
            text=doc_text[span.start_char : span.end_char],
            start_char=span.start_char,
            end_char=span.end_char,
            proposition=denied.proposition,
            speaker=speaker,
            speaker_kind=kind,
            hedge="reported",
            hedge_cues=stance.hedge_cues,
            polarity="negated",
            polarity_cues=[*stance.polarity_cues, *(f.cue for f in att.frames if f.denial)],
            quantities=list(denied.quantities),
            entities=list(denied.entities),
            attribution=attribution,
            predicate=denied.predicate,
            lemmas=list(denied.lemmas),
        )
        ctx.pointer = (denial, denied)
        ctx.account = None
        return denial
    claim = Claim(
        text=doc_text[span.start_char : span.end_char],
        start_char=span.start_char,
        end_char=span.end_char,
        proposition=_join(tokens) or span.text,
        speaker=speaker,
        speaker_kind=kind,
        hedge=stance.hedge,
        hedge_cues=stance.hedge_cues,
        polarity=stance.polarity,
        polarity_cues=stance.polarity_cues,
        quantities=_quantities(tokens, ctx.published_at, _future(tokens)),
        entities=_entities(tokens),
        non_answer=(stance.non_answer or non_answer_text) and not answered,
        attribution=attribution,
        predicate=pred_lemma,
        lemmas=lemmas,
    )
    claim.context_terms = _context_terms(span, tokens, frames, claim, ctx)
    if continued is not None:
        ctx.borrowed.add(id(claim))
    if continued is not None and ctx.account is not None and continued is ctx.account[0]:
        ctx.account = (continued, claim, ctx.account[2])
    elif _opens_account(att, span, claim):
        ctx.account = (claim, claim, _tense(att.prop_root))
    else:
        ctx.account = None
    return claim


CONTEXT_MAX = 24  # terms a claim inherits at most (its sentence's left-out words, the sentence before, ...)
MIN_LEFT_OUT = 2  # words a proposition must leave out of its sentence before they count
# a pronoun that stands for something named before it ("he", "it", "this", "them"); "I" and "we"
# stand for the speaker, whom the sentence before often names ("Zelensky is sure ... 'I am in no doubt'")
_ANAPHORS = frozenset("he she it they him her them this these those i we us".split())
_REFERENCE_NOUNS = frozenset("allegation accusation claim report charge rumor rumour suggestion".split()) | frozenset(
    "story assertion account statement finding".split()
)


def _content_lemmas(tokens: Iterable[Token]) -> list[str]:
    """Content-word lemmas, lower case: what a claim's `lemmas` hold."""
    return [
        t.lemma_.lower()
        for t in tokens
        if t.pos_ in CONTENT_POS
        and (not t.is_stop or t.pos_ == "NUM")
        and (t.is_alpha or t.like_num)
        and t.lemma_.strip()
    ]


def _sentence_terms(span: Span) -> list[str]:
    """A whole sentence's content lemmas (numbers aside) and folded names, each once."""
    tokens = list(span)
    found = dict.fromkeys(w for w in _content_lemmas(t for t in tokens if t.pos_ != "NUM") if w not in GENERIC)
    found.update(dict.fromkeys(e.norm for e in _entities(tokens) if e.norm))
    return list(found)


def _definite(token: Token) -> bool:
    """ "the move", "these reports", "Hersh's report": a noun phrase that points at something named before."""
    return any(
        c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those"))
        for c in token.children
    )


def _leans_on_context(tokens: list[Token]) -> bool:
    """The proposition names what it is about only by a pronoun ("he never came out", "This is
    utterly false", "chose not to shoot it down"), by a definite subject with no name in it ("the
    missiles were Russian-made", "the journalist left"), or by the report or claim it answers
    ("rejected the allegations", "Hersh's report is fiction")."""
    for t in tokens:
        low = t.lower_
        if t.pos_ == "PRON" and low in _ANAPHORS and t.tag_ not in ("WDT", "WP", "WP$", "PRP$"):
            return True
        if t.lemma_.lower() in _REFERENCE_NOUNS and _definite(t):
            return True
        if t.pos_ != "NOUN" or not _definite(t):
            continue
        if t.dep_ in ("nsubj", "nsubjpass") and not any(u.pos_ == "PROPN" or u.ent_type_ for u in t.subtree):
            return True
    return False


def _named_report(tokens: list[Token]) -> str | None:
    """ "Hersh's report", "the CNN report", "the New York Times story": the name of whose report it is."""
    for t in tokens:  # (the parser may read "the Kestrel Herald report" as a verb with a subject)
        if t.pos_ in ("NOUN", "VERB") and t.lemma_.lower() in _REFERENCE_NOUNS:
            names = [c for c in t.children if c.dep_ in ("poss", "compound") and c.pos_ == "PROPN"]
            if names:
                return " ".join(u.text for c in names for u in c.subtree if u.pos_ == "PROPN").lower() or None
    return None


def _left_out(span: Span, tokens: list[Token], frames: list[Frame]) -> list[str]:
    """Content words of the claim's sentence that its proposition and its speakers leave out,
    names aside: a trailing clause the frame took ("..., adding that it reserves the right",
    "denied playing any part, saying no strikes were carried out near the border"). None when
    only a word or so is left (a verb of saying, a day)."""
    inside = {t.i for t in tokens} | {u.i for f in frames if f.head is not None for u in f.head.subtree}
    rest = _content_lemmas(t for t in span if t.i not in inside and t.pos_ != "NUM" and not t.ent_type_)
    found = [w for w in dict.fromkeys(rest) if w not in GENERIC]
    return found if len(found) >= MIN_LEFT_OUT else []


def _context_terms(span: Span, tokens: list[Token], frames: list[Frame], claim: Claim, ctx: _Context) -> list[str]:
    """What a claim inherits for candidate search only (the judge reads its own words): the words
    its sentence says beside the proposition, and, when it leans on its article, the terms of the
    last earlier sentence naming the report it answers ("Hersh's report"), else of the sentence
    before it (with what that sentence leaned on in turn); its own terms left out."""
    source = _left_out(span, tokens, frames)
    if _leans_on_context(tokens):
        name = _named_report(tokens)
        before = next((terms for text, terms in reversed(ctx.said) if name in text), None) if name else None
        source = [*source, *(ctx.last_terms if before is None else before)]
    own = set(claim.lemmas) | {e.norm for e in claim.entities}
    return [t for t in dict.fromkeys(source) if t not in own][:CONTEXT_MAX]


def _same_sources(head: Token, name: str, ctx: _Context) -> str:
    """ "The sources added ..." after "Three sources told X ...": the same sources, named as they
    were introduced. A bare definite phrase ("the sources", "the officials") points back; any other
    introduces sources of its own and is remembered for the next."""
    lemma = head.lemma_.lower()
    kids = list(head.children)
    definite = bool(kids) and all(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in kids)
    if definite:
        return ctx.sources.get(lemma, name)
    ctx.sources[lemma] = name
    return name


# what a source's account may continue in: its reported clause's tense, not the narrative past
_ACCOUNT_TENSES = frozenset(["present", "modal"])
_ACCOUNT_KINDS = frozenset(["anonymous_sources", "person", "official_body", "outlet"])
_DEMONSTRATIVES = frozenset(["this", "that", "these", "those"])


def _tense(verb: Token) -> str:
    """present | modal | past | other: the tense of a clause, read off its finite verb (the first
    auxiliary, a copula, or the verb itself): "are continuing" is present, "could be signed"
    modal, "had wandered" past, "has handled" (a perfect) other."""
    finite = sorted(
        (c for c in verb.children if c.dep_ in ("aux", "auxpass", "cop") and c.tag_ != "TO"), key=lambda t: t.i
    )
    tag = finite[0].tag_ if finite else verb.tag_ if verb.pos_ in ("VERB", "AUX") else ""
    if tag == "MD":
        return "modal"
    if tag in ("VBP", "VBZ"):  # a perfect ("have not been found") narrates what happened
        perfect = bool(finite) and finite[0].lemma_ == "have" and any(t.tag_ == "VBN" for t in (*finite[1:], verb))
        return "other" if perfect else "present"
    return "past" if tag == "VBD" else "other"


def _opens_account(att: Attribution, span: Span, claim: Claim) -> bool:
    """Someone's reported account in indirect speech ("Three sources told X that P", "according to
    the ministry, P") that the sentences after it may go on with."""
    return (
        bool(att.frames)
        and claim.speaker_kind in _ACCOUNT_KINDS
        and not claim.non_answer
        and not any(f.denial for f in att.frames)
        and span.text.lstrip()[:1] not in QUOTES  # after a direct quote the writer speaks again
        and _tense(att.prop_root) in _ACCOUNT_TENSES
    )


def _continues_account(span: Span, seg: _Segment, ctx: _Context) -> bool:
    """A sentence without a frame of its own that goes on with the source's account just before it,
    in the same paragraph: "Three sources told X that the two sides are negotiating. Talks are
    continuing, and a contract could be signed in May." It keeps to the tense of the reported
    clause (present or modal, as the account's clause did); a narrative past ("The pilots were
    congratulated"), an opening adverb or conjunction ("Meanwhile", "But"), or a subject that points
    at the statement itself ("This follows ...") is the writer's own voice again."""
    assert ctx.account is not None
    _, tail, tense = ctx.account
    if ctx.last_claim is not tail or ctx.last_segment is not seg or tense not in _ACCOUNT_TENSES:
        return False
    words = [t for t in span if not t.is_punct and not t.is_space]
    if not words or words[0].pos_ in ("ADV", "CCONJ", "SCONJ"):
        return False
    before = span.doc[span.start - 1] if span.start else None
    if before is not None and before.dep_ == "cc" and before.lower_ != "and":
        return False  # the second half of "P, but Q": a contrast the writer draws
    root = span.root
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    pointing = subject is not None and (
        subject.lower_ in _DEMONSTRATIVES
        or any(c.dep_ == "det" and c.lower_ in _DEMONSTRATIVES for c in subject.children)
    )
    if pointing:
        return False
    return _tense(root) in _ACCOUNT_TENSES


_SAY_LEMMAS = frozenset("say specify disclose reveal confirm comment elaborate explain".split())
_WH_WORDS = frozenset("whether if when how why where who which what".split())


def _points_only(span: Span) -> bool:
    """The sentence denies (or does not deny) only a pronoun: "He denied it.", "did not deny this"."""
    root = span.root
    if root.lemma_.lower() not in DENIAL_VERBS:
        return False
    return any(c.dep_ == "dobj" and _bare_pointer(c) for c in root.children)


def _bare_pointer(token: Token) -> bool:
    """ "this", "it", "that" on its own: a word that points back and names nothing."""
    return token.lower_ in _BACK_POINTERS and not any(True for _ in token.children)


def _refuses_to_say(span: Span) -> bool:
    """ "He did not say whether reservists would be called up", "declined to say when": nothing is
    said of the reservists. Only when that is the sentence's own verb: "said the blast killed four,
    but did not say how the fire started" answers."""
    root = span.root
    verb = None
    if root.lemma_.lower() in _SAY_LEMMAS and any(c.dep_ == "neg" for c in root.children):
        verb = root
    elif root.lemma_.lower() in ("decline", "refuse"):
        verb = next((c for c in root.children if c.dep_ == "xcomp" and c.lemma_.lower() in _SAY_LEMMAS), None)
    if verb is None:
        return False
    for clause in verb.children:
        if clause.dep_ in ("ccomp", "advcl", "dobj", "xcomp") and clause.i > verb.i:
            first = min(t.i for t in clause.subtree)
            if span.doc[first].lower_ in _WH_WORDS:
                return True
    return False


_BACK_POINTERS = frozenset(["this", "that", "it", "these", "those", "so"])
_DENY_POINTER_VERBS = frozenset(["deny", "refute", "dispute"])
_DENIED_NOUNS = frozenset("allegation accusation claim report charge rumor rumour suggestion".split())


def _denies_what_came_before(att: Attribution, span: Span) -> bool:
    """A denial whose object only points back: "denied this", "denied it", "has denied the
    allegations" (no clause, no "of ..." saying which). Not "did not deny it"; and a pronoun after
    "rejected" or "dismissed" is as often a proposal or a lawsuit as a claim, so those need a noun
    that names a claim ("rejected the allegations")."""
    root = span.root
    if root.lemma_.lower() not in DENIAL_VERBS or any(c.dep_ == "neg" for c in root.children):
        return False
    objects = [c for c in root.children if c.dep_ == "dobj"]
    if len(objects) != 1:
        return False
    obj = objects[0]
    if _bare_pointer(obj):
        return root.lemma_.lower() in _DENY_POINTER_VERBS
    return (
        obj.lemma_.lower() in _DENIED_NOUNS
        and all(c.dep_ == "det" and c.lower_ in ("the", "these", "those", "such") for c in obj.children)
        and any(True for _ in obj.children)
    )


def _antecedent(ctx: _Context, seg: _Segment) -> Claim | None:
    """The claim a pointing-back denial denies: the one just before it in the same paragraph, when
    someone other than the article itself said it (a headline, the outlet's own account, an
    earlier denial or a negated claim are not what "X denied this" is about)."""
    prev = ctx.last_claim
    if prev is None or seg.headline or ctx.last_segment is not seg or prev.non_answer:
        return None
    if ctx.pointer is not None and prev is ctx.pointer[0]:
        return ctx.pointer[1]  # "The mayor denied it. His lawyer also denied it.": the same claim
    if prev.speaker_kind in ("self", None) or prev.polarity == "negated":
        return None
    return prev


def _sentences(doc: Doc) -> list[Span]:
    """doc.sents, with a quote's trailing speaker tag ('Peskov said.') folded into the quote."""
    out: list[Span] = []
    for sent in doc.sents:
        sent = _trim(sent)
        if not len(sent):
            continue
        if out and (sent.text[:1].islower() or _is_speaker_tag(sent)) and out[-1].text.rstrip()[-1:] in QUOTES + ",":
            out[-1] = doc[out[-1].start : sent.end]
            continue
        out.append(sent)
    return out


def _has_verb(span: Span) -> bool:
    return any(t.pos_ in ("VERB", "AUX") or t.tag_ == "MD" for t in span)


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Where quotations open and close in a paragraph ("“…”", "«…»", straight quotes in pairs); one
    left open runs to the paragraph's end, as a quote continued in the next paragraph does."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for i, ch in enumerate(text):
        if ch in "“«„" or (ch == '"' and opened is None):
            opened = i if opened is None or ch != '"' else opened
        elif ch in "”»" or ch == '"':
            if opened is not None:
                spans.append((opened, i))
                opened = None
    if opened is not None:
        spans.append((opened, len(text)))
    return spans


def _quoted_speakers(text: str, claims: list[Claim], borrowed: set[int]) -> None:
    """Sentences inside one quotation are the quoted speaker's, wherever the quote names them:
    "Kirby said: “Simply not true. We fly no balloons over China.”" and "“We expect answers. Not
    enough is known,” said Merkel." `claims` are one paragraph's, offsets into `text`; `borrowed`
    holds those whose speaker was only carried over from an earlier sentence (a guess the quote's
    own tag overrides)."""
    for start, end in _quote_spans(text):
        inside = [c for c in claims if c.start_char < end and c.end_char > start]
        if len(inside) < 2:
            continue
        # the speaker tag lies outside the quotation: after its close or before its opening
        around = ((inside[-1], text[end + 1 : inside[-1].end_char]), (inside[0], text[inside[0].start_char : start]))
        tagged = [c for c, tag in around if re.search(r"[^\W\d_]", tag)]
        # one frame only: in "“…, but nothing indicates that P,” Stoltenberg said" the inner frame is quoted
        named = [c for c in tagged if c.speaker_kind not in ("self", None) and id(c) not in borrowed
                 and len(c.attribution) == 1]  # fmt: skip
        if not named:
            continue
        source = named[0]
        for c in inside:
            if c.speaker_kind in ("self", None) or id(c) in borrowed:
                c.speaker, c.speaker_kind, c.attribution = source.speaker, source.speaker_kind, list(source.attribution)
                c.hedge = "reported" if c.hedge == "asserted" else c.hedge


def _article_claims(segments: list[_Segment], docs: list[Doc], ctx: _Context) -> list[Claim]:
    claims: list[Claim] = []
    for seg, doc in zip(segments, docs, strict=True):
        here: list[Claim] = []
        for sent in _sentences(doc):
            before = len(here)
            _sentence_claims(sent, seg, ctx, here)
            _remember_sentence(sent, here[before:], ctx)
        _quoted_speakers(doc.text, here, ctx.borrowed)
        if here and here[-1].speaker_kind not in ("self", None):
            ctx.last_quote = here[-1]
        for claim in here:
            claim.start_char += seg.start
            claim.end_char += seg.start
        claims.extend(here)
    return claims


def _sentence_claims(sent: Span, seg: _Segment, ctx: _Context, here: list[Claim]) -> None:
    """One sentence's claims, appended to `here` (the paragraph's so far)."""
    if _is_question(sent):
        return
    if not _has_verb(sent):
        return  # a headline without a verb, or a fragment a stray full stop cut off: "as well as maps."
    for part in _split_independent(sent):
        if not _has_verb(part):
            continue
        try:
            claim = _claim(part, seg, ctx)
        except Exception:  # a parse we did not foresee must not lose the article
            log.debug("claim analysis failed for %r", part.text, exc_info=True)
            continue
        _remember_person(part, claim, ctx)
        if claim is None:
            continue
        here.append(claim)
        ctx.last_claim, ctx.last_segment = claim, seg
        if claim.speaker_kind not in ("self", None):
            ctx.last_quote = claim
        elif not any(t.is_quote for t in part):
            ctx.last_quote = None


def _remember_sentence(sent: Span, found: list[Claim], ctx: _Context) -> None:
    """The sentence's terms, for the next sentence to lean on (a headline, a question and a
    sentence that gave no claim tell it as much): its own, then what its claims leaned on."""
    try:
        own = _sentence_terms(sent)
    except Exception:  # never lose the article to its context
        log.debug("sentence terms failed for %r", sent.text, exc_info=True)
        own = []
    ctx.said.append((sent.text.lower(), own))
    leaned = [t for c in found for t in c.context_terms]
    ctx.last_terms = list(dict.fromkeys([*own, *leaned]))[:CONTEXT_MAX]


def _parse(texts: list[str]) -> list[Doc]:
    """Docs for `texts`, each distinct text parsed once and lately parsed ones not again.

    A segment's parse does not depend on its neighbours (each is its own Doc), and the claim
    reader only reads Docs, so a Doc can serve every article that repeats the line: wire copies,
    republished stories, boilerplate."""
    docs = each_once(texts, _parsed, _parsed_lock, PARSE_CACHE, _parse_new)
    return [docs[t] for t in texts]


def _parse_new(texts: list[str]) -> list[Doc]:
    """An editor's bracketed insert ("it [the missile] was launched") is parsed as a parenthesis.

    The parser reads "[" as the start of a new sentence: "it is not likely that it [the missile]
    was launched from Russia" came out as the claim "[the missile] was launched from Russia", the
    speaker's negation lost. Parentheses it reads as an aside. The swap keeps every offset, and a
    claim's text is cut from the article as written (`attribution.written_text`)."""
    docs = list(nlp().pipe([t.translate(_BRACKETS) for t in texts], batch_size=BATCH_SIZE))
    for doc, text in zip(docs, texts, strict=True):
        if "[" in text or "]" in text:
            doc.user_data[ORIGINAL_TEXT] = text
    return docs


_BRACKETS = str.maketrans("[]", "()")


def extract_claims_many(items: list[tuple[str, datetime | None]]) -> list[list[Claim]]:
    """Claims for many articles, parsed in one batched `nlp.pipe` (the fast path for ingest)."""
    # a lone surrogate ("\ud800", from JSON escapes) is no text spaCy can hash
    items = [(replace_surrogates(body) if isinstance(body, str) else body, when) for body, when in items]
    plans = []
    for body, _ in items:
        try:
            plans.append(_segments(body if isinstance(body, str) else ""))
        except Exception:  # never lose a batch to one odd article
            log.debug("segmenting failed", exc_info=True)
            plans.append(([], None))
    texts = [body[s.start : s.end] for (body, _), (segs, _) in zip(items, plans, strict=True) for s in segs]
    docs = iter(_parse(texts))
    results: list[list[Claim]] = []
    for (_, published_at), (segs, self_outlet) in zip(items, plans, strict=True):
        art_docs = [next(docs) for _ in segs]
        ctx = _Context(published_at=published_at, self_outlet=self_outlet)
        results.append(_article_claims(segs, art_docs, ctx))
    return results


def extract_claims(body: str, published_at: datetime | None = None) -> list[Claim]:
    """The claims of one article body, with offsets into `body`."""
    return extract_claims_many([(body, published_at)])[0]
