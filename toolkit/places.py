"""Place mentions: every Chinese province, city and county named in a text, with its adcode.

The gazetteer is cpca's division table (``cpca/resources/adcodes.csv``, read as data: cpca's
own matcher is never imported) brought up to date by ``toolkit/data/places_updates.tsv``
(divisions created or renamed since, generated from jionlp's newer table), and the matching
rules are data in ``toolkit/data/places_rules.json``. Both are read on the first call and
compiled into one Aho-Corasick automaton (pyahocorasick), shared by every later call; a call is
then one pass over the text (several MB/s).

What is a mention
-----------------
- A full official name at any level: 辽宁省, 新疆维吾尔自治区, 沈阳市, 延边朝鲜族自治州, 和平区,
  蠡县, 三原县, 义乌市, 本溪满族自治县 (also 本溪县), and the same in traditional characters
  (遼寧省瀋陽市). An old name resolves to today's division (梁平县 → 梁平区, 500155).
- A province or city without its suffix or people's name, when two characters or more: 辽宁,
  新疆, 广西, 内蒙古, 沈阳, 宁波, 咸阳, 延边, 恩施州. One-character abbreviations (京, 冀, 浙) are
  not matched. A short form shared by a province and a city is the province (吉林, 海南).
- A county needs its suffix (区/县/市/旗). Without it (镇海, 江宁, 三原, 和平) a county counts
  only right after its own province or city (宁波镇海, 南京江宁, 北京朝阳), before 总工会 or 港
  (北仑港), or when it is one of the few ``standalone_stems`` (浦东, 义乌, 昆山). So 和平, 长安,
  新华, 东方, 太平, 永和 used as words are never places.
- A nested name (辽宁省沈阳市和平区, 河北省保定市蠡县, 陕西咸阳三原县) is one mention per level,
  each with its own span, so counting by province, city or county needs no unpacking; the later
  parts are resolved under the earlier ones.
- Organisation names count: 沈阳盘古网络技术有限公司 is a mention of 沈阳,
  北京星网宇达科技股份有限公司 one of 北京 (a company named after its city is usually there,
  which is what a researcher counting places wants). Where the name inside is not the place,
  it is not counted (孙中山, 中山大学, 长白山, 大同小异: ``not_places``).
- Never a mention: 中国 and 全国 (the country is not a division), generic division words (城区,
  郊区, 矿区), a short form that is usually a common word unless it carries its suffix or follows
  its province (日照时间, 安康杯, 朝阳产业, 来宾 are not; 日照市, 山东日照 are), a county name whose
  suffix starts a common word (振兴县域 is not 兴县), person names after a role word (记者黄山,
  职工李宁波) or between a surname and 说/同志 (李宁波说).

Records
-------
One dict per mention, in text order, never overlapping, with exactly the keys of
:data:`FIELDS`:

``start``, ``end``, ``span``
    offsets into the text as given, ``text[start:end] == span``.
``province``, ``city``, ``county``
    full official names. The province is inferred from a city or county (蠡县 → 河北省 保定市
    蠡县). For the municipalities 北京市, 天津市, 上海市 and 重庆市, ``city`` is always the same as
    ``province`` (忠县 → 重庆市, 重庆市, 忠县), so a group-by on ``city`` keeps them. A county that
    belongs directly to its province (仙桃市, 济源市, 石河子市) has ``city`` None.
``adcode``
    the 6-digit code of the most specific level known (和平区 in 沈阳 → ``"210102"``).
``level``
    ``"province"``, ``"city"`` or ``"county"``: what the mention names.
``ambiguous``, ``candidates``
    a name shared by several divisions (和平区, 朝阳区, 鼓楼区, 新华区) is settled by the text
    before it (沈阳市和平区), else by the document's other places (``resolve=True``): a candidate
    whose city is mentioned elsewhere beats one whose province is, the nearer mention wins a
    tie. If nothing settles it, ``ambiguous`` is True, ``candidates`` lists the adcodes, and
    ``province``/``city``/``county``/``adcode`` keep only what all candidates share (often just
    ``county``); otherwise ``ambiguous`` is False and ``candidates`` is ``[]``.
"""

from __future__ import annotations

import bisect
import csv
import functools
import importlib.util
import io
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.errors import ToolkitError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FIELDS", "find_places", "places_frame"]

#: The keys of every record, in order (``places_frame`` puts ``doc_id`` first).
FIELDS = ("start", "end", "span", "province", "city", "county", "adcode", "level",
          "ambiguous", "candidates")

_LEVELS = ("province", "city", "county")
_PSEUDO = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
_PROVINCE_SUFFIX = re.compile("(?:省|市|自治区|特别行政区)$")
_CITY_SUFFIX = re.compile("(?:市|地区|盟|自治州)$")
_COUNTY_SUFFIX = re.compile("(?:新区|自治县|自治旗|[区县市旗])$")
_MAX_GAP = 1  # whitespace allowed between a parent and the name it qualifies (陕西 咸阳)


def _level(code: str) -> int:
    return 0 if code.endswith("0000") else 1 if code.endswith("00") else 2


def _prefix(code: str) -> str:
    """The adcode prefix shared by a division and everything under it."""
    return code[: 2 * (_level(code) + 1)]


# -- loading the data -------------------------------------------------------------------------


def _cpca_resource(name: str) -> str:
    """A file from cpca's resources, read without importing cpca (which builds its own matcher
    and imports the deprecated ``pkg_resources`` at import time)."""
    spec = importlib.util.find_spec("cpca")
    if spec is None:
        raise ToolkitError("toolkit.places needs the cpca package for its gazetteer "
                           "(pip install cpca)")
    for base in spec.submodule_search_locations or ():
        path = Path(base, "resources", name)
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return files("cpca.resources").joinpath(name).read_text(encoding="utf-8")


def _data(name: str) -> str:
    return files("toolkit.data").joinpath(name).read_text(encoding="utf-8")


def _divisions() -> tuple[dict[str, str], dict[str, list[str]]]:
    """(adcode → current official name, adcode → other names), pseudo-divisions left out."""
    names: dict[str, str] = {}
    for row in csv.DictReader(io.StringIO(_cpca_resource("adcodes.csv"))):
        if row["name"] not in _PSEUDO:
            names[row["adcode"][:6]] = row["name"]
    other: dict[str, list[str]] = defaultdict(list)
    for lineno, line in enumerate(_data("places_updates.tsv").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < 4:
            raise ToolkitError(f"toolkit/data/places_updates.tsv:{lineno}: expected 4 fields")
        action, code, name, target = fields[:4]
        if action == "add":
            names[code] = name
        elif action == "rename" and code in names:
            other[code].append(names[code])
            names[code] = name
        elif action == "retire" and target in names:
            names.pop(code, None)
            other[target] += [name, *other.pop(code, [])]
    return names, other


def _nations() -> tuple[str, ...]:
    """People's names as they end a division name (朝鲜族, 蒙古, 维吾尔), longest first."""
    found = set()
    for line in _cpca_resource("56_nations.csv").splitlines():
        nation = line.strip()
        if nation.endswith("族") and len(nation) > 1:
            found |= {nation, nation[:-1]} if len(nation) > 2 else {nation}
    return tuple(sorted(found, key=len, reverse=True))


def _strip_nations(name: str, nations: tuple[str, ...]) -> str:
    """Drop trailing people's names while two characters or more remain (广西壮族 → 广西)."""
    changed = True
    while changed:
        changed = False
        for nation in nations:
            if name.endswith(nation) and len(name) - len(nation) >= 2:
                name = name[: -len(nation)]
                changed = True
                break
    return name


def _stem(written: str, level: int, nations: tuple[str, ...]) -> str:
    """A division name without its administrative suffix and its people's names:
    广西壮族自治区 → 广西, 海北藏族自治州 → 海北, 本溪满族自治县 → 本溪, 密云区 → 密云
    ("" when a county-level name has no suffix)."""
    if level == 0:
        return _strip_nations(_PROVINCE_SUFFIX.sub("", written), nations)
    if level == 1:
        return _strip_nations(_CITY_SUFFIX.sub("", written), nations)
    match = _COUNTY_SUFFIX.search(written)
    if not match:
        return ""
    stem = written[: match.start()]
    return _strip_nations(stem, nations) if match.group() in ("自治县", "自治旗") else stem


@functools.lru_cache(maxsize=1)
def division_stems() -> frozenset[str]:
    """Every division name without its suffix (see :func:`_stem`), two characters or more:
    the short forms news writes before 市, 州, 县 … (那曲市, 海北州). Cheap: it reads the
    gazetteer's names but builds no matcher.

    Examples
    --------
    >>> {"海北", "那曲", "恩施", "密云"} <= division_stems()
    True
    """
    names, other = _divisions()
    nations = _nations()
    return frozenset(stem for code, name in names.items()
                     for written in (name, *other.get(code, ()))
                     if len(stem := _stem(written, _level(code), nations)) >= 2)


class _Entry:
    """What one surface string can be: full/alias names, short forms, bare county stems."""

    __slots__ = ("length", "full", "short", "stem", "gated", "standalone", "block",
                 "followers")

    def __init__(self, length: int):
        self.length = length
        self.full: tuple[str, ...] = ()
        self.short: tuple[str, ...] = ()
        self.stem: tuple[str, ...] = ()
        self.gated = self.standalone = self.block = False
        self.followers = ""


class _Gazetteer:
    """The division names and the compiled matcher; built once by :func:`_gazetteer`."""

    def __init__(self):
        import ahocorasick

        rules = json.loads(_data("places_rules.json"))
        self.names, other = _divisions()
        nations = _nations()
        never = set(rules["never"])
        by_name: dict[str, list[str]] = defaultdict(list)
        for code, name in self.names.items():
            by_name[name].append(code)

        kinds: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))

        def add(surface: str, kind: str, code: str) -> None:
            if surface and surface not in never:
                kinds[surface][kind].add(code)

        for code, name in self.names.items():
            if name in never:
                continue
            level = _level(code)
            add(name, "full", code)
            for alt in other.get(code, ()):
                add(alt, "alias", code)
            for written in (name, *other.get(code, ())):
                stem = _stem(written, level, nations)
                if len(stem) < 2:
                    continue
                if level <= 1:
                    add(stem, "short", code)
                    if written.endswith("自治州"):
                        add(stem + "州", "alias", code)  # 恩施州, 延边州
                    continue
                if written.endswith(("自治县", "自治旗")):
                    add(stem + written[-1], "alias", code)  # 本溪县, 石柱县
                elif written.endswith(("区", "市")) and not written.endswith("新区"):
                    add(stem + "县", "former", code)  # 密云县 (now 密云区), 宜兴县
                add(stem, "stem", code)
        for alias, official in rules["aliases"].items():
            for code in by_name.get(official, ()):
                add(alias, "alias", code)

        gated = set(rules["require_parent"])
        standalone = set(rules["standalone_stems"])
        suffix_followers = rules["suffix_followers"]
        entries: dict[str, _Entry] = {}
        for surface, kind in kinds.items():
            entry = _Entry(len(surface))
            full = kind["full"] | kind["alias"] or kind["former"]
            if full:
                top = min(_level(c) for c in full)
                entry.full = tuple(sorted(c for c in full if _level(c) == top))
                entry.followers = suffix_followers.get(surface[-1], "")
                if top == 2 and len(surface) == 2:
                    entry.followers += rules["short_name_followers"]
            else:
                short = kind["short"]
                if any(_level(c) == 0 for c in short):
                    short = {c for c in short if _level(c) == 0}
                entry.short = tuple(sorted(short))
                entry.stem = tuple(sorted(kind["stem"]))
                entry.gated = surface in gated
                entry.standalone = surface in standalone
            entries[surface] = entry
        for phrase in rules["not_places"]:
            if phrase not in entries:
                entries[phrase] = _Entry(len(phrase))
                entries[phrase].block = True

        # Traditional-character forms point at the same entry, so offsets need no mapping.
        for variant, entry in _traditional(entries).items():
            entries.setdefault(variant, entry)

        self.automaton = ahocorasick.Automaton()
        for surface, entry in entries.items():
            self.automaton.add_word(surface, entry)
        self.automaton.make_automaton()

        self.clear_followers = tuple(rules["clear_followers"])
        self.surnames = frozenset(rules["surnames"])
        self.not_surname_before = frozenset(rules["not_surname_before"])
        self.person_after = tuple(rules["person_after"])
        roles = "|".join(map(re.escape, sorted(rules["person_before"], key=len, reverse=True)))
        self.role_then_name = re.compile(f"(?:{roles})\\s?$")
        self.role_surname = re.compile(f"(?:{roles})\\s?[{re.escape(rules['surnames'])}]$")

    # -- describing a division --

    def city_of(self, code: str) -> str | None:
        """The city name of a division (the province's name for a municipality)."""
        province = self.names[code[:2] + "0000"]
        if province.endswith("市"):
            return province
        if _level(code) == 0:
            return None
        return self.names.get(code[:4] + "00")

    def record(self, text: str, start: int, end: int, cands: tuple[str, ...]) -> dict:
        names = self.names
        if len(cands) == 1:
            code = cands[0]
            level = _level(code)
            return {
                "start": start, "end": end, "span": text[start:end],
                "province": names[code[:2] + "0000"], "city": self.city_of(code),
                "county": names[code] if level == 2 else None, "adcode": code,
                "level": _LEVELS[level], "ambiguous": False, "candidates": [],
            }
        level = min(_level(c) for c in cands)
        provinces = {c[:2] for c in cands}
        province = names[provinces.pop() + "0000"] if len(provinces) == 1 else None
        cities = {self.city_of(c) for c in cands}
        city = cities.pop() if len(cities) == 1 else None
        counties = {names[c] if _level(c) == 2 else None for c in cands}
        county = counties.pop() if len(counties) == 1 else None
        city_codes = {c[:4] + "00" for c in cands}
        adcode = None
        if city is not None and len(city_codes) == 1 and next(iter(city_codes)) in names:
            adcode = next(iter(city_codes))
        elif province is not None:
            adcode = next(iter(cands))[:2] + "0000"
        return {
            "start": start, "end": end, "span": text[start:end], "province": province,
            "city": city, "county": county, "adcode": adcode, "level": _LEVELS[level],
            "ambiguous": True, "candidates": list(cands),
        }

    # -- accepting a match --

    def is_person(self, text: str, start: int, end: int) -> bool:
        before = text[max(0, start - 8):start]
        if text[start] in self.surnames and self.role_then_name.search(before):
            return True  # 记者黄山
        if self.role_surname.search(before):
            return True  # 职工李宁波
        return (start > 0 and text[start - 1] in self.surnames
                and text[start - 1] not in self.not_surname_before
                and text.startswith(self.person_after, end))  # 李宁波说

    def accept(self, text: str, start: int, end: int, entry: _Entry,
               parent: tuple[str, ...] | None) -> tuple[str, ...] | None:
        """The candidate adcodes of a match, or None when it is not a mention here."""
        if entry.full:
            if entry.followers and end < len(text) and text[end] in entry.followers:
                return None
            cands = entry.full
            if parent and len(cands) > 1:
                cands = tuple(c for c in cands if _under(c, parent)) or cands
            return cands
        if parent:  # a short form before a county stem: 江西九江 is the city, not 九江县
            under = (tuple(c for c in entry.short if _under(c, parent))
                     or tuple(c for c in entry.stem if _under(c, parent)))
            if under:
                return under
        if self.is_person(text, start, end):
            return None
        if entry.short and not entry.gated:
            return entry.short
        if text.startswith(self.clear_followers, end):
            return entry.short or entry.stem or None
        if entry.stem and entry.standalone:
            return entry.stem
        return None


def _traditional(entries: dict[str, _Entry]) -> dict[str, _Entry]:
    """Traditional-character spellings of every surface (OpenCC), when OpenCC is installed."""
    try:
        import opencc
    except ImportError:  # optional: simplified text works without it
        return {}
    surfaces = list(entries)
    variants: dict[str, _Entry] = {}
    for config in ("s2t", "s2tw", "s2hk"):
        converted = opencc.OpenCC(config).convert("\n".join(surfaces)).split("\n")
        if len(converted) != len(surfaces):
            continue
        for surface, variant in zip(surfaces, converted, strict=True):
            if variant != surface and len(variant) == len(surface):
                variants.setdefault(variant, entries[surface])
    return variants


def _under(code: str, parents: tuple[str, ...]) -> bool:
    """Whether ``code`` lies strictly below one of ``parents``."""
    return any(_level(code) > _level(p) and code.startswith(_prefix(p)) for p in parents)


@functools.lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    return _Gazetteer()


# -- finding ----------------------------------------------------------------------------------


def _distance(positions: list[int], start: int) -> int:
    """Distance from ``start`` to the nearest of the sorted ``positions``."""
    i = bisect.bisect_left(positions, start)
    return min(abs(positions[j] - start) for j in (i - 1, i) if 0 <= j < len(positions))


def _settle(mentions: list[list]) -> None:
    """Narrow ambiguous mentions with the document's unambiguous ones (in place)."""
    for _ in range(3):
        city_at: dict[str, list[int]] = defaultdict(list)
        province_at: dict[str, list[int]] = defaultdict(list)
        for start, _end, cands in mentions:
            if len(cands) == 1:
                province_at[cands[0][:2]].append(start)
                if _level(cands[0]) > 0:
                    city_at[cands[0][:4]].append(start)
        changed = False
        for mention in mentions:
            start, cands = mention[0], mention[2]
            if len(cands) < 2:
                continue
            scored = []
            for code in cands:
                if _level(code) > 0 and code[:4] in city_at:
                    score, where = 2, city_at[code[:4]]
                elif code[:2] in province_at:
                    score, where = 1, province_at[code[:2]]
                else:
                    continue
                scored.append((score, _distance(where, start), code))
            if not scored:
                continue
            best = max(s for s, _, _ in scored)
            nearest = min(d for s, d, _ in scored if s == best)
            narrowed = tuple(c for s, d, c in scored if s == best and d == nearest)
            if narrowed != cands:
                mention[2] = narrowed
                changed = True
        if not changed:
            return


def find_places(text: str, *, resolve: bool = True) -> list[dict]:
    """Every mention of a Chinese province, city or county in ``text``, in text order.

    Parameters
    ----------
    text : str
        Any text; offsets refer to it exactly as given.
    resolve : bool, default True
        Settle a name shared by several divisions (和平区, 朝阳区) with the document's other
        places. With False it is settled only by the name written right before it
        (沈阳市和平区) and otherwise stays ambiguous.

    Returns
    -------
    list of dict
        One record per mention with the keys of :data:`FIELDS` (see the module docstring);
        non-overlapping and sorted by ``start``.

    Examples
    --------
    >>> [(r["span"], r["province"], r["adcode"]) for r in find_places("河北蠡县和沈阳和平区")]
    [('河北', '河北省', '130000'), ('蠡县', '河北省', '130635'), ('沈阳', '辽宁省', '210100'), \
('和平区', '辽宁省', '210102')]
    >>> find_places("朝阳区")[0]["ambiguous"], find_places("和平年代的长安街")
    (True, [])
    """
    if not isinstance(text, str):
        raise TypeError(f"find_places expects a str, not {type(text).__name__}")
    if not text:
        return []
    gaz = _gazetteer()
    hits = sorted(((end - entry.length + 1, end + 1, entry)
                   for end, entry in gaz.automaton.iter(text)),
                  key=lambda hit: (hit[0], -hit[2].length))
    mentions: list[list] = []
    position = 0
    for start, end, entry in hits:
        if start < position:
            continue
        if entry.block:
            position = end
            continue
        parent = None
        if mentions:
            gap = start - mentions[-1][1]
            if gap == 0 or (gap <= _MAX_GAP and text[start - gap:start].isspace()):
                parent = mentions[-1][2]
        cands = gaz.accept(text, start, end, entry, parent)
        if cands is not None:
            mentions.append([start, end, cands])
            position = end
    if resolve:
        _settle(mentions)
    return [gaz.record(text, start, end, cands) for start, end, cands in mentions]


def places_frame(docs: Iterable) -> pd.DataFrame:
    """All place mentions of ``docs`` as a DataFrame: ``doc_id`` then the :data:`FIELDS`.

    ``docs`` yields dicts with ``text`` and ``id`` (a plain string is a text too); a document
    without ``id`` gets its position, counting from 1. Every column is present even when no
    place is found; a name that a record leaves as None is a missing value in the frame.

    Examples
    --------
    >>> frame = places_frame([{"id": "a", "text": "重庆忠县"}, {"id": "b", "text": "无"}])
    >>> frame[["doc_id", "span", "province", "adcode", "level"]].values.tolist()
    [['a', '重庆', '重庆市', '500000', 'province'], ['a', '忠县', '重庆市', '500233', 'county']]
    """
    import pandas as pd

    rows = []
    for number, doc in enumerate(docs, 1):
        if isinstance(doc, str):
            doc_id, text = number, doc
        else:
            doc_id, text = doc.get("id", number), doc.get("text") or ""
        rows.extend({"doc_id": doc_id, **record} for record in find_places(text))
    frame = pd.DataFrame(rows, columns=["doc_id", *FIELDS])
    return frame.astype({"start": "int64", "end": "int64", "ambiguous": "bool"})
