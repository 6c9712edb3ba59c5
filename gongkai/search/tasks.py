"""Background tasks of the search app: they load by id and call a service (architecture rule 8)."""

from __future__ import annotations

from django.apps import apps
from django_tasks import task

from gongkai.search.services import search_index_object, search_reindex_containing


@task()
def search_index_update_task(app_label: str, model_name: str, pk: str) -> None:
    """Bring one object's index entries in step with it (enqueued after the change committed)."""
    search_index_object(model=apps.get_model(app_label, model_name), pk=pk)


@task()
def search_reindex_containing_task(term: str) -> None:
    """Reindex the items containing a term just added to the dictionary."""
    search_reindex_containing(term=term)
