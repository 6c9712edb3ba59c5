from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    name = "gongkai.publications"
    label = "publications"
    verbose_name = _("主动公开")

    def ready(self) -> None:
        from gongkai.portal.selectors import register_home_section
        from gongkai.publications import home, periodic  # noqa: F401 - periodic registers the tick jobs

        register_home_section("latest", home.latest_section)
        register_home_section("interpretations", home.interpretations_section)
        _connect_cache_upkeep()
        _register_searchable()


def _connect_cache_upkeep() -> None:
    """Every saved or deleted document changes the catalogue state the public pages are cached under
    (architecture rule 3: signals only for cache and search-index upkeep)."""
    from django.db.models.signals import post_delete, post_save

    from gongkai.publications.models import Document
    from gongkai.publications.selectors import catalogue_changed

    def forget_state(sender: type, **kwargs: object) -> None:
        catalogue_changed()

    post_save.connect(forget_state, sender=Document, weak=False, dispatch_uid="gongkai.catalogue_state.save")
    post_delete.connect(
        forget_state, sender=Document, weak=False, dispatch_uid="gongkai.catalogue_state.delete"
    )


def _register_searchable() -> None:
    """Published documents (政策解读 as their own result type) and published 公报 issues are searchable."""
    from gongkai.publications.choices import DocumentKind, DocumentStatus, PublicationStatus
    from gongkai.publications.models import Document, GazetteIssue
    from gongkai.search.highlight import plain_text
    from gongkai.search.registry import register_searchable

    register_searchable(
        Document,
        key="document",
        label=_("政府信息"),
        is_indexable=lambda document: document.status == DocumentStatus.PUBLISHED,
        url=lambda document: document.get_url(),
        date=lambda document: document.published_on,
        org=lambda document: document.org,
        type_of=lambda document: (
            "interpretation" if document.kind == DocumentKind.INTERPRETATION else "document"
        ),
        subtypes={"interpretation": _("政策解读")},
        # Drafts, submissions and approvals of a document never published have nothing to remove
        # (two queries a workflow step, publications/tests/test_services.py).
        may_be_in_index=lambda document: document.first_published_at is not None,
        snippet_text=lambda document: plain_text(document.summary, document.body),
    )
    register_searchable(
        GazetteIssue,
        key="gazette",
        label=_("政府公报"),
        is_indexable=lambda issue: issue.status == PublicationStatus.PUBLISHED,
        url=lambda issue: issue.get_url(),
        date=lambda issue: issue.published_on,
        org=lambda issue: issue.org,
        snippet_text=lambda issue: issue.contents_for_search(),
    )
