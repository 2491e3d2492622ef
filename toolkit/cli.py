"""Command line: ``python -m toolkit VERB ...`` (DESIGN.md "Command line" is the contract).

A thin layer: each verb parses its arguments, picks the library function the notebooks call,
and hands it to :func:`toolkit.batch.run` with the shared reader and writer. Exit status 0 when
every document was processed, 1 when some failed (listed on stderr and as error records), 2
for a usage error.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
from collections.abc import Sequence

from . import __version__
from .errors import ToolkitError

EXAMPLES = {
    "split": "python -m toolkit split corpus/seed/000_0a4464932e09dc1c.txt -o articles.jsonl",
    "tokenize": "python -m toolkit tokenize articles.jsonl --pos -o tokens.jsonl",
    "classify": "python -m toolkit classify articles.jsonl -o themes.csv",
    "indicators": "python -m toolkit indicators articles.jsonl -o indicators.csv",
    "numbers": "python -m toolkit numbers articles.jsonl",
    "places": "python -m toolkit places articles.jsonl -o places.csv",
    "triage": "python -m toolkit triage corpus/suggestions/sample.jsonl -o triage.csv",
    "train": "python -m toolkit train corpus/themes/train.jsonl -o model.npz",
    "evaluate": "python -m toolkit evaluate corpus/themes/test.jsonl",
    "report": "python -m toolkit report articles.jsonl corpus/suggestions/sample.jsonl "
              "-o report.html",
    "demo": "python -m toolkit demo --out out",
}

HELP = {
    "split": "newspaper page(s) -> one record per article and caption",
    "tokenize": "documents -> tokens (and POS tags with --pos)",
    "classify": "documents -> themes, primary theme and a score per theme",
    "indicators": "documents -> one record per numeric indicator",
    "numbers": "documents -> one record per number mention (indicator or not)",
    "places": "documents -> one record per place mention",
    "triage": "employee suggestions -> themes, urgency, duplicate groups, department",
    "train": "labelled JSONL -> a theme model file (.npz)",
    "evaluate": "labelled JSONL -> per-theme precision/recall/F1 and a confusion matrix",
    "report": "documents -> one self-contained HTML report",
    "demo": "run the whole analysis on the shipped corpus (what `make demo` runs)",
}


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors: one line, exit status 2
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _add_inputs(p: argparse.ArgumentParser, *, batch: bool = True, jobs: bool = True) -> None:
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help=".txt, .jsonl, .csv, a directory, or - for stdin")
    p.add_argument("-o", "--output", metavar="OUT",
                   help="output file: .jsonl, .csv or .parquet (default: JSON lines on stdout)")
    p.add_argument("--text-col", default="text", help="text field/column (default: text)")
    p.add_argument("--id-col", default="id", help="id field/column (default: id)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    if batch:
        p.add_argument("--resume", action="store_true",
                       help="continue an interrupted run with the same arguments")
    if jobs:
        p.add_argument("--jobs", type=int, default=1, metavar="N",
                       help="worker processes (default 1; 0 = all cores)")
        p.add_argument("--engine", choices=("local", "dask"), default="local",
                       help="run on this machine (default) or on a Dask cluster")
        p.add_argument("--scheduler", metavar="ADDRESS",
                       help="Dask scheduler address (with --engine dask); default: a local cluster")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m toolkit",
        description="Labour-relations text toolkit: segment, classify and measure Chinese "
                    "union news and employee suggestions.",
        epilog="Each verb has --help with an example.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", parser_class=_Parser)
    verbs.required = True

    def verb(name):
        return verbs.add_parser(name, help=HELP[name], description=HELP[name],
                                epilog=f"example: {EXAMPLES[name]}",
                                formatter_class=argparse.RawDescriptionHelpFormatter)

    p = verb("split")
    _add_inputs(p, jobs=False)

    p = verb("tokenize")
    _add_inputs(p)
    p.add_argument("--pos", action="store_true", help="also write POS tags")
    p.add_argument("--stopwords", choices=("default", "iso", "domain"),
                   help="drop stopwords (default: keep every token)")
    p.add_argument("--traditional", action="store_true",
                   help="match traditional characters as simplified (tokens stay as written)")
    p.add_argument("--backend", choices=("jieba", "rjieba"), default="jieba",
                   help="dictionary cut in Python (default) or in Rust (pip install rjieba)")

    p = verb("classify")
    _add_inputs(p)
    p.add_argument("--model", metavar="PATH", help="a model file from `train` (.npz)")

    for name in ("indicators", "numbers", "places"):
        p = verb(name)
        _add_inputs(p)

    p = verb("triage")
    _add_inputs(p, jobs=False)
    p.add_argument("--model", metavar="PATH", help="theme model file (.npz)")
    p.add_argument("--departments", metavar="CSV", help="theme -> department mapping file")
    p.add_argument("--summary", metavar="PATH", help="also write the summary as JSON")

    p = verb("train")
    p.add_argument("labelled", metavar="LABELLED.jsonl")
    p.add_argument("-o", "--output", required=True, metavar="MODEL")
    p.add_argument("--seed", type=int, default=0)

    p = verb("evaluate")
    p.add_argument("labelled", metavar="LABELLED.jsonl")
    p.add_argument("--model", metavar="PATH")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")

    p = verb("report")
    _add_inputs(p, batch=False, jobs=False)
    p.add_argument("--title", default="Labour-relations text report")
    p.add_argument("--model", metavar="PATH")

    p = verb("demo")
    p.add_argument("--out", default="out", help="folder for the demo's files (default: out)")
    return parser


# --------------------------------------------------------------------------- per-document work
# Module-level functions (not lambdas) so that worker processes can unpickle them.


def _passthrough(doc: dict) -> dict:
    """Document variables that travel along (scalars other than the text)."""
    return {k: v for k, v in doc.items()
            if k != "text" and (v is None or isinstance(v, (str, int, float, bool)))}


def tokenize_doc(doc: dict, *, pos: bool = False, stopwords=None, traditional=False,
                 backend="jieba") -> list:
    from .tokenize import tokenize_document

    return [tokenize_document(doc, pos=pos, stopwords=stopwords, traditional=traditional,
                              backend=backend)]


def classify_doc(doc: dict, *, model: str | None = None) -> list:
    return classify_docs([doc], model=model)[0]


def classify_docs(docs: list[dict], *, model: str | None = None) -> list[list]:
    """``classify_doc`` for a chunk of documents in one model call (see toolkit.batch)."""
    from .themes import document_text, load_model

    records = load_model(model).classify_many([document_text(doc) for doc in docs])
    return [[{**_passthrough(doc), **record}] for doc, record in zip(docs, records, strict=True)]


classify_doc.chunk = classify_docs


def indicators_doc(doc: dict) -> list:
    from .indicators import extract

    return [{"doc_id": doc["id"], **r} for r in extract(doc["text"])]


def numbers_doc(doc: dict) -> list:
    from .numbers import find_numbers

    return [{"doc_id": doc["id"], **r} for r in find_numbers(doc["text"])]


def places_doc(doc: dict) -> list:
    from .places import find_places

    return [{"doc_id": doc["id"], **r} for r in find_places(doc["text"])]


def split_doc(doc: dict) -> list:
    from .corpus import split_page

    page_id = os.path.splitext(str(doc["id"]))[0]
    records = split_page(doc["text"], page_id=page_id)
    extra = {k: v for k, v in _passthrough(doc).items() if k != "id"}
    return [{**extra, "page": doc["id"], **r} for r in records]


# --------------------------------------------------------------------------- verbs


def _progress(args) -> bool:
    return not args.quiet and sys.stderr.isatty()


def _batch(args, func) -> int:
    from .batch import resolve_jobs, run
    from .io import RecordWriter, read_documents

    jobs = resolve_jobs(getattr(args, "jobs", 1))
    if getattr(args, "engine", "local") == "dask":
        from .scale import run_with_dask

        return run_with_dask(func, args)
    docs = read_documents(args.inputs, text_col=args.text_col, id_col=args.id_col)
    writer = RecordWriter(args.output, resume=getattr(args, "resume", False))
    try:
        stats = run(func, docs, writer, jobs=jobs, progress=_progress(args), desc=args.verb)
    except BaseException:
        writer.close()  # keep the side file for --resume; the old output is untouched
        raise
    writer.finish()
    if stats.skipped and not args.quiet:
        print(f"resumed after {stats.skipped} documents already done", file=sys.stderr)
    return stats.exit_status


def cmd_split(args) -> int:
    return _batch(args, split_doc)


def cmd_tokenize(args) -> int:
    return _batch(args, functools.partial(tokenize_doc, pos=args.pos, stopwords=args.stopwords,
                                          traditional=args.traditional, backend=args.backend))


def cmd_classify(args) -> int:
    from .themes import load_model

    load_model(args.model)  # a bad model file is a usage problem: refuse before reading input
    return _batch(args, functools.partial(classify_doc, model=args.model))


def cmd_indicators(args) -> int:
    return _batch(args, indicators_doc)


def cmd_numbers(args) -> int:
    return _batch(args, numbers_doc)


def cmd_places(args) -> int:
    return _batch(args, places_doc)


def cmd_triage(args) -> int:
    from .suggestions import triage_command

    return triage_command(args)


def cmd_train(args) -> int:
    from .themes import train_command

    return train_command(args)


def cmd_evaluate(args) -> int:
    from .themes import evaluate_command

    return evaluate_command(args)


def cmd_report(args) -> int:
    from .report import report_command

    return report_command(args)


def cmd_demo(args) -> int:
    from .report import demo_command

    return demo_command(args)


COMMANDS = {
    "split": cmd_split, "tokenize": cmd_tokenize, "classify": cmd_classify,
    "indicators": cmd_indicators, "numbers": cmd_numbers, "places": cmd_places,
    "triage": cmd_triage, "train": cmd_train, "evaluate": cmd_evaluate,
    "report": cmd_report, "demo": cmd_demo,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 some documents failed, 2 usage).

    Examples
    --------
    >>> main(["--version"])  # doctest: +SKIP
    python -m toolkit 0.1.0
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.verb](args)
    except ToolkitError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:
        if "--jobs" in str(exc):
            parser.error(str(exc))
        raise
    except KeyboardInterrupt:
        print("interrupted: run again with --resume to continue", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `... | head`: the reader went away; that is not an error of ours.
        sys.stderr.close()
        return 0
