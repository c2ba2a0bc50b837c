"""`newsdyads report` writes a self-contained HTML page and real PNG charts."""

from __future__ import annotations

import struct
from pathlib import Path

from typer.testing import CliRunner

from newsdyads.cli import app
from newsdyads.report import build_report

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk comes first
    return width, height


def test_report_writes_html_and_one_png_per_chart(sample_warehouse: Path, tmp_path: Path):
    report = build_report(sample_warehouse, weeks=12, out_dir=tmp_path)
    assert report.html == tmp_path / "report.html"
    assert sorted(p.name for p in report.images) == [
        "quarantine_reasons.png",
        "top_pairs_heatmap.png",
        "top_pairs_trend.png",
    ]


def test_report_images_are_real_pictures_of_some_size(sample_warehouse: Path, tmp_path: Path):
    for image in build_report(sample_warehouse, weeks=12, out_dir=tmp_path).images:
        width, height = _png_size(image)
        assert width >= 300, image.name
        assert height >= 100, image.name
        assert image.stat().st_size > 10_000, image.name


def test_report_page_holds_its_charts_and_needs_no_network(sample_warehouse: Path, tmp_path: Path):
    html = build_report(sample_warehouse, weeks=12, out_dir=tmp_path).html.read_text()
    assert html.count("<svg") == 3
    assert "Germany – Ukraine" in html
    assert "<script" not in html
    assert "http://" not in html.replace("http://www.w3.org", "")
    assert "https://" not in html


def test_report_command_writes_where_asked(sample_warehouse: Path, tmp_path: Path):
    result = CliRunner().invoke(
        app,
        [
            "report",
            "--weeks",
            "4",
            "--warehouse",
            str(sample_warehouse),
            "--out-dir",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "report.html").exists()


def test_report_refuses_zero_weeks(sample_warehouse: Path, tmp_path: Path):
    result = CliRunner().invoke(
        app,
        [
            "report",
            "--weeks",
            "0",
            "--warehouse",
            str(sample_warehouse),
            "--out-dir",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 2
    assert "at least 1" in result.output


def test_text_from_the_data_is_escaped_in_the_charts():
    import polars as pl
    import vl_convert

    from newsdyads.report import quarantine_chart

    hostile = pl.DataFrame(
        {"scope": ["record"], "reason": ["<script>alert(1)</script>"], "refused": [1]}
    )
    svg = vl_convert.vegalite_to_svg(quarantine_chart(hostile).to_dict())
    assert "<script" not in svg
    assert "&lt;script" in svg
