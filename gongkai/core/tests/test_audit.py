from __future__ import annotations

import pytest
from django.test import RequestFactory
from wagtail.models import ModelLogEntry

from gongkai.core.middleware import RequestContextMiddleware
from gongkai.core.testing import Region
from gongkai.orgs.services import org_update


def _entries(obj) -> list[ModelLogEntry]:
    return list(ModelLogEntry.objects.for_instance(obj).order_by("timestamp", "pk"))


@pytest.mark.django_db
def test_it_records_before_and_after_of_a_change(region: Region) -> None:
    org_update(actor=region.admin, org=region.fgw, office_phone="0999-88888888")
    entry = _entries(region.fgw)[-1]
    assert entry.action == "gongkai.org.update"
    assert entry.user_id == region.admin.pk
    assert entry.data["changed"] == ["office_phone"]
    assert entry.data["before"]["office_phone"] == ""
    assert entry.data["after"]["office_phone"] == "0999-88888888"
    assert entry.data["org"] == "fgw"


@pytest.mark.django_db
def test_it_records_request_id_and_ip_of_the_request(region: Region) -> None:
    def view(request):
        org_update(actor=region.admin, org=region.fgw, office_fax="0999-1")
        from django.http import HttpResponse

        return HttpResponse("ok")

    request = RequestFactory().post("/x", REMOTE_ADDR="10.1.2.3", HTTP_X_REQUEST_ID="req-12345678")
    response = RequestContextMiddleware(view)(request)
    entry = _entries(region.fgw)[-1]
    assert entry.data["request_id"] == "req-12345678" == response["X-Request-ID"]
    assert entry.data["ip"] == "10.1.2.3"


@pytest.mark.django_db
def test_it_writes_nothing_when_nothing_changed(region: Region) -> None:
    before = len(_entries(region.fgw))
    org_update(actor=region.admin, org=region.fgw, name=region.fgw.name)
    assert len(_entries(region.fgw)) == before
