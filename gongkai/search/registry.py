"""Where apps declare what the search finds.

An app makes a model searchable in its AppConfig.ready()::

    register_searchable(
        Document,
        key="document",
        label=_("政府信息"),
        is_indexable=lambda d: d.status == DocumentStatus.PUBLISHED,
        url=lambda d: d.get_url(),
        date=lambda d: d.published_on,
        org=lambda d: d.org,
        type_of=lambda d: "interpretation" if d.kind == DocumentKind.INTERPRETATION else "document",
        subtypes={"interpretation": _("政策解读")},
        snippet_text=lambda d: plain_text(d.summary, d.body),
    )

The model is a Wagtail ``index.Indexed`` with ``search_fields`` and a ``get_indexed_objects()`` that
returns exactly the objects ``is_indexable`` accepts. ``date`` and ``type_of`` read only the model's
``index.FilterField``s (the search loads its matches with those and the pk alone; another field would be
read with one query per match). Registering takes over its index upkeep from
modelsearch (whose post_save handler enqueues the update before the transaction commits and never removes
an object that stopped being indexable):

- saved and indexable → the index is updated by a background task enqueued after commit;
- saved and not indexable (withdrawn, unpublished, a draft) → it leaves the index at once, in the same
  transaction as the change;
- deleted → it leaves the index at once.

Consultations, datasets, service guides and, for staff only (``audience=Audience.STAFF``), the FOI case
library register the same way when their apps arrive.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django_stubs_ext import StrOrPromise
from modelsearch import signal_handlers as modelsearch_handlers
from modelsearch.index import class_is_indexed

from gongkai.search.choices import Audience


@dataclass(frozen=True)
class SearchableType:
    """One kind of searchable item and how a search result shows it."""

    key: str
    label: StrOrPromise  # gettext_lazy: translated when shown
    model: type[Model]
    audience: Audience
    is_indexable: Callable[[Any], bool]
    url: Callable[[Any], str]
    date: Callable[[Any], datetime.date | None]
    org: Callable[[Any], Any]
    type_of: Callable[[Any], str] | None = None
    subtypes: Mapping[str, StrOrPromise] = field(default_factory=dict)
    may_be_in_index: Callable[[Any], bool] | None = None
    # The text a result's snippet is cut from (its summary and body, plain); none: no snippet.
    snippet_text: Callable[[Any], str] | None = None

    def result_type(self, obj: Any) -> str:
        """The type key of one result: ``key`` or one of ``subtypes`` (a 政策解读 is a document too)."""
        return self.type_of(obj) if self.type_of else self.key

    def type_labels(self) -> dict[str, StrOrPromise]:
        return {self.key: self.label, **self.subtypes}


_registry: dict[str, SearchableType] = {}


def register_searchable(
    model: type[Model],
    *,
    key: str,
    label: StrOrPromise,
    is_indexable: Callable[[Any], bool],
    url: Callable[[Any], str],
    date: Callable[[Any], datetime.date | None],
    org: Callable[[Any], Any],
    audience: Audience = Audience.PUBLIC,
    type_of: Callable[[Any], str] | None = None,
    subtypes: Mapping[str, StrOrPromise] | None = None,
    may_be_in_index: Callable[[Any], bool] | None = None,
    snippet_text: Callable[[Any], str] | None = None,
) -> SearchableType:
    """Make ``model`` searchable under ``key`` and keep its index entries in step with its state.

    ``may_be_in_index`` spares the removal queries on saves of an object that cannot have been indexed
    yet (a document that was never published); without it every non-indexable save removes.
    """
    if not class_is_indexed(model):
        raise ImproperlyConfigured(
            f"{model.__name__} must be index.Indexed with search_fields to be searchable."
        )
    existing = _registry.get(key)
    if existing is not None and existing.model is not model:
        raise ImproperlyConfigured(
            f"Search type {key!r} is already registered for {existing.model.__name__}."
        )
    searchable = SearchableType(
        key=key,
        label=label,
        model=model,
        audience=audience,
        is_indexable=is_indexable,
        url=url,
        date=date,
        org=org,
        type_of=type_of,
        subtypes=dict(subtypes or {}),
        may_be_in_index=may_be_in_index,
        snippet_text=snippet_text,
    )
    _registry[key] = searchable
    _take_over_index_upkeep(model)
    return searchable


def searchable_types(audience: Audience | None = None) -> list[SearchableType]:
    """The registered types, those a given audience may find if one is named (staff find public ones too)."""
    types = list(_registry.values())
    if audience == Audience.PUBLIC:
        types = [searchable for searchable in types if searchable.audience == Audience.PUBLIC]
    return types


def searchable_type_for(model: type[Model]) -> SearchableType | None:
    return next((searchable for searchable in _registry.values() if searchable.model is model), None)


def _take_over_index_upkeep(model: type[Model]) -> None:
    # modelsearch connects its handlers in wagtail.search's ready(), which runs after the ready() of our
    # apps (they come first in INSTALLED_APPS): the flag stops it; disconnecting covers a later app.
    model.search_auto_update = False  # type: ignore[attr-defined]
    post_save.disconnect(modelsearch_handlers.post_save_signal_handler, sender=model)
    post_delete.disconnect(modelsearch_handlers.post_delete_signal_handler, sender=model)
    uid = f"gongkai.search.{model._meta.label_lower}"
    post_save.connect(_saved, sender=model, weak=False, dispatch_uid=f"{uid}.save")
    post_delete.connect(_deleted, sender=model, weak=False, dispatch_uid=f"{uid}.delete")


def _saved(sender: type[Model], instance: Model, raw: bool = False, **kwargs: Any) -> None:
    from gongkai.search.services import search_index_later, search_index_remove

    if raw:  # loading fixtures: search_reindex builds the index afterwards
        return
    searchable = searchable_type_for(sender)
    if searchable is not None and searchable.is_indexable(instance):
        search_index_later(instance=instance)
    elif searchable is None or searchable.may_be_in_index is None or searchable.may_be_in_index(instance):
        search_index_remove(instance=instance)


def _deleted(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    from gongkai.search.services import search_index_remove

    search_index_remove(instance=instance)
