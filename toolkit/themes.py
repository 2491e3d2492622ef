"""Themes: sort union news and employee suggestions into the eight themes of DESIGN.md.

:class:`ThemeClassifier` is a scikit-learn estimator: word n-grams from the toolkit's
tokenizer plus character n-grams (robust to typos and traditional characters) plus the
taxonomy's keyword counts as features, into one logistic regression per theme. Each theme
has its own decision threshold, chosen by cross-validation on the training data. The primary
theme comes from a multinomial logistic regression over the features of the text and of its
lead, and is always among the themes.

The shipped model (``toolkit/data/themes_model.npz``) is trained by ``make model`` from
``corpus/themes/train.jsonl``. It is a NumPy archive of plain arrays read without pickle, so
loading a model file runs no code from it.
"""

from __future__ import annotations

import functools
import json
import os
import re
import sys
from collections import Counter
from importlib.resources import files
from itertools import chain, repeat
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.utils.validation import check_is_fitted

from .errors import ToolkitError
from .tokenize import Tokenizer, fold_width, simplify

__all__ = [
    "THEMES", "ThemeClassifier", "KeywordThemeClassifier", "load_taxonomy", "load_model",
    "save_model", "classify", "classify_frame", "document_text",
]


@functools.lru_cache(maxsize=1)
def load_taxonomy() -> tuple[dict, ...]:
    """The eight themes (id, zh, definition, includes, excludes, keywords) from the data file.

    Examples
    --------
    >>> [t["id"] for t in load_taxonomy()][:3]
    ['skills', 'welfare', 'rights']
    """
    data = json.loads(files("toolkit.data").joinpath("taxonomy.json").read_text("utf-8"))
    return tuple(data["themes"])


THEMES: tuple[str, ...] = tuple(t["id"] for t in load_taxonomy())


def normalise_text(text: str) -> str:
    """What the character n-grams see: half-width, simplified characters, lower-case."""
    return simplify(fold_width(text)).lower()


def _as_texts(X) -> list[str]:
    if isinstance(X, str):
        raise ValueError("expected a list of texts, got a single string")
    texts = list(X.ravel() if hasattr(X, "ravel") else X)
    if not all(isinstance(t, str) for t in texts):
        raise ValueError("expected texts (str); got " + type(next(
            t for t in texts if not isinstance(t, str))).__name__)
    return texts


class KeywordFeatures(TransformerMixin, BaseEstimator):
    """Counts of each theme's taxonomy keywords in a text (log-scaled), as 8 dense features.

    Examples
    --------
    >>> float(KeywordFeatures().fit_transform(["追回欠薪"]).toarray()[0, 2].round(2))
    0.69
    """

    def __init__(self, *, keywords=None):
        self.keywords = keywords

    def fit(self, X, y=None):
        vocab = self.keywords or {t["id"]: t["keywords"] for t in load_taxonomy()}
        self.themes_ = list(vocab)
        self.keywords_ = [list(vocab[t]) for t in self.themes_]
        self.n_features_in_ = 1
        return self

    @functools.cached_property
    def _automaton(self):
        # One Aho-Corasick pass finds every keyword of every theme (overlaps included).
        import ahocorasick

        automaton = ahocorasick.Automaton()
        for j, words in enumerate(self.keywords_):
            for word in words:
                themes = automaton.get(word, ())
                automaton.add_word(word, (*themes, j))
        automaton.make_automaton()
        return automaton

    def transform(self, X):
        check_is_fitted(self, "keywords_")
        return self.transform_normalised([normalise_text(t) for t in _as_texts(X)])

    def transform_normalised(self, norms: list[str]):
        """:meth:`transform` of texts already passed through :func:`normalise_text`."""
        counts = np.zeros((len(norms), len(self.keywords_)), dtype=float)
        automaton = self._automaton
        for i, norm in enumerate(norms):
            for _, themes in automaton.iter(norm):
                for j in themes:
                    counts[i, j] += 1
        return sparse.csr_matrix(np.log1p(counts))

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("_automaton", None)
        return state

    def get_feature_names_out(self, input_features=None):
        check_is_fitted(self, "keywords_")
        return np.asarray([f"keywords:{t}" for t in self.themes_], dtype=object)


def _sublinear_tfidf(rows: list[Counter], vocabulary: dict, idf: np.ndarray):
    """Rows of counts → an L2-normalised sublinear TF-IDF csr matrix (as scikit-learn's
    ``TfidfVectorizer(sublinear_tf=True)``), over a fixed vocabulary. The batch is flattened
    once so the arithmetic runs in NumPy, not per row in Python."""
    lengths = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    terms = list(chain.from_iterable(rows))
    counts = np.fromiter(chain.from_iterable(r.values() for r in rows), dtype=float,
                         count=len(terms))
    columns = np.fromiter(map(vocabulary.get, terms, repeat(-1, len(terms))), dtype=np.int64,
                          count=len(terms))
    row_of = np.repeat(np.arange(len(rows)), lengths)
    known = columns >= 0
    columns, counts, row_of = columns[known], counts[known], row_of[known]
    values = (1.0 + np.log(counts)) * idf[columns]
    norms = np.sqrt(np.bincount(row_of, weights=values * values, minlength=len(rows)))
    norms[norms == 0] = 1.0
    values /= norms[row_of]
    return sparse.csr_matrix((values, (row_of, columns)), shape=(len(rows), len(vocabulary)))


def _idf(document_frequency: np.ndarray, n_documents: int) -> np.ndarray:
    return np.log((1 + n_documents) / (1 + document_frequency)) + 1.0


class ThemeFeatures(TransformerMixin, BaseEstimator):
    """Features of a text for the theme classifier, computed in one pass over the text:
    word unigrams (the toolkit's tokenizer, traditional matched as simplified) and character
    n-grams up to ``char_ngrams`` as sublinear TF-IDF, plus the taxonomy's keyword counts.

    :meth:`transform_with_lead` returns the features of each text and of its lead (a prefix
    of it) from the same tokens, so scoring the lead costs almost nothing.

    Examples
    --------
    >>> f = ThemeFeatures().fit(["工会驿站为职工服务", "追回欠薪"])
    >>> f.transform(["工会驿站"]).shape[0]
    1
    """

    def __init__(self, *, tokenizer=None, char_ngrams=1, char_min_df=2, keyword_weight=0.2):
        self.tokenizer = tokenizer
        self.char_ngrams = char_ngrams
        self.char_min_df = char_min_df
        self.keyword_weight = keyword_weight

    def _tokenizer(self):
        return self.tokenizer if self.tokenizer is not None else _default_tokenizer()

    def _tokens(self, norm: str) -> list[str]:
        tok = self._tokenizer()
        return tok.cut_all(norm) if hasattr(tok, "cut_all") else list(tok(norm))

    def _char_counts(self, norm: str) -> Counter:
        chars = Counter(norm)
        if self.char_ngrams >= 2:
            chars.update(map(str.__add__, norm, norm[1:]))
        return chars

    @staticmethod
    def _word_counts(tokens: list[str]) -> Counter:
        words = Counter(tokens)  # counted in C; whitespace tokens are few, drop them after
        if any(map(str.isspace, words)):  # a C-level scan; most texts have none
            for token in [t for t in words if t.isspace()]:
                del words[token]
        return words

    def _counts(self, norm: str) -> tuple[Counter, Counter]:
        """(word counts, char n-gram counts) of a normalised text."""
        return self._word_counts(self._tokens(norm)), self._char_counts(norm)

    def fit(self, X, y=None):
        texts = _as_texts(X)
        word_df: Counter = Counter()
        char_df: Counter = Counter()
        for text in texts:
            words, chars = self._counts(normalise_text(text))
            word_df.update(words.keys())
            char_df.update(chars.keys())
        words = sorted(word_df)
        chars = sorted(c for c, n in char_df.items() if n >= self.char_min_df)
        self.words_ = {w: i for i, w in enumerate(words)}
        self.chars_ = {c: i for i, c in enumerate(chars)}
        self.word_idf_ = _idf(np.asarray([word_df[w] for w in words], dtype=float), len(texts))
        self.char_idf_ = _idf(np.asarray([char_df[c] for c in chars], dtype=float), len(texts))
        self.keywords_ = KeywordFeatures().fit(texts) if self.keyword_weight else None
        self.n_features_in_ = 1
        return self

    def _matrix(self, rows, norms):
        blocks = [_sublinear_tfidf([w for w, _ in rows], self.words_, self.word_idf_),
                  _sublinear_tfidf([c for _, c in rows], self.chars_, self.char_idf_)]
        if self.keywords_ is not None:
            blocks.append(self.keywords_.transform_normalised(norms) * self.keyword_weight)
        return sparse.hstack(blocks, format="csr")

    def transform(self, X):
        check_is_fitted(self, "words_")
        norms = [normalise_text(t) for t in _as_texts(X)]
        return self._matrix([self._counts(n) for n in norms], norms)

    def transform_keep(self, X):
        """:meth:`transform`, plus what :meth:`transform_leads` needs to score the texts'
        leads later without tokenizing again: ``(matrix, (norms, tokens))``."""
        check_is_fitted(self, "words_")
        norms = [normalise_text(t) for t in _as_texts(X)]
        tokens = [self._tokens(n) for n in norms]
        rows = [(self._word_counts(t), self._char_counts(n))
                for n, t in zip(norms, tokens, strict=True)]
        return self._matrix(rows, norms), (norms, tokens)

    def transform_leads(self, kept, rows) -> tuple[list[int], object]:
        """Features of the leads of the texts at ``rows`` (from :meth:`transform_keep`).
        Returns ``(rows whose lead is shorter than the text, their lead matrix)``; a text
        that is its own lead is left out (its lead scores are its scores)."""
        norms, tokens = kept
        chosen, counts, lead_norms = [], [], []
        for i in rows:
            norm = norms[i]
            head = lead_of(norm)
            stop = norm.find(head) + len(head) if head else len(norm)
            if stop >= len(norm.rstrip()):
                continue
            position = count = 0
            for token in tokens[i]:
                position += len(token)
                if position > stop:
                    break
                count += 1
            chosen.append(i)
            counts.append((self._word_counts(tokens[i][:count]), self._char_counts(norm[:stop])))
            lead_norms.append(norm[:stop])
        if not chosen:
            return [], None
        return chosen, self._matrix(counts, lead_norms)

    def transform_with_lead(self, X):
        """(features of each text, features of each text's lead), from one tokenization."""
        full, kept = self.transform_keep(X)
        return full, self.lead_matrix(full, kept)

    def lead_matrix(self, full, kept):
        """The lead features of every text of a :meth:`transform_keep` batch (a text that is
        its own lead keeps its row of ``full``)."""
        rows, leads = self.transform_leads(kept, range(full.shape[0]))
        if not rows:
            return full
        stacked = sparse.vstack([full, leads], format="csr")
        order = np.arange(full.shape[0])
        order[rows] = full.shape[0] + np.arange(len(rows))
        return stacked[order]

    def get_feature_names_out(self, input_features=None):
        check_is_fitted(self, "words_")
        names = [f"words__{w}" for w in self.words_] + [f"chars__{c}" for c in self.chars_]
        if self.keywords_ is not None:
            names += [f"keywords__{t}" for t in self.keywords_.themes_]
        return np.asarray(names, dtype=object)


@functools.lru_cache(maxsize=1)
def _default_tokenizer():
    # Texts are already simplified by normalise_text; no conversion inside the tokenizer.
    return Tokenizer()


class ThemeClassifier(ClassifierMixin, BaseEstimator):
    """Multi-label theme classifier for union news and employee suggestions.

    Parameters
    ----------
    tokenizer : callable, optional
        Text → tokens for the word features; default: the toolkit's :class:`Tokenizer`
        (texts are folded to half-width and simplified characters first).
    char_ngrams : int
        Longest character n-gram (1: single characters, which already carry typos and
        traditional variants after normalisation; 2 adds bigrams at some speed cost).
    char_min_df : int
        Character n-grams seen in fewer training texts are dropped.
    keyword_weight : float
        Weight of the taxonomy's keyword counts among the features (0 leaves them out).
    primary_C : float
        Inverse regularisation strength of the primary-theme model: a multinomial logistic
        regression over the features of the text *and* of its lead (first sentence, or first
        clause of a one-sentence text), so it learns the annotation guide's rule that the
        point of a news item is in its headline and lead, and of a suggestion in what it asks
        first. The primary is the theme with the highest product of this model's probability
        and the theme's own probability.
    C : float
        Inverse regularisation strength of each theme's logistic regression.
    cv : int
        Folds of the cross-validation that picks each theme's threshold.
    random_state : int
        Seed of the fold assignment.

    Attributes
    ----------
    classes_ : ndarray of str
        Theme ids, in the order of the score columns.
    thresholds_ : ndarray of float
        Per-theme probability thresholds.
    vectorizer_ : ThemeFeatures
        The fitted features; ``vectorizer_.get_feature_names_out()`` names them.

    Examples
    --------
    >>> clf = load_model()
    >>> clf.classify("三个月没发工资了 找谁")["primary"]
    'rights'
    """

    def __init__(self, *, tokenizer=None, char_ngrams=1, char_min_df=2, keyword_weight=0.2,
                 primary_C=10.0, C=5.0, cv=5, random_state=0):
        self.tokenizer = tokenizer
        self.char_ngrams = char_ngrams
        self.char_min_df = char_min_df
        self.keyword_weight = keyword_weight
        self.primary_C = primary_C
        self.C = C
        self.cv = cv
        self.random_state = random_state

    # -- fitting ------------------------------------------------------------------------

    def _features(self) -> ThemeFeatures:
        return ThemeFeatures(tokenizer=self.tokenizer, char_ngrams=self.char_ngrams,
                             char_min_df=self.char_min_df, keyword_weight=self.keyword_weight)

    def _binarize(self, y) -> np.ndarray:
        """Labels → an (n, 8) indicator matrix. Accepts theme-id lists, one id per text, or
        an indicator matrix whose columns follow :data:`THEMES` (what GridSearchCV passes)."""
        if hasattr(y, "shape") and len(y.shape) == 2:
            Y = np.asarray(y, dtype=int)
            if Y.shape[1] != len(THEMES) or not np.isin(Y, (0, 1)).all():
                raise ValueError(f"an indicator matrix needs {len(THEMES)} columns of 0/1")
            return Y
        y = list(y)
        if y and isinstance(y[0], str):
            y = [[label] for label in y]
        unknown = {label for labels in y for label in labels} - set(THEMES)
        if unknown:
            raise ValueError(f"unknown theme ids: {sorted(unknown)} (use {', '.join(THEMES)})")
        return MultiLabelBinarizer(classes=list(THEMES)).fit_transform(y)

    def _fit_models(self, X_features, Y, *, strict: bool = True):
        """One logistic regression per theme. A theme without positive and negative examples
        is an error, except inside the threshold cross-validation (``strict=False``), where
        its model is None and it scores its prior."""
        models = []
        for j in range(Y.shape[1]):
            if Y[:, j].min() == Y[:, j].max():
                if strict:
                    raise ValueError(f"theme {THEMES[j]!r} needs positive and negative examples")
                models.append(None)
                continue
            model = LogisticRegression(C=self.C, class_weight="balanced", max_iter=2000,
                                       solver="liblinear", random_state=self.random_state)
            models.append(model.fit(X_features, Y[:, j]))
        return models

    @staticmethod
    def _primaries(y, Y: np.ndarray) -> np.ndarray:
        """The primary theme of each item: the first of its list (for an indicator matrix,
        its first positive column)."""
        if hasattr(y, "shape") and len(y.shape) == 2:
            return np.asarray(THEMES, dtype=object)[Y.argmax(axis=1)]
        return np.asarray([label if isinstance(label, str) else label[0] for label in y],
                          dtype=object)

    def fit(self, X, y):
        """Fit on texts ``X`` and labels ``y``: theme-id lists whose first id is the primary,
        one id per text, or an indicator matrix whose columns follow :data:`THEMES`."""
        texts = _as_texts(X)
        Y = self._binarize(y)
        primaries = self._primaries(y, Y)
        self.classes_ = np.asarray(THEMES, dtype=object)
        # Out-of-fold scores pick the thresholds, so they are not tuned on seen items.
        oof = np.zeros(Y.shape, dtype=float)
        folds = KFold(n_splits=self.cv, shuffle=True, random_state=self.random_state)
        for train_idx, valid_idx in folds.split(texts):
            features = self._features()
            Xt = features.fit_transform([texts[i] for i in train_idx])
            models = self._fit_models(Xt, Y[train_idx], strict=False)
            Xv = features.transform([texts[i] for i in valid_idx])
            oof[valid_idx] = np.column_stack([
                m.predict_proba(Xv)[:, 1] if m is not None
                else np.full(len(valid_idx), Y[train_idx, j].mean())
                for j, m in enumerate(models)])
        self.thresholds_ = np.asarray([_best_threshold(oof[:, j], Y[:, j])
                                       for j in range(Y.shape[1])])
        self.vectorizer_ = self._features()
        self.vectorizer_.fit(texts)
        features, leads = self.vectorizer_.transform_with_lead(texts)
        self.models_ = self._fit_models(features, Y)
        self.primary_model_ = LogisticRegression(C=self.primary_C, max_iter=3000)
        self.primary_model_.fit(sparse.hstack([features, leads], format="csr"), primaries)
        self.n_features_in_ = 1
        return self

    # -- prediction ---------------------------------------------------------------------

    def _proba(self, features) -> np.ndarray:
        # The eight binary models as one product (what predict_proba computes, 8x fewer calls).
        coef = np.vstack([m.coef_ for m in self.models_])
        intercept = np.asarray([m.intercept_[0] for m in self.models_])
        return 1.0 / (1.0 + np.exp(-(features @ coef.T + intercept)))

    def predict_proba(self, X) -> np.ndarray:
        """Per-theme probabilities, shape ``(n_texts, 8)`` in the order of ``classes_``."""
        check_is_fitted(self, "models_")
        return self._proba(self.vectorizer_.transform(_as_texts(X)))

    def _scores(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(theme probabilities, primary-theme scores), both ``(n, 8)`` in the order of
        ``classes_``, from one tokenization of each text. A theme's primary score is the
        primary model's probability times the theme's own probability: the primary must be
        central *and* present (out-of-fold on the training split this picks the annotated
        primary of 90.1 % of items against 89.4 % for the primary model alone)."""
        check_is_fitted(self, "models_")
        return self._scores_of(*self.vectorizer_.transform_keep(texts))

    def _scores_of(self, full, kept) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`_scores` from the output of ``vectorizer_.transform_keep``."""
        proba = self._proba(full)
        if not full.shape[0]:
            return proba, proba
        lead = self.vectorizer_.lead_matrix(full, kept)
        primary = self.primary_model_.predict_proba(sparse.hstack([full, lead], format="csr"))
        order = [list(self.primary_model_.classes_).index(t) if t in self.primary_model_
                 .classes_ else None for t in self.classes_]
        aligned = np.zeros_like(proba)
        for j, k in enumerate(order):
            if k is not None:
                aligned[:, j] = primary[:, k]
        return proba, aligned * proba

    def predict(self, X) -> np.ndarray:
        """Binary indicator matrix ``(n_texts, 8)``; every row has at least its primary."""
        return self.predict_with_primary(X)[0]

    def predict_with_primary(self, X) -> tuple[np.ndarray, np.ndarray]:
        """``(predict(X), predict_primary(X))`` from one pass over the texts."""
        proba, primary = self._scores(_as_texts(X))
        out = (proba >= self.thresholds_).astype(int)
        best = primary.argmax(axis=1)
        out[np.arange(len(proba)), best] = 1
        return out, self.classes_[best]

    def predict_primary(self, X) -> np.ndarray:
        """The primary theme id of each text."""
        return self.classes_[self._scores(_as_texts(X))[1].argmax(axis=1)]

    def classify(self, text: str) -> dict:
        """One text → ``{"themes", "primary", "score_<id>" …}`` (the ``classify`` record)."""
        return self.classify_many([text])[0]

    def classify_many(self, texts) -> list[dict]:
        """:meth:`classify` for many texts, in one pass (much faster than one at a time)."""
        return self._records(*self._scores(_as_texts(texts)))

    def classify_with_features(self, texts) -> tuple[list[dict], object]:
        """(:meth:`classify_many` records, the texts' feature matrix) from one tokenization:
        the features are what :func:`toolkit.suggestions.group_duplicates` compares.

        Examples
        --------
        >>> records, features = load_model().classify_with_features(["食堂太贵", "班车太早"])
        >>> [r["primary"] for r in records], features.shape[0]
        (['welfare', 'welfare'], 2)
        """
        check_is_fitted(self, "models_")
        full, kept = self.vectorizer_.transform_keep(_as_texts(texts))
        return self._records(*self._scores_of(full, kept)), full

    def _records(self, proba: np.ndarray, primary_scores: np.ndarray) -> list[dict]:
        primaries = primary_scores.argmax(axis=1)
        records = []
        for row, best in zip(proba, primaries, strict=True):
            order = np.argsort(-row)
            primary = self.classes_[best]
            themes = [self.classes_[j] for j in order if row[j] >= self.thresholds_[j]]
            if primary not in themes:
                themes.insert(0, primary)
            record = {"themes": [str(t) for t in themes], "primary": str(primary)}
            record.update({f"score_{t}": round(float(p), 4) for t, p in zip(self.classes_, row,
                                                                            strict=True)})
            records.append(record)
        return records

    # -- explanations -------------------------------------------------------------------

    def top_features(self, n: int = 15):
        """The ``n`` features with the largest positive weight per theme (a DataFrame).

        Columns: ``theme``, ``feature``, ``weight``, ``rank``.
        """
        import pandas as pd

        check_is_fitted(self, "models_")
        names = self.vectorizer_.get_feature_names_out()
        rows = []
        for theme, model in zip(self.classes_, self.models_, strict=True):
            coef = model.coef_.ravel()
            for rank, j in enumerate(np.argsort(-coef)[:n], start=1):
                rows.append({"theme": theme, "feature": names[j], "weight": float(coef[j]),
                             "rank": rank})
        return pd.DataFrame(rows, columns=["theme", "feature", "weight", "rank"])

    def explain(self, text: str, n: int = 8):
        """For one text, the features that pushed each theme's score up (a DataFrame).

        Columns: ``theme``, ``feature``, ``contribution`` (weight × feature value), ``score``.
        """
        import pandas as pd

        check_is_fitted(self, "models_")
        x = self.vectorizer_.transform([text]).tocsr()
        names = self.vectorizer_.get_feature_names_out()
        proba = self.predict_proba([text])[0]
        rows = []
        for k, (theme, model) in enumerate(zip(self.classes_, self.models_, strict=True)):
            contrib = x.multiply(model.coef_).tocsr()
            idx = contrib.indices[np.argsort(-contrib.data)][:n]
            for j in idx:
                value = contrib[0, j]
                if value > 0:
                    rows.append({"theme": theme, "feature": names[j],
                                 "contribution": float(value), "score": float(proba[k])})
        frame = pd.DataFrame(rows, columns=["theme", "feature", "contribution", "score"])
        return frame.sort_values(["score", "contribution"], ascending=False, ignore_index=True)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.target_tags.multi_output = True
        tags.classifier_tags.multi_label = True
        return tags


_SENTENCE = re.compile(r"[。！？!?\n]")
_CLAUSE = re.compile(r"[，,；;、\s]")


def lead_of(text: str) -> str:
    """The lead of a text: its first sentence (a headline line counts), or the first clause
    when the text is a single sentence.

    Examples
    --------
    >>> lead_of("工会帮农民工讨回欠薪。还送去了慰问品。")
    '工会帮农民工讨回欠薪'
    >>> lead_of("食堂太贵 菜也少")
    '食堂太贵'
    """
    first = _first_piece(_SENTENCE, text)
    if len(first) >= 0.9 * len(text.strip()):
        first = _first_piece(_CLAUSE, text)
    return first.strip()


def _first_piece(separators: re.Pattern, text: str) -> str:
    """The first non-blank piece of ``text`` between ``separators`` (``text`` when none is),
    found without splitting the rest of a long document."""
    start = 0
    for match in separators.finditer(text):
        if text[start:match.start()].strip():
            return text[start:match.start()]
        start = match.end()
    return text[start:] if text[start:].strip() else text


def _best_threshold(scores: np.ndarray, truth: np.ndarray) -> float:
    """The probability threshold that maximises F1 on out-of-fold scores."""
    best, best_f1 = 0.5, -1.0
    for threshold in np.arange(0.10, 0.91, 0.025):
        pred = scores >= threshold
        tp = float(np.sum(pred & (truth == 1)))
        fp = float(np.sum(pred & (truth == 0)))
        fn = float(np.sum(~pred & (truth == 1)))
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f1 > best_f1 + 1e-9:
            best, best_f1 = float(threshold), f1
    return round(best, 3)


class KeywordThemeClassifier(ClassifierMixin, BaseEstimator):
    """Baseline: a theme is present when one of its taxonomy keywords occurs; the primary is
    the theme with most keyword hits. Nothing is learned (``fit`` only records the classes).

    Examples
    --------
    >>> KeywordThemeClassifier().fit(["x"], [["rights"]]).predict_primary(["追回欠薪80万元"])[0]
    'rights'
    """

    def __init__(self, *, keywords=None):
        self.keywords = keywords

    def fit(self, X, y=None):
        self.features_ = KeywordFeatures(keywords=self.keywords).fit(X)
        self.classes_ = np.asarray(self.features_.themes_, dtype=object)
        return self

    def predict_proba(self, X):
        check_is_fitted(self, "features_")
        counts = self.features_.transform(X).toarray()
        total = counts.sum(axis=1, keepdims=True)
        return np.divide(counts, total, out=np.zeros_like(counts), where=total > 0)

    def predict(self, X):
        proba = self.predict_proba(X)
        out = (proba > 0).astype(int)
        out[np.arange(len(proba)), proba.argmax(axis=1)] = 1
        return out

    def predict_primary(self, X):
        return self.classes_[self.predict_proba(X).argmax(axis=1)]


# --------------------------------------------------------------------------- persistence
# A model file is a NumPy .npz archive of plain arrays (vocabularies, IDF weights, coefficients,
# thresholds) plus a JSON header, read with ``allow_pickle=False``: loading runs no code from
# the file, and a pickle is refused. The estimator is rebuilt from its parameters.

DEFAULT_MODEL = "themes_model.npz"
MODEL_FORMAT = "labor-text-themes/3"


def save_model(model: ThemeClassifier, path: str | os.PathLike) -> None:
    """Write a fitted ``model`` as a .npz archive (atomically: a temporary file, a rename)."""
    import tempfile

    check_is_fitted(model, "models_")
    params = model.get_params()
    if params.pop("tokenizer") is not None:
        raise ValueError("only models with the default tokenizer can be saved")
    features = model.vectorizer_
    arrays = {}
    for name, vocab, idf in (("words", features.words_, features.word_idf_),
                             ("chars", features.chars_, features.char_idf_)):
        arrays[f"{name}_terms"] = np.asarray(sorted(vocab, key=vocab.get), dtype=str)
        arrays[f"{name}_idf"] = idf
    arrays["coef"] = np.vstack([m.coef_.ravel() for m in model.models_])
    arrays["intercept"] = np.asarray([m.intercept_[0] for m in model.models_])
    arrays["primary_coef"] = model.primary_model_.coef_
    arrays["primary_intercept"] = model.primary_model_.intercept_
    arrays["primary_classes"] = np.asarray(model.primary_model_.classes_, dtype=str)
    arrays["thresholds"] = np.asarray(model.thresholds_, dtype=float)
    header = {"format": MODEL_FORMAT, "params": params,
              "classes": [str(c) for c in model.classes_],
              "keywords": ({t: list(w) for t, w in zip(features.keywords_.themes_,
                                                       features.keywords_.keywords_, strict=True)}
                           if features.keywords_ is not None else None)}
    arrays["header"] = np.asarray(json.dumps(header, ensure_ascii=False))
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".npz", dir=path.parent)
    os.close(fd)
    try:
        with open(tmp, "wb") as fh:
            np.savez_compressed(fh, **arrays)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _read_model(path: str) -> ThemeClassifier:
    import zipfile

    if not os.path.exists(path):
        raise ToolkitError(f"{path}: model file not found")
    with open(path, "rb") as fh:
        head = fh.read(4)
    if head[:1] == b"\x80":
        raise ToolkitError(f"{path}: this is a pickle; pickles are refused because loading "
                           "one can run code (use a .npz model from `train`)")
    if head != b"PK\x03\x04":
        raise ToolkitError(f"{path}: not a model file (expected a .npz file from `train`)")
    try:
        with np.load(path, allow_pickle=False) as archive:
            header = json.loads(str(archive["header"]))
            if header.get("format") != MODEL_FORMAT:
                raise ToolkitError(f"{path}: not a theme model ({header.get('format')!r})")
            arrays = {k: archive[k] for k in archive.files if k != "header"}
    except ToolkitError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError) as exc:
        raise ToolkitError(f"{path}: not a readable model file ({type(exc).__name__})") from exc
    return _rebuild(header, arrays)


def _rebuild(header: dict, arrays: dict) -> ThemeClassifier:
    model = ThemeClassifier(**header["params"])
    features = model.vectorizer_ = model._features()
    features.words_ = {t: i for i, t in enumerate(arrays["words_terms"].tolist())}
    features.chars_ = {t: i for i, t in enumerate(arrays["chars_terms"].tolist())}
    features.word_idf_, features.char_idf_ = arrays["words_idf"], arrays["chars_idf"]
    features.keywords_ = (KeywordFeatures(keywords=header["keywords"]).fit([""])
                          if header["keywords"] else None)
    features.n_features_in_ = 1
    model.classes_ = np.asarray(header["classes"], dtype=object)
    model.thresholds_ = arrays["thresholds"]
    model.models_ = []
    for j in range(len(model.classes_)):
        lr = LogisticRegression(C=model.C, class_weight="balanced", solver="liblinear")
        lr.classes_ = np.asarray([0, 1])
        lr.coef_ = arrays["coef"][j:j + 1]
        lr.intercept_ = arrays["intercept"][j:j + 1]
        lr.n_features_in_ = arrays["coef"].shape[1]
        model.models_.append(lr)
    primary = LogisticRegression(C=model.primary_C, max_iter=3000)
    primary.classes_ = arrays["primary_classes"].astype(object)
    primary.coef_ = arrays["primary_coef"]
    primary.intercept_ = arrays["primary_intercept"]
    primary.n_features_in_ = arrays["primary_coef"].shape[1]
    model.primary_model_ = primary
    model.n_features_in_ = 1
    return model


@functools.lru_cache(maxsize=4)
def _cached_model(path: str) -> ThemeClassifier:
    return _read_model(path)


def default_model_path() -> str:
    return str(files("toolkit.data").joinpath(DEFAULT_MODEL))


def load_model(path: str | os.PathLike | None = None) -> ThemeClassifier:
    """Load a theme model (default: the shipped one), once per process and path.

    Raises :class:`~toolkit.errors.ToolkitError` for a missing file, a pickle, or a file
    that is not a model.

    Examples
    --------
    >>> load_model().classes_.tolist()[:2]
    ['skills', 'welfare']
    """
    return _cached_model(os.path.abspath(os.fspath(path)) if path else default_model_path())


def document_text(doc: dict) -> str:
    """What the classifier reads of a document record: its headline (when ``split`` found
    one; the annotation guide takes a news item's point from it) and its text.

    Examples
    --------
    >>> document_text({"headline": "日照追回欠薪", "text": "已帮劳动者追回欠薪80余万元。"})
    '日照追回欠薪\\n已帮劳动者追回欠薪80余万元。'
    """
    headline = doc.get("headline")
    text = doc.get("text") or ""
    return f"{headline}\n{text}" if isinstance(headline, str) and headline else text


def classify(text: str, *, model: ThemeClassifier | None = None) -> dict:
    """Themes of one text: ``{"themes": [...], "primary": ..., "score_<id>": ...}``.

    Examples
    --------
    >>> classify("车间排烟设备坏了一个月 焊烟太呛")["primary"]
    'safety'
    """
    return (model or load_model()).classify(text)


def classify_frame(docs, *, model: ThemeClassifier | None = None, text_col: str = "text"):
    """Classify a DataFrame (or records): its columns plus ``themes``, ``primary``, scores.

    Examples
    --------
    >>> import pandas as pd
    >>> classify_frame(pd.DataFrame({"text": ["食堂饭菜太贵了"]}))["primary"].tolist()
    ['welfare']
    """
    import pandas as pd

    frame = docs if isinstance(docs, pd.DataFrame) else pd.DataFrame.from_records(list(docs))
    model = model or load_model()
    records = model.classify_many(frame[text_col].fillna("").astype(str).tolist()) \
        if len(frame) else []
    result = pd.DataFrame.from_records(
        records, columns=["themes", "primary", *[f"score_{t}" for t in model.classes_]])
    return pd.concat([frame.reset_index(drop=True), result], axis=1)


# --------------------------------------------------------------------------- evaluation


def read_labelled(path: str | os.PathLike) -> list[dict]:
    """Labelled items (``text``, ``themes``, optional ``primary`` and ``type``) from JSONL."""
    from .io import read_documents

    items = []
    for doc in read_documents([path]):
        if "error" in doc:
            raise ToolkitError(doc["error"])
        themes = doc.get("themes")
        if not isinstance(themes, list) or not themes:
            raise ToolkitError(f"{path}: item {doc['id']} has no 'themes' list")
        unknown = set(themes) - set(THEMES)
        if unknown:
            raise ToolkitError(f"{path}: item {doc['id']} has unknown themes {sorted(unknown)}")
        doc.setdefault("primary", themes[0])
        items.append(doc)
    return items


def evaluate(model, items: list[dict]) -> dict:
    """Per-theme precision/recall/F1, macro-F1, primary accuracy and the confusion matrix
    of primaries, for all items and for each ``type`` separately.

    Examples
    --------
    >>> items = [{"text": "追回欠薪", "themes": ["rights"], "primary": "rights"}]
    >>> evaluate(load_model(), items)["all"]["primary_accuracy"]
    1.0
    """
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

    def score(subset):
        texts = [it["text"] for it in subset]
        truth = MultiLabelBinarizer(classes=list(THEMES)).fit_transform(
            [it["themes"] for it in subset])
        if hasattr(model, "predict_with_primary"):  # one pass instead of two
            pred, primary = model.predict_with_primary(texts)
        else:
            pred, primary = model.predict(texts), model.predict_primary(texts)
        gold_primary = [it["primary"] for it in subset]
        p, r, f, support = precision_recall_fscore_support(truth, pred, zero_division=0)
        per_theme = {t: {"precision": float(p[j]), "recall": float(r[j]), "f1": float(f[j]),
                         "support": int(support[j])} for j, t in enumerate(THEMES)}
        matrix = confusion_matrix(gold_primary, primary, labels=list(THEMES))
        return {"items": len(subset), "per_theme": per_theme,
                "macro_f1": float(np.mean(f)),
                "primary_accuracy": float(np.mean(np.asarray(gold_primary) == primary)),
                "confusion": matrix.tolist()}

    report = {"all": score(items)}
    for kind in sorted({it.get("type") for it in items if it.get("type")}):
        report[kind] = score([it for it in items if it.get("type") == kind])
    return report


def format_report(report: dict, *, title: str = "") -> str:
    """The evaluation report as text tables (what ``evaluate`` prints)."""
    lines = [title] if title else []
    for part, figures in report.items():
        lines.append(f"\n== {part}: {figures['items']} items, macro-F1 "
                     f"{figures['macro_f1']:.3f}, primary accuracy "
                     f"{figures['primary_accuracy']:.3f}")
        lines.append(f"{'theme':<12}{'precision':>10}{'recall':>8}{'F1':>8}{'support':>9}")
        for theme, row in figures["per_theme"].items():
            lines.append(f"{theme:<12}{row['precision']:>10.3f}{row['recall']:>8.3f}"
                         f"{row['f1']:>8.3f}{row['support']:>9d}")
        lines.append("confusion of primaries (rows: gold, columns: predicted)")
        lines.append(" " * 12 + "".join(f"{t[:5]:>6}" for t in THEMES))
        for theme, row in zip(THEMES, figures["confusion"], strict=True):
            lines.append(f"{theme:<12}" + "".join(f"{v:>6d}" for v in row))
    return "\n".join(lines)


def train(items: list[dict], **params) -> ThemeClassifier:
    """Fit a :class:`ThemeClassifier` on labelled items."""
    model = ThemeClassifier(**params)
    return model.fit([it["text"] for it in items], [it["themes"] for it in items])


def train_command(args) -> int:
    items = read_labelled(args.labelled)
    model = train(items, random_state=args.seed)
    save_model(model, args.output)
    print(f"trained on {len(items)} items; thresholds "
          + ", ".join(f"{t}={th:.2f}" for t, th in zip(model.classes_, model.thresholds_,
                                                      strict=True))
          + f"; written to {args.output}", file=sys.stderr)
    return 0


def evaluate_command(args) -> int:
    model = load_model(args.model)
    items = read_labelled(args.labelled)
    report = evaluate(model, items)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print(format_report(report, title=f"{args.labelled}: {len(items)} items"))
    return 0

