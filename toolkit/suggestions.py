"""Employee-suggestion triage: what the analyst behind a 微建议 channel needs.

:func:`triage` takes suggestions (``text`` and optional ``id``, ``date``, ``unit``,
``status`` = new/answered/adopted) and returns one row per suggestion with its themes, whether
it is urgent and why (rules kept as data in ``data/urgency.json``), the group of
near-duplicates it belongs to (the same complaint from many people is one issue with many
voices), and the department responsible for its primary theme (an editable CSV,
``data/departments.csv``). :func:`summarize` turns that table into the counts a report shows.

Near-duplicates: suggestions of the same primary theme whose cosine similarity in the theme
model's feature space reaches :data:`DEFAULT_SIMILARITY` are linked, and linked suggestions
form a group.
The threshold was chosen on the labelled pairs in ``corpus/suggestions/pairs.jsonl``
(``benchmarks/triage_eval.py`` prints the choice and its figures).
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
import sys
from importlib.resources import files

import numpy as np

from .tokenize import fold_width, simplify

__all__ = ["triage", "summarize", "find_urgency", "group_duplicates", "load_departments",
           "DEFAULT_SIMILARITY"]

DEFAULT_SIMILARITY = 0.3
STATUSES = ("new", "answered", "adopted")


@functools.lru_cache(maxsize=1)
def _urgency_rules() -> list[tuple[str, str, re.Pattern, re.Pattern | None]]:
    data = json.loads(files("toolkit.data").joinpath("urgency.json").read_text("utf-8"))
    rules = []
    for reason, rule in data["reasons"].items():
        pattern = re.compile("|".join(rule["patterns"]))
        unless = re.compile("|".join(rule["unless"])) if rule.get("unless") else None
        rules.append((reason, rule["label"], pattern, unless))
    return rules


def find_urgency(text: str) -> str | None:
    """The urgency reason of a suggestion (``injury``, ``heat``, ``safety_hazard``,
    ``unpaid_wages``, ``violence``), or None. The first matching rule wins.

    Examples
    --------
    >>> find_urgency("5号叉车刹车不灵了 今天差点撞到人")
    'safety_hazard'
    >>> find_urgency("建议安全培训多讲点案例") is None
    True
    """
    norm = simplify(fold_width(text))
    for reason, _, pattern, unless in _urgency_rules():
        if pattern.search(norm) and not (unless and unless.search(norm)):
            return reason
    return None


def _similarity_matrix(texts: list[str], model=None, features=None):
    """Cosine similarities in the theme model's feature space (words, characters, theme
    keywords, TF-IDF weighted with the model's IDF): it weighs the words that matter for
    what a suggestion is about, and :func:`triage` has it anyway from classifying
    (``features``, from ``ThemeClassifier.classify_with_features``)."""
    from sklearn.preprocessing import normalize

    from .themes import load_model

    if features is None:
        features = (model or load_model()).vectorizer_.transform(texts)
    features = normalize(features)
    return (features @ features.T).tocsr()


def similarity(a: str, b: str) -> float:
    """Cosine similarity of two suggestions in the theme model's feature space.

    Examples
    --------
    >>> similarity("班车太早了", "班车发车太早了") > similarity("班车太早了", "班车太挤了")
    True
    """
    return float(_similarity_matrix([a, b])[0, 1])


def group_duplicates(texts: list[str], keys: list | None = None, *,
                     threshold: float = DEFAULT_SIMILARITY, model=None,
                     features=None) -> list[int]:
    """Group near-duplicate texts: a group number per text (0, 1, … in order of first
    appearance). Texts are linked when their similarity reaches ``threshold`` and, if
    ``keys`` is given (e.g. primary themes), their keys are equal. ``features``: the texts'
    rows in the theme model's feature space, when already computed.

    Examples
    --------
    >>> group_duplicates(["班车太早了", "班车发车太早了", "食堂太贵"])
    [0, 0, 1]
    """
    n = len(texts)
    if n == 0:
        return []
    parent = list(range(n))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    sims = _similarity_matrix(texts, model, features)
    rows, cols = sims.nonzero()
    for i, j in zip(rows, cols, strict=True):
        if i < j and sims[i, j] >= threshold and (keys is None or keys[i] == keys[j]):
            parent[find(i)] = find(j)
    labels: dict[int, int] = {}
    return [labels.setdefault(find(i), len(labels)) for i in range(n)]


@functools.lru_cache(maxsize=4)
def load_departments(path: str | None = None) -> dict[str, str]:
    """Theme id → responsible department, from a CSV with ``theme`` and ``department``
    columns (default: the shipped ``data/departments.csv``; edit a copy and pass its path).

    Examples
    --------
    >>> load_departments()["safety"]
    '安全环保部'
    """
    from .errors import ToolkitError

    if path is None:
        text = files("toolkit.data").joinpath("departments.csv").read_text("utf-8")
        source = "departments.csv"
    else:
        try:
            with open(path, encoding="utf-8-sig") as fh:
                text = fh.read()
        except OSError as exc:
            raise ToolkitError(
                f"{path}: cannot read the department mapping ({exc.strerror})") from None
        source = path
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {"theme", "department"} <= set(reader.fieldnames):
        raise ToolkitError(f"{source}: needs the columns 'theme' and 'department'")
    return {row["theme"].strip(): row["department"].strip() for row in reader}


def triage(records, *, model=None, departments: str | None = None,
           threshold: float = DEFAULT_SIMILARITY):
    """Triage suggestions; returns a DataFrame, one row per suggestion, urgent first.

    Columns: ``id``, ``date``, ``month``, ``unit``, ``status``, ``text``, ``themes``,
    ``primary``, ``urgent``, ``urgent_reason``, ``group``, ``group_size``, ``department``
    (plus any other fields of the input).

    Examples
    --------
    >>> table = triage([{"id": "a", "text": "三个月没发工资了"},
    ...                 {"id": "b", "text": "食堂饭菜太贵了"}])
    >>> table[["id", "urgent", "urgent_reason", "department"]].values.tolist()[0]
    ['a', True, 'unpaid_wages', '人力资源部（薪酬与劳动关系）']
    """
    import pandas as pd

    from .themes import load_model

    frame = records if isinstance(records, pd.DataFrame) else pd.DataFrame.from_records(
        list(records))
    for column in ("id", "date", "unit", "status"):
        if column not in frame:
            frame[column] = None
    frame = frame.reset_index(drop=True)
    if frame["id"].isna().any():
        frame["id"] = [i if i is not None and i == i else n + 1
                       for n, i in enumerate(frame["id"])]
    texts = frame["text"].fillna("").astype(str).tolist()
    model = model or load_model()
    # One tokenization serves the themes and the near-duplicate grouping.
    themes, features = model.classify_with_features(texts) if texts else ([], None)
    frame["themes"] = [r["themes"] for r in themes]
    frame["primary"] = [r["primary"] for r in themes]
    frame["urgent_reason"] = [find_urgency(t) for t in texts]
    frame["urgent"] = frame["urgent_reason"].notna()
    frame["group"] = group_duplicates(texts, frame["primary"].tolist(), threshold=threshold,
                                      model=model, features=features)
    frame["group_size"] = frame.groupby("group")["group"].transform("size")
    mapping = load_departments(departments)
    frame["department"] = frame["primary"].map(mapping)
    frame["month"] = pd.to_datetime(frame["date"], errors="coerce").dt.strftime("%Y-%m")
    first = ["id", "date", "month", "unit", "status", "text", "themes", "primary", "urgent",
             "urgent_reason", "group", "group_size", "department"]
    frame = frame[first + [c for c in frame.columns if c not in first]]
    return frame.sort_values(["urgent", "group_size", "id"], ascending=[False, False, True],
                             kind="stable", ignore_index=True)


def summarize(table) -> dict:
    """The figures of a triage table: counts per theme, unit and month, answer and adoption
    rates, the urgent suggestions and the largest groups.

    Examples
    --------
    >>> import pandas as pd
    >>> t = triage([{"text": "食堂太贵", "status": "adopted"}, {"text": "班车太早"}])
    >>> s = summarize(t)
    >>> s["total"], s["adoption_rate"]
    (2, 0.5)
    """
    total = len(table)
    status = table["status"].fillna("new")
    groups = []
    for _, group in table[table["group_size"] > 1].groupby("group"):
        groups.append({"group": int(group["group"].iloc[0]), "size": len(group),
                       "primary": group["primary"].iloc[0],
                       "example": group["text"].iloc[0],
                       "units": sorted({u for u in group["unit"] if isinstance(u, str)}),
                       "urgent": bool(group["urgent"].any())})
    groups.sort(key=lambda g: (-g["size"], g["group"]))
    urgent = table[table["urgent"]]
    return {
        "total": total,
        "by_theme": {k: int(v) for k, v in table["primary"].value_counts().sort_index().items()},
        "by_unit": {k: int(v) for k, v in table["unit"].value_counts().sort_index().items()},
        "by_month": {k: int(v) for k, v in table["month"].value_counts().sort_index().items()},
        "answered": int(status.isin(["answered", "adopted"]).sum()),
        "adopted": int((status == "adopted").sum()),
        "answer_rate": round(float(status.isin(["answered", "adopted"]).mean()), 3)
        if total else 0.0,
        "adoption_rate": round(float((status == "adopted").mean()), 3) if total else 0.0,
        "urgent": int(len(urgent)),
        "urgent_by_reason": {k: int(v) for k, v in urgent["urgent_reason"].value_counts()
                             .sort_index().items()},
        "issues": int(table["group"].nunique()),
        "largest_groups": groups[:10],
    }


def format_summary(summary: dict) -> str:
    """A few readable lines (what ``triage`` prints)."""
    lines = [f"{summary['total']} suggestions, {summary['issues']} distinct issues; "
             f"answered {summary['answered']} ({summary['answer_rate']:.0%}), adopted "
             f"{summary['adopted']} ({summary['adoption_rate']:.0%}); urgent "
             f"{summary['urgent']} {summary['urgent_by_reason']}",
             "by theme: " + ", ".join(f"{k} {v}" for k, v in summary["by_theme"].items())]
    for group in summary["largest_groups"][:5]:
        lines.append(f"  {group['size']:>3} voices [{group['primary']}] {group['example']}")
    return "\n".join(lines)


def triage_command(args) -> int:
    """``python -m toolkit triage``: per-suggestion rows to the output, summary on stderr."""
    from .io import RecordWriter, read_documents
    from .themes import load_model

    model = load_model(args.model)
    load_departments(args.departments)  # a bad mapping file is refused before any work
    docs, failed = [], 0
    for doc in read_documents(args.inputs, text_col=args.text_col, id_col=args.id_col):
        if "error" in doc:
            print(doc["error"], file=sys.stderr)
            failed += 1
        docs.append(doc)
    good = [d for d in docs if "error" not in d]
    table = triage(good, model=model, departments=args.departments)
    writer = RecordWriter(args.output)
    records = json.loads(table.to_json(orient="records", force_ascii=False))
    writer.write(0, records + [d for d in docs if "error" in d])
    writer.finish()
    summary = summarize(table)
    if args.summary:
        with open(args.summary, "w", encoding="utf-8") as fh:
            json.dump(summary, fh, ensure_ascii=False, indent=1)
    if not args.quiet:
        print(format_summary(summary), file=sys.stderr)
    return 1 if failed else 0


def pair_scores(pairs: list[dict]) -> np.ndarray:
    """Similarity of each labelled pair (``a``, ``b``)."""
    texts = [p["a"] for p in pairs] + [p["b"] for p in pairs]
    sims = _similarity_matrix(texts)
    n = len(pairs)
    return np.asarray([sims[i, n + i] for i in range(n)])
