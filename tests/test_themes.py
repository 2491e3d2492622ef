import numpy as np
import pytest
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline
from sklearn.utils.estimator_checks import (
    check_get_params_invariance,
    check_no_attributes_set_in_init,
    parametrize_with_checks,
)

from tests.conftest import CORPUS, shared_or_skip
from toolkit.themes import (
    THEMES,
    KeywordThemeClassifier,
    ThemeClassifier,
    classify,
    classify_frame,
    evaluate,
    lead_of,
    load_model,
    read_labelled,
    save_model,
)

SMALL = [("三个月没发工资了", ["rights"]), ("食堂饭菜太贵", ["welfare"]),
         ("想报名焊工技能培训", ["skills"]), ("职代会什么时候开", ["democracy"]),
         ("外包工能入会吗", ["organizing"]), ("改个夹具能省一半时间", ["innovation"]),
         ("车间排烟坏了太呛", ["safety"]), ("支部学习能不能生动点", ["party"])] * 4


@pytest.fixture(scope="module")
def model():
    return load_model()


@pytest.fixture(scope="module")
def test_items():
    return read_labelled(CORPUS / "themes" / "test.jsonl")


@pytest.mark.parametrize(("text", "primary"), [
    ("三个月没发工资了 找谁", "rights"),
    ("車間排煙設備壞了一個月 焊煙太嗆", "safety"),
    ("食堂晚上八点就关门 夜班的吃不上饭", "welfare"),
    ("能不能开个职代会说说绩效方案", "democracy"),
    ("新来的快递员怎么入会", "organizing"),
    ("我改了个工装夹具 换型时间省一半", "innovation"),
    ("想考电工证 厂里能组织培训吗", "skills"),
    ("劳模宣讲团走进车间讲述奋斗故事", "party"),
])
def test_classify_short_texts(model, text, primary):
    record = classify(text, model=model)
    assert record["primary"] == primary
    assert record["primary"] in record["themes"]
    assert set(record) == {"themes", "primary", *[f"score_{t}" for t in THEMES]}


def test_seed_articles_primary_themes(model, seed_articles):
    by_headline = {a["headline"]: classify(a["headline"] + "\n" + a["text"], model=model)
                   for a in seed_articles}
    assert by_headline["民主管理“三微”让职工意见“有处说、愿意说”"]["primary"] == "democracy"
    assert by_headline["日照市总发“提示函”治理欠薪 已帮劳动者追回欠薪80余万元"]["primary"] == "rights"
    assert by_headline["北京经开区举办职工“五小”创新成果竞赛"]["primary"] == "innovation"
    assert by_headline["河北蠡县:为困难职工织密服务网"]["primary"] == "welfare"


def test_evaluation_floors_on_the_test_split(model, test_items):
    """Floors just below what `python -m toolkit evaluate corpus/themes/test.jsonl` measures."""
    report = evaluate(model, test_items)
    assert report["all"]["macro_f1"] >= 0.90
    assert report["news"]["macro_f1"] >= 0.92
    assert report["suggestion"]["macro_f1"] >= 0.90
    assert report["all"]["primary_accuracy"] >= 0.895


def test_model_beats_the_keyword_baseline(model, test_items):
    baseline = KeywordThemeClassifier().fit(["x"], [["rights"]])
    ours = evaluate(model, test_items)["all"]["macro_f1"]
    theirs = evaluate(baseline, test_items)["all"]["macro_f1"]
    assert ours > theirs + 0.1


def test_cross_author_set():
    path = shared_or_skip("themes-crossauthor", "items.jsonl")
    report = evaluate(load_model(), read_labelled(path))
    assert report["all"]["macro_f1"] >= 0.88
    assert report["all"]["primary_accuracy"] >= 0.92


@parametrize_with_checks([ThemeClassifier(cv=2)])
def test_scikit_learn_estimator_checks(estimator, check):
    # scikit-learn runs only the checks that apply to an estimator whose input is text (its
    # tags say string input); the checks that feed numeric arrays are skipped by it.
    check(estimator)


def test_estimator_follows_scikit_learn_conventions():
    clf = ThemeClassifier(C=3.0)
    check_no_attributes_set_in_init("ThemeClassifier", clf)
    check_get_params_invariance("ThemeClassifier", clf)
    assert clone(clf).get_params() == clf.get_params()


def test_fit_predict_in_a_pipeline_and_grid_search():
    texts, labels = zip(*SMALL, strict=True)
    pipe = Pipeline([("clf", ThemeClassifier(cv=2))])
    pipe.fit(list(texts), list(labels))
    assert pipe.predict(["食堂饭菜太贵"]).shape == (1, 8)
    assert set(pipe.named_steps["clf"].classes_) == set(THEMES)
    search = GridSearchCV(ThemeClassifier(cv=2), {"C": [1.0, 10.0]}, cv=2,
                          scoring="f1_macro")
    search.fit(list(texts), np.asarray([[int(t in lab) for t in THEMES] for lab in labels]))
    assert search.best_params_["C"] in (1.0, 10.0)


def test_fit_refuses_unknown_themes():
    with pytest.raises(ValueError, match="unknown theme"):
        ThemeClassifier(cv=2).fit(["a", "b"], [["wages"], ["rights"]])


def test_save_and_load_roundtrip(tmp_path, model):
    path = tmp_path / "m.npz"
    save_model(model, path)
    again = load_model(path)
    texts = ["三个月没发工资了", "车间排烟坏了"]
    assert np.allclose(again.predict_proba(texts), model.predict_proba(texts))
    assert list(again.predict_primary(texts)) == list(model.predict_primary(texts))


def test_explanations(model):
    top = model.top_features(5)
    assert set(top["theme"]) == set(THEMES) and len(top) == 40
    why = model.explain("工资拖欠三个月了")
    assert why.iloc[0]["theme"] == "rights"
    assert any("工资" in f for f in why["feature"])


def test_lead_is_the_first_sentence_or_clause():
    assert lead_of("工会帮农民工讨回欠薪。还送去了慰问品。") == "工会帮农民工讨回欠薪"
    assert lead_of("食堂太贵 菜也少") == "食堂太贵"


def test_classify_frame_keeps_document_variables(model):
    import pandas as pd

    frame = classify_frame(pd.DataFrame({"id": ["a"], "unit": ["焊接车间"],
                                         "text": ["排烟坏了"]}), model=model)
    assert list(frame.columns[:3]) == ["id", "unit", "text"]
    assert frame.loc[0, "primary"] == "safety"


def test_shipped_model_is_what_make_model_trains(tmp_path):
    """The shipped model must be retrained when the corpus or the tokenizer changes."""
    from toolkit.cli import main

    fresh = tmp_path / "model.npz"
    assert main(["train", str(CORPUS / "themes" / "train.jsonl"), "-o", str(fresh)]) == 0
    from toolkit.themes import default_model_path

    with np.load(fresh) as a, np.load(default_model_path()) as b:
        assert sorted(a.files) == sorted(b.files)
        for key in a.files:
            assert np.array_equal(a[key], b[key]), f"{key} differs: run `make model`"
