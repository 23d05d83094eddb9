"""The timeline chart as files (PNG, SVG, PDF): the one place a chart becomes bytes."""

from __future__ import annotations

import io
import logging
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from workbook.export.roadmap_file import PRODUCT, roadmap_json
from workbook.model import Roadmap
from workbook.timeline import chart_title, quiet_missing_glyphs, timeline_chart

__all__ = ["CHART_FORMATS", "PREVIEW_DPI", "chart_bytes", "chart_files"]

CHART_FORMATS = ("png", "svg", "pdf")
log = logging.getLogger(__name__)
#: Resolution of a chart shown in a notebook's output (:func:`workbook.lessons.show_timeline`):
#: readable at its own size and quick to draw. Downloads use the defaults of :func:`chart_bytes`.
PREVIEW_DPI = 80


def chart_bytes(
    roadmap: Roadmap,
    fmt: str,
    *,
    dates: bool | None = None,
    dpi: int | None = None,
    fast: bool = False,
) -> bytes:
    """The timeline chart as PNG, SVG or PDF bytes: the one place a chart becomes a file.

    ``dates=None`` labels real months when the roadmap has a start date, years otherwise.
    ``dpi`` defaults to 150 for PNG (a download worth printing) and 100 otherwise; ``fast``
    compresses a PNG lightly, for a chart that only travels over a local socket to the page.
    SVG text is drawn as paths with the words kept only in escaped XML comments, and no
    script is ever written.
    """
    fmt = fmt.lower().lstrip(".")
    if fmt not in CHART_FORMATS:
        raise ValueError(
            f"Cannot draw the chart as {fmt!r}; choose one of {', '.join(CHART_FORMATS)}."
        )
    title = chart_title(roadmap)
    metadata: dict[str, dict[str, Any]] = {
        "png": {"Title": title, "Software": PRODUCT},
        "svg": {"Title": title, "Creator": PRODUCT, "Date": None},
        "pdf": {"Title": title, "Creator": PRODUCT, "Producer": PRODUCT, "CreationDate": None},
    }
    extra: dict[str, Any] = {"pil_kwargs": {"compress_level": 1}} if fast and fmt == "png" else {}
    buf = io.BytesIO()
    with quiet_missing_glyphs():
        fig = timeline_chart(
            roadmap, dates=roadmap.start_date is not None if dates is None else dates
        )
        fig.savefig(
            buf,
            format=fmt,
            dpi=dpi or (150 if fmt == "png" else 100),
            metadata=metadata[fmt],
            facecolor="white",
            **extra,
        )
    return buf.getvalue()


def chart_files(
    roadmap: Roadmap, formats: Iterable[str], *, dates: bool | None = None, timeout: float = 120
) -> dict[str, bytes]:
    """The chart in several formats, drawn by matplotlib in a separate, short-lived process.

    Why: matplotlib and numpy add some 50 MiB to a process for good, and in a workshop every
    student's kernel would carry them after one download. The child process (this package's
    own ``export`` command) draws every format in one go and exits. If it cannot run, the
    chart is drawn here instead, so the student still gets their files.
    """
    formats = [f.lower().lstrip(".") for f in formats]
    for fmt in formats:
        if fmt not in CHART_FORMATS:
            raise ValueError(
                f"Cannot draw the chart as {fmt!r}; choose one of {', '.join(CHART_FORMATS)}."
            )
    labels = {None: "auto", True: "dates", False: "years"}[dates]
    with tempfile.TemporaryDirectory(prefix="workbook-chart-") as tmp:
        source = Path(tmp, "roadmap.json")
        source.write_bytes(roadmap_json(roadmap))
        targets = {fmt: Path(tmp, f"chart.{fmt}") for fmt in formats}
        command = [sys.executable, "-m", "workbook", "export", str(source), "--labels", labels]
        for target in targets.values():
            command += ["--to", str(target)]
        try:
            subprocess.run(command, capture_output=True, timeout=timeout, check=True)
            return {fmt: target.read_bytes() for fmt, target in targets.items()}
        except (OSError, subprocess.SubprocessError) as exc:
            detail = getattr(exc, "stderr", b"") or b""
            log.warning(
                "chart process failed (%s) %s; drawing here instead",
                exc,
                detail.decode(errors="replace")[-500:],
            )
    return {fmt: chart_bytes(roadmap, fmt, dates=dates) for fmt in formats}
