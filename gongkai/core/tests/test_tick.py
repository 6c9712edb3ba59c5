from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from gongkai.core import periodic


@pytest.mark.django_db
def test_it_runs_every_registered_job_once(monkeypatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(periodic, "_jobs", {})

    @periodic.register_periodic("test.first", "a job")
    def first() -> int:
        calls.append("first")
        return 3

    out = StringIO()
    call_command("tick", stdout=out)
    assert calls == ["first"]
    assert "test.first: 3" in out.getvalue()
    assert out.getvalue().rstrip().endswith("tick: done")
