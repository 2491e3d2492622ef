import json

import pytest

from tests.conftest import CORPUS
from toolkit.corpus import articles_frame, split_page

PAGES = ["page_a", "page_b", "page_c"]


def test_seed_page_has_eight_articles_and_one_caption(seed_articles):
    kinds = [a["kind"] for a in seed_articles]
    assert kinds.count("article") == 8
    assert kinds.count("caption") == 1
    assert kinds[5] == "caption"


def test_seed_headlines_kickers_and_bylines(seed_articles):
    first = seed_articles[0]
    assert first["headline"] == "民主管理“三微”让职工意见“有处说、愿意说”"
    assert first["kicker"] == "沈阳市总推行“微公开、微建议、微对话”,探索小微企业民主管理工作新路径"
    assert first["byline"] == "本报讯(记者刘旭)"
    assert first["reporters"] == ["刘旭"]
    third = seed_articles[2]
    assert (third["kicker"], third["headline"]) == ("2025年两节“工会送温暖行动”", "一顿暖心的“团圆饭”")
    assert (third["reporters"], third["correspondents"]) == (["邹偶然"], ["罗有晗"])
    assert seed_articles[4]["correspondents"] == ["汤博洋"]
    assert seed_articles[8]["correspondents"] == ["张瑶", "李金权"]


def test_byline_prefix_is_not_in_the_text(seed_articles):
    assert seed_articles[0]["text"].startswith("“职工对企业决策的关心")
    assert not any(a["text"].startswith("本报讯") for a in seed_articles)


def test_column_break_is_joined(seed_articles):
    text = seed_articles[0]["text"]
    assert "百强区,现有科技型中小企业2000余家" in text
    assert "“微公开”发布的信息通俗易懂且及时,关心、参与企业管理的职工也越来越多" in text
    # A paragraph that stops on a verb continues in the next block (已达 / 11.43万人).
    assert "全县技能人才已达11.43万人,其中高技能人才达3.46万人" in seed_articles[8]["text"]


def test_caption_is_its_own_record_with_photographers(seed_articles):
    caption = seed_articles[5]
    assert caption["headline"] == "“司机之家”暖意浓"
    assert caption["photographers"] == ["祝盼", "毛浓曦"]
    assert caption["text"].endswith("有的用微波炉加热早餐。")
    assert "摄" not in caption["text"]


def test_continued_article_gets_its_dropped_headline(seed_articles):
    shaanxi = seed_articles[7]
    assert shaanxi["continued_from"] == "第1版"
    assert shaanxi["headline"] == "打好“联”字一张牌 画出最大同心圆"
    assert "508平方米的空间,建成工会驿站" in shaanxi["text"]
    assert "打好“联”字一张牌" not in shaanxi["text"]
    assert shaanxi["subheads"] == ["阵地联建", "服务联盟"]
    assert shaanxi["truncated"] is True


def test_duplicated_fragment_is_removed_once(seed_articles):
    text = seed_articles[7]["text"]
    assert text.count("之家”60多个。") == 1
    assert any("duplicated fragment" in r for r in seed_articles[7]["repairs"])


def test_box_dropped_between_halves_is_kept_after_the_joined_paragraph(seed_articles):
    zhong = seed_articles[8]
    assert "县委组织部每年将发展党员名额向产业工人倾斜" in zhong["text"]
    joined_at = zhong["text"].index("县委组织部每年")
    assert zhong["text"].index("近年来,重庆忠县通过党建引领") > joined_at
    assert zhong["kicker"] == "重庆忠县多措并举推进“产改”,培养壮大产业工人队伍——"
    assert zhong["subheads"] == ["党建引领提升产业工人获得感", "技能提升助推企业增产增效",
                                 "健全维权机制强化职工主人翁意识"]


def test_places_of_the_seed_articles(seed_articles):
    places = [a["place"] for a in seed_articles]
    assert places[0] == "沈阳市"
    assert places[1] is not None and "新疆" in places[1]
    assert places[3] in ("保定市", "蠡县")


@pytest.mark.parametrize("page", PAGES)
def test_pages_of_our_own_split_as_annotated(page):
    text = (CORPUS / "pages" / f"{page}.txt").read_text(encoding="utf-8")
    expected = json.loads((CORPUS / "pages" / f"{page}.expected.json").read_text("utf-8"))
    got = split_page(text, page_id=page, find_places=False)
    assert len(got) == len(expected["articles"])
    for want, have in zip(expected["articles"], got, strict=True):
        for key in ("kind", "headline", "kicker", "subtitle", "byline", "reporters",
                    "correspondents", "photographers", "continued_from", "subheads"):
            assert (have[key] or None) == (want[key] or None), (page, want["headline"], key)
        if want.get("dateline_place"):
            assert have["place"] == want["dateline_place"]
        assert have["text"].startswith(want["first_words"])
        assert have["text"].endswith(want["last_words"])
        for fragment in want["must_contain"]:
            assert fragment in have["text"], (page, fragment)
        for fragment in want["must_not_contain"]:
            assert fragment not in have["text"], (page, fragment)


def test_frame_has_one_row_per_record_with_length(seed_text):
    frame = articles_frame(seed_text, page_id="seed")
    assert len(frame) == 9
    assert {"id", "headline", "byline", "place", "length", "text"} <= set(frame.columns)
    assert (frame["length"] == frame["text"].str.len()).all()


def test_empty_page_gives_no_records():
    assert split_page("\n\n   \n") == []
