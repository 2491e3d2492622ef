"""Triage, places on the command line, and the HTML report."""

import json
import re

import pytest

from tests.conftest import CORPUS, SEED
from toolkit.cli import main
from toolkit.suggestions import find_urgency, group_duplicates, summarize, triage

SAMPLE = CORPUS / "suggestions" / "sample.jsonl"


@pytest.mark.parametrize(("text", "reason"), [
    ("３号冲床的光电保护坏了 还在接着用 手伸进去就完了", "safety_hazard"),
    ("仓库消防通道堆满了货 出口的门都推不开", "safety_hazard"),
    ("喷漆房里四十多度 今天下午小王中暑晕倒了", "injury"),
    ("国庆加班费到现在还没发 找HR也不回", "unpaid_wages"),
    ("线长当着全班的面推了我一把 还说要揍我", "violence"),
    ("建议安全培训多讲点案例", None),
    ("工资条看不懂 能不能解释一下", None),
    ("食堂菜太咸了", None),
])
def test_urgency_rules(text, reason):
    assert find_urgency(text) == reason


def test_duplicates_are_grouped_within_a_theme():
    texts = ["班车五点四十就开走了 下班根本赶不上", "班车走得太早 五点半下班换完衣服车就没了",
             "食堂菜太咸了"]
    groups = group_duplicates(texts, ["welfare", "welfare", "welfare"])
    assert groups[0] == groups[1] != groups[2]


@pytest.fixture(scope="module")
def sample_table():
    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    return triage([{k: r[k] for k in ("id", "date", "unit", "status", "text")} for r in rows])


def test_triage_tokenizes_each_suggestion_once(monkeypatch):
    from toolkit.themes import ThemeFeatures

    texts = ["班车太早了", "班车发车太早了", "食堂太贵"]
    expected = triage([{"id": i, "text": t} for i, t in enumerate(texts)])
    calls = []
    real = ThemeFeatures._tokens
    monkeypatch.setattr(ThemeFeatures, "_tokens",
                        lambda self, norm: calls.append(norm) or real(self, norm))
    table = triage([{"id": i, "text": t} for i, t in enumerate(texts)])
    assert len(calls) == len(texts)  # the grouping reuses the features of the themes
    assert table.equals(expected)


def test_triage_table_puts_urgent_first_and_maps_departments(sample_table):
    assert sample_table["urgent"].iloc[0]
    assert not sample_table["urgent"].iloc[-1]
    assert sample_table.loc[sample_table["primary"] == "safety", "department"].eq("安全环保部").all()
    assert {"themes", "primary", "urgent_reason", "group", "group_size", "month"} <= set(
        sample_table.columns)


def test_summary_echoes_the_seed_figures(sample_table):
    summary = summarize(sample_table)
    assert summary["total"] == 340 and summary["adopted"] == 54
    assert summary["largest_groups"][0]["size"] >= 10
    assert sum(summary["by_month"].values()) == 340
    assert 25 <= summary["urgent"] <= 40


def test_triage_command(tmp_path, capsys):
    out, summary = tmp_path / "triage.csv", tmp_path / "summary.json"
    assert main(["triage", str(SAMPLE), "-o", str(out), "--summary", str(summary)]) == 0
    import pandas as pd

    table = pd.read_csv(out)
    assert len(table) == 340 and table["urgent"].iloc[0]
    assert json.loads(summary.read_text(encoding="utf-8"))["total"] == 340
    assert "distinct issues" in capsys.readouterr().err


def test_triage_refuses_a_bad_department_mapping(tmp_path, capsys):
    mapping = tmp_path / "departments.csv"
    mapping.write_text("主题,部门\nsafety,安全部\n", encoding="utf-8")
    assert main(["triage", str(SAMPLE), "--departments", str(mapping)]) == 2
    assert "needs the columns 'theme' and 'department'" in capsys.readouterr().err


def test_triage_with_a_custom_department_mapping(tmp_path):
    mapping = tmp_path / "departments.csv"
    mapping.write_text("theme,department\nsafety,安全生产委员会\n", encoding="utf-8")
    rows = [{"id": "a", "text": "车间排烟坏了太呛"}]
    assert triage(rows, departments=str(mapping))["department"].tolist() == ["安全生产委员会"]


def test_places_command_on_the_seed_page(capsys):
    assert main(["places", str(SEED)]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    fields = {"doc_id", "start", "end", "span", "province", "city", "county", "adcode"}
    assert all(fields <= set(r) for r in records)
    assert {r["province"] for r in records} == {"辽宁省", "新疆维吾尔自治区", "浙江省", "河北省",
                                                "山东省", "陕西省", "北京市", "重庆市"}


def test_report_is_one_self_contained_page(tmp_path, capsys):
    articles, report = tmp_path / "articles.jsonl", tmp_path / "report.html"
    bad = tmp_path / "broken.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    assert main(["split", str(SEED), "-o", str(articles)]) == 0
    status = main(["report", str(articles), str(SAMPLE), str(bad), "-o", str(report)])
    assert status == 1  # the broken file is reported, the report is still written
    page = report.read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") >= 5
    assert "@font-face" in page
    assert not re.search(r"""(src|href)=["']https?://""", page)
    for heading in ("Corpus overview", "Themes", "Indicators", "Places", "Keywords per theme",
                    "Suggestion triage", "Urgent first", "Repeated complaints"):
        assert heading in page
    assert "80余万元" in page and "知晓率" in page
