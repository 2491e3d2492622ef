"""Batch behaviour: --jobs gives the same output, a killed run resumes, Dask gives the same
records as a serial run."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import CORPUS, ROOT
from toolkit.cli import main


def _documents(n: int) -> list[dict]:
    texts = [json.loads(line)["text"] for line in
             (CORPUS / "themes" / "test.jsonl").read_text(encoding="utf-8").splitlines()]
    return [{"id": f"d{i}", "text": texts[i % len(texts)]} for i in range(n)]


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("batch") / "docs.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for doc in _documents(400):
            fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
        fh.write("this line is not json\n")
    return path


def test_jobs_2_gives_the_same_output_as_jobs_1(corpus_file, tmp_path):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert main(["indicators", str(corpus_file), "-o", str(one), "-q"]) == 1
    assert main(["indicators", str(corpus_file), "-o", str(two), "-q", "--jobs", "2"]) == 1
    assert one.read_bytes() == two.read_bytes()
    assert b"line is not JSON" in one.read_bytes()


def test_a_killed_run_resumes_to_the_same_output(tmp_path):
    docs = tmp_path / "docs.jsonl"
    with docs.open("w", encoding="utf-8") as fh:
        for doc in _documents(6000):
            fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
    reference = tmp_path / "reference.jsonl"
    assert main(["tokenize", str(docs), "-o", str(reference), "-q"]) == 0

    out = tmp_path / "out.jsonl"
    out.write_text("previous results\n", encoding="utf-8")
    side = tmp_path / "out.jsonl.partial"
    command = [sys.executable, "-m", "toolkit", "tokenize", str(docs), "-o", str(out), "-q"]
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:
        if side.exists() and side.stat().st_size > 20000:
            break
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert out.read_text(encoding="utf-8") == "previous results\n"  # untouched until the end
    done = sum(1 for _ in side.open(encoding="utf-8"))
    assert 0 < done < 6000

    resumed = subprocess.run([c for c in command if c != "-q"] + ["--resume"], cwd=ROOT,
                             capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    assert "resumed after" in resumed.stderr
    assert out.read_bytes() == reference.read_bytes()
    assert not side.exists()


def test_dask_cluster_gives_the_same_records_as_a_serial_run(corpus_file, tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    from toolkit.scale import apply, documents_bag

    serial = tmp_path / "serial.jsonl"
    main(["classify", str(corpus_file), "-o", str(serial), "-q"])
    expected = [json.loads(line) for line in serial.read_text(encoding="utf-8").splitlines()]

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        bag = documents_bag([corpus_file]).repartition(npartitions=4)
        records = apply(bag, "classify").compute()
        assert len(client.scheduler_info()["workers"]) == 2
    assert records == expected


def test_cli_engine_dask_writes_the_same_file(corpus_file, tmp_path):
    pytest.importorskip("dask.distributed")
    serial, parallel = tmp_path / "serial.jsonl", tmp_path / "dask.jsonl"
    main(["numbers", str(corpus_file), "-o", str(serial), "-q"])
    status = main(["numbers", str(corpus_file), "-o", str(parallel), "-q", "--engine", "dask",
                   "--jobs", "2"])
    assert status == 1  # the bad line is an error record in both runs
    assert serial.read_bytes() == parallel.read_bytes()


def test_cli_engine_dask_writes_partitioned_output(corpus_file, tmp_path):
    pytest.importorskip("dask.distributed")
    serial, parts = tmp_path / "serial.jsonl", tmp_path / "parts"
    main(["indicators", str(corpus_file), "-o", str(serial), "-q"])
    status = main(["indicators", str(corpus_file), "-o", str(parts) + os.sep, "-q",
                   "--engine", "dask", "--jobs", "2"])
    assert status == 1
    files = sorted(parts.glob("part-*.jsonl"))
    assert files
    combined = b"".join(f.read_bytes() for f in files)
    assert combined == serial.read_bytes()


def test_dask_reader_gives_the_same_ids_as_the_local_reader(tmp_path):
    pytest.importorskip("dask.bag")
    from toolkit.io import read_documents
    from toolkit.scale import documents_bag

    (tmp_path / "a.jsonl").write_text('{"id": "7", "text": "职工"}\n{"text": "工会"}\n',
                                      encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"text": "驿站"}\n', encoding="utf-8")
    local = list(read_documents([tmp_path]))
    assert [d["id"] for d in local] == ["7", "a.jsonl:2", "b.jsonl:1"]
    assert documents_bag([tmp_path]).compute(scheduler="sync") == local


# --- chunks: a verb's batched form, and what happens when one document of a chunk is bad

def test_classify_uses_one_model_call_per_chunk_with_the_same_records(monkeypatch):
    import functools

    from toolkit import cli, themes
    from toolkit.batch import apply_chunk

    docs = _documents(40)
    one_at_a_time = [cli.classify_doc(doc) for doc in docs]
    model = themes.load_model()
    calls = []
    real = type(model).classify_many
    monkeypatch.setattr(type(model), "classify_many",
                        lambda self, texts: calls.append(len(texts)) or real(self, texts))
    assert apply_chunk(functools.partial(cli.classify_doc, model=None), docs) == one_at_a_time
    assert calls == [40]


def test_a_bad_document_in_a_chunk_is_the_only_error():
    from toolkit import cli
    from toolkit.batch import apply_chunk

    docs = _documents(3)
    docs[1] = {"id": "bad", "text": ["not", "a", "string"]}
    docs.append({"id": "unreadable", "error": "x.txt: empty file"})
    records = apply_chunk(cli.classify_doc, docs)
    assert [("error" in r[0]) for r in records] == [False, True, False, True]
    assert records[0] == cli.classify_doc(docs[0])
    assert records[1][0]["id"] == "bad" and records[3] == [docs[3]]
