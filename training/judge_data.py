"""The judge's training and held-out pairs, read from the public data in `../shared/nli`.

The training script and the benchmarks both import this module so that the held-out splits are
the same everywhere: a pair is held out by a stable hash of its group (an NLI premise, an FNC-1
headline), never by position, so no sentence of a held-out group is ever trained on.

Labels are the cross-encoder's three outputs, in this order: contradiction, entailment, neutral.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import math
import random
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

LABELS = ("contradiction", "entailment", "neutral")
LABEL_ID = {name: i for i, name in enumerate(LABELS)}
# FNC-1/ARC stances and Emergent stances in the model's label names
STANCE_LABEL = {
    "agree": "entailment",
    "disagree": "contradiction",
    "discuss": "neutral",
    "unrelated": "neutral",
    "for": "entailment",
    "against": "contradiction",
    "observing": "neutral",
}
# one-sided sources (mostly machine-made contradictions) and the unrelated flood are capped
CAPS = {"breaking_nli": 2500, "covidfact": 2000}
STANCE_CAPS = {"fnc1": {"unrelated": 3000, "discuss": 5000}, "arc": {"unrelated": 1500}}
NLI_HELDOUT_PER_MILLE = 50  # 5 % of NLI premises
FNC_HELDOUT_PER_MILLE = 200  # 20 % of FNC-1 headlines
MAX_PREMISE_WORDS = 70

_WORD = re.compile(r"[a-z0-9]+")
_SENTENCE = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|\n+")
_STOP = frozenset(
    "a an the of to in on at for and or but is are was were be been by with from that this it its as "
    "he she they we you i his her their our has have had not no will would could should may might said "
    "says after over into about than more".split()
)


@dataclass(frozen=True)
class Example:
    premise: str
    hypothesis: str
    label: int
    source: str
    group: str  # the unit of the held-out split and of grouped cross-validation


def read_extra(path: Path) -> list[Example]:
    """Extra training pairs as JSON lines, one {premise, hypothesis, label, source?, group?} a line
    (`consist verdicts export` writes them): `label` a name from LABELS or its index. Lines without
    a label (a verdict that teaches none) are skipped; a malformed line stops with its number."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            label = row.get("label")
            if label is None:
                continue
            index = LABEL_ID[label] if isinstance(label, str) else int(label)
            if not 0 <= index < len(LABELS):
                raise ValueError(f"label {label!r}")
            premise, hypothesis = str(row["premise"]), str(row["hypothesis"])
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"{path}:{n}: not a training pair ({exc})") from None
        source = str(row.get("source") or "extra")
        group = str(row.get("group") or f"{source}:" + " ".join(premise.lower().split()[:6]))
        out.append(Example(premise, hypothesis, index, source, group))
    return out


def bucket(key: str) -> int:
    """A stable number in [0, 1000) for a group key (no dependence on PYTHONHASHSEED)."""
    return int(hashlib.sha1(key.strip().lower().encode("utf-8")).hexdigest()[:8], 16) % 1000


def nli_group(premise: str) -> str:
    # counterfactual edits change a word or two of a premise; its first words keep the group together
    return "nli:" + " ".join(premise.lower().split()[:6])


def is_nli_heldout(ex: Example) -> bool:
    return bucket(ex.group) < NLI_HELDOUT_PER_MILLE


def is_fnc_heldout(headline: str) -> bool:
    return bucket("fnc:" + headline) < FNC_HELDOUT_PER_MILLE


def read_nli(folder: Path) -> list[Example]:
    """All of pairs.jsonl.gz as examples (uncapped)."""
    out = []
    with gzip.open(folder / "pairs.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["label"] not in LABEL_ID:
                continue
            premise, hypothesis = str(row["premise"]).strip(), str(row["hypothesis"]).strip()
            if premise and hypothesis:
                out.append(Example(premise, hypothesis, LABEL_ID[row["label"]], row["source"], nli_group(premise)))
    return out


def _read_csv(path: Path) -> list[dict[str, str]]:
    with gzip.open(path, "rb") as fh:
        return list(csv.DictReader(io.TextIOWrapper(fh, encoding="utf-8", errors="replace")))


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOP]


def sentences(body: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(body) if s and len(s.split()) >= 4]


def nearest_sentences(headline: str, body: str, idf: dict[str, float], k: int = 2) -> str:
    """The body's k sentences that share the most weighted words with the headline, in body order.

    The judge compares claims, not articles: a headline is paired with the part of the body
    that speaks to it. Lexical weighting is enough to find it and keeps training cheap."""
    head = set(_words(headline))
    sents = sentences(body)
    if not sents:
        return " ".join(body.split()[:MAX_PREMISE_WORDS])
    scored = []
    for i, s in enumerate(sents):
        ws = set(_words(s))
        overlap = sum(idf.get(w, 1.0) for w in head & ws)
        scored.append((overlap / math.sqrt(len(ws) + 1), i))
    keep = sorted(i for _, i in sorted(scored, reverse=True)[:k])
    words = " ".join(sents[i] for i in keep).split()
    return " ".join(words[:MAX_PREMISE_WORDS])


def _idf(bodies: dict[str, str]) -> dict[str, float]:
    df: Counter[str] = Counter()
    for body in bodies.values():
        df.update(set(_words(body)))
    n = max(1, len(bodies))
    return {w: math.log(n / (1 + c)) + 1.0 for w, c in df.items()}


def read_stance(folder: Path, name: str) -> list[tuple[str, str, str]]:
    """(headline, nearest body sentences, stance) for FNC-1 (`fnc1`) or ARC (`arc`)."""
    stances = _read_csv(folder / f"{name}_train_stances.csv.gz")
    bodies_rows = _read_csv(folder / ("fnc1_train_bodies.csv.gz" if name == "fnc1" else "arc_bodies.csv.gz"))
    bodies = {r["Body ID"]: r["articleBody"] for r in bodies_rows}
    idf = _idf(bodies)
    out = []
    for r in stances:
        body = bodies.get(r["Body ID"])
        if body is None or r["Stance"] not in STANCE_LABEL:
            continue
        out.append((r["Headline"].strip(), nearest_sentences(r["Headline"], body, idf), r["Stance"]))
    return out


def read_emergent(path: Path) -> list[tuple[str, str, str, str]]:
    """(claim headline, article headline, stance, claim id) rows of Emergent."""
    with open(path, encoding="utf-8") as fh:
        return [
            (r["claimHeadline"].strip(), r["articleHeadline"].strip(), r["articleHeadlineStance"], r["claimId"])
            for r in csv.DictReader(fh)
        ]


def training_examples(folder: Path, seed: int) -> list[Example]:
    """Everything the cross-encoder trains on: capped, held-out groups removed, shuffled."""
    rng = random.Random(seed)
    nli = [ex for ex in read_nli(folder) if not is_nli_heldout(ex)]
    by_source: dict[str, list[Example]] = {}
    for ex in nli:
        by_source.setdefault(ex.source, []).append(ex)
    out: list[Example] = []
    for source, rows in sorted(by_source.items()):
        rng.shuffle(rows)
        out += rows[: CAPS.get(source, len(rows))]
    for name in ("fnc1", "arc"):
        rows = read_stance(folder, name)
        if name == "fnc1":
            rows = [r for r in rows if not is_fnc_heldout(r[0])]
        rng.shuffle(rows)
        seen: Counter[str] = Counter()
        caps = STANCE_CAPS[name]
        for headline, premise, stance in rows:
            if seen[stance] >= caps.get(stance, 10**9):
                continue
            seen[stance] += 1
            out.append(Example(premise, headline, LABEL_ID[STANCE_LABEL[stance]], name, f"{name}:{headline}"))
    rng.shuffle(out)
    return out


def nli_heldout(folder: Path) -> list[Example]:
    """The NLI pairs never trained on (5 % of premises, every source, uncapped)."""
    return [ex for ex in read_nli(folder) if is_nli_heldout(ex)]


def fnc_heldout(folder: Path) -> list[tuple[str, str, str]]:
    """FNC-1 rows whose headline was never trained on: (headline, nearest sentences, stance)."""
    return [r for r in read_stance(folder, "fnc1") if is_fnc_heldout(r[0])]


# --- the news mix: a second stage that teaches the model how reporting words claims ---------------

EMERGENT_TRAIN_PER_MILLE = 500  # half of Emergent's claims train the model; the other half stays for the combiner
SPEAKERS = (
    "officials", "the ministry", "a company spokesperson", "the Kremlin", "police", "the White House",
    "the company", "a government spokesman", "the minister", "the army", "the embassy", "his lawyer",
    "the club", "the foreign ministry", "a senior official", "the agency", "the prime minister's office",
    "the military", "a spokeswoman for the group", "the state department",
)  # fmt: skip
OUTLETS = ("Reuters", "the BBC", "CNN", "Der Spiegel", "The Associated Press", "Al Jazeera", "Le Monde", "TASS")
SAID = ("{s} said {p}", "{p}, {s} said", "according to {s}, {p}", "{o} reported that {p}", "{p}, {o} reported",
        "{s} confirmed that {p}", "{s} told {o} that {p}", "{p}, sources told {o}")  # fmt: skip
DENIED = ("{s} denied that {p}", "{s} denied reports that {p}", "{s} dismissed claims that {p} as false",
          "{s} said it was not true that {p}", "{s} rejected the report that {p}, calling it fabricated",
          "{s} said reports that {p} were fake news", "there is no truth to the claim that {p}, {s} said",
          "{s} flatly denied that {p}")  # fmt: skip
UNSURE = ("{s} declined to comment on reports that {p}", "it is unclear whether {p}",
          "{s} is investigating whether {p}", "{s} would not confirm whether {p}",
          "{o} asked {s} whether {p}")  # fmt: skip
_NEGATION = re.compile(r"\b(not|no|never|none|n't|without|denied|refused)\b", re.IGNORECASE)


def is_emergent_train(claim_id: str) -> bool:
    """The Emergent claims the cross-encoder trains on; the rest is the combiner's cross-validation set."""
    return bucket("emergent:" + claim_id) < EMERGENT_TRAIN_PER_MILLE


def emergent_heldout(path: Path) -> list[tuple[str, str, str, str]]:
    return [row for row in read_emergent(path) if not is_emergent_train(row[3])]


def _clause(text: str) -> str:
    """A headline or claim as a clause that can follow "said" or "that"."""
    text = " ".join(text.split()).rstrip(" .!?;:")
    first, _, rest = text.partition(" ")
    if first.lower() in _STOP or first.lower() in {"there", "police", "officials", "scientists"}:
        text = first.lower() + (" " + rest if rest else "")
    return text


def _fill(template: str, p: str, rng: random.Random) -> str:
    out = template.format(s=rng.choice(SPEAKERS), o=rng.choice(OUTLETS), p=p)
    return out[0].upper() + out[1:] + "."


def templated_examples(propositions: list[str], rng: random.Random) -> list[Example]:
    """Pairs that teach attribution: "X said P" agrees with P, "X denied that P" contradicts it,
    and "X declined to comment on P" neither; a claim restated with negation still agrees.

    The propositions are public headlines and claims; only the reporting frame is ours. The
    frames are varied and never the only cue: each proposition gets one frame of each kind."""
    out = []
    clauses = [c for c in (_clause(prop) for prop in propositions) if len(c.split()) >= 4]
    for k, p in enumerate(clauses):
        bare = p[0].upper() + p[1:] + "."
        group = "template:" + p.lower()
        said = _fill(rng.choice(SAID), p, rng)
        denied = _fill(rng.choice(DENIED), p, rng)
        unsure = _fill(rng.choice(UNSURE), p, rng)
        out.append(Example(bare, said, LABEL_ID["entailment"], "template", group))
        out.append(Example(said, bare, LABEL_ID["entailment"], "template", group))
        out.append(Example(bare, denied, LABEL_ID["contradiction"], "template", group))
        out.append(Example(said, denied, LABEL_ID["contradiction"], "template", group))
        out.append(Example(bare, unsure, LABEL_ID["neutral"], "template", group))
        # two denials agree; a denial of something else says nothing about P
        out.append(Example(denied, _fill(rng.choice(DENIED), p, rng), LABEL_ID["entailment"], "template", group))
        other = _fill(rng.choice(DENIED), clauses[(k + 1) % len(clauses)], rng)
        out.append(Example(bare, other, LABEL_ID["neutral"], "template", group))
        if _NEGATION.search(p):  # shared negation is agreement, not conflict
            out.append(Example(bare, _fill(rng.choice(SAID), p, rng), LABEL_ID["entailment"], "template", group))
    return out


def attributed(examples: list[Example], rng: random.Random) -> list[Example]:
    """General pairs with reporting frames put around them, so attribution reads as transparent.

    Nearly every news claim is attributed ("the Pentagon said P", "P, AP reported"); NLI data
    never is. A third of the pairs get a frame around the hypothesis with the label unchanged,
    and an entailed hypothesis denied ("X denied that H") becomes a contradiction."""
    out = []
    for ex in examples:
        h = _clause(ex.hypothesis)
        if len(h.split()) < 3 or ex.source in ("arc",):
            out.append(ex)
            continue
        roll = rng.random()
        if roll < 0.33:
            out.append(Example(ex.premise, _fill(rng.choice(SAID), h, rng), ex.label, ex.source, ex.group))
        else:
            out.append(ex)
        if ex.label == LABEL_ID["entailment"] and rng.random() < 0.2:
            denied = _fill(rng.choice(DENIED), h, rng)
            out.append(Example(ex.premise, denied, LABEL_ID["contradiction"], "template", ex.group))
    return out


# --- minimal pairs: one edit that changes what a claim says -------------------------------------

# antonyms whose swap turns a news claim into its opposite (both directions are used)
ANTONYMS = (
    ("dead", "alive"), ("died", "survived"), ("killed", "spared"), ("confirmed", "denied"),
    ("confirms", "denies"), ("rose", "fell"), ("rises", "falls"), ("increased", "decreased"),
    ("increase", "decrease"), ("won", "lost"), ("wins", "loses"), ("guilty", "innocent"),
    ("true", "false"), ("arrested", "released"), ("opened", "closed"), ("opens", "closes"),
    ("approved", "rejected"), ("approves", "rejects"), ("accepted", "rejected"), ("higher", "lower"),
    ("before", "after"), ("first", "last"), ("allowed", "banned"), ("legal", "illegal"),
    ("supports", "opposes"), ("backed", "opposed"), ("agreed", "refused"), ("succeeded", "failed"),
    ("passed", "failed"), ("real", "fake"), ("genuine", "fake"), ("safe", "dangerous"),
    ("bought", "sold"), ("buys", "sells"), ("joined", "left"), ("joins", "leaves"), ("started", "ended"),
    ("lifted", "imposed"), ("victory", "defeat"), ("rise", "fall"), ("more", "fewer"),
    ("male", "female"), ("present", "absent"), ("inside", "outside"), ("north", "south"),
    ("east", "west"), ("attacked", "defended"), ("won", "lost"), ("ally", "enemy"), ("peace", "war"),
    ("cheaper", "dearer"), ("largest", "smallest"), ("biggest", "smallest"), ("highest", "lowest"),
    ("resigned", "stayed"), ("guilty", "acquitted"), ("convicted", "acquitted"), ("hired", "fired"),
)  # fmt: skip
_SWAP = {a: b for a, b in ANTONYMS} | {b: a for a, b in ANTONYMS}
_ANTONYM = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _SWAP), key=len, reverse=True)) + r")\b", re.I)
_AUX = re.compile(
    r"\b(is|are|was|were|has|have|had|will|would|can|could|should|may|might|must|does|do|did)\b( not\b| n't\b)?", re.I
)
_NUMBER = re.compile(r"(?<![\w.,-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\d.,]*\d)")
_NUMBER_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "dozens", "hundreds")
_NUMBER_WORD = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b", re.I)
_YEAR = re.compile(r"^(1[89]|20)\d\d$")


def _keep_case(old: str, new: str) -> str:
    return new[0].upper() + new[1:] if old[:1].isupper() else new


def swap_number(text: str, rng: random.Random) -> str | None:
    """The claim with one figure changed: "killed 12" -> "killed 30" (years are left alone)."""
    for m in _NUMBER.finditer(text):
        raw = m.group(1)
        if _YEAR.match(raw):
            continue
        value = float(raw.replace(",", ""))
        factor = rng.choice((0.25, 0.5, 2.0, 3.0, 10.0))
        new = value * factor if value >= 4 else value + rng.choice((3, 5, 10))
        new_text = f"{new:,.0f}" if "," in raw else (f"{new:.1f}" if "." in raw else str(round(new)))
        if new_text != raw:
            return text[: m.start(1)] + new_text + text[m.end(1) :]
    m = _NUMBER_WORD.search(text)
    if m:
        choices = [w for w in _NUMBER_WORDS if w != m.group(1).lower()]
        return text[: m.start()] + _keep_case(m.group(1), rng.choice(choices)) + text[m.end() :]
    return None


def swap_antonym(text: str) -> str | None:
    """The claim with one word turned into its opposite: "is dead" -> "is alive"."""
    m = next((m for m in _ANTONYM.finditer(text) if m.start() == 0 or not m.group(1)[0].isupper()), None)
    if not m:  # a capitalised word inside the claim is a name ("War Memorial"), not a quality
        return None
    return text[: m.start()] + _keep_case(m.group(1), _SWAP[m.group(1).lower()]) + text[m.end() :]


def flip_negation(text: str) -> str | None:
    """The claim negated at its first auxiliary ("has been" -> "has not been"), or un-negated."""
    m = _AUX.search(text)
    if not m:
        return None
    if m.group(2):  # already negated: take the negation away
        return text[: m.end(1)] + text[m.end(2) :]
    return text[: m.end(1)] + " not" + text[m.end(1) :]


def drop_detail(text: str) -> str | None:
    """The claim without its last prepositional phrase: what is left is still entailed."""
    m = re.search(r",? (in|at|on|near|during|after|amid|over) [^,;]{3,40}$", text)
    if not m or len(text[: m.start()].split()) < 4:
        return None
    return text[: m.start()]


def minimal_pairs(propositions: list[str], rng: random.Random) -> list[Example]:
    """Pairs that differ by one edit, so that word overlap alone never decides the label.

    Reporting frames teach the model that near-copies agree; these teach it that a near-copy with
    a changed figure, an opposite word or a negation disagrees, also when each side has its own
    speaker ("X said P" against "Y said not-P"). Dropping a detail keeps agreement."""
    out = []
    clauses = [c for c in (_clause(prop) for prop in propositions) if len(c.split()) >= 4]
    for p in clauses:
        group = "template:" + p.lower()
        bare = p[0].upper() + p[1:] + "."
        edits = [e for e in (swap_number(p, rng), swap_antonym(p), flip_negation(p)) if e and e != p]
        if edits:
            q = rng.choice(edits)
            other = q[0].upper() + q[1:] + "."
            out.append(Example(bare, other, LABEL_ID["contradiction"], "minimal", group))
            framed_p = _fill(rng.choice(SAID), p, rng) if rng.random() < 0.5 else bare
            framed_q = _fill(rng.choice(SAID), q, rng)
            pair = (framed_p, framed_q) if rng.random() < 0.5 else (framed_q, framed_p)
            out.append(Example(pair[0], pair[1], LABEL_ID["contradiction"], "minimal", group))
        shorter = drop_detail(p)
        if shorter:
            out.append(Example(bare, _fill(rng.choice(SAID), shorter, rng), LABEL_ID["entailment"], "minimal", group))
    return out


def same_article_pairs(folder: Path, rng: random.Random, held: set[str], limit: int = 3000) -> list[Example]:
    """Two statements from one article about the same subject: neither contradicts the other.

    NLI's captions taught the model that two sentences about one scene that differ contradict
    ("the bridge collapsed" / "the bridge was built in 1964"); in news, one story holds many
    facts. Sentences of one body (FNC-1 articles, a few ARC posts) that share a content word but
    are no near-copies are neutral pairs. No sentence in `held` (those of the held-out FNC-1
    premises) is used."""
    bodies = [("fnc1", r) for r in _read_csv(folder / "fnc1_train_bodies.csv.gz")]
    arc = [("arc", r) for r in _read_csv(folder / "arc_bodies.csv.gz")]
    rng.shuffle(arc)
    bodies += arc[:400]
    rng.shuffle(bodies)
    out: list[Example] = []
    for name, row in bodies:
        sents = [x for x in sentences(row["articleBody"]) if 6 <= len(x.split()) <= 45 and x not in held]
        rng.shuffle(sents)
        taken = 0
        for a, b in zip(sents[0::2], sents[1::2], strict=False):
            wa, wb = set(_words(a)), set(_words(b))
            if not wa & wb or len(wa & wb) / max(1, len(wa | wb)) >= 0.4:
                continue
            pair = (a, b) if rng.random() < 0.5 else (b, a)
            out.append(Example(*pair, LABEL_ID["neutral"], "same_article", f"{name}body:{row['Body ID']}"))
            taken += 1
            if taken >= (3 if name == "fnc1" else 2):
                break
        if len(out) >= limit:
            break
    return out


def news_examples(folder: Path, emergent: Path, seed: int, nli_replay: int = 15000) -> list[Example]:
    """The second-stage mix: news stances first, with enough general NLI replayed not to forget it.

    - Emergent: the training half of its claims (claim headline vs article headline);
    - FNC-1: training headlines' related stances (agree, disagree, discuss capped), few unrelated;
    - templated attribution, denial and non-answer frames around FNC-1 headlines and
      fact-checking claims (never a held-out group), and minimal pairs around others;
    - two statements of one article about one subject (neutral);
    - a sample of the stage-one NLI pairs."""
    rng = random.Random(seed)
    out: list[Example] = []
    for claim, article, stance, claim_id in read_emergent(emergent):
        if is_emergent_train(claim_id) and stance in STANCE_LABEL and claim and article:
            out.append(Example(claim, article, LABEL_ID[STANCE_LABEL[stance]], "emergent", f"emergent:{claim_id}"))
    stance_rows = read_stance(folder, "fnc1")  # read once: the held-out rows' premises stay out of both
    fnc = [r for r in stance_rows if not is_fnc_heldout(r[0])]
    held = {x for headline, premise, _ in stance_rows if is_fnc_heldout(headline) for x in sentences(premise)}
    rng.shuffle(fnc)
    caps = {"unrelated": 1500, "discuss": 4000}
    seen: Counter[str] = Counter()
    for headline, premise, stance in fnc:
        if seen[stance] < caps.get(stance, 10**9):
            seen[stance] += 1
            out.append(Example(premise, headline, LABEL_ID[STANCE_LABEL[stance]], "fnc1", f"fnc1:{headline}"))
    props = sorted({h for h, _, _ in fnc})
    nli = [ex for ex in read_nli(folder) if not is_nli_heldout(ex)]
    props += sorted({ex.hypothesis for ex in nli if ex.source in ("climate_fever", "healthver", "fever_symmetric")})
    rng.shuffle(props)
    out += templated_examples(props[:1100], rng)
    out += minimal_pairs(props[1100:4100], rng)
    general = [ex for ex in training_examples(folder, seed) if ex.source not in ("fnc1",)]
    rng.shuffle(general)
    out += attributed(general[:nli_replay], rng)
    # word-swap contradictions replayed beyond stage one's cap: the frames must not teach overlap = agreement
    breaking = [ex for ex in nli if ex.source == "breaking_nli"]
    rng.shuffle(breaking)
    out += breaking[:1500]
    out += same_article_pairs(folder, rng, held)
    rng.shuffle(out)
    return out
