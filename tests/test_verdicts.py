"""A reviewer's verdict sticks: recorded in the store, respected by check and report, kept through
repairs and re-judging, walked through in the terminal, exported for the judge, refitted from.

One copy of the example corpus store per module (the real pipeline built it); tests that write
verdicts work on their own copy of that.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from consistency import migrations
from consistency.cli import app
from consistency.errors import VerdictError
from consistency.store import Store
from consistency.verdicts import Floor, fit_floor, floor_samples, training_label
from tests.conftest import writer_lock_held_elsewhere

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "training"))

import judge_data  # noqa: E402


def _rows(directory: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(directory / "consist.duckdb"), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _contradictions(directory: Path) -> list[tuple[int, int, float, str]]:
    """(claim, other claim, score, the later claim's file) of every recorded contradiction, best first."""
    return [
        (int(a), int(b), float(s), str(p))
        for a, b, s, p in _rows(
            directory,
            "SELECT r.claim_id, r.other_claim_id, r.score, a.source_path FROM relations r "
            "JOIN claims c ON c.claim_id = r.claim_id JOIN articles a ON a.article_id = c.article_id "
            "WHERE r.relation = 'contradicts' ORDER BY r.score DESC, r.claim_id, r.other_claim_id",
        )
    ]


def _verdicts(directory: Path) -> list[tuple]:
    return _rows(directory, "SELECT claim_id, other_claim_id, relation, verdict, note FROM verdicts ORDER BY 1, 2")


@pytest.fixture
def store(corpus_store_dir: Path) -> Path:
    return corpus_store_dir


def _cli(runner: CliRunner, directory: Path, *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["--index-dir", str(directory), *args], input=input)


def _check_json(runner: CliRunner, directory: Path, path: str, *extra: str) -> dict:
    done = _cli(runner, directory, "check", path, "--dry-run", "--format", "json", *extra)
    assert done.exit_code == 0, done.output
    return json.loads(done.stdout)


def _pairs(check: dict, relation: str = "contradicts") -> dict[tuple[int, int], dict]:
    return {
        (c["claim_id"], m["other"]["claim_id"]): m
        for c in check["claims"]
        for m in c["matches"]
        if m["relation"] == relation
    }


# ---- the table ---------------------------------------------------------------------------------


def test_migration_3_adds_the_verdicts_table_to_an_older_store(store: Path) -> None:
    """A store written before verdicts (schema 2) is read as it is (no verdicts yet) and gets the
    table when opened for writing, after a backup copy; its findings are untouched."""
    con = duckdb.connect(str(store / "consist.duckdb"))
    con.execute("DROP TABLE verdicts; DROP TABLE claim_terms; DROP TABLE term_stats")  # and those of later migrations
    con.execute("DELETE FROM schema_migrations WHERE version >= 3")
    relations = con.execute("SELECT count(*) FROM relations").fetchone()
    con.close()
    with Store.open(store, read_only=True) as reader:  # a reader cannot migrate; it sees no verdicts
        assert reader.rows("SELECT count(*) FROM verdicts") == [(0,)]
    report = CliRunner().invoke(app, ["report", "--index-dir", str(store), "--format", "json"])
    assert report.exit_code == 0, report.output
    assert _rows(store, "SELECT max(version) FROM schema_migrations") == [(2,)]  # nothing written
    with Store.open(store):
        pass
    assert (store / "consist.duckdb.v2.bak").exists()
    assert _rows(store, "SELECT max(version) FROM schema_migrations") == [(migrations.LATEST,)]
    assert _rows(store, "SELECT count(*) FROM relations") == [relations]
    assert [r[0] for r in _rows(store, "DESCRIBE verdicts")] == [
        "claim_id", "other_claim_id", "relation", "verdict", "corrected_relation", "note", "reviewer", "at", "score",
    ]  # fmt: skip


def test_a_verdict_is_recorded_once_per_pair_whichever_order_it_is_given_in(store: Path, runner: CliRunner) -> None:
    a, b, score, _ = _contradictions(store)[0]
    done = _cli(runner, store, "verdict", str(b), str(a), "wrong", "--note", "two different shipments")
    assert done.exit_code == 0, done.output
    assert f"claims {a} and {b} (contradicts): wrong" in done.stdout
    mine = "WHERE note IS NULL OR note NOT LIKE 'carried from%'"  # not those carried to verbatim copies
    row = _rows(
        store, f'SELECT claim_id, other_claim_id, relation, verdict, note, reviewer, score, "at" FROM verdicts {mine}'
    )
    assert len(row) == 1
    assert row[0][:5] == (a, b, "contradicts", "wrong", "two different shipments")  # stored as the judge read it
    assert row[0][5] and row[0][6] == pytest.approx(score) and row[0][7] is not None
    # the reviewer changes their mind, giving the pair the other way round: still one row
    assert _cli(runner, store, "verdict", str(a), str(b), "right").exit_code == 0
    assert [v for v in _verdicts(store) if not (v[4] or "").startswith("carried")] == [
        (a, b, "contradicts", "right", None)
    ]


def test_a_verdict_on_claims_with_no_finding_needs_the_relation(store: Path, runner: CliRunner) -> None:
    ids = [r[0] for r in _rows(store, "SELECT claim_id FROM claims ORDER BY claim_id")]
    related = {(a, b) for a, b in _rows(store, "SELECT claim_id, other_claim_id FROM relations")}
    a, b = next((x, y) for x in ids for y in ids if x != y and (x, y) not in related and (y, x) not in related)
    done = _cli(runner, store, "verdict", str(a), str(b), "right")
    assert done.exit_code == 2 and "no finding recorded" in done.output
    assert _cli(runner, store, "verdict", "999999", str(b), "right", "--relation", "agrees").exit_code == 2
    done = _cli(runner, store, "verdict", str(a), str(b), "wrong", "--relation", "agrees", "--corrected", "discusses")
    assert done.exit_code == 0, done.output
    assert _rows(store, "SELECT relation, verdict, corrected_relation FROM verdicts") == [
        ("agrees", "wrong", "discusses")
    ]
    assert _cli(runner, store, "verdict", str(a), str(b), "maybe").exit_code != 0  # not a verdict word
    assert len(_verdicts(store)) == 1


def test_a_busy_store_refuses_the_verdict_and_nothing_is_written(
    store: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process holds the writer lock (as `consist add` does for its whole run)."""
    a, b, _, _ = _contradictions(store)[0]
    with writer_lock_held_elsewhere(store):
        monkeypatch.setenv("CONSIST_LOCK_TIMEOUT", "0.5")
        started = time.monotonic()
        done = _cli(runner, store, "verdict", str(a), str(b), "wrong")
        assert done.exit_code == 5, done.output
        assert "another consist process is writing" in done.output
        assert time.monotonic() - started < 10
    assert _verdicts(store) == []
    assert _cli(runner, store, "verdict", str(a), str(b), "wrong").exit_code == 0  # free again: recorded


# ---- reports -------------------------------------------------------------------------------------


def test_check_hides_a_wrong_contradiction_shows_it_on_request_and_does_not_fail_on_it(
    store: Path, runner: CliRunner
) -> None:
    """Re-checking a stored article judges its pairs again: the same pairs keep their verdicts."""
    found = _contradictions(store)
    path = found[0][3]
    theirs = [(a, b) for a, b, _, p in found if p == path]
    before = _check_json(runner, store, path)
    again = [pair for pair in theirs if pair in _pairs(before)]  # recorded at `add`, judged again now
    assert again, "a re-check should meet some of the article's recorded contradictions"
    assert all(m["verdict"] is None and m["below_floor"] is False for m in _pairs(before).values())
    assert _cli(runner, store, "check", path, "--dry-run", "--fail-on", "contradictions").exit_code == 3
    contradicted = set(_pairs(before))
    # every contradiction of the article is judged: the first right, the rest wrong
    right = again[0]
    for a, b in contradicted:
        word = "right" if (a, b) == right else "wrong"
        relation = () if (a, b) in theirs else ("--relation", "contradicts")  # judged only in this re-check
        assert _cli(runner, store, "verdict", str(a), str(b), word, *relation).exit_code == 0
    after = _check_json(runner, store, path)
    assert set(_pairs(after)) == {right}
    assert _pairs(after)[right]["verdict"] == "right"
    assert after["summary"]["contradictions"] == 1
    shown = _check_json(runner, store, path, "--show-rejected")
    assert set(_pairs(shown)) == contradicted
    assert {m["verdict"] for k, m in _pairs(shown).items() if k != right} == {"wrong"}
    assert shown["summary"]["contradictions"] == 1  # shown, never counted
    assert set(before) <= set(after)  # existing keys stay
    table = _cli(runner, store, "check", path, "--dry-run", "--show-rejected")
    assert "verdict: wrong (rejected)" in table.stdout and "verdict: right" in table.stdout
    # the right one alone still fails the pipeline; once it is wrong too, nothing does
    assert _cli(runner, store, "check", path, "--dry-run", "--fail-on", "contradictions").exit_code == 3
    assert _cli(runner, store, "verdict", str(right[0]), str(right[1]), "wrong").exit_code == 0
    assert _cli(runner, store, "check", path, "--dry-run", "--fail-on", "contradictions").exit_code == 0
    html = _cli(runner, store, "check", path, "--dry-run", "--show-rejected", "--format", "html").stdout
    assert "verdict: wrong (rejected)" in html


def test_report_leaves_out_wrong_relations_and_they_survive_doctor_repair(store: Path, runner: CliRunner) -> None:
    def contested(*extra: str) -> dict[int, set[int]]:
        done = _cli(runner, store, "report", "--format", "json", "--top", "100", *extra)
        assert done.exit_code == 0, done.output
        data = json.loads(done.stdout)
        return {c["claim"]["claim_id"]: {r["claim_id"] for r in c["contradicting"]} for c in data["contested"]}

    before = contested()
    pairs = {(a, b) for a, b, _, _ in _contradictions(store)}
    for a, b in pairs:
        assert _cli(runner, store, "verdict", str(a), str(b), "wrong", "--note", "test").exit_code == 0
    assert before and contested() == {}
    assert contested("--show-rejected") == before
    data = json.loads(_cli(runner, store, "report", "--format", "json", "--show-rejected").stdout)
    assert {v for c in data["contested"] for v in c["contradicting_verdicts"]} == {"wrong"}
    # derived data rebuilt: the FAISS file gone, then `doctor --repair`; the verdicts stay
    kept = _verdicts(store)
    (store / "claims.faiss").unlink()
    done = _cli(runner, store, "doctor", "--repair")
    assert done.exit_code == 0, done.output
    assert _verdicts(store) == kept and len(kept) == len(pairs)
    assert contested() == {}


# ---- the terminal walk -----------------------------------------------------------------------------


def test_review_walks_unreviewed_contradictions_one_key_each(store: Path, runner: CliRunner) -> None:
    total = len(_contradictions(store))
    done = _cli(runner, store, "review", "--reviewer", "ana", input="r x w\nsu q")
    assert done.exit_code == 0, done.output
    assert "'x'? one of r, w, u, s, q" in done.stdout  # a stray key is asked again, not taken
    assert "[r]ight [w]rong [u]nsure [s]kip [q]uit:" in done.stdout  # the keys shown, not eaten as markup
    assert "3 verdicts recorded (1 right, 1 wrong, 1 unsure), 1 skipped" in done.stdout
    mine = "WHERE note IS NULL OR note NOT LIKE 'carried from%'"  # not those carried to verbatim copies
    rows = _rows(store, f'SELECT verdict, reviewer FROM verdicts {mine} ORDER BY "at"')
    assert rows == [("right", "ana"), ("wrong", "ana"), ("unsure", "ana")]
    # the next walk starts with what is still unreviewed (copies judged along): the skipped one first
    judged = len(_rows(store, "SELECT 1 FROM verdicts"))
    again = _cli(runner, store, "review", input="q")
    assert f"1/{total - judged} " in again.stdout
    assert "0 verdicts recorded" in again.stdout


# ---- the judge learns ------------------------------------------------------------------------------


def test_export_writes_the_trainers_pairs_and_the_trainer_reads_them(
    store: Path, runner: CliRunner, tmp_path: Path
) -> None:
    (a, b, _, _), (c, d, _, _), (e, f, _, _) = _contradictions(store)[:3]
    for x, y, word in ((a, b, "right"), (c, d, "wrong"), (e, f, "unsure")):
        assert _cli(runner, store, "verdict", str(x), str(y), word).exit_code == 0
    out = tmp_path / "verdicts.jsonl"
    assert _cli(runner, store, "verdicts", "export", "-o", str(out)).exit_code == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["claim_id"], r["label"]) for r in rows] == [(a, "contradiction"), (c, "neutral")]  # unsure: no label
    texts = dict(_rows(store, "SELECT claim_id, text FROM claims"))
    assert rows[0]["premise"] == texts[b] and rows[0]["hypothesis"] == texts[a]  # earlier, then later
    assert {r["source"] for r in rows} == {"verdicts"} and all(r["group"].startswith("verdicts:") for r in rows)
    examples = judge_data.read_extra(out)
    assert [ex.label for ex in examples] == [judge_data.LABEL_ID["contradiction"], judge_data.LABEL_ID["neutral"]]
    assert examples[0].premise == texts[b] and examples[0].source == "verdicts"


def test_training_labels_follow_the_verdict() -> None:
    from consistency.verdicts import Verdict

    def label(relation: str, word: str, corrected: str | None = None) -> str | None:
        return training_label(Verdict(1, 2, relation, word, corrected))

    assert label("contradicts", "right") == "contradiction"
    assert label("contradicts", "wrong") == "neutral"
    assert label("contradicts", "wrong", "agrees") == "entailment"
    assert label("agrees", "right") == "entailment"
    assert label("agrees", "wrong") is None  # a contradiction or neither: not guessed
    assert label("discusses", "right") == "neutral"
    assert label("contradicts", "unsure") is None


def test_the_floor_maximises_f_half_and_needs_both_kinds() -> None:
    samples = [(0.95, True), (0.9, True), (0.85, False), (0.8, True), (0.7, False), (0.6, False), (0.5, False)]
    fitted = fit_floor(samples)
    assert isinstance(fitted, Floor)
    # at 0.9: 2 right of 2 shown, 2 of 3 right kept, F0.5 0.91; at 0.8 (3 of 4 shown) 0.79; lower, less
    assert fitted.floor == 0.9
    assert fitted.precision_before == pytest.approx(3 / 7, abs=1e-4)
    assert fitted.precision_after == 1.0 and fitted.recall_after == pytest.approx(2 / 3, abs=1e-4)
    # one more right one far below, with a wrong one: not worth showing everything above it
    assert fit_floor([*samples, (0.4, True), (0.3, False)]).floor == 0.9
    assert fit_floor([(0.9, False), (0.5, True), (0.4, True)]).floor == 0.0  # the wrong one on top: hide nothing
    with pytest.raises(VerdictError):
        fit_floor([(0.9, True), (0.8, True)])
    # an export's rows count as the store's verdicts do; other relations and unsure do not
    rows = [{"judged": "contradicts", "score": 0.7, "verdict": "wrong"}, {"judged": "agrees", "score": 0.9,
            "verdict": "wrong"}, {"judged": "contradicts", "score": 0.9, "verdict": "unsure"}]  # fmt: skip
    assert floor_samples(rows) == [(0.7, False)]


def test_refit_hides_contradictions_under_the_floor_unless_a_reviewer_said_right(
    store: Path, runner: CliRunner, tmp_path: Path
) -> None:
    found = _contradictions(store)
    scores = sorted({s for _, _, s, _ in found})
    assert len(scores) >= 3, "the example corpus should hold contradictions of several scores"
    low, high = scores[0], scores[-1]
    # an export from "another store": the top-scored contradictions were right, the rest wrong
    extra = tmp_path / "other.jsonl"
    extra.write_text(
        "".join(
            json.dumps({"judged": "contradicts", "score": s, "verdict": "right" if s == high else "wrong"}) + "\n"
            for s in scores
        ),
        encoding="utf-8",
    )
    done = _cli(runner, store, "verdicts", "refit", "--extra", str(extra), "--json")
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["floor"] == pytest.approx(high)
    below = next((a, b, p) for a, b, s, p in found if s == low)
    check = _check_json(runner, store, below[2])
    assert (below[0], below[1]) not in _pairs(check)
    shown = _pairs(_check_json(runner, store, below[2], "--show-rejected"))
    assert shown[(below[0], below[1])]["below_floor"] is True
    # a reviewer's `right` beats the floor
    assert _cli(runner, store, "verdict", str(below[0]), str(below[1]), "right").exit_code == 0
    assert _pairs(_check_json(runner, store, below[2]))[(below[0], below[1])]["verdict"] == "right"
    assert _cli(runner, store, "verdicts", "refit", "--clear").exit_code == 0
    assert _cli(runner, store, "verdicts", "refit").exit_code == 2  # one right verdict alone: nothing to fit


def test_a_verdict_reaches_the_same_finding_on_verbatim_copies(store: Path, runner: CliRunner) -> None:
    """A wire story run by two sites meets a third outlet's claim twice: one finding, two pairs.
    A reviewer who rejects it once rejects both; a copy pair judged on its own keeps its verdict."""
    texts = dict(_rows(store, "SELECT claim_id, text FROM claims"))
    by_texts: dict[frozenset[str], list[tuple[int, int]]] = {}
    for a, b, _, _ in _contradictions(store):
        by_texts.setdefault(frozenset((texts[a], texts[b])), []).append((a, b))
    twins = [pairs for pairs in by_texts.values() if len(pairs) >= 2]
    assert twins, "the example corpus holds a wire story and its copy, both disputed"
    (a, b), (c, d) = twins[0][:2]
    done = _cli(runner, store, "verdict", str(a), str(b), "wrong", "--note", "not a dispute")
    assert done.exit_code == 0, done.output
    assert "also on" in done.stdout
    verdicts = {(x, y): (word, note) for x, y, _, word, note in _verdicts(store)}
    assert verdicts[(a, b)] == ("wrong", "not a dispute")
    assert verdicts[(c, d)][0] == "wrong" and f"{a}-{b}" in verdicts[(c, d)][1]
    # the reviewer's own word on a copy is never overwritten by a later verdict on its twin
    assert _cli(runner, store, "verdict", str(c), str(d), "right").exit_code == 0
    assert _cli(runner, store, "verdict", str(a), str(b), "unsure").exit_code == 0
    verdicts = {(x, y): word for x, y, _, word, _ in _verdicts(store)}
    assert verdicts[(a, b)] == "unsure" and verdicts[(c, d)] == "right"


def test_the_same_verdict_again_keeps_its_note(store: Path, runner: CliRunner) -> None:
    a, b, _, _ = _contradictions(store)[0]
    assert _cli(runner, store, "verdict", str(a), str(b), "wrong", "--note", "two different shipments").exit_code == 0
    assert _cli(runner, store, "verdict", str(b), str(a), "wrong").exit_code == 0
    assert (a, b, "contradicts", "wrong", "two different shipments") in _verdicts(store)
    assert _cli(runner, store, "verdict", str(a), str(b), "right").exit_code == 0  # another word: a new verdict
    assert (a, b, "contradicts", "right", None) in _verdicts(store)


def test_a_carried_verdict_is_not_counted_again_by_the_floor(store: Path, runner: CliRunner) -> None:
    from consistency.verdicts import all_verdicts

    texts = dict(_rows(store, "SELECT claim_id, text FROM claims"))
    by_texts: dict[frozenset[str], list[tuple[int, int]]] = {}
    for a, b, _, _ in _contradictions(store):
        by_texts.setdefault(frozenset((texts[a], texts[b])), []).append((a, b))
    (a, b) = next(pairs for pairs in by_texts.values() if len(pairs) >= 2)[0]
    assert _cli(runner, store, "verdict", str(a), str(b), "wrong").exit_code == 0
    with Store.open(store, read_only=True) as opened:
        verdicts = all_verdicts(opened)
    assert len(verdicts) >= 2 and len(floor_samples(verdicts)) == 1
