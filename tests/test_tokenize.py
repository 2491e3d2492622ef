import pickle

import pytest

from tests.conftest import CORPUS, shared_or_skip
from toolkit.tokenize import Tokenizer, fold_width, get_tokenizer, load_stopwords, tokenize


@pytest.fixture(scope="module")
def tok():
    return get_tokenizer()


@pytest.mark.parametrize(("text", "expected"), [
    ("追回欠薪80余万元", ["追回", "欠薪", "80余万", "元"]),
    ("有科技型中小企业2000余家", ["有", "科技型", "中小企业", "2000余", "家"]),
    ("全县技能人才已达11.43万人", ["全县", "技能", "人才", "已", "达", "11.43万", "人"]),
    ("知晓率从原来的30%上升至90%以上", ["知晓率", "从", "原来", "的", "30%", "上升", "至", "90%", "以上"]),
    ("共有1,036名新就业形态劳动者", ["共", "有", "1,036", "名", "新就业形态劳动者"]),
    ("2024年9月23日启动", ["2024年", "9月", "23日", "启动"]),
    ("三千五百名职工", ["三千五百", "名", "职工"]),
    ("在工会驿站歇脚", ["在", "工会驿站", "歇脚"]),
    ("开展劳动争议调解", ["开展", "劳动争议调解"]),
    ("沈阳盘古公司职工王晶晶说", ["沈阳", "盘古", "公司", "职工", "王晶晶", "说"]),
    ("李光金等27名退休职工", ["李光金", "等", "27", "名", "退休", "职工"]),
    ("一线职工统一入会", ["一线", "职工", "统一", "入会"]),
    ("辽宁省沈阳市和平区", ["辽宁省", "沈阳市", "和平区"]),
    ("企业入会率达到九成", ["企业", "入会率", "达到", "九成"]),
])
def test_domain_segmentation(tok, text, expected):
    assert tok(text) == expected


@pytest.mark.parametrize(("text", "name"), [
    ("据徐秀兰介绍", "徐秀兰"),          # a run of single characters after a preposition
    ("班组长赵立新带领大家", "赵立新"),  # a role word ending in 长 introduces a person
    ("职工王红霞", "王红霞"),            # jieba knows 红霞 as a given name
    ("李国庆说", "李国庆"),              # 国庆 is a word, but 说 follows a person
    ("挡车工刘秀梅十年如一日", "刘秀梅"),  # a numeral ends the name
])
def test_person_names_stay_whole(tok, text, name):
    assert name in tok(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("两个人干三个人的活", ["两", "个", "人", "干", "三", "个", "人", "的", "活"]),
    ("一天才发一个", ["一", "天", "才", "发", "一", "个"]),
    ("未发生一起欠薪事件", ["未", "发生", "一", "起", "欠薪", "事件"]),
    ("大家一起参加", ["大家", "一起", "参加"]),
    ("每月休息不少于4天", ["每月", "休息", "不", "少于", "4", "天"]),
    ("海北州总工会", ["海北州", "总工会"]),
    ("拿到工资", ["拿", "到", "工资"]),
    ("食堂太贵吃不完", ["食堂", "太", "贵", "吃", "不", "完"]),
    ("起重机司机", ["起重机", "司机"]),
    ("90后青年", ["90后", "青年"]),
])
def test_pku_conventions_and_context_rules(tok, text, expected):
    assert tok(text) == expected


@pytest.mark.parametrize(("text", "token"), [
    ("新建３００家工会驿站", "３００"),
    ("补贴２０％", "２０％"),
    ("提高2.5个百分点", "2.5"),
])
def test_full_width_numbers_stay_whole_and_as_written(tok, text, token):
    assert token in tok(text)


def test_tokens_are_slices_of_the_original_text(tok):
    text = "新建３００家工会驿站，覆盖會員１２００余人。"
    for token, start, end in tok.cut_with_offsets(text):
        assert text[start:end] == token
    assert "".join(t for t, _, _ in tok.cut_with_offsets(text)) == text.replace(" ", "")


def test_traditional_characters_match_the_lexicon_when_asked():
    text = "工會驛站為新就業形態勞動者服務"
    assert Tokenizer()(text) != Tokenizer(to_simplified=True)(text)
    assert "工會驛站" in Tokenizer(to_simplified=True)(text)


def test_fold_width_keeps_length():
    assert fold_width("３００元，ＨＲ") == "300元,HR"
    assert len(fold_width("　１２")) == 3


def test_stopwords_are_kept_by_default_and_dropped_on_request():
    text = "职工的工资被拖欠了"
    assert "的" in tokenize(text)
    assert "的" not in tokenize(text, stopwords="default")
    assert "本报讯" in load_stopwords("domain")


def test_pos_tags_align_with_tokens(tok):
    tokens, tags = tokenize("新建工会驿站22家，2024年9月起运行", pos=True)
    assert tokens == tok("新建工会驿站22家，2024年9月起运行")
    assert len(tokens) == len(tags)
    assert dict(zip(tokens, tags, strict=True))["22"] == "m"
    assert dict(zip(tokens, tags, strict=True))["2024年"] == "t"


def test_pickle_carries_configuration_not_the_dictionary():
    tok = Tokenizer(user_words=["温茶闲语"], hmm=False)
    blob = pickle.dumps(tok)
    assert len(blob) < 2000
    clone = pickle.loads(blob)
    assert clone == tok
    assert "温茶闲语" in clone("推出温茶闲语活动")


def test_user_words_do_not_leak_into_other_tokenizers():
    special = Tokenizer(user_words=["温茶闲语"])
    assert "温茶闲语" in special("推出温茶闲语活动")
    assert "温茶闲语" not in Tokenizer()("推出温茶闲语活动")


def test_the_shared_jieba_tokenizer_is_never_touched():
    import jieba

    jieba.dt.initialize()  # load jieba's global dictionary so there is something to compare
    size, total = len(jieba.dt.FREQ), jieba.dt.total
    Tokenizer(user_words=["某某专用词"])("某某专用词")
    Tokenizer()("陕西已建成7126个工会驿站")  # lexicon words and the PKU split list
    assert "某某专用词" not in jieba.dt.FREQ and "工会驿站" not in jieba.dt.FREQ
    assert (len(jieba.dt.FREQ), jieba.dt.total) == (size, total)
    assert jieba.dt.FREQ.get("钢铁企业", 0) > 0  # still whole in jieba's own dictionary


def test_dictionary_is_built_once_per_configuration():
    assert Tokenizer().engine is Tokenizer().engine
    assert Tokenizer(stopwords="default").engine is Tokenizer().engine
    assert Tokenizer(user_words=["温茶闲语"]).engine is not Tokenizer().engine
    assert get_tokenizer() is get_tokenizer()


# --- segmentation figures (floors just below what benchmarks/segmentation.py measures)

def _f1(path, segmenter):
    from benchmarks.segmentation import read_gold
    from toolkit.scoring import segmentation_prf

    gold = read_gold(path)
    return segmentation_prf(gold, [segmenter("".join(words)) for words in gold])["f1"]


def test_domain_gold_test_split_f1(tok):
    assert _f1(CORPUS / "segmentation" / "test.txt", tok) >= 0.965


@pytest.mark.parametrize(("name", "floor"), [("pku", 0.91), ("msr", 0.87)])
def test_sighan_f1_beats_plain_jieba(tok, name, floor):
    import jieba

    path = shared_or_skip("segmentation", "sighan2005", f"{name}_test_gold.utf8")
    ours = _f1(path, tok)
    assert ours >= floor
    assert ours > _f1(path, jieba.Tokenizer().lcut)


# --- the optional Rust backend

def test_rjieba_backend_gives_the_default_tokens_on_the_seed_page(tok):
    pytest.importorskip("rjieba")
    import rjieba

    fast = Tokenizer(backend="rjieba")
    assert isinstance(fast.engine.fast, rjieba.Jieba)  # the Rust engine really cuts
    page = (CORPUS / "seed" / "000_0a4464932e09dc1c.txt").read_text(encoding="utf-8")
    for paragraph in filter(None, page.splitlines()):
        assert fast(paragraph) == tok(paragraph)
        assert "".join(fast.cut_all(paragraph)) == paragraph
    assert pickle.loads(pickle.dumps(fast)).backend == "rjieba"


def test_unknown_backend_is_refused():
    with pytest.raises(ValueError, match="backend must be one of"):
        Tokenizer(backend="pkuseg")("工会")
