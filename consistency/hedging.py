"""How surely, and whether, a proposition is asserted: hedge and polarity from the parse.

Both are read on the proposition's *main predicate chain*: its root plus the verbs it passes
the action to through xcomp ("is considering sending", "does not seem to have", "declined to
comment"). A "not" inside a relative clause or a subordinate clause does not flip the claim.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Token

from consistency.attribution import Frame

# verbs that hand the action on to an xcomp; the predicate is read at the end of the chain
# (speech acts such as "agreed to", "refused to", "vowed to" are the predicate themselves)
CHAIN_VERBS = frozenset(
    """consider seem appear plan intend expect try attempt begin start continue fail want hope aim
    seek prepare mull weigh explore go need have manage tend struggle move set look refuse decline""".split()
)
CHAIN_ADJS = frozenset("likely unlikely able unable set poised due about ready willing certain sure".split())
HEDGE_VERBS = frozenset("consider seem appear mull weigh explore expect rumor rumour speculate".split())
HEDGE_ADJS = frozenset("likely unlikely possible unclear uncertain unconfirmed poised".split())
HEDGE_MODALS = frozenset("may might could".split())
HEDGE_ADVERBS = frozenset(
    """reportedly allegedly apparently possibly probably perhaps maybe likely unlikely purportedly
    supposedly seemingly potentially presumably ostensibly conceivably""".split()
)
HEDGE_AMODS = frozenset(
    "alleged suspected possible potential rumored rumoured purported unconfirmed apparent presumed".split()
)
HEDGE_NOUNS = frozenset("rumor rumors rumour rumours speculation unconfirmed".split())
NEG_WORDS = frozenset(["not", "n't", "never", "no", "nobody", "nothing", "none", "neither", "nor", "without"])
NEG_SUBJECTS = frozenset(["nobody", "nothing", "none", "no one", "neither"])
REFUSAL_VERBS = frozenset(["decline", "refuse", "fail"])
NON_ANSWER_VERBS = frozenset(
    "comment confirm elaborate discuss say respond answer disclose specify reply address detail".split()
)


@dataclass
class Stance:
    hedge: str = "asserted"
    hedge_cues: list[str] = field(default_factory=list)
    polarity: str = "affirmed"
    polarity_cues: list[str] = field(default_factory=list)
    non_answer: bool = False
    predicate: Token | None = None


def _finite(t: Token) -> bool:
    """A verb that makes a sentence of a headline; not a participle on a noun ("No survivors found")."""
    return t.pos_ in ("VERB", "AUX") and not (t.tag_ in ("VBN", "VBG") and t.dep_ in ("acl", "amod"))


def predicate_chain(root: Token) -> list[Token]:
    """The proposition root and the xcomp verbs it hands the action to."""
    chain = [root]
    node = root
    for _ in range(6):
        nxt = None
        lemma = node.lemma_.lower()
        if lemma in CHAIN_VERBS or lemma in HEDGE_VERBS:
            nxt = next((c for c in node.children if c.dep_ == "xcomp"), None)
        if nxt is None and node.lemma_.lower() == "be":  # "is likely to send"
            for c in node.children:
                if c.dep_ == "acomp" and c.lemma_.lower() in CHAIN_ADJS:
                    nxt = next((g for g in c.children if g.dep_ == "xcomp"), None)
                    if nxt is not None:
                        chain.append(c)
        if nxt is None and lemma in CHAIN_ADJS:
            nxt = next((c for c in node.children if c.dep_ == "xcomp"), None)
        if nxt is None:
            break
        chain.append(nxt)
        node = nxt
    return chain


def _neg_phrase(verb: Token, neg: Token) -> str:
    """'does not seem', 'has no', 'never' — the cue as a reader would quote it."""
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < neg.i]
    if neg.lower_ == "no":
        return f"{verb.text} no" if verb.lemma_.lower() in ("have", "be") else "no"
    words = [*(a.text for a in aux[-1:]), neg.text]
    if verb.lemma_.lower() in HEDGE_VERBS:
        words.append(verb.text)
    return " ".join(words)


def read_stance(root: Token, prop_tokens: Iterable[Token], frames: list[Frame]) -> Stance:
    """Hedge, polarity and the main predicate of the proposition rooted at `root`."""
    stance = Stance()
    chain = predicate_chain(root)
    hedges: list[str] = []
    negs: list[str] = []
    flips = 0
    uncertain = False

    for f in frames:
        if f.doubt:
            hedges.append(f.cue)
        if f.denial:
            negs.append(f.cue)
            flips += 1

    for v in chain:
        lemma = v.lemma_.lower()
        neg_children = [c for c in v.children if c.dep_ == "neg" or (c.lower_ == "never" and c.dep_ == "advmod")]
        neg_children = [
            c for c in neg_children if not (c.i + 1 < len(c.doc) and c.doc[c.i + 1].lower_ in ("only", "just"))
        ]
        rule_out = lemma == "rule" and any(c.lower_ == "out" for c in v.children)
        if rule_out and neg_children:  # "did not rule out X": X is possible, not denied
            hedges.append(" ".join([*(c.text for c in neg_children), v.text, "out"]))
            neg_children = []
        for n in neg_children:
            negs.append(_neg_phrase(v, n))
            flips += 1
        # "is neither in the consulate nor ...", "was neither arrested nor charged" (not the
        # non-answer "neither confirmed nor denied")
        neither = [c for c in v.children if c.dep_ == "preconj" and c.lower_ == "neither"] + [
            g
            for c in v.children
            if c.dep_ in ("prep", "acomp", "attr", "dobj")
            for g in c.children
            if g.dep_ == "preconj" and g.lower_ == "neither"
        ]
        if neither and not neg_children and lemma not in ("confirm", "deny", "comment"):
            negs.append(f"neither {neither[0].head.text}")
            flips += 1
        if lemma in HEDGE_VERBS:
            if neg_children:
                hedges.append(negs[-1])
            else:
                hedges.append(v.text)
        if v.pos_ == "ADJ" and lemma in HEDGE_ADJS:
            hedges.append(v.text)
        for c in v.children:
            if c.dep_ == "aux" and c.lower_ in HEDGE_MODALS:
                hedges.append(c.text)
            if c.dep_ == "acomp" and c.lemma_.lower() in HEDGE_ADJS and c not in chain:
                hedges.append(c.text)
            if c.dep_ == "acomp" and c.lower_ in ("clear", "known", "certain") and neg_children:
                hedges.append(f"not {c.text}")  # "it was not clear how many ..."
            if c.dep_ == "advmod" and c.lower_ == "longer" and any(g.lower_ == "no" for g in c.children):
                negs.append("no longer")
                flips += 1
            if c.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and v == chain[-1] or c.dep_ == "nsubj":
                det_no = [g for g in c.children if g.dep_ in ("det", "preconj") and g.lower_ in ("no", "neither")]
                if det_no or c.lower_ in NEG_SUBJECTS:
                    head_noun = c.lemma_.lower()
                    negs.append(
                        f"{v.text} no"
                        if det_no and lemma in ("have", "be") and c.dep_ != "nsubj"
                        else "no"
                        if det_no
                        else c.text
                    )
                    flips += 1
                    if head_noun in ("evidence", "sign", "indication", "proof", "confirmation"):
                        uncertain = True
                        hedges.append(f"no {c.text}")
        if v.pos_ in ("NOUN", "PROPN") and v.dep_ == "ROOT" and not any(_finite(t) for t in v.doc):
            # a headline without a verb: "No gender segregation on flights", "Al-Baghdadi not dead",
            # "Border agency: No fighters at the border" (the label's apposition holds the statement);
            # not "No surprise as the mayor resigned", "A not unexpected rise"
            heads = [v, *(c for c in v.children if c.dep_ == "appos" and c.pos_ in ("NOUN", "PROPN"))]
            if any(c.dep_ == "det" and c.lower_ == "no" for h in heads for c in h.children):
                negs.append("no")
                flips += 1
            for c in v.children:
                if c.dep_ == "appos" and c.pos_ == "ADJ" and any(g.dep_ == "neg" for g in c.children):
                    negs.append(f"not {c.text}")
                    flips += 1
        if lemma in REFUSAL_VERBS and any(c.dep_ == "xcomp" for c in v.children):
            negs.append(f"{v.text} to")
            flips += 1
            x = next(c for c in v.children if c.dep_ == "xcomp")
            if lemma != "fail" and x.lemma_.lower() in NON_ANSWER_VERBS:
                stance.non_answer = True

    prop_list = list(prop_tokens)
    for k, t in enumerate(prop_list):
        low = t.lower_
        nxt = prop_list[k + 1].lower_ if k + 1 < len(prop_list) else ""
        if low in HEDGE_ADVERBS and low not in ("likely", "unlikely") and not t.is_stop:
            hedges.append(t.text)  # lexical: title-case headlines parse "Reportedly" as a name
        elif low in HEDGE_ADVERBS and t.pos_ in ("ADV", "ADJ") and t.dep_ != "acomp":
            hedges.append(t.text)
        elif low in HEDGE_AMODS and (t.dep_ == "amod" or t.pos_ in ("ADJ", "PROPN")):
            hedges.append(t.text)
        elif low in HEDGE_NOUNS:
            hedges.append(t.text)
        elif low in ("said", "reported", "believed", "rumored", "rumoured", "thought", "alleged") and nxt == "to":
            if k > 0 and prop_list[k - 1].pos_ in ("NOUN", "PROPN"):  # headline "Tesla said to pick ..."
                hedges.append(f"{t.text} to")
        elif low in HEDGE_MODALS and t.pos_ not in ("AUX", "VERB") and t.i > 0 and k > 0 and nxt:
            if t.text[:1].isupper() and t.doc[t.i - 1].text[:1].isupper():  # "Apple May Launch"
                hedges.append(t.text)

    stance.predicate = chain[-1]
    # a copular chain end ("is a spy") has no verb of its own; its predicate is "be"
    stance.hedge_cues = list(dict.fromkeys(hedges))
    stance.polarity_cues = list(dict.fromkeys(negs))
    stance.polarity = "negated" if flips % 2 == 1 else "affirmed"
    if stance.hedge_cues or uncertain:
        stance.hedge = "uncertain"
    elif frames:
        stance.hedge = "reported"
    return stance
