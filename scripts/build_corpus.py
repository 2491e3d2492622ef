"""Build the annotated corpus splits in corpus/ from the writers' raw files (deterministic).

- themes: ``corpus/themes/raw/*.jsonl`` + ``corpus/themes/seed.jsonl`` →
  ``corpus/themes/train.jsonl`` and ``test.jsonl``. An item is test when a hash of its id
  falls below 0.3 (about 30 % of every type and theme), plus the seed page's articles.
- indicators: ``corpus/indicators/raw/*.jsonl`` → ``train.jsonl`` / ``test.jsonl`` with
  ``start``/``end`` computed from ``occurrence``; the seed page's paragraphs and 30 % of each
  writer's paragraphs (by id hash) are test.
- segmentation: ``corpus/segmentation/raw/gold.txt`` → ``train.txt`` / ``test.txt`` (every
  third sentence is test); the later batches ``raw/gold_*.txt`` (``gold_b`` … ``gold_e``, see
  the data card) were written after rules had been tuned and go to ``train.txt`` only, so
  the test split stays the sentences fixed at the start.

The splits were fixed before any model or rule was scored on them; rerunning this script
reproduces them exactly. Run: ``python scripts/build_corpus.py``.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
THEMES = ("skills", "welfare", "rights", "democracy", "organizing", "innovation", "safety",
          "party")


def is_test(item_id: str, share: float = 0.3) -> bool:
    digest = hashlib.sha256(item_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 < share


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")


def check_theme_item(item: dict) -> None:
    assert item["themes"] and item["themes"][0] == item["primary"], item["id"]
    assert set(item["themes"]) <= set(THEMES), item["id"]
    assert item["type"] in ("news", "suggestion"), item["id"]


def build_themes() -> None:
    items = []
    for path in sorted((CORPUS / "themes" / "raw").glob("*.jsonl")):
        items += read_jsonl(path)
    seed = read_jsonl(CORPUS / "themes" / "seed.jsonl")
    for item in items + seed:
        check_theme_item(item)
    ids = Counter(item["id"] for item in items + seed)
    assert max(ids.values()) == 1, [i for i, n in ids.items() if n > 1]
    # An item is test when its id hashes below 0.3: stable when writers add items, and
    # close to 30 % of every (type, primary theme) group (the data card lists the counts).
    train = [item for item in items if not is_test(item["id"])]
    test = [item for item in items if is_test(item["id"])] + seed
    train.sort(key=lambda it: it["id"])
    test.sort(key=lambda it: it["id"])
    write_jsonl(CORPUS / "themes" / "train.jsonl", train)
    write_jsonl(CORPUS / "themes" / "test.jsonl", test)
    print(f"themes: {len(train)} train, {len(test)} test")


def locate(text: str, span: str, occurrence: int) -> int:
    start = -1
    for _ in range(occurrence):
        start = text.find(span, start + 1)
        if start < 0:
            raise ValueError(f"span {span!r} (occurrence {occurrence}) not in {text[:30]!r}")
    return start


def build_indicators() -> None:
    rows = []
    for path in sorted((CORPUS / "indicators" / "raw").glob("*.jsonl")):
        rows += read_jsonl(path)
    train, test = [], []
    for row in rows:
        for key in ("indicators", "negatives"):
            for item in row.get(key, []):
                item["start"] = locate(row["text"], item["span"], item.get("occurrence", 1))
                item["end"] = item["start"] + len(item["span"])
        row["indicators"].sort(key=lambda it: it["start"])
        (test if row["writer"] == "seed" or is_test(row["id"]) else train).append(row)
    write_jsonl(CORPUS / "indicators" / "train.jsonl", train)
    write_jsonl(CORPUS / "indicators" / "test.jsonl", test)
    count = lambda part: sum(len(r["indicators"]) for r in part)  # noqa: E731
    print(f"indicators: {len(train)} paragraphs / {count(train)} indicators train, "
          f"{len(test)} / {count(test)} test")


def build_segmentation() -> None:
    gold = (CORPUS / "segmentation" / "raw" / "gold.txt").read_text(encoding="utf-8").splitlines()
    test = [line for n, line in enumerate(gold, start=1) if n % 3 == 0]
    train = [line for n, line in enumerate(gold, start=1) if n % 3 != 0]
    # The later batches, gold_b.txt, gold_c.txt, …: training sentences only.
    for batch in sorted((CORPUS / "segmentation" / "raw").glob("gold_*.txt")):
        train += batch.read_text(encoding="utf-8").splitlines()
    (CORPUS / "segmentation" / "train.txt").write_text("\n".join(train) + "\n", encoding="utf-8")
    (CORPUS / "segmentation" / "test.txt").write_text("\n".join(test) + "\n", encoding="utf-8")
    print(f"segmentation: {len(train)} train, {len(test)} test sentences")


if __name__ == "__main__":
    build_themes()
    build_indicators()
    build_segmentation()
