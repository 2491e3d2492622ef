"""Indicator extraction against annotated gold: precision, recall, F1, field accuracies.

Gold sets: the project's ``corpus/indicators/test.jsonl`` (scored only) and ``train.jsonl``
(development), and, when ``../shared/data`` is present, the held-out seed gold of the first
four seed articles (``numbers/union-news-gold.jsonl`` with its negatives). Matching rule:
spans overlap and values are equal (``toolkit.scoring.indicator_prf``).

    python benchmarks/indicators_eval.py [--shared ../shared/data] [--errors]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from toolkit.indicators import extract  # noqa: E402
from toolkit.scoring import indicator_prf  # noqa: E402

DEFAULT_SHARED = ROOT.parent / "shared" / "data"


def corpus_pairs(path: Path):
    """(predicted, gold, negatives, text) per paragraph of a project gold file."""
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        yield extract(row["text"]), row["indicators"], row.get("negatives", []), row["text"]


def seed_gold_pairs(shared: Path):
    """The held-out seed gold is one record per indicator, with its sentence as ``text``."""
    gold_by_text: dict[str, list] = defaultdict(list)
    negatives_by_text: dict[str, list] = defaultdict(list)
    folder = shared / "numbers"
    for line in (folder / "union-news-gold.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        gold_by_text[record["text"]].append(record)
    for line in (folder / "union-news-negatives.jsonl").read_text("utf-8").splitlines():
        record = json.loads(line)
        start = record["text"].find(record["span"])
        negatives_by_text[record["text"]].append(
            {"start": start, "end": start + len(record["span"]), "span": record["span"]})
    for text in sorted(set(gold_by_text) | set(negatives_by_text)):
        yield extract(text), gold_by_text[text], negatives_by_text[text], text


def report(name: str, pairs: list, *, errors: bool) -> dict:
    triples = [(p, g, n) for p, g, n, _ in pairs]
    figures = {"with dates": indicator_prf(triples),
               "without dates": indicator_prf(triples, include_dates=False)}
    for label, r in figures.items():
        print(f"{name:<26}{label:<15}{r['gold']:>5}{r['predicted']:>6}{r['precision']:>7.3f}"
              f"{r['recall']:>7.3f}{r['f1']:>7.3f}{r['unit']:>7.3f}{r['kind']:>7.3f}"
              f"{r['qualifier']:>7.3f}{r['subject']:>7.3f}{r['subject_strict']:>7.3f}"
              f"{r['on_negatives']:>6}")
    if errors:
        for predicted, gold, _, text in pairs:
            got = {(p["span"], p["value"]) for p in predicted}
            want = {(g["span"], g["value"]) for g in gold}
            if got != want:
                print(f"  {text[:50]}\n    missed {sorted(want - got, key=str)}\n"
                      f"    extra  {sorted(got - want, key=str)}")
    return figures


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--errors", action="store_true", help="list missed and extra spans")
    parser.add_argument("--sets", default="test,train,seed-gold")
    args = parser.parse_args(argv)
    print(f"{'gold set':<26}{'':<15}{'gold':>5}{'pred':>6}{'P':>7}{'R':>7}{'F1':>7}"
          f"{'unit':>7}{'kind':>7}{'qual':>7}{'subj':>7}{'subj=':>7}{'neg':>6}")
    for name in args.sets.split(","):
        if name in ("test", "train"):
            path = ROOT / "corpus" / "indicators" / f"{name}.jsonl"
            report(f"corpus {name}", list(corpus_pairs(path)), errors=args.errors)
        elif name == "seed-gold":
            if (args.shared / "numbers" / "union-news-gold.jsonl").exists():
                report("seed gold (art. 1-4)", list(seed_gold_pairs(args.shared)),
                       errors=args.errors)
            else:
                print(f"seed gold skipped: {args.shared} is absent")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
