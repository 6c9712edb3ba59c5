"""PostgreSQL only: an index that finds a search index entry from the pk of its object.

modelsearch's index entries name their object by ``object_id``, a varchar. Its unique index (content type,
object_id) finds an object's entry, but the object of an entry is found by ``object_id::integer = pk``,
which nothing indexes in the other direction; PostgreSQL then had to hash every published object to join
the entries that match a filtered search. ``gongkai_search_object_pk(object_id)`` is the integer pk an
entry holds (NULL for an entry whose object has another kind of key, rather than an error), and this
index serves the join from both sides (gongkai.search.backends.postgres). A no-op on SQLite.

The index is built without CONCURRENTLY (migrations run in a transaction): writes to the search index wait
while it is built, a few seconds at 1,000,000 entries.
"""

from django.db import migrations

FUNCTION = "gongkai_search_object_pk"
INDEX = "gongkai_search_entry_object_pk"


def _table(apps, schema_editor):
    return schema_editor.quote_name(apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE OR REPLACE FUNCTION {FUNCTION}(object_id text) RETURNS bigint "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE "
        "AS $$ SELECT CASE WHEN object_id ~ '^[0-9]{1,18}$' THEN object_id::bigint END $$"
    )
    schema_editor.execute(
        f"CREATE INDEX {INDEX} ON {_table(apps, schema_editor)} (content_type_id, {FUNCTION}(object_id))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}(text)")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_search_dictionary"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
