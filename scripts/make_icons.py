"""Draw the application icon in the standard sizes (PNG, ICO) from the same shapes as the SVG.

Run: uv run python scripts/make_icons.py  (the results are committed in resources/icons/).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
OUT = Path(__file__).resolve().parents[1] / "resources" / "icons"


def draw(size: int) -> Image.Image:
    scale = 4  # draw large, then shrink: smooth edges
    s = size * scale
    k = s / 256
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((8 * k, 8 * k, 248 * k, 248 * k), radius=44 * k, fill="#1f4e79")
    for y, width, colour in ((60, 152, "#ffffff"), (106, 112, "#cfe2f3"), (152, 132, "#cfe2f3")):
        d.rounded_rectangle(
            (52 * k, y * k, (52 + width) * k, (y + 22) * k), radius=11 * k, fill=colour
        )
    d.ellipse((156 * k, 152 * k, 224 * k, 220 * k), fill="#f2b134")
    d.line(
        [(174 * k, 186 * k), (185 * k, 198 * k), (207 * k, 174 * k)],
        fill="#1f4e79",
        width=max(1, int(10 * k)),
        joint="curve",
    )
    return img.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    images = {size: draw(size) for size in SIZES}
    for size, img in images.items():
        img.save(OUT / f"dvmeet-{size}.png")
    images[256].save(OUT / "dvmeet.ico", sizes=[(s, s) for s in SIZES if s <= 256])


if __name__ == "__main__":
    main()
