"""Plots with Chinese labels, in a font the install brings (no tofu boxes, no download).

:func:`use_cjk_font` registers Noto Sans SC, shipped by the PyPI package
``pylopdf-fonts-zh-cn`` (SIL Open Font Licence), with matplotlib and makes it the first
sans-serif family. Every plotting function here calls it, so a notebook needs nothing else.
"""

from __future__ import annotations

import functools

__all__ = ["use_cjk_font", "bar_counts", "theme_distribution", "indicators_by_kind",
           "places_by_province"]


@functools.lru_cache(maxsize=1)
def use_cjk_font() -> str:
    """Register the bundled CJK font with matplotlib and use it; return its family name.

    Examples
    --------
    >>> use_cjk_font()
    'Noto Sans SC'
    """
    import matplotlib
    from matplotlib import font_manager
    from pylopdf_fonts_zh_cn import sans_path

    path = str(sans_path())
    font_manager.fontManager.addfont(path)
    name = font_manager.FontProperties(fname=path).get_name()
    families = [f for f in matplotlib.rcParams["font.sans-serif"] if f != name]
    matplotlib.rcParams["font.sans-serif"] = [name, *families]
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["axes.unicode_minus"] = False  # the CJK font lacks U+2212
    return name


def bar_counts(counts, *, title: str = "", xlabel: str = "", ax=None, color="#3a6ea5",
               horizontal: bool = True):
    """A bar chart of a ``pandas.Series`` of counts (index = labels); returns the Axes.

    Examples
    --------
    >>> import pandas as pd
    >>> ax = bar_counts(pd.Series({"权益维护": 3, "关爱帮扶": 5}), title="主题")
    >>> ax.get_title()
    '主题'
    """
    import matplotlib.pyplot as plt

    use_cjk_font()
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 0.45 * max(len(counts), 3) + 1))
    if horizontal:
        counts = counts.iloc[::-1]
        ax.barh([str(i) for i in counts.index], counts.values, color=color)
        ax.set_xlabel(xlabel)
    else:
        ax.bar([str(i) for i in counts.index], counts.values, color=color)
        ax.set_ylabel(xlabel)
        ax.tick_params(axis="x", labelrotation=45)
        for label in ax.get_xticklabels():
            label.set_horizontalalignment("right")
    ax.set_title(title)
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)
    ax.figure.tight_layout()
    return ax


def theme_distribution(frame, *, column: str = "primary", ax=None):
    """Bar chart of how many documents carry each theme (Chinese theme names).

    ``frame`` has a ``themes`` column (lists) or a ``primary`` column.
    """
    import pandas as pd

    from .themes import THEMES, load_taxonomy

    names = {t["id"]: f"{t['zh']} {t['id']}" for t in load_taxonomy()}
    values = frame[column]
    if column == "themes":
        values = values.explode()
    counts = pd.Series(values).value_counts().reindex(list(THEMES), fill_value=0)
    counts.index = [names[t] for t in counts.index]
    return bar_counts(counts.sort_values(ascending=False), title="主题分布 (themes)",
                      xlabel="文档数 (documents)", ax=ax)


def indicators_by_kind(frame, *, ax=None):
    """Bar chart of the number of indicators of each kind (数量、金额、比例 …)."""
    labels = {"count": "数量 count", "money": "金额 money", "percent": "比例 percent",
              "duration": "时长 duration", "date": "日期 date", "other": "其他 other"}
    counts = frame["kind"].value_counts()
    counts.index = [labels.get(k, k) for k in counts.index]
    return bar_counts(counts, title="指标类型 (indicators by kind)", xlabel="个数 (indicators)",
                      ax=ax, color="#b5523b")


def places_by_province(frame, *, ax=None):
    """Bar chart of place mentions per province."""
    counts = frame["province"].fillna("未定 (ambiguous)").value_counts()
    return bar_counts(counts, title="地名提及 (places by province)", xlabel="提及次数 (mentions)",
                      ax=ax, color="#4c8c4a")
