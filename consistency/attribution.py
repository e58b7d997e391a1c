"""Who asserts a sentence's content: the attribution frame around the proposition.

Works on the dependency parse, so it carries across outlets' phrasing: a reporting verb
("said", "told", "believes", "denied") whose clausal complement (ccomp, xcomp of a passive
"is said to", a "reports that ..." noun complement) holds the proposition; "according to X";
mid-sentence asides ("The plan, he said, was final"). Frames nest: each complement that is
itself a reported clause adds one more link to the chain, outermost first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from consistency.aliases import fold_entity
from consistency.outlets import TITLE_ARTICLES

REPORTING_VERBS = frozenset(
    """say tell state claim report warn deny believe think allege announce confirm insist argue add
    note explain write suggest estimate predict acknowledge admit reveal indicate assert maintain
    contend stress emphasize emphasise declare reiterate recall testify tweet disclose fear suspect
    speculate assume learn understand conclude charge concede agree complain hint caution signal
    reject dismiss refute rebut dispute contradict brief inform post predict promise vow pledge
    threaten accuse show""".split()
)
# frame verbs that cast doubt on the complement (the speaker's belief, not a report of fact)
UNCERTAIN_FRAMES = frozenset("believe think suspect speculate suggest fear estimate allege assume hint predict".split())
XCOMP_CLAIMS = frozenset(["claim", "allege", "purport", "profess"])  # "claims to have kept ..."
DENIAL_VERBS = frozenset("deny reject dismiss refute rebut dispute contradict".split())
REPORT_NOUNS = frozenset(
    "report claim allegation rumor rumour suggestion speculation accusation assertion statement belief "
    "indication fear suspicion".split()
)
DOUBT_NOUNS = frozenset("allegation rumor rumour suggestion speculation accusation suspicion fear claim".split())
OUTLETS = frozenset(
    fold_entity(name)
    for name in """CNN|Reuters|AP|Associated Press|AFP|Agence France-Presse|BBC|BBC News|New York Times|
    The New York Times|NYT|Washington Post|The Washington Post|Wall Street Journal|WSJ|Bloomberg|Guardian|
    The Guardian|Fox News|NBC|NBC News|ABC|ABC News|CBS|CBS News|Al Jazeera|Politico|Axios|TASS|Xinhua|
    RIA Novosti|RIA|Interfax|Kyodo|Yonhap|Sky News|The Times|Financial Times|FT|Der Spiegel|Spiegel|
    Le Monde|Daily Mail|The Sun|Telegraph|The Telegraph|Independent|The Independent|Times of India|
    Haaretz|Kyiv Independent|Global Times|CNBC|NPR|PBS|Vox|BuzzFeed|HuffPost|Business Insider|Insider|
    The Verge|TechCrunch|Wired|Newsweek|Time|USA Today|Los Angeles Times|LA Times|Daily Beast|
    Mirror|Daily Mirror|Express|Daily Telegraph|RT|Sputnik|Euronews|Deutsche Welle|DW|France 24|
    Nikkei|South China Morning Post|SCMP|Semafor|The Information|The Atlantic|Vice|TMZ|Variety|
    Hollywood Reporter|Deadline|9to5Mac|MacRumors|Mashable|Gizmodo|Engadget|Ars Technica""".replace("\n", "").split("|")
)
OUTLET_NOUNS = frozenset(
    "newspaper paper outlet broadcaster magazine daily tabloid network channel website site "
    "media medium report journal wire publication station blog press newsroom television tv radio".split()
)
_NOT_AN_OUTLET = frozenset(["report", "media", "medium", "press", "site"])  # "press secretary Dana Reyes"
# an unnamed holder of a single office is one identifiable person: "the mayor said"
TITLE_NOUNS = frozenset(
    """mayor governor chairman chairwoman chair president minister head chief director ceo leader
    secretary premier king queen prince ambassador commander general judge senator congressman
    congresswoman lawmaker mp chancellor prosecutor-general founder owner coach manager captain
    pope bishop sheriff boss envoy""".split()
)
# "the words of X", "a statement by X": the speaker is X
WRAPPER_NOUNS = frozenset(
    """word words statement statements remark remarks comment comments data figures assessment
    assessments analysis analyses estimate estimates finding findings conclusion conclusions""".split()
)
# "according to the plans made beforehand", "according to the law": in keeping with, not a source
NOT_SOURCES = frozenset("plan plans schedule rule rules law laws tradition custom procedure protocol script".split())
_DAY_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday today yesterday tonight january february
    march april june july august september october november december""".split()
)
ANON_HEADS = frozenset(
    "source insider official person people diplomat aide analyst expert witness resident observer "
    "officer investigator someone lawmaker staffer employee member activist".split()
)
BODY_NOUNS = frozenset(
    "ministry government police army military department agency office spokesman spokesperson "
    "spokeswoman authority council court company firm commission committee administration regime "
    "embassy intelligence prosecutor prosecution cabinet parliament congress senate kremlin pentagon "
    "service forces force union bank board organization organisation group team ministry statement "
    "command headquarters state country presidency university hospital coalition party".split()
)
QUANT_HEADS = frozenset("one two three four five some several many most all each none any both either".split())
SELF_WORDS = frozenset(["we", "this newspaper", "this paper", "this outlet", "this website", "our reporters"])
PRONOUNS = frozenset(["he", "she", "they", "it", "i", "we", "you"])
_SUBJ = ("nsubj", "nsubjpass", "csubj")


@dataclass
class Frame:
    """One link of an attribution chain: who, through which cue."""

    speaker: str | None
    cue: str  # the reporting word as written: "said", "according to", "report"
    lemma: str  # "say", "according_to", "report"
    head: Token | None = None  # the speaker phrase's head token, for classifying it
    doubt: bool = False  # the cue itself casts doubt ("believes", "rumours that")
    denial: bool = False  # "denied that P"


@dataclass
class Attribution:
    """The proposition's root and tokens outside it, plus the frames, outermost first."""

    prop_root: Token
    removed: set[int] = field(default_factory=set)
    extra: set[int] = field(default_factory=set)  # tokens outside prop_root's subtree that belong to it
    frames: list[Frame] = field(default_factory=list)


# a Doc parsed from text with editors' brackets swapped for parentheses (claims._parse_new) keeps
# the text as written here, so that what is shown and cut is the article's own
ORIGINAL_TEXT = "consist_original_text"


def written_text(doc: Doc) -> str:
    """The text a Doc was parsed for, as the article wrote it."""
    original = doc.user_data.get(ORIGINAL_TEXT)
    return original if isinstance(original, str) else doc.text


def written(t: Token) -> str:
    """The token as the article wrote it: "[" where the parser was given "(" ."""
    return written_text(t.doc)[t.idx : t.idx + len(t.text)]


def phrase(head: Token) -> str:
    """A speaker's phrase: the head's subtree up to a comma after the head ("Peskov, who ...")."""
    tokens = list(head.subtree)
    out = []
    for t in tokens:
        if t.i > head.i and (written(t) in (",", "(", "—", "–") or t.dep_ == "relcl"):
            break
        out.append(t)
    # "On Wednesday Turkey's spokesperson said" parsed with the day in the phrase; "a source
    # familiar with the matter who spoke on Friday"; "the police's assessment" read as the police
    while out and (out[0].is_punct or out[0].is_quote or (out[0].lower_ in _DAY_WORDS and out[0] is not head)):
        out.pop(0)
    while out and (out[-1].is_punct or out[-1].is_quote or out[-1].tag_ in ("WP", "WDT") or out[-1].dep_ == "case"):
        out.pop()
    if not out:
        return head.text
    return " ".join(written_text(head.doc)[out[0].idx : out[-1].idx + len(out[-1].text)].split())


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "nsubj" or child.dep_ == "csubj":
            return child
    for child in verb.children:  # passive with agent: "it was reported by Reuters"
        if child.dep_ == "agent":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head is not verb:  # "... and said", "refused to say"
        return _subject(verb.head)
    if verb.dep_ == "relcl" and verb.head.lower_ == "first" and verb.head.head is not verb.head:
        return _subject(verb.head.head)  # "KTV was the first to report that ..."
    return None


def _first_to_report(root: Token) -> Token | None:
    """The reporting verb of "X was (the) first to report that P": X reports P. Without this the
    whole sentence was the claim, and it matched neither P in other words nor "X reported P"."""
    if root.lemma_.lower() != "be":
        return None
    for first in root.children:
        if first.lower_ != "first" or first.dep_ not in ("attr", "acomp", "advmod"):
            continue
        for verb in (*first.children, *root.children):
            if verb.dep_ in ("relcl", "xcomp", "acl") and _complement(verb) is not None:
                return verb
    return None


# "I want to confirm that ...", "we would like to stress that ...": the speaker's own report
SPEECH_WRAPPERS = frozenset("want wish like need".split())


def _wrapped_report(root: Token) -> Token | None:
    """The reporting verb under "want to" / "would like to" ("I want to confirm that P" asserts P)."""
    if root.lemma_.lower() not in SPEECH_WRAPPERS:
        return None
    return next(
        (c for c in root.children if c.dep_ == "xcomp" and c.lemma_.lower() in REPORTING_VERBS and _complement(c)),
        None,
    )


def _no_doubt(verb: Token) -> Token | None:
    """ "did not doubt that P", "have no doubt that P", "there is no doubt that P": the speaker is
    sure of P. Read as the frame it is, or the claim came out "he did not doubt that P", negated,
    when P is what he asserts. Returns the verb's negation or its "doubt" noun; None otherwise."""
    low = verb.lemma_.lower()
    if low == "doubt" and verb.pos_ == "VERB":
        return next((c for c in verb.children if c.dep_ == "neg" or c.lower_ == "never"), None)
    if low in ("have", "be"):
        return next(
            (
                c
                for c in verb.children
                if c.lemma_.lower() == "doubt"
                and c.dep_ in ("dobj", "attr")
                and any(d.lower_ in ("no", "little") for d in c.children)
            ),
            None,
        )
    return None


def _complement(verb: Token) -> tuple[Token, bool, Token | None] | None:
    """The reported clause under a reporting verb: (root, passive 'is said to', report noun)."""
    sure = _no_doubt(verb)
    if sure is not None and sure.lemma_.lower() == "doubt":  # "have no doubt that P": the clause under the noun
        return next(
            ((g, False, None) for g in sure.children if g.dep_ in ("acl", "ccomp") and _has_that(g)),
            None,
        )
    if (verb.lemma_.lower() not in REPORTING_VERBS and sure is None) or verb.pos_ not in ("VERB", "AUX"):
        return None
    kids = list(verb.children)
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in kids)
    for c in kids:
        if c.dep_ == "ccomp":
            return c, False, None
    for c in kids:
        if c.dep_ == "xcomp" and (passive or verb.lemma_.lower() in DENIAL_VERBS | XCOMP_CLAIMS):
            return c, passive, None
    if verb.lemma_.lower() in DENIAL_VERBS:  # "denies plans to ...": the object is what is denied
        for c in kids:
            if c.dep_ == "dobj" and c.lemma_.lower() not in REPORT_NOUNS:
                return c, False, None
    for c in kids:
        if c.dep_ == "dobj" and c.lemma_.lower() in REPORT_NOUNS:
            for g in c.children:
                if g.dep_ in ("acl", "ccomp", "relcl") and any(
                    m.lower_ == "that" and m.dep_ == "mark" for m in g.children
                ):
                    return g, False, c
    for c in kids:
        if c.dep_ == "parataxis" and c.pos_ in ("VERB", "AUX") and c.i < verb.i:
            return c, False, None
    return None


def _has_that(clause: Token) -> bool:
    return any(m.lower_ == "that" and m.dep_ == "mark" for m in clause.children)


def _according(span: Span) -> list[tuple[Token, Token]]:
    """'according to X' / 'citing X': (cue token, speaker head)."""
    found = []
    for t in span:
        low = t.lower_
        if low == "according":
            for to in t.children:
                if to.lower_ == "to":
                    for obj in to.children:
                        if obj.dep_ == "pobj" and obj.lemma_.lower() not in NOT_SOURCES:
                            found.append((t, obj))
        elif low in ("citing", "cited") and t.dep_ in ("advcl", "xcomp", "prep", "acl"):
            for obj in t.children:
                if obj.dep_ in ("dobj", "pobj"):
                    found.append((t, obj))
    return found


def _strip_commas(tokens: set[int], span: Span) -> set[int]:
    """Also remove commas and dashes hugging a removed range, so the proposition reads cleanly."""
    extra = set()
    for i in tokens:
        for j in (i - 1, i + 1):
            if span.start <= j < span.end and j not in tokens and span.doc[j].text in (",", "—", "–", "-"):
                extra.add(j)
    return tokens | extra


def _trailing_tag(span: Span, root: Token, result: Attribution) -> None:
    """'P, officials said.' parsed with both subjects on 'said' (a common small-model error)."""
    if root.lemma_.lower() not in REPORTING_VERBS or root.pos_ != "VERB":
        return
    subjects = [c for c in root.children if c.dep_ == "nsubj" and c.i < root.i]
    if len(subjects) < 2:
        return
    subj = subjects[-1]
    comma = subj.left_edge.i - 1
    if comma - span.start < 3 or span.doc[comma].text not in (",", "—", "–"):
        return
    left = span.doc[span.start : comma]
    verbs = [t for t in left if t.pos_ in ("VERB", "AUX")]
    if not verbs:
        return
    result.frames.append(Frame(phrase(subj), root.text, root.lemma_.lower(), subj))
    result.prop_root = min(verbs, key=lambda t: len(list(t.ancestors)))
    result.extra |= {t.i for t in left}
    result.removed |= set(range(comma, span.end))


def attribute(span: Span) -> Attribution:
    """Peel reporting frames off `span` from the outside in and return what is left."""
    root = span.root
    result = Attribution(prop_root=root)
    inside = set(range(span.start, span.end))
    according = _according(span)
    first = _first_to_report(root)
    node = first if first is not None else root
    for _ in range(6):  # nesting deeper than this is not news prose
        comp = _complement(node)
        wrapper = None
        if comp is None and (inner := _wrapped_report(node)) is not None:
            wrapper, node = node, inner  # "..., I want to confirm that P": the frame is "confirm"
            comp = _complement(node)
        if comp is None:
            break
        clause, passive, noun = comp
        subj = _subject(node)
        subj = unwrap(subj) if subj is not None and subj.lemma_.lower() in WRAPPER_NOUNS else subj
        speaker = phrase(subj) if subj is not None and not passive else None
        lemma = node.lemma_.lower()
        doubt = lemma in UNCERTAIN_FRAMES or passive or (noun is not None and noun.lemma_.lower() in DOUBT_NOUNS)
        aux = " ".join(c.text for c in node.children if c.dep_ == "auxpass")
        cue = f"{aux} {node.text} to".strip() if passive else node.text
        head = subj if not passive else None
        result.frames.append(Frame(speaker, cue, lemma, head, doubt=doubt, denial=lemma in DENIAL_VERBS))
        keep = {t.i for t in clause.subtree}
        if passive:  # "China is said to be ...": the subject belongs to the proposition, "to" does not
            for c in node.children:
                if c.dep_ == "nsubjpass":
                    result.extra |= {t.i for t in c.subtree}
            result.removed |= {c.i for c in clause.children if c.dep_ == "aux" and c.lower_ == "to"}
        if lemma in DENIAL_VERBS | XCOMP_CLAIMS and clause.dep_ in ("xcomp", "dobj") and subj is not None:
            result.extra |= {t.i for t in subj.subtree}  # "Russia denied sending" -> "Russia sending ..."
        outer = root if node is first else wrapper or node  # "KTV was the first" goes with "to report that"
        result.removed |= ({t.i for t in outer.subtree} - keep - result.extra) & inside
        node = clause
    result.prop_root = node
    if not result.frames:
        _trailing_tag(span, root, result)

    # mid-sentence asides: "The plan, he said, was final." / "..., officials said."
    for child in list(node.children):
        if child.dep_ not in ("parataxis", "ccomp", "advcl") or child.pos_ != "VERB":
            continue
        lemma = child.lemma_.lower()
        if (lemma not in REPORTING_VERBS and lemma not in ("inform", "announce")) or child.i in result.removed:
            continue
        if any(c.dep_ in ("ccomp", "xcomp", "dobj") for c in child.children):
            continue
        if child.dep_ == "advcl" and not any(c.dep_ == "mark" and c.lower_ == "as" for c in child.children):
            continue  # "as X said" is a frame; "after X said" is not
        subj = _subject(child)
        if subj is not None and subj.lower_ == "it":  # "as it was informed by X"
            subj = next((g for c in child.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
        if subj is None or subj.head.head != child and subj.head != child:
            continue
        result.frames.append(Frame(phrase(subj), child.text, child.lemma_.lower(), subj))
        result.removed |= _strip_commas({t.i for t in child.subtree} & inside, span)

    for cue_tok, obj in according:
        obj = unwrap(obj) if obj.lemma_.lower() in WRAPPER_NOUNS else obj
        frame = Frame(
            phrase(obj), "according to" if cue_tok.lower_ == "according" else cue_tok.text, "according_to", obj
        )
        # attached to a frame verb: an outer link ("X said P, according to Y"); else the innermost
        if cue_tok.head.i in result.removed and result.frames:
            result.frames.insert(0, frame)
        else:
            result.frames.append(frame)
        result.removed |= _strip_commas({t.i for t in cue_tok.subtree} & inside, span)
        result.extra -= {t.i for t in cue_tok.subtree}
    return result


def unwrap(head: Token) -> Token:
    """'the words of the minister' -> minister; 'one of the sources' -> sources."""
    for _ in range(2):
        low = head.lemma_.lower()
        if low not in WRAPPER_NOUNS and low not in QUANT_HEADS:
            break
        owner = next((c for c in head.children if c.dep_ == "poss"), None)
        if owner is not None and low in WRAPPER_NOUNS:  # "the police's first assessment", "our analysis"
            return owner
        prep = next(
            (c for c in head.children if c.dep_ in ("prep", "agent") and c.lower_ in ("of", "by", "from")), None
        )
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
        if obj is None:
            break
        head = obj
    return head


def speaker_kind(head: Token | None, text: str | None, self_outlet: str | None = None) -> str | None:
    """person | official_body | anonymous_sources | outlet | self for a speaker phrase."""
    if not text:
        return None
    low = text.lower().strip()
    folded = fold_entity(text)
    if self_outlet and folded == fold_entity(self_outlet):
        return "self"
    if low in SELF_WORDS:
        return "self"
    if folded in OUTLETS:
        return "outlet"
    if head is None:
        return "outlet" if low in ("report", "reports", "media reports") else "official_body"
    head = unwrap(head)
    tokens = [t for t in head.subtree if t.dep_ != "relcl"]
    names = [t for t in tokens if t.i <= head.i and t.pos_ == "PROPN"]
    h, word = head.lemma_.lower(), head.lower_
    # a kind of outlet before the name, not a word of the name ("Network Rail"): lower case, or the
    # sentence's first word ("Newspaper Kommersant reported")
    kind_of = {
        c.lower_
        for c in head.children
        if c.i < head.i
        and c.dep_ in ("compound", "nmod", "amod")
        and (c.text.islower() or (c.is_sent_start and c.pos_ == "NOUN"))
    }
    if head.pos_ == "PROPN" and kind_of & OUTLET_NOUNS - _NOT_AN_OUTLET:
        return "outlet"  # "local broadcaster KTV", "German magazine Der Spiegel" (whatever NER makes of the name)
    # "the Harbour Courier was first to report that ...": newsroom words
    scoop = _first_to_report(head.head) if head.dep_ == "nsubj" and head.pos_ == "PROPN" else None
    by_outlet = scoop is not None and scoop.lemma_.lower() == "report"
    if by_outlet and tokens[0].text in TITLE_ARTICLES:
        return "outlet"  # "Der Kurier", "Le Courrier": a publication, whatever NER says
    if head.ent_type_ == "PERSON" or any(t.ent_type_ == "PERSON" for t in tokens):
        return "person"
    if by_outlet:
        return "outlet"
    if any(fold_entity(t.text) in OUTLETS for t in names) and h not in ANON_HEADS | BODY_NOUNS | TITLE_NOUNS:
        return "outlet"
    if h in OUTLET_NOUNS or word in OUTLET_NOUNS or (h == "agency" and any(c.lower_ == "news" for c in head.children)):
        return "outlet"
    if head.pos_ == "PROPN" and head.head.lemma_.lower() in ("learn", "understand") and head.dep_ == "nsubj":
        return "outlet"  # "X has learned", "X understands": the newsroom idiom
    if word in ("he", "she", "i"):
        return "person"
    if word == "they":
        return "anonymous_sources"
    if head.pos_ != "PROPN":
        if h in TITLE_NOUNS or word in TITLE_NOUNS:
            return "person"
        if h in ANON_HEADS or word in ANON_HEADS:
            return "anonymous_sources"
        return "official_body"
    if head.ent_type_ in ("ORG", "GPE", "NORP", "LOC", "FAC") or h in BODY_NOUNS:
        return "official_body"
    return "person" if word[:1].isupper() and len(names) <= 3 else "official_body"
