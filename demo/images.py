"""Pictures for the demo site, drawn with Pillow so the seed needs no network.

Each scene (skyline, coast, mountains...) is a few layers of flat shapes over a
sky gradient, the way a poster illustrator would draw it. Every picture is
fully determined by its ``seed``, so two runs produce the same files.
"""

import io
import itertools
import math
import random

from PIL import Image, ImageDraw, ImageFilter

# Every library photo gets responsive renditions and social crops when it is saved,
# at a cost that grows with its pixels; 1280 wide keeps the whole seed quick.
LANDSCAPE = (1280, 720)
PORTRAIT = (600, 600)
CHART = (720, 1280)
CHART_CANVAS = (1080, 1920)  # drawn large, then scaled down for smooth edges

# (sky top, sky bottom, accent, near silhouette)
PALETTES = [
    ((24, 38, 84), (247, 148, 92), (255, 214, 128), (22, 22, 38)),  # dusk
    ((98, 170, 222), (220, 238, 248), (255, 246, 210), (40, 70, 90)),  # clear noon
    ((10, 14, 40), (52, 60, 120), (250, 240, 200), (6, 8, 20)),  # night
    ((250, 190, 120), (255, 236, 196), (255, 120, 60), (120, 60, 40)),  # desert morning
    ((36, 94, 110), (164, 214, 200), (250, 220, 150), (16, 50, 60)),  # teal haze
    ((80, 40, 110), (240, 120, 130), (255, 200, 150), (40, 20, 50)),  # violet evening
    ((170, 190, 200), (235, 235, 230), (200, 80, 60), (70, 80, 90)),  # overcast
    ((20, 60, 50), (150, 200, 140), (250, 230, 120), (14, 40, 30)),  # green valley
]

SCENES = ("skyline", "coast", "mountains", "desert", "fields", "stadium", "network", "gathering")


def _mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _gradient(size, top, bottom):
    mask = Image.linear_gradient("L").resize(size)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


def _glow(image, centre, radius, colour):
    """A soft sun or moon: a disc with a blurred halo, drawn on a small tile."""
    tile_size = radius * 6
    middle = tile_size / 2
    halo = Image.new("L", (tile_size, tile_size), 0)
    outer = radius * 2
    ImageDraw.Draw(halo).ellipse([middle - outer, middle - outer, middle + outer, middle + outer], fill=110)
    halo = halo.filter(ImageFilter.GaussianBlur(radius * 0.8))
    ImageDraw.Draw(halo).ellipse([middle - radius, middle - radius, middle + radius, middle + radius], fill=255)
    origin = (round(centre[0] - tile_size / 2), round(centre[1] - tile_size / 2))
    image.paste(Image.new("RGB", halo.size, colour), origin, halo)


def _ridge(rng, width, base, roughness, steps=9):
    """A mountain or dune line by midpoint displacement."""
    points = [base + rng.uniform(-roughness, roughness), base + rng.uniform(-roughness, roughness)]
    spread = roughness
    for _ in range(steps):
        refined = []
        for left, right in itertools.pairwise(points):
            refined += [left, (left + right) / 2 + rng.uniform(-spread, spread)]
        points = [*refined, points[-1]]
        spread *= 0.55
    step = width / (len(points) - 1)
    return [(i * step, y) for i, y in enumerate(points)]


def _skyline(draw, rng, size, palette):
    width, height = size
    for layer in range(3):
        colour = _mix(palette[1], palette[3], 0.35 + layer * 0.3)
        x = -rng.randint(0, 60)
        ground = height - 40 * (2 - layer)
        while x < width:
            w = rng.randint(50, 140)
            h = rng.randint(120, 420 + layer * 60)
            draw.rectangle([x, ground - h, x + w, height], fill=colour)
            if rng.random() < 0.25:
                spire = ground - h - rng.randint(30, 90)
                draw.polygon([(x, ground - h), (x + w / 2, spire), (x + w, ground - h)], fill=colour)
            if layer == 2:
                lit = _mix(palette[2], (255, 255, 255), 0.2)
                for wy in range(ground - h + 16, height - 20, 26):
                    for wx in range(x + 10, x + w - 12, 20):
                        if rng.random() < 0.3:
                            draw.rectangle([wx, wy, wx + 7, wy + 11], fill=lit)
            x += w + rng.randint(4, 24)


def _coast(draw, rng, size, palette):
    width, height = size
    horizon = int(height * rng.uniform(0.55, 0.65))
    water = _mix(palette[0], palette[3], 0.45)
    draw.rectangle([0, horizon, width, height], fill=water)
    for row in range(horizon + 6, height, 14):
        shade = _mix(water, palette[2], 0.35 * (1 - (row - horizon) / (height - horizon)))
        for _ in range(rng.randint(3, 7)):
            x = rng.randint(0, width)
            draw.line([x, row, x + rng.randint(40, 200), row], fill=shade, width=3)
    headland = _ridge(rng, width * 0.45, horizon - 60, 40, steps=6)
    draw.polygon([(0, horizon), *headland, (width * 0.45, horizon)], fill=_mix(palette[1], palette[3], 0.6))
    for _ in range(rng.randint(2, 4)):
        bx, by = rng.randint(200, width - 200), rng.randint(horizon + 60, height - 80)
        scale = 0.6 + (by - horizon) / (height - horizon)
        keel = by + 28 * scale
        hull = [(bx - 90 * scale, by), (bx + 90 * scale, by), (bx + 60 * scale, keel), (bx - 60 * scale, keel)]
        draw.polygon(hull, fill=palette[3])
        sail = [(bx, by - 150 * scale), (bx, by - 6), (bx + 70 * scale, by - 6)]
        draw.polygon(sail, fill=_mix(palette[2], (255, 255, 255), 0.5))


def _mountains(draw, rng, size, palette):
    width, height = size
    for layer in range(4):
        colour = _mix(palette[1], palette[3], 0.25 + layer * 0.25)
        line = _ridge(rng, width, height * (0.42 + layer * 0.13), 120 - layer * 20)
        draw.polygon([(0, height), *line, (width, height)], fill=colour)


def _desert(draw, rng, size, palette):
    width, height = size
    for layer in range(4):
        colour = _mix(palette[2], palette[3], 0.15 + layer * 0.22)
        base = height * (0.55 + layer * 0.12)
        phase, wave = rng.uniform(0, math.tau), rng.uniform(0.003, 0.007)
        amplitude = rng.uniform(25, 60)
        line = [(x, base + amplitude * math.sin(phase + x * wave)) for x in range(0, width + 20, 20)]
        draw.polygon([(0, height), *line, (width, height)], fill=colour)
    for _ in range(rng.randint(3, 6)):  # a caravan
        x, y = rng.randint(100, width - 100), height * 0.62
        draw.ellipse([x - 24, y - 30, x + 24, y - 8], fill=palette[3])
        draw.rectangle([x - 18, y - 12, x - 14, y + 14], fill=palette[3])
        draw.rectangle([x + 14, y - 12, x + 18, y + 14], fill=palette[3])
        draw.line([x + 20, y - 24, x + 34, y - 44], fill=palette[3], width=6)


def _fields(draw, rng, size, palette):
    width, height = size
    for layer in range(3):
        colour = _mix((120, 170, 80), palette[3], layer * 0.3)
        line = _ridge(rng, width, height * (0.55 + layer * 0.13), 40, steps=6)
        draw.polygon([(0, height), *line, (width, height)], fill=colour)
        stripe = _mix(colour, palette[2], 0.25)
        for offset in range(-width, width, 70):
            crest = line[len(line) // 2][1]
            draw.line([offset + layer * 20, height, offset + width * 0.4, crest], fill=stripe, width=4)
    for _ in range(rng.randint(5, 12)):
        x, y = rng.randint(0, width), rng.randint(int(height * 0.55), int(height * 0.75))
        r = rng.randint(18, 40)
        draw.rectangle([x - 3, y, x + 3, y + r * 1.4], fill=palette[3])
        draw.ellipse([x - r, y - r * 1.6, x + r, y + r * 0.3], fill=_mix((40, 90, 40), palette[3], 0.3))


def _stadium(draw, rng, size, palette):
    width, height = size
    cx = width / 2
    for ring in range(6):
        colour = _mix(palette[3], palette[0], ring * 0.12)
        rx, ry = width * (0.75 - ring * 0.06), height * (0.62 - ring * 0.05)
        draw.ellipse([cx - rx, height * 0.95 - ry, cx + rx, height * 0.95 + ry], fill=colour)
        for _ in range(80):
            angle = rng.uniform(math.pi, math.tau)
            px, py = cx + rx * 0.97 * math.cos(angle), height * 0.95 + ry * 0.97 * math.sin(angle)
            draw.ellipse([px - 3, py - 3, px + 3, py + 3], fill=_mix(palette[2], (255, 255, 255), rng.random() * 0.6))
    pitch = (46, 130, 70)
    draw.polygon(
        [(cx - 420, height * 0.72), (cx + 420, height * 0.72), (cx + 640, height), (cx - 640, height)], fill=pitch
    )
    draw.line([cx, height * 0.72, cx, height], fill=(220, 240, 220), width=4)
    for side in (-1, 1):
        x = cx + side * width * 0.42
        draw.line([x, height * 0.1, x, height * 0.45], fill=palette[3], width=10)
        _glow_rect = [x - 50, height * 0.08, x + 50, height * 0.14]
        draw.rectangle(_glow_rect, fill=(255, 250, 225))


def _network(draw, rng, size, palette):
    width, height = size
    nodes = [(rng.randint(0, width), rng.randint(0, height)) for _ in range(46)]
    line_colour = _mix(palette[2], palette[0], 0.45)
    for i, (x, y) in enumerate(nodes):
        for x2, y2 in nodes[i + 1 :]:
            if math.dist((x, y), (x2, y2)) < 260:
                draw.line([x, y, x2, y2], fill=line_colour, width=2)
    for x, y in nodes:
        r = rng.randint(5, 16)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=palette[2], outline=palette[3], width=3)
    base = height - 60
    step = (width - 120) / 14
    for i in range(14):  # a rising bar chart along the bottom
        h = 40 + i * rng.uniform(12, 26)
        x = 60 + i * step
        draw.rectangle([x, base - h, x + step * 0.62, base], fill=_mix(palette[3], palette[2], i / 14))


def _gathering(draw, rng, size, palette):
    width, height = size
    for _ in range(5):  # banners over the crowd
        x, y = rng.randint(0, width - 300), rng.randint(int(height * 0.25), int(height * 0.45))
        draw.rectangle([x, y, x + rng.randint(180, 320), y + 60], fill=_mix(palette[2], (255, 255, 255), 0.3))
        draw.line([x + 10, y + 60, x + 10, y + 200], fill=palette[3], width=5)
    for row in range(5):
        colour = _mix(palette[3], palette[1], 0.45 - row * 0.1)
        y = height * 0.55 + row * 70
        x = -rng.randint(0, 40)
        while x < width:
            r = rng.randint(20, 28)
            draw.ellipse([x, y - r * 2, x + r * 2, y], fill=colour)
            draw.rounded_rectangle([x - r * 0.8, y - 4, x + r * 2.8, y + 160], radius=r, fill=colour)
            x += r * 2 + rng.randint(14, 34)


_DRAWERS = {
    "skyline": _skyline,
    "coast": _coast,
    "mountains": _mountains,
    "desert": _desert,
    "fields": _fields,
    "stadium": _stadium,
    "network": _network,
    "gathering": _gathering,
}


def _jpeg(image, quality=84):
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()


def scene(kind, seed, size=LANDSCAPE):
    """A landscape JPEG of ``kind`` (one of ``SCENES``), as bytes."""
    rng = random.Random(seed)
    palette = rng.choice(PALETTES)
    image = _gradient(size, palette[0], palette[1])
    if kind not in {"network", "stadium"}:
        _glow(image, (rng.randint(200, size[0] - 200), rng.randint(120, 320)), rng.randint(40, 70), palette[2])
    _DRAWERS[kind](ImageDraw.Draw(image), rng, size, palette)
    return _jpeg(image)


def portrait(seed, size=PORTRAIT):
    """A head-and-shoulders silhouette on a soft backdrop, for author pages."""
    rng = random.Random(seed)
    palette = rng.choice(PALETTES)
    width, height = size
    image = _gradient(size, _mix(palette[0], (255, 255, 255), 0.3), palette[1])
    draw = ImageDraw.Draw(image)
    skin = rng.choice([(241, 205, 170), (214, 164, 120), (170, 120, 84), (120, 80, 56), (90, 60, 44)])
    hair = rng.choice([(30, 24, 20), (80, 50, 30), (150, 110, 60), (110, 110, 110)])
    coat = rng.choice([(40, 50, 70), (120, 40, 50), (60, 90, 80), (200, 190, 170), (30, 30, 30)])
    cx = width / 2
    draw.rounded_rectangle([cx - 210, height * 0.7, cx + 210, height + 80], radius=110, fill=coat)
    draw.rectangle([cx - 40, height * 0.55, cx + 40, height * 0.74], fill=_mix(skin, (0, 0, 0), 0.1))
    draw.ellipse([cx - 130, height * 0.17, cx + 130, height * 0.36 + 60], fill=hair)
    draw.ellipse([cx - 105, height * 0.22, cx + 105, height * 0.62], fill=skin)
    if rng.random() < 0.5:  # a scarf or a collar
        draw.polygon([(cx - 70, height * 0.72), (cx, height * 0.86), (cx + 70, height * 0.72)], fill=palette[2])
    return _jpeg(image, quality=86)


def chart(seed, size=CHART):
    """A tall infographic-style panel: bars, a ring chart and a trend line, without words."""
    rng = random.Random(seed)
    palette = rng.choice(PALETTES)
    width = CHART_CANVAS[0]
    paper = _mix(palette[1], (255, 255, 255), 0.75)
    image = Image.new("RGB", CHART_CANVAS, paper)
    draw = ImageDraw.Draw(image)
    ink, accent, soft = palette[3], palette[2], _mix(palette[0], paper, 0.35)
    draw.rectangle([0, 0, width, 220], fill=palette[0])
    draw.rectangle([80, 90, 80 + rng.randint(420, 760), 130], fill=paper)
    # Horizontal bars with their track.
    for i in range(7):
        y = 300 + i * 90
        draw.rounded_rectangle([80, y, width - 80, y + 44], radius=22, fill=_mix(paper, ink, 0.08))
        bar_end = 80 + rng.randint(180, width - 200)
        draw.rounded_rectangle([80, y, bar_end, y + 44], radius=22, fill=soft if i % 2 else accent)
    # A ring chart.
    cx, cy, r = width / 2, 1190, 230
    start = -90
    for share, colour in zip(_shares(rng, 4), (accent, soft, ink, _mix(accent, ink, 0.5)), strict=True):
        end = start + share * 360
        draw.pieslice([cx - r, cy - r, cx + r, cy + r], start, end, fill=colour)
        start = end
    draw.ellipse([cx - r * 0.55, cy - r * 0.55, cx + r * 0.55, cy + r * 0.55], fill=paper)
    # A trend line over a grid.
    top, bottom = 1500, 1820
    for gy in range(top, bottom + 1, 80):
        draw.line([80, gy, width - 80, gy], fill=_mix(paper, ink, 0.15), width=2)
    points, y = [], rng.uniform(top + 100, bottom - 40)
    for x in range(80, width - 79, 92):
        y = min(bottom - 10, max(top + 10, y + rng.uniform(-60, 45)))
        points.append((x, y))
    draw.line(points, fill=ink, width=8, joint="curve")
    for x, y in points:
        draw.ellipse([x - 10, y - 10, x + 10, y + 10], fill=accent, outline=ink, width=3)
    return _jpeg(image.resize(size, Image.Resampling.LANCZOS), quality=88)


def _shares(rng, count):
    weights = [rng.uniform(1, 4) for _ in range(count)]
    return [weight / sum(weights) for weight in weights]
