"""The whole analysis as one self-contained HTML page (charts embedded as PNG, CSS inline).

:func:`build_report` runs the pipeline over documents (themes, indicators, places, keywords)
and, for the documents that are employee suggestions, the triage; :func:`write_report` writes
the page atomically. ``python -m toolkit report INPUT... -o REPORT.html`` and ``make demo``
call them. A document counts as a suggestion when it has a ``status`` or ``unit`` field, or
``type: suggestion``.
"""

from __future__ import annotations

import base64
import html
import io
import os
import re
import sys
import tempfile
from pathlib import Path

__all__ = ["build_report", "write_report", "is_suggestion"]

ROOT = Path(__file__).resolve().parents[1]

_CSS = """
body{font-family:"ReportCJK","Noto Sans SC","PingFang SC","Microsoft YaHei",sans-serif;margin:2em auto;
max-width:1100px;color:#222;line-height:1.5;padding:0 1em}
h1{font-size:1.7em;border-bottom:3px solid #b5523b;padding-bottom:.3em}
h2{font-size:1.3em;margin-top:2em;color:#7a2f1f}
table{border-collapse:collapse;margin:.8em 0;font-size:.92em;width:100%}
th,td{border:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f4ece8} td.num{text-align:right;font-variant-numeric:tabular-nums}
.figures{display:flex;flex-wrap:wrap;gap:1em} .figures img{max-width:520px;width:100%}
.card{display:inline-block;background:#f7f3f0;border-radius:6px;padding:.6em 1em;margin:.3em}
.card b{display:block;font-size:1.5em;color:#7a2f1f} .urgent{color:#b00020;font-weight:bold}
.note{color:#666;font-size:.9em}
"""


def _embedded_font(text: str) -> str:
    """An @font-face rule with the bundled Noto Sans SC, cut down to the characters of
    ``text`` (fontTools, which matplotlib already needs), so the page shows Chinese on a
    machine without Chinese fonts and stays small."""
    from fontTools import subset
    from pylopdf_fonts_zh_cn import sans_path

    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    font = subset.load_font(str(sans_path()), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(set(text))))
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return ('@font-face{font-family:"ReportCJK";'
            f'src:url(data:font/otf;base64,{data}) format("opentype");}}')


def is_suggestion(doc: dict) -> bool:
    """Does a document record look like an employee suggestion?"""
    return doc.get("type") == "suggestion" or "status" in doc or "unit" in doc


def _png(fig) -> str:
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img alt="chart" src="data:image/png;base64,{data}">'


def _table(frame, *, numeric=(), limit: int | None = None) -> str:
    if limit is not None:
        frame = frame.head(limit)
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for row in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, row, strict=True):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            if isinstance(value, (list, tuple)):
                value = "、".join(map(str, value))
            text = "" if value is None or value != value else html.escape(str(value))
            css = ' class="num"' if column in numeric else ""
            cells.append(f"<td{css}>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _format_value(record) -> str:
    value = record["value"]
    if value is None:
        return record["span"]
    if record["unit"] == "元" and value >= 10000:
        return f"{value / 10000:,.2f}万元".replace(".00万", "万")
    number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    return number + (record["unit"] if record["unit"] not in ("年", "年月", "年月日") else "")


def build_report(docs: list[dict], *, title: str = "劳动关系文本分析报告", model=None,
                 triage_table=None) -> str:
    """Run the analysis over ``docs`` (records with ``id`` and ``text``) and return the HTML.

    ``triage_table`` (from :func:`toolkit.suggestions.triage` of the suggestions among
    ``docs``) saves triaging them again when the caller already has it.

    Examples
    --------
    >>> page = build_report([{"id": "a", "headline": "日照追回欠薪",
    ...                       "text": "已帮劳动者追回欠薪80余万元。"}])
    >>> "80余万元" in page and "<html" in page
    True
    """
    import matplotlib

    matplotlib.use("Agg")
    import pandas as pd

    from . import plotting
    from .explore import keywords
    from .indicators import indicators_frame
    from .places import places_frame
    from .suggestions import summarize, triage
    from .themes import document_text, load_model, load_taxonomy

    plotting.use_cjk_font()
    model = model or load_model()
    zh = {t["id"]: t["zh"] for t in load_taxonomy()}
    news = [d for d in docs if not is_suggestion(d)]
    suggestions = [d for d in docs if is_suggestion(d)]
    parts = [f"<h1>{html.escape(title)}</h1>",
             f'<p class="note">{len(news)} 篇文章/文档 (documents), {len(suggestions)} 条职工建议 '
             "(employee suggestions). Made by <code>python -m toolkit report</code>.</p>"]

    if news:
        frame = pd.DataFrame.from_records(news)
        texts = [document_text(d) for d in news]
        themes = pd.DataFrame.from_records(model.classify_many(texts))
        frame = pd.concat([frame.reset_index(drop=True), themes], axis=1)
        frame["length"] = frame["text"].str.len()
        frame["主题 primary"] = frame["primary"].map(lambda t: f"{zh[t]} {t}")
        overview = ["id"] + [c for c in ("headline", "place") if c in frame] + [
            "主题 primary", "length"]
        parts += ["<h2>语料概览 Corpus overview</h2>",
                  '<div>' + "".join(f'<span class="card"><b>{v}</b>{k}</span>' for k, v in (
                      ("documents", len(frame)), ("characters", int(frame["length"].sum())),
                      ("themes used", frame["primary"].nunique()))) + "</div>",
                  _table(frame[overview], numeric=("length",), limit=60)]

        parts += ["<h2>主题分布 Themes</h2>",
                  '<p class="note">Every theme that is a substantial part of a document '
                  "(multi-label) and its primary theme, from the shipped classifier.</p>",
                  '<div class="figures">' + _png(plotting.theme_distribution(
                      frame, column="themes").figure) + "</div>"]

        indicators = indicators_frame([{"id": d["id"], "text": d["text"]} for d in news])
        parts.append("<h2>数字指标 Indicators</h2>")
        if len(indicators):
            measures = indicators[indicators["kind"] != "date"].copy()
            measures["figure"] = [_format_value(r) for r in measures.to_dict("records")]
            kinds = ("count", "money", "percent")
            largest = (measures[measures["kind"].isin(kinds)]
                       .sort_values(["kind", "value"], ascending=[True, False])
                       .groupby("kind", sort=False).head(5))
            parts += [f'<p class="note">{len(indicators)} indicators ({len(measures)} '
                      "without dates). The largest figures of each kind:</p>",
                      _table(largest[["doc_id", "span", "figure", "kind", "qualifier",
                                      "subject"]]),
                      '<div class="figures">' + _png(plotting.indicators_by_kind(
                          indicators).figure) + "</div>"]
            changes = measures[measures["change"].notna()]
            if len(changes):
                changes = changes.assign(
                    change=[f"{c['from'] if c['from'] is not None else '…'} → "
                            f"{c['to'] if c['to'] is not None else '…'} ({c['direction']})"
                            for c in changes["change"]])
                parts += ["<h3>变化 Changes</h3>",
                          _table(changes[["doc_id", "span", "subject", "change"]])]
            parts += ["<h3>全部指标 All indicators</h3>",
                      _table(measures[["doc_id", "span", "figure", "unit", "kind", "qualifier",
                                       "subject"]], limit=300)]
        else:
            parts.append("<p>No indicators found.</p>")

        places = places_frame([{"id": d["id"], "text": d["text"]} for d in news])
        parts.append("<h2>地名 Places</h2>")
        if len(places):
            by_province = (places.groupby("province", dropna=False)
                           .agg(mentions=("span", "size"), documents=("doc_id", "nunique"))
                           .sort_values("mentions", ascending=False).reset_index())
            parts += ['<div class="figures">' + _png(plotting.places_by_province(
                places).figure) + "</div>", _table(by_province,
                                                   numeric=("mentions", "documents"))]
        else:
            parts.append("<p>No places found.</p>")

        per_theme = frame.groupby("primary")["text"].apply(lambda s: "\n".join(s))
        if len(per_theme):
            top = keywords(per_theme, top=8, idf_docs=frame["text"].tolist())
            top = top.groupby("doc_id")["keyword"].apply(lambda s: "、".join(s)).reset_index()
            top["doc_id"] = top["doc_id"].map(lambda t: f"{zh[t]} {t}")
            parts += ["<h2>主题关键词 Keywords per theme</h2>",
                      '<p class="note">TF-IDF over the documents of each primary theme.</p>',
                      _table(top.rename(columns={"doc_id": "theme", "keyword": "keywords"}))]

    if suggestions:
        table = triage_table if triage_table is not None else triage(suggestions, model=model)
        summary = summarize(table)
        parts += ["<h2>职工建议分诊 Suggestion triage</h2>",
                  "<div>" + "".join(f'<span class="card"><b>{v}</b>{k}</span>' for k, v in (
                      ("suggestions", summary["total"]), ("distinct issues", summary["issues"]),
                      ("answered", f"{summary['answered']} ({summary['answer_rate']:.0%})"),
                      ("adopted", f"{summary['adopted']} ({summary['adoption_rate']:.0%})"),
                      ("urgent", summary["urgent"]))) + "</div>"]
        counts = pd.Series(summary["by_theme"])
        counts.index = [f"{zh[t]} {t}" for t in counts.index]
        by_unit = pd.Series(summary["by_unit"]).sort_values(ascending=False)
        by_month = pd.Series(summary["by_month"])
        parts.append('<div class="figures">'
                     + _png(plotting.bar_counts(counts.sort_values(ascending=False),
                                                title="建议主题 (themes)",
                                                xlabel="条 (suggestions)").figure)
                     + _png(plotting.bar_counts(by_unit, title="部门 (units)",
                                                xlabel="条 (suggestions)",
                                                color="#4c8c4a").figure)
                     + (_png(plotting.bar_counts(by_month, title="月份 (months)",
                                                 xlabel="条", horizontal=False,
                                                 color="#b5523b").figure)
                        if len(by_month) else "")
                     + "</div>")
        urgent = table[table["urgent"]]
        if len(urgent):
            parts += ['<h3 class="urgent">紧急 Urgent first</h3>',
                      _table(urgent[["id", "date", "unit", "urgent_reason", "text",
                                     "department", "status"]])]
        groups = pd.DataFrame.from_records(summary["largest_groups"])
        if len(groups):
            parts += ["<h3>重复诉求 Repeated complaints (one issue, many voices)</h3>",
                      _table(groups[["size", "primary", "example", "units", "urgent"]],
                             numeric=("size",))]
        parts += ["<h3>全部建议 All suggestions</h3>",
                  _table(table[["id", "date", "unit", "status", "primary", "urgent_reason",
                                "group_size", "department", "text"]], limit=400)]

    body = "\n".join(parts)
    font = _embedded_font(html.unescape(re.sub(r"<[^>]+>|data:image/png;base64,[^\"]+", "",
                                               body)) + title)
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title><style>{font}{_CSS}</style></head>"
            f"<body>{body}</body></html>")


def write_report(html_text: str, path: str | os.PathLike) -> None:
    """Write the page atomically (a temporary file, then a rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".html", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(html_text)
    os.replace(tmp, path)


def report_command(args) -> int:
    from .io import read_documents
    from .themes import load_model

    model = load_model(args.model)
    docs, failed = [], 0
    for doc in read_documents(args.inputs, text_col=args.text_col, id_col=args.id_col):
        if "error" in doc:
            print(doc["error"], file=sys.stderr)
            failed += 1
        else:
            docs.append(doc)
    if not args.output:
        print("error: report needs -o REPORT.html", file=sys.stderr)
        return 2
    write_report(build_report(docs, title=args.title, model=model), args.output)
    if not args.quiet:
        print(f"wrote {args.output}", file=sys.stderr)
    return 1 if failed else 0


def demo_command(args) -> int:
    """``make demo``: split the seed page, write the report on it and the suggestions
    sample, and print a short summary."""
    import pandas as pd

    from .corpus import split_page
    from .indicators import extract
    from .io import RecordWriter, read_documents
    from .suggestions import summarize, triage
    from .themes import classify, document_text

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    seed = ROOT / "corpus" / "seed" / "000_0a4464932e09dc1c.txt"
    [page] = list(read_documents([seed]))
    articles = split_page(page["text"], page_id=page["id"])
    with RecordWriter(out / "articles.jsonl") as writer:
        writer.write(0, articles)
    frame = pd.DataFrame.from_records(articles)
    frame["primary"] = [classify(document_text(a))["primary"] for a in articles]
    frame["indicators"] = [len([r for r in extract(a["text"]) if r["kind"] != "date"])
                           for a in articles]
    frame["length"] = frame["text"].str.len()
    pd.set_option("display.unicode.east_asian_width", True)
    pd.set_option("display.width", 200)
    print(f"The seed page ({seed.name}) split into {len(articles)} records "
          f"({(frame['kind'] == 'article').sum()} articles, "
          f"{(frame['kind'] == 'caption').sum()} caption):\n")
    shown = frame[["kind", "headline", "byline", "place", "primary", "indicators", "length"]]
    shown = shown.assign(headline=shown["headline"].str.slice(0, 24),
                         byline=shown["byline"].fillna("").str.slice(0, 22))
    print(shown.to_string(index=False))
    suggestions = list(read_documents([ROOT / "corpus" / "suggestions" / "sample.jsonl"]))
    table = triage(suggestions)
    summary = summarize(table)
    print(f"\nSuggestions sample: {summary['total']} suggestions, {summary['issues']} distinct "
          f"issues, adopted {summary['adopted']} ({summary['adoption_rate']:.0%}), "
          f"urgent {summary['urgent']}.")
    report = out / "report.html"
    write_report(build_report(articles + suggestions, triage_table=table), report)
    print(f"\nReport: {report.resolve()}")
    return 0
