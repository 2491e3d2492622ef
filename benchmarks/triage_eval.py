"""Suggestion triage against the project's labelled suggestions.

1. Near-duplicate threshold: similarity of the 400 labelled pairs in
   ``corpus/suggestions/pairs.jsonl``; prints accuracy and F1 of "same issue" per threshold and
   the best one (the default in ``toolkit.suggestions.DEFAULT_SIMILARITY``).
2. Grouping on ``corpus/suggestions/sample.jsonl`` against its ``issue`` labels: pairwise
   precision/recall/F1 of "same group" and the adjusted Rand index.
3. Urgency rules against the sample's ``urgent`` labels: precision and recall.

    python benchmarks/triage_eval.py
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from toolkit.suggestions import DEFAULT_SIMILARITY, find_urgency, pair_scores, triage  # noqa: E402

SUGGESTIONS = ROOT / "corpus" / "suggestions"


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def threshold_table(pairs: list[dict]) -> list[tuple[float, float, float]]:
    scores = pair_scores(pairs)
    truth = np.asarray([p["same"] for p in pairs])
    rows = []
    for threshold in np.arange(0.20, 0.81, 0.05):
        pred = scores >= threshold
        tp = np.sum(pred & truth)
        f1 = 2 * tp / (pred.sum() + truth.sum()) if tp else 0.0
        rows.append((round(float(threshold), 2), float(np.mean(pred == truth)), float(f1)))
    return rows


def grouping_scores(table) -> dict:
    from sklearn.metrics import adjusted_rand_score

    issues = dict(zip(table["id"], table["issue"], strict=True))
    groups = dict(zip(table["id"], table["group"], strict=True))
    ids = sorted(issues)
    tp = fp = fn = 0
    for a, b in itertools.combinations(ids, 2):
        same_issue, same_group = issues[a] == issues[b], groups[a] == groups[b]
        tp += same_issue and same_group
        fp += same_group and not same_issue
        fn += same_issue and not same_group
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {"pair_precision": precision, "pair_recall": recall,
            "pair_f1": 2 * precision * recall / (precision + recall) if tp else 0.0,
            "adjusted_rand": adjusted_rand_score([issues[i] for i in ids],
                                                 [groups[i] for i in ids])}


def urgency_scores(sample: list[dict]) -> dict:
    pred = [find_urgency(s["text"]) is not None for s in sample]
    truth = [bool(s["urgent"]) for s in sample]
    tp = sum(p and t for p, t in zip(pred, truth, strict=True))
    reasons = sum(find_urgency(s["text"]) == s["urgent_reason"] for s in sample if s["urgent"])
    return {"precision": tp / max(sum(pred), 1), "recall": tp / max(sum(truth), 1),
            "reason_accuracy": reasons / max(sum(truth), 1), "urgent": sum(truth)}


def main() -> int:
    pairs = read(SUGGESTIONS / "pairs.jsonl")
    rows = threshold_table(pairs)
    print("threshold  accuracy  F1   (labelled pairs: "
          f"{len(pairs)}, {sum(p['same'] for p in pairs)} same)")
    for threshold, accuracy, f1 in rows:
        mark = "  <- default" if abs(threshold - DEFAULT_SIMILARITY) < 1e-9 else ""
        print(f"{threshold:>9.2f}{accuracy:>10.3f}{f1:>6.3f}{mark}")
    best = max(rows, key=lambda r: (r[2], r[1]))
    print(f"best F1 at {best[0]:.2f}")
    sample = read(SUGGESTIONS / "sample.jsonl")
    table = triage(sample)
    print("grouping on sample.jsonl:", {k: round(v, 3) for k, v in
                                        grouping_scores(table).items()})
    print("urgency on sample.jsonl:", {k: round(v, 3) for k, v in urgency_scores(sample).items()})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
