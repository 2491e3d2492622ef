"""Reading documents from files and writing records, shared by every command.

Inputs (DESIGN.md "Command line"): a ``.txt`` file is one document; a ``.jsonl`` file has one
object a line with ``text`` and optional ``id`` (other fields travel along); a ``.csv`` file
has a text column; a directory is read recursively in sorted order; ``-`` is standard input.
Bad input never raises out of :func:`read_documents`: it yields an error record
``{"id": ..., "error": "path:line: problem"}`` and goes on with the next document.

Outputs: :class:`RecordWriter` picks the format from the file name (``.jsonl``, ``.csv``,
``.parquet``; none means JSON lines on stdout). Records are first appended to a side file
``OUT.partial`` (a document's records, then a marker line that closes the document), and only
:meth:`RecordWriter.finish` turns that into ``OUT`` through a temporary file and an atomic
rename, so an interrupted run never leaves a half-written or clobbered output, and
``--resume`` can pick up the side file at the last closed document.
"""

from __future__ import annotations

import codecs
import csv
import json
import os
import sys
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from .errors import ToolkitError

__all__ = [
    "decode_bytes",
    "read_documents",
    "iter_input_files",
    "RecordWriter",
    "OUTPUT_FORMATS",
]

INPUT_SUFFIXES = (".txt", ".jsonl", ".csv")
# A side-file line that closes one input document's records (never a record: records are
# JSON objects whose first key is a field name, not this one).
_DOC_MARKER = b'{"\x00doc": '
_DOC_MARKER_STR = _DOC_MARKER.decode()
OUTPUT_FORMATS = (".jsonl", ".csv", ".parquet")

# Bytes read to decide a file's encoding before streaming the rest.
_SNIFF_BYTES = 1 << 16


# --------------------------------------------------------------------------- decoding


def _looks_like_text(text: str) -> bool:
    """True when ``text`` is what a person wrote, not bytes decoded as something they are not."""
    if not text:
        return True
    sample = text[:20000]
    bad = 0
    for ch in sample:
        if ch in "\n\r\t":
            continue
        cat = unicodedata.category(ch)
        # Control characters, unassigned and private-use code points do not occur in news.
        if cat in ("Cc", "Cn", "Co", "Cs"):
            bad += 1
    return bad <= max(2, len(sample) // 200)


def _decode_candidates(data: bytes) -> Iterator[str]:
    """Encodings worth trying for ``data``, most likely first."""
    if data.startswith(codecs.BOM_UTF8):
        yield "utf-8-sig"
        return
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        yield "utf-16"
        return
    yield "utf-8"
    # UTF-16 without a BOM: every other byte is NUL for ASCII-heavy text.
    if len(data) >= 4 and data[1::2].count(0) > len(data) // 4:
        yield "utf-16-le"
    if len(data) >= 4 and data[0::2].count(0) > len(data) // 4:
        yield "utf-16-be"
    if b"\x00" in data:
        return  # NUL bytes in anything else mean binary data
    from charset_normalizer import from_bytes

    if len(data) >= 200:
        # On longer texts charset-normalizer tells GB18030 from Big5 and friends reliably.
        best = from_bytes(data[:_SNIFF_BYTES]).best()
        if best is not None and best.encoding:
            yield best.encoding
    # Short or undecided: GB18030 (a superset of GBK and GB2312) is by far the most common;
    # then whatever charset-normalizer makes of a short text (Big5 …); UTF-16 without a BOM
    # last, since almost any even-length bytes decode as UTF-16.
    yield "gb18030"
    if len(data) < 200:
        best = from_bytes(data).best()
        if best is not None and best.encoding:
            yield best.encoding
    if len(data) % 2 == 0:
        yield "utf-16-le"


def detect_encoding(data: bytes) -> str | None:
    """Return the encoding ``data`` decodes in as plausible text, or None.

    Examples
    --------
    >>> detect_encoding("工会驿站".encode("gbk"))
    'gb18030'
    >>> detect_encoding("工会驿站".encode("utf-8"))
    'utf-8'
    """
    for encoding in _decode_candidates(data):
        try:
            # A truncated multi-byte character at the end of a sniffed prefix is not an error.
            text = codecs.getincrementaldecoder(encoding)("strict").decode(data, final=False)
        except (UnicodeDecodeError, LookupError):
            continue
        if _looks_like_text(text):
            return encoding
    return None


def decode_bytes(data: bytes, *, source: str = "<bytes>") -> str:
    """Decode a whole file's bytes (UTF-8 with or without BOM, GBK/GB18030, UTF-16, Big5).

    Raises :class:`~toolkit.errors.ToolkitError` naming ``source`` for binary data.

    Examples
    --------
    >>> decode_bytes("职工之家".encode("gb18030"))
    '职工之家'
    >>> decode_bytes(codecs.BOM_UTF8 + "职工".encode("utf-8"))
    '职工'
    """
    encoding = detect_encoding(data)
    if encoding is None:
        raise ToolkitError(f"{source}: not text (binary data or an unknown encoding)")
    text = data.decode(encoding, errors="strict")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


# --------------------------------------------------------------------------- inputs


def iter_input_files(inputs: Iterable[str | os.PathLike]) -> Iterator[str]:
    """Expand the command-line inputs: directories recursively (sorted), ``-`` kept as is."""
    for item in inputs:
        item = os.fspath(item)
        if item == "-":
            yield item
            continue
        path = Path(item)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES
            )
            for p in found:
                yield str(p)
        else:
            yield item


def _error(doc_id: Any, message: str) -> dict:
    return {"id": doc_id, "error": message}


def _record_from_object(obj: Any, *, where: str, default_id: str, text_col: str, id_col: str):
    if not isinstance(obj, dict):
        return _error(default_id, f"{where}: not a JSON object")
    text = obj.get(text_col)
    doc_id = obj.get(id_col)
    doc_id = default_id if doc_id is None or doc_id == "" else doc_id
    if text is None:
        return _error(doc_id, f"{where}: no '{text_col}' field")
    if not isinstance(text, str):
        return _error(doc_id, f"{where}: '{text_col}' is not a string")
    record = {k: v for k, v in obj.items() if k not in (id_col, text_col)}
    return {"id": doc_id, "text": text, **record}


def _read_txt(path: str, data: bytes, doc_id: str) -> Iterator[dict]:
    try:
        text = decode_bytes(data, source=path)
    except ToolkitError as exc:
        yield _error(doc_id, str(exc))
        return
    if not text.strip():
        yield _error(doc_id, f"{path}: empty file")
        return
    yield {"id": doc_id, "text": text}


def _iter_binary_lines(stream: IO[bytes], head: bytes) -> Iterator[bytes]:
    """Lines of a byte stream whose first ``head`` bytes were already read."""
    pending = head
    while True:
        *lines, pending = pending.split(b"\n")
        yield from lines
        chunk = stream.read(_SNIFF_BYTES)
        if not chunk:
            break
        pending += chunk
    if pending:
        yield pending


def _read_jsonl(path, stream, head, *, label, text_col, id_col) -> Iterator[dict]:
    encoding = detect_encoding(head)
    if encoding is None:
        yield _error(label, f"{path}: not text (binary data or an unknown encoding)")
        return
    if encoding.startswith("utf-16"):
        # Line splitting on bytes is wrong for UTF-16; such files are rare, decode them whole.
        lines = [line.encode("utf-8") for line in (head + stream.read()).decode(encoding).split("\n")]
        encoding = "utf-8"
    else:
        lines = _iter_binary_lines(stream, head)
    seen_any = False
    for number, raw in enumerate(lines, start=1):
        default_id = f"{label}{number}"
        where = f"{path}:{number}"
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        try:
            line = raw.decode(encoding).strip()
        except UnicodeDecodeError:
            yield _error(default_id, f"{where}: line is not valid {encoding} text")
            continue
        if not line:
            continue
        seen_any = True
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            yield _error(default_id, f"{where}: line is not JSON")
            continue
        yield _record_from_object(
            obj, where=where, default_id=default_id, text_col=text_col, id_col=id_col
        )
    if not seen_any:
        yield _error(label.rstrip(":") or path, f"{path}: empty file")


def _read_csv(path, data: bytes, *, label, text_col, id_col) -> Iterator[dict]:
    try:
        text = decode_bytes(data, source=path)
    except ToolkitError as exc:
        yield _error(label.rstrip(":") or path, str(exc))
        return
    if not text.strip():
        yield _error(label.rstrip(":") or path, f"{path}: empty file")
        return
    reader = csv.DictReader(text.splitlines())
    if reader.fieldnames is None or text_col not in reader.fieldnames:
        yield _error(label.rstrip(":") or path, f"{path}: no column '{text_col}' (use --text-col)")
        return
    for number, row in enumerate(reader, start=2):  # line 1 is the header
        yield _record_from_object(
            row, where=f"{path}:{number}", default_id=f"{label}{number}",
            text_col=text_col, id_col=id_col,
        )


def read_documents(
    inputs: Iterable[str | os.PathLike] | str | os.PathLike,
    *,
    text_col: str = "text",
    id_col: str = "id",
    stdin: IO[bytes] | None = None,
    prefix_line_ids: bool | None = None,
) -> Iterator[dict]:
    """Yield one record per document: ``{"id", "text", ...other fields}``, or an error record.

    A document without an id gets its file name (``.txt``) or its line number (``.jsonl``,
    ``.csv``; prefixed with the file name when several files are read, or when
    ``prefix_line_ids`` says so — a caller reading files one at a time, such as the Dask
    reader, passes it). Files are read lazily,
    JSONL line by line, so a large input is streamed.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.jsonl").write_text('{"text": "职工之家"}\\nnot json\\n', encoding="utf-8")
    >>> [sorted(r) for r in read_documents([d / "a.jsonl"])]
    [['id', 'text'], ['error', 'id']]
    """
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    files = list(iter_input_files(inputs))
    several = len(files) > 1 if prefix_line_ids is None else prefix_line_ids
    for path in files:
        name = "stdin" if path == "-" else os.path.basename(path)
        label = f"{name}:" if several else ""
        try:
            if path == "-":
                stream = stdin if stdin is not None else sys.stdin.buffer
                yield from _read_stream(path, stream, name=name, label=label,
                                        text_col=text_col, id_col=id_col, suffix=None)
                continue
            with open(path, "rb") as stream:
                suffix = Path(path).suffix.lower()
                yield from _read_stream(path, stream, name=name, label=label,
                                        text_col=text_col, id_col=id_col, suffix=suffix)
        except FileNotFoundError:
            yield _error(name, f"{path}: no such file")
        except IsADirectoryError:
            yield _error(name, f"{path}: is a directory")
        except PermissionError:
            yield _error(name, f"{path}: permission denied")


def _read_stream(path, stream, *, name, label, text_col, id_col, suffix) -> Iterator[dict]:
    head = stream.read(_SNIFF_BYTES)
    if suffix is None:  # stdin: JSON lines when it starts with an object, else one text
        stripped = head.lstrip(codecs.BOM_UTF8 + b" \t\r\n")
        suffix = ".jsonl" if stripped.startswith(b"{") else ".txt"
    if suffix == ".jsonl":
        yield from _read_jsonl(path, stream, head, label=label, text_col=text_col, id_col=id_col)
    elif suffix == ".csv":
        yield from _read_csv(path, head + stream.read(), label=label,
                             text_col=text_col, id_col=id_col)
    else:
        doc_id = Path(name).stem if suffix == ".txt" else name
        yield from _read_txt(path, head + stream.read(), doc_id)


# --------------------------------------------------------------------------- outputs


def _json_default(value: Any):
    # numpy scalars and similar: fall back to their Python value.
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, (set, tuple)):
        return list(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def dumps(record: dict) -> str:
    """One record as a JSON line (UTF-8 characters kept readable)."""
    return json.dumps(record, ensure_ascii=False, default=_json_default)


class RecordWriter:
    """Write records for a batch of documents, atomically, in the format ``path`` names.

    ``write(index, records)`` takes all records of the ``index``-th input document (zero or
    more). Without a path, records go to ``stream`` (stdout) as JSON lines as they come.
    With a path, they go to ``path + ".partial"`` first; :meth:`finish` converts that to the
    final format in a temporary file and renames it over ``path``. With ``resume=True`` an
    existing side file is kept and :attr:`done` tells how many documents it already holds.

    Examples
    --------
    >>> import tempfile, os, json
    >>> out = os.path.join(tempfile.mkdtemp(), "tokens.jsonl")
    >>> with RecordWriter(out) as w:
    ...     w.write(0, [{"id": "a", "tokens": ["工会", "驿站"]}])
    >>> json.loads(open(out, encoding="utf-8").readline())["tokens"]
    ['工会', '驿站']
    """

    def __init__(self, path: str | os.PathLike | None = None, *, resume: bool = False,
                 stream: IO[str] | None = None):
        self.path = None if path is None or os.fspath(path) == "-" else os.fspath(path)
        self.stream = stream
        self.done = 0
        self._side = None
        if self.path is None:
            if self.stream is None:
                self.stream = sys.stdout
            return
        suffix = Path(self.path).suffix.lower()
        if suffix not in OUTPUT_FORMATS:
            raise ToolkitError(
                f"{self.path}: unknown output format '{suffix}' (use .jsonl, .csv or .parquet)"
            )
        self.format = suffix
        parent = os.path.dirname(os.path.abspath(self.path))
        if not os.path.isdir(parent):
            raise ToolkitError(f"{self.path}: the folder {parent} does not exist")
        self.side_path = self.path + ".partial"
        if resume and os.path.exists(self.side_path):
            self.done = self._repair_side_file()
            self._side = open(self.side_path, "a", encoding="utf-8")
        else:
            self._side = open(self.side_path, "w", encoding="utf-8")

    def _repair_side_file(self) -> int:
        """Cut the side file after its last closed document (a kill may leave a partial
        document or line behind); return how many documents it holds."""
        done = 0
        keep = 0
        with open(self.side_path, "rb") as fh:
            position = 0
            for line in fh:
                position += len(line)
                if line.startswith(_DOC_MARKER) and line.endswith(b"\n"):
                    done += 1
                    keep = position
        with open(self.side_path, "r+b") as fh:
            fh.truncate(keep)
        return done

    def write(self, index: int, records: list[dict]) -> None:
        if self.path is None:
            for record in records:
                self.stream.write(dumps(record) + "\n")
            return
        # The marker closes the document: the side file is resumable document by document.
        self._side.write("".join(dumps(r) + "\n" for r in records)
                         + f'{_DOC_MARKER.decode()}{index}}}\n')

    def flush(self) -> None:
        if self._side is not None:
            self._side.flush()
        elif self.stream is not None:
            self.stream.flush()

    def _side_lines(self) -> Iterator[str]:
        with open(self.side_path, encoding="utf-8") as fh:
            for line in fh:
                if not line.startswith(_DOC_MARKER_STR):
                    yield line

    def _side_records(self) -> Iterator[dict]:
        for line in self._side_lines():
            yield json.loads(line)

    def finish(self) -> None:
        """Write the final output atomically and remove the side file."""
        if self.path is None:
            self.flush()
            return
        self._side.close()
        self._side = None
        directory = os.path.dirname(os.path.abspath(self.path))
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=self.format, dir=directory)
        os.close(fd)
        try:
            if self.format == ".jsonl":
                with open(tmp, "w", encoding="utf-8") as out:
                    out.writelines(self._side_lines())
            elif self.format == ".csv":
                _write_csv(tmp, self._side_records)
            else:
                _write_parquet(tmp, self._side_records)
            os.replace(tmp, self.path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        os.unlink(self.side_path)

    def close(self) -> None:
        """Stop without finishing: the side file stays for ``--resume``."""
        if self._side is not None:
            self._side.close()
            self._side = None

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.finish()
        else:
            self.close()
        return False


def _columns(records: Iterable[dict]) -> list[str]:
    columns: dict[str, None] = {}
    for record in records:
        for key in record:
            columns.setdefault(key, None)
    return list(columns)


def _csv_cell(value: Any) -> Any:
    if isinstance(value, (list, dict, tuple)):
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    return "" if value is None else value


def _write_csv(tmp: str, records) -> None:
    columns = _columns(records())
    with open(tmp, "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=columns)
        writer.writeheader()
        for record in records():
            writer.writerow({k: _csv_cell(record.get(k)) for k in columns})


def _arrow_type(samples: dict[type, list]):
    """One Arrow type for a column, from sample values of each Python type seen in it."""
    import pyarrow as pa

    kinds = set(samples)
    if not kinds:
        return pa.string()
    if kinds <= {bool}:
        return pa.bool_()
    if kinds <= {int}:
        return pa.int64()
    if kinds <= {int, float}:
        return pa.float64()
    if kinds <= {str, int, float, bool}:
        return pa.string()
    if kinds <= {list}:
        inner = {type(x) for value in samples[list] for x in value}
        if inner <= {str}:
            return pa.list_(pa.string())
        if inner <= {int, float}:
            return pa.list_(pa.float64())
    return None  # nested or mixed: stored as JSON text


def _write_parquet(tmp: str, records, batch_size: int = 10000) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    # Pass 1: the column set and one type per column, so every batch shares a schema.
    samples: dict[str, dict[type, list]] = {}
    for record in records():
        for key, value in record.items():
            by_type = samples.setdefault(key, {})
            if value is not None:
                bucket = by_type.setdefault(type(value), [])
                if len(bucket) < 50:
                    bucket.append(value)
    types = {key: _arrow_type(by_type) for key, by_type in samples.items()}
    as_json = {key for key, t in types.items() if t is None}
    schema = pa.schema([(key, types[key] or pa.string()) for key in samples])

    def convert(record):
        row = {}
        for key in samples:
            value = record.get(key)
            if key in as_json and value is not None:
                value = json.dumps(value, ensure_ascii=False, default=_json_default)
            elif isinstance(value, (int, float)) and pa.types.is_string(schema.field(key).type):
                value = str(value)
            row[key] = value
        return row

    with pq.ParquetWriter(tmp, schema) as writer:
        batch: list[dict] = []
        for record in records():
            batch.append(convert(record))
            if len(batch) >= batch_size:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
        if batch or not samples:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
