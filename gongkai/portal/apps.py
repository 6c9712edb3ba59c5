from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    label = "portal"
    verbose_name = _("门户网站")

    def ready(self) -> None:
        _connect_cache_upkeep()


def _connect_cache_upkeep() -> None:
    """The layout's settings and menu (portal_tags.chrome_memo) are read again after any change to a
    site, its settings or a page (architecture rule 3: signals only for cache and search-index upkeep)."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Page, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from gongkai.portal.models import PortalSettings
    from gongkai.portal.templatetags.portal_tags import chrome_memo

    def forget_chrome(sender: type, **kwargs: object) -> None:
        chrome_memo.forget()

    def forget_chrome_if_site_or_page(sender: type, **kwargs: object) -> None:
        # Page subclasses are many and each is its own sender: one receiver for all saves, filtered here.
        if issubclass(sender, (Page, Site, PortalSettings)):
            chrome_memo.forget()

    post_save.connect(forget_chrome_if_site_or_page, weak=False, dispatch_uid="gongkai.chrome.save")
    post_delete.connect(forget_chrome_if_site_or_page, weak=False, dispatch_uid="gongkai.chrome.delete")
    page_published.connect(forget_chrome, weak=False, dispatch_uid="gongkai.chrome.published")
    page_unpublished.connect(forget_chrome, weak=False, dispatch_uid="gongkai.chrome.unpublished")
    post_page_move.connect(forget_chrome, weak=False, dispatch_uid="gongkai.chrome.moved")
