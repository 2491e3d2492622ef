"""From a newspaper page's exported text to one record per article.

A layout export of a Workers' Daily page runs the articles together as blocks separated by
blank lines, and breaks things on the way: a paragraph cut at a column break continues in the
next block (``…百强区,现`` / ``有科技型中小企业2000余家``), sometimes with a headline or a
summary box dropped between the halves; the end of a paragraph is repeated as a block of its
own; a continued article has its headline somewhere in its middle. :func:`split_page` repairs
these with rules about the paper's layout (byline forms, headline shape, punctuation, word
boundaries), never with a page's own strings, and returns plain records.

Each record has ``id``, ``kind`` (``article`` or ``caption``), ``headline``, ``kicker``,
``subtitle``, ``byline``, ``reporters``, ``correspondents``, ``photographers``, ``place``
(the dateline's place, else the first place named in the headline or lead, most specific
level), its ``province``, ``place_source`` (dateline, headline or lead),
``continued_from`` (``第1版`` for ``(上接第1版)``), ``truncated`` (the text stops mid-sentence at
the page end), ``subheads``, ``repairs`` (what was mended, in words) and ``text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .tokenize import Tokenizer, get_tokenizer

__all__ = ["split_page", "articles_frame"]

# A block that ends a sentence: terminal punctuation, optionally inside closing quotes/brackets.
_SENTENCE_END = re.compile(r"[。！？!?…][”’」』）)]*$")
# A paragraph that ends in a closing quote is closed too (…越来越多。” is common).
_CLOSED = re.compile(r"[。！？!?…][”’」』）)]*$|[”」』]$")
_OPEN_END = re.compile(r"[,，、；;：:—-]$")
# "本报讯(记者刘旭)", "本报沈阳1月10日电(记者 张三)", "新华社北京7月2日电".
_LEAD_BYLINE = re.compile(
    r"^(?P<byline>(?:本报讯|本报(?P<place>[\u4e00-\u9fff]{2,6}?)\d{1,2}月\d{1,2}日电|"
    r"新华社(?P<place2>[\u4e00-\u9fff]{2,6}?)\d{1,2}月\d{1,2}日电)"
    r"\s*(?:[(（](?P<credits>[^()（）]{1,60})[)）])?)\s*"
)
# A byline on its own line: "本报记者 邹偶然 本报通讯员 罗有晗", "本报记者 田国全 通讯员汤博洋".
_LINE_BYLINE = re.compile(r"^(?:本报)?(?:记者|通讯员|特约记者|见习记者)\s*[\u4e00-\u9fff·]{2,4}"
                          r"(?:[\s、]+[\u4e00-\u9fff·]{2,4}|\s*(?:本报)?(?:记者|通讯员)\s*"
                          r"[\u4e00-\u9fff·]{2,4})*$")
_CONTINUED = re.compile(r"^[(（]\s*上接(第\s*\d+\s*版)\s*[)）]$")
# "…早餐。本报记者 祝盼 毛浓曦 摄": the photographers' credit at the end of a caption.
_PHOTO_CREDIT = re.compile(
    r"(?P<credit>(?:(?:本报)?(?:记者|通讯员|特约摄影)\s*)?[\u4e00-\u9fff·]{2,4}"
    r"(?:[\s、]+(?:(?:本报)?(?:记者|通讯员)\s*)?[\u4e00-\u9fff·]{2,4})*\s*摄)$"
)
_ROLE = re.compile(r"(本报)?(记者|通讯员|特约记者|见习记者|特约摄影)")
# Characters that cannot begin a paragraph: a block that starts with one continues the text.
_NO_START = set("的地得了着过和与及或而并但之中上下里内外等们性化者吗呢吧啊、，,。；;：:)）”’」』%")
_MAX_HEADLINE = 42


@dataclass
class _Block:
    text: str
    kind: str = "body"  # body, header, byline, continued, caption, subhead, dropped
    notes: list = field(default_factory=list)


def _is_headline_shape(text: str) -> bool:
    """Short, no sentence-final punctuation, not a byline: a headline, kicker or sub-head."""
    if len(text) > _MAX_HEADLINE or _SENTENCE_END.search(text) or _OPEN_END.search(text[-1:]):
        return text.endswith(("——", "—")) and len(text) <= _MAX_HEADLINE + 10
    return not _LEAD_BYLINE.match(text) and not _LINE_BYLINE.match(text)


def _is_subhead_shape(text: str) -> bool:
    """A section sub-head inside an article: a short phrase with no inner punctuation."""
    return len(text) <= 24 and not _INNER_PUNCT.search(text) and _is_headline_shape(text)


_INNER_PUNCT = re.compile(r"[,，、。；;：:!?！？]")


def _crosses_word(left: str, right: str, tokenizer: Tokenizer) -> bool:
    """True when a dictionary word spans the join of ``left`` and ``right`` (现|有 → 现有)."""
    tail, head = left[-3:], right[:3]
    for i in range(1, len(tail) + 1):
        for j in range(1, len(head) + 1):
            if i + j >= 2 and tokenizer.is_word(tail[-i:] + head[:j]):
                return True
    return False


def _continuation(left: str, right: str, tokenizer: Tokenizer) -> int:
    """How surely block ``right`` carries on the sentence ``left`` leaves open: 3 surely
    (it cannot start a paragraph, a number or a word runs across the cut), 2 very likely
    (``left`` stops on a verb or preposition), 1 maybe (``left`` ends in a comma), 0 no."""
    if not right:
        return 0
    if right[0] in _NO_START or (left[-1].isdigit() and right[0].isdigit()):
        return 3
    if _crosses_word(left, right, tokenizer):
        return 3
    # A sentence cannot end on a verb, preposition or conjunction (…技能人才已达 / 11.43万人).
    if not _is_headline_shape(right) and tokenizer.pos(left[-4:])[-1][1][:1] in ("v", "p", "c"):
        return 2
    if _OPEN_END.search(left) and not _is_headline_shape(right):
        return 1
    return 0


def _is_open(text: str) -> bool:
    return not _CLOSED.search(text)


def _mark_headers(blocks: list[_Block]) -> None:
    """Find bylines, continuation markers and captions, and the headline lines above them."""
    for block in blocks:
        if _CONTINUED.match(block.text):
            block.kind = "continued"
        elif _LINE_BYLINE.match(block.text):
            block.kind = "byline"
        elif _PHOTO_CREDIT.search(block.text) and len(block.text) > 20:
            block.kind = "caption"
    for i, block in enumerate(blocks):
        starts = block.kind in ("byline", "caption") or (
            block.kind == "body" and _LEAD_BYLINE.match(block.text))
        if not starts:
            continue
        # Headline lines directly above: ——subtitles, then the headline, then at most one
        # kicker (a photo has one title line). A kicker ending in —— is the top of a header.
        j = i - 1
        while j >= 0 and blocks[j].kind == "body" and blocks[j].text.startswith("——"):
            blocks[j].kind = "header"
            j -= 1
        allowed = 1 if block.kind == "caption" else 2
        while allowed and j >= 0 and blocks[j].kind == "body" \
                and _is_headline_shape(blocks[j].text):
            blocks[j].kind = "header"
            allowed -= 1
            j -= 1
            if blocks[j + 1].text.endswith("—"):
                break


def _remove_duplicates(blocks: list[_Block], repairs: list[str]) -> list[_Block]:
    """Drop a block that repeats the end of the block before it (an export artefact)."""
    out: list[_Block] = []
    for block in blocks:
        previous = out[-1].text if out else ""
        if out and len(block.text) >= 4 and len(block.text) < len(previous) \
                and previous.endswith(block.text):
            repairs.append(f"removed duplicated fragment “{block.text}”")
            continue
        out.append(block)
    return out


def _join_column_breaks(blocks: list[_Block], tokenizer: Tokenizer) -> list[_Block]:
    """Join paragraphs cut at a column break. Between the halves the export may have dropped
    a headline, a summary box or a photo with its title; those are kept, after the joined
    paragraph, and the repair is noted."""
    blocks = list(blocks)
    i = 0
    while i < len(blocks):
        block = blocks[i]
        # A short phrase without commas is a sub-head, not half a paragraph.
        if block.kind != "body" or not _is_open(block.text) or (
                _is_headline_shape(block.text) and not _INNER_PUNCT.search(block.text)):
            i += 1
            continue
        candidates = []  # (index, strength) of the next two body blocks, photos skipped
        k = i + 1
        while k < len(blocks) and len(candidates) < 2:
            kind = blocks[k].kind
            if kind == "caption" or (kind == "header" and k + 1 < len(blocks)
                                     and blocks[k + 1].kind == "caption"):
                k += 1
                continue
            if kind != "body":
                break
            candidates.append((k, _continuation(block.text, blocks[k].text, tokenizer)))
            k += 1
        best = max((strength for _, strength in candidates), default=0)
        chosen = next((k for k, strength in candidates if strength == best), None) \
            if best >= 2 else None
        if chosen is None:
            # A weak join (after a comma) may only skip a dropped headline, not a paragraph.
            for k, strength in candidates:
                if strength == 1:
                    chosen = k
                    break
                if not _is_headline_shape(blocks[k].text):
                    break
        if chosen is None:
            i += 1
            continue
        tail = blocks[chosen]
        merged = _Block(block.text + tail.text, "body", block.notes + tail.notes)
        merged.notes.append(f"joined a paragraph cut at a column break: "
                            f"“…{block.text[-6:]}” + “{tail.text[:6]}…”")
        between = blocks[i + 1:chosen]
        for skipped in between:
            if skipped.kind == "body" and _is_headline_shape(skipped.text):
                skipped.kind = "dropped"
                merged.notes.append(f"took out a headline dropped mid-paragraph: “{skipped.text}”")
            elif skipped.kind == "body":
                merged.notes.append(f"moved a box that interrupted the paragraph: "
                                    f"“{skipped.text[:12]}…”")
        # The merged paragraph may be cut again further on: look at it once more.
        blocks[i:chosen + 1] = [merged, *between]
    return blocks


# Lead sentences of a news brief begin with a time or a source: 近日, 日前, 记者从…, 6月30日.
_LEAD_FORMULA = re.compile(r"^(近日|日前|近期|连日来|日前,|记者(日前)?从|今年以来|据了解|\d{1,2}月\d{1,2}日)")


def _begins_article(blocks: list[_Block], position: int, current: dict | None,
                    tokenizer: Tokenizer) -> bool:
    """Is the headline-shaped body block at ``position`` the headline of an article that has
    no byline (a brief under a column label), rather than a sub-head of the current one?"""
    following = blocks[position + 1] if position + 1 < len(blocks) else None
    if following is None or following.kind != "body":
        return False
    if current is None:
        return True
    if _is_headline_shape(following.text):
        # Two headline lines in a row (工会动态 / 株洲市总开设…): a column label and a headline.
        after = blocks[position + 2] if position + 2 < len(blocks) else None
        return after is not None and after.kind == "body" and not _is_headline_shape(after.text)
    if not _LEAD_FORMULA.match(following.text):
        return False
    # A brief's headline names where it happened; a sub-head names a topic.
    return _names_a_place(blocks[position].text)


def _names_a_place(text: str) -> bool:
    from .places import find_places

    return bool(find_places(text))


def _names(credits: str) -> tuple[list[str], list[str]]:
    """(reporters, correspondents) named in a credit string (a caption's credit names its
    photographers the same way)."""
    reporters: list[str] = []
    correspondents: list[str] = []
    role = "记者"
    for piece in re.split(r"[\s、,，]+", credits.strip()):
        piece = piece.strip()
        if not piece or piece == "摄":
            continue
        while True:
            match = _ROLE.match(piece)
            if not match:
                break
            role = match.group(2)
            piece = piece[match.end():]
        piece = piece.removesuffix("摄").strip()
        if not piece or not re.fullmatch(r"[\u4e00-\u9fff·]{2,5}", piece):
            continue
        (correspondents if role == "通讯员" else reporters).append(piece)
    return reporters, correspondents


def _new_record(kind: str) -> dict:
    return {
        "id": None, "kind": kind, "headline": None, "kicker": None, "subtitle": None,
        "byline": None, "reporters": [], "correspondents": [], "photographers": [],
        "place": None, "province": None, "place_source": None, "continued_from": None, "truncated": False,
        "subheads": [], "repairs": [], "paragraphs": [],
    }


def _set_header(record: dict, lines: list[str]) -> None:
    """Headline = the last header line that is not a ——subtitle; lines above are the kicker."""
    lines = [line.strip() for line in lines if line.strip()]
    if not lines:
        return
    subtitles = [line for line in lines if line.startswith("——")]
    mains = [line for line in lines if not line.startswith("——")]
    if mains:
        record["headline"] = mains[-1]
        if len(mains) > 1:
            record["kicker"] = " ".join(mains[:-1])
    if subtitles:
        record["subtitle"] = " ".join(subtitles)
        if not mains:
            record["headline"] = subtitles[0].lstrip("—")


def split_page(text: str, *, page_id: str = "page", tokenizer: Tokenizer | None = None,
               find_places: bool = True) -> list[dict]:
    """Split the exported text of one newspaper page into article and caption records.

    Parameters
    ----------
    text : str
        The page as exported: blocks separated by line breaks.
    page_id : str
        Prefix of the record ids (``page_id-01``, ``page_id-02`` …).
    tokenizer : Tokenizer, optional
        Used to tell whether two halves of a cut paragraph form a word across the cut.
    find_places : bool
        Fill ``place`` from the headline or lead when the dateline names none.

    Examples
    --------
    >>> page = "工会驿站暖人心\\n\\n本报讯(记者王明)近日,某市新建驿站,现\\n\\n有驿站22家。"
    >>> [a["headline"] for a in split_page(page)], split_page(page)[0]["text"]
    (['工会驿站暖人心'], '近日,某市新建驿站,现有驿站22家。')
    """
    tokenizer = tokenizer or get_tokenizer()
    page_repairs: list[str] = []
    blocks = [_Block(line.strip()) for line in text.replace("\r", "").split("\n") if line.strip()]
    blocks = _remove_duplicates(blocks, page_repairs)
    _mark_headers(blocks)
    blocks = _join_column_breaks(blocks, tokenizer)
    # Repairs can turn a dropped headline into a header's neighbour; mark headers again.
    _mark_headers(blocks)

    records: list[dict] = []
    current: dict | None = None
    header: list[str] = []

    def finish():
        nonlocal current
        if current is not None and current["paragraphs"]:
            records.append(current)
        current = None

    def start(kind: str, position: int) -> dict:
        nonlocal header
        record = _new_record(kind)
        record["_position"] = position
        _set_header(record, header)
        header = []
        return record

    for position, block in enumerate(blocks):
        text = block.text
        if block.kind == "header":
            header.append(text)
        elif block.kind == "continued":
            finish()
            current = start("article", position)
            current["continued_from"] = re.sub(r"\s+", "", _CONTINUED.match(text).group(1))
        elif block.kind == "caption":
            # A photo sits between or inside articles: its own record, the article goes on.
            caption = start("caption", position)
            credit = _PHOTO_CREDIT.search(text)
            caption["byline"] = credit.group("credit")
            reporters, correspondents = _names(credit.group("credit"))
            caption["photographers"] = reporters + correspondents
            caption["paragraphs"].append(text[: credit.start()].rstrip())
            caption["repairs"] += block.notes
            records.append(caption)
        elif block.kind == "byline":
            finish()
            current = start("article", position)
            current["byline"] = text
            current["reporters"], current["correspondents"] = _names(text)
        elif block.kind == "dropped":
            if current is not None and current["headline"] is None:
                current["headline"] = text
                current["repairs"].append(f"used the headline dropped mid-article: “{text}”")
            elif current is not None:
                current["repairs"].append(f"dropped a stray headline line: “{text}”")
        else:
            match = _LEAD_BYLINE.match(text)
            if match:
                if current is None or current["paragraphs"] or header:
                    finish()
                    current = start("article", position)
                current["byline"] = match.group("byline").strip()
                credits = match.group("credits") or ""
                current["reporters"], current["correspondents"] = _names(credits)
                place = match.group("place") or match.group("place2")
                if place:
                    current["place"], current["place_source"] = place, "dateline"
                text = text[match.end():]
            elif _is_headline_shape(text) and _begins_article(blocks, position, current,
                                                               tokenizer):
                finish()
                header.append(text)
                continue
            elif header:
                finish()
                current = start("article", position)
            if current is None:
                current = start("article", position)
            if _is_subhead_shape(text) and current["paragraphs"]:
                current["subheads"].append(text)
            current["paragraphs"].append(text)
            current["repairs"] += block.notes
    finish()
    if header and records:
        records[-1]["repairs"].append(f"headline lines with no article after them: {header}")
    records.sort(key=lambda r: r.pop("_position"))

    return [_finalise(record, n, page_id, page_repairs, find_places)
            for n, record in enumerate(records, start=1)]


def _finalise(record: dict, n: int, page_id: str, page_repairs: list[str],
              find_places: bool) -> dict:
    paragraphs = record.pop("paragraphs")
    record["id"] = f"{page_id}-{n:02d}"
    record["text"] = "\n".join(paragraphs)
    if paragraphs and record["kind"] == "article" and _is_open(paragraphs[-1]):
        record["truncated"] = True
    # A page-level repair belongs to the article whose text it touched.
    for repair in page_repairs:
        fragment = repair.split("“", 1)[-1].rstrip("”")
        if fragment and fragment in record["text"] and repair not in record["repairs"]:
            record["repairs"].append(repair)
    if find_places:
        from .places import find_places as _find

        if record["place"] is not None:  # a dateline: the province of that place
            found = _find(record["place"])
            record["province"] = found[0]["province"] if found else None
            return record
        lead = record["text"].split("\n", 1)[0]
        for source, chunk in (("headline", record["headline"] or ""), ("lead", lead)):
            found = _find(chunk)
            if not found:
                continue
            # 辽宁省沈阳市和平区 is three mentions in a row: the last is the most specific.
            best = found[0]
            for mention in found[1:]:
                if mention["start"] != best["end"]:
                    break
                best = mention
            record["place"] = best["county"] or best["city"] or best["province"] or best["span"]
            record["province"] = best["province"]
            record["place_source"] = source
            break
    return record


def articles_frame(text: str, **options):
    """:func:`split_page` as a pandas DataFrame with a ``length`` column (characters).

    Examples
    --------
    >>> df = articles_frame("工会驿站暖人心\\n本报讯(记者王明)某市新建驿站22家。")
    >>> list(df[["headline", "length"]].itertuples(index=False, name=None))
    [('工会驿站暖人心', 10)]
    """
    import pandas as pd

    records = split_page(text, **options)
    frame = pd.DataFrame.from_records(records, columns=list(_new_record("article"))[:-1] + ["text"])
    if not records:
        frame = pd.DataFrame(columns=[*frame.columns, "length"])
    frame["id"] = [r["id"] for r in records]
    frame["length"] = frame["text"].str.len() if records else []
    return frame
