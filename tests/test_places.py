"""toolkit.places: place mentions on the seed page and on hand-made sentences."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.places import FIELDS, find_places, places_frame

SEED = Path(__file__).resolve().parents[1] / "corpus" / "seed" / "000_0a4464932e09dc1c.txt"


@pytest.fixture(scope="module")
def seed_records() -> list[dict]:
    if not SEED.is_file():
        pytest.skip(f"seed page not found at {SEED}")
    return find_places(SEED.read_text(encoding="utf-8"))


def _by_span(records: list[dict], span: str) -> list[dict]:
    found = [r for r in records if r["span"] == span]
    assert found, f"no record for {span}"
    return found


# -- the seed page ----------------------------------------------------------------------------


def test_seed_provinces_exactly(seed_records):
    assert {r["province"] for r in seed_records} == {
        "辽宁省", "新疆维吾尔自治区", "浙江省", "河北省", "山东省", "陕西省", "北京市", "重庆市",
    }


def test_seed_nothing_ambiguous(seed_records):
    assert not [r for r in seed_records if r["ambiguous"]]


@pytest.mark.parametrize(
    ("span", "province", "city", "county", "adcode"),
    [
        ("和平区", "辽宁省", "沈阳市", "和平区", "210102"),
        ("蠡县", "河北省", "保定市", "蠡县", "130635"),
        ("三原县", "陕西省", "咸阳市", "三原县", "610422"),
        ("北仑区", "浙江省", "宁波市", "北仑区", "330206"),
        ("忠县", "重庆市", "重庆市", "忠县", "500233"),
        ("咸阳", "陕西省", "咸阳市", None, "610400"),
        ("新疆", "新疆维吾尔自治区", None, None, "650000"),
        ("西安", "陕西省", "西安市", None, "610100"),
        ("日照市", "山东省", "日照市", None, "371100"),
        ("沈阳", "辽宁省", "沈阳市", None, "210100"),
        ("北京", "北京市", "北京市", None, "110000"),
    ],
)
def test_seed_resolution(seed_records, span, province, city, county, adcode):
    for record in _by_span(seed_records, span):
        assert (record["province"], record["city"], record["county"], record["adcode"]) == (
            province, city, county, adcode)


def test_seed_zhongguo_is_not_a_place(seed_records):
    text = SEED.read_text(encoding="utf-8")
    phrase = "中国县域科技创新百强区"
    start = text.index(phrase)
    inside = [r for r in seed_records if start <= r["start"] < start + len(phrase)]
    assert inside == []
    assert not [r for r in seed_records if "中国" in r["span"]]


def test_seed_nested_names_are_consecutive_mentions(seed_records):
    text = SEED.read_text(encoding="utf-8")
    start = text.index("河北省保定市蠡县")
    parts = [r for r in seed_records if start <= r["start"] < start + 8]
    assert [(r["span"], r["level"]) for r in parts] == [
        ("河北省", "province"), ("保定市", "city"), ("蠡县", "county")]
    assert [r["start"] for r in parts] == [start, start + 3, start + 6]


def test_seed_records_are_well_formed(seed_records):
    text = SEED.read_text(encoding="utf-8")
    for record in seed_records:
        assert tuple(record) == FIELDS
        assert text[record["start"]:record["end"]] == record["span"]


# -- sentences --------------------------------------------------------------------------------


def _summary(text: str, **kwargs) -> list[tuple]:
    return [(r["span"], r["province"], r["city"], r["county"], r["adcode"])
            for r in find_places(text, **kwargs)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a district name in two cities, settled by an earlier or an adjacent place
        ("北京市总工会在朝阳区举办活动", [("北京市", "北京市", "北京市", None, "110000"),
                                ("朝阳区", "北京市", "北京市", "朝阳区", "110105")]),
        ("长春一家企业。朝阳区工会", [("长春", "吉林省", "长春市", None, "220100"),
                           ("朝阳区", "吉林省", "长春市", "朝阳区", "220104")]),
        ("天津市和平区教育工会", [("天津市", "天津市", "天津市", None, "120000"),
                         ("和平区", "天津市", "天津市", "和平区", "120101")]),
        # common words that equal a county name without its suffix
        ("和平年代，长安街上东方红，新华社记者说太平洋上永和号", []),
        # short forms that are usually words, and phrases containing a name
        ("朝阳产业的日照时间；安康杯竞赛欢迎与会来宾；孙中山与中山大学", []),
        ("振兴县域经济，创建示范县", []),
        # person names
        ("记者黄山报道", []),
        ("职工李宁波说，工段长李海东算了一笔账", []),
        # the same short forms as places
        ("山东日照与广东中山", [("山东", "山东省", None, None, "370000"),
                          ("日照", "山东省", "日照市", None, "371100"),
                          ("广东", "广东省", None, None, "440000"),
                          ("中山", "广东省", "中山市", None, "442000")]),
        # county stems: only after their own city
        ("宁波镇海一家企业", [("宁波", "浙江省", "宁波市", None, "330200"),
                        ("镇海", "浙江省", "宁波市", "镇海区", "330211")]),
        ("镇海一家企业", []),
        # autonomous regions by their short names
        ("广西、内蒙古和新疆", [("广西", "广西壮族自治区", None, None, "450000"),
                          ("内蒙古", "内蒙古自治区", None, None, "150000"),
                          ("新疆", "新疆维吾尔自治区", None, None, "650000")]),
        # an old name resolves to today's division
        ("重庆梁平县", [("重庆", "重庆市", "重庆市", None, "500000"),
                    ("梁平县", "重庆市", "重庆市", "梁平区", "500155")]),
        # traditional characters and full-width forms
        ("遼寧省瀋陽市和平區", [("遼寧省", "辽宁省", None, None, "210000"),
                          ("瀋陽市", "辽宁省", "沈阳市", None, "210100"),
                          ("和平區", "辽宁省", "沈阳市", "和平区", "210102")]),
        ("ＡＢＣ，１２３　北京！", [("北京", "北京市", "北京市", None, "110000")]),
    ],
)
def test_sentences(text, expected):
    assert _summary(text) == expected


def test_ambiguous_without_context():
    [record] = find_places("朝阳区环卫工人冬天有了歇脚处")
    assert record["ambiguous"] is True
    assert len(record["candidates"]) >= 2
    assert set(record["candidates"]) >= {"110105", "220104"}
    assert (record["province"], record["city"], record["adcode"]) == (None, None, None)
    assert (record["county"], record["level"]) == ("朝阳区", "county")


def test_ambiguous_keeps_what_candidates_share():
    [record] = find_places("桥西区")  # 石家庄, 张家口, and 邢台's former 桥西区: all 河北
    assert record["ambiguous"] and record["province"] == "河北省" and record["adcode"] == "130000"


def test_resolve_false_uses_only_the_adjacent_parent():
    assert find_places("沈阳。和平区", resolve=False)[1]["ambiguous"] is True
    assert find_places("沈阳。和平区")[1]["adcode"] == "210102"
    assert find_places("沈阳市和平区", resolve=False)[1]["adcode"] == "210102"


def test_nearer_context_wins():
    text = "天津市一家企业。" + "。" * 50 + "沈阳市总工会在和平区"
    assert find_places(text)[-1]["adcode"] == "210102"


def test_rejects_non_text():
    with pytest.raises(TypeError):
        find_places(None)  # type: ignore[arg-type]


def test_empty_text():
    assert find_places("") == []


# -- places_frame -----------------------------------------------------------------------------


def test_frame_columns_and_rows():
    frame = places_frame([{"id": "a", "text": "重庆忠县"}, {"text": "宁波"}, "无地名"])
    assert list(frame.columns) == ["doc_id", *FIELDS]
    assert frame["doc_id"].tolist() == ["a", "a", 2]
    assert frame["adcode"].tolist() == ["500000", "500233", "330200"]
    assert frame["start"].dtype == "int64"


def test_frame_empty_has_every_column():
    frame = places_frame([{"id": 1, "text": "没有地名"}])
    assert frame.empty
    assert list(frame.columns) == ["doc_id", *FIELDS]


# -- properties -------------------------------------------------------------------------------

_PIECES = ["辽宁省", "沈阳", "市", "和平区", "朝阳", "区", "县", "蠡县", "北京", "海南", "东方",
           "记者", "黄山", "说", "中国", "县域", "瀋陽", " ", "　", "\n", "，", "Ａ", "1"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=4), max_size=30).map("".join))
def test_records_are_valid_for_any_text(text):
    records = find_places(text)
    previous_end = 0
    for record in records:
        assert tuple(record) == FIELDS
        assert text[record["start"]:record["end"]] == record["span"]
        assert previous_end <= record["start"] < record["end"]
        previous_end = record["end"]
        assert record["level"] in ("province", "city", "county")
        assert record["adcode"] is None or (len(record["adcode"]) == 6
                                            and record["adcode"].isdigit())
        assert record["ambiguous"] == bool(record["candidates"])
