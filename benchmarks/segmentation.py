"""Segmentation F1 of the toolkit's tokenizer and of plain jieba, side by side.

Test sets: the project's labour-domain gold (``corpus/segmentation/test.txt``, and the
development split ``train.txt``) and, when ``../shared/data`` is present, SIGHAN 2005 PKU and
MSR test sets. Each gold line is re-joined and segmented, then scored with the bakeoff's word
precision/recall/F1 (``toolkit.scoring.segmentation_prf``).

    python benchmarks/segmentation.py [--shared ../shared/data] [--sets domain,pku,msr]
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from toolkit.scoring import segmentation_prf  # noqa: E402
from toolkit.tokenize import Tokenizer  # noqa: E402

DEFAULT_SHARED = ROOT.parent / "shared" / "data"


def read_gold(path: Path) -> list[list[str]]:
    """Gold sentences: words separated by spaces (SIGHAN uses two, the project one)."""
    lines = path.read_text(encoding="utf-8").replace("\r", "").split("\n")
    return [line.split() for line in lines if line.strip()]


def gold_sets(shared: Path, names: list[str]) -> dict[str, list[list[str]]]:
    sets = {}
    for name in names:
        if name == "domain":
            sets["domain (test)"] = read_gold(ROOT / "corpus" / "segmentation" / "test.txt")
        elif name == "domain-train":
            sets["domain (train)"] = read_gold(ROOT / "corpus" / "segmentation" / "train.txt")
        elif name in ("pku", "msr"):
            path = shared / "segmentation" / "sighan2005" / f"{name}_test_gold.utf8"
            if path.exists():
                sets[f"SIGHAN {name.upper()}"] = read_gold(path)
            else:
                print(f"skipped {name}: {path} is absent", file=sys.stderr)
    return sets


def plain_jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    return tk.lcut


def score_all(sets: dict[str, list[list[str]]], segmenters: dict) -> dict[str, dict[str, float]]:
    table: dict[str, dict[str, float]] = {}
    for set_name, gold in sets.items():
        raw = ["".join(words) for words in gold]
        for seg_name, cut in segmenters.items():
            predicted = [cut(sentence) for sentence in raw]
            table.setdefault(set_name, {})[seg_name] = segmentation_prf(gold, predicted)["f1"]
    return table


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--sets", default="domain,domain-train,pku,msr")
    args = parser.parse_args(argv)
    sets = gold_sets(args.shared, args.sets.split(","))
    segmenters = {"toolkit": Tokenizer().cut, "plain jieba": plain_jieba()}
    table = score_all(sets, segmenters)
    print(f"{'test set':<18}{'sentences':>10}  " + "".join(f"{s:>14}" for s in segmenters))
    for set_name, row in table.items():
        cells = "".join(f"{100 * row[s]:>14.2f}" for s in segmenters)
        print(f"{set_name:<18}{len(sets[set_name]):>10}  {cells}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
