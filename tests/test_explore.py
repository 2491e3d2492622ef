"""Research helpers on the seed articles."""

import pandas as pd
import pytest
from sklearn.pipeline import Pipeline

import toolkit.explore  # noqa: F401  (registers the .labor accessor)
from toolkit.explore import (
    collocations,
    document_term_matrix,
    keyness,
    keywords,
    kwic,
    term_vectorizer,
    topics,
)


@pytest.fixture(scope="module")
def texts(seed_articles):
    return pd.Series({a["id"]: a["text"] for a in seed_articles})


def test_kwic_finds_every_mention_with_context(texts):
    hits = kwic(texts, "工会驿站", window=6)
    assert len(hits) == sum(t.count("工会驿站") for t in texts)
    row = hits[hits["doc_id"] == "seed-08"].iloc[-1]
    assert row["left"].endswith("7126个") and row["keyword"] == "工会驿站"


def test_document_term_matrix_in_a_pipeline(texts):
    matrix, words, ids = document_term_matrix(texts)
    assert matrix.shape == (len(texts), len(words)) and ids == list(texts.index)
    assert "工会驿站" in set(words) and "的" not in set(words)
    pipe = Pipeline([("dtm", term_vectorizer("tfidf", min_df=2))]).fit(texts)
    vocabulary = set(pipe.named_steps["dtm"].get_feature_names_out())
    assert "工会驿站" in vocabulary  # in three articles
    assert "蠡县" not in vocabulary  # in one article only, below min_df


@pytest.mark.parametrize(("method", "doc", "expected"), [
    ("tfidf", "seed-05", "提示函"),
    ("tfidf", "seed-04", "送温暖"),
    ("textrank", "seed-09", "产业工人"),
])
def test_keywords_per_article(texts, method, doc, expected):
    top = keywords(texts, top=5, method=method)
    assert expected in top[top["doc_id"] == doc]["keyword"].tolist()


def test_keyness_of_welfare_articles(texts):
    target = texts[["seed-03", "seed-04", "seed-06", "seed-08"]]
    result = keyness(target, texts.drop(target.index), min_count=3)
    top = result.head(5)
    assert {"货车", "司机"} <= set(top["feature"])
    assert (top["statistic"] > 0).all() and (top["p_value"] < 0.05).all()
    loglik = keyness(target, texts.drop(target.index), measure="loglik", min_count=3)
    assert loglik.iloc[0]["statistic"] > 0


def test_collocations_find_fixed_pairs(texts):
    pairs = collocations(texts, min_count=3, top=20)
    assert "产业工人 队伍" in pairs["collocation"].tolist() or "产业工人 获得感" in pairs[
        "collocation"].tolist()
    assert (pairs["llr"] >= 0).all()


def test_topics_are_deterministic(texts):
    a, mix = topics(texts, n_topics=3, top=5, random_state=0)
    b, _ = topics(texts, n_topics=3, top=5, random_state=0)
    assert a.equals(b)
    assert mix.shape == (len(texts), 3)


def test_pandas_accessor(texts):
    tokens = texts.labor.tokens()
    assert "80余万" in tokens["seed-05"]
    assert set(texts.labor.keywords(top=3)["doc_id"]) == set(texts.index)
    assert texts.labor.themes().loc["seed-05", "primary"] == "rights"
    assert "80余万元" in texts.labor.indicators()["span"].tolist()
    assert "辽宁省" in texts.labor.places()["province"].tolist()
