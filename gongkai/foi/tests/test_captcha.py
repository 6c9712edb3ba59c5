"""The CAPTCHA of the online application form (gongkai.foi.captcha)."""

from __future__ import annotations

import base64
import hashlib
import random
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
import time_machine
from django import forms
from django.core import signing
from django.test import Client, override_settings
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.foi import captcha
from gongkai.foi.captcha import (
    GLYPHS,
    CaptchaField,
    Challenge,
    generate_challenge,
    issue_challenge,
    normalize_answer,
    render_svg,
    verify_challenge,
)
from gongkai.foi.tests.captcha_helpers import fix_captcha, solved_captcha

SVG = "{http://www.w3.org/2000/svg}"
ERROR = "验证码不正确或已过期，请重新输入。"


class ApplyForm(forms.Form):
    name = forms.CharField(label="姓名")
    captcha = CaptchaField()


def svg_of(image: str) -> str:
    prefix = "data:image/svg+xml;base64,"
    assert image.startswith(prefix)
    return base64.b64decode(image[len(prefix) :]).decode("utf-8")


def hidden_token(html: str, name: str = "captcha_token") -> str:
    match = re.search(rf'name="{name}" value="([^"]+)"', html)
    assert match, html
    return match.group(1)


# --- Challenges -----------------------------------------------------------------------------------------


@settings(deadline=None)  # a loaded CI machine must not fail a slow example
@given(st.integers(0, 2**32))
def test_it_asks_small_sums_differences_and_products_it_can_draw(seed: int) -> None:
    challenge = generate_challenge(random.Random(seed))
    match = re.fullmatch(r"(\d+)([+\-×])(\d+)=\?", challenge.text)
    assert match, challenge.text
    a, operator, b = int(match[1]), match[2], int(match[3])
    expected = a + b if operator == "+" else a - b if operator == "-" else a * b
    assert challenge.answer == str(expected) and expected > 0
    assert set(challenge.text) <= set(GLYPHS)


def test_it_reads_answers_typed_with_spaces_full_width_digits_or_leading_zeros() -> None:
    assert normalize_answer(" ４２ ") == "42"
    assert normalize_answer("042") == "42"
    assert normalize_answer("4 2") == "42"
    assert normalize_answer("") == ""
    assert normalize_answer("四十二") == "四十二"
    assert normalize_answer("9" * 5000) == "9" * 32  # no int() of a forged, huge number


def test_it_survives_a_forged_huge_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    fix_captcha(monkeypatch)
    assert verify_challenge(issue_challenge().token, "1" * 100_000) is False


# --- The image ------------------------------------------------------------------------------------------


def test_it_draws_the_challenge_with_paths_only() -> None:
    svg = render_svg("23+19=?", random.Random(7))
    root = ET.fromstring(svg)  # noqa: S314 - our own output: it must be well-formed XML
    assert root.tag == f"{SVG}svg" and root.get("width") == "200" and root.get("height") == "60"
    tags = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert tags == {"svg", "g", "rect", "path", "circle"}
    assert "<text" not in svg and "font" not in svg
    # One path per polyline of 2, 3, +, 1, 9, = and ? (1+2+2+2+1+2+2), and three noise curves.
    assert len(root.findall(f".//{SVG}path")) == 12 + 3


def test_it_draws_a_different_picture_each_time() -> None:
    assert render_svg("5×4=?") != render_svg("5×4=?")


def test_it_shuffles_glyph_and_noise_strokes() -> None:
    # The order of the elements must not give the characters away: over a few seeds, the widest strokes
    # (the glyphs) are not always the first paths.
    firsts = set()
    for seed in range(20):
        root = ET.fromstring(render_svg("11+11=?", random.Random(seed)))  # noqa: S314 - our own output
        widths = [float(path.get("stroke-width", "0")) for path in root.iter(f"{SVG}path")]
        firsts.add(widths[0] < 2)
    assert firsts == {True, False}


# --- Tokens ---------------------------------------------------------------------------------------------


def test_it_accepts_the_right_answer_once(monkeypatch: pytest.MonkeyPatch) -> None:
    fix_captcha(monkeypatch, Challenge("23+19=?", "42"))
    token = issue_challenge().token
    assert verify_challenge(token, "42") is True
    assert verify_challenge(token, "42") is False  # one-time


def test_it_spends_a_token_on_a_wrong_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    fix_captcha(monkeypatch, Challenge("23+19=?", "42"))
    token = issue_challenge().token
    assert verify_challenge(token, "41") is False
    assert verify_challenge(token, "42") is False


def test_it_accepts_an_answer_typed_in_full_width_digits(monkeypatch: pytest.MonkeyPatch) -> None:
    fix_captcha(monkeypatch, Challenge("23+19=?", "42"))
    assert verify_challenge(issue_challenge().token, "４２") is True


def test_it_expires_a_token_after_ten_minutes(monkeypatch: pytest.MonkeyPatch) -> None:
    fix_captcha(monkeypatch)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        fresh, stale = issue_challenge().token, issue_challenge().token
        traveller.shift(timedelta(seconds=599))
        assert verify_challenge(fresh, "2") is True
        traveller.shift(timedelta(seconds=2))
        assert verify_challenge(stale, "2") is False


@override_settings(GONGKAI_FOI_CAPTCHA_TTL_SECONDS=60)
def test_it_reads_the_lifetime_from_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    fix_captcha(monkeypatch)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        token = issue_challenge().token
        traveller.shift(timedelta(seconds=61))
        assert verify_challenge(token, "2") is False


# Fixed ids: a signed token carries its timestamp, and pytest-xdist's workers must collect the same names.
@pytest.mark.parametrize(
    "token",
    ["", "nonsense", None, signing.dumps(["n", "h"], salt=captcha.SIGNING_SALT)],
    ids=["empty", "nonsense", "none", "signed-but-malformed"],
)
def test_it_rejects_malformed_tokens(token: str | None) -> None:
    assert verify_challenge(token, "2") is False


def test_it_rejects_a_tampered_token(monkeypatch: pytest.MonkeyPatch) -> None:
    fix_captcha(monkeypatch)
    token = issue_challenge().token
    payload = signing.loads(token, salt=captcha.SIGNING_SALT)
    payload["h"] = hashlib.sha256(b"2").hexdigest()
    forged = signing.dumps(payload, salt="another salt")
    assert verify_challenge(forged, "2") is False
    assert verify_challenge(token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "2") is False


def test_it_keeps_the_answer_out_of_the_token(monkeypatch: pytest.MonkeyPatch) -> None:
    fix_captcha(monkeypatch, Challenge("23+19=?", "42"))
    token = issue_challenge().token
    payload = signing.loads(token, salt=captcha.SIGNING_SALT)
    assert set(payload) == {"n", "h"}
    assert "42" not in token and "42" not in str(payload["n"])
    # No unkeyed hash of any candidate answer matches the digest: guesses cannot be tested offline.
    for candidate in range(1000):
        for text in (str(candidate), f"{payload['n']}:{candidate}", f"{candidate}:{payload['n']}"):
            assert hashlib.sha256(text.encode()).hexdigest() != payload["h"]
            assert hashlib.md5(text.encode()).hexdigest() != payload["h"]  # noqa: S324


def test_it_keys_the_answer_digest_with_the_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    fix_captcha(monkeypatch)
    token = issue_challenge().token
    payload = signing.loads(token, salt=captcha.SIGNING_SALT)
    with override_settings(SECRET_KEY="x" * 60):
        # Re-signed under another key, the same payload no longer matches the answer's digest.
        assert verify_challenge(signing.dumps(payload, salt=captcha.SIGNING_SALT), "2") is False


# --- The form field -------------------------------------------------------------------------------------


def test_it_renders_an_inline_image_a_hidden_token_a_labelled_box_and_a_refresh_link() -> None:
    html = str(ApplyForm().as_div())
    assert '<label for="id_captcha">请输入图中算式的结果' in html
    assert 'src="data:image/svg+xml;base64,' in html
    assert 'alt="验证码图片：一道算术题"' in html
    assert 'type="hidden" name="captcha_token"' in html
    answer = re.search(r'<input type="text" name="captcha"[^>]*>', html)
    assert answer, html
    for attribute in ('id="id_captcha"', "required", 'autocomplete="off"', 'inputmode="numeric"'):
        assert attribute in answer.group(0)
    assert "看不清？换一张" in html
    assert 'role="status"' in html
    svg_of(re.search(r'src="(data:[^"]+)"', html).group(1))  # type: ignore[union-attr]


def test_it_asks_for_the_script_and_the_styles_of_the_widget() -> None:
    media = str(ApplyForm().media)
    assert "foi/captcha.js" in media and "foi/captcha.css" in media


def test_it_validates_a_form_with_the_right_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    form = ApplyForm(data={"name": "张三", **solved_captcha(monkeypatch)})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["captcha"] is True


def test_it_gives_the_chinese_error_for_a_wrong_answer_and_draws_a_new_challenge(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fix_captcha(monkeypatch)
    token = issue_challenge().token
    form = ApplyForm(data={"name": "张三", "captcha": "3", "captcha_token": token})
    assert not form.is_valid()
    assert form.errors["captcha"] == [ERROR]
    html = str(form.as_div())
    assert hidden_token(html) != token  # a new challenge, never the spent one
    assert 'value="3"' not in html  # the wrong answer is not shown again
    assert 'value="张三"' in html  # what else was typed is kept


def test_it_rejects_a_reused_token_in_a_second_form(monkeypatch: pytest.MonkeyPatch) -> None:
    data = {"name": "张三", **solved_captcha(monkeypatch)}
    assert ApplyForm(data=data).is_valid()
    second = ApplyForm(data=data)
    assert not second.is_valid() and second.errors["captcha"] == [ERROR]


def test_it_rejects_a_token_from_a_form_rendered_with_another_challenge(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fix_captcha(monkeypatch, Challenge("2+2=?", "4"))
    token = hidden_token(str(ApplyForm().as_div()))
    form = ApplyForm(data={"name": "张三", "captcha": "2", "captcha_token": token})
    assert not form.is_valid() and form.errors["captcha"] == [ERROR]


def test_it_solves_a_rendered_form_like_an_applicant(monkeypatch: pytest.MonkeyPatch) -> None:
    fix_captcha(monkeypatch, Challenge("2+2=?", "4"))
    token = hidden_token(str(ApplyForm().as_div()))
    assert ApplyForm(data={"name": "张三", "captcha": "4", "captcha_token": token}).is_valid()


def test_it_asks_for_the_answer_when_none_was_typed(monkeypatch: pytest.MonkeyPatch) -> None:
    data = {"name": "张三", **solved_captcha(monkeypatch)}
    data["captcha"] = "  "
    form = ApplyForm(data=data)
    assert form.errors["captcha"] == ["请输入图中算式的结果。"]
    # The token was not spent on an empty answer.
    assert verify_challenge(data["captcha_token"], "2") is True


def test_it_fails_a_form_posted_without_the_captcha() -> None:
    form = ApplyForm(data={"name": "张三"})
    assert form.errors["captcha"] == ["请输入图中算式的结果。"]


@pytest.mark.urls("gongkai.foi.tests.urls_without_foi")
def test_it_leaves_the_link_to_reload_the_page_when_the_urls_are_not_mounted() -> None:
    html = str(ApplyForm().as_div())
    assert "data-url" not in html and 'href=""' in html


# --- The "换一张" view ------------------------------------------------------------------------------------


@pytest.mark.urls("gongkai.foi.tests.urls_captcha")
def test_it_points_the_link_at_the_refresh_view() -> None:
    assert 'data-url="/foi/captcha/new/"' in str(ApplyForm().as_div())


@pytest.mark.urls("gongkai.foi.tests.urls_captcha")
def test_it_serves_a_new_challenge_that_the_form_accepts(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    fix_captcha(monkeypatch, Challenge("6×7=?", "42"))
    response = client.get("/foi/captcha/new/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    data = response.json()
    assert set(data) == {"token", "image", "width", "height"}
    ET.fromstring(svg_of(data["image"]))  # noqa: S314 - our own server's output
    assert ApplyForm(data={"name": "张三", "captcha": "42", "captcha_token": data["token"]}).is_valid()


@pytest.mark.urls("gongkai.foi.tests.urls_captcha")
def test_it_answers_only_get(client: Client) -> None:
    assert client.post("/foi/captcha/new/").status_code == 405


@pytest.mark.urls("gongkai.foi.tests.urls_captcha")
@override_settings(GONGKAI_FOI_CAPTCHA_REFRESH_LIMIT=2)
def test_it_limits_how_often_one_address_asks_for_a_new_challenge(client: Client) -> None:
    statuses = [client.get("/foi/captcha/new/", REMOTE_ADDR="203.0.113.9").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    refused = client.get("/foi/captcha/new/", REMOTE_ADDR="203.0.113.9")
    assert refused.json() == {"error": "更换验证码过于频繁，请稍后再试。"}
    assert client.get("/foi/captcha/new/", REMOTE_ADDR="203.0.113.10").status_code == 200
