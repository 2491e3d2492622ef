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
(the dateline's place, else the first place named in the headline or lead), ``place_source``,
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


def _starts_article(text: str) -> bool:
    return bool(_LEAD_BYLINE.match(text) or _LINE_BYLINE.match(text))


def _crosses_word(left: str, right: str, tokenizer: Tokenizer) -> bool:
    """True when a dictionary word spans the join of ``left`` and ``right`` (现|有 → 现有)."""
    tail, head = left[-3:], right[:3]
    for i in range(1, len(tail) + 1):
        for j in range(1, len(head) + 1):
            if i + j >= 2 and tokenizer.is_word(tail[-i:] + head[:j]):
                return True
    return False


def _continues(left: str, right: str, tokenizer: Tokenizer) -> bool:
    """Does block ``right`` carry on the sentence that block ``left`` leaves open?"""
    if not right:
        return False
    if right[0] in _NO_START or _OPEN_END.search(left):
        return True
    if left[-1].isdigit() and right[0].isdigit():
        return True
    return _crosses_word(left, right, tokenizer)


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
    """Join paragraphs cut at a column break, skipping a headline or box dropped between."""
    out: list[_Block] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        # A short phrase without commas is a sub-head, not half a paragraph.
        if block.kind != "body" or not _is_open(block.text) or (
                _is_headline_shape(block.text) and not _INNER_PUNCT.search(block.text)):
            out.append(block)
            i += 1
            continue
        joined = False
        for gap in (0, 1):
            k = i + 1 + gap
            if k >= len(blocks) or blocks[k].kind != "body":
                break
            if gap and blocks[i + 1].kind != "body":
                break
            if not _continues(block.text, blocks[k].text, tokenizer):
                continue
            if gap and _is_headline_shape(blocks[k].text):
                continue
            merged = _Block(block.text + blocks[k].text, "body", block.notes + blocks[k].notes)
            merged.notes.append(f"joined a paragraph cut at a column break: "
                                f"“…{block.text[-6:]}” + “{blocks[k].text[:6]}…”")
            out_blocks = [merged]
            if gap:
                skipped = blocks[i + 1]
                if _is_headline_shape(skipped.text):
                    skipped.kind = "dropped"
                    merged.notes.append(f"took out a headline dropped mid-paragraph: "
                                        f"“{skipped.text}”")
                    out_blocks.append(skipped)
                else:
                    merged.notes.append(f"moved a box that interrupted the paragraph: "
                                        f"“{skipped.text[:12]}…”")
                    out_blocks.append(skipped)
            # The merged block may itself be cut again further on.
            blocks = blocks[:i] + out_blocks + blocks[k + 1:]
            joined = True
            break
        if not joined:
            out.append(block)
            i += 1
    return out


def _names(credits: str) -> tuple[list[str], list[str], list[str]]:
    """(reporters, correspondents, photographers) named in a credit string."""
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
    return reporters, correspondents, []


def _new_record(kind: str) -> dict:
    return {
        "id": None, "kind": kind, "headline": None, "kicker": None, "subtitle": None,
        "byline": None, "reporters": [], "correspondents": [], "photographers": [],
        "place": None, "place_source": None, "continued_from": None, "truncated": False,
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
            record["kicker"] = " ".join(m.rstrip("—").strip() for m in mains[:-1])
    if subtitles:
        record["subtitle"] = " ".join(s.lstrip("—").strip() for s in subtitles)
        if not mains:
            record["headline"] = record["subtitle"]


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
        if current is not None and (current["paragraphs"] or current["kind"] == "caption"):
            records.append(current)
        current = None

    for block in blocks:
        if block.kind == "header":
            header.append(block.text)
            continue
        if block.kind == "continued":
            finish()
            current = _new_record("article")
            current["continued_from"] = re.sub(r"\s+", "", _CONTINUED.match(block.text).group(1))
            _set_header(current, header)
            header = []
            continue
        if block.kind == "caption":
            finish()
            current = _new_record("caption")
            _set_header(current, header)
            header = []
            credit = _PHOTO_CREDIT.search(block.text)
            body = block.text[: credit.start()].rstrip()
            current["byline"] = credit.group("credit")
            reporters, correspondents, _ = _names(credit.group("credit"))
            current["photographers"] = reporters + correspondents
            current["paragraphs"].append(body)
            current["repairs"] += block.notes
            finish()
            continue
        if block.kind == "byline":
            finish()
            current = _new_record("article")
            _set_header(current, header)
            header = []
            current["byline"] = block.text
            current["reporters"], current["correspondents"], _ = _names(block.text)
            continue
        match = _LEAD_BYLINE.match(block.text) if block.kind == "body" else None
        if match and (header or current is None or current["paragraphs"]):
            if not (current is not None and current["byline"] and not current["paragraphs"]):
                finish()
                current = _new_record("article")
                _set_header(current, header)
                header = []
        if header:
            # Headline-shaped lines followed by plain text and no byline: an article without
            # a byline (a brief under a column label), or sub-heads inside the current one.
            if current is None or current["paragraphs"] and len(header) > 1:
                finish()
                current = _new_record("article")
                _set_header(current, header)
            else:
                for line in header:
                    current["subheads"].append(line)
                    current["paragraphs"].append(line)
            header = []
        if current is None:
            current = _new_record("article")
        if match:
            current["byline"] = match.group("byline").strip()
            current["reporters"], current["correspondents"], _ = _names(match.group("credits") or "")
            place = match.group("place") or match.group("place2")
            if place:
                current["place"], current["place_source"] = place, "dateline"
            body = block.text[match.end():]
        else:
            body = block.text
        if block.kind == "dropped":
            if current["headline"] is None:
                current["headline"] = body
                current["repairs"].append(f"used the headline dropped mid-article: “{body}”")
            continue
        if block.kind == "body" and _is_subhead_shape(body) and current["paragraphs"]:
            current["subheads"].append(body)
        current["paragraphs"].append(body)
        current["repairs"] += block.notes
    finish()
    if header and records:
        records[-1]["repairs"].append(f"headline lines with no article after them: {header}")

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
    if find_places and record["place"] is None:
        from .places import find_places as _find

        lead = record["text"].split("\n", 1)[0]
        for source, chunk in (("headline", record["headline"] or ""), ("lead", lead)):
            found = _find(chunk)
            if found:
                first = found[0]
                record["place"] = first["city"] or first["province"] or first["span"]
                if first["county"] and first["city"] is None:
                    record["place"] = first["county"]
                record["place_source"] = source
                break
    return record


def articles_frame(text: str, **options):
    """:func:`split_page` as a pandas DataFrame with a ``length`` column (characters).

    Examples
    --------
    >>> df = articles_frame("工会驿站暖人心\\n本报讯(记者王明)某市新建驿站22家。")
    >>> list(df[["headline", "length"]].itertuples(index=False, name=None))
    [('工会驿站暖人心', 12)]
    """
    import pandas as pd

    records = split_page(text, **options)
    frame = pd.DataFrame.from_records(records, columns=list(_new_record("article"))[:-1] + ["text"])
    if not records:
        frame = pd.DataFrame(columns=[*frame.columns, "length"])
    frame["id"] = [r["id"] for r in records]
    frame["length"] = frame["text"].str.len() if records else []
    return frame
