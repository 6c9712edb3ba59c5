from __future__ import annotations

import pytest
from wagtail.models import ModelLogEntry, Site

from gongkai.core.exceptions import ServicePermissionDenied
from gongkai.core.testing import Region
from gongkai.portal.services import portal_settings_update, portal_site_ensure

pytestmark = pytest.mark.django_db


def test_it_lets_a_platform_admin_change_the_footer_and_audits_it(region: Region) -> None:
    portal_site_ensure()
    site = Site.objects.get(is_default_site=True)
    settings = portal_settings_update(actor=region.admin, site=site, icp_number="示ICP备12345678号")
    assert settings.icp_number == "示ICP备12345678号"
    entry = ModelLogEntry.objects.for_instance(settings).get(action="gongkai.portal_settings.update")
    assert entry.data["after"]["icp_number"] == "示ICP备12345678号"
    assert entry.data["changed"] == ["icp_number"]


def test_it_refuses_staff_of_an_organization(region: Region) -> None:
    portal_site_ensure()
    site = Site.objects.get(is_default_site=True)
    with pytest.raises(ServicePermissionDenied):
        portal_settings_update(actor=region.zhaoliu, site=site, icp_number="x")
