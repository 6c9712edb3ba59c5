"""A CAPTCHA for the online application form that needs no third-party service.

Design:

- **Challenge.** :func:`generate_challenge` draws a small sum, difference or product ("23+19=?") with
  the operating system's random source. The applicant types the result (label "请输入图中算式的结果").
- **Image.** :func:`render_svg` draws the challenge as an SVG whose characters are stroked paths from
  a built-in stroke font (no ``<text>`` element: the characters are not in the markup), each one scaled,
  rotated, sheared and jittered on its own, the whole picture bent by two sine waves, with thinner noise
  curves and dots in colours like theirs, and every element in random order. It is embedded as a
  ``data:`` URI (the portal's CSP allows ``img-src data:``), so no request serves the image.
- **Answer, kept server-side.** The form carries a token ``django.core.signing.dumps({"n": nonce,
  "h": digest})``: the signature carries the issue time and stops tampering, and ``digest`` is
  ``salted_hmac(nonce:answer)`` under the SECRET_KEY. The payload can be read (signing does not encrypt)
  but the answer cannot be recovered from it: without the SECRET_KEY no one can test guesses against the
  digest. Nothing is stored when a challenge is issued.
- **Expiry.** A token is accepted for ``GONGKAI_FOI_CAPTCHA_TTL_SECONDS`` (10 minutes by default) after
  it was issued (``signing.loads(max_age=…)``).
- **One-time use.** Verifying a token records its nonce in the cache with ``cache.add`` (atomic) for the
  token's lifetime; a token whose nonce is already there is rejected. A token is spent by any answer,
  right or wrong, so each image allows one guess. (The cache must be shared by all worker processes for
  this to hold across them; see :mod:`gongkai.foi.ratelimit`.)
- **Form field.** :class:`CaptchaField` (widget :class:`CaptchaWidget`) issues a new challenge each
  time it is rendered (the typed answer is never shown again) and posts two values: ``<name>`` (the
  answer) and ``<name>_token``. Its "看不清？换一张" link fetches a new challenge from
  :func:`gongkai.foi.views_captcha.captcha_new` (URL ``foi:captcha_new``) with a small script, so nothing
  typed is lost; without JavaScript the link reloads the page. Validate a form once: a second
  ``is_valid()`` on a new form with the same data finds the token spent.
- **Tests** never read an answer from a token. They replace the challenge generator:
  ``monkeypatch.setattr(captcha, "generate_challenge", lambda rng=None: Challenge("1+1=?", "2"))``, then
  render the form or call :func:`issue_challenge` (gongkai/foi/tests/captcha_helpers.py does this).

Limits: an arithmetic CAPTCHA has few possible answers (the best blind guess, 24, is right about once
in 40 tries) and a determined program can read the image; it keeps casual scripts away, and the rate
limits of :mod:`gongkai.foi.ratelimit` bound the rest. A person who cannot see the image can still apply
by letter or in person (条例第二十九条), which the form's page should say.
"""

from __future__ import annotations

import base64
import colorsys
import math
import random
import secrets
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from gongkai.foi.choices import CAPTCHA_TTL_SECONDS_DEFAULT

SIGNING_SALT = "gongkai.foi.captcha"
ANSWER_SALT = "gongkai.foi.captcha.answer"
USED_KEY_PREFIX = "gongkai:foi:captcha:used:"
WIDTH = 200
HEIGHT = 60


def ttl_seconds() -> int:
    """How long a challenge may be answered (setting GONGKAI_FOI_CAPTCHA_TTL_SECONDS; not statutory)."""
    value: int = getattr(settings, "GONGKAI_FOI_CAPTCHA_TTL_SECONDS", CAPTCHA_TTL_SECONDS_DEFAULT)
    return value


# --- Challenge ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Challenge:
    """What the image shows (``text``, characters of :data:`GLYPHS`) and what the applicant types."""

    text: str
    answer: str


def generate_challenge(rng: random.Random | None = None) -> Challenge:
    """A new arithmetic challenge: a two-digit sum, a difference or a one-digit product."""
    rng = rng or secrets.SystemRandom()
    operator = rng.choice("+-×")
    if operator == "+":
        a, b = rng.randint(10, 49), rng.randint(10, 49)
        result = a + b
    elif operator == "-":
        a, b = rng.randint(20, 99), rng.randint(2, 19)
        result = a - b
    else:
        a, b = rng.randint(2, 9), rng.randint(2, 9)
        result = a * b
    return Challenge(text=f"{a}{operator}{b}=?", answer=str(result))


def normalize_answer(answer: str | None) -> str:
    """The answer as compared: ASCII digits (full-width ones converted), no spaces or leading zeros."""
    text = "".join(unicodedata.normalize("NFKC", answer or "").split())[:32]  # a forged post may be long
    return str(int(text)) if text.isdigit() else text


def _answer_digest(nonce: str, answer: str) -> str:
    return salted_hmac(ANSWER_SALT, f"{nonce}:{answer}", algorithm="sha256").hexdigest()


class IssuedChallenge(NamedTuple):
    token: str  # goes into the form; the answer cannot be read from it
    image: str  # data:image/svg+xml;base64,…
    width: int
    height: int


def issue_challenge() -> IssuedChallenge:
    """A new challenge: its signed token and its image."""
    challenge = generate_challenge()
    nonce = secrets.token_urlsafe(16)
    token = signing.dumps(
        {"n": nonce, "h": _answer_digest(nonce, normalize_answer(challenge.answer))}, salt=SIGNING_SALT
    )
    return IssuedChallenge(
        token=token, image=svg_data_uri(render_svg(challenge.text)), width=WIDTH, height=HEIGHT
    )


def verify_challenge(token: str | None, answer: str | None) -> bool:
    """True if ``answer`` solves the challenge of ``token``, which must be unexpired and unused. Any
    answer spends the token."""
    try:
        payload = signing.loads(token or "", salt=SIGNING_SALT, max_age=ttl_seconds())
    except signing.BadSignature:  # SignatureExpired included
        return False
    if not isinstance(payload, dict):
        return False
    nonce, digest = payload.get("n"), payload.get("h")
    if not isinstance(nonce, str) or not isinstance(digest, str):
        return False
    if not cache.add(USED_KEY_PREFIX + nonce, True, timeout=ttl_seconds() + 60):
        return False  # spent
    return constant_time_compare(digest, _answer_digest(nonce, normalize_answer(answer)))


# --- Image ----------------------------------------------------------------------------------------------

Point = tuple[float, float]

# A stroke font on a 10 × 16 grid (y down): each character is a few polylines, drawn as smooth curves.
GLYPHS: dict[str, tuple[tuple[Point, ...], ...]] = {
    "0": (((5, 0), (8.6, 1.8), (10, 8), (8.6, 14.2), (5, 16), (1.4, 14.2), (0, 8), (1.4, 1.8), (5, 0)),),
    "1": (((1.8, 3.2), (5.6, 0), (5.6, 16)), ((2, 16), (9, 16))),
    "2": (((0.6, 3.4), (3, 0.4), (7, 0.3), (9.6, 3), (9.2, 6.4), (0, 16), (10, 16)),),
    "3": (
        ((0.6, 1.8), (4, 0), (8, 0.6), (9.6, 3.6), (8, 6.9), (4, 8)),
        ((4, 8), (8.4, 9.4), (10, 12.6), (8, 15.5), (4, 16), (0.3, 14.4)),
    ),
    "4": (((7.4, 16), (7.4, 0), (0, 11), (10, 11)),),
    "5": (
        (
            (9.6, 0.2),
            (1.4, 0.2),
            (0.6, 7.2),
            (4.6, 6),
            (8.6, 7.4),
            (10, 11.4),
            (8.6, 15),
            (4.6, 16),
            (0.4, 14.4),
        ),
    ),
    "6": (
        (
            (8.8, 0.8),
            (5.2, 0),
            (1.6, 2.4),
            (0, 8),
            (0.4, 12.6),
            (2.6, 15.6),
            (5.6, 16),
            (8.8, 14.4),
            (10, 11),
            (8.6, 8),
            (5.2, 7),
            (1.6, 8.4),
            (0.2, 11),
        ),
    ),
    "7": (((0, 0.2), (10, 0.2), (3.6, 16)),),
    "8": (
        (
            (5, 7.8),
            (1.6, 6.4),
            (1, 3),
            (3, 0.3),
            (7, 0.3),
            (9, 3),
            (8.4, 6.4),
            (5, 7.8),
            (1, 9.8),
            (0, 13),
            (2.6, 15.8),
            (7.4, 15.8),
            (10, 13),
            (9, 9.8),
            (5, 7.8),
        ),
    ),
    "9": (
        (
            (1.2, 15.2),
            (4.8, 16),
            (8.4, 13.6),
            (10, 8),
            (9.6, 3.4),
            (7.4, 0.4),
            (4.4, 0),
            (1.2, 1.6),
            (0, 5),
            (1.4, 8),
            (4.8, 9),
            (8.4, 7.6),
            (9.8, 5),
        ),
    ),
    "+": (((5, 3.6), (5, 12.4)), ((0.6, 8), (9.4, 8))),
    "-": (((1, 8), (9, 8)),),
    "×": (((1.6, 4.6), (8.4, 11.4)), ((8.4, 4.6), (1.6, 11.4))),
    "=": (((0.6, 5.6), (9.4, 5.6)), ((0.6, 10.4), (9.4, 10.4))),
    "?": (
        ((0.6, 3.6), (2.6, 0.5), (6.4, 0), (9.4, 2.6), (9.4, 5.6), (5, 8.6), (5, 11.6)),
        ((5, 14.8), (5, 15.8)),
    ),
}


@dataclass(frozen=True, slots=True)
class Stroke:
    """One curve of the picture: a smooth path through ``points``, or a dot where ``radius`` is set."""

    points: tuple[Point, ...]
    width: float
    color: str
    radius: float = 0.0


def _color(rng: random.Random, lightness: tuple[float, float], saturation: tuple[float, float]) -> str:
    red, green, blue = colorsys.hls_to_rgb(rng.random(), rng.uniform(*lightness), rng.uniform(*saturation))
    return f"#{round(red * 255):02x}{round(green * 255):02x}{round(blue * 255):02x}"


def layout(text: str, rng: random.Random) -> tuple[str, list[Stroke]]:
    """The background colour and the strokes of the picture of ``text``: glyphs and noise, shuffled."""
    unit = 2.1  # pixels per unit of the 10 × 16 glyph grid
    advance = 10 * unit + 4
    strokes: list[Stroke] = []
    for index, char in enumerate(text):
        scale = unit * rng.uniform(0.9, 1.1)
        # Digits lean freely; operators little, so that + and × never look alike.
        tilt = 0.3 if char.isdigit() else 0.1
        angle = rng.uniform(-tilt, tilt)
        shear = rng.uniform(-tilt, tilt)
        cx = advance * index + rng.uniform(-1.5, 1.5)
        cy = rng.uniform(-3, 3)
        color = _color(rng, (0.18, 0.32), (0.55, 0.85))
        width = rng.uniform(2.6, 3.2)
        for polyline in GLYPHS[char]:
            points = []
            for u, v in polyline:
                x0, y0 = (u - 5) * scale, (v - 8) * scale
                x1 = x0 + shear * y0
                x2 = x1 * math.cos(angle) - y0 * math.sin(angle)
                y2 = x1 * math.sin(angle) + y0 * math.cos(angle)
                points.append((cx + x2 + rng.uniform(-0.6, 0.6), cy + y2 + rng.uniform(-0.6, 0.6)))
            strokes.append(Stroke(tuple(points), width, color))
    # Place the characters at a random spot where, bent, they stay inside the picture.
    amplitude_y, amplitude_x = rng.uniform(2, 3.5), rng.uniform(1, 2)
    xs = [x for stroke in strokes for x, _y in stroke.points]
    ys = [y for stroke in strokes for _x, y in stroke.points]
    margin_x, margin_y = amplitude_x + 4, amplitude_y + 3
    room_x = WIDTH - 2 * margin_x - (max(xs) - min(xs))  # negative: too wide, centred and cut evenly
    room_y = HEIGHT - 2 * margin_y - (max(ys) - min(ys))
    dx = margin_x - min(xs) + (rng.uniform(0, room_x) if room_x > 0 else room_x / 2)
    dy = margin_y - min(ys) + (rng.uniform(0, room_y) if room_y > 0 else room_y / 2)
    strokes = [Stroke(tuple((x + dx, y + dy) for x, y in s.points), s.width, s.color) for s in strokes]
    for _line in range(3):  # noise curves across the picture
        y_values = [rng.uniform(8, HEIGHT - 8) for _point in range(4)]
        x_values = [-4, rng.uniform(40, 90), rng.uniform(110, 160), WIDTH + 4]
        curve = tuple(zip(x_values, y_values, strict=True))
        strokes.append(Stroke(curve, rng.uniform(0.8, 1.3), _color(rng, (0.25, 0.5), (0.4, 0.8))))
    for _dot in range(45):  # noise dots
        point = (rng.uniform(0, WIDTH), rng.uniform(0, HEIGHT))
        strokes.append(
            Stroke((point,), 0, _color(rng, (0.3, 0.65), (0.3, 0.8)), radius=rng.uniform(0.7, 1.8))
        )
    # Bend the whole picture with two sine waves.
    period_y, phase_y = rng.uniform(70, 130), rng.uniform(0, 2 * math.pi)
    period_x, phase_x = rng.uniform(30, 60), rng.uniform(0, 2 * math.pi)

    def bend(point: Point) -> Point:
        x, y = point
        return (
            x + amplitude_x * math.sin(2 * math.pi * y / period_x + phase_x),
            y + amplitude_y * math.sin(2 * math.pi * x / period_y + phase_y),
        )

    bent = [Stroke(tuple(bend(p) for p in s.points), s.width, s.color, s.radius) for s in strokes]
    rng.shuffle(bent)
    return _color(rng, (0.92, 0.97), (0.3, 0.6)), bent


def _path(points: Sequence[Point]) -> str:
    """A Catmull-Rom spline through ``points`` as SVG cubic Béziers."""

    def fmt(point: Point) -> str:
        return f"{point[0]:.1f} {point[1]:.1f}"

    if len(points) == 2:
        return f"M{fmt(points[0])}L{fmt(points[1])}"
    parts = [f"M{fmt(points[0])}"]
    padded = [points[0], *points, points[-1]]
    for i in range(1, len(padded) - 2):
        p0, p1, p2, p3 = padded[i - 1], padded[i], padded[i + 1], padded[i + 2]
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        parts.append(f"C{fmt(c1)} {fmt(c2)} {fmt(p2)}")
    return "".join(parts)


def render_svg(text: str, rng: random.Random | None = None) -> str:
    """The SVG picture of ``text`` (characters of :data:`GLYPHS`): paths only, no text."""
    background, strokes = layout(text, rng or secrets.SystemRandom())
    elements = [f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{background}"/>']
    for stroke in strokes:
        if stroke.radius:
            x, y = stroke.points[0]
            elements.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{stroke.radius:.1f}" fill="{stroke.color}"/>'
            )
        else:
            path = _path(stroke.points)
            elements.append(f'<path d="{path}" stroke="{stroke.color}" stroke-width="{stroke.width:.1f}"/>')
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}"><g fill="none" stroke-linecap="round" stroke-linejoin="round">'
        + "".join(elements)
        + "</g></svg>"
    )


def svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


# --- Form field -----------------------------------------------------------------------------------------


class CaptchaValue(NamedTuple):
    token: str
    answer: str


class CaptchaWidget(forms.Widget):
    """The image, the hidden token, the answer box and the "换一张" link; a new challenge per rendering."""

    template_name = "foi/widgets/captcha.html"

    class Media:
        js = ["foi/captcha.js"]
        css = {"all": ["foi/captcha.css"]}

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {
            "autocomplete": "off",
            "inputmode": "numeric",
            "maxlength": "6",
            "spellcheck": "false",
            "autocapitalize": "off",
            "class": "gk-captcha-answer",
        }
        super().__init__({**defaults, **(attrs or {})})

    def value_from_datadict(self, data: Mapping[str, Any], files: Any, name: str) -> CaptchaValue:
        return CaptchaValue(token=str(data.get(f"{name}_token") or ""), answer=str(data.get(name) or ""))

    def value_omitted_from_data(self, data: Mapping[str, Any], files: Any, name: str) -> bool:
        return name not in data and f"{name}_token" not in data

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        # The typed answer is never shown again: it belonged to the previous image.
        context: dict[str, Any] = super().get_context(name, None, attrs)
        issued = issue_challenge()
        try:
            refresh_url = reverse("foi:captcha_new")
        except NoReverseMatch:  # gongkai.foi.urls not mounted: the link reloads the page
            refresh_url = ""
        context["widget"].update(
            token=issued.token,
            token_name=f"{name}_token",
            image=issued.image,
            width=issued.width,
            height=issued.height,
            refresh_url=refresh_url,
        )
        return context


class CaptchaField(forms.Field):
    """The CAPTCHA of a public form. Its cleaned value is True; an unsolved, expired or reused challenge
    is a field error "验证码不正确或已过期，请重新输入。" and the form shows a new image."""

    widget = CaptchaWidget
    default_error_messages = {
        "required": _("请输入图中算式的结果。"),
        "invalid": _("验证码不正确或已过期，请重新输入。"),
    }

    def __init__(self, *, label: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("required", True)
        super().__init__(label=label if label is not None else _("请输入图中算式的结果"), **kwargs)

    def clean(self, value: Any) -> bool:
        token, answer = value if isinstance(value, CaptchaValue) else ("", "")
        if not normalize_answer(answer):
            raise ValidationError(self.error_messages["required"], code="required")
        if not verify_challenge(token, answer):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return True
