"""The search dictionary that administrators extend."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.search.choices import TERM_MAX_LENGTH


class SearchTerm(models.Model):
    """A word of the search dictionary (搜索词典) added by an administrator: a local place, programme or
    slogan (e.g. “强富美高”) that jieba and the shipped government dictionary would cut into pieces.

    Segmentation keeps it whole in queries and in documents indexed from now on; adding it also reindexes
    the published items that contain it (gongkai.search.services.search_term_add).
    """

    term = models.CharField(_("词语"), max_length=TERM_MAX_LENGTH, unique=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("添加人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("添加时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("搜索词典词语")
        verbose_name_plural = _("搜索词典")
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term
