"""The judge trainer's data: held-out groups never reach training, and the split is stable.

The public pairs live in ../shared/nli (read by path, never copied here); without them the
data tests skip. The split's own rules are checked on our own strings either way.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))

import judge_data  # noqa: E402

NLI = ROOT.parent / "shared" / "nli"


def test_the_split_is_a_stable_hash_of_the_group() -> None:
    """The same group lands on the same side in every process (no PYTHONHASHSEED), case and
    surrounding spaces aside; a counterfactual edit later in a premise keeps its group."""
    assert judge_data.bucket("fnc:Man bites dog") == judge_data.bucket("  fnc:man bites dog ")
    assert 0 <= judge_data.bucket("anything") < 1000
    a = judge_data.nli_group("A man in a red shirt is riding a bike down the street.")
    b = judge_data.nli_group("A man in a red shirt is riding a horse down the street.")
    assert a == b
    spread = {judge_data.bucket(f"group {i}") < judge_data.FNC_HELDOUT_PER_MILLE for i in range(400)}
    assert spread == {True, False}


def test_nearest_sentences_pick_what_speaks_to_the_headline() -> None:
    body = (
        "The weather in the harbour town was mild on Sunday. "
        "The ferry company said on Monday it will cut 300 jobs at its Norvik yard. "
        "Local shops reported a busy weekend. "
        "Unions called the job cuts at the yard a betrayal."
    )
    idf = {"ferry": 3.0, "jobs": 2.0, "yard": 2.0, "cut": 2.0, "norvik": 3.0}
    picked = judge_data.nearest_sentences("Ferry company to cut 300 jobs at Norvik yard", body, idf)
    assert "cut 300 jobs" in picked and "betrayal" in picked
    assert "weather" not in picked and "shops" not in picked


@pytest.mark.skipif(not (NLI / "pairs.jsonl.gz").exists(), reason="../shared/nli is not here")
def test_held_out_groups_never_reach_training() -> None:
    train = judge_data.training_examples(NLI, seed=13)
    trained_groups = {ex.group for ex in train}
    held_nli = judge_data.nli_heldout(NLI)
    held_fnc = judge_data.fnc_heldout(NLI)
    assert held_nli and held_fnc
    assert not trained_groups & {ex.group for ex in held_nli}
    assert not trained_groups & {f"fnc1:{headline}" for headline, _, _ in held_fnc}
    trained_pairs = {(ex.premise, ex.hypothesis) for ex in train}
    assert not trained_pairs & {(ex.premise, ex.hypothesis) for ex in held_nli}
    # every label is taught, and the capped sources stay capped
    assert {ex.label for ex in train} == {0, 1, 2}
    for source, cap in judge_data.CAPS.items():
        assert sum(ex.source == source for ex in train) <= cap


def test_reporting_frames_keep_the_label_attribution_carries() -> None:
    """ "X said P" agrees with P, "X denied that P" contradicts it, a denial of another claim says
    nothing about P; built from our own sentences here."""
    import random

    props = ["the ferry to Ostrand will stop in June", "officials have not found the missing engine part"]
    out = judge_data.templated_examples(props, random.Random(1))
    by_label: dict[str, list[judge_data.Example]] = {}
    for ex in out:
        by_label.setdefault(judge_data.LABELS[ex.label], []).append(ex)
    assert any("denied" in ex.hypothesis or "false" in ex.hypothesis or "not true" in ex.hypothesis
               or "no truth" in ex.hypothesis or "fake" in ex.hypothesis or "fabricated" in ex.hypothesis
               for ex in by_label["contradiction"])  # fmt: skip
    bare = [ex for ex in by_label["entailment"] if ex.premise.startswith("The ferry to Ostrand will stop in June")]
    assert bare, "a bare proposition agrees with its attributed form"
    neutral_about_other = [ex for ex in by_label["neutral"] if "engine part" in ex.hypothesis and "ferry" in ex.premise]
    assert neutral_about_other, "a denial of another proposition is neutral"


@pytest.mark.skipif(not (NLI / "pairs.jsonl.gz").exists(), reason="needs ../shared/nli")
def test_the_news_mix_never_trains_on_held_out_groups() -> None:
    emergent = ROOT.parent / "shared" / "benchmarks" / "emergent" / "train.csv"
    if not emergent.exists():
        pytest.skip("needs ../shared/benchmarks/emergent")
    mix = judge_data.news_examples(NLI, emergent, seed=13)
    held_claims = {row[0] for row in judge_data.emergent_heldout(emergent)}
    assert held_claims, "half of Emergent's claims stay out for the combiner"
    assert not {ex.premise for ex in mix if ex.source == "emergent"} & held_claims
    assert not [ex for ex in mix if ex.source == "fnc1" and judge_data.is_fnc_heldout(ex.hypothesis)]
    # frames and minimal pairs are grouped by their proposition (a training headline or claim), and
    # same-article pairs by their body: neither is an NLI premise group
    ours = ("template", "minimal", "same_article", "fnc1", "emergent", "arc")
    assert not [ex for ex in mix if ex.source not in ours and judge_data.is_nli_heldout(ex)]
    held_sentences = {s for _, premise, _ in judge_data.fnc_heldout(NLI) for s in judge_data.sentences(premise)}
    same_article = [ex for ex in mix if ex.source == "same_article"]
    assert same_article and not {s for ex in same_article for s in (ex.premise, ex.hypothesis)} & held_sentences
    held_groups = {"template:" + judge_data._clause(h).lower() for h, _, _ in judge_data.fnc_heldout(NLI)}
    assert not [ex for ex in mix if ex.source == "minimal" and ex.group in held_groups]


def test_extra_pairs_join_the_mix(tmp_path: Path) -> None:
    """`train_judge.py --extra FILE` appends JSON-lines pairs (what `consist verdicts export`
    writes): labels by name or index, lines without a label skipped, the mix reshuffled."""
    import train_judge

    extra = tmp_path / "extra.jsonl"
    extra.write_text(
        '{"premise": "The ferry sailed.", "hypothesis": "The ferry did not sail.", "label": "contradiction",'
        ' "source": "verdicts", "group": "verdicts:the ferry sailed."}\n'
        "\n"
        '{"premise": "Rates rose.", "hypothesis": "Rates went up.", "label": 1}\n'
        '{"premise": "A", "hypothesis": "B", "label": null, "verdict": "unsure"}\n',
        encoding="utf-8",
    )
    found = judge_data.read_extra(extra)
    assert [(ex.label, ex.source) for ex in found] == [(0, "verdicts"), (1, "extra")]
    assert found[1].group == "extra:rates rose."
    base = [judge_data.Example(f"p{i}", f"h{i}", 2, "nli", f"g{i}") for i in range(20)]
    mixed = train_judge.with_extra(base, [extra], seed=13)
    assert len(mixed) == 22 and set(mixed) == set(base) | set(found)
    assert mixed[-2:] != found  # spread over the run, not appended at its end
    args = train_judge.parse_args(["data", "--extra", str(extra), "--extra", str(extra)])
    assert args.extra == [extra, extra]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"premise": "A", "hypothesis": "B", "label": "maybe"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="bad.jsonl:1"):
        judge_data.read_extra(bad)
