"""Build ``toolkit/data/lexicon.tsv``, the tokenizer's labour-relations lexicon.

Maintainer script, not needed at run time. Sources, in order:

1. ``corpus/lexicon/curated.txt``: terms written and reviewed by hand (union organisation,
   welfare, rights, democracy, skills, innovation, safety, Party building).
2. ``corpus/lexicon/reviewed.txt``: candidates mined from public data that a maintainer read
   and accepted (see ``--candidates`` below); each line says where it came from.

With ``--candidates OUT.tsv`` and ``../shared/data`` present, it also writes the candidates to
review: THUOCL law-list entries about labour that occur in the labour statutes, and word pairs
that jieba splits but that recur in the statutes (``../shared/data/statutes``). Reviewing means
copying the good ones into ``reviewed.txt``; nothing mined enters the lexicon unread.

Each word's frequency is what jieba needs to keep it whole (``suggest_freq``), computed once
here so that loading the lexicon is a plain ``add_word`` per row.

    python scripts/build_lexicon.py                      # rebuild lexicon.tsv
    python scripts/build_lexicon.py --candidates /tmp/candidates.tsv
"""

from __future__ import annotations

import argparse
import collections
import logging
import re
from pathlib import Path

import jieba

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
OUT = ROOT / "toolkit" / "data" / "lexicon.tsv"
LABOUR = re.compile(
    "劳动|工资|职工|工会|社会保险|社保|工伤|仲裁|集体合同|集体协商|用人单位|劳务|加班|休假|"
    "女职工|农民工|薪|就业|职业|安全生产|调解|劳模|工匠|技能|保险"
)
TITLE_SUFFIX = re.compile(r"(法|条例|办法|规定|细则|公约|解释|决定|通知|意见|制度改革小组|怎么办)$")
PLACE_PREFIX = re.compile(r"^(上海|北京|天津|重庆|广东|浙江|江苏|山东|河南|湖北|全国|中国|中华)")


def read_list(path: Path, source: str) -> list[tuple[str, str, str]]:
    rows = []
    if not path.exists():
        return rows
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        parts = line.split("\t")
        word = parts[0].strip()
        tag = parts[1].strip() if len(parts) > 1 and parts[1].strip() else "n"
        rows.append((word, tag, parts[2].strip() if len(parts) > 2 else source))
    return rows


def statute_text() -> str:
    folder = SHARED / "statutes" / "files"
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.md")))


def mine_candidates(out: Path) -> None:
    if not SHARED.exists():
        raise SystemExit(f"{SHARED} is absent: nothing to mine")
    text = statute_text()
    tk = jieba.Tokenizer()
    tk.initialize()
    rows = []
    for line in (SHARED / "lexicons" / "THUOCL_law.txt").read_text(encoding="utf-8").splitlines():
        word, _, df = line.partition("\t")
        word = word.strip()
        if not (2 <= len(word) <= 7) or not LABOUR.search(word):
            continue
        if TITLE_SUFFIX.search(word) or PLACE_PREFIX.search(word):
            continue
        count = text.count(word)
        if count >= 2 and len(tk.lcut(word, HMM=False)) > 1:
            rows.append((word, "thuocl-law", count))
    # Adjacent word pairs that recur in the statutes: candidate compounds.
    pairs = collections.Counter()
    for sentence in re.split(r"[。；！？\n]", text):
        words = tk.lcut(sentence, HMM=False)
        for a, b in zip(words, words[1:]):
            joined = a + b
            if 3 <= len(joined) <= 6 and LABOUR.search(joined) and re.fullmatch(r"[\u4e00-\u9fff]+", joined):
                pairs[joined] += 1
    for joined, count in pairs.most_common():
        if count < 6:
            break
        rows.append((joined, "statutes-pair", count))
    with out.open("w", encoding="utf-8") as fh:
        fh.write("word\tsource\tcount_in_statutes\n")
        for word, source, count in rows:
            fh.write(f"{word}\t{source}\t{count}\n")
    print(f"{len(rows)} candidates written to {out}")


def build() -> None:
    jieba.setLogLevel(logging.WARNING)
    rows = read_list(ROOT / "corpus" / "lexicon" / "curated.txt", "curated")
    rows += read_list(ROOT / "corpus" / "lexicon" / "reviewed.txt", "reviewed")
    tk = jieba.Tokenizer()
    tk.initialize()
    seen = set()
    lines = ["# word\tfrequency\tPOS\tsource  (built by scripts/build_lexicon.py; do not edit)"]
    for word, tag, source in rows:
        if word in seen:
            continue
        seen.add(word)
        freq = max(tk.suggest_freq(word, tune=False), 3)
        tk.add_word(word, freq, tag)
        lines.append(f"{word}\t{freq}\t{tag}\t{source}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(seen)} words written to {OUT}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=Path, help="write mined candidates for review")
    args = parser.parse_args()
    if args.candidates:
        mine_candidates(args.candidates)
    else:
        build()
