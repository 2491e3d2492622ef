import json
import pickle

import pytest

from tests.conftest import SEED
from toolkit.cli import build_parser, main


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_help_lists_every_verb(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for verb in ("split", "tokenize", "classify", "indicators", "numbers", "places", "triage",
                 "train", "evaluate", "report"):
        assert verb in out


@pytest.mark.parametrize("verb", ["split", "tokenize", "classify", "indicators", "numbers",
                                  "places", "triage", "train", "evaluate", "report"])
def test_every_verb_has_help_with_an_example(capsys, verb):
    with pytest.raises(SystemExit):
        main([verb, "--help"])
    assert "example: python -m toolkit " + verb in capsys.readouterr().out


@pytest.mark.parametrize("argv", [[], ["frobnicate"], ["tokenize"], ["tokenize", "x.txt",
                                                                     "--jobs", "-1"],
                                  ["train", "x.jsonl"]])
def test_usage_errors_exit_2(capsys, argv):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert "error" in capsys.readouterr().err


def test_tokenize_writes_one_record_per_document(tmp_path, capsys):
    doc = tmp_path / "a.txt"
    doc.write_text("工会驿站22家", encoding="utf-8")
    assert main(["tokenize", str(doc), "--pos"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record == {"id": "a", "tokens": ["工会驿站", "22", "家"], "pos": ["n", "m", "q"]}


def test_tokenize_with_the_rust_backend(tmp_path, capsys):
    pytest.importorskip("rjieba")
    doc = tmp_path / "a.txt"
    doc.write_text("追回欠薪80余万元", encoding="utf-8")
    assert main(["tokenize", str(doc), "--backend", "rjieba"]) == 0
    assert json.loads(capsys.readouterr().out)["tokens"] == ["追回", "欠薪", "80余万", "元"]


def test_bad_documents_are_reported_and_the_batch_goes_on(tmp_path, capsys):
    (tmp_path / "good.txt").write_text("追回欠薪80余万元", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "junk.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "lines.jsonl").write_text('{"text": "职工之家"}\n{oops\n', encoding="utf-8")
    out = tmp_path / "tokens.jsonl"
    assert main(["tokenize", str(tmp_path), "-o", str(out), "-q"]) == 1
    records = read_jsonl(out)
    assert [r["id"] for r in records if "tokens" in r] == ["good", "lines.jsonl:1"]
    errors = {r["id"]: r["error"] for r in records if "error" in r}
    assert errors["empty"].endswith("empty.txt: empty file")
    assert "not text" in errors["junk"]
    assert errors["lines.jsonl:2"].endswith("lines.jsonl:2: line is not JSON")
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 3


def test_split_the_seed_page(tmp_path):
    out = tmp_path / "articles.jsonl"
    assert main(["split", str(SEED), "-o", str(out)]) == 0
    records = read_jsonl(out)
    assert [r["kind"] for r in records].count("article") == 8
    assert [r["kind"] for r in records].count("caption") == 1
    assert records[0]["id"] == "000_0a4464932e09dc1c-01"


def test_split_then_classify_chains_without_glue(tmp_path):
    articles = tmp_path / "articles.jsonl"
    themes = tmp_path / "themes.csv"
    assert main(["split", str(SEED), "-o", str(articles)]) == 0
    assert main(["classify", str(articles), "-o", str(themes), "-q"]) == 0
    import pandas as pd

    frame = pd.read_csv(themes)
    assert len(frame) == 9
    assert {"id", "themes", "primary", "headline", *[f"score_{t}" for t in (
        "skills", "welfare", "rights", "democracy", "organizing", "innovation", "safety",
        "party")]} <= set(frame.columns)
    by_headline = dict(zip(frame["headline"], frame["primary"], strict=True))
    assert by_headline["日照市总发“提示函”治理欠薪 已帮劳动者追回欠薪80余万元"] == "rights"


@pytest.mark.parametrize(("content", "message"), [
    (None, "model file not found"),
    (b"not a model at all", "not a model file"),
    (pickle.dumps({"a": 1}), "pickle"),
    (b"PK\x03\x04broken zip", "not a readable model file"),
])
def test_bad_model_files_are_refused_with_a_clear_message(tmp_path, capsys, content, message):
    model = tmp_path / "model.npz"
    if content is not None:
        model.write_bytes(content)
    doc = tmp_path / "a.txt"
    doc.write_text("工会", encoding="utf-8")
    assert main(["classify", str(doc), "--model", str(model)]) == 2
    err = capsys.readouterr().err
    assert message in err and str(model) in err
    assert "Traceback" not in err


def test_parser_is_buildable_without_side_effects():
    parser = build_parser()
    args = parser.parse_args(["classify", "a.jsonl", "--jobs", "2", "-o", "x.parquet"])
    assert (args.verb, args.jobs, args.output) == ("classify", 2, "x.parquet")
