"""Writes of the search app: the dictionary, and keeping the index in step with the catalogue."""

from __future__ import annotations

import functools
import logging
import multiprocessing
import re
from collections.abc import Callable, Iterator
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, connections, models, transaction
from django.db.models import Exists, Model, OuterRef, Q, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from modelsearch.backends import get_search_backends_with_name
from modelsearch.index import SearchField, class_is_indexed, get_indexed_models
from modelsearch.utils import get_content_type_pk

from gongkai.core.audit import audit_log
from gongkai.core.exceptions import ServiceValidationError
from gongkai.core.permissions import require_platform_admin
from gongkai.search.choices import TERM_MAX_LENGTH, TERM_MIN_LENGTH
from gongkai.search.models import SearchTerm
from gongkai.search.registry import searchable_types
from gongkai.search.segmentation import dictionary_changed, load_dictionary

logger = logging.getLogger(__name__)

# Letters, digits and Chinese characters only: jieba's dictionary is "word freq tag" split on spaces.
_TERM = re.compile(r"[0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
REINDEX_BATCH = 500


# --- The dictionary -----------------------------------------------------------------------------------


def _clean_term(term: str) -> str:
    term = term.strip()
    if not TERM_MIN_LENGTH <= len(term) <= TERM_MAX_LENGTH or not _TERM.fullmatch(term):
        rule = _("词语须为%(min)d至%(max)d个汉字、字母或数字，不含空格和标点。") % {
            "min": TERM_MIN_LENGTH,
            "max": TERM_MAX_LENGTH,
        }
        raise ServiceValidationError(rule, {"term": [rule]})
    if SearchTerm.objects.filter(term=term).exists():
        raise ServiceValidationError(
            _("词典中已有“%(term)s”。") % {"term": term}, {"term": [_("该词语已存在。")]}
        )
    return term


@transaction.atomic
def search_term_add(*, actor: Any, term: str) -> SearchTerm:
    """Add a word to the search dictionary (platform administrators). Queries keep it whole at once;
    the published items containing it are reindexed in the background so that they match too."""
    require_platform_admin(actor, action=_("维护搜索词典"))
    search_term = SearchTerm.objects.create(term=_clean_term(term), added_by=actor)
    audit_log(
        instance=search_term, action="gongkai.search.term_add", actor=actor, after={"term": search_term.term}
    )
    transaction.on_commit(dictionary_changed)
    transaction.on_commit(lambda: _enqueue_reindex_containing(search_term.term))
    return search_term


@transaction.atomic
def search_term_remove(*, actor: Any, search_term: SearchTerm) -> None:
    """Take a word out of the dictionary; items indexed with it keep matching it until reindexed."""
    require_platform_admin(actor, action=_("维护搜索词典"))
    audit_log(
        instance=search_term,
        action="gongkai.search.term_remove",
        actor=actor,
        before={"term": search_term.term},
        deleted=True,
    )
    search_term.delete()
    transaction.on_commit(dictionary_changed)


def _enqueue_reindex_containing(term: str) -> None:
    from gongkai.search.tasks import search_reindex_containing_task

    search_reindex_containing_task.enqueue(term)


def _text_columns(model: type[Model]) -> list[str]:
    """The model's own text columns among its search fields (where a new term could appear)."""
    names = []
    for search_field in model.get_search_fields():  # type: ignore[attr-defined]
        if not isinstance(search_field, SearchField):
            continue
        try:
            column = model._meta.get_field(search_field.field_name)
        except FieldDoesNotExist:  # a method or property: not a column to filter on
            column = None
        if isinstance(column, models.CharField | models.TextField):
            names.append(search_field.field_name)
    return names


def search_reindex_containing(*, term: str) -> int:
    """Reindex the indexed objects whose text contains ``term`` (after it entered the dictionary, they
    are cut differently); returns how many."""
    count = 0
    for searchable in searchable_types():
        columns = _text_columns(searchable.model)
        if not columns:
            continue
        condition = Q()
        for column in columns:
            condition |= Q(**{f"{column}__contains": term})
        objects = searchable.model.get_indexed_objects().filter(condition)  # type: ignore[attr-defined]
        for batch in _batches(objects.order_by("pk"), REINDEX_BATCH):
            _add_to_backends(searchable.model, batch)
            count += len(batch)
    return count


# --- Index upkeep (called by gongkai.search.registry's signal handlers and by tasks) ---------------------


def search_index_later(*, instance: Model) -> None:
    """Update ``instance`` in the index by a background task once the current transaction commits; once
    per object and transaction (publishing saves a document twice: its state, then its live revision).

    For a change made without ``save()`` (an UPDATE claiming a row), the service that made it calls this.
    """
    key = (instance._meta.label_lower, str(instance.pk))
    if key in _keys_waiting_for_commit():
        return

    def enqueue() -> None:
        from gongkai.search.tasks import search_index_update_task

        app_label, model_name = key[0].split(".")
        search_index_update_task.enqueue(app_label, model_name, key[1])

    enqueue.search_index_key = key  # type: ignore[attr-defined]
    transaction.on_commit(enqueue)


def _keys_waiting_for_commit() -> set[tuple[str, str]]:
    # Django keeps the callbacks of the open transaction on the connection, and drops them on rollback.
    waiting = transaction.get_connection().run_on_commit
    keys = (getattr(entry[1], "search_index_key", None) for entry in waiting)
    return {key for key in keys if key is not None}


def search_index_object(*, model: type[Model], pk: str) -> bool:
    """Bring one object's index entries in step with it: added or updated if it is indexable now,
    removed otherwise (also if it no longer exists). Returns whether it is in the index."""
    indexed = model.get_indexed_objects().filter(pk=pk).first()  # type: ignore[attr-defined]
    if indexed is not None:
        _add_to_backends(model, [indexed])
        return True
    current = model._default_manager.filter(pk=pk).first()
    if current is not None:
        search_index_remove(instance=current)
    return False


def search_index_remove(*, instance: Model) -> None:
    """Take ``instance`` out of every search backend now (a withdrawn or deleted item must not be found)."""
    for _name, backend in get_search_backends_with_name(with_auto_update=True):
        backend.delete(instance)


def _add_to_backends(model: type[Model], objects: list[Model]) -> None:
    for _name, backend in get_search_backends_with_name(with_auto_update=True):
        backend.add_bulk(model, objects)


def _batches(queryset: Any, size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for obj in queryset.iterator(chunk_size=size):
        batch.append(obj)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


# --- Rebuilding (manage.py search_reindex) -------------------------------------------------------------


def search_reindex(
    *,
    models_to_index: list[type[Model]] | None = None,
    batch_size: int = REINDEX_BATCH,
    progress: Callable[[type[Model], int, int], None] | None = None,
    workers: int = 1,
) -> dict[str, int]:
    """Rebuild the index of every indexed model (the registered ones and the portal's pages) or of those
    given: every indexable object is written, and the entries of objects that are no longer indexable are
    removed. ``progress(model, done, total)`` is called after each batch. Returns the number of objects
    indexed per model label.

    ``workers`` > 1 (PostgreSQL only) segments and writes the batches in that many processes, each with
    its own database connection: segmentation is Python and holds one core per process.
    """
    if models_to_index is None:
        models_to_index = get_indexed_models()
    if workers > 1 and connection.vendor != "postgresql":
        raise ServiceValidationError(
            _("只有 PostgreSQL 可以多进程重建索引（SQLite 同一时间只允许一个写入者）。")
        )
    if workers > 1 and connection.in_atomic_block:  # the workers could not see what it has not committed
        raise ServiceValidationError(_("多进程重建索引不能在事务中进行。"))
    counts: dict[str, int] = {}
    for model in models_to_index:
        if not class_is_indexed(model):
            raise ServiceValidationError(_("%(model)s 不是可搜索的类型。") % {"model": model._meta.label})
        counts[model._meta.label] = _reindex_model(model, batch_size, progress, workers)
    _refresh_statistics()
    return counts


def _refresh_statistics() -> None:
    """ANALYZE the index table after a rebuild (PostgreSQL).

    A rebuild writes the whole table at once, and until autovacuum analyzes it the planner has no word
    frequencies for its tsvectors: it guesses that a common word matches 1 % of the entries, and joins a
    filtered search from the words to the documents instead of from the few filtered documents to their
    entries. Measured on the benchmark's 100,000 documents right after a rebuild: a search for two words
    filtered by organization, year and 体裁 took 2.2 s before ANALYZE and 0.29 s after (docs/performance.md).
    """
    if connection.vendor != "postgresql":
        return
    from modelsearch.conf import get_app_config

    table = get_app_config().get_model("IndexEntry")._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def _reindex_model(
    model: type[Model],
    batch_size: int,
    progress: Callable[[type[Model], int, int], None] | None,
    workers: int,
) -> int:
    objects = model.get_indexed_objects().order_by("pk")  # type: ignore[attr-defined]
    total = objects.count()
    done = 0
    if progress:
        progress(model, done, total)
    if workers > 1:
        written: Iterator[int] = _write_in_workers(model, objects, batch_size, workers)
    else:
        written = _write_here(model, objects, batch_size)
    for count in written:
        done += count
        if progress:
            progress(model, done, total)
    _remove_stale_entries(model)
    return done


def _write_here(model: type[Model], objects: Any, batch_size: int) -> Iterator[int]:
    for batch in _batches(objects, batch_size):
        _add_to_backends(model, batch)
        yield len(batch)


def _write_in_workers(model: type[Model], objects: Any, batch_size: int, workers: int) -> Iterator[int]:
    """Each batch of primary keys loaded, segmented and written by one of ``workers`` forked processes;
    yields the size of each batch written, in the order they finish."""
    pks = list(objects.values_list("pk", flat=True))
    batches = [pks[start : start + batch_size] for start in range(0, len(pks), batch_size)]
    # Forked children share the dictionary loaded here (a second or two each otherwise), and must not use
    # the parent's connection: each opens its own on first use.
    load_dictionary()
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap_unordered(functools.partial(_write_batch, model._meta.label), batches)


def _write_batch(label: str, pks: list[Any]) -> int:
    """In a worker process: load, segment and write one batch."""
    model = apps.get_model(label)
    batch = list(model.get_indexed_objects().filter(pk__in=pks))  # type: ignore[attr-defined]
    _add_to_backends(model, batch)
    return len(batch)


def _remove_stale_entries(model: type[Model]) -> None:
    """Entries of objects that were deleted or stopped being indexable while nobody was listening.

    Written as NOT EXISTS, an anti-join: ``object_id NOT IN (…)`` cannot be one (NULL semantics), and
    once the indexed ids no longer fit in work_mem PostgreSQL checks every entry against the whole list
    — at 1,000,000 documents this step alone ran for more than ten minutes.
    """
    indexed = (
        model.get_indexed_objects()  # type: ignore[attr-defined]
        .annotate(indexed_id=Cast("pk", TextField()))
        .filter(indexed_id=OuterRef("object_id"))
    )
    content_type_id = get_content_type_pk(model)
    for _name, backend in get_search_backends_with_name(with_auto_update=True):
        index = backend.get_index_for_model(model)
        if hasattr(index, "entries"):  # a database backend
            stale = index.entries.filter(content_type_id=content_type_id).exclude(Exists(indexed))
            stale.delete()
        elif hasattr(index, "delete_stale"):  # OpenSearch: its index is checked against the database
            index.delete_stale(model)
