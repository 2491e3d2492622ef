"""Evaluate and maintain ``toolkit.places``.

Four sub-commands::

    python benchmarks/places_eval.py speed [--mb 20]
        throughput of find_places on the seed page repeated to about --mb MB (goal: >= 2 MB/s)
    python benchmarks/places_eval.py regions
        agreement with the ``region`` label of the news items in corpus/themes/raw/n*.jsonl:
        how often the labelled province is found, and every other province found (to read for
        false positives)
    python benchmarks/places_eval.py compare
        the same two measures for jionlp's ``recognize_location`` (needs ``pip install jionlp``)
    python benchmarks/places_eval.py updates
        regenerate toolkit/data/places_updates.tsv from an installed jionlp (see its header)

Nothing here is imported by the toolkit.
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import importlib.util
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "seed" / "000_0a4464932e09dc1c.txt"
NEWS = sorted((ROOT / "corpus" / "themes" / "raw").glob("n*.jsonl"))
UPDATES = ROOT / "toolkit" / "data" / "places_updates.tsv"


# -- speed ------------------------------------------------------------------------------------


def speed(megabytes: float) -> float:
    from toolkit.places import find_places

    page = SEED.read_text(encoding="utf-8")
    size = len(page.encode("utf-8"))
    pages = [page] * max(1, int(megabytes * 1e6 / size))
    find_places("沈阳")  # build the matcher outside the timing
    started = time.perf_counter()
    found = sum(len(find_places(p)) for p in pages)
    seconds = time.perf_counter() - started
    rate = size * len(pages) / seconds / 1e6
    print(f"find_places: {size * len(pages) / 1e6:.1f} MB, {found} mentions, "
          f"{seconds:.2f} s, {rate:.2f} MB/s (goal >= 2)")
    return rate


# -- region agreement -------------------------------------------------------------------------


def _news():
    for path in NEWS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield json.loads(line)


def _ours(text: str) -> set[str]:
    from toolkit.places import find_places

    return {r["province"] for r in find_places(text) if r["province"]}


def _jionlp(text: str) -> set[str]:
    import jionlp

    found = jionlp.recognize_location(text)
    return {d["province"] for d, _ in found.get("domestic") or [] if d.get("province")}


def regions(finder=_ours, name: str = "toolkit.places") -> None:
    docs = [d for d in _news() if d.get("region")]
    hit = found_any = 0
    others: Counter = Counter()
    started = time.perf_counter()
    for doc in docs:
        provinces = {p.removesuffix("省").removesuffix("市") for p in finder(doc["text"])}
        provinces = {re.sub("(壮族|回族|维吾尔)?自治区$", "", p) for p in provinces}
        if provinces:
            found_any += 1
        if doc["region"] in provinces:
            hit += 1
        for p in provinces - {doc["region"]}:
            others[(doc["region"], p, doc["id"])] += 1
    seconds = time.perf_counter() - started
    print(f"{name}: {len(docs)} news items with a region; a place found in {found_any}; "
          f"the labelled province among them in {hit} ({hit / max(found_any, 1):.0%}); "
          f"{seconds:.2f} s")
    for (region, province, doc_id), _ in sorted(others.items()):
        print(f"  {doc_id}: labelled {region}, also found {province}")


# -- regenerating places_updates.tsv from jionlp ----------------------------------------------

_PSEUDO = re.compile("直辖|^市辖区$|^县$")
_NOT_A_DIVISION = re.compile(
    "开发区|园区|管理区|示范区|管委会|新区|新城|委员会|实验区|聚集区|产业园")


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"{name} is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def _short(name: str) -> str:
    return re.sub("(省|市|地区|盟|自治州|自治区|特别行政区|县|区)$", "", name)


def updates() -> None:
    """Diff cpca's table against jionlp's newer one and write places_updates.tsv."""
    cp_path = _package_dir("cpca") / "resources" / "adcodes.csv"
    with cp_path.open(encoding="utf-8") as fh:
        cpca = {row["adcode"][:6]: row["name"] for row in csv.DictReader(fh)}
    jl_dir = _package_dir("jionlp") / "dictionary"
    jl: dict[str, str] = {}
    for line in (jl_dir / "china_location.txt").read_text(encoding="utf-8").splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        parts = line.strip("\t").split("\t")
        if depth <= 2 and len(parts) >= 2 and re.fullmatch(r"\d{6}", parts[1]):
            jl.setdefault(parts[1], parts[0])
    version = importlib.metadata.version("jionlp")

    def keep_new(code: str, name: str) -> bool:
        return (not code.startswith(("71", "81", "82")) and not _PSEUDO.search(name)
                and not _NOT_A_DIVISION.search(name) and code[4] != "7")

    live = {c for c in cpca if c in jl}
    new = {c: n for c, n in jl.items() if c not in cpca and keep_new(c, n)}
    retired = {c: n for c, n in cpca.items()
               if c not in jl and not _PSEUDO.search(n) and not c.startswith(("71", "81", "82"))}

    def level(code: str) -> int:
        return 0 if code.endswith("0000") else 1 if code.endswith("00") else 2

    current = {c: jl[c] for c in live} | new
    changes: dict[tuple[str, str], tuple[str, str]] = {}
    for line in (jl_dir / "china_location_change.txt").read_text(encoding="utf-8").splitlines():
        old, _, new_part = line.partition("=>")
        old_f, new_f = old.split("\t"), new_part.split("\t")
        if len(old_f) == 8 and len(new_f) == 3:
            changes[(old_f[2], old_f[6])] = (new_f[1], new_f[2])

    rows = []
    for code, name in sorted(new.items()):
        rows.append(("add", code, name, "", ""))
    for code in sorted(live):
        if cpca[code] != jl[code] and level(code) == 2 and not _PSEUDO.search(jl[code]):
            rows.append(("rename", code, jl[code], "", f"formerly {cpca[code]}"))
    for code, name in sorted(retired.items()):
        same_province = {c: n for c, n in current.items()
                         if c[:2] == code[:2] and level(c) == level(code)}
        successor = [c for c, n in same_province.items() if n == name]
        if not successor:
            successor = [c for c, n in same_province.items()
                         if len(_short(name)) >= 2 and _short(n) == _short(name)]
        note = "same name, new code" if successor and current[successor[0]] == name else (
            f"now {current[successor[0]]}" if successor else "")
        province = cpca[code[:2] + "0000"]
        if not successor and (province, name) in changes:
            new_city, new_name = changes[(province, name)]
            successor = [c for c, n in current.items()
                         if c[:2] == code[:2] and n == new_name and level(c) == 2]
            if len(successor) > 1:
                successor = [c for c in successor if current.get(c[:4] + "00") == new_city]
            note = f"now {new_name}"
        if len(set(successor)) == 1:
            rows.append(("retire", code, name, successor[0], note))
        else:
            rows.append(("keep", code, name, "", "no single successor: kept as a historic name"))

    header = f"""\
# Changes to cpca 0.5.5's division table (adcodes.csv, about 2016), so that current names are
# found and old names resolve to the current place. Generated by
# `python benchmarks/places_eval.py updates` from jionlp {version}'s china_location.txt and
# china_location_change.txt (Apache-2.0, https://github.com/dongrixinyu/JioNLP), which follow
# the Ministry of Civil Affairs' code list; development zones and other non-divisions, Taiwan,
# Hong Kong and Macao districts are left out. Do not edit by hand: regenerate.
#
# action  adcode  name  target  note
#   add     a division missing from cpca (its parents follow from the adcode)
#   rename  the division keeps its code; name is its current official name, the old one stays
#           an alternative name
#   retire  cpca's code is gone; name (the old name) becomes an alternative name of target
#   keep    cpca's code is gone and no single successor is known: the old record stays
"""
    with UPDATES.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(header)
        for row in rows:
            fh.write("\t".join(row) + "\n")
    counts = Counter(r[0] for r in rows)
    print(f"wrote {UPDATES.relative_to(ROOT)}: {dict(counts)}")


def compare() -> None:
    import jionlp  # noqa: F401  (fails early with a clear ImportError)

    page = SEED.read_text(encoding="utf-8")
    for name, finder in (("toolkit.places", _ours), ("jionlp", _jionlp)):
        finder(page)
        started = time.perf_counter()
        found = finder(page)
        seconds = time.perf_counter() - started
        rate = len(page.encode("utf-8")) / seconds / 1e6
        print(f"{name}: seed provinces {sorted(found)}; {rate:.2f} MB/s")
        regions(finder, name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sp = sub.add_parser("speed")
    sp.add_argument("--mb", type=float, default=20.0)
    sub.add_parser("regions")
    sub.add_parser("compare")
    sub.add_parser("updates")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    if args.command == "speed":
        return 0 if speed(args.mb) >= 2.0 else 1
    if args.command == "regions":
        regions()
    elif args.command == "compare":
        compare()
    else:
        updates()
    return 0


if __name__ == "__main__":
    sys.exit(main())
