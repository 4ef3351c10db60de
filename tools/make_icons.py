"""Render the app's PNG icons from jobfair/static/icons/icon.svg (run after editing it).

    python -m venv /tmp/icons && /tmp/icons/bin/pip install cairosvg
    /tmp/icons/bin/python tools/make_icons.py

The PNGs are committed, so the app never needs cairosvg (nor Cairo) at run time.
Written: ``favicon-32.png`` (browsers without SVG favicons), ``icon-192.png`` and
``icon-512.png`` (the web manifest, rounded tile), ``icon-maskable-512.png``
(square tile, the mark shrunk into the 80 % safe circle that launchers may cut
out) and ``apple-touch-icon.png`` (180 px square tile: iOS rounds it itself).
"""

from __future__ import annotations

from pathlib import Path

import cairosvg

ICONS = Path(__file__).resolve().parents[1] / "jobfair" / "static" / "icons"
ROUNDED = 'rx="14" fill="#0b5394"/>'


def variant(svg: str, *, square: bool, shrink: float = 1.0) -> str:
    """The source drawing with a square tile and/or the mark scaled about the centre."""
    assert ROUNDED in svg, "icon.svg: the tile's rect changed; update make_icons.py"
    if square:
        svg = svg.replace(ROUNDED, 'rx="0" fill="#0b5394"/>')
    if shrink != 1.0:
        svg = svg.replace(
            '<g id="mark">',
            f'<g id="mark" transform="translate(32 32) scale({shrink}) translate(-32 -32)">',
        )
    return svg


def main() -> None:
    source = (ICONS / "icon.svg").read_text(encoding="utf-8")
    outputs = [
        ("favicon-32.png", 32, variant(source, square=False)),
        ("icon-192.png", 192, variant(source, square=False)),
        ("icon-512.png", 512, variant(source, square=False)),
        ("icon-maskable-512.png", 512, variant(source, square=True, shrink=0.78)),
        ("apple-touch-icon.png", 180, variant(source, square=True, shrink=0.9)),
    ]
    for name, size, svg in outputs:
        cairosvg.svg2png(
            bytestring=svg.encode(),
            write_to=str(ICONS / name),
            output_width=size,
            output_height=size,
        )
        print(f"{name}: {size}x{size}")


if __name__ == "__main__":
    main()
