"""The rjieba backend against the default: identical tokens, and speed.

``Tokenizer(backend="rjieba")`` runs the dictionary cut in Rust with the same dictionary,
split list and lexicon, and the same rules on top (numbers, names, suffixes). The issue's bar
for offering it: at least 99.9 % of tokens identical to the default's. Agreement is the word
F1 of one segmentation against the other (100 % = identical tokens), on the shipped corpus
(and ``--extra`` texts); speed is rjieba / default on the same texts, best of three.

    pip install rjieba && python benchmarks/rjieba_agreement.py [--extra DIR] [--mb 1]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from toolkit.bench import corpus_texts, take_mb, timed  # noqa: E402
from toolkit.scoring import segmentation_prf  # noqa: E402
from toolkit.tokenize import Tokenizer  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extra", type=Path, help="a folder of more .txt files")
    parser.add_argument("--mb", type=float, default=1.0)
    args = parser.parse_args(argv)
    default, fast = Tokenizer(), Tokenizer(backend="rjieba")
    try:
        fast("预热")
    except ImportError as err:
        print(err, file=sys.stderr)
        return 2
    default("预热")
    texts = take_mb(corpus_texts(args.extra), args.mb)
    ours = [default(t) for t in texts]
    theirs = [fast(t) for t in texts]
    identical = sum(a == b for a, b in zip(ours, theirs, strict=True))
    t_default = timed(lambda: [default(t) for t in texts])
    t_fast = timed(lambda: [fast(t) for t in texts])
    print(f"text: {len(texts)} documents, {args.mb:.2f} MB")
    print(f"token agreement (word F1)       {100 * segmentation_prf(ours, theirs)['f1']:.3f} %"
          "   (bar: 99.9 %)")
    print(f"documents tokenized identically {identical} of {len(texts)}")
    print(f"speed, rjieba / default         {t_fast / t_default:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
