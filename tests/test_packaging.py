"""The install: dependencies agree between pyproject.toml and environment.yml; importing the
package is cheap and silent; the Chinese font renders without missing glyphs."""

import re
import subprocess
import sys
import tomllib
import warnings

from tests.conftest import ROOT


def _requirements_from_pyproject() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = data["project"]
    reqs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        reqs += extra
    return dict(_split(r) for r in reqs)


def _requirements_from_environment() -> dict[str, str]:
    lines = (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines()
    start = lines.index("  - pip:")
    reqs = [line.strip()[2:] for line in lines[start + 1:] if line.strip().startswith("- ")]
    return dict(_split(r) for r in reqs if r != "-e .")


def _split(requirement: str) -> tuple[str, str]:
    match = re.fullmatch(r"([A-Za-z0-9_.\-]+)(\[[^\]]*\])?\s*(>=\s*[\d.]+)?", requirement.strip())
    assert match, f"cannot read requirement {requirement!r}"
    name = match.group(1).lower().replace("_", "-") + (match.group(2) or "")
    assert match.group(3), f"{requirement!r} has no lower bound"
    return name, match.group(3).replace(" ", "")


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    assert _requirements_from_environment() == _requirements_from_pyproject()


def test_import_is_cheap_and_silent():
    code = ("import logging, sys, toolkit, toolkit.cli, toolkit.corpus, toolkit.tokenize, "
            "toolkit.themes; "
            "print(sorted(m for m in ('jieba', 'sklearn.linear_model', 'matplotlib', 'dask') "
            "if m in sys.modules)); "
            "print(len(logging.getLogger().handlers))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, check=True)
    loaded, handlers = result.stdout.splitlines()
    assert result.stderr == ""
    assert "jieba" not in loaded and "matplotlib" not in loaded and "dask" not in loaded
    assert handlers == "0"


def test_chinese_labels_render_without_missing_glyphs(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from toolkit.plotting import use_cjk_font

    assert use_cjk_font() == "Noto Sans SC"
    fig, ax = plt.subplots()
    ax.set_title("主题分布：关爱帮扶、权益维护、民主管理")
    ax.bar(["技能提升", "安全健康", "思想引领"], [3, 5, -2])
    ax.set_xlabel("工会驿站 7126个")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing from font(s)" is a UserWarning
        fig.savefig(tmp_path / "labels.png")
    plt.close(fig)
    assert (tmp_path / "labels.png").stat().st_size > 5000
