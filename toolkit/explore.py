"""Research helpers over tokens: keyword in context, document-term matrices, keywords,
keyness, collocations and topics — quanteda's and scikit-learn's vocabulary, as DataFrames.

Every function takes ``docs``: a list of strings, a list of ``{"id", "text"}`` records, a
pandas Series (its index gives the ids) or a DataFrame with a ``text`` column (and ``id``).
Importing this module also registers the pandas accessor ``.labor`` on Series of texts::

    import toolkit.explore
    df["text"].labor.tokens()
    df["text"].labor.keywords(top=5)
"""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np
import pandas as pd

from .tokenize import Tokenizer, get_tokenizer

__all__ = ["kwic", "term_vectorizer", "document_term_matrix", "keywords", "keyness",
           "collocations", "topics", "LaborAccessor"]

# Parts of speech that carry content (jieba tags): nouns, verbal nouns, verbs, place/org names.
CONTENT_TAGS = ("n", "nr", "ns", "nt", "nz", "vn", "v", "l", "j", "i", "eng")


def _docs(docs) -> tuple[list, list[str]]:
    """(ids, texts) from any of the accepted shapes."""
    if isinstance(docs, pd.DataFrame):
        texts = docs["text"].fillna("").astype(str).tolist()
        ids = docs["id"].tolist() if "id" in docs else docs.index.tolist()
        return ids, texts
    if isinstance(docs, pd.Series):
        return docs.index.tolist(), docs.fillna("").astype(str).tolist()
    if isinstance(docs, str):
        docs = [docs]
    docs = list(docs)
    if docs and isinstance(docs[0], dict):
        return [d.get("id", i) for i, d in enumerate(docs)], [d["text"] for d in docs]
    return list(range(len(docs))), [str(d) for d in docs]


@__import__("functools").lru_cache(maxsize=1)
def _content_tokenizer() -> Tokenizer:
    return Tokenizer(stopwords="default")


def _content_tokens(text: str, tokenizer: Tokenizer | None = None) -> list[str]:
    """Tokens worth counting: no stopwords, no punctuation or bare numbers."""
    tok = tokenizer or _content_tokenizer()
    return [t for t in tok(text) if len(t) > 1 and not _NOISE.fullmatch(t)]


_NOISE = re.compile(r"[\W\d_.%]+|[0-9.,%]+[余多万亿千百]*")


# --------------------------------------------------------------------------- kwic


def kwic(docs, pattern: str, *, window: int = 15, regex: bool = False) -> pd.DataFrame:
    """Keyword in context: every match of ``pattern`` with ``window`` characters each side.

    Characters rather than tokens, so a pattern may span words (工会驿站) or be part of one.
    Columns: ``doc_id``, ``start``, ``end``, ``left``, ``keyword``, ``right``.

    Examples
    --------
    >>> kwic(["新建工会驿站22家，工会驿站全天开放"], "工会驿站", window=4)[["left", "right"]].values.tolist()
    [['新建', '22家，'], ['22家，', '全天开放']]
    """
    regexp = re.compile(pattern if regex else re.escape(pattern))
    rows = []
    for doc_id, text in zip(*_docs(docs), strict=True):
        for match in regexp.finditer(text):
            start, end = match.span()
            rows.append({"doc_id": doc_id, "start": start, "end": end,
                         "left": text[max(0, start - window):start].replace("\n", " "),
                         "keyword": match.group(),
                         "right": text[end:end + window].replace("\n", " ")})
    return pd.DataFrame(rows, columns=["doc_id", "start", "end", "left", "keyword", "right"])


# --------------------------------------------------------------------------- matrices


def term_vectorizer(kind: str = "count", *, tokenizer=None, stopwords: str | None = "default",
                    **options):
    """A scikit-learn ``CountVectorizer`` or ``TfidfVectorizer`` that uses the toolkit's
    tokenizer (works in a ``Pipeline``; ``get_feature_names_out`` gives the words).

    Examples
    --------
    >>> vec = term_vectorizer()
    >>> _ = vec.fit(["工会驿站为职工服务", "职工之家"])
    >>> sorted(vec.get_feature_names_out())
    ['工会驿站', '服务', '职工', '职工之家']
    """
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

    cls = {"count": CountVectorizer, "tfidf": TfidfVectorizer}[kind]
    tokenizer = tokenizer or Tokenizer(stopwords=stopwords)
    return cls(tokenizer=tokenizer, token_pattern=None, lowercase=False, **options)


def document_term_matrix(docs, *, kind: str = "count", **options):
    """The document-term matrix of ``docs``: ``(matrix, feature_names, doc_ids)``.

    Examples
    --------
    >>> m, words, ids = document_term_matrix(["工会驿站", "工会驿站 职工之家"])
    >>> m.toarray().tolist(), list(words)
    ([[1, 0], [1, 1]], ['工会驿站', '职工之家'])
    """
    ids, texts = _docs(docs)
    vectorizer = term_vectorizer(kind, **options)
    matrix = vectorizer.fit_transform(texts)
    return matrix, vectorizer.get_feature_names_out(), ids


# --------------------------------------------------------------------------- keywords


def keywords(docs, *, top: int = 10, method: str = "tfidf", idf_docs=None,
             window: int = 5) -> pd.DataFrame:
    """Keywords per document. Columns: ``doc_id``, ``keyword``, ``score``, ``rank``.

    ``method="tfidf"``: term frequency × IDF learned from ``idf_docs`` (default: ``docs``).
    ``method="textrank"``: PageRank over a co-occurrence graph of content words (nouns,
    verbs, names) within ``window`` tokens, as jieba's TextRank, on the toolkit's tokens.

    Examples
    --------
    >>> kw = keywords(["欠薪 欠薪 工会 追回", "驿站 驿站 工会"], top=1)
    >>> kw["keyword"].tolist()
    ['欠薪', '驿站']
    """
    ids, texts = _docs(docs)
    rows = []
    if method == "tfidf":
        from sklearn.feature_extraction.text import TfidfVectorizer

        vectorizer = TfidfVectorizer(analyzer=_content_tokens, sublinear_tf=True)
        if idf_docs is None:
            matrix = vectorizer.fit_transform(texts).tocsr()  # one tokenization of the texts
        else:
            matrix = vectorizer.fit(_docs(idf_docs)[1]).transform(texts).tocsr()
        names = vectorizer.get_feature_names_out()
        for doc_id, row in zip(ids, matrix, strict=True):
            order = np.lexsort((names[row.indices], -row.data))[:top]
            for rank, k in enumerate(order, start=1):
                rows.append({"doc_id": doc_id, "keyword": names[row.indices[k]],
                             "score": round(float(row.data[k]), 4), "rank": rank})
    elif method == "textrank":
        tok = get_tokenizer()
        for doc_id, text in zip(ids, texts, strict=True):
            words = [w for w, tag in tok.pos(text)
                     if tag.startswith(CONTENT_TAGS) and len(w) > 1 and not _NOISE.fullmatch(w)]
            for rank, (word, score) in enumerate(_textrank(words, window)[:top], start=1):
                rows.append({"doc_id": doc_id, "keyword": word, "score": round(score, 4),
                             "rank": rank})
    else:
        raise ValueError(f"unknown method {method!r} (use 'tfidf' or 'textrank')")
    return pd.DataFrame(rows, columns=["doc_id", "keyword", "score", "rank"])


def _textrank(words: list[str], window: int, damping: float = 0.85,
              iterations: int = 50) -> list[tuple[str, float]]:
    vocab = sorted(set(words))
    if not vocab:
        return []
    index = {w: i for i, w in enumerate(vocab)}
    weights = np.zeros((len(vocab), len(vocab)))
    for i, word in enumerate(words):
        for other in words[i + 1:i + window]:
            if other != word:
                weights[index[word], index[other]] += 1
                weights[index[other], index[word]] += 1
    out_degree = weights.sum(axis=1)
    out_degree[out_degree == 0] = 1
    transition = weights / out_degree[:, None]
    score = np.full(len(vocab), 1.0 / len(vocab))
    for _ in range(iterations):
        score = (1 - damping) / len(vocab) + damping * transition.T @ score
    score = score / score.max()
    order = sorted(range(len(vocab)), key=lambda k: (-score[k], vocab[k]))
    return [(vocab[k], float(score[k])) for k in order]


# --------------------------------------------------------------------------- keyness


def keyness(target, reference, *, measure: str = "chi2", min_count: int = 2) -> pd.DataFrame:
    """Words over-represented in ``target`` documents compared with ``reference`` documents.

    Columns (as quanteda's ``textstat_keyness``): ``feature``, ``target``, ``reference``
    (counts), ``statistic`` (signed: negative when the word is rarer in the target),
    ``p_value``. ``measure`` is ``"chi2"`` (Pearson, 2×2, Yates-corrected) or ``"loglik"``
    (Dunning's G²).

    Examples
    --------
    >>> k = keyness(["欠薪 欠薪 欠薪 工会"], ["驿站 驿站 工会 工会"], min_count=1)
    >>> k.iloc[0]["feature"], bool(k.iloc[0]["statistic"] > 0)
    ('欠薪', True)
    """
    from scipy.stats import chi2

    a_counts = Counter(w for t in _docs(target)[1] for w in _content_tokens(t))
    b_counts = Counter(w for t in _docs(reference)[1] for w in _content_tokens(t))
    total_a, total_b = sum(a_counts.values()), sum(b_counts.values())
    rows = []
    for word in set(a_counts) | set(b_counts):
        a, b = a_counts[word], b_counts[word]
        if a + b < min_count:
            continue
        c, d = total_a - a, total_b - b
        n = a + b + c + d
        if measure == "chi2":
            numerator = n * max(abs(a * d - b * c) - n / 2, 0) ** 2
            denominator = (a + b) * (c + d) * (a + c) * (b + d)
            stat = numerator / denominator if denominator else 0.0
        elif measure == "loglik":
            stat = 0.0
            for observed, row, col in ((a, a + b, a + c), (b, a + b, b + d),
                                       (c, c + d, a + c), (d, c + d, b + d)):
                expected = row * col / n
                if observed:
                    stat += 2 * observed * math.log(observed / expected)
        else:
            raise ValueError(f"unknown measure {measure!r} (use 'chi2' or 'loglik')")
        sign = 1 if a / max(total_a, 1) >= b / max(total_b, 1) else -1
        rows.append({"feature": word, "target": a, "reference": b,
                     "statistic": sign * stat, "p_value": float(chi2.sf(stat, 1))})
    frame = pd.DataFrame(rows, columns=["feature", "target", "reference", "statistic",
                                        "p_value"])
    return frame.sort_values(["statistic", "feature"], ascending=[False, True],
                             ignore_index=True)


# --------------------------------------------------------------------------- collocations


def collocations(docs, *, min_count: int = 3, top: int | None = 30) -> pd.DataFrame:
    """Adjacent word pairs that occur together more than chance.

    Columns: ``collocation`` ("w1 w2"), ``count``, ``pmi`` (pointwise mutual information,
    log2), ``llr`` (Dunning's likelihood ratio G²), ``p_value``; sorted by ``llr``.

    Examples
    --------
    >>> c = collocations(["工会驿站 服务 职工"] * 3 + ["职工 服务"], min_count=2)
    >>> c.iloc[0]["collocation"]
    '服务 职工'
    """
    from scipy.stats import chi2

    bigrams: Counter = Counter()
    for text in _docs(docs)[1]:
        for sentence in re.split(r"[。！？!?\n；;]", text):
            words = _content_tokens(sentence)
            bigrams.update(zip(words, words[1:], strict=False))
    n = sum(bigrams.values())
    first: Counter = Counter()
    second: Counter = Counter()
    for (w1, w2), count in bigrams.items():
        first[w1] += count
        second[w2] += count
    rows = []
    for (w1, w2), count in bigrams.items():
        if count < min_count:
            continue
        c1, c2 = first[w1], second[w2]
        pmi = math.log2(count * n / (c1 * c2))
        table = ((count, c1 - count), (c2 - count, n - c1 - c2 + count))
        llr = 0.0
        for i, row in enumerate(table):
            for j, observed in enumerate(row):
                expected = (sum(table[i]) * (table[0][j] + table[1][j])) / n
                if observed > 0 and expected > 0:
                    llr += 2 * observed * math.log(observed / expected)
        rows.append({"collocation": f"{w1} {w2}", "count": count, "pmi": round(pmi, 4),
                     "llr": round(llr, 4), "p_value": float(chi2.sf(llr, 1))})
    frame = pd.DataFrame(rows, columns=["collocation", "count", "pmi", "llr", "p_value"])
    frame = frame.sort_values(["llr", "collocation"], ascending=[False, True], ignore_index=True)
    return frame.head(top) if top else frame


# --------------------------------------------------------------------------- topics


def topics(docs, *, n_topics: int = 8, method: str = "nmf", top: int = 10,
           random_state: int = 0, min_df: int = 2) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Topics for exploring themes the taxonomy lacks: NMF (TF-IDF) or LDA (counts).

    Returns ``(top_words, doc_topics)``: ``top_words`` has ``topic``, ``rank``, ``word``,
    ``weight``; ``doc_topics`` has one row per document (index = ids), one column per topic.

    Examples
    --------
    >>> words, mix = topics(["欠薪 工资 追回"] * 3 + ["驿站 休息 饮水"] * 3, n_topics=2)
    >>> sorted(words[words["rank"] == 1]["word"])
    ['休息', '工资']
    """
    from sklearn.decomposition import NMF, LatentDirichletAllocation
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

    ids, texts = _docs(docs)
    if method == "nmf":
        vectorizer = TfidfVectorizer(analyzer=_content_tokens, min_df=min_df)
        model = NMF(n_components=n_topics, random_state=random_state, init="nndsvda",
                    max_iter=500)
    elif method == "lda":
        vectorizer = CountVectorizer(analyzer=_content_tokens, min_df=min_df)
        model = LatentDirichletAllocation(n_components=n_topics, random_state=random_state)
    else:
        raise ValueError(f"unknown method {method!r} (use 'nmf' or 'lda')")
    matrix = vectorizer.fit_transform(texts)
    mix = model.fit_transform(matrix)
    names = vectorizer.get_feature_names_out()
    rows = []
    for k, weights in enumerate(model.components_):
        order = np.lexsort((names, -weights))[:top]
        for rank, j in enumerate(order, start=1):
            rows.append({"topic": k, "rank": rank, "word": names[j],
                         "weight": round(float(weights[j]), 4)})
    return (pd.DataFrame(rows, columns=["topic", "rank", "word", "weight"]),
            pd.DataFrame(mix, index=ids, columns=[f"topic_{k}" for k in range(n_topics)]))


# --------------------------------------------------------------------------- pandas accessor


@pd.api.extensions.register_series_accessor("labor")
class LaborAccessor:
    """``series.labor``: the toolkit's verbs on a Series of texts (index = document ids).

    Examples
    --------
    >>> s = pd.Series(["追回欠薪80余万元"], index=["d1"])
    >>> s.labor.tokens().tolist()
    [['追回', '欠薪', '80余万', '元']]
    """

    def __init__(self, series: pd.Series):
        self._series = series

    def tokens(self, **options) -> pd.Series:
        from .tokenize import tokenize

        return self._series.fillna("").map(lambda t: tokenize(t, **options))

    def keywords(self, **options) -> pd.DataFrame:
        return keywords(self._series, **options)

    def kwic(self, pattern: str, **options) -> pd.DataFrame:
        return kwic(self._series, pattern, **options)

    def themes(self) -> pd.DataFrame:
        from .themes import classify_frame

        frame = classify_frame(pd.DataFrame({"text": self._series.fillna("").tolist()}))
        frame.index = self._series.index
        return frame.drop(columns="text")

    def indicators(self) -> pd.DataFrame:
        from .indicators import indicators_frame

        docs = [{"id": i, "text": t} for i, t in self._series.fillna("").items()]
        return indicators_frame(docs)

    def places(self) -> pd.DataFrame:
        from .places import places_frame

        return places_frame([{"id": i, "text": t} for i, t in self._series.fillna("").items()])

