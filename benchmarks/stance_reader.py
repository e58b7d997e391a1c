"""Experiment, not part of consist: does tuning MiniLM's top layers read stance better?

    python benchmarks/judge_emergent.py --oof /tmp/judge_oof.npz        # the judge's own OOF logits
    python benchmarks/stance_reader.py --blend-with /tmp/judge_oof.npz  # ~20 min on two cores

Tunes the top K transformer layers of the packaged all-MiniLM-L6-v2 on Emergent (low-rank
deltas with --rank R, else the layers themselves) and reports grouped 10-fold accuracy, the
same folds as judge_emergent.py (GroupKFold by claimId). `--mode bi` reads each text on its
own (mean-pooled; head on [new, old, new*old, |new-old|]): one pass per text, cacheable;
`--mode cross` reads the pair as one input: one pass per pair. With --blend-with, the
reader's log-probabilities are added to the judge's logits with a weight chosen on the other
nine folds (so no fold's labels pick its own weight).

Results (2026-11-26, 2-core AMD EPYC; see the issue-4 note): bi, K=3, rank 8: reader alone
0.769, judge + reader 0.787 vs judge 0.782 (weight 0.3 on every fold); on folds 0-1 cross K=3
0.81 alone, bi 0.80, single (new text only) 0.78; cross with rank 8 on folds 0-3: 0.766 vs the
judge's 0.81 on the same folds. As a default it was not kept: the reader costs a transformer
pass per text, which halved ingest (ratio 0.40 -> 0.21) for +0.5 point.
"""

from __future__ import annotations

import argparse
import copy
import csv
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "benchmarks" / "emergent" / "train.csv"
STANCE = {"for": 0, "against": 1, "observing": 2}  # agrees, contradicts, discusses


class LowRank:
    """W x + scale * B A x, with W frozen."""

    def __init__(self, lin: Any, rank: int) -> None:
        import torch

        self.lin, self.scale = lin, 2.0
        for p in lin.parameters():
            p.requires_grad_(False)
        self.a = torch.nn.Parameter(torch.randn(rank, lin.in_features) / lin.in_features**0.5)
        self.b = torch.nn.Parameter(torch.zeros(lin.out_features, rank))
        lin.register_forward_hook(lambda m, inp, out: out + self.scale * ((inp[0] @ self.a.T) @ self.b.T))


def main() -> int:
    import torch
    from sklearn.model_selection import GroupKFold
    from transformers import AutoModel, AutoTokenizer

    from consistency.embeddings import model_path

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--mode", choices=["bi", "cross"], default="bi")
    ap.add_argument("--layers", type=int, default=3, help="top layers tuned")
    ap.add_argument("--rank", type=int, default=8, help="low-rank deltas (0: tune the layers themselves)")
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--lr", type=float, default=5e-4)
    ap.add_argument("--folds", default="all", help="e.g. 0,1 for a quick look")
    ap.add_argument("--blend-with", type=Path, help="judge_emergent.py --oof output")
    args = ap.parse_args()
    torch.manual_seed(0)
    rows = [r for r in csv.DictReader(args.data.open(encoding="utf-8")) if r["articleHeadlineStance"] in STANCE]
    y = np.array([STANCE[r["articleHeadlineStance"]] for r in rows])
    groups = np.array([r["claimId"] for r in rows])
    tok = AutoTokenizer.from_pretrained(model_path())
    base = AutoModel.from_pretrained(model_path(), attn_implementation="eager").eval()
    first = len(base.encoder.layer) - args.layers
    if args.mode == "cross":
        enc = tok([r["claimHeadline"] for r in rows], [r["articleHeadline"] for r in rows], padding=True,
                  truncation=True, max_length=96, return_tensors="pt")  # fmt: skip
        ia = ib = np.arange(len(rows))
    else:
        texts = sorted({r["claimHeadline"] for r in rows} | {r["articleHeadline"] for r in rows})
        where = {t: i for i, t in enumerate(texts)}
        ia = np.array([where[r["claimHeadline"]] for r in rows])
        ib = np.array([where[r["articleHeadline"]] for r in rows])
        enc = tok(texts, padding=True, truncation=True, max_length=64, return_tensors="pt")
    mask = enc["attention_mask"]
    with torch.no_grad():  # the frozen lower layers run once
        states = torch.cat([
            base(**{k: v[i : i + 64] for k, v in enc.items()}, output_hidden_states=True).hidden_states[first]
            for i in range(0, len(mask), 64)
        ])  # fmt: skip

    def run(layers: Any, idx: np.ndarray) -> Any:
        m = mask[torch.as_tensor(idx)]
        width = int(m.sum(1).max())
        h, m = states[torch.as_tensor(idx)][:, :width], m[:, :width]
        ext = (1.0 - m[:, None, None, :].float()) * torch.finfo(torch.float32).min
        for layer in layers:
            out = layer(h, attention_mask=ext)
            h = out[0] if isinstance(out, tuple) else out
        return (h * m[..., None]).sum(1) / m.sum(1, keepdim=True)

    def logits(layers: Any, head: Any, drop: Any, batch: np.ndarray) -> Any:
        if args.mode == "cross":
            return head(drop(run(layers, batch)))
        new, old = run(layers, ib[batch]), run(layers, ia[batch])
        return head(drop(torch.cat([new, old, new * old, (new - old).abs()], -1)))

    folds = list(GroupKFold(10).split(np.zeros(len(y)), y, groups))
    chosen = range(10) if args.folds == "all" else [int(f) for f in args.folds.split(",")]
    oof = np.full((len(y), 3), np.nan)
    for k in chosen:
        tr, te = folds[k]
        torch.manual_seed(k)
        layers = copy.deepcopy(base.encoder.layer[first:]).train()
        extra = []
        if args.rank:
            for layer in layers:
                for name in ("attention.self.query", "attention.self.key", "attention.self.value",
                             "attention.output.dense", "intermediate.dense", "output.dense"):  # fmt: skip
                    parent, _, leaf = name.rpartition(".")
                    lr = LowRank(getattr(layer.get_submodule(parent), leaf), args.rank)
                    extra += [lr.a, lr.b]
        head = torch.nn.Linear(base.config.hidden_size * (1 if args.mode == "cross" else 4), 3)
        drop = torch.nn.Dropout(0.1)
        params = [p for p in layers.parameters() if p.requires_grad] + extra + list(head.parameters())
        opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
        steps = args.epochs * ((len(tr) + 15) // 16)
        sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s, n=steps: min(1.0, s / (0.1 * n)) * (n - s) / n)
        t0 = time.time()
        for epoch in range(args.epochs):
            order = np.random.RandomState(epoch + 100 * k).permutation(tr)
            for i in range(0, len(order), 16):
                b = order[i : i + 16]
                loss = torch.nn.functional.cross_entropy(logits(layers, head, drop, b), torch.as_tensor(y[b]))
                opt.zero_grad()
                loss.backward()
                opt.step()
                sched.step()
        layers.eval()
        drop.eval()
        with torch.no_grad():
            oof[te] = torch.log_softmax(logits(layers, head, drop, te), -1).numpy()
        print(f"fold {k}: {np.mean(oof[te].argmax(1) == y[te]):.3f} ({time.time() - t0:.0f} s)", file=sys.stderr)
    done = ~np.isnan(oof[:, 0])
    report: dict[str, Any] = {"args": {k: str(v) for k, v in vars(args).items()}, "rows": int(done.sum())}
    report["reader_accuracy"] = round(float(np.mean(oof[done].argmax(1) == y[done])), 4)
    if args.blend_with:
        judge = np.load(args.blend_with)["logits"]
        report["judge_accuracy"] = round(float(np.mean(judge[done].argmax(1) == y[done])), 4)
        blended, weights = judge.copy(), {}
        for k in chosen:
            te = folds[k][1]
            rest = np.setdiff1d(np.flatnonzero(done), te)
            weights[k] = _best_weight(judge[rest], oof[rest], y[rest]) if len(rest) else 0.3
            blended[te] = judge[te] + weights[k] * oof[te]
        report["blended_accuracy"] = round(float(np.mean(blended[done].argmax(1) == y[done])), 4)
        report["weights"] = weights
    print(json.dumps(report, indent=2))
    return 0


def _best_weight(judge: np.ndarray, read: np.ndarray, y: np.ndarray) -> float:
    """Lowest log loss over 0 .. 2 by 0.1."""
    best, best_loss = 0.0, float("inf")
    for w in np.arange(0.0, 2.01, 0.1):
        z = judge + w * read
        z = z - z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        loss = float(-logp[np.arange(len(y)), y].mean())
        if loss < best_loss - 1e-9:
            best, best_loss = round(float(w), 2), loss
    return best


if __name__ == "__main__":
    raise SystemExit(main())
