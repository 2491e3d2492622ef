"""Score `toolkit.numbers.find_numbers` on other projects' Chinese number test suites.

Usage::

    python benchmarks/number_suites.py [--data DIR] [--details]

DIR defaults to ``../shared/data/numbers`` next to the repository, or ``$LABOR_TEXT_SHARED/numbers``
(absent in a user's clone: the script then says so and exits 0). Each suite's PROVENANCE.md says where its cases come from.

The one rule
------------
A case passes when the multiset of values that ``find_numbers(input)`` reports equals the
multiset of values the suite expects, each compared with a relative tolerance of 1e-6. A record
counts as its ``(low, high)`` pair when it is a range and as its ``value`` otherwise (percent in
points, money as the amount in its currency). An expected interval with one open end
(``(500,)``, Duckling ``at_least``) counts as its one bound; a closed or half-open interval
``[a,b)`` as the pair ``(a, b)``; a suite result without a numeric value (a bare currency name)
is no number mention and is dropped. Suites that test one kind of entity in running text count
only our records of that kind: Recognizers PercentModel (percent), OrdinalModel (ordinal),
NumberRangeModel (ranges and numbers with a bound: qualifier other than ``exact``),
CurrencyModel and JioNLP ``extract_money`` (money, or a range in a currency). Whole-string
suites (Duckling, cn2an, JioNLP ``parse_money``) and Recognizers NumberModel count every
record. JioNLP ``extract_money`` gives spans but no values (the test runs without parsing), so
there a predicted record matches an expected one when their offsets overlap. cn2an's error cases
and its reverse direction (an2cn) state no value to extract and are not scored; cn2an's
``transform`` cases expect the Arabic numbers of the rewritten sentence.

Contradictions
--------------
A failing case is listed under "contradicts" instead of "failed" when it passes once the
suite's expectation is read with the toolkit's conventions (DESIGN.md and the docstring of
``toolkit/numbers.py``); the reasons are printed with ``--details``. The rules are general, each
applied to every suite where it can apply:

- ``date``: the suite wants the parts of a date as numbers; find_numbers leaves dates to
  find_dates.
- ``lone numeral``: the suite wants a single numeral character that stands in no numeric
  construction (这是五那是四, 五台山); DESIGN: 三微, 五小 are not numbers.
- ``non-number word``: the suite wants a numeral inside a word of the toolkit's non-number list
  or a reduplication (一点两小时, 一一).
- ``omits money/percent``: a plain-number spec leaves out an amount or percentage that
  find_numbers reports (every number mention, money included).
- ``range``: the suite wants nothing or one end where the text writes a range (5-20%, 二三十).
- ``percent as fraction``: the suite wants 0.05 for 百分之5; we report points (5).
- ``unit conversion``: the suite converts units (3斤 → 1500 g, 2角 → 20 cents); we report the
  number as written.
- ``approximate kept``: the suite widens 3000多 / 十几 into a range; DESIGN keeps the base value
  with a qualifier.
- ``range magnitude``: the suite reads the bare start of 八到九百亿 with a different magnitude.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from toolkit.numbers import find_dates, find_numbers, lexicon  # noqa: E402

DEFAULT_DATA = Path(os.environ.get("LABOR_TEXT_SHARED", REPO.parent / "shared" / "data")) / "numbers"
RECOGNIZERS = {
    "recognizers-text/Number/NumberModel.json": None,
    "recognizers-text/Number/PercentModel.json": {"percent"},
    "recognizers-text/Number/NumberRangeModel.json": {"bounded"},
    "recognizers-text/Number/OrdinalModel.json": {"ordinal"},
    "recognizers-text/NumberWithUnit/CurrencyModel.json": {"money"},
}
JSONL_SUITES = [
    "duckling/cases.jsonl",
    "cn2an/cases.jsonl",
    "jionlp/cases.jsonl",
    "chinese2digits/cases.jsonl",
]
REL_TOL = 1e-6
_LONE = set("零〇○一壹二贰貳两兩三叁參四肆五伍六陆陸七柒八捌九玖十拾")
_PERCENT_SPAN = re.compile("[百千万萬]分之|[%％]")
_CURRENCY_UNITS = set(lexicon()["currencies"])


class Case:
    """One test case: input text, expected items (value or (low, high), optional span)."""

    def __init__(self, suite, group, text, expected, *, kinds=None, spans=None, meta=None):
        self.suite = suite
        self.group = group
        self.text = text
        self.expected = expected
        self.kinds = kinds
        self.spans = spans
        self.meta = meta or {}


# ---------------------------------------------------------------------------------------------
# Reading the suites


def _interval(value: str):
    """Recognizers interval notation → a value or a (low, high) pair."""
    inner = value.strip()[1:-1]
    lo, _, hi = inner.partition(",")
    lo, hi = lo.strip(), hi.strip()
    if lo and hi:
        return float(lo) if float(lo) == float(hi) else (float(lo), float(hi))
    return float(lo or hi)


def _recognizers_value(res: dict):
    value = (res.get("Resolution") or {}).get("value")
    if value is None:
        return None
    value = str(value)
    if value[:1] in "([":
        return _interval(value)
    return float(value.rstrip("%"))


def load_recognizers(path: Path, kinds) -> list[Case]:
    cases = []
    for item in json.loads(path.read_text(encoding="utf-8-sig")):
        expected, spans = [], []
        for res in item.get("Results", []):
            v = _recognizers_value(res)
            if v is None:
                continue
            expected.append(v)
            spans.append((res["Start"], res["End"] + 1, res.get("Text", "")))
        cases.append(Case(path.name, "", item["Input"], expected, kinds=kinds, spans=spans))
    return cases


def _duckling(row) -> Case:
    exp = row["expected"]
    kind = exp.get("kind")
    if kind == "between":
        value = (float(exp["low"]), float(exp["high"]))
    elif kind == "at_least":
        value = float(exp.get("low", exp.get("value")))
    elif kind == "at_most":
        value = float(exp.get("high", exp.get("value")))
    else:
        value = float(exp["value"])
    group = row["source"].split("/")[1]
    kinds = {"ordinal"} if exp.get("dim") == "ordinal" else None
    return Case("duckling", group, row["input"], [value], kinds=kinds,
                meta={"unit": exp.get("unit"), "dim": exp.get("dim")})


_ARABIC_IN_SENTENCE = re.compile(r"-?\d+(?:\.\d+)?(?:/\d+)?")


def _sentence_values(sentence: str) -> list[float]:
    out = []
    for m in _ARABIC_IN_SENTENCE.finditer(sentence):
        t = m.group()
        if "/" in t:
            a, b = t.split("/")
            out.append(float(a) / float(b))
        else:
            out.append(float(t))
    return out


def _cn2an(row) -> Case | None:
    task = row["task"]
    if task == "cn2an":
        return Case("cn2an", f"cn2an {row['mode']}", row["input"], [float(row["expected"])])
    if task == "transform_cn2an":
        return Case("cn2an", "transform_cn2an", row["input"], _sentence_values(row["expected"]))
    return None  # errors and the reverse direction (an2cn) state no value to extract


def _jionlp(row) -> Case:
    if row["task"] == "parse_money":
        if "low" in row:
            value = (float(row["low"]), float(row["high"]))
        else:
            value = float(row["value"])
        return Case("jionlp", "parse_money", row["input"], [value],
                    meta={"definition": row["expected"].get("definition")})
    spans = [(e["offset"][0], e["offset"][1], e["text"]) for e in row["expected"]]
    return Case("jionlp", "extract_money", row["input"], [None] * len(spans),
                kinds={"money"}, spans=spans, meta={"by_span": True})


def _c2d_value(v: str) -> float:
    if v.endswith("%"):
        return float(v[:-1])
    if "/" in v:
        a, b = v.split("/")
        return float(a) / float(b)
    return float(v)


def _chinese2digits(row) -> Case:
    exp = row["expected"]
    return Case("chinese2digits", "takeNumberFromString", row["input"],
                [_c2d_value(v) for v in exp["values"]],
                meta={"percent_convert": row.get("percent_convert"), "spans": exp["spans"]})


def load_jsonl(path: Path) -> list[Case]:
    name = path.parent.name
    maker = {"duckling": _duckling, "cn2an": _cn2an, "jionlp": _jionlp,
             "chinese2digits": _chinese2digits}[name]
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            case = maker(json.loads(line))
            if case is not None:
                cases.append(case)
    return cases


def load_cases(path: Path) -> list[Case]:
    """All scorable cases of one suite file."""
    key = "/".join(path.parts[-3:]) if "recognizers-text" in path.parts else None
    if key in RECOGNIZERS:
        return load_recognizers(path, RECOGNIZERS[key])
    return load_jsonl(path)


# ---------------------------------------------------------------------------------------------
# Comparing


def _item(record: dict):
    if record["kind"] == "range" or record["low"] != record["high"]:
        return (record["low"], record["high"])
    return record["value"]


def _close(a, b) -> bool:
    if isinstance(a, tuple) != isinstance(b, tuple):
        return False
    if isinstance(a, tuple):
        return all(math.isclose(x, y, rel_tol=REL_TOL, abs_tol=1e-9)
                   for x, y in zip(a, b, strict=True))
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=1e-9)


def same_multiset(expected: list, got: list) -> bool:
    """Equal as multisets, each value matched once within the tolerance."""
    if len(expected) != len(got):
        return False
    left = list(got)
    for e in expected:
        for i, g in enumerate(left):
            if _close(e, g):
                del left[i]
                break
        else:
            return False
    return True


def _kind_ok(record: dict, kinds) -> bool:
    if kinds is None:
        return True
    if record["kind"] in kinds:
        return True
    if "bounded" in kinds and (record["kind"] == "range" or record["qualifier"] != "exact"):
        return True
    if record["kind"] == "range":
        if "money" in kinds and record["unit"] in _CURRENCY_UNITS:
            return True
        if "percent" in kinds and record["unit"] in ("%", "个百分点"):
            return True
    return False


def _overlap(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _passes_by_span(case: Case, records: list[dict]) -> bool:
    got = [(r["start"], r["end"]) for r in records]
    if len(got) != len(case.spans):
        return False
    left = list(got)
    for s in case.spans:
        for i, g in enumerate(left):
            if _overlap(s, g):
                del left[i]
                break
        else:
            return False
    return True


# ---------------------------------------------------------------------------------------------
# Contradictions: read the expectation with the toolkit's conventions and try again

_NON_NUMBER = None


def _non_number_spans(text: str) -> list[tuple[int, int]]:
    global _NON_NUMBER
    if _NON_NUMBER is None:
        lex = lexicon()
        words = set(lex["non_number_words"]) | set(lex["non_number_unless_next"])
        words |= set(lex["non_number_only_next"])
        _NON_NUMBER = re.compile("|".join(re.escape(w) for w in sorted(words, key=len,
                                                                          reverse=True)))
    return [(m.start(), m.end()) for m in _NON_NUMBER.finditer(text)]


def _remove_values(expected: list, values: list) -> list:
    left = list(expected)
    for v in values:
        for i, e in enumerate(left):
            if not isinstance(e, tuple) and math.isclose(e, v, rel_tol=REL_TOL, abs_tol=1e-9):
                del left[i]
                break
    return left


def _explanations(case: Case, records: list[dict]):
    """Yield (reasons, expected, got) readings of a failing case under the toolkit's conventions."""
    expected = list(case.expected)
    got_records = list(records)
    reasons = []

    # percent expected as a fraction (the suite's spans say which values are percentages)
    if case.meta.get("percent_convert"):
        spans = case.meta.get("spans", [])
        new = [v * 100 if i < len(spans) and _PERCENT_SPAN.search(spans[i]) else v
               for i, v in enumerate(expected)]
        if new != expected:
            expected = new
            reasons.append("percent as fraction")

    # lone numerals and non-number words (suites with spans)
    if case.spans and not case.meta.get("by_span"):
        words = _non_number_spans(case.text)
        drop = []
        for value, (s, e, _t) in zip(case.expected, case.spans, strict=True):
            if any(_overlap((r["start"], r["end"]), (s, e)) for r in records):
                continue
            if any(ws <= s and e <= we for ws, we in words):
                drop.append(value)
                reasons.append("non-number word")
            elif len(case.text[s:e].strip()) == 1 and case.text[s:e].strip() in _LONE:
                drop.append(value)
                reasons.append("lone numeral")
        expected = _remove_values(expected, drop)
    elif not case.spans:
        t = case.text.strip()
        if len(t) >= 2 and len(set(t)) == 1 and t[0] in _LONE:
            expected = []
            reasons.append("non-number word")

    # date parts
    dates = find_dates(case.text)
    if dates:
        parts = [float(x) for d in dates for x in (d["year"], d["month"], d["day"]) if x]
        new = _remove_values(expected, parts)
        if new != expected:
            expected = new
            reasons.append("date")

    # the plain-number spec leaves out money and percentages
    if case.suite == "NumberModel.json" and case.spans is not None:
        spans = [(s, e) for s, e, _ in case.spans]
        kept = [r for r in got_records
                if r["kind"] not in ("money", "percent")
                or any(_overlap((r["start"], r["end"]), sp) for sp in spans)]
        if len(kept) != len(got_records):
            got_records = kept
            reasons.append("omits money/percent")

    if case.meta.get("definition") == "blur":
        new = []
        for v in expected:
            single = [r for r in records if r["low"] == r["high"]]
            ranges = [r for r in records if r["kind"] == "range"]
            if not isinstance(v, tuple):
                new.append(v)
            elif any(r["qualifier"] in ("over", "approx") and _close(r["value"], v[0])
                     for r in single):
                # approximate forms widened into ranges (3000多 → [3000, 4000])
                new.append(v[0])
                reasons.append("approximate kept")
            elif any(_close(r["high"], v[1]) and _power_of_ten(r["low"], v[0]) for r in ranges):
                # the bare start of a range read with another magnitude (八到九百亿)
                r = next(r for r in ranges if _close(r["high"], v[1]))
                new.append((r["low"], r["high"]))
                reasons.append("range magnitude")
            else:
                new.append(v)
        expected = new

    got = [_item(r) for r in got_records]

    # unit conversion
    unit = case.meta.get("unit")
    if unit in ("Gram", "Cent") and len(expected) == 1 and len(got) == 1 and not isinstance(
            got[0], tuple) and not isinstance(expected[0], tuple):
        for factor in (500, 50, 1000, 0.001, 10, 100):
            if math.isclose(got[0] * factor, expected[0], rel_tol=REL_TOL):
                expected = [got[0]]
                reasons.append("unit conversion")
                break

    yield list(dict.fromkeys(reasons)), expected, got

    # a written range where the suite wants one end or nothing
    ranges = [r for r in got_records if r["kind"] == "range"]
    if ranges:
        others = [_item(r) for r in got_records if r["kind"] != "range"]
        for pick in ("none", "low", "high"):
            alt = list(others)
            for r in ranges:
                if pick == "low":
                    alt.append(r["low"])
                elif pick == "high":
                    alt.append(r["high"])
            yield list(dict.fromkeys(reasons + ["range"])), expected, alt


def _power_of_ten(a: float, b: float) -> bool:
    """Is a/b 10, 100, 1000 …?"""
    if not a or not b or a / b <= 1:
        return False
    exponent = math.log10(a / b)
    return math.isclose(exponent, round(exponent), abs_tol=1e-9)


# ---------------------------------------------------------------------------------------------
# Scoring


def score_cases(cases: list[Case]) -> dict:
    """Score cases; returns counts and the failing and contradicting cases."""
    passed, contradicts, failures = 0, [], []
    for case in cases:
        records = [r for r in find_numbers(case.text) if _kind_ok(r, case.kinds)]
        if case.meta.get("by_span"):
            ok = _passes_by_span(case, records)
        else:
            ok = same_multiset(case.expected, [_item(r) for r in records])
        if ok:
            passed += 1
            continue
        reason = None
        if not case.meta.get("by_span"):
            for reasons, exp, got in _explanations(case, records):
                if reasons and same_multiset(exp, got):
                    reason = ", ".join(reasons)
                    break
        got_items = [(r["span"], _item(r)) for r in records]
        if reason:
            contradicts.append((case.text, reason, case.expected, got_items))
        else:
            failures.append((case.text, case.expected, got_items))
    n = len(cases)
    applicable = n - len(contradicts)
    return {
        "cases": n,
        "passed": passed,
        "contradicts": len(contradicts),
        "failed": len(failures),
        "pass_rate": passed / applicable if applicable else 1.0,
        "raw_rate": passed / n if n else 1.0,
        "contradictions": contradicts,
        "failures": failures,
    }


def score_suite(path) -> dict:
    """Score one suite file; adds per-group results under ``groups`` for multi-task files."""
    path = Path(path)
    cases = load_cases(path)
    result = score_cases(cases)
    result["file"] = path.as_posix()
    groups = Counter(c.group for c in cases)
    if len(groups) > 1:
        result["groups"] = {g: score_cases([c for c in cases if c.group == g]) for g in groups}
    return result


def suite_paths(data: Path) -> list[Path]:
    return [data / p for p in RECOGNIZERS] + [data / p for p in JSONL_SUITES]


def _row(name, r) -> str:
    return (f"{name:<48} {r['cases']:>6} {r['passed']:>7} {r['contradicts']:>12} {r['failed']:>7}"
            f" {100 * r['pass_rate']:>9.1f}% {100 * r['raw_rate']:>8.1f}%")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="folder with the suites (default: ../shared/data/numbers)")
    parser.add_argument("--details", action="store_true",
                        help="list failing and contradicting cases")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"number suites not found at {args.data}; nothing to score "
              "(they live in ../shared/data/numbers, outside the repository)")
        return 0
    print("rule: multiset of values (range = (low, high), percent in points, money = amount) "
          f"equals the expected multiset, rel. tol. {REL_TOL:g}")
    print("pass rate = passed / (cases - contradicts); raw = passed / cases\n")
    print(f"{'suite':<48} {'cases':>6} {'passed':>7} {'contradicts':>12} {'failed':>7}"
          f" {'pass rate':>10} {'raw':>9}")
    for path in suite_paths(args.data):
        if not path.exists():
            print(f"{path.relative_to(args.data).as_posix():<48} missing")
            continue
        r = score_suite(path)
        print(_row(path.relative_to(args.data).as_posix(), r))
        for g, gr in sorted(r.get("groups", {}).items()):
            print(_row("    " + g, gr))
        if args.details:
            for text, reason, exp, got in r["contradictions"]:
                print(f"    CONTRADICTS [{reason}] {text!r}: expected {exp}, got {got}")
            for text, exp, got in r["failures"]:
                print(f"    FAILED {text!r}: expected {exp}, got {got}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
