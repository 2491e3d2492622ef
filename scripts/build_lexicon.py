"""Build ``toolkit/data/lexicon.tsv``, the tokenizer's labour-relations lexicon.

Maintainer script, not needed at run time. Sources, in order:

1. ``corpus/lexicon/curated.txt``: terms written and reviewed by hand (union organisation,
   welfare, rights, democracy, skills, innovation, safety, Party building).
2. ``corpus/lexicon/reviewed.txt``: candidates mined from public data that a maintainer read
   and accepted (see ``--candidates`` below); each line says where it came from.

With ``--candidates OUT.tsv`` and ``../shared/data`` present, it also writes the candidates to
review: THUOCL law-list entries about labour that occur in the labour statutes, word pairs
that jieba splits but that recur in the statutes (``../shared/data/statutes``), and runs of
single characters that recur in the project's own training texts (new words). Reviewing
means copying the good ones into ``curated.txt`` or ``reviewed.txt``; nothing mined enters
the lexicon unread.

Each word's frequency is what jieba needs to keep it whole (``suggest_freq``), computed once
here so that loading the lexicon is a plain ``add_word`` per row.

It also writes ``toolkit/data/splits.txt``: entries of jieba's own dictionary that the PKU
standard (which ``corpus/guides/segmentation.md`` follows) writes as two or more words, so
the tokenizer takes them out of the dictionary: a numeral or magnitude with a measure word
(一家 → 一 家, 千名 → 千 名, but not the lexicalised 一起), 不 with a modal (不能 → 不 能), a
one-character verb with a resultative complement (拿到 → 拿 到), an adverb with a
one-character verb or adjective (已有 → 已 有, 太贵 → 太 贵), an adjective with 点 "a bit"
(快点 → 快 点), a span of time with 内 (年内 →
年 内, as the gold writes it although the PKU list has 年内), a potential complement (吃不完 →
吃 不 完, 看不出来 → 看 不 出来), 没 with a verb phrase (没人管 → 没 人 管), an aspect marker
inside three characters (想了个 → 想 了 个), and compounds of three
or more characters that are not words of the SIGHAN 2005 PKU *training* word list while both
of their halves are (钢铁企业 → 钢铁 企业), or both halves of two characters or more are in
the PKU or MSR training word list (物流园区 → 物流 园区).
Place names with their suffix (jieba's place entries such as 东莞市, but not 物流园区) and the
lexicon's own terms are never split. This part
needs ``../shared/data/segmentation``; without it the existing file is kept.

    python scripts/build_lexicon.py                      # rebuild lexicon.tsv
    python scripts/build_lexicon.py --candidates /tmp/candidates.tsv
    python scripts/build_lexicon.py --gold-splits        # candidates for gold_splits.txt
"""

from __future__ import annotations

import argparse
import collections
import logging
import re
import sys
from pathlib import Path

import jieba

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
OUT = ROOT / "toolkit" / "data" / "lexicon.tsv"
SPLITS = ROOT / "toolkit" / "data" / "splits.txt"
PKU_WORDS = SHARED / "segmentation" / "sighan2005" / "pku_training_words.utf8"
GOLD_SPLITS = ROOT / "corpus" / "lexicon" / "gold_splits.txt"
MSR_WORDS = SHARED / "segmentation" / "sighan2005" / "msr_training_words.utf8"
PLACE_SUFFIX = re.compile(r".+(省|市|县|区|州|盟|旗|镇|乡|村|自治区|自治州|自治县)$")
NUMERALS = set("一二两三四五六七八九十几")
MAGNITUDES = set("百千万")
DETERMINERS = set("这那哪半多每")
# Numeral + measure entries that are lexicalised words (一起 "together", 四周 "around"): kept.
LEXICALISED_NUMERAL_WORDS = {"一起", "一块", "一头", "两头", "四周", "四处"}
# Resultative complements (拿到, 吃完, 说好): PKU writes verb and complement apart unless the
# pair is in its word list (得到, 达到 are). 成 is left out: the gold keeps 改成 whole.
COMPLEMENTS = set("到完好掉住走在坏醉")
# Degree and time adverbs written apart from a following one-character verb or adjective
# (已 有, 太 贵, 很 好).
ADVERBS = set("已太很挺")
# Potential complements, the middle of 吃不完, 看得清: three words in PKU.
POTENTIAL_COMPLEMENTS = set("了清出来去起上下动懂见着") | COMPLEMENTS
MEASURES = set("个名家次天位项条件种批年月周岁人台份户元场届期座所张本只块间层遍回起"
               "处根段倍栋辆架艘篇首支双套把枚颗幅句声步笔轮门堂节道片棵株头匹吨班单趟副圈斤堆")
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
        for a, b in zip(words, words[1:], strict=False):
            joined = a + b
            if 3 <= len(joined) <= 6 and LABOUR.search(joined) and re.fullmatch(r"[\u4e00-\u9fff]+", joined):
                pairs[joined] += 1
    for joined, count in pairs.most_common():
        if count < 6:
            break
        rows.append((joined, "statutes-pair", count))
    rows += new_words_in_training_texts()
    with out.open("w", encoding="utf-8") as fh:
        fh.write("word\tsource\tcount\n")
        for word, source, count in rows:
            fh.write(f"{word}\t{source}\t{count}\n")
    print(f"{len(rows)} candidates written to {out}")


def place_names() -> list[tuple[str, str, str]]:
    """Administrative names with their suffix (沈阳市, 和平区, 蠡县) from cpca's gazetteer:
    the segmentation guide writes a place name and its suffix as one word."""
    import csv
    import io
    from importlib.resources import files

    table = files("cpca.resources").joinpath("adcodes.csv").read_text(encoding="utf-8")
    names = sorted({row["name"] for row in csv.DictReader(io.StringIO(table))
                    if 2 <= len(row["name"]) <= 8 and PLACE_SUFFIX.match(row["name"])})
    return [(name, "ns", "cpca") for name in names]


def new_words_in_training_texts(min_count: int = 3) -> list[tuple[str, str, int]]:
    """Runs of two to four single-character tokens that recur in the project's training
    texts (themes and indicators, train splits only): words the dictionaries lack."""
    import json

    sys.path.insert(0, str(ROOT))
    from toolkit.tokenize import Tokenizer

    tok = Tokenizer(names=False)
    counts: collections.Counter = collections.Counter()
    for path in (ROOT / "corpus" / "themes" / "train.jsonl",
                 ROOT / "corpus" / "indicators" / "train.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            run: list[str] = []
            for token in tok(json.loads(line)["text"]) + ["。"]:
                if len(token) == 1 and "\u4e00" <= token <= "\u9fff":
                    run.append(token)
                    continue
                if 2 <= len(run) <= 4:
                    counts["".join(run)] += 1
                run = []
    return [(w, "new-word", n) for w, n in counts.most_common() if n >= min_count]


def build() -> None:
    jieba.setLogLevel(logging.WARNING)
    rows = read_list(ROOT / "corpus" / "lexicon" / "curated.txt", "curated")
    rows += read_list(ROOT / "corpus" / "lexicon" / "reviewed.txt", "reviewed")
    rows += place_names()
    tk = jieba.Tokenizer()
    tk.initialize()
    seen = set()
    lines = ["# word\tfrequency\tPOS\tsource  (built by scripts/build_lexicon.py; do not edit)"]
    for word, tag, source in rows:
        if word in seen:
            continue
        seen.add(word)
        # Three times what jieba needs today: a margin for the words added after this one
        # (they raise jieba's total) and for the entries that splits.txt removes.
        freq = 3 * max(tk.suggest_freq(word, tune=False), 1)
        tk.add_word(word, freq, tag)
        lines.append(f"{word}\t{freq}\t{tag}\t{source}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(seen)} words written to {OUT}")
    if PKU_WORDS.exists():
        build_splits(seen, {word for word, tag, _ in rows if tag == "ns"})
    else:
        print(f"{PKU_WORDS} is absent: {SPLITS} kept as it is")


def jieba_tags(tk: jieba.Tokenizer) -> dict[str, str]:
    """Part-of-speech tags of jieba's dictionary entries."""
    tags = {}
    with tk.get_dict_file() as fh:
        for raw in fh:
            parts = raw.decode("utf-8").split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    return tags


def _written_apart_2(word: str, pku: set[str], tags: dict[str, str]) -> bool:
    """Does the guide write this two-character jieba entry as two words?"""
    first, second = word
    verbal = tags.get(second, "")[:1] in ("v", "a")
    if second == "内" and first in "年月周日天":
        return True  # 年 内 (the gold writes it apart although PKU lists 年内)
    if first in "近上" and second in MAGNITUDES:
        return True  # 近 千, 上 百: the approximation stays apart, as 近 800
    if first in NUMERALS | MAGNITUDES and second in MEASURES:
        return word not in LEXICALISED_NUMERAL_WORDS  # 一 家, 千 名 (but 一起)
    if word in pku:
        return False  # the rules below only split what PKU's word list lacks
    return (first in "不没"                                            # 不 能, 没 入
            or (first in DETERMINERS and second in MEASURES)             # 每 班
            or (second in COMPLEMENTS and tags.get(first, "")[:1] == "v")  # 拿 到
            or (first in ADVERBS and verbal)                              # 已 有, 太 贵
            or (second == "点" and tags.get(first, "")[:1] == "a"))       # 快 点


def _written_apart(word: str, pku: set[str], known: set[str], places: set[str],
                   tags: dict[str, str]) -> bool:
    """Does the guide write this jieba entry of three or more characters as several words?"""
    def verbal(chars: str) -> bool:
        return tags.get(chars, "")[:1] in ("v", "a")

    if any(word[:i] in places and word[i:] in places for i in range(2, len(word) - 1)):
        return True  # two places: 上海市 浦东新区
    if (PLACE_SUFFIX.match(word) and tags.get(word, "").startswith("ns")) or word in pku:
        return False  # a place with its suffix (东莞市), or a PKU word
    if len(word) == 3:
        if word[1] in "不得" and verbal(word[0]) and (
                verbal(word[2]) or word[2] in POTENTIAL_COMPLEMENTS):
            return True  # 吃 不 完
        if word[0] in "近上" and word[1] in MAGNITUDES and word[2] in MEASURES:
            return True  # 近 千 名
        if word[0] == "没" or word[1] in "了着过":
            return True  # 没 人 管, 没 拿 到; 想 了 个
    if len(word) == 4 and word[1] in "不得" and verbal(word[0]) and verbal(word[2:]):
        return True  # 看 不 出来, 说 不 清楚
    # 钢铁 企业 (both halves PKU words); 物流 园区 (halves of two or more characters that
    # PKU's or MSR's training word list has).
    return any((word[:i] in pku and word[i:] in pku)
               or (2 <= i <= len(word) - 2 and word[:i] in known and word[i:] in known)
               for i in range(1, len(word)))


def build_splits(lexicon_words: set[str], places: set[str]) -> None:
    pku = set(PKU_WORDS.read_text(encoding="utf-8").split())
    # MSR's (coarser) word list vouches for the halves of a compound too, when both halves
    # have two characters or more (物流园区 → 物流 园区: PKU's 1998 texts lack 物流).
    known = pku | set(MSR_WORDS.read_text(encoding="utf-8").split())
    tk = jieba.Tokenizer()
    tk.initialize()
    tags = jieba_tags(tk)
    splits = []
    for word, freq in tk.FREQ.items():
        if freq <= 0 or word in lexicon_words or not re.fullmatch(r"[\u4e00-\u9fff]+", word):
            continue
        if len(word) == 2:
            if _written_apart_2(word, pku, tags):
                splits.append(word)
        elif _written_apart(word, pku, known, places, tags):
            splits.append(word)
    splits += [word for word, _, _ in read_list(GOLD_SPLITS, "gold") if tk.FREQ.get(word)]
    header = ("# jieba dictionary entries the tokenizer takes out because the segmentation guide "
              "writes them apart; built by scripts/build_lexicon.py from jieba's dictionary, the "
              "SIGHAN 2005 PKU and MSR training word lists and corpus/lexicon/gold_splits.txt. "
              "One word a line.\n")
    SPLITS.write_text(header + "\n".join(sorted(splits)) + "\n", encoding="utf-8")
    print(f"{len(splits)} entries written to {SPLITS}")


def gold_split_candidates() -> None:
    """Print the words the tokenizer cuts whole that the segmentation training gold writes
    apart at least twice and never whole: candidates for ``corpus/lexicon/gold_splits.txt``."""
    sys.path.insert(0, str(ROOT))
    from toolkit.scoring import word_spans
    from toolkit.tokenize import Tokenizer

    tok = Tokenizer()
    counts: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    gold_path = ROOT / "corpus" / "segmentation" / "train.txt"
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        words = line.split()
        spans = word_spans(words)
        bounds = {a for a, _ in spans} | {b for _, b in spans}
        text = "".join(words)
        for start, end in word_spans(tok(text)):
            # A token the gold writes whole, or splits inside the same outer boundaries.
            if end - start > 1 and start in bounds and end in bounds:
                counts[text[start:end]][(start, end) not in spans] += 1
    for word, (whole, split) in sorted(counts.items(), key=lambda item: -item[1][1]):
        if split >= 2 and whole == 0:
            print(f"{word}\tsplit {split} times, never whole")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=Path, help="write mined candidates for review")
    parser.add_argument("--gold-splits", action="store_true",
                        help="list words the segmentation training gold always writes apart")
    args = parser.parse_args()
    if args.gold_splits:
        gold_split_candidates()
    elif args.candidates:
        mine_candidates(args.candidates)
    else:
        build()
