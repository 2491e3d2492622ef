"""Beyond one machine: the same per-document functions over Dask bags and dataframes.

Nothing here is a new engine: Dask schedules the work, and each worker process runs the
functions the CLI and the notebooks call (:mod:`toolkit.cli`'s ``*_doc`` functions). The
tokenizer and the theme model are cached per process, so every worker loads them once and
keeps them for all its partitions. Results are the same records, in the same order, as a
serial run.

From a notebook::

    import dask.bag as db
    from toolkit.scale import documents_bag, apply
    docs = documents_bag(["corpus/themes/test.jsonl"])
    apply(docs, "classify").compute()

On a cluster, connect a ``dask.distributed.Client`` to the scheduler first (or pass
``--engine dask --scheduler tcp://host:8786`` on the command line); nothing else changes.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterable

from .batch import apply_chunk

__all__ = ["documents_bag", "apply", "apply_frame", "VERBS", "run_with_dask"]


def _verb_function(verb: str, **options) -> Callable[[dict], list[dict]]:
    from . import cli

    functions = {"tokenize": cli.tokenize_doc, "classify": cli.classify_doc,
                 "indicators": cli.indicators_doc, "numbers": cli.numbers_doc,
                 "places": cli.places_doc, "split": cli.split_doc}
    if verb not in functions:
        raise ValueError(f"unknown verb {verb!r}; one of {sorted(functions)}")
    return functools.partial(functions[verb], **options) if options else functions[verb]


VERBS = ("tokenize", "classify", "indicators", "numbers", "places", "split")


def _read_partition(paths: Iterable[str], text_col: str, id_col: str, several: bool):
    from .io import read_documents

    out = []
    for path in paths:
        out += read_documents([path], text_col=text_col, id_col=id_col,
                              prefix_line_ids=several)
    return out


def documents_bag(inputs, *, text_col: str = "text", id_col: str = "id",
                  files_per_partition: int = 1):
    """A ``dask.bag`` of document records read from files (one partition per file by
    default), with the same decoding, ids and error records as :func:`toolkit.io.read_documents`.

    Examples
    --------
    >>> bag = documents_bag(["corpus/seed/000_0a4464932e09dc1c.txt"])
    >>> bag.npartitions
    1
    """
    import dask.bag as db

    from .io import iter_input_files

    files = [f for f in iter_input_files(inputs if not isinstance(inputs, str) else [inputs])
             if f != "-"]
    groups = [files[i:i + files_per_partition]
              for i in range(0, len(files), files_per_partition)]
    several = len(files) > 1
    return db.from_sequence(groups, npartitions=max(1, len(groups))).map_partitions(
        lambda part: _read_partition([p for group in part for p in group], text_col, id_col,
                                     several))


def _apply_partition(docs, func):
    return [record for records in apply_chunk(func, list(docs)) for record in records]


def apply(bag, verb: str, **options):
    """Apply a verb (``tokenize``, ``classify``, ``indicators``, ``numbers``, ``places``) to a
    bag of ``{"id", "text", ...}`` records; returns a bag of output records.

    Examples
    --------
    >>> import dask.bag as db
    >>> docs = db.from_sequence([{"id": "a", "text": "追回欠薪80余万元"}])
    >>> apply(docs, "numbers").pluck("value").compute()
    [800000.0]
    """
    return bag.map_partitions(_apply_partition, _verb_function(verb, **options))


def _frame_partition(frame, func, text_col, id_col):
    import pandas as pd

    docs = []
    for n, row in enumerate(frame.to_dict("records")):
        doc = {k: v for k, v in row.items() if k not in (text_col, id_col)}
        doc["id"] = row.get(id_col, n)
        doc["text"] = row.get(text_col) or ""
        docs.append(doc)
    return pd.DataFrame.from_records(_apply_partition(docs, func))


def apply_frame(ddf, verb: str, *, text_col: str = "text", id_col: str = "id", meta=None,
                **options):
    """Apply a verb to a ``dask.dataframe`` with a text column; returns a dask dataframe of
    output records (``meta`` is inferred from the first partition unless given)."""
    func = _verb_function(verb, **options)
    if meta is None:
        meta = _frame_partition(ddf.head(1, npartitions=-1), func, text_col, id_col).iloc[:0]
    return ddf.map_partitions(_frame_partition, func, text_col, id_col, meta=meta)


def run_with_dask(func, args) -> int:
    """The CLI's ``--engine dask``: read partitions on the workers, apply ``func``, and write
    either one output file (records streamed back in order) or, when ``-o`` names a folder,
    one JSON-lines part file per input partition."""
    from dask.distributed import Client, LocalCluster

    from .batch import resolve_jobs
    from .io import RecordWriter

    if args.scheduler:
        client = Client(args.scheduler)
        cluster = None
    else:
        cluster = LocalCluster(n_workers=resolve_jobs(args.jobs), threads_per_worker=1,
                               processes=True, dashboard_address=None)
        client = Client(cluster)
    failed = 0
    try:
        bag = documents_bag(args.inputs, text_col=args.text_col, id_col=args.id_col)
        results = bag.map_partitions(_apply_partition, func)
        if args.output and (args.output.endswith(os.sep) or os.path.isdir(args.output)):
            os.makedirs(args.output, exist_ok=True)
            from .io import dumps

            results.map(dumps).to_textfiles(os.path.join(args.output, "part-*.jsonl"),
                                            last_endline=True)
            failed = results.filter(lambda r: "error" in r).count().compute()
        else:
            writer = RecordWriter(args.output)
            index = 0
            # One partition at a time keeps the driver's memory flat.
            for part in results.to_delayed():
                records = part.compute()
                errors = [r for r in records if "error" in r]
                failed += len(errors)
                for record in errors:
                    print(record["error"], file=sys.stderr)
                writer.write(index, records)
                index += 1
            writer.finish()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return 1 if failed else 0
