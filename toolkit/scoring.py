"""Scoring helpers shared by the evaluation scripts and the tests that assert floors."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

__all__ = ["word_spans", "segmentation_prf"]


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
