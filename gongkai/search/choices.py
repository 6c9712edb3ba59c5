"""Code lists of the search app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    """Who may find a searchable type: everybody on the portal, or staff in the workbench only."""

    PUBLIC = "public", _("公众")
    STAFF = "staff", _("工作人员")


# A dictionary term: 2 to 30 letters, digits or Chinese characters (jieba's dictionary has no spaces, and
# a single character is no word to keep whole).
TERM_MIN_LENGTH = 2
TERM_MAX_LENGTH = 30
