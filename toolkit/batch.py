"""Run one verb over a stream of documents: in order, in chunks, on N processes, resumable.

:func:`run` is what every batch command calls. It reads documents lazily, applies a
per-document function (a picklable callable returning a list of records), and hands each
document's records to a :class:`~toolkit.io.RecordWriter`, so peak memory depends on the
chunk size and the number of workers, never on the number of documents. A failing document
becomes an error record ``{"id", "error"}`` and a line on stderr; the batch goes on.

Work is done a chunk of documents at a time. A per-document function may offer a batched
form as its ``chunk`` attribute (``classify_doc.chunk`` classifies a whole chunk in one
model call, several times faster than one call per document); :func:`apply_chunk` uses it
and falls back to one document at a time when the chunk fails, so that only the bad
document becomes an error record.

With ``jobs > 1`` the work goes to a process pool started by ``spawn`` (so it behaves the same
on Linux, macOS and Windows); each worker builds its tokenizer and model once, on first use.
Results come back in input order, so the output is identical to a serial run.
"""

from __future__ import annotations

import functools
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from multiprocessing import get_context

from .errors import ToolkitError
from .io import RecordWriter

__all__ = ["run", "BatchStats", "apply_safely", "apply_chunk"]

CHUNK_SIZE = 256


@dataclass
class BatchStats:
    documents: int = 0
    failed: int = 0
    skipped: int = 0
    records: int = 0

    @property
    def exit_status(self) -> int:
        return 1 if self.failed else 0


def apply_safely(func: Callable[[dict], list[dict]], doc: dict) -> list[dict]:
    """``func(doc)``, or a one-item error record list when the document cannot be processed."""
    if "error" in doc:
        return [doc]
    try:
        return func(doc)
    except ToolkitError as exc:
        return [{"id": doc.get("id"), "error": str(exc)}]
    except RecursionError:
        return [{"id": doc.get("id"), "error": f"{doc.get('id')}: document too deeply nested"}]
    except (ValueError, TypeError, KeyError, IndexError, UnicodeError) as exc:
        # A bug of ours on a strange input must not stop a batch of millions; say what it was.
        return [{"id": doc.get("id"),
                 "error": f"{doc.get('id')}: could not process ({type(exc).__name__}: {exc})"}]


def _batched_form(func):
    """``func.chunk`` (for a ``functools.partial``, the wrapped function's, with the same
    options), or None."""
    if isinstance(func, functools.partial):
        chunk = getattr(func.func, "chunk", None)
        return functools.partial(chunk, *func.args, **func.keywords) if chunk else None
    return getattr(func, "chunk", None)


def apply_chunk(func: Callable[[dict], list[dict]], docs: list[dict]) -> list[list[dict]]:
    """The records of each document of ``docs``, in order: by ``func``'s batched form when it
    has one, else (or when the batch fails) by :func:`apply_safely` on each document.

    Examples
    --------
    >>> apply_chunk(lambda d: [{"n": len(d["text"])}], [{"id": "a", "text": "职工"}])
    [[{'n': 2}]]
    """
    batched = _batched_form(func)
    readable = [doc for doc in docs if "error" not in doc]
    if batched is not None and readable:
        try:
            records = iter(batched(readable))
            return [[doc] if "error" in doc else next(records) for doc in docs]
        except (ToolkitError, ValueError, TypeError, KeyError, IndexError, UnicodeError,
                RecursionError):
            pass  # one document at a time below: the bad one becomes an error record
    return [apply_safely(func, doc) for doc in docs]


def _chunks(iterable: Iterable, size: int) -> Iterator[list]:
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _results_serial(func, docs: Iterable[dict], chunk_size: int) -> Iterator[list[dict]]:
    for chunk in _chunks(docs, chunk_size):
        yield from apply_chunk(func, chunk)


def _results_parallel(func, docs: Iterable[dict], jobs: int, chunk_size: int
                      ) -> Iterator[list[dict]]:
    # A bounded window of chunks in flight keeps memory flat however long the input is.
    window = 4 * jobs
    with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn")) as pool:
        pending: deque = deque()
        for chunk in _chunks(docs, chunk_size):
            pending.append(pool.submit(apply_chunk, func, chunk))
            if len(pending) >= window:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def resolve_jobs(jobs: int) -> int:
    """``0`` means every core; negative numbers are a usage error."""
    if jobs < 0:
        raise ValueError("--jobs must be 0 (all cores) or a positive number")
    return jobs or os.cpu_count() or 1


def run(func: Callable[[dict], list[dict]], documents: Iterable[dict], writer: RecordWriter,
        *, jobs: int = 1, progress: bool = False, desc: str = "documents",
        errors=None, chunk_size: int = CHUNK_SIZE) -> BatchStats:
    """Apply ``func`` to every document and write the records; return counts.

    Parameters
    ----------
    func : callable
        ``func(doc) -> list[dict]``; must be picklable when ``jobs > 1`` (a module-level
        function or a ``functools.partial`` of one).
    documents : iterable of dict
        As yielded by :func:`toolkit.io.read_documents` (error records pass through).
    writer : RecordWriter
        Where the records go; its ``done`` count of finished documents is skipped (resume).
    jobs : int
        Worker processes; 1 runs in this process, 0 uses every core.

    Examples
    --------
    >>> import io as _io
    >>> out = _io.StringIO()
    >>> docs = [{"id": "a", "text": "职工"}, {"id": "b", "error": "b.txt: empty file"}]
    >>> stats = run(lambda d: [{"id": d["id"], "n": len(d["text"])}], docs,
    ...             RecordWriter(stream=out), errors=_io.StringIO())
    >>> stats.documents, stats.failed, out.getvalue().count("\\n")
    (2, 1, 2)
    """
    errors = errors if errors is not None else sys.stderr
    jobs = resolve_jobs(jobs)
    stats = BatchStats(skipped=writer.done)
    docs = islice(documents, writer.done, None) if writer.done else iter(documents)
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(desc=desc, unit="doc", file=sys.stderr, initial=writer.done,
                   dynamic_ncols=True, mininterval=0.5)
    results = (_results_serial(func, docs, chunk_size) if jobs == 1
               else _results_parallel(func, docs, jobs, chunk_size))
    index = writer.done
    try:
        for records in results:
            failed = [r for r in records if "error" in r]
            if failed:
                stats.failed += 1
                for record in failed:
                    print(record["error"], file=errors)
            writer.write(index, records)
            stats.documents += 1
            stats.records += len(records)
            index += 1
            if bar is not None:
                bar.update(1)
            if index % 256 == 0:
                writer.flush()
    finally:
        if bar is not None:
            bar.close()
    return stats
