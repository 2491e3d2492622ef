"""Benchmark: ``python -m toolkit.bench`` prints the performance figures of DESIGN.md as
ratios measured in one run (absolute times vary between machines; ratios much less).

The text comes from the shipped corpus (the seed page, the project's pages, the annotated
paragraphs and suggestions) plus, with ``--extra DIR``, every ``.md`` and ``.txt`` file under
DIR (``make bench`` passes the labour statutes of the reference data when they are beside the
checkout), repeated to the sizes needed. Figures:

- tokenize: toolkit vs plain ``jieba.lcut`` on the same ≥ 1 MB (goal ≤ 1.15×), and the
  optional ``rjieba`` backend against the same (when rjieba is installed);
- classify vs tokenize on the same documents, through the ``classify`` command's batch path
  (goal ≤ 1.5×);
- indicators: MB of UTF-8 per second on one core (on this text, and on the seed page
  repeated, the text on which DESIGN.md quotes the peers), and its time relative to
  tokenizing;
- ``--jobs 2`` vs ``--jobs 1`` of the ``indicators`` command on ≥ 20 MB (goal ≥ 1.6×);
- peak memory of the ``tokenize`` command on 10× vs 1× the input (goal ≤ 1.1×);
- ``import toolkit`` + first tokenize of a short text, in a fresh process (goal ≤ 1.5 s).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def corpus_texts(extra: Path | None = None) -> list[str]:
    """Paragraph-sized texts from the shipped corpus (and from the files under ``extra``)."""
    texts: list[str] = []
    corpus = ROOT / "corpus"
    for page in [corpus / "seed" / "000_0a4464932e09dc1c.txt", *sorted((corpus / "pages")
                                                                       .glob("*.txt"))]:
        texts += [p for p in page.read_text(encoding="utf-8").split("\n") if p.strip()]
    for path in sorted(corpus.glob("*/*.jsonl")) + sorted(corpus.glob("*/raw/*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            text = json.loads(line).get("text")
            if text:
                texts.append(text)
    if extra is not None:
        for path in sorted(p for p in extra.rglob("*") if p.suffix in (".md", ".txt")):
            texts += [p for p in path.read_text(encoding="utf-8").split("\n") if len(p) > 20]
    return texts


def take_mb(texts: list[str], megabytes: float) -> list[str]:
    out, size, i = [], 0, 0
    while size < megabytes * 1e6:
        text = texts[i % len(texts)]
        out.append(text)
        size += len(text.encode("utf-8"))
        i += 1
    return out


def timed(func, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def run_cli(args: list[str], cwd: Path) -> tuple[float, int]:
    """Run ``python -m toolkit ARGS`` in a fresh process: (seconds, peak RSS in MB)."""
    code = ("import resource, sys, time; from toolkit.cli import main; t = time.perf_counter(); "
            f"status = main({args!r}); "
            "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss "
            "/ 1024, status)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd,
                         check=True)
    seconds, rss, _ = out.stdout.split()
    return float(seconds), float(rss)


def write_jsonl(path: Path, texts: list[str]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for n, text in enumerate(texts):
            fh.write(json.dumps({"id": f"d{n}", "text": text}, ensure_ascii=False) + "\n")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m toolkit.bench", description=__doc__
                                     .splitlines()[0])
    parser.add_argument("--extra", type=Path, metavar="DIR",
                        help="also use the .md/.txt files under DIR (more, varied text)")
    parser.add_argument("--mb", type=float, default=1.0, help="text for the ratios (MB)")
    parser.add_argument("--jobs-mb", type=float, default=20.0, help="text for --jobs (MB)")
    parser.add_argument("--skip-processes", action="store_true",
                        help="only the in-process ratios (no --jobs or memory runs)")
    args = parser.parse_args(argv)

    import logging

    import jieba

    from .batch import CHUNK_SIZE, apply_chunk
    from .cli import classify_doc
    from .indicators import extract
    from .themes import load_model
    from .tokenize import Tokenizer

    if args.extra is not None and not args.extra.is_dir():
        parser.error(f"--extra {args.extra}: not a folder")
    texts = corpus_texts(args.extra)
    sample = take_mb(texts, args.mb)
    megabytes = sum(len(t.encode("utf-8")) for t in sample) / 1e6
    print(f"text: {len(sample)} documents, {megabytes:.2f} MB "
          f"(shipped corpus{' + ' + str(args.extra) if args.extra else ''})")

    jieba.setLogLevel(logging.WARNING)
    plain = jieba.Tokenizer()
    plain.initialize()
    tok = Tokenizer()
    tok("预热")
    model = load_model()
    model.classify("预热")
    extract("预热3家")

    t_jieba = timed(lambda: [plain.lcut(t) for t in sample])
    t_tok = timed(lambda: [tok(t) for t in sample])
    # Classified as the classify command does it: a chunk of documents per model call.
    docs = [{"id": str(i), "text": t} for i, t in enumerate(sample)]
    chunks = [docs[i:i + CHUNK_SIZE] for i in range(0, len(docs), CHUNK_SIZE)]
    t_cls = timed(lambda: [apply_chunk(classify_doc, chunk) for chunk in chunks])
    t_ind = timed(lambda: [extract(t) for t in sample])
    seed_page = (ROOT / "corpus" / "seed" / "000_0a4464932e09dc1c.txt").read_text("utf-8")
    seed_sample = take_mb([p for p in seed_page.split("\n") if p.strip()], args.mb)
    seed_mb = sum(len(t.encode("utf-8")) for t in seed_sample) / 1e6
    t_seed = timed(lambda: [extract(t) for t in seed_sample])
    rows = [
        ("tokenize: toolkit / plain jieba.lcut", t_tok / t_jieba, "≤ 1.15"),
        ("classify / tokenize", t_cls / t_tok, "≤ 1.5"),
        ("indicators / tokenize", t_ind / t_tok, ""),
        ("indicators MB/s (one core), this text", megabytes / t_ind, "≥ 2"),
        ("indicators MB/s (one core), seed page repeated", seed_mb / t_seed, "≥ 2"),
        ("tokenize MB/s, plain jieba MB/s", f"{megabytes / t_tok:.2f}, "
         f"{megabytes / t_jieba:.2f}", ""),
    ]
    fast = Tokenizer(backend="rjieba")
    try:
        fast("预热")
    except ImportError:
        pass  # the optional backend is not installed: no row
    else:
        t_fast = timed(lambda: [fast(t) for t in sample])
        rows.append(("tokenize, backend='rjieba' / plain jieba.lcut", t_fast / t_jieba, ""))

    code = ("import time; t = time.perf_counter(); import toolkit; "
            "from toolkit.tokenize import tokenize; tokenize('工会驿站为职工服务'); "
            "print(time.perf_counter() - t)")
    cold = min(float(subprocess.run([sys.executable, "-c", code], capture_output=True,
                                    text=True, cwd=ROOT, check=True).stdout)
               for _ in range(3))
    rows.append(("import toolkit + first tokenize (s)", cold, "≤ 1.5"))

    if not args.skip_processes:
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            big = tmp / "big.jsonl"
            write_jsonl(big, take_mb(texts, args.jobs_mb))
            t1, _ = run_cli(["indicators", str(big), "-o", str(tmp / "i1.jsonl"), "-q",
                             "--jobs", "1"], ROOT)
            t2, _ = run_cli(["indicators", str(big), "-o", str(tmp / "i2.jsonl"), "-q",
                             "--jobs", "2"], ROOT)
            same = (tmp / "i1.jsonl").read_bytes() == (tmp / "i2.jsonl").read_bytes()
            rows.append((f"--jobs 2 speed-up on {args.jobs_mb:.0f} MB (same output: {same})",
                         t1 / t2, "≥ 1.6"))
            small = tmp / "small.jsonl"
            large = tmp / "large.jsonl"
            base = take_mb(texts, 2.0)
            write_jsonl(small, base)
            write_jsonl(large, base * 10)
            _, rss1 = run_cli(["tokenize", str(small), "-o", str(tmp / "t1.jsonl"), "-q"], ROOT)
            _, rss10 = run_cli(["tokenize", str(large), "-o", str(tmp / "t10.jsonl"), "-q"],
                               ROOT)
            rows.append((f"peak memory 10× / 1× input ({rss10:.0f} / {rss1:.0f} MB)",
                         rss10 / rss1, "≤ 1.1"))
            os.sync()

    width = max(len(r[0]) for r in rows) + 2
    print(f"{'measure':<{width}}{'figure':>10}  goal")
    for name, value, goal in rows:
        figure = f"{value:.2f}" if isinstance(value, float) else value
        print(f"{name:<{width}}{figure:>10}  {goal}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
