"""Word segmentation for labour-relations Chinese: jieba, a domain lexicon, whole numbers.

:class:`Tokenizer` wraps a private ``jieba.Tokenizer`` (never ``jieba.dt``) that is built on
first use and shared by every :class:`Tokenizer` with the same configuration in the process.
Pickling a :class:`Tokenizer` carries only its configuration, so each worker process of a
``multiprocessing`` pool or a Dask cluster loads the dictionary once.

What it adds to plain jieba:

- the labour-relations lexicon ``toolkit/data/lexicon.tsv`` (工会驿站, 新就业形态劳动者, …),
  and ``toolkit/data/splits.txt``, jieba entries taken out because the guide follows PKU in
  writing them apart (钢铁 企业, 拿 到, 就 是);
- rules on top of the dictionary cut (:mod:`toolkit.word_rules`): person names, bound
  suffixes, short place names with their suffix, measure words after numerals;
- numbers stay whole with their magnitude and qualifier (``2000余`` ``家``, ``80余万`` ``元``,
  ``11.43万`` ``人``, ``95%``, ``2024年`` ``9月`` ``23日``), the convention of
  ``corpus/guides/segmentation.md``;
- full-width ASCII (``３００``, ``％``) is folded to half-width for matching, and traditional
  characters optionally converted to simplified, while tokens are always slices of the
  original text, so offsets stay valid;
- optionally, the dictionary cut in Rust (``backend="rjieba"``), with the same dictionary
  and rules.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable
from importlib.resources import files

from .word_rules import is_han, name_chars, repair

__all__ = [
    "Tokenizer", "get_tokenizer", "tokenize", "tokenize_document", "load_stopwords", "fold_width",
    "simplify",
]

# Full-width ASCII (U+FF01..U+FF5E) and the ideographic space map one-to-one onto ASCII, so
# folding never changes the length of a string.
_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
_FOLD_TABLE = str.maketrans(_FULLWIDTH)


def fold_width(text: str) -> str:
    """Fold full-width ASCII letters, digits and punctuation to half-width (same length).

    Examples
    --------
    >>> fold_width("３００元，ＨＲ")
    '300元,HR'
    """
    return text.translate(_FOLD_TABLE)


# Numbers that must come out as one token (on width-folded text). Order matters: the first
# alternative that matches at a position wins, so the specific forms come first.
_CN_DIGIT = "零〇○一二两三四五六七八九"
_NUMBER_TOKEN = re.compile(
    r"""
      百分之[零〇○一二两三四五六七八九十百点]+                   # 百分之二十, 百分之八点五
    | \d{4}年                                                  # 2024年 (a year, not 10年)
    | [零〇○一二三四五六七八九]{4}年                             # 二○二四年
    | (?:1[0-2]|0?[1-9])月                                   # 9月, 12月
    | (?:[12][0-9]|3[01]|0?[1-9])[日号]                         # 23日, 7号
    | (?:[01]?[0-9]|2[0-4])点(?:半|[0-5]?[0-9]分)?(?![0-9])       # 8点, 7点半 (clock time)
    | 第\d+                                                     # 第3 (ordinal)
    | (?<!\d)[0-9][05]后                                         # 90后, 00后 (a generation)
    | (?:十[一二]|[一二三四五六七八九十])月                       # 十二月
    | (?:三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?)日  # 三十一日 (not 一日)
    | (?:\d+(?:,\d{3})+|\d+)(?:\.\d+)?                          # 1,036  11.43
      (?:[余多])?(?:[十百千万亿]+)?(?:[余多])?%?                  #   余 万 多 %
    | [一二两三四五六七八九十几][零〇○一二两三四五六七八九十百千万亿余多几点]*
      [十百千万亿][零〇○一二两三四五六七八九十百千万亿余多几]*       # 三千五百, 两千余, 十几, 几千
    """,
    re.X,
)
# Chinese-numeral runs that are words, not figures.
_NOT_A_NUMBER = frozenset({"十一", "一一", "万一", "三三两两", "十全十美", "一五一十"})


def _number_spans(folded: str) -> list[tuple[int, int]]:
    spans = []
    for match in _NUMBER_TOKEN.finditer(folded):
        if match.group() not in _NOT_A_NUMBER:
            spans.append(match.span())
    return spans


@functools.lru_cache(maxsize=1)
def _lexicon() -> tuple[tuple[str, int, str], ...]:
    """The domain lexicon: (word, frequency, POS tag) rows of ``data/lexicon.tsv``."""
    rows = []
    text = files("toolkit.data").joinpath("lexicon.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        word, freq, tag = (line.split("\t") + ["", ""])[:3]
        rows.append((word, int(freq) if freq else 0, tag or "n"))
    return tuple(rows)


@functools.lru_cache(maxsize=1)
def _splits() -> tuple[str, ...]:
    """Entries of jieba's dictionary that the segmentation guide writes as several words."""
    text = files("toolkit.data").joinpath("splits.txt").read_text(encoding="utf-8")
    return tuple(w for w in text.splitlines() if w and not w.startswith("#"))


@functools.lru_cache(maxsize=4)
def load_stopwords(which: str = "default") -> frozenset[str]:
    """Stopwords: the ``stopwordsiso`` Chinese list plus ``data/stopwords_domain.txt``.

    ``which`` is ``"default"`` (both), ``"iso"`` or ``"domain"``.

    Examples
    --------
    >>> "的" in load_stopwords()
    True
    """
    words: set[str] = set()
    if which in ("default", "iso"):
        import stopwordsiso

        words |= set(stopwordsiso.stopwords("zh"))
    if which in ("default", "domain"):
        text = files("toolkit.data").joinpath("stopwords_domain.txt").read_text(encoding="utf-8")
        words |= {w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")}
    return frozenset(words)


class _Engine:
    """The loaded dictionary for one configuration. Built once per process and cached."""

    def __init__(self, *, lexicon: bool, user_words: tuple, backend: str = "jieba"):
        import jieba

        # jieba logs "Building prefix dict…" on its own logger; keep the user's stderr clean.
        jieba.setLogLevel(logging.WARNING)
        self.jieba = jieba.Tokenizer()
        self.jieba.initialize()
        self.tags: dict[str, str] = {}
        rows = list(_lexicon()) if lexicon else []
        if lexicon:
            # A frequency of zero keeps the prefixes but removes the word from the DAG, so
            # jieba cuts 钢铁企业 as 钢铁 企业 (the PKU convention); see data/splits.txt.
            freq = self.jieba.FREQ
            for word in _splits():
                if freq.get(word):
                    self.jieba.total -= freq[word]
                    freq[word] = 0
        rows += [(w, 0, "n") if isinstance(w, str) else tuple(w) for w in user_words]
        # The Rust port cuts with the same dictionary, split list and lexicon; the Python
        # one stays loaded for tags, frequencies and suggest_freq.
        self.fast = _rjieba(_splits() if lexicon else ()) if backend == "rjieba" else None
        for word, freq, tag in rows:
            # Frequency 0 means "just enough to hold together" (jieba.suggest_freq).
            freq = freq or self.jieba.suggest_freq(word, tune=False)
            self.jieba.add_word(word, freq, tag)
            if self.fast is not None:
                self.fast.add_word(word, freq, tag)
            self.tags[word] = tag

    def cut(self, segment: str, hmm: bool) -> list[str]:
        if self.fast is not None:
            return self.fast.cut(segment, hmm)
        return list(self.jieba.cut(segment, HMM=hmm))

    @functools.cached_property
    def word_tags(self) -> dict[str, str]:
        """POS tags of jieba's dictionary (loaded on first use) and of the lexicon."""
        tags: dict[str, str] = {}
        with self.jieba.get_dict_file() as fh:
            for raw in fh:
                parts = raw.decode("utf-8").split()
                if len(parts) == 3:
                    tags[parts[0]] = parts[2]
        tags.update(self.tags)
        overrides = files("toolkit.data").joinpath("pos_overrides.tsv").read_text("utf-8")
        for line in overrides.splitlines():
            if line and not line.startswith("#"):
                word, tag = line.split("\t")[:2]
                tags[word] = tag
        return tags

    @functools.cached_property
    def place_stems(self) -> frozenset[str]:
        """Division names of the gazetteer without their suffix (海北藏族自治州 → 海北): the
        short forms news writes with 州, 市, 县 …"""
        from .places import division_stems

        return division_stems()

    def tag(self, word: str) -> str:
        tag = self.word_tags.get(word)
        if tag:
            return tag
        if word.isdigit():
            return "m"
        if word.isascii():
            return "eng" if word.isalnum() else "x"
        if not any(is_han(ch) for ch in word):
            return "x"
        return "n" if len(word) > 1 else "x"


def _rjieba(splits):
    """rjieba's engine (jieba's dictionary, in Rust) without the entries of ``splits``."""
    try:
        import rjieba
    except ImportError:
        raise ImportError("backend='rjieba' needs the rjieba package: pip install rjieba "
                          "(or the toolkit's [fast] extra)") from None
    engine = rjieba.Jieba()
    for word in splits:
        if engine.has_word(word):
            engine.add_word(word, 0, None)
    return engine


BACKENDS = ("jieba", "rjieba")


@functools.lru_cache(maxsize=8)
def _engine(lexicon: bool, user_words: tuple, backend: str = "jieba") -> _Engine:
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {', '.join(BACKENDS)}; got {backend!r}")
    return _Engine(lexicon=lexicon, user_words=user_words, backend=backend)


class Tokenizer:
    """Segment Chinese labour-relations text into words.

    Parameters
    ----------
    lexicon : bool, default True
        Load the labour-relations lexicon (``toolkit/data/lexicon.tsv``).
    user_words : iterable of str or (word, freq, tag), optional
        Extra words for this tokenizer only; other tokenizers are not affected.
    hmm : bool, default False
        Let jieba's HMM join unknown words. Off by default: on SIGHAN PKU and MSR most words
        the HMM invents are wrong (see ``benchmarks/segmentation.py``).
    names : bool, default True
        Join a run of two or three single characters that starts with a common surname
        (``data/surnames.txt``) into one person name, which the HMM would otherwise do.
    whole_numbers : bool, default True
        Keep a number with its magnitude and qualifier in one token (``80余万`` ``元``).
    to_simplified : bool, default False
        Match traditional characters as simplified (OpenCC ``t2s``); tokens stay as written.
    stopwords : None, "default" or a collection of str
        Drop these words from the output (``"default"``: stopwords-iso plus the domain list).
    keep_whitespace : bool, default False
        Keep tokens that are only whitespace.
    backend : {"jieba", "rjieba"}, default "jieba"
        What runs the dictionary cut. ``"rjieba"`` is jieba's algorithm in Rust (the
        ``fast`` extra): with the same dictionary, split list and lexicon its tokens agree with
        the default's on 99.99 % of the shipped corpus and statutes, and tokenizing takes about
        a third of the time (``benchmarks/rjieba_agreement.py``). Tags and every rule on top
        (numbers, names, suffixes) are the same.

    Examples
    --------
    >>> tok = Tokenizer()
    >>> tok("追回欠薪80余万元")
    ['追回', '欠薪', '80余万', '元']
    >>> tok.cut_with_offsets("新建３００家工会驿站")[-2:]
    [('家', 5, 6), ('工会驿站', 6, 10)]
    """

    def __init__(self, *, lexicon=True, user_words=None, hmm=False, names=True,
                 whole_numbers=True,
                 to_simplified=False, stopwords=None, keep_whitespace=False, backend="jieba"):
        self.lexicon = lexicon
        self.user_words = user_words
        self.hmm = hmm
        self.names = names
        self.whole_numbers = whole_numbers
        self.to_simplified = to_simplified
        self.stopwords = stopwords
        self.keep_whitespace = keep_whitespace
        self.backend = backend

    # -- configuration ------------------------------------------------------------------

    def _user_words_key(self) -> tuple:
        if not self.user_words:
            return ()
        return tuple(w if isinstance(w, str) else tuple(w) for w in self.user_words)

    @functools.cached_property
    def engine(self) -> _Engine:
        """The loaded dictionary (built on first use and shared by every tokenizer with the
        same configuration in the process; kept on the instance so the hot path does not look
        it up per call, and never pickled)."""
        return _engine(bool(self.lexicon), self._user_words_key(), self.backend)

    @functools.cached_property
    def _stopword_set(self) -> frozenset[str]:
        if self.stopwords is None:
            return frozenset()
        if isinstance(self.stopwords, str):
            return load_stopwords(self.stopwords)
        return frozenset(self.stopwords)

    def get_params(self, deep: bool = False) -> dict:
        return {name: getattr(self, name) for name in (
            "lexicon", "user_words", "hmm", "names", "whole_numbers", "to_simplified", "stopwords",
            "keep_whitespace", "backend")}

    def __repr__(self) -> str:
        changed = {k: v for k, v in self.get_params().items() if v != _DEFAULTS[k]}
        inner = ", ".join(f"{k}={v!r}" for k, v in changed.items())
        return f"Tokenizer({inner})"

    def __getstate__(self):
        # Only the configuration travels; the dictionary is rebuilt once in the new process.
        return self.get_params()

    def __setstate__(self, state):
        self.__init__(**state)

    def __eq__(self, other):
        return isinstance(other, Tokenizer) and self.get_params() == other.get_params()

    def __hash__(self):
        return hash(repr(self))

    # -- segmentation -------------------------------------------------------------------

    def _normalise(self, text: str) -> str:
        """The string that is matched against the dictionary: same length as ``text``."""
        folded = text.translate(_FOLD_TABLE)
        if self.to_simplified:
            folded = simplify(folded)
        return folded

    def _pieces(self, folded: str):
        """(start, end, is_number) pieces of ``folded``, numbers kept whole."""
        if not self.whole_numbers:
            return [(0, len(folded), False)]
        pieces = []
        position = 0
        for start, end in _number_spans(folded):
            if start > position:
                pieces.append((position, start, False))
            pieces.append((start, end, True))
            position = end
        if position < len(folded):
            pieces.append((position, len(folded), False))
        return pieces

    def _segment(self, piece: str, after_number: bool = False) -> list[str]:
        """Words of a piece of normalised text that holds no number: jieba's dictionary cut,
        repaired by :mod:`toolkit.word_rules` (``after_number``: the piece follows a number
        token, as 个人 follows 3 in 3个人)."""
        engine = self.engine
        return repair(engine.cut(piece, self.hmm), piece, engine, names=self.names,
                      after_number=after_number)

    def cut_with_offsets(self, text: str) -> list[tuple[str, int, int]]:
        """Tokens of ``text`` with their character offsets: ``(token, start, end)``."""
        folded = self._normalise(text)
        out = []
        after_number = False
        for start, end, is_number in self._pieces(folded):
            if is_number:
                out.append((text[start:end], start, end))
                after_number = True
                continue
            position = start
            for word in self._segment(folded[start:end], after_number):
                stop = position + len(word)
                out.append((text[position:stop], position, stop))
                position = stop
        return self._filter(out)

    def cut(self, text: str) -> list[str]:
        """Tokens of ``text`` (slices of the original string)."""
        if not self._stopword_set and not self.keep_whitespace and self.whole_numbers:
            return self._fast_cut(text)
        return [token for token, _, _ in self.cut_with_offsets(text)]

    __call__ = cut

    def _fast_cut(self, text: str, keep_space: bool = False) -> list[str]:
        # The hot path of the default configuration: no offsets, no stopwords.
        folded = self._normalise(text)
        segment = self._segment
        same = folded == text
        out: list[str] = []
        position = 0
        for match in _NUMBER_TOKEN.finditer(folded):
            start, end = match.span()
            if match.group() in _NOT_A_NUMBER:
                continue
            if start > position:
                out += _restore(segment(folded[position:start], position > 0), text, position,
                                same)
            out.append(text[start:end])
            position = end
        if position < len(folded):
            out += _restore(segment(folded[position:], position > 0), text, position, same)
        return out if keep_space else [t for t in out if not t.isspace()]

    def cut_all(self, text: str) -> list[str]:
        """Every token, whitespace included, so that they join back to ``text`` (no stopwords
        are removed). ``"".join(tok.cut_all(text)) == text``."""
        return self._fast_cut(text, keep_space=True)

    def pos(self, text: str) -> list[tuple[str, str]]:
        """Tokens with part-of-speech tags (jieba's ICTCLAS-style tag set).

        The tokens are exactly those of :meth:`cut`; each takes its dictionary tag, numbers
        ``m``, dates ``t``, joined person names ``nr``.

        Examples
        --------
        >>> Tokenizer().pos("新建工会驿站22家")
        [('新建', 'v'), ('工会驿站', 'n'), ('22', 'm'), ('家', 'q')]
        """
        folded = self._normalise(text)
        engine = self.engine
        out = []
        for token, start, end in self.cut_with_offsets(text):
            key = folded[start:end]
            if _NUMBER_TOKEN.fullmatch(key):
                tag = "t" if key[-1] in "年月日号点半分" else "m"
            elif self.names and len(key) in (2, 3) and key[0] in name_chars()[0] \
                    and key not in engine.word_tags and all(map(is_han, key)):
                tag = "nr"
            else:
                tag = engine.tag(key)
            out.append((token, tag))
        return out

    def _filter(self, tokens):
        stop = self._stopword_set
        keep_space = self.keep_whitespace
        return [
            t for t in tokens
            if (keep_space or not t[0].isspace()) and (not stop or t[0] not in stop)
        ]

    def is_word(self, string: str) -> bool:
        """True when ``string`` is an entry of the dictionary (jieba's or the lexicon)."""
        return self.engine.jieba.FREQ.get(fold_width(string), 0) > 0


_DEFAULTS = Tokenizer().get_params()


def _restore(words: list[str], text: str, offset: int, same: bool) -> list[str]:
    """Map words cut from the folded text back onto the original characters."""
    if same:
        return words
    out = []
    for word in words:
        out.append(text[offset:offset + len(word)])
        offset += len(word)
    return out


@functools.lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def simplify(text: str) -> str:
    """Traditional characters as simplified (OpenCC ``t2s``), keeping the length so offsets
    into the original stay valid.

    Examples
    --------
    >>> simplify("工會驛站")
    '工会驿站'
    """
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    # A phrase rule changed the length: convert character by character to keep offsets.
    return "".join(ch if len(c := _t2s().convert(ch)) != 1 else c for ch in text)


@functools.lru_cache(maxsize=1)
def get_tokenizer() -> Tokenizer:
    """The default :class:`Tokenizer`, created once per process.

    Examples
    --------
    >>> get_tokenizer() is get_tokenizer()
    True
    """
    return Tokenizer()


def tokenize(text: str, *, tokenizer: Tokenizer | None = None, pos: bool = False,
             stopwords: str | Iterable[str] | None = None):
    """Segment ``text``: a list of tokens, or ``(tokens, tags)`` with ``pos=True``.

    Examples
    --------
    >>> tokenize("职工对企业重大事项的知晓率上升至90%以上")[-5:]
    ['知晓率', '上升', '至', '90%', '以上']
    >>> tokenize("工会驿站", pos=True)
    (['工会驿站'], ['n'])
    """
    if stopwords is not None and not isinstance(stopwords, str):
        stopwords = tuple(stopwords)
    if tokenizer is None:
        tok = _configured(stopwords, False)  # one per configuration, not one per call
    elif stopwords is not None:
        params = tokenizer.get_params()
        params["stopwords"] = stopwords
        tok = Tokenizer(**params)
    else:
        tok = tokenizer
    if pos:
        pairs = tok.pos(text)
        return [w for w, _ in pairs], [t for _, t in pairs]
    return tok.cut(text)


@functools.lru_cache(maxsize=8)
def _configured(stopwords, traditional: bool, backend: str = "jieba") -> Tokenizer:
    if stopwords is None and not traditional and backend == "jieba":
        return get_tokenizer()
    return Tokenizer(stopwords=stopwords, to_simplified=traditional, backend=backend)


def tokenize_document(doc: dict, *, pos: bool = False, stopwords: str | None = None,
                      traditional: bool = False, backend: str = "jieba") -> dict:
    """The ``tokenize`` command's record for one document: ``id``, ``tokens`` (and ``pos``).

    Examples
    --------
    >>> tokenize_document({"id": "a", "text": "新建工会驿站"})
    {'id': 'a', 'tokens': ['新建', '工会驿站']}
    """
    tok = _configured(stopwords, traditional, backend)
    record = {"id": doc.get("id")}
    if pos:
        pairs = tok.pos(doc["text"])
        record["tokens"] = [w for w, _ in pairs]
        record["pos"] = [t for _, t in pairs]
    else:
        record["tokens"] = tok.cut(doc["text"])
    return record
