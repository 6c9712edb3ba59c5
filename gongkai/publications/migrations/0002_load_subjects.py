"""Loads the 主题分类 code list (statutory.md §1.1) from gongkai.publications.choices.SUBJECTS."""

from django.db import migrations

from gongkai.publications.choices import SUBJECTS


def load_subjects(apps, schema_editor):
    Subject = apps.get_model("publications", "Subject")
    sort = 0
    for top_number, (top_name, children) in enumerate(SUBJECTS, start=1):
        sort += 1
        top, _created = Subject.objects.update_or_create(
            code=str(top_number), defaults={"name": top_name, "parent": None, "sort": sort}
        )
        for child_number, child_name in enumerate(children, start=1):
            sort += 1
            Subject.objects.update_or_create(
                code=f"{top_number}.{child_number}",
                defaults={"name": child_name, "parent": top, "sort": sort},
            )


def unload_subjects(apps, schema_editor):
    Subject = apps.get_model("publications", "Subject")
    Subject.objects.filter(parent__isnull=False).delete()
    Subject.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("publications", "0001_document")]

    operations = [migrations.RunPython(load_subjects, unload_subjects)]
