"""A reviewer's verdicts on findings: recorded in the store, respected by reports, taught to the judge.

A verdict (`right`, `wrong` or `unsure`) is kept in the `verdicts` table (migration 3), keyed by
the pair of claim ids in the order the relation was recorded (`claim_id` the later claim,
`other_claim_id` the earlier one). Claim ids are never reused, so a verdict outlives re-judging
(the same pair judged again, e.g. `check --dry-run` of a stored article, meets the same ids),
`doctor --repair` (which rebuilds FAISS and drops orphan rows, never verdicts) and index rebuilds.

- A verdict reaches the same finding on verbatim copies of the pair (`_verbatim_copies`).
- Reports (`check`, `report`, `serve`) show each finding's verdict; a finding judged `wrong` is
  hidden unless asked for and never counted (summary, `--fail-on`).
- `export_rows` turns verdicts into the judge trainer's pairs (training/judge_data.py: premise,
  hypothesis, label, source, group), with the finding as judged alongside.
- `fit_floor` / `refit` choose, from verdicts alone, the lowest judge score at which this store
  shows a contradiction (the one that maximises F0.5 of `right` among the contradictions shown:
  precision counts twice as much as recall). A contradiction below it is hidden like a `wrong`
  one, unless a reviewer called that very finding `right`.
"""

from __future__ import annotations

import getpass
import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from consistency.errors import VerdictError
from consistency.models import RELATIONS, VERDICTS, CheckResult
from consistency.store import Store

REVIEWER_ENV = "CONSIST_REVIEWER"
FLOOR_KEY = "contradicts_floor"  # store_meta: the refitted floor, as JSON (see `Floor`)
EXPORT_SOURCE = "verdicts"
FLOOR_BETA = 0.5  # F-beta the floor maximises: precision weighs twice as much as recall
NOTE_MAX = 2000  # characters of a note kept
# The judge's relation in the trainer's label names (training/judge_data.py LABELS).
TRAINING_LABEL = {
    "contradicts": "contradiction", "agrees": "entailment", "discusses": "neutral", "unrelated": "neutral",
}  # fmt: skip

_COLUMNS = 'claim_id, other_claim_id, relation, verdict, corrected_relation, note, reviewer, "at", score'


@dataclass
class Verdict:
    """One reviewer's word on one finding (a pair of claims and the relation the judge gave it)."""

    claim_id: int  # the later claim of the pair (relations.claim_id)
    other_claim_id: int  # the earlier one
    relation: str  # as judged
    verdict: str  # right | wrong | unsure
    corrected_relation: str | None = None  # what it should have been, when the reviewer says
    note: str | None = None
    reviewer: str | None = None
    at: datetime | None = None
    score: float | None = None  # the judge's score for the finding when it was reviewed
    carried: int = 0  # verbatim copies of the pair that took the same verdict (not stored)


@dataclass
class Floor:
    """The store's contradiction floor, refitted from verdicts on contradictions."""

    floor: float  # contradictions scored below this are hidden (0.0: none are)
    verdicts: int  # right + wrong verdicts on contradictions it was fitted on
    right: int
    precision_before: float | None  # share of `right` among those verdicts, all shown
    precision_after: float | None  # ... among those at or above the floor
    recall_after: float | None  # share of the `right` ones kept
    fitted_at: str | None = None


def default_reviewer() -> str:
    """CONSIST_REVIEWER, else the login name."""
    name = os.environ.get(REVIEWER_ENV)
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # no login name (a container without a passwd entry)
        return "unknown"


def _verdict(row: tuple[Any, ...]) -> Verdict:
    a, b, rel, word, corrected, note, reviewer, at, score = row
    return Verdict(int(a), int(b), rel, word, corrected, note, reviewer, at, None if score is None else float(score))


# ---- reading ---------------------------------------------------------------------------------


def all_verdicts(store: Store) -> list[Verdict]:
    """Every verdict, oldest first."""
    rows = store.rows(f'SELECT {_COLUMNS} FROM verdicts ORDER BY "at", claim_id, other_claim_id')  # noqa: S608 (fixed)
    return [_verdict(r) for r in rows]


def verdicts_between(store: Store, pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], Verdict]:
    """The verdicts on these pairs, under both orders of each pair (a pair is one finding whichever
    claim it is read from)."""
    wanted = {(int(a), int(b)) for a, b in pairs}
    if not wanted:
        return {}
    ids = sorted({i for pair in wanted for i in pair})
    rows = store.rows(
        f"SELECT {_COLUMNS} FROM verdicts WHERE claim_id IN (SELECT unnest(?::BIGINT[]))",  # noqa: S608 (fixed columns)
        [ids],
        staged=False,  # verdicts are never staged: a batch of `add` in progress is not written for this
    )
    out: dict[tuple[int, int], Verdict] = {}
    for row in rows:
        v = _verdict(row)
        for key in ((v.claim_id, v.other_claim_id), (v.other_claim_id, v.claim_id)):
            if key in wanted:
                out[key] = v
    return out


def verdict_for(found: dict[tuple[int, int], Verdict], a: int | None, b: int | None, relation: str) -> Verdict | None:
    """The verdict on the finding (a, b, relation): one on the same pair with the same relation."""
    if a is None or b is None:
        return None
    v = found.get((int(a), int(b)))
    return v if v is not None and v.relation == relation else None


def floor_of(store: Store) -> Floor | None:
    """The refitted contradiction floor, None when never refitted."""
    raw = store.meta(FLOOR_KEY)
    if not raw:
        return None
    try:
        return Floor(**json.loads(raw))
    except (TypeError, ValueError):  # a damaged setting is ignored, never trusted
        return None


def contradiction_floor(store: Store) -> float:
    """The lowest judge score at which this store shows a contradiction (0.0 without a refit)."""
    found = floor_of(store)
    return found.floor if found is not None else 0.0


def is_rejected(relation: str, score: float, verdict: str | None, floor: float) -> bool:
    """Hidden by default: judged wrong, or a contradiction under the floor nobody called right."""
    if verdict == "wrong":
        return True
    return relation == "contradicts" and score < floor and verdict != "right"


# ---- writing ---------------------------------------------------------------------------------


def record_verdict(
    store: Store,
    claim_id: int,
    other_claim_id: int,
    verdict: str,
    *,
    note: str | None = None,
    reviewer: str | None = None,
    relation: str | None = None,
    corrected_relation: str | None = None,
) -> Verdict:
    """Record (or replace) the verdict on the finding between two claims, in either order.

    The finding is the recorded relation between them, unless `relation` names another (the pair
    judged again in a `check --dry-run` found that); a pair the store holds no relation for needs
    `relation`, the relation as judged. A verdict speaks of its relation: should the judge later
    find another one for the pair, the verdict no longer applies to it (see `verdict_for`). The
    store must be open for writing: the caller holds the writer lock, so a busy store refuses
    before anything is asked of the reviewer's words, and nothing half-written remains."""
    verdict = (verdict or "").strip().lower()
    if verdict not in VERDICTS:
        raise VerdictError(f"verdict {verdict!r}: expected one of {', '.join(VERDICTS)}")
    for name, value in (("relation", relation), ("corrected relation", corrected_relation)):
        if value is not None and value not in RELATIONS:
            raise VerdictError(f"{name} {value!r}: expected one of {', '.join(RELATIONS)}")
    a, b = int(claim_id), int(other_claim_id)
    if a == b:
        raise VerdictError(f"claims {a} and {b}: a verdict is on two different claims")
    found = store.rows(
        "SELECT claim_id, other_claim_id, relation, score FROM relations "
        "WHERE (claim_id = ? AND other_claim_id = ?) OR (claim_id = ? AND other_claim_id = ?)",
        [a, b, b, a],
    )
    score: float | None = None
    if found:
        a, b, judged, recorded = int(found[0][0]), int(found[0][1]), str(found[0][2]), float(found[0][3])
        if relation is None or relation == judged:
            relation, score = judged, recorded
        # else: the pair judged again (a re-check) found another relation, and that is the finding
        # the reviewer saw and speaks of; its score is not recorded
    else:
        known = {int(r[0]) for r in store.rows("SELECT claim_id FROM claims WHERE claim_id IN (?, ?)", [a, b])}
        missing = [str(i) for i in (a, b) if i not in known]
        if missing:
            raise VerdictError(f"no claim {' or '.join(missing)} in the store")
        if relation is None:
            raise VerdictError(f"no finding recorded between claims {a} and {b}; give the relation as judged")
    note = (note or "").strip()[:NOTE_MAX] or None
    if note is None:  # the same word again without a note keeps the note it was given with
        before = store.rows(
            "SELECT verdict, note FROM verdicts WHERE (claim_id = ? AND other_claim_id = ?) "
            "OR (claim_id = ? AND other_claim_id = ?)",
            [a, b, b, a],
            staged=False,
        )
        if before and before[0][0] == verdict and not str(before[0][1] or "").startswith(CARRIED):
            note = before[0][1]
    who = reviewer or default_reviewer()
    made = Verdict(a, b, relation, verdict, corrected_relation, note, who, datetime.now(), score)
    copies = _verbatim_copies(store, a, b, relation)
    carried_note = f"{CARRIED} {a}-{b}" + (f": {note}" if note else "")
    with store.transaction() as con:
        rows = [made] + [Verdict(c, d, relation, verdict, corrected_relation, carried_note, who, made.at, s)
                         for c, d, s in copies]  # fmt: skip
        for v in rows:
            # one verdict per pair, whichever order it was given in before
            con.execute(
                "DELETE FROM verdicts WHERE (claim_id = ? AND other_claim_id = ?) "
                "OR (claim_id = ? AND other_claim_id = ?)",
                [v.claim_id, v.other_claim_id, v.other_claim_id, v.claim_id],
            )
            con.execute(
                f"INSERT INTO verdicts ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",  # noqa: S608 (fixed columns)
                [v.claim_id, v.other_claim_id, v.relation, v.verdict, v.corrected_relation,
                 v.note, v.reviewer, v.at, v.score],
            )  # fmt: skip
    made.carried = len(copies)
    return made


CARRIED = "carried from the verdict on"  # the note of a copy's verdict: which pair a reviewer judged
CARRY_MIN_WORDS = 6  # words each sentence of a pair needs for its verdict to reach verbatim copies


def _verbatim_copies(store: Store, a: int, b: int, relation: str) -> list[tuple[int, int, float]]:
    """The same finding on other claims with the very same two texts: a wire story run by two sites,
    or an article and its republication, each met the other claim. A reviewer who rejects the
    finding once rejects it for every copy; before, each copy stayed in `report` until judged
    again. A copy pair a reviewer judged on its own keeps that verdict."""
    texts = dict(store.rows("SELECT claim_id, text FROM claims WHERE claim_id IN (?, ?)", [a, b]))
    if len(texts) < 2 or min(len(str(t).split()) for t in texts.values()) < CARRY_MIN_WORDS:
        return []  # "He denied it." recurs in unrelated stories: only a sentence that long is one copy
    same = {int(c): str(t) for c, t in store.rows("SELECT claim_id, text FROM claims WHERE text IN (?, ?)",
                                                     [texts[a], texts[b]])}  # fmt: skip
    rows = store.rows(
        "SELECT claim_id, other_claim_id, score FROM relations WHERE relation = ? "
        "AND claim_id IN (SELECT unnest(?::BIGINT[])) AND other_claim_id IN (SELECT unnest(?::BIGINT[]))",
        [relation, list(same), list(same)],
    )
    pair = {texts[a], texts[b]}
    found = [
        (int(c), int(d), float(s))
        for c, d, s in rows
        if {same[int(c)], same[int(d)]} == pair and same[int(c)] != same[int(d)] and {int(c), int(d)} != {a, b}
    ]
    if not found:
        return []
    own = {
        (int(c), int(d))
        for c, d, why in store.rows(
            "SELECT claim_id, other_claim_id, coalesce(note, '') FROM verdicts "
            "WHERE claim_id IN (SELECT unnest(?::BIGINT[]))",
            [sorted({i for c, d, _ in found for i in (c, d)})],
            staged=False,
        )
        if not str(why).startswith(CARRIED)
    }
    return [(c, d, s) for c, d, s in found if (c, d) not in own and (d, c) not in own]


def open_for_verdict(directory: Path | str, lock_timeout: float | None = None) -> Store:
    """The store for writing one verdict: the writer lock (waits up to `lock_timeout`, then
    StoreBusyError, and nothing is written), no FAISS file read; never creates a store."""
    return Store.open(directory, create=False, lock_timeout=lock_timeout, load_index=False)


# ---- reports -----------------------------------------------------------------------------------


def apply_verdicts(result: CheckResult, store: Store, *, show_rejected: bool = False) -> CheckResult:
    """Set each match's verdict (and whether it is under the floor); drop the rejected ones unless
    `show_rejected` (the caller counts again: pipeline.summarize skips rejected matches). An
    article already in the store is matched to its stored claims (by their place in the text), so
    a re-check meets the verdicts given on its findings."""
    if result.article_id is not None and any(r.claim.claim_id is None for r in result.claims):
        stored = {
            (int(s), int(e)): int(cid)
            for cid, s, e in store.rows(
                "SELECT claim_id, start_char, end_char FROM claims WHERE article_id = ?", [result.article_id]
            )
        }
        for r in result.claims:
            if r.claim.claim_id is None:
                r.claim.claim_id = stored.get((r.claim.start_char, r.claim.end_char))
                if r.claim.claim_id is not None:
                    r.claim.article_id = result.article_id
    pairs = [
        (int(r.claim.claim_id), int(m.other.claim.claim_id))
        for r in result.claims
        for m in r.matches
        if r.claim.claim_id is not None and m.other.claim.claim_id is not None
    ]
    found = verdicts_between(store, pairs)
    floor = contradiction_floor(store)
    for r in result.claims:
        for m in r.matches:
            v = verdict_for(found, r.claim.claim_id, m.other.claim.claim_id, m.relation)
            m.verdict = v.verdict if v is not None else None
            m.below_floor = m.relation == "contradicts" and m.score < floor and m.verdict != "right"
        if not show_rejected:
            r.matches = [m for m in r.matches if not m.rejected]
    return result


# ---- the judge learns ----------------------------------------------------------------------------


def training_label(v: Verdict) -> str | None:
    """The trainer's label a verdict teaches, None when it teaches none: a corrected relation wins;
    `right` confirms the judge; a `wrong` contradiction or agreement is, at least, no longer one
    (a wrong contradiction reads as neutral; a wrong agreement is left out, since it may be a
    contradiction or neither); `unsure` teaches nothing."""
    if v.verdict == "unsure":
        return None
    if v.corrected_relation is not None:
        return TRAINING_LABEL.get(v.corrected_relation)
    if v.verdict == "right":
        return TRAINING_LABEL.get(v.relation)
    if v.relation == "contradicts":
        return "neutral"
    return None


def export_rows(store: Store, *, include_unlabelled: bool = False) -> list[dict[str, Any]]:
    """The verdicts as the judge trainer's pairs (JSON-ready), oldest first.

    `premise` is the earlier claim and `hypothesis` the later one (the order the judge reads a
    pair in); `label` one of contradiction | entailment | neutral; `source` "verdicts"; `group`
    the premise's first words (the trainer's held-out unit). The finding as judged and the
    verdict come alongside (`judged`, `score`, `verdict`, ...), so `refit` can read an export
    back. Verdicts whose claims are gone, and those that teach no label (unless
    `include_unlabelled`, with `label` null), are left out."""
    verdicts = all_verdicts(store)
    ids = sorted({i for v in verdicts for i in (v.claim_id, v.other_claim_id)})
    rows = store.rows("SELECT claim_id, text FROM claims WHERE claim_id IN (SELECT unnest(?::BIGINT[]))", [ids])
    texts = {int(c): str(t) for c, t in rows}
    out = []
    for v in verdicts:
        if v.claim_id not in texts or v.other_claim_id not in texts:
            continue
        if (v.note or "").startswith(CARRIED):
            continue  # a verbatim copy of a pair already exported: the same texts, the same label
        label = training_label(v)
        if label is None and not include_unlabelled:
            continue
        premise, hypothesis = texts[v.other_claim_id], texts[v.claim_id]
        out.append(
            {
                "premise": premise,
                "hypothesis": hypothesis,
                "label": label,
                "source": EXPORT_SOURCE,
                "group": "verdicts:" + " ".join(premise.lower().split()[:6]),
                "judged": v.relation,
                "score": v.score,
                "verdict": v.verdict,
                "corrected_relation": v.corrected_relation,
                "claim_id": v.claim_id,
                "other_claim_id": v.other_claim_id,
                "note": v.note,
                "reviewer": v.reviewer,
                "at": v.at.isoformat() if v.at else None,
            }
        )
    return out


def read_rows(path: Path | str) -> list[dict[str, Any]]:
    """An export read back (JSON lines); a line that is not a JSON object is a VerdictError."""
    out = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise VerdictError(f"{path}: cannot read ({exc.strerror or exc})") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError:
            raise VerdictError(f"{path}:{n}: not a JSON line") from None
        if not isinstance(row, dict):
            raise VerdictError(f"{path}:{n}: not a JSON object")
        out.append(row)
    return out


def floor_samples(verdicts: Iterable[Verdict | dict[str, Any]]) -> list[tuple[float, bool]]:
    """(judge score, right?) of every right or wrong verdict on a contradiction with a score:
    from the store (Verdict) or an export (its `judged`, `score`, `verdict`)."""
    out = []
    for v in verdicts:
        relation: Any
        score: Any
        word: Any
        if isinstance(v, Verdict):
            if (v.note or "").startswith(CARRIED):
                continue  # one reviewer's word, already counted on the pair they judged
            relation, score, word = v.relation, v.score, v.verdict
        else:
            relation, score, word = v.get("judged"), v.get("score"), v.get("verdict")
        if relation == "contradicts" and word in ("right", "wrong") and isinstance(score, (int, float)):
            out.append((float(score), word == "right"))
    return out


def fit_floor(samples: list[tuple[float, bool]], beta: float = FLOOR_BETA) -> Floor:
    """The floor that maximises F-beta of `right` among the contradictions shown (score >= floor);
    of equal ones the lowest, which hides least. Needs a right and a wrong verdict at least."""
    right = sum(1 for _, ok in samples if ok)
    if not right or right == len(samples):
        raise VerdictError(
            f"{len(samples)} right/wrong verdicts on contradictions ({right} right): a refit needs at least one of each"
        )
    best: tuple[float, float] | None = None  # (F, floor)
    for t in sorted({s for s, _ in samples}):
        shown = [ok for s, ok in samples if s >= t]
        tp = sum(shown)
        if not tp:
            continue
        p, r = tp / len(shown), tp / right
        f = (1 + beta**2) * p * r / (beta**2 * p + r)
        if best is None or f > best[0] + 1e-12:
            best = (f, t)
    assert best is not None
    floor = best[1] if best[1] > min(s for s, _ in samples) else 0.0
    kept = [ok for s, ok in samples if s >= floor]
    return Floor(
        floor=round(floor, 6),
        verdicts=len(samples),
        right=right,
        precision_before=round(right / len(samples), 4),
        precision_after=round(sum(kept) / len(kept), 4),
        recall_after=round(sum(kept) / right, 4),
        fitted_at=datetime.now().isoformat(timespec="seconds"),
    )


def refit(store: Store, extra: Iterable[dict[str, Any]] = ()) -> Floor:
    """Fit the contradiction floor on this store's verdicts plus `extra` exported rows (another
    store's `consist verdicts export`), and keep it in the store (store_meta)."""
    fitted = fit_floor(floor_samples([*all_verdicts(store), *extra]))
    store.set_meta(FLOOR_KEY, json.dumps(asdict(fitted)))
    return fitted


def clear_floor(store: Store) -> None:
    """Forget the refitted floor: every contradiction is shown again."""
    store.set_meta(FLOOR_KEY, None)
