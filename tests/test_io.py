import codecs
import json
import os

import pytest

from toolkit.errors import ToolkitError
from toolkit.io import RecordWriter, decode_bytes, read_documents

TEXT = "沈阳市总工会推行“微公开、微建议、微对话”，探索小微企业民主管理工作新路径。"


@pytest.mark.parametrize(("encoding", "text"), [
    ("utf-8", TEXT), ("utf-8-sig", TEXT), ("gbk", TEXT), ("gb18030", TEXT), ("utf-16", TEXT),
    ("utf-16-le", "Workers' Daily 工人日报 2025-01-10"),
    # Big5 is told from GBK on texts of a paragraph or more (short ones are ambiguous).
    ("big5", "職工權益維護與工會組織建設，保障勞動者合法權益。" * 6),
])
def test_txt_files_in_common_chinese_encodings_decode(tmp_path, encoding, text):
    path = tmp_path / "doc.txt"
    path.write_bytes(text.encode(encoding))
    docs = list(read_documents([path]))
    assert docs == [{"id": "doc", "text": text}]


def test_short_gbk_text_decodes():
    assert decode_bytes("职工".encode("gbk")) == "职工"


def test_utf8_bom_is_removed():
    assert decode_bytes(codecs.BOM_UTF8 + "工会".encode()) == "工会"


@pytest.mark.parametrize(("content", "message"), [
    (b"", "empty file"),
    (b"   \n\n", "empty file"),
    (bytes(range(256)) * 4, "not text"),
    (b"\x00\x01\x02\x03\xff\xfe\x00\x00" * 50, "not text"),
])
def test_bad_txt_files_become_error_records(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    [record] = list(read_documents([path]))
    assert record["id"] == "bad"
    assert record["error"].startswith(str(path))
    assert message in record["error"]


def test_jsonl_errors_name_the_line_and_the_batch_goes_on(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text('{"id": "a", "text": "工会驿站"}\n'
                    'not json\n'
                    '{"id": "c"}\n'
                    '{"text": 5}\n'
                    '[1, 2]\n'
                    '\n'
                    '{"text": "第六行", "unit": "焊接车间"}\n', encoding="utf-8")
    records = list(read_documents([path]))
    assert records[0] == {"id": "a", "text": "工会驿站"}
    assert records[1] == {"id": "2", "error": f"{path}:2: line is not JSON"}
    assert records[2] == {"id": "c", "error": f"{path}:3: no 'text' field"}
    assert records[3]["error"] == f"{path}:4: 'text' is not a string"
    assert records[4]["error"] == f"{path}:5: not a JSON object"
    assert records[5] == {"id": "7", "text": "第六行", "unit": "焊接车间"}


def test_jsonl_in_gbk_and_with_bom(tmp_path):
    gbk = tmp_path / "gbk.jsonl"
    gbk.write_bytes(json.dumps({"text": TEXT}, ensure_ascii=False).encode("gbk") + b"\n")
    bom = tmp_path / "bom.jsonl"
    bom.write_bytes(codecs.BOM_UTF8 + json.dumps({"text": TEXT}, ensure_ascii=False).encode())
    assert [r["text"] for r in read_documents([gbk, bom])] == [TEXT, TEXT]


def test_several_files_prefix_line_ids_with_the_file_name(tmp_path):
    for name in ("a.jsonl", "b.jsonl"):
        (tmp_path / name).write_text('{"text": "职工"}\n', encoding="utf-8")
    assert [r["id"] for r in read_documents([tmp_path])] == ["a.jsonl:1", "b.jsonl:1"]


def test_csv_with_text_column(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("id,unit,content\nS1,焊接车间,排烟坏了\n,装配车间,班车太早\n", encoding="utf-8")
    records = list(read_documents([path], text_col="content"))
    assert records == [{"id": "S1", "text": "排烟坏了", "unit": "焊接车间"},
                       {"id": "3", "text": "班车太早", "unit": "装配车间"}]
    [error] = list(read_documents([path]))
    assert "no column 'text'" in error["error"]


def test_directory_is_read_recursively_in_sorted_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("二", encoding="utf-8")
    (tmp_path / "1.txt").write_text("一", encoding="utf-8")
    (tmp_path / "notes.md").write_text("skip me", encoding="utf-8")
    assert [r["text"] for r in read_documents([tmp_path])] == ["一", "二"]


def test_stdin_text_and_jsonl():
    import io

    assert list(read_documents(["-"], stdin=io.BytesIO(TEXT.encode())))[0]["text"] == TEXT
    lines = io.BytesIO(b'{"id": "x", "text": "\xe5\xb7\xa5\xe4\xbc\x9a"}\n')
    assert list(read_documents(["-"], stdin=lines)) == [{"id": "x", "text": "工会"}]


def test_missing_file_is_an_error_record(tmp_path):
    [record] = list(read_documents([tmp_path / "nope.txt"]))
    assert "no such file" in record["error"]


def test_huge_single_line_is_one_document(tmp_path):
    path = tmp_path / "big.jsonl"
    big = "职工" * 1_000_000
    path.write_text(json.dumps({"text": big}, ensure_ascii=False) + "\n", encoding="utf-8")
    [record] = list(read_documents([path]))
    assert len(record["text"]) == 2_000_000


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_writer_formats_roundtrip(tmp_path, suffix):
    import pandas as pd

    out = tmp_path / f"out{suffix}"
    with RecordWriter(out) as writer:
        writer.write(0, [{"id": "a", "tokens": ["工会", "驿站"], "n": 2}])
        writer.write(1, [])
        writer.write(2, [{"id": "b", "error": "b.txt: empty file"}])
    frame = {".jsonl": lambda p: pd.read_json(p, lines=True), ".csv": pd.read_csv,
             ".parquet": pd.read_parquet}[suffix](out)
    assert list(frame["id"]) == ["a", "b"]
    assert set(frame.columns) == {"id", "tokens", "n", "error"}
    assert not os.path.exists(str(out) + ".partial")


def test_interrupted_writer_leaves_the_old_output_untouched(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError), RecordWriter(out) as writer:
        writer.write(0, [{"id": "a"}])
        raise RuntimeError("killed")
    assert out.read_text(encoding="utf-8") == "old\n"
    assert os.path.exists(str(out) + ".partial")
    resumed = RecordWriter(out, resume=True)
    assert resumed.done == 1


def test_unknown_output_format_is_refused(tmp_path):
    with pytest.raises(ToolkitError, match="unknown output format"):
        RecordWriter(tmp_path / "out.xlsx")
