"""Theme classification: the shipped model against two baselines, on the test split and on
the cross-author set.

- model: ``toolkit/data/themes_model.npz`` (trained by ``make model`` on the train split);
- keyword baseline: the taxonomy's keywords, a theme present when one occurs
  (``toolkit.themes.KeywordThemeClassifier``);
- jieba baseline: plain ``jieba.lcut`` + TF-IDF + one-vs-rest logistic regression, trained on
  the same train split, primary = highest probability, threshold 0.5.

Prints macro-F1 and primary accuracy for all items, news and suggestions, then per-theme F1.

    python benchmarks/themes_eval.py [--shared ../shared/data]
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from toolkit.themes import (  # noqa: E402
    THEMES,
    KeywordThemeClassifier,
    evaluate,
    load_model,
    read_labelled,
)


class JiebaTfidfBaseline:
    """Plain jieba tokens, TF-IDF, one logistic regression per theme."""

    def fit(self, texts, labels):
        import jieba
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.multiclass import OneVsRestClassifier
        from sklearn.preprocessing import MultiLabelBinarizer

        jieba.setLogLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        self.vectorizer = TfidfVectorizer(tokenizer=tokenizer.lcut, token_pattern=None,
                                          lowercase=False)
        self.classes_ = np.asarray(THEMES, dtype=object)
        Y = MultiLabelBinarizer(classes=list(THEMES)).fit_transform(labels)
        self.model = OneVsRestClassifier(LogisticRegression(max_iter=2000))
        self.model.fit(self.vectorizer.fit_transform(texts), Y)
        return self

    def predict_proba(self, texts):
        return self.model.predict_proba(self.vectorizer.transform(texts))

    def predict(self, texts):
        proba = self.predict_proba(texts)
        out = (proba >= 0.5).astype(int)
        out[np.arange(len(proba)), proba.argmax(axis=1)] = 1
        return out

    def predict_primary(self, texts):
        return self.classes_[self.predict_proba(texts).argmax(axis=1)]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args(argv)
    train = read_labelled(ROOT / "corpus" / "themes" / "train.jsonl")
    sets = {"test split": read_labelled(ROOT / "corpus" / "themes" / "test.jsonl")}
    cross = args.shared / "themes-crossauthor" / "items.jsonl"
    if cross.exists():
        sets["cross-author"] = read_labelled(cross)
    models = {
        "model": load_model(),
        "keyword baseline": KeywordThemeClassifier().fit(["x"], [["skills"]]),
        "jieba+tfidf+LR": JiebaTfidfBaseline().fit([t["text"] for t in train],
                                                  [t["themes"] for t in train]),
    }
    print(f"{'set':<14}{'classifier':<18}{'part':<12}{'items':>6}{'macro-F1':>10}"
          f"{'primary acc':>13}")
    reports = {}
    for set_name, items in sets.items():
        for name, model in models.items():
            report = reports[(set_name, name)] = evaluate(model, items)
            for part, figures in report.items():
                print(f"{set_name:<14}{name:<18}{part:<12}{figures['items']:>6}"
                      f"{figures['macro_f1']:>10.3f}{figures['primary_accuracy']:>13.3f}")
    print("\nper-theme F1 (all items)")
    header = "".join(f"{t[:10]:>11}" for t in THEMES)
    print(f"{'set':<14}{'classifier':<18}{header}")
    for (set_name, name), report in reports.items():
        cells = "".join(f"{report['all']['per_theme'][t]['f1']:>11.3f}" for t in THEMES)
        print(f"{set_name:<14}{name:<18}{cells}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
