"""Number mentions in Chinese text: the layer that indicator extraction is built on.

`find_numbers` reports every number mention with offsets into the original text, its value with
magnitudes applied, a kind, a unit and a qualifier; `find_dates` reports the dates that
`find_numbers` leaves out. Only the standard library is used; the regular expressions are built
once, at import, from the word lists in ``toolkit/data/numbers.json`` (see `lexicon`).

Conventions (DESIGN.md, "Numeric indicators"):

- **What is a mention.** Arabic numerals (ASCII or full-width; ``1,036`` and ``1，036`` only with
  groups of three) are always numbers, except inside codes and URLs (``5G``, ``G20``,
  ``COVID-19``), clock times (``18:00``) and list markers (``(1)``, a line that starts ``1、``).
  Chinese numerals of two or more characters are numbers (``十二``, ``三千五百``, ``二〇二四``).
  A lone numeral character (``一``, ``三``, ``十``, ``千``) is a number only in a numeric
  construction: before a classifier or unit (``三届``, ``一名``), money, ``%``/``成``/``折``;
  after ``第``, a qualifier (``近千``, ``超百``) or ``百分之``; as one end of a range
  (``一到五个``); or standing alone between quotes, spaces or punctuation (``“一”``). So ``三微``,
  ``五小``, ``两代表一委员``, ``一体六翼`` and ``十大产业集群`` (a name: ``大`` is no classifier)
  yield nothing, and nothing inside a listed non-number word (``一线``, ``统一``, ``进一步``,
  ``十分``, ``千万不要``, ``十四五`` …) is a number. A lone financial numeral (``拾``, ``伍``,
  ``陆``) counts only standing alone or before money (收拾, 队伍, 大陆 are words).
- **Span.** Qualifier morphemes contiguous with the number are part of the span (``超过300``,
  ``90%以上``, ``2000余``, ``近千``, ``约3万``, ``1200左右``), and so are ``%``, ``个百分点``,
  ``成``, ``折``, money units and prefixes (``80余万元``, ``人民币3.14``, ``$20``); classifiers
  and measure words are not (``367家`` → ``367``): the indicator layer adds them. A qualifier
  written after a classifier (``300人以上``, ``两年多``) is therefore outside the span and not
  reported.
- **Value.** Magnitudes applied (``11.43万`` → 114300, ``千万元`` → 10000000, ``两千四百五`` →
  2450); approximate and bounded forms keep the written base (``80余万`` → 800000, ``50多`` → 50,
  ``近千`` → 1000). ``一半`` and ``半`` before 个/年/小时 … are 0.5.
- **Percent** (kind ``percent``) values are in points with unit ``"%"``: ``30%`` → 30,
  ``百分之二十`` → 20, ``千分之五`` → 0.5, ``百分百`` → 100, ``三成`` → 30, ``两成多`` → 20 (over).
  ``折`` is the share of the price that is paid: ``九折`` → 90, ``7.5折`` → 75, ``八五折`` → 85.
  ``3个百分点`` → 3 with unit ``"个百分点"``.
- **Fractions** ``N分之M`` (``三分之一``) and ``M/N`` are kind ``number`` with the value of the
  fraction (0.333…), unit ``""``: a fraction is a ratio, not a percentage. Only a denominator that
  is a bare power of ten of at least 100 (``百分之``, ``千分之``, ``万分之``) makes a percentage;
  ``一百分之五`` is the fraction 0.05.
- **Money** (kind ``money``): unit ``"元"`` for yuan (元, 圆, 块钱, 人民币, ￥) with magnitudes and
  sub-units applied (``五元三毛`` → 5.3, ``一块二`` → 1.2); other currencies keep their
  normalised name (``美元``, ``欧元``, ``港元``) and the value is in that currency.
- **Ordinals** (``第三届`` → span ``第三``, value 3) are kind ``ordinal``.
- **Ranges** are kind ``range`` with ``value == low``: ``2000元至6000元``, ``2000至6000元``,
  ``10—15``, ``3到5``, ``5天至15天`` (span ``5天至15``), ``20和30之间``, compact ``二三十`` and
  ``七八``, and explicit bounds ``大于10小于20`` / ``二万元以上五万元以下``. The unit of the ends
  (``元``, ``%``) is the range's unit, and a bare start takes the end's magnitude (``两到三万`` →
  20000–30000, ``十八至三十万`` → 180000–300000). ``几十``/``数百`` (几 or 数 before a bare
  magnitude M) are ranges M–10·M with qualifier ``approx``; ``十几`` is 10, ``approx``.
- **Qualifier** is ``exact``, ``over`` (超/超过/逾/余/多/以上/突破/至少/不少于/不低于/上百 …),
  ``under`` (不到/不足/以下/未满/低于/不超过 …) or ``approx`` (约/近/将近/左右/上下/十几 …).
- **Dates** (``2024年9月23日``, ``2021年12月``, ``2023年``, ``1月7日``, ``12月``, ``10日``,
  ``2024-09-23``, ``3·15``, ``2023—2025年``) are no number mentions: `find_dates` reports them
  and `find_numbers` skips their parts. A year alone needs four digits (1800–2199); ``N日``
  before 内/以上/元 … is a number (``30日内`` is a duration, ``10日元`` is money).
"""

from __future__ import annotations

import json
import math
import re
from importlib.resources import files

__all__ = ["find_dates", "find_numbers", "find_numbers_and_dates", "lexicon"]

_LEX = json.loads(files("toolkit.data").joinpath("numbers.json").read_text(encoding="utf-8"))


def lexicon() -> dict:
    """The word lists the number layer uses (classifiers, currencies, qualifiers, non-number words).

    Read from ``toolkit/data/numbers.json``; treat the result as read-only.

    Examples
    --------
    >>> "家" in lexicon()["classifiers"]
    True
    """
    return _LEX


# ---------------------------------------------------------------------------------------------
# Character tables

_FW = str.maketrans("０１２３４５６７８９．，－％／～：＋", "0123456789.,-%/~:+")
_DIGIT = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "幺": 1, "二": 2, "贰": 2, "貳": 2, "两": 2,
    "兩": 2, "俩": 2, "倆": 2, "三": 3, "叁": 3, "參": 3, "叄": 3, "四": 4, "肆": 4, "五": 5,
    "伍": 5, "六": 6, "陆": 6, "陸": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}
_DEC_DIGITS = "".join(c for c in _DIGIT if c not in "两兩俩倆幺")
_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_TENS = {"廿": 20, "卅": 30, "卌": 40}
_BIG = {"万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8, "兆": 1e12}
_FINANCIAL = set("壹贰貳叁參叄肆伍陆陸柒捌玖拾佰仟")
_CN_DIGITS = "".join(_DIGIT)
_NUM_CHARS = _CN_DIGITS + "".join(_SMALL) + "".join(_TENS) + "".join(_BIG)
_D = "[0-9０-９]"


def _alt(words) -> str:
    """A regex alternation of literal words, longest first."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True) if w)


def _alt_spaced(words) -> str:
    """Like _alt, but spaces may stand between the characters (小于 或 等于, < =)."""
    words = sorted(set(words), key=len, reverse=True)
    return "|".join(r"[ \t]*".join(re.escape(c) for c in w) for w in words if w)


def _cls(chars: str) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(set(chars))) + "]"


# ---------------------------------------------------------------------------------------------
# Regular expressions (built once)

_AR_INT = rf"{_D}{{1,3}}(?:[,，]{_D}{{3}})+(?!{_D})|{_D}+"
_AR_MAIN = (
    rf"(?:{_AR_INT})(?:[.．]{_D}++(?![.．]{_D}))?"
    rf"(?:[eE][+\-－]?{_D}+(?![A-Za-z])|\^[+\-－]*{_D}+(?:[.．]{_D}+)?)?"
)
_AR_NUM = rf"{_AR_MAIN}|[.．]{_D}+"
_AR_FRAC = rf"{_D}+[ \t]+{_D}+[/／]{_D}+(?![/／]?{_D})|{_D}+[/／]{_D}+(?![/／]?{_D})"
_SI_SECOND = sorted({w[1] for w in _LEX["si_prefixed_units"] if w[0] in "千仟"})
_ATOM = (
    rf"(?:{_AR_FRAC}|{_AR_MAIN}|{_cls(_CN_DIGITS)}|[十拾百佰廿卅卌]"
    rf"|[千仟](?!{_cls(''.join(_SI_SECOND))})|[万萬亿億]|兆(?={_cls(_NUM_CHARS)}*[亿億]))"
)
_SIGN = r"(?:[-－−]|负|負|零下)"
_SP = r"[ \t\u3000]*"
_CONT = (
    rf"(?:{_SP}(?:{_ATOM}|分{_SP}之{_SP}{_SIGN}?"
    rf"|又(?={_SP}[{_NUM_CHARS}0-9０-９ \t]+分))"
    rf"|{_SP}[点點]{_SP}(?=[{_DEC_DIGITS}0-9０-９])"
    rf"|{_SP}[余餘多几幾]{_SP}(?=[十拾百佰千仟万萬亿億])"
    rf"|[个個](?=[亿億]))"
)
_REGION_SRC = rf"(?:{_SIGN}{_SP})?(?:{_ATOM}|[.．]{_D}+){_CONT}*"
_REGION = re.compile(_REGION_SRC)

_Y4A = r"[12１２][0-9０-９]{3}"
_Y4C = r"[〇○零一二三四五六七八九]{4}"
_YONLY = r"(?:[1１][89８９]|[2２][01０１])[0-9０-９]{2}"
_MA = r"[1１][0-2０-２]|[0０]?[1-9１-９]"
_MC = r"十[一二]?|[一二三四五六七八九]"
_DA = r"[3３][01０１]|[12１２][0-9０-９]|[0０]?[1-9１-９]"
_DC = r"三十一?|二十[一二三四五六七八九]?|廿[一二三四五六七八九]?|卅一?|十[一二三四五六七八九]?|[一二三四五六七八九]"
_DATE_SRC = (
    rf"(?P<y>{_Y4A}|{_Y4C})年{_SP}(?P<m>{_MA}|{_MC})月(?:{_SP}(?P<d>{_DA}|{_DC})[日号號])?"
    rf"|(?P<iy>{_Y4A})(?P<sep>[-/／.．])(?P<im>{_MA})(?P=sep)(?P<id>{_DA})(?!{_D})"
    rf"|(?P<m3>{_MA})[·•・](?P<d3>{_DA})(?!{_D})"
    rf"|(?P<yo>{_YONLY}|{_Y4C})年"
    rf"|(?P<yr>{_YONLY})(?={_SP}(?:——|--|[—\-－–~～至到]){_SP}(?:{_YONLY})年)"
    rf"|(?P<m2>{_MA}|{_MC})月{_SP}(?P<d2>{_DA}|{_DC})[日号號]"
    rf"|(?P<mo>{_MA}|{_MC})月"
    rf"|(?P<do>{_DA}|{_DC})日"
)
_HALF_CLS = _alt(_LEX["half_before"])
_HALF_NOT_AFTER = set(_LEX["half_not_after"])
_MASTER = re.compile(
    r"(?P<url>(?:https?://|www\.)[!-~]+)"
    rf"|(?P<date>{_DATE_SRC})"
    r"|(?P<time>(?:[01０１]?[0-9０-９]|[2２][0-4０-４])[:：][0-5０-５][0-9０-９](?:[:：][0-5０-５][0-9０-９])?)"
    rf"|(?P<half>一半|半(?={_HALF_CLS}))"
    r"|(?P<duizhe>[对對]折)"
    r"|(?P<pct100>百分百)"
    rf"|(?P<num>{_REGION_SRC})"
)

# Every alternative of _MASTER starts with one of these: find candidates at C speed first.
_TRIGGER = re.compile(_cls(_NUM_CHARS + "0123456789０１２３４５６７８９-－−负負.．半对對百hw"))
_TOKEN = re.compile(
    rf"(?P<x>{_AR_FRAC})|(?P<a>{_AR_NUM})|(?P<s>{_SIGN})|(?P<d>{_cls(_CN_DIGITS)})"
    r"|(?P<u>[十拾百佰千仟])|(?P<t>[廿卅卌])|(?P<U>[万萬亿億兆])|(?P<p>[点點])"
    rf"|(?P<q>[余餘多几幾])|(?P<f>分{_SP}之)|(?P<y>又)|(?P<g>[个個])|(?P<w>[ \t\u3000]+)"
)

_CLASSIFIER = re.compile(rf"{_SP}(?:{_alt(_LEX['classifiers'])})")
_CUR_NAMES = {w: unit for unit, ws in _LEX["currencies"].items() for w in ws}
_CURRENCY = re.compile(rf"{_SP}(?P<ge>[个個])?(?P<c>{_alt(_CUR_NAMES)})")
_CUR_PRE_NAMES = {w: unit for unit, ws in _LEX["currency_prefixes"].items() for w in ws}
_CUR_PRE = re.compile(rf"(?:{_alt(_CUR_PRE_NAMES)}){_SP}\Z")
_SUBUNITS = _LEX["currency_subunits"]
_SUB_NUM = rf"(?:{_D}+|{_cls(_CN_DIGITS)}|[十拾]{_cls(_CN_DIGITS)}?)"
_SUBUNIT = {
    unit: re.compile(rf"(?:又|零)?{_SP}(?P<n>{_SUB_NUM}){_SP}(?P<u>{_alt(subs)})")
    for unit, subs in _SUBUNITS.items()
}
_JIAO = re.compile(
    rf"{_SP}(?P<u>[角毛毫])(?={_SUB_NUM}{_SP}分|{_cls(_DEC_DIGITS)}|[钱錢])"
)
_TAIL_DIGIT = re.compile(rf"(?P<z>零)?(?P<n>{_cls(_DEC_DIGITS)})(?![{_NUM_CHARS}分角毛毫])")
_YUAN_BAD = set(_LEX["yuan_not_before"])

_Q_OVER, _Q_UNDER, _Q_APPROX = "over", "under", "approx"
_PRE_QUAL = re.compile(
    rf"(?:(?P<over>{_alt_spaced(_LEX['prefix_over'])})"
    rf"|(?P<under>{_alt_spaced(_LEX['prefix_under'])})"
    rf"|(?P<approx>{_alt_spaced(_LEX['prefix_approx'])}))"
    rf"{_SP}(?:{_alt(_LEX['prefix_copulas'])})?{_SP}\Z"
)
_PRE_NOT_AFTER = _LEX["prefix_not_after"]
_PRE_ORD = re.compile(rf"第{_SP}\Z")
_PRE_MAG = re.compile(rf"(?P<w>上|数|數|好几|好幾|几|幾){_SP}\Z")
_PRE_CMP = re.compile(rf"比{_SP}\Z")
_SUF_CMP = re.compile(rf"{_SP}(?:(?P<over>大|多|高|长|長|重)|(?P<under>小|少|低|短|轻|輕))")
_SUF_Q = re.compile(rf"{_SP}(?P<w>[余餘多几幾来來])")
_SUF_POST = re.compile(
    rf"{_SP}(?:{_alt(_LEX['inclusive_marks'])})?{_SP}"
    rf"(?:(?P<over>{_alt(_LEX['suffix_over'])})|(?P<under>{_alt(_LEX['suffix_under'])})"
    rf"|(?P<approx>{_alt(_LEX['suffix_approx'])}))"
)
_PCT = re.compile(rf"{_SP}(?:(?P<p>[%％])|(?P<pm>‰)|(?P<pw>‱)|(?P<pp>[个個]?{_SP}百{_SP}分{_SP}[点點]))")
_CHENG = re.compile(rf"{_SP}成(?!{_cls(_LEX['cheng_not_before'])})(?P<half>半)?")
_ZHE = re.compile(rf"{_SP}折(?!{_cls(_LEX['zhe_not_before'])})")
_MULT = re.compile(
    rf"{_SP}(?P<m>{_cls(''.join(_LEX['multiplier_letters']))})"
    rf"(?=\Z|[^\w]|{_alt(_LEX['multiplier_followers'] + list(_CUR_NAMES))})"
)
_MULT_VALUE = _LEX["multiplier_letters"]
_LETTER_UNIT = re.compile(rf"(?:{_alt(_LEX['letter_units'])})(?![A-Za-z])")
_RANGE_GAP = re.compile(
    rf"{_SP}(?:{_alt(_LEX['inclusive_marks'])})?{_SP}(?:{_alt(_LEX['range_separators'])}){_SP}\Z"
)
_CLS_GAP = re.compile(
    rf"{_SP}(?P<c>{_alt(_LEX['classifiers'])}){_SP}(?:{_alt(_LEX['range_separators'])}){_SP}\Z"
)
_BETWEEN_GAP = re.compile(rf"{_SP}(?:{_alt(_LEX['between_words'])}){_SP}\Z")
_BETWEEN_CLOSE = re.compile(rf"{_SP}(?:{_alt(_LEX['between_closers'])})")
_BOUND_GAP = re.compile(rf"{_SP}(?:{_alt(_LEX['bound_connectors'])})?{_SP}\Z")
_SEP_CHARS = set("".join(_LEX["range_separators"] + _LEX["between_words"]))
_DAY_BAD = re.compile(_alt(_LEX["day_not_before"]))
_LIST_MARK_AFTER = re.compile(r"[、．.](?![0-9０-９])")

_AR_START = set("0123456789０１２３４５６７８９.．")
_ALONE_BEFORE = set(" \t\r\n\u3000“‘\"'「『《<")
_ALONE_AFTER = set(" \t\r\n\u3000”’\"'」』》>。，,；;：:！!？?")


def _build_exclusions():
    """numeral char -> [(offset of the char in the word, word length, {word: (unless, only)})]."""
    groups: dict[tuple[str, int, int], dict] = {}
    unless = _LEX["non_number_unless_next"]
    only = _LEX["non_number_only_next"]
    words = set(_LEX["non_number_words"]) | set(unless) | set(only)
    for w in words:
        for k, c in enumerate(w):
            if c in _NUM_CHARS:
                groups.setdefault((c, k, len(w)), {})[w] = (unless.get(w, ""), only.get(w))
    table: dict[str, list] = {}
    for (c, k, length), ws in groups.items():
        table.setdefault(c, []).append((k, length, ws))
    return table


_EXCLUDE = _build_exclusions()


# ---------------------------------------------------------------------------------------------
# Tokens and the numeral parser


class _Tok:
    """One token of a numeral: kind, value, offsets, raw text, one-digit integer?, has a dot?"""

    __slots__ = ("k", "v", "s", "e", "c", "n1", "dot")

    def __init__(self, k, v, s, e, c, n1=False, dot=False):
        self.k, self.v, self.s, self.e, self.c, self.n1, self.dot = k, v, s, e, c, n1, dot


def _arabic_value(raw: str) -> tuple[float, bool, bool]:
    """Value of an Arabic number token, whether it is a one-digit integer, whether it has a dot."""
    t = raw.translate(_FW).replace(",", "")
    power = None
    if "^" in t:
        t, p = t.split("^", 1)
        neg = p.count("-") % 2 == 1
        power = float(p.replace("+", "").replace("-", "")) * (-1 if neg else 1)
    value = float(t)
    if power is not None:
        try:
            value = value**power
        except (OverflowError, ZeroDivisionError):
            pass
    if isinstance(value, complex) or not math.isfinite(value):
        value = float(re.split("[eE^]", t)[0] or 0)
    return value, (len(t) == 1 and t.isdigit()), ("." in t)


def _tokenize(text: str, start: int, end: int) -> list[_Tok]:
    toks = []
    for m in _TOKEN.finditer(text, start, end):
        k = m.lastgroup
        s, e = m.start(), m.end()
        g = m.group()
        if k == "a":
            v, n1, dot = _arabic_value(g)
            toks.append(_Tok("a", v, s, e, g, n1, dot))
        elif k == "x":
            t = g.translate(_FW)
            whole, _, frac = t.rpartition(" ") if " " in t or "\t" in t else ("", "", t)
            num, den = frac.split("/")
            v = float(num) / float(den) if float(den) else 0.0
            if whole.strip():
                v += float(whole.split()[0])
            toks.append(_Tok("x", v, s, e, g))
        elif k == "d":
            toks.append(_Tok("d", _DIGIT[g], s, e, g, True))
        elif k == "u":
            toks.append(_Tok("u", _SMALL[g], s, e, g))
        elif k == "t":
            toks.append(_Tok("t", _TENS[g], s, e, g))
        elif k == "U":
            toks.append(_Tok("U", _BIG[g], s, e, g))
        elif k == "s":
            toks.append(_Tok("s", -1, s, e, g))
        else:
            toks.append(_Tok(k, g, s, e, g))
    return toks


class _Num:
    """A parsed numeral and what the post-processing needs to know about it."""

    __slots__ = (
        "start", "end", "value", "low", "high", "qual", "strong", "pure_mag", "single",
        "mag_tail", "lead_mult", "pct_den", "pos2", "compact", "has_ar", "ar_int", "fin",
        "kind", "unit", "ok", "ordinal", "j", "last_ar", "n_ar", "bare", "dash",
    )

    def __init__(self):
        self.qual = None
        self.strong = False
        self.pure_mag = False
        self.bare = False
        self.dash = False
        self.single = False
        self.mag_tail = 1.0
        self.lead_mult = None
        self.pct_den = False
        self.pos2 = False
        self.compact = False
        self.has_ar = False
        self.ar_int = False
        self.fin = False
        self.kind = "number"
        self.unit = ""
        self.ok = False
        self.ordinal = False
        self.last_ar = False
        self.n_ar = 0


def _pair_ok(a: int, b: int) -> bool:
    """Two numerals written side by side as an approximate range (七八, 二三, 三五, 一两)."""
    return (b == a + 1 and a >= 1) or (a, b) == (3, 5)


def _skip_spaces(toks, j, n):
    while j < n and toks[j].k == "w":
        j += 1
    return j


def _space_ok(toks, j, n) -> bool:
    """May a number continue across the space at toks[j]? Only around units, 点 and 分之."""
    prev = toks[j - 1].k if j else ""
    nj = j + 1
    if nj >= n:
        return False
    nxt = toks[nj].k
    if nxt in "uUtpfq":
        return True
    if prev in "uUtpf":
        if nxt in "d":
            return True
        if nxt == "a" and nj + 1 < n and toks[nj + 1].k in "uU":
            return True
    return False


def _parse_std(toks, i, n, allow_compact=True):
    """Read a Chinese (or mixed) numeral with units from toks[i:]; None if nothing is read."""
    stack: list[list[float]] = []
    section = 0.0
    pending = None
    pending_1 = False
    pending_cn = False
    last_small = None
    zero = False
    qual = None
    any_digit = False
    n_units = 0
    n_digit_toks = 0
    n_explicit = 0
    compact_at = None
    dec = None
    j = i
    last_kind = ""
    has_ar = False
    last_ar = False
    n_ar = 0

    def small_tail():
        if pending is None:
            return 0.0
        if pending_1 and not zero and last_small is not None and last_small >= 100:
            return pending * last_small / 10
        return pending

    while j < n:
        t = toks[j]
        k = t.k
        if k == "w":
            if not _space_ok(toks, j, n):
                break
            j += 1
            continue
        if k == "d":
            if t.v == 0:
                if pending is not None:
                    break
                zero = True
                any_digit = True
                n_digit_toks += 1
                n_explicit += 1
            elif pending is not None:
                if (allow_compact and pending_cn and compact_at is None and last_kind == "d"
                        and _pair_ok(int(pending), t.v)):
                    compact_at = j
                    j += 1
                    last_kind = "d"
                    continue
                break
            else:
                pending, pending_1, pending_cn = float(t.v), True, True
                any_digit = True
                n_digit_toks += 1
                n_explicit += 1
            last_ar = False
        elif k == "a":
            if pending is not None or t.dot and (stack or section):
                break
            pending, pending_1, pending_cn = t.v, t.n1, False
            any_digit = True
            n_explicit += 1
            has_ar = True
            last_ar = True
            n_digit_toks += 1
            n_ar += 1
        elif k == "u":
            if last_small is not None and t.v >= last_small:
                break
            m = pending if pending is not None else 1.0
            if t.v == 10 and pending is None and not section and not stack:
                any_digit = True  # a leading 十 is 一十
                n_digit_toks += 1
            section += m * t.v
            pending = None
            last_small = t.v
            zero = False
            n_units += 1
            last_ar = False
        elif k == "t":
            if pending is not None or (last_small is not None and last_small <= 10):
                break
            section += t.v
            last_small = 10
            n_units += 1
            any_digit = True
            n_explicit += 1
            last_ar = False
        elif k == "U":
            cur = section + small_tail()
            popped = False
            while stack and (stack[-1][1] < t.v or (stack[-1][1] == t.v and cur == 0)):
                cur += stack.pop()[0]
                popped = True
            if cur == 0 and not popped and not zero:
                cur = 1.0
            stack.append([cur * t.v, t.v])
            section, pending, last_small, zero = 0.0, None, None, False
            n_units += 1
            last_ar = False
        elif k == "p":
            if pending is None and zero and not section and not stack:
                pending, pending_1 = 0.0, False
            m = _skip_spaces(toks, j + 1, n)
            digs = ""
            while m < n and toks[m].k == "d" and toks[m].c in _DEC_DIGITS:
                digs += str(toks[m].v)
                m += 1
            if not digs and m < n and toks[m].k == "a" and toks[m].c.translate(_FW).isdigit():
                digs = toks[m].c.translate(_FW)
                m += 1
            if not digs:
                break
            frac = float("0." + digs)
            m2 = _skip_spaces(toks, m, n)
            if m2 < n and toks[m2].k in "uU" and pending is not None:
                pending, pending_1 = pending + frac, False
                j = m
                last_kind = "p"
                continue
            dec = frac
            j = m
            break
        elif k == "q":
            qual = _Q_APPROX if t.v in "几幾" else _Q_OVER
        elif k == "g":
            if not (j + 1 < n and toks[j + 1].k == "U"):
                break
        else:
            break
        last_kind = k
        j += 1
    if j == i or not (any_digit or n_units):
        return None
    # trailing qualifier or space tokens are not part of the number
    while j > i and toks[j - 1].k in "wqg":
        j -= 1
    total = sum(v for v, _ in stack) + section
    if pending is not None:
        if pending_1 and not zero:
            if last_small is not None and last_small >= 100:
                total += pending * last_small / 10
            elif last_small is None and stack and last_kind != "q":
                total += pending * stack[-1][1] / 10
            else:
                total += pending
        else:
            total += pending
    if dec is not None:
        total += dec
    num = _Num()
    num.start, num.end, num.j = toks[i].s, toks[j - 1].e, j
    num.value = num.low = num.high = total
    num.qual = qual
    num.has_ar = has_ar
    num.last_ar = last_ar
    num.pure_mag = not any_digit
    num.bare = not n_explicit
    used = [t for t in toks[i:j] if t.k not in "wq"]
    num.fin = len(used) == 1 and used[0].c in _FINANCIAL
    num.single = len(used) == 1 and used[0].k in "da" and (used[0].k == "d" or used[0].n1)
    num.ar_int = has_ar and len(used) == 1 and not used[0].dot
    num.n_ar = n_ar
    # magnitude written after the last digit (三十万 → 1e4), and all units after a lone digit
    tail = 1.0
    for t in reversed(used):
        if t.k == "U":
            tail *= t.v
        elif t.k != "g":
            break
    num.mag_tail = tail
    if used and used[0].k in "da" and all(t.k in "uUg" for t in used[1:]) and len(used) > 1:
        lm = 1.0
        for t in used[1:]:
            if t.k != "g":
                lm *= t.v
        num.lead_mult = lm
    num.strong = has_ar or dec is not None or (n_digit_toks >= 1 and n_units >= 1)
    if len(used) == 1:
        num.strong = num.has_ar
    if compact_at is not None:
        low = _parse_std([t for idx, t in enumerate(toks[i:j], i) if idx != compact_at], 0,
                         j - i - 1, allow_compact=False)
        high = _parse_std([t for idx, t in enumerate(toks[i:j], i) if idx != compact_at - 1], 0,
                          j - i - 1, allow_compact=False)
        if low is None or high is None or not low.value < high.value:
            return None
        num.value = num.low = low.value
        num.high = high.value
        num.compact = True
        num.strong = False
        num.single = False
    return num


def _parse_value(text, toks, i, n):
    """A positional digit string (二〇二四, 一七二零), a compact pair (七八) or a numeral."""
    if i < n and toks[i].k == "x":
        num = _Num()
        num.start, num.end, num.j = toks[i].s, toks[i].e, i + 1
        num.value = num.low = num.high = toks[i].v
        num.strong = num.has_ar = True
        num.last_ar = False
        return num
    j = i
    while j < n and toks[j].k == "d":
        j += 1
    run = j - i
    if run >= 2:
        nxt = _skip_spaces(toks, j, n)
        next_unit = j < n and toks[j].k in "uUt"
        digits = [toks[x].v for x in range(i, j)]
        if run == 2 and 0 not in digits and _pair_ok(digits[0], digits[1]) and next_unit:
            return _parse_std(toks, i, n)
        if not next_unit:
            num = _Num()
            num.start, num.j = toks[i].s, j
            value = float("".join(str(d) for d in digits))
            dec = None
            if nxt < n and toks[nxt].k == "p":
                m = _skip_spaces(toks, nxt + 1, n)
                digs = ""
                while m < n and toks[m].k == "d" and toks[m].c in _DEC_DIGITS:
                    digs += str(toks[m].v)
                    m += 1
                if digs:
                    dec = float("0." + digs)
                    num.j = m
            end_tok = toks[num.j - 1]
            num.end = end_tok.e
            if run == 2 and 0 not in digits and dec is None:
                if _pair_ok(digits[0], digits[1]):
                    num.value = num.low = float(digits[0])
                    num.high = float(digits[1])
                    num.compact = True
                else:
                    num.value = num.low = num.high = value
                    num.pos2 = True
                return num
            num.value = num.low = num.high = value + (dec or 0.0)
            num.strong = True
            return num
        # digits run straight into a unit but are no pair (三八十): read them positionally
        num = _Num()
        num.start, num.end, num.j = toks[i].s, toks[j - 1].e, j
        num.value = num.low = num.high = float("".join(str(d) for d in digits))
        num.pos2 = run == 2
        num.strong = run > 2 or 0 in digits
        return num
    return _parse_std(toks, i, n)


def _parse_signed(text, toks, i, n, fractions=True):
    """A numeral with its sign and, if `fractions`, a fraction (三分之一, 三又三分之一)."""
    sign = 1.0
    s0 = toks[i].s
    before = text[max(0, s0 - 8):s0].rstrip(" \t\u3000")[-1:]
    if toks[i].k == "s" and toks[i].c in "-－−" and before and (
            before in "-－−—~～%％)）" or before.isdigit() or _is_letter(before)):
        i += 1  # 10-15, －－9: a dash after a number or a dash is no minus sign
        s0 = toks[i].s if i < n else s0
        if i >= n:
            return None
    if toks[i].k == "s":
        sign = -1.0
        i = _skip_spaces(toks, i + 1, n)
        if i >= n:
            return None
    num = _parse_value(text, toks, i, n)
    if num is None:
        return None
    j = _skip_spaces(toks, num.j, n)
    # mixed number: 三又三分之一
    if not fractions:
        pass
    elif j < n and toks[j].k == "y":
        den = _parse_value(text, toks, _skip_spaces(toks, j + 1, n), n)
        if den is not None:
            fj = _skip_spaces(toks, den.j, n)
            if fj < n and toks[fj].k == "f":
                ni = _skip_spaces(toks, fj + 1, n)
                numer = _parse_signed(text, toks, ni, n, False) if ni < n else None
                if numer is not None and den.value:
                    num.value = num.low = num.high = num.value + numer.value / den.value
                    num.end, num.j = numer.end, numer.j
                    num.strong = True
                    num.compact = False
    elif j < n and toks[j].k == "f":
        ni = _skip_spaces(toks, j + 1, n)
        numer = _parse_signed(text, toks, ni, n, False) if ni < n else None
        if numer is not None and num.value and not num.compact:
            den = num.value
            if num.pure_mag and den >= 100:
                factor = 100.0 / den
                num.pct_den = True
            else:
                factor = 1.0 / den
            num.value = numer.value * factor
            num.low = numer.low * factor
            num.high = numer.high * factor
            num.compact = numer.compact
            num.end, num.j = numer.end, numer.j
            num.strong = not numer.compact
            num.pure_mag = num.single = num.pos2 = num.bare = False
            num.lead_mult = None
            num.mag_tail = 1.0
            num.last_ar = numer.last_ar
            num.has_ar = numer.has_ar
    if sign < 0:
        num.value, num.low, num.high = -num.value, -num.high, -num.low
        num.start = s0
        num.dash = text[s0] in "-－−"
        num.strong = num.strong or num.single or num.pure_mag
    return num


def _parse_region(text, start, end):
    toks = _tokenize(text, start, end)
    out = []
    i, n = 0, len(toks)
    while i < n:
        if toks[i].k in "wqfypg":
            i += 1
            continue
        num = _parse_signed(text, toks, i, n)
        if num is None:
            i += 1
            continue
        out.append(num)
        i = max(num.j, i + 1)
    return out


# ---------------------------------------------------------------------------------------------
# From a parsed numeral to a mention: context on both sides


def _excluded(text: str, num: _Num) -> bool:
    """Is the numeral part of a non-number word (一线, 统一, 千万不要)?"""
    s = num.start
    entries = _EXCLUDE.get(text[s])
    if not entries:
        return False
    for k, length, words in entries:
        ws = s - k
        we = ws + length
        if ws < 0 or num.end > we:
            continue
        found = words.get(text[ws:we])
        if found is None:
            continue
        unless, only = found
        nxt = text[we] if we < len(text) else ""
        if unless and nxt and nxt in unless:
            continue
        if only is not None and not (nxt and nxt in only):
            continue
        return True
    return False


def _is_letter(c: str) -> bool:
    return ("a" <= c <= "z") or ("A" <= c <= "Z") or ("ａ" <= c <= "ｚ") or ("Ａ" <= c <= "Ｚ")


def _scale(num: _Num, f: float) -> None:
    num.value *= f
    num.low *= f
    num.high *= f


def _finish(text: str, num: _Num, floor: int = 0):
    """Attach prefix and suffix context to a numeral; None when it is not a number mention."""
    s, e = num.start, num.end
    n = len(text)
    qual = num.qual
    ok = num.strong
    # --- Arabic numerals in codes, URLs and list markers
    if num.has_ar:
        prev = text[s - 1] if s else ""
        if text[s] in _AR_START and (_is_letter(prev) or (prev in "-_" and
                                                           _code_before(text, s - 1))):
            return None
        if num.ar_int and num.n_ar == 1 and e - s <= 2:
            if prev in "(（" and text[e:e + 1] in (")", "）"):
                return None
            ls = text.rfind("\n", max(0, s - 64), s) + 1
            at_line_start = (ls > 0 or s <= 64) and not text[max(ls, s - 64):s].strip()
            if at_line_start and _LIST_MARK_AFTER.match(text, e):
                return None
        nxt = text[e:e + 2].lstrip(" ")[:1]
        if nxt and _is_letter(nxt) and num.last_ar:
            m = _MULT.match(text, e) if num.last_ar else None
            if m:
                f = _MULT_VALUE[m.group("m")]
                _scale(num, f)
                num.mag_tail *= f
                if num.lead_mult is not None:
                    num.lead_mult *= f
                elif num.single:
                    num.lead_mult = f
                e = m.end()
            elif e < n and _is_letter(text[e]) and not _LETTER_UNIT.match(text, e):
                return None  # a code such as 5G, 3D, 4K
    if (num.pos2 or num.compact) and _ZHE.match(text, e) and num.high < 10:
        num.value = num.low = num.high = num.low * 10 + num.high
        num.pos2, num.compact = True, False
    if num.pos2 and not _ZHE.match(text, e):
        return None
    # --- before the number
    ps = s
    unit = ""
    kind = "number"
    win = text[max(floor, s - 16):s]
    m = _PRE_ORD.search(win)
    cmp_prefix = False
    if m:
        num.ordinal = True
        ps = s - (len(win) - m.start())
        ok = True
    else:
        m = _CUR_PRE.search(win)
        if m:
            word = m.group().strip(" \t\u3000")
            unit = _CUR_PRE_NAMES[word]
            kind = "money"
            ps = s - (len(win) - m.start())
            win = text[max(floor, ps - 16):ps]
        m = _PRE_QUAL.search(win)
        if m:
            word = m.group(m.lastgroup)
            wstart = ps - (len(win) - m.start())
            before = text[wstart - 1] if wstart else ""
            if not (before and before in _PRE_NOT_AFTER.get(word, "")):
                if qual is None or m.lastgroup != _Q_APPROX:
                    qual = m.lastgroup
                ps = wstart
                ok = True
        elif num.bare and num.value > 0:
            m = _PRE_MAG.search(win)
            if m:
                w = m.group("w")
                ps = s - (len(win) - m.start())
                ok = True
                if w == "上":
                    qual = qual or _Q_OVER
                else:
                    num.high = num.value * 10
                    qual = _Q_APPROX
        if not m:
            m = _PRE_CMP.search(win)
            if m:
                cmp_prefix = True
                cmp_start = s - (len(win) - m.start())
    # --- after the number
    pos = e
    if not num.ordinal:
        m = _SUF_Q.match(text, pos)
        if m:
            w = m.group("w")
            after = m.end()
            unit_follows = bool(_CLASSIFIER.match(text, after) or _CURRENCY.match(text, after)
                                or _PCT.match(text, after))
            round_ten = num.value >= 10 and num.value % 10 == 0
            if w in "来來":
                if unit_follows and round_ten:
                    qual = qual or _Q_APPROX
                    pos = after
            elif w in "几幾":
                if round_ten:
                    qual = qual or _Q_APPROX
                    pos = after
            elif ok or unit_follows or after >= n or not _is_han(text[after]):
                qual = qual or _Q_OVER
                pos = after
        m = _PCT.match(text, pos)
        if m:
            kind = "percent"
            g = m.lastgroup
            if g == "pm":
                _scale(num, 0.1)
            elif g == "pw":
                _scale(num, 0.01)
            unit = "个百分点" if g == "pp" else "%"
            pos = m.end()
            ok = True
        elif num.pct_den:
            kind, unit, ok = "percent", "%", True
        elif kind != "money" and (mz := _ZHE.match(text, pos)) and _zhe_ok(text, num):
            if num.pos2 or num.value >= 10:
                pass
            else:
                _scale(num, 10)
            kind, unit, ok = "percent", "%", True
            pos = mz.end()
        elif kind != "money" and (mc := _CHENG.match(text, pos)) and 0 < num.high <= 10:
            _scale(num, 10)
            if mc.group("half"):
                num.value += 5
                num.low += 5
                num.high += 5
            kind, unit, ok = "percent", "%", True
            pos = mc.end()
            m = _SUF_Q.match(text, pos)
            if m and m.group("w") in "多余餘":
                qual = qual or _Q_OVER
                pos = m.end()
        elif num.pos2:
            return None
        else:
            m = _CURRENCY.match(text, pos)
            if m and _money_ok(text, m, num):
                cur = _CUR_NAMES[m.group("c")]
                kind, unit, ok = "money", cur, True
                pos = m.end()
                if cur == "元" and text.startswith("整", pos):
                    pos += 1
                pos = _money_tail(text, pos, cur, num, m.group("c"))
            elif kind == "money":
                ok = True
            elif mj := _JIAO.match(text, pos):
                _scale(num, 0.1)
                kind, unit, ok = "money", "元", True
                pos = _money_tail(text, mj.end(), "元", num, mj.group("u"))
        m = _SUF_POST.match(text, pos)
        if m and not (m.lastgroup == _Q_APPROX and m.group(m.lastgroup) in "许許" and not ok):
            if qual is None or qual == _Q_APPROX or m.lastgroup != _Q_APPROX:
                qual = m.lastgroup
            pos = m.end()
            ok = True
        if cmp_prefix:
            m = _SUF_CMP.match(text, pos)
            if m:
                qual = m.lastgroup
                pos = m.end()
                ps = cmp_start
                ok = True
    if not ok:
        if num.pure_mag and num.value != 10:
            ok = bool(_CLASSIFIER.match(text, pos))
        elif num.compact:
            ok = bool(_CLASSIFIER.match(text, pos))
        else:
            ok = bool(_CLASSIFIER.match(text, pos)) or _alone(text, s, e)
    if num.fin and kind == "number" and not num.ordinal:
        ok = _alone(text, s, e)  # a lone 拾, 伍, 陆 is a word (收拾, 队伍, 大陆), not a number
    if num.ordinal:
        kind = "ordinal"
    num.kind = kind
    num.unit = unit
    num.qual = qual
    num.ok = ok
    num.start, num.end = ps, pos
    if not ok:
        # keep it only if it may be one end of a range (一到五个)
        nx = text[pos:pos + 2].lstrip(" \t\u3000")[:1]
        pv = text[max(0, ps - 2):ps].rstrip(" \t\u3000")[-1:]
        if not (nx in _SEP_CHARS or pv in _SEP_CHARS):
            return None
    return num


def _code_before(text: str, i: int) -> bool:
    """Do letters (not a unit after a number, as in 5k-20k) end at text[i-1]? (COVID-19)"""
    j = i
    while j > 0 and _is_letter(text[j - 1]):
        j -= 1
    return j < i and not (j > 0 and text[j - 1].isdigit())


def _is_han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"


def _alone(text: str, s: int, e: int) -> bool:
    """A lone numeral standing by itself: between quotes, spaces or punctuation."""
    before = text[s - 1] if s else ""
    after = text[e] if e < len(text) else ""
    return (not before or before in _ALONE_BEFORE) and (not after or after in _ALONE_AFTER)


def _zhe_ok(text: str, num: _Num) -> bool:
    """折 takes one digit (九折, 7.5折) or two written digits (八五折, 75折), never 十折."""
    if num.pos2:
        return True
    v = num.value
    if 0 < v < 10:
        return True
    return 10 < v < 100 and v == int(v) and int(v) % 10 != 0 and num.has_ar


def _money_ok(text: str, m, num: _Num) -> bool:
    word = m.group("c")
    end = m.end()
    if m.group("ge") and _CUR_NAMES[word] == "元":
        return False
    nxt = text[end] if end < len(text) else ""
    if word in ("元", "圆", "圓") and nxt in _YUAN_BAD:
        return False
    if word in ("块", "塊"):
        if not nxt or not _is_han(nxt) or nxt in "钱錢":
            return True
        if _SUF_POST.match(text, end) or _SUBUNIT["元"].match(text, end):
            return True
        return bool(_TAIL_DIGIT.match(text, end))
    return True


def _money_tail(text: str, pos: int, cur: str, num: _Num, word: str) -> int:
    """Sub-units after a money unit: 五元三毛, 50元6角三分, 一块二, 三块零四, 两毛五."""
    pat = _SUBUNIT.get(cur)
    if pat is None:
        return pos
    subs = _SUBUNITS[cur]
    added = 0.0
    last = word if word in subs else None
    while m := pat.match(text, pos):
        raw = m.group("n").translate(_FW)
        if raw.isdigit():
            v = float(raw)
        else:
            v = sum(_DIGIT.get(c, 10 if c in "十拾" else 0) for c in raw)
        added += v * subs[m.group("u")]
        last = m.group("u")
        pos = m.end()
    m = _TAIL_DIGIT.match(text, pos)
    if m and not _CLASSIFIER.match(text, m.end()):
        step = 0.0
        if last is None and word in ("块", "塊", "蚊"):
            step = 0.01 if m.group("z") else 0.1
        elif last is not None and subs[last] == 0.1:
            step = 0.01
        if step:
            added += _DIGIT[m.group("n")] * step
            pos = m.end()
    if added:
        added = -added if num.value < 0 else added
        num.value += added
        num.low += added
        num.high += added
    if text.startswith(("钱", "錢"), pos):
        pos += 1
    return pos


# ---------------------------------------------------------------------------------------------
# Dates


def _cn_small(s: str) -> int:
    """Value of a small Chinese or Arabic day/month numeral (十二, 廿三, 09)."""
    s = s.translate(_FW)
    if s.isdigit():
        return int(s)
    total, cur = 0, 0
    for c in s:
        if c in "十":
            total += (cur or 1) * 10
            cur = 0
        elif c == "廿":
            total += 20
        elif c == "卅":
            total += 30
        else:
            cur = _DIGIT[c]
    return total + cur


def _year(s: str) -> int:
    s = s.translate(_FW)
    if s.isdigit():
        return int(s)
    return int("".join(str(_DIGIT[c]) for c in s))


def _date_record(text: str, m) -> dict | None:
    g = m.groupdict()
    y = mo = d = None
    if g["y"]:
        y, mo = _year(g["y"]), _cn_small(g["m"])
        d = _cn_small(g["d"]) if g["d"] else None
    elif g["iy"]:
        y, mo, d = _year(g["iy"]), _cn_small(g["im"]), _cn_small(g["id"])
    elif g["m3"]:
        mo, d = _cn_small(g["m3"]), _cn_small(g["d3"])
    elif g["yo"] or g["yr"]:
        y = _year(g["yo"] or g["yr"])
    elif g["m2"]:
        mo, d = _cn_small(g["m2"]), _cn_small(g["d2"])
    elif g["mo"]:
        mo = _cn_small(g["mo"])
    else:
        d = _cn_small(g["do"])
        if _DAY_BAD.match(text, m.end()):
            return None
        prev = text[m.start() - 1] if m.start() else ""
        if prev and (prev in _NUM_CHARS or prev in "第约約近超逾"):
            return None
    if (mo is not None and not 1 <= mo <= 12) or (d is not None and not 1 <= d <= 31):
        return None
    if y is not None:
        iso = f"{y:04d}" + (f"-{mo:02d}" if mo else "") + (f"-{d:02d}" if d else "")
    elif mo is not None:
        iso = f"--{mo:02d}" + (f"-{d:02d}" if d else "")
    else:
        iso = f"---{d:02d}"
    return {"start": m.start(), "end": m.end(), "span": m.group(), "year": y, "month": mo,
            "day": d, "iso": iso}


# ---------------------------------------------------------------------------------------------
# Scanning


_HALF_AFTER = {"百": (50.0, "number", ""), "成": (5.0, "percent", "%"), "折": (50.0, "percent", "%")}


def _special(text: str, m) -> _Num | None:
    """一半, 半 (半年, 半百, 半成, 半折), 打对折 and 百分百."""
    g = m.lastgroup
    s, e = m.start(), m.end()
    num = _Num()
    num.start, num.end = s, e
    num.strong = num.ok = True
    num.value = 0.5
    if g == "half" and m.group() == "半":
        prev = text[s - 1] if s else ""
        if prev and prev in _HALF_NOT_AFTER:
            return None
        after = _HALF_AFTER.get(text[e:e + 1])
        if after:
            num.value, num.kind, num.unit = after
            num.end = e + 1
    elif g == "duizhe":
        if not (s and text[s - 1] == "打"):
            return None
        num.value, num.kind, num.unit = 50.0, "percent", "%"
    elif g == "pct100":
        num.value, num.kind, num.unit = 100.0, "percent", "%"
    num.low = num.high = num.value
    return num


def _scan(text: str):
    nums: list[_Num] = []
    dates: list[dict] = []
    covered = 0
    search, match = _TRIGGER.search, _MASTER.match
    pos = 0
    while True:
        t = search(text, pos)
        if t is None:
            break
        m = match(text, t.start())
        if m is None:
            pos = t.start() + 1
            continue
        pos = m.end()
        g = m.lastgroup
        if g in ("url", "time"):
            continue
        if g == "date":
            d = _date_record(text, m)
            if d is not None:
                dates.append(d)
                continue
            rm = _REGION.match(text, m.start())
            if rm is None:
                continue
            start, end = rm.start(), rm.end()
            parsed = _parse_region(text, start, end)
        elif g == "num":
            start, end = m.start(), m.end()
            if text[start] in ".．" and start and (text[start - 1] in ".．" or
                                                   text[start - 1].isdigit()):
                start += 1
                if start >= end:
                    continue
            parsed = _parse_region(text, start, end)
        else:
            sp = _special(text, m)
            if sp is not None:
                nums.append(sp)
                covered = sp.end
                pos = max(pos, covered)
            continue
        for num in parsed:
            if num.start < covered or _excluded(text, num):
                continue
            if not math.isfinite(num.value) or not math.isfinite(num.high):
                continue  # a digit string too long for a float
            done = _finish(text, num, covered)
            if done is not None:
                nums.append(done)
                covered = max(covered, done.end)
        pos = max(pos, covered)
    return _merge(text, nums), dates


def _unit_of(a: _Num, b: _Num):
    """The shared unit of two range ends, or None when they cannot form a range."""
    if a.ordinal or b.ordinal:
        return None
    ka, kb = a.kind, b.kind
    if a.unit and b.unit:
        return (ka, a.unit) if (a.unit == b.unit and ka == kb) else None
    if a.unit:
        return ka, a.unit
    if b.unit:
        return kb, b.unit
    return "number", ""


def _range(text: str, a: _Num, b: _Num, end: int) -> _Num | None:
    ku = _unit_of(a, b)
    if ku is None or a.compact or b.compact:
        return None
    low, high = a.low, b.high
    if a.mag_tail == 1.0 and not a.unit and not a.pct_den:
        if a.single and b.lead_mult:
            cand = low * b.lead_mult
        else:
            cand = low * b.mag_tail
        if low < cand <= high:
            low = cand
    if not low < high:
        return None
    r = _Num()
    r.start, r.end = a.start, end
    r.value = r.low = low
    r.high = high
    r.kind = "range" if ku[0] in ("number", "range") else ku[0]
    r.unit = ku[1]
    r.qual = a.qual or b.qual
    r.ok = a.ok or b.ok
    r.strong = True
    return r


def _unsigned(num: _Num) -> _Num:
    """A copy of a dash-signed number without its sign (the dash was a range separator)."""
    out = _Num()
    for k in _Num.__slots__:
        setattr(out, k, getattr(num, k))
    out.value, out.low, out.high = -num.value, -num.high, -num.low
    out.start = num.start + 1
    out.dash = False
    return out


def _try_merge(text: str, a: _Num, b: _Num) -> _Num | None:
    """One record for two neighbours that form a range or a pair of bounds, else None."""
    gap = text[a.end:b.start]
    if len(gap) > 6:
        return None
    if _RANGE_GAP.match(gap) and a.qual in (None, _Q_APPROX) and b.qual in (None, _Q_APPROX):
        mc = _BETWEEN_CLOSE.match(text, b.end)
        return _range(text, a, b, mc.end() if mc else b.end)
    if a.qual or b.qual:
        if (a.ok and b.ok and {a.qual, b.qual} == {_Q_OVER, _Q_UNDER}
                and _BOUND_GAP.match(gap)):
            # explicit bounds: 大于10小于20, 二万元以上五万元以下
            lo, hi = (a, b) if a.qual == _Q_OVER else (b, a)
            ku = _unit_of(a, b)
            if ku is None or not lo.value < hi.value:
                return None
            merged = _Num()
            merged.start, merged.end = a.start, b.end
            merged.value = merged.low = lo.value
            merged.high = hi.value
            merged.kind = "range" if ku[0] == "number" else ku[0]
            merged.unit = ku[1]
            merged.ok = True
            return merged
        return None
    mg = _CLS_GAP.match(gap)
    if mg and not a.unit and not b.unit and text.startswith(mg.group("c"), b.end):
        # the classifier written on both ends: 5天至15天, 一年至三年
        return _range(text, a, b, b.end)
    if _BETWEEN_GAP.match(gap):
        mc = _BETWEEN_CLOSE.match(text, b.end)
        if mc:
            return _range(text, a, b, mc.end())
    return None


def _merge(text: str, nums: list[_Num]) -> list[_Num]:
    """Join range ends (2000元至6000元, 20和30之间) and bounds (大于10小于20)."""
    out: list[_Num] = []
    i = 0
    n = len(nums)
    while i < n:
        a = nums[i]
        if i + 1 < n:
            b = nums[i + 1]
            merged = None
            if b.dash and not b.ordinal:
                # a dash read as a minus sign may separate a range: 1万-5万元, 15度-20度
                merged = _try_merge(text, a, _unsigned(b))
            if merged is None:
                merged = _try_merge(text, a, b)
            if merged is not None:
                if merged.ok:
                    out.append(merged)
                i += 2
                continue
        if a.ok:
            out.append(a)
        i += 1
    return out


def _round(v: float) -> float:
    """Drop float noise from decimal arithmetic (1 + 0.57 → 1.57): 12 significant digits."""
    return float(f"{v:.12g}")


def _record(text: str, num: _Num) -> dict:
    kind = num.kind
    if num.low != num.high and kind not in ("ordinal",):
        kind = "range"
    lo, hi = min(num.low, num.high), max(num.low, num.high)
    value = _round(lo if kind == "range" else num.value)
    low = _round(lo) if kind == "range" else value
    high = _round(hi) if kind == "range" else value
    return {
        "start": num.start,
        "end": num.end,
        "span": text[num.start:num.end],
        "value": value,
        "low": low,
        "high": high,
        "kind": kind,
        "unit": num.unit,
        "qualifier": num.qual or "exact",
    }


def find_numbers(text: str) -> list[dict]:
    """Every number mention in `text`, in text order, as plain dicts.

    Each record has ``start``, ``end`` (offsets into `text`; ``text[start:end] == span``),
    ``span``, ``value`` (float, magnitudes applied; for a range the low end), ``low``, ``high``,
    ``kind`` (``number``, ``percent``, ``money``, ``ordinal`` or ``range``), ``unit`` (``""``,
    ``"%"``, ``"个百分点"``, ``"元"`` or another currency) and ``qualifier`` (``exact``,
    ``over``, ``under`` or ``approx``). The conventions are in this module's docstring; dates are
    left to `find_dates`.

    Examples
    --------
    >>> [(r["span"], r["value"], r["qualifier"]) for r in find_numbers("追回欠薪80余万元，覆盖超500人")]
    [('80余万元', 800000.0, 'over'), ('超500', 500.0, 'over')]
    >>> find_numbers("知晓率从30%上升至90%以上")[1]["span"]
    '90%以上'
    """
    nums, _ = _scan(text)
    return [_record(text, n) for n in nums]


def find_dates(text: str) -> list[dict]:
    """Every written date in `text`, in text order, as plain dicts.

    Each record has ``start``, ``end``, ``span``, ``year``, ``month``, ``day`` (ints, or None
    when not written) and ``iso``: ``"2024-09-23"``, ``"2021-12"``, ``"2023"``, ``"--01-07"``
    (no year), ``"--12"`` (a month), ``"---10"`` (a day). `find_numbers` skips these spans.

    Examples
    --------
    >>> [d["iso"] for d in find_dates("自2024年9月23日启动，1月7日下午举行")]
    ['2024-09-23', '--01-07']
    """
    _, dates = _scan(text)
    return dates


def find_numbers_and_dates(text: str) -> tuple[list[dict], list[dict]]:
    """``(find_numbers(text), find_dates(text))`` from a single scan of the text.

    Examples
    --------
    >>> numbers, dates = find_numbers_and_dates("2024年新建驿站22家")
    >>> [n["span"] for n in numbers], [d["iso"] for d in dates]
    (['22'], ['2024'])
    """
    nums, dates = _scan(text)
    return [_record(text, n) for n in nums], dates
