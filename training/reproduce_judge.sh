#!/usr/bin/env bash
# Reproduce the shipped judge model in one command (CPU; about 100 minutes on two cores):
#   bash training/reproduce_judge.sh ../shared/nli ../shared/benchmarks/emergent/train.csv
# Stage one trains on the general NLI and stance pairs (the first 2,100 steps of a two-epoch
# plan: that is where the shipped run's first stage stopped); stage two starts from its weights
# and trains one epoch on the news mix. Both stages checkpoint and resume when run again.
# Copy build/judge-news/{model.onnx,tokenizer.json,card.json} to consistency/judge/crossencoder/.
set -euo pipefail
data=${1:-../shared/nli}
emergent=${2:-../shared/benchmarks/emergent/train.csv}
python training/train_judge.py "$data" --out build/judge-general --epochs 2 --stop-after 2100
python training/train_judge.py "$data" --out build/judge-news --mix news --emergent "$emergent" \
    --init-from build/judge-general/checkpoint.pt --epochs 1 --lr 3e-5
