"""Solving the CAPTCHA in tests of the forms that use it: fix the challenge, never read a token."""

from __future__ import annotations

import pytest

from gongkai.foi import captcha

FIXED = captcha.Challenge(text="1+1=?", answer="2")


def fix_captcha(monkeypatch: pytest.MonkeyPatch, challenge: captcha.Challenge = FIXED) -> captcha.Challenge:
    """Make every new challenge ``challenge`` (1+1=? unless told), rendered forms included."""
    monkeypatch.setattr(captcha, "generate_challenge", lambda rng=None: challenge)
    return challenge


def solved_captcha(monkeypatch: pytest.MonkeyPatch, *, name: str = "captcha") -> dict[str, str]:
    """POST data that passes a :class:`~gongkai.foi.captcha.CaptchaField` named ``name`` once."""
    challenge = fix_captcha(monkeypatch)
    return {name: challenge.answer, f"{name}_token": captcha.issue_challenge().token}
