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


def news_examples(folder: Path, emergent: Path, seed: int, nli_replay: int = 15000) -> list[Example]:
    """The second-stage mix: news stances first, with enough general NLI replayed not to forget it.

    - Emergent: the training half of its claims (claim headline vs article headline);
    - FNC-1: training headlines' related stances (agree, disagree, discuss capped), few unrelated;
    - templated attribution, denial and non-answer frames around FNC-1 headlines and
      fact-checking claims (never a held-out group);
    - a sample of the stage-one NLI pairs."""
    rng = random.Random(seed)
    out: list[Example] = []
    for claim, article, stance, claim_id in read_emergent(emergent):
        if is_emergent_train(claim_id) and stance in STANCE_LABEL and claim and article:
            out.append(Example(claim, article, LABEL_ID[STANCE_LABEL[stance]], "emergent", f"emergent:{claim_id}"))
    fnc = [r for r in read_stance(folder, "fnc1") if not is_fnc_heldout(r[0])]
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
    out += templated_examples(props[:1600], rng)
    general = [ex for ex in training_examples(folder, seed) if ex.source not in ("fnc1",)]
    rng.shuffle(general)
    out += attributed(general[:nli_replay], rng)
    rng.shuffle(out)
    return out
