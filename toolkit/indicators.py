"""Numeric indicators: the figures a union article reports, with what they count.

Built on :mod:`toolkit.numbers` (every number mention) and its date finder. A mention becomes
an indicator when it measures something: money, a percentage, or a number followed by a
classifier or unit (家, 名, 人次, 个月, 平方米 …, kept as data in
``data/indicator_units.json``). Numbers inside names and labels are not indicators: short
quoted labels (“民主公开5分钟”, “十大产业集群”), grades and prize levels (二级, 一等奖), line
and room numbers (3号线), ordinals (第三届).

Each record: ``start``, ``end``, ``span`` (qualifier + number + unit as written), ``value``,
``low``, ``high``, ``unit`` (money in 元), ``kind`` (count, money, percent, duration, date,
other), ``qualifier`` (exact, over, under, approx), ``subject`` (the noun phrase counted),
``change`` (``{"from", "to", "direction"}`` or None) and ``date`` (ISO, dates only).

The subject is read from the tokenizer's part-of-speech tags in a short window: the noun
phrase right after the unit (367家 *中小型科技企业*, 150元的 *高温补贴*), else the noun phrase
before the verb that introduces the number (*技能人才*已达11.43万人), the object of a verb of
receiving or handling (收到 *留言* 1,300条), or the thing compared (*体检项目*从往年的8项增加到
14项). Money and measures take a noun right before them first (投入 *资金* 85万元). Only those
windows are tokenized, which keeps extraction faster than segmenting the whole text.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Collection
from importlib.resources import files

from .numbers import find_numbers_and_dates
from .tokenize import fold_width, get_tokenizer
from .word_rules import repair

__all__ = ["extract", "indicators_frame", "FIELDS"]

FIELDS = ("start", "end", "span", "value", "low", "high", "unit", "kind", "qualifier",
          "subject", "change", "date")

# Parts of speech that can be part of the noun phrase a number counts.
_NOUNISH = ("n", "nr", "ns", "nt", "nz", "vn", "l", "j", "b", "an", "ng", "eng", "i")
# Between a noun phrase and the number: verbs, adverbs, prepositions, qualifiers, particles.
_BRIDGE = ("v", "d", "p", "u", "c", "m", "q", "f", "r", "ad", "vd", "uj", "ul", "zg", "x")
# Clause boundaries; a comma between digits is a thousands separator (受理案件1,203件，同比…).
_CLAUSE_BOUNDARY = re.compile(r"[。；;！？!?、：:\n（(）)]|(?<!\d)[，,]|[，,](?!\d)")
_CLAUSE_REACH = 40
# Where the clause before a figure starts; a comma between digits is a thousands separator.
_PREVIOUS_CLAUSE = re.compile(r"[。！？!?\n；;]|(?<!\d)[，,]|[，,](?!\d)")
_OPENERS = "“”\"《》「」『』 "
_WINDOW = 14


@functools.lru_cache(maxsize=1)
def _units() -> dict:
    data = json.loads(files("toolkit.data").joinpath("indicator_units.json").read_text("utf-8"))
    kind_of = {}
    for kind in ("count", "duration", "other"):
        for unit in data[kind]:
            kind_of.setdefault(unit, kind)
    units = sorted(kind_of, key=len, reverse=True)
    trailing = data["trailing_qualifiers"]
    data["kind_of"] = kind_of
    data["not_subject_set"] = frozenset(data["not_subjects"])
    # After a number: 个 (of 个月/个小时), 多/余 (十个多月), the unit, a trailing qualifier.
    data["unit_re"] = re.compile(
        r"(?P<more>[多余来])?(?P<unit>" + "|".join(map(re.escape, units)) + r")"
        r"(?P<trail>" + "|".join(map(re.escape, sorted(trailing, key=len, reverse=True)))
        + r")?")
    data["trail_re"] = re.compile(
        "(?:" + "|".join(map(re.escape, sorted(trailing, key=len, reverse=True))) + ")")
    data["not_after_re"] = re.compile(
        "|".join(map(re.escape, sorted(data["not_after_number"], key=len, reverse=True))))
    up = "|".join(map(re.escape, sorted(data["change_up"], key=len, reverse=True)))
    down = "|".join(map(re.escape, sorted(data["change_down"], key=len, reverse=True)))
    data["up_re"], data["down_re"] = re.compile(up), re.compile(down)
    return data


def _in_short_quote(text: str, start: int, end: int) -> bool:
    """Is [start, end) inside a short quoted label such as “民主公开5分钟”?"""
    left = max(text.rfind("“", 0, start), text.rfind("\"", 0, start))
    if left < 0:
        return False
    close = text.find("”", end)
    if close < 0:
        return False
    inner = text[left + 1:close]
    if "“" in text[left + 1:start] or "”" in text[left + 1:start]:
        return False
    # A label is short and has no sentence inside; a quoted sentence of speech is long.
    return len(inner) <= 12 and not re.search(r"[，,。！？!?]", inner)


def _unit_after(text: str, end: int, mention: dict):
    """The unit after a number mention: (unit, kind, new end, qualifier or None)."""
    data = _units()
    folded = fold_width(text[end:end + 8])
    if folded.startswith("个百分点"):
        return "个百分点", "percent", end + 4, None
    match = data["unit_re"].match(folded)
    if not match:
        return None
    unit = match.group("unit")
    qualifier = None
    if match.group("more"):
        qualifier = "approx" if match.group("more") == "来" else "over"
    # 个 + 多 + 月: "两个多月" reads 两 | 个多月.
    if unit == "个" and folded[1:2] in "多余" and data["unit_re"].match(folded[2:]):
        inner = data["unit_re"].match(folded[2:])
        if inner.group("unit") in ("月", "小时", "星期", "工作日", "钟头"):
            unit = "个" + inner.group("unit")
            return unit, data["kind_of"].get(unit, "duration"), end + 2 + inner.end(), "over"
    if match.group("trail"):
        qualifier = data["trailing_qualifiers"][match.group("trail")]
    # "内" after a count is rarely "within" (e.g. 3家内资): only for durations.
    kind = data["kind_of"][unit]
    stop = end + match.end()
    if match.group("trail") in ("内",) and kind != "duration":
        stop -= 1
        qualifier = None if not match.group("more") else qualifier
    return unit, kind, stop, qualifier


def _is_label(text: str, start: int, end: int) -> bool:
    """A number that names or ranks rather than measures."""
    data = _units()
    after = fold_width(text[end:end + 4])
    if data["not_after_re"].match(after):
        return True
    before = text[max(0, start - 1):start]
    return before in ("第", "前", "后", "No", "号", "#") and not after.startswith(("%", "元"))


def _qualifier(mention_qualifier: str, unit_qualifier: str | None) -> str:
    if unit_qualifier:
        return unit_qualifier
    return mention_qualifier or "exact"


def _candidates(text: str) -> list[dict]:
    """Indicator candidates from number mentions and dates, before subjects and changes."""
    out = []
    numbers, dates = find_numbers_and_dates(text)
    for date in dates:
        value = float(date["year"]) if date.get("year") else None
        unit = "年" if date.get("year") else ""
        unit += "月" if date.get("month") else ""
        unit += "日" if date.get("day") else ""
        out.append({"start": date["start"], "end": date["end"], "span": date["span"],
                    "value": value, "low": value, "high": value, "unit": unit,
                    "kind": "date", "qualifier": "exact", "subject": None, "change": None,
                    "date": date["iso"]})
    for mention in numbers:
        kind = mention["kind"]
        start, end = mention["start"], mention["end"]
        if kind == "ordinal" or _in_short_quote(text, start, end):
            continue
        if mention["span"] == "一" and _units()["unit_re"].match(text[end:end + 3]):
            # 一批/一支/一名 + noun is an article, not a figure (一个月, 一年 are durations).
            found = _unit_after(text, end, mention)
            if found and found[1] == "count":
                continue
        if kind in ("number", "range") and _is_label(text, start, end):
            continue
        unit, unit_kind, stop, unit_qualifier = mention["unit"], None, end, None
        if kind in ("number", "range") and mention["unit"] in ("", None):
            found = _unit_after(text, end, mention)
            if found is None:
                continue  # a bare number: a code, a list marker, or a figure we cannot place
            unit, unit_kind, stop, unit_qualifier = found
        elif kind in ("money", "percent", "range"):
            trail = _units()["trail_re"].match(fold_width(text[end:end + 2]))
            if trail and not mention["span"].endswith(("以上", "以下", "左右", "上下")):
                unit_qualifier = _units()["trailing_qualifiers"][trail.group()]
                stop = end + trail.end()
        if kind == "money":
            final_kind = "money"
        elif kind == "percent" or unit in ("%", "个百分点", "‰"):
            final_kind = "percent"
        elif kind == "range":
            final_kind = ("money" if unit == "元" else "percent" if unit in ("%", "个百分点")
                          else unit_kind or "count")
        else:
            final_kind = unit_kind or "count"
        out.append({"start": start, "end": stop, "span": text[start:stop],
                    "value": mention["value"], "low": mention["low"], "high": mention["high"],
                    "unit": unit, "kind": final_kind,
                    "qualifier": _qualifier(mention["qualifier"], unit_qualifier),
                    "subject": None, "change": None, "date": None})
    out.sort(key=lambda r: r["start"])
    # Dates and numbers never overlap in the number layer; keep the first of any overlap.
    kept: list[dict] = []
    for record in out:
        if kept and record["start"] < kept[-1]["end"]:
            continue
        kept.append(record)
    return kept


# --------------------------------------------------------------------------- subjects


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around ``text[start:end]``, at most 40 characters each side."""
    left = max(0, start - _CLAUSE_REACH)
    # One character past each window so that a comma's neighbours are seen (1,203).
    for match in _CLAUSE_BOUNDARY.finditer(text, left, min(len(text), start + 1)):
        if match.start() < start:
            left = match.end()
    reach = min(len(text), end + _CLAUSE_REACH)
    match = _CLAUSE_BOUNDARY.search(text, end, min(len(text), reach + 1))
    right = match.start() if match and match.start() < reach else reach
    return left, right


def _is_unit_word(word: str) -> bool:
    """万人, 人次, 小时: the unit of a neighbouring figure, never what is counted."""
    kind_of = _units()["kind_of"]
    return word in kind_of or (len(word) > 1 and word[0] in "万亿千百" and word[1:] in kind_of)


def _nounish(word: str, tag: str, *, verbal: bool) -> bool:
    if _is_quantity(word) or word in _units()["not_subject_set"] or _is_unit_word(word):
        return False
    if tag == "vn":
        return verbal
    if tag == "t":
        return len(word) >= 2
    # jieba tags a few words built on numerals as numerals (一线): nouns here.
    return tag.startswith(_NOUNISH) or tag == "m"


def _noun_run(pairs: list[tuple[str, str]], *, from_left: bool) -> str:
    """The longest run of noun-ish tokens at the start (or end) of ``pairs``. Verbal nouns
    (整治, 工资) count after a number, and before it only as the head (the last word):
    in front of other nouns they are usually the verb (发展 党员)."""
    sequence = pairs if from_left else list(reversed(pairs))
    run: list[str] = []
    pieces: list[str] = []  # the run with the quote marks around or inside it
    for k, (word, tag) in enumerate(sequence):
        if word in _OPENERS:
            pieces.append(word)
            continue
        if not _nounish(word, tag, verbal=from_left or not run):
            # After a number a verb can modify the noun that follows (百余项 创新 项目,
            # 1800余名 在职 职工); it is kept only when it comes first and a noun comes next
            # (a verb after the noun is the predicate: 职工 加入 工会).
            following = sequence[k + 1] if k + 1 < len(sequence) else None
            modifier = (from_left and not run and following
                        and (tag == "a" or tag == "v" and len(word) == 2)
                        and _nounish(*following, verbal=False))
            # Before a number a one-character noun ending the phrase is a suffix that makes
            # a noun of the verb in front (投诉 量, 补偿 金, 违约 金).
            suffixed = (not from_left and len(run) == 1 and len(run[0]) == 1
                        and tag in ("v", "vn") and len(word) == 2)
            if not (modifier or suffixed):
                break
        run.append(word)
        pieces.append(word)
    if not from_left:
        run.reverse()
        pieces.reverse()
    return _tidy_quotes("".join(pieces), "".join(run))


def _tidy_quotes(quoted: str, bare: str) -> str:
    """``quoted`` when its quote marks quote part of the phrase (“三违”行为, “新疆工匠”培育对象,
    as the guide keeps the subject verbatim), else ``bare``: marks around all of it
    (“爱心妈妈小屋”), unpaired ones cut off by the window, and other marks go."""
    marks = quoted.count("“")
    if (marks == 0 or marks != quoted.count("”")
            or quoted.replace("“", "").replace("”", "") != bare
            or marks == 1 and quoted.startswith("“") and quoted.endswith("”")):
        return bare
    return quoted


_NUMERIC = re.compile(r"[\d０-９.,%％]+.*|[零〇一二两三四五六七八九十百千万亿余多几]+(.*)")


def _is_quantity(word: str) -> bool:
    """2,860, 百余, or a numeral with its unit (百余名): never part of a subject."""
    match = _NUMERIC.fullmatch(word)
    return bool(match) and (not match.group(1) or _is_unit_word(match.group(1)))


def _noun_before(pairs: list[tuple[str, str]]) -> str:
    """The noun phrase that ends ``pairs``, after walking left over the verb, adverbs and
    qualifiers that introduce a number (已达, 超过, 共有, 同比增长)."""
    skip = _units()["not_subject_set"]
    k = len(pairs)
    while k > 0 and (pairs[k - 1][0] in skip or pairs[k - 1][0] in _OPENERS
                     or _is_quantity(pairs[k - 1][0]) or _is_unit_word(pairs[k - 1][0]) or (
            pairs[k - 1][1].startswith(_BRIDGE) and not pairs[k - 1][1].startswith(_NOUNISH))):
        k -= 1
    return _noun_run(pairs[:k], from_left=False)


def _is_change_verb(word: str) -> bool:
    data = _units()
    return bool(data["up_re"].fullmatch(word) or data["down_re"].fullmatch(word))


def _last_index(pairs: list[tuple[str, str]], words: Collection[str]) -> int | None:
    for k in range(len(pairs) - 1, -1, -1):
        if pairs[k][0] in words:
            return k
    return None


def _noun_adjacent(pairs: list[tuple[str, str]]) -> str:
    """The noun phrase right before a number, with at most words such as 共计, 约, 同比
    between (资金85万元, 工资共计47.6万元); empty when a verb introduces the number."""
    skip = _units()["not_subject_set"]
    k = len(pairs)
    while k > 0 and (pairs[k - 1][0] in skip or pairs[k - 1][0] in _OPENERS):
        k -= 1
    if k == 0 or not _nounish(*pairs[k - 1], verbal=True):
        return ""
    return _noun_run(pairs[:k], from_left=False)


def _verb_object(pairs: list[tuple[str, str]]) -> str:
    """收到留言1,300多条, 查处“三违”行为284起: after a verb of receiving or handling, the
    short object before the number, verbatim, whatever the tagger makes of it (留言/v)."""
    k = _last_index(pairs, _units()["object_verbs"])
    if k is None:
        return ""
    words = [word for word, _ in pairs[k + 1:]]
    while words and (words[-1] in _units()["not_subject_set"] or _is_quantity(words[-1])):
        words.pop()
    found = "".join(words).strip()
    return _tidy_quotes(found, found.replace("“", "").replace("”", "")) if len(found) <= 6 else ""


def _tag_window(window: str) -> list[tuple[str, str]]:
    """POS tags of a short window: the tokenizer's dictionary cut, word rules and tags,
    without its number and name handling (neither a number nor a person is what a figure
    counts). Cheap enough to run twice per indicator."""
    engine = get_tokenizer().engine
    folded = fold_width(window)
    out, position = [], 0
    for word in repair(engine.cut(folded, False), folded, engine, names=False):
        out.append((window[position:position + len(word)], engine.tag(word)))
        position += len(word)
    return out


def _subject(text: str, record: dict, clause: tuple[int, int],
             before_figure: dict | None) -> str | None:
    """The noun phrase after the unit (367家 *中小型科技企业*), else the one before the figure
    (追回 *欠薪* 80余万元); for a share the one before comes first (*知晓率* 达90%,
    *理论考试成绩* 占总成绩的30%); for money and measures a noun right before the figure
    comes first (投入 *资金* 85万元改造食堂, *海拔* 3650米)."""
    left, right = clause
    before_text = text[max(left, record["start"] - _WINDOW):record["start"]]
    tagged: list = []  # the tags of before_text, computed once when first needed

    def before_pairs():
        if not tagged:
            tagged.append(_tag_window(before_text) if before_text.strip() else [])
        return tagged[0]

    def adjacent_side():
        return _noun_adjacent(before_pairs())

    def after_side():
        after_end = min(right, record["end"] + _WINDOW)
        after = text[record["end"]:after_end]
        if not after:
            return ""
        pairs = _tag_window(after)
        # A duration followed by a verb says how long it is done (24小时接收职工的意见):
        # the object of that verb is not what the figure counts.
        if record["kind"] == "duration" and pairs[0][1] == "v":
            return ""
        # N元的补贴, 不少于2天的休息: the 的-phrase is headed by the noun after 的, unless
        # a noun stands right before the figure and the 的-phrase describes something else
        # (提供月薪4000元的岗位).
        if pairs[0][0] == "的" and len(pairs) > 1:
            if adjacent_side():
                return ""
            pairs = pairs[1:]
        run = _noun_run(pairs, from_left=True)
        # A classifier needs a noun (64名选手参加决赛, 106件提案中): a word the tagger reads
        # as a verb right after it and followed by a verb or a locative is that noun,
        # unless it is a change (8项增加到14项). 人 is a noun already (5人参加).
        if (not run and record["kind"] == "count" and record["unit"] not in ("人", "人次")
                and len(pairs) > 1 and pairs[0][1] == "v" and len(pairs[0][0]) == 2
                and pairs[1][1][:1] in ("v", "f", "p") and not _is_change_verb(pairs[0][0])):
            return pairs[0][0]
        # Money and time spent on something end their clause with what it is, which the
        # tagger often reads as a verb (一千元生活补助, 1000元奖励, 两天的弹性休息).
        if (record["kind"] in ("money", "duration") and after_end == right
                and "".join(word for word, _ in pairs[:-1]) == run
                and pairs[-1][1] == "v" and len(pairs[-1][0]) == 2):
            return run + pairs[-1][0]
        # A lone verbal noun followed by a verb or preposition is the verb itself
        # (5人发展到43人), not what is counted.
        if len(pairs) > 1 and run == pairs[0][0] and pairs[0][1] == "vn" \
                and pairs[1][1][:1] in ("p", "v", "u", "d", "f"):
            return ""
        return run

    def before_side():
        pairs = before_pairs()
        # X从原来的30%上升至…, X较上年减少97起, X比诉讼缩短70%: X, before the comparison
        # (从/由 only when no verb follows: 由工会投入资金 is the agent).
        cut = _last_index(pairs, ("较", "比"))
        if cut is None:
            cut = _last_index(pairs, ("从", "由"))
            if cut is not None and any(tag.startswith("v") for _, tag in pairs[cut + 1:]):
                cut = None
        if cut is not None:
            return _noun_before(pairs[:cut])
        # X占Y的30%: the share is of X, the noun before 占; of Y when X is not written
        # (证书, 占参训人数的75%).
        if record["kind"] == "percent":
            cut = _last_index(pairs, ("占",))
            if cut is not None:
                share_of = _noun_before(pairs[:cut])
                return share_of if len(share_of) >= 2 else _noun_before(pairs[cut + 1:])
        return _verb_object(pairs) or _noun_before(pairs)

    sides = (before_side, after_side) if record["kind"] == "percent" else (after_side,
                                                                           before_side)
    if record["kind"] in ("money", "other"):
        sides = (adjacent_side, *sides)
    for side in sides:
        run = side()
        if len(run) >= 2:
            return run
    # Nothing in this clause (目前已建成41个): the noun phrase ending the clause before it,
    # within the same sentence; when that clause ends with a figure, this one says more
    # about the same thing (查处“三违”行为284起，较上年减少97起，减幅达25.5%).
    if left > 0 and text[left - 1] in "，,；;：:、":
        if before_figure is not None and before_figure["subject"] \
                and not text[before_figure["end"]:left - 1].strip():
            return before_figure["subject"]
        previous = text[max(0, left - 1 - _WINDOW):left - 1]
        previous = _PREVIOUS_CLAUSE.split(previous)[-1]
        if previous.strip():
            run = _noun_before(_tag_window(previous))
            if len(run) >= 2:
                return run
    return None


# --------------------------------------------------------------------------- changes

# 从30%, 从原来的30%, 由最初的5人, 从往年的8项: a time or state word with 的 may stand between.
_FROM = re.compile(r"(?:从|由)(?:[^\W\d_]{1,4}的)?$")


_TO = re.compile(r"[到至为]\s*$")


def _changes(text: str, records: list[dict]) -> None:
    """Mark ``从30%上升至90%``, ``由12家增至45家`` (on the later number) and ``增长12%``."""
    data = _units()
    for i, record in enumerate(records):
        if record["kind"] == "date":
            continue
        between_prev = None
        if i > 0 and records[i - 1]["kind"] == record["kind"] != "date":
            prev = records[i - 1]
            gap = text[prev["end"]:record["start"]]
            # The gap says where it went (增加到, 降至, 提高到); 从A中产生的B is no change.
            if (len(gap) <= 8 and _FROM.search(text[max(0, prev["start"] - 6):prev["start"]])
                    and (_TO.search(gap) or data["up_re"].search(gap)
                         or data["down_re"].search(gap))):
                between_prev = gap
        if between_prev is not None:
            direction = ("up" if data["up_re"].search(between_prev) else
                         "down" if data["down_re"].search(between_prev) else
                         "up" if record["value"] > prev["value"] else "down")
            record["change"] = {"from": prev["value"], "to": record["value"],
                                "direction": direction}
            record["_from"] = prev  # both ends of a change count the same thing
            continue
        before = fold_width(text[max(0, record["start"] - 6):record["start"]])
        before = re.sub(r"(了|分别|约|近|达|为|超过|超)+$", "", before)
        target = before.endswith(("至", "到"))
        stem = before.rstrip("至到")
        for direction, pattern in (("up", data["up_re"]), ("down", data["down_re"])):
            # The change verb must end right before the number (增长12%, 减少了7起).
            last = max((m.end() for m in pattern.finditer(stem)), default=-1)
            if last == len(stem) and stem:
                record["change"] = {"from": None,
                                    "to": record["value"] if target else None,
                                    "direction": direction}
                break


# --------------------------------------------------------------------------- API


def extract(text: str, *, subjects: bool = True) -> list[dict]:
    """Every indicator in ``text``, in order, as plain records (see module docstring).

    Examples
    --------
    >>> [(r["span"], r["value"], r["unit"], r["qualifier"], r["subject"])
    ...  for r in extract("已帮劳动者追回欠薪80余万元")]
    [('80余万元', 800000.0, '元', 'over', '欠薪')]
    >>> r = extract("知晓率从原来的30%上升至90%以上")[1]
    >>> r["span"], r["qualifier"], r["change"]
    ('90%以上', 'over', {'from': 30.0, 'to': 90.0, 'direction': 'up'})
    """
    if not text:
        return []
    records = _candidates(text)
    _changes(text, records)
    if subjects:
        before_figure = None  # the figure before this one, dates aside
        for record in records:
            if record["kind"] == "date":
                continue
            if "_from" in record and record["_from"]["subject"]:
                record["subject"] = record["_from"]["subject"]
            else:
                record["subject"] = _subject(text, record,
                                             _clause_bounds(text, record["start"],
                                                            record["end"]), before_figure)
            before_figure = record
    return [{key: record[key] for key in FIELDS} for record in records]


def indicators_frame(docs, *, text_col: str = "text"):
    """One row per indicator, with the document's other fields alongside (``doc_id`` first).

    ``docs``: records with ``id`` and ``text``, or a DataFrame with those columns.

    Examples
    --------
    >>> df = indicators_frame([{"id": "a", "text": "新建工会驿站22家", "unit": "市总"}])
    >>> df[["doc_id", "span", "value", "subject"]].values.tolist()
    [['a', '22家', 22.0, '工会驿站']]
    """
    import pandas as pd

    if isinstance(docs, pd.DataFrame):
        docs = docs.to_dict("records")
    rows = []
    doc_columns: dict[str, None] = {}
    for n, doc in enumerate(docs, start=1):
        extra = {f"doc_{k}" if k in FIELDS else k: v for k, v in doc.items()
                 if k not in ("id", text_col)}
        doc_columns.update(dict.fromkeys(extra))
        for record in extract(doc.get(text_col) or ""):
            rows.append({"doc_id": doc.get("id", n), **record, **extra})
    return pd.DataFrame(rows, columns=["doc_id", *FIELDS, *doc_columns])
