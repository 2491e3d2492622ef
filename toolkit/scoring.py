"""Scoring helpers shared by the evaluation scripts and the tests that assert floors."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

__all__ = ["word_spans", "segmentation_prf", "indicator_prf"]


def word_spans(words: Iterable[str]) -> set[tuple[int, int]]:
    """Character spans ``(start, end)`` of consecutive words.

    Examples
    --------
    >>> sorted(word_spans(["工会", "驿站"]))
    [(0, 2), (2, 4)]
    """
    spans = set()
    position = 0
    for word in words:
        spans.add((position, position + len(word)))
        position += len(word)
    return spans


def segmentation_prf(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> dict:
    """Word precision, recall and F1 (SIGHAN bakeoff definition) over aligned sentences.

    Whitespace tokens in ``predicted`` are ignored. Each gold sentence and its prediction must
    cover the same characters.

    Examples
    --------
    >>> segmentation_prf([["工会", "驿站"]], [["工会驿站"]])["f1"]
    0.0
    """
    correct = n_gold = n_pred = 0
    for gold_words, pred_words in zip(gold, predicted, strict=True):
        pred_words = [w for w in pred_words if w.strip()]
        g = word_spans(gold_words)
        p = word_spans(pred_words)
        if sum(map(len, gold_words)) != sum(map(len, pred_words)):
            raise ValueError(f"prediction does not cover the gold sentence: {''.join(gold_words)}")
        correct += len(g & p)
        n_gold += len(g)
        n_pred += len(p)
    precision = correct / n_pred if n_pred else 0.0
    recall = correct / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "words": n_gold}


# Units that are the same thing written two ways (三成 is 30 %).
_SAME_UNIT = {"成": "%", "周岁": "岁"}


def _unit(unit) -> str:
    unit = unit or ""
    return _SAME_UNIT.get(unit, unit)


def _same_value(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(b)))


def _subject_match(predicted, gold, *, strict: bool) -> bool:
    if not predicted or not gold:
        return not predicted and not gold
    if strict:
        return predicted == gold
    return predicted in gold or gold in predicted


def indicator_prf(pairs, *, include_dates: bool = True) -> dict:
    """Precision, recall and F1 of indicator extraction, and field accuracies.

    ``pairs``: iterable of ``(predicted, gold, negatives)`` per text, each a list of records
    with ``start``, ``end`` and ``value`` (gold records also ``unit``, ``kind``, ``qualifier``,
    ``subject``). A prediction matches a gold record when their spans overlap and their values
    are equal (one-to-one, in text order). Field accuracies are over matched pairs; ``subject``
    is scored strictly (equal) and leniently (one contains the other). A prediction that
    overlaps a negative span (a number that is not an indicator) is counted in ``on_negatives``.

    Examples
    --------
    >>> gold = [{"start": 0, "end": 4, "value": 80.0, "unit": "元", "kind": "money",
    ...          "qualifier": "over", "subject": "欠薪"}]
    >>> pred = [dict(gold[0], subject="追回欠薪")]
    >>> r = indicator_prf([(pred, gold, [])])
    >>> r["f1"], r["subject"], r["subject_strict"]
    (1.0, 1.0, 0.0)
    """
    n_pred = n_gold = matched = on_negatives = 0
    fields = {"unit": 0, "kind": 0, "qualifier": 0, "subject": 0, "subject_strict": 0}
    for predicted, gold, negatives in pairs:
        if not include_dates:
            predicted = [p for p in predicted if p.get("kind") != "date"]
            gold = [g for g in gold if g.get("kind") != "date"]
        n_pred += len(predicted)
        n_gold += len(gold)
        used: set[int] = set()
        for p in predicted:
            for k, g in enumerate(gold):
                if k in used or p["end"] <= g["start"] or g["end"] <= p["start"]:
                    continue
                if not _same_value(p.get("value"), g.get("value")):
                    continue
                used.add(k)
                matched += 1
                fields["unit"] += _unit(p.get("unit")) == _unit(g.get("unit"))
                fields["kind"] += p.get("kind") == g.get("kind")
                fields["qualifier"] += (p.get("qualifier") or "exact") == \
                    (g.get("qualifier") or "exact")
                fields["subject"] += _subject_match(p.get("subject"), g.get("subject"),
                                                    strict=False)
                fields["subject_strict"] += _subject_match(p.get("subject"), g.get("subject"),
                                                           strict=True)
                break
            else:
                if any(p["start"] < n["end"] and n["start"] < p["end"] for n in negatives):
                    on_negatives += 1
    precision = matched / n_pred if n_pred else 0.0
    recall = matched / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    result = {"predicted": n_pred, "gold": n_gold, "matched": matched, "precision": precision,
              "recall": recall, "f1": f1, "on_negatives": on_negatives}
    result.update({k: (v / matched if matched else 0.0) for k, v in fields.items()})
    return result
