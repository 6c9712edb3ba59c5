"""People who use the workbench and the API."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person with an account: staff of an organization, or (later) a citizen tracking applications.

    Chinese names are written family name first and not split by most people, so ``full_name`` holds
    the name as the person writes it; first_name/last_name stay for Django and Wagtail compatibility.
    """

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)

    class Meta(AbstractUser.Meta):  # type: ignore[name-defined]
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def get_full_name(self) -> str:
        return self.full_name or f"{self.last_name}{self.first_name}".strip() or self.username

    def get_short_name(self) -> str:
        return self.get_full_name()

    def __str__(self) -> str:
        name = self.get_full_name()
        return name if name == self.username else f"{name}（{self.username}）"


class ApiToken(models.Model):
    """A bearer token another government system uses to act as a user through the API.

    Only the SHA-256 hash of the token is stored; the token itself is shown once, when it is created.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("用途"), max_length=100, blank=True)
    prefix = models.CharField(_("前缀"), max_length=12, help_text=_("令牌的前几位，便于辨认，不足以使用。"))
    token_hash = models.CharField(_("令牌摘要"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最后使用时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
