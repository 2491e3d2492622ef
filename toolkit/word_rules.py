"""Rules that repair jieba's dictionary cut where the segmentation guide writes words
otherwise (``corpus/guides/segmentation.md``).

jieba's dictionary decides most boundaries; what it cannot know is decided here, on the words
of one piece of text that holds no number (numbers are cut by a regular expression before):
person names jieba leaves in pieces (王 晶 晶 → 王晶晶), bound suffixes (起重 机 → 起重机),
administrative suffixes after a short place name (海北 州 → 海北州), measure words glued to
the next character after a numeral (两 个人 → 两 个 人), 一起 counting an event after a verb
(发生 一 起 事故), and 不少于 (不 少于). :func:`repair` applies them in that order; each one
is skipped, cheaply, when its trigger characters are not in the piece.

Word lists live in ``data/surnames.txt``; the rules are checked against the segmentation
gold by ``benchmarks/segmentation.py`` and pinned by ``tests/test_tokenize.py``.
"""

from __future__ import annotations

import functools
from importlib.resources import files


def repair(words: list[str], piece: str, engine, *, names: bool = True,
           after_number: bool = False) -> list[str]:
    """Apply the rules to ``words``, jieba's cut of ``piece``. ``engine`` gives the
    dictionary tags (``engine.tag``) and the gazetteer's short place names
    (``engine.place_stems``); ``after_number``: the piece follows a number token, as 个人
    follows 3 in 3个人."""
    if names:
        words = join_names(words, engine.tag)
    if not SUFFIXES.isdisjoint(piece):
        words = join_suffixes(words)
    if not PLACE_SUFFIXES.isdisjoint(piece):
        words = join_place_suffixes(words, engine)
    if "一" in piece:
        words = split_counted(words, engine.tag)
    if "不少于" in piece:
        words = regroup(words, ("不少", "于"), ("不", "少于"))
    if after_number or not NUMERAL_CHARS.isdisjoint(piece):
        words = split_after_numerals(words, after_number)
    return words


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


# --------------------------------------------------------------------------- person names


@functools.lru_cache(maxsize=1)
def name_chars() -> tuple[frozenset[str], ...]:
    """(surnames, characters that never continue a name, role words, role-word endings,
    words that follow a person), from ``data/surnames.txt``."""
    surnames: set[str] = set()
    sets: dict[str, set[str]] = {"EXCLUDE": set(), "ROLE": set(), "ROLE_SUFFIX": set(),
                                 "FOLLOWER": set()}
    text = files("toolkit.data").joinpath("surnames.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        key, _, rest = line.partition(" ")
        if key == "EXCLUDE":
            sets[key] |= set(rest.strip())
        elif key in sets:
            sets[key] |= set(rest.split())
        else:
            surnames |= set(line.strip())
    return (frozenset(surnames), frozenset(sets["EXCLUDE"]), frozenset(sets["ROLE"]),
            frozenset(sets["ROLE_SUFFIX"]), frozenset(sets["FOLLOWER"]))


def _name_runs(words: list[str], tag):
    """(start, stop) index ranges of ``words`` that form a person name (``tag``: the
    part-of-speech of a dictionary word)."""
    surnames, exclude, roles, role_endings, followers = name_chars()

    def introduces_person(word: str) -> bool:
        return word in roles or (len(word) > 1 and word[-1] in role_endings)

    def single(k):
        return k < n and len(words[k]) == 1 and is_han(words[k]) and words[k] not in exclude

    n = len(words)
    i = 0
    while i < n:
        if len(words[i]) == 1 and words[i] in surnames and not (i > 0 and single(i - 1)):
            j = i + 1
            while j - i < 3 and single(j):
                j += 1
            # Only a whole run of single characters: a longer run is not a name we can trust.
            if j - i >= 2 and not single(j):
                yield i, j
                i = j
                continue
            # A surname and a two-character word after a role word (职工 王 晶晶), or one
            # that jieba knows as a given name (王 红霞, 刘 志强), or before a word that
            # follows a person (李 国庆 说, 高 卫东 今年).
            if j == i + 1 and i + 1 < n and len(words[i + 1]) == 2 \
                    and all(map(is_han, words[i + 1])) and (
                        (i > 0 and introduces_person(words[i - 1]))
                        or (tag(words[i + 1]).startswith("nr") and words[i + 1] not in roles)
                        or (i + 2 < n and words[i + 2] in followers)):
                yield i, i + 2
                i += 2
                continue
        i += 1


def join_names(words: list[str], tag) -> list[str]:
    """王 晶 晶 → 王晶晶, 职工 王 晶晶 → 职工 王晶晶 (see ``data/surnames.txt``).

    >>> join_names(["职工", "王", "晶", "晶", "说"], tag=lambda word: "n")
    ['职工', '王晶晶', '说']
    """
    runs = list(_name_runs(words, tag))
    if not runs:
        return words
    out, last = [], 0
    for i, j in runs:
        out += words[last:i]
        out.append("".join(words[i:j]))
        last = j
    return out + words[last:]


# --------------------------------------------------------------------------- suffixes

# Bound suffixes that make a noun of the two-character word before them, which jieba leaves
# apart when the whole is not in its dictionary: 入会 率 → 入会率, 宣讲 团 → 宣讲团, 起重 机 →
# 起重机, 检测 仪, 收银 员, 劳务 工, 意外 险, 高温 费, 哺乳 假, 知情 权, 行业 性, 养老 院,
# 补偿 金, 电子 厂, 休息 室 (PKU writes 增长率, 代表团, 拖拉机, 售货员 as one word). 站 and 服 are left out:
# they are also verbs or free nouns after a two-character word often enough to cost more
# than they gain.
SUFFIXES = frozenset("率团机器仪箱员工险费假权性院金厂室房台")


def join_suffixes(words: list[str]) -> list[str]:
    """A bound suffix joins the two-character word before it.

    >>> join_suffixes(["起重", "机", "司机", "的", "入会", "率"])
    ['起重机', '司机', '的', '入会率']
    """
    out: list[str] = []
    for word in words:
        if word in SUFFIXES and out and len(out[-1]) == 2 and all(map(is_han, out[-1])):
            out[-1] += word
        else:
            out.append(word)
    return out


PLACE_SUFFIXES = frozenset("省市县区州盟旗")  # after a short name: 那曲 市 → 那曲市


def join_place_suffixes(words: list[str], engine) -> list[str]:
    """A place name and the administrative suffix jieba left apart are one word, as the
    guide writes 沈阳市: 那曲 市 → 那曲市, 海北 州 → 海北州 (the short form of the
    gazetteer's 海北藏族自治州)."""
    out: list[str] = []
    for word in words:
        if word in PLACE_SUFFIXES and out and (
                out[-1] in engine.place_stems or engine.tag(out[-1]) == "ns"):
            out[-1] += word
        else:
            out.append(word)
    return out


# --------------------------------------------------------------------------- numerals

# Numeral + measure words that jieba keeps whole because they are also adverbs.
COUNTED_ADVERBS = frozenset({"一起", "一块"})


def split_counted(words: list[str], tag) -> list[str]:
    """一起/一块 are adverbs (一起 参加) except after a verb, where they count
    something (发生 一 起 欠薪 事件, 切 一 块 钢板): numeral and measure word, two words."""
    out: list[str] = []
    for word in words:
        if word in COUNTED_ADVERBS and out and tag(out[-1]).startswith("v"):
            out += [word[0], word[1]]
        else:
            out.append(word)
    return out


# After a numeral, a measure word that jieba has glued to the next character is a measure
# word: 两 个人 → 两 个 人, 一 天才 → 一 天 才, 3 名单 → 3 名 单.
NUMERAL_CHARS = frozenset("零〇一二两三四五六七八九十百千万几")
_MEASURE_FIRST = frozenset("个天名位次年件项家台条张间")


def split_after_numerals(words: list[str], after_number: bool) -> list[str]:
    out = None  # a copy is made only when something is split (rarely)
    for k, word in enumerate(words):
        if len(word) == 2 and word[0] in _MEASURE_FIRST and (
                (k > 0 and NUMERAL_CHARS.issuperset(words[k - 1])) or (k == 0 and after_number)):
            if out is None:
                out = words[:k]
            out += [word[0], word[1]]
        elif out is not None:
            out.append(word)
    return words if out is None else out


def regroup(words: list[str], found: tuple[str, ...], wanted: tuple[str, ...]) -> list[str]:
    """Replace the run ``found`` by ``wanted`` (same characters, other boundaries):
    jieba prefers 不少 于 (many + at) where 不少于 means "no fewer than", 不 少于."""
    n = len(found)
    out: list[str] = []
    k = 0
    while k < len(words):
        if tuple(words[k:k + n]) == found:
            out += wanted
            k += n
        else:
            out.append(words[k])
            k += 1
    return out
