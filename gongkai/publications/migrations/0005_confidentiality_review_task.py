"""保密审查 as a Wagtail workflow task (issue 3 item 2): the task model, the workflow “保密审查” assigned to
documents, and the removal of Wagtail's unused defaults (the groups “Editors”/“Moderators” with page
permissions on the whole tree and the workflow “Moderators approval” that would hold every page edit
for a group nobody is in). Memberships (gongkai.orgs) are the only source of permissions."""

import django.db.models.deletion
from django.db import migrations, models


WORKFLOW_NAME = "保密审查"
WAGTAIL_DEFAULT_GROUPS = ("Editors", "Moderators")


def create_review_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    Task = apps.get_model("publications", "ConfidentialityReviewTask")
    task_type, _ = ContentType.objects.get_or_create(app_label="publications", model="confidentialityreviewtask")
    document_type, _ = ContentType.objects.get_or_create(app_label="publications", model="document")
    task = Task.objects.create(name=WORKFLOW_NAME, content_type=task_type, active=True)
    workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowContentType.objects.update_or_create(content_type=document_type, defaults={"workflow": workflow})


def remove_review_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    document_type = ContentType.objects.filter(app_label="publications", model="document").first()
    WorkflowContentType.objects.filter(content_type=document_type).delete()
    Workflow.objects.filter(name=WORKFLOW_NAME, workflow_states__isnull=True).delete()


def remove_wagtail_defaults(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    unused_groups = Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS, user__isnull=True)
    for workflow in Workflow.objects.filter(name="Moderators approval", workflow_states__isnull=True):
        task_ids = list(workflow.workflow_tasks.values_list("task_id", flat=True))
        workflow.delete()
        Task.objects.filter(pk__in=task_ids, task_states__isnull=True, workflow_tasks__isnull=True).delete()
    unused_groups.delete()


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('publications', '0004_columns_attachments'),
        ('wagtailcore', '0097_baselogentry_uuid_action_timestamp_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='ConfidentialityReviewTask',
            fields=[
                ('task_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to='wagtailcore.task')),
            ],
            options={
                'verbose_name': '保密审查',
                'verbose_name_plural': '保密审查',
            },
            bases=('wagtailcore.task',),
        ),
        migrations.RunPython(create_review_workflow, remove_review_workflow),
        migrations.RunPython(remove_wagtail_defaults, migrations.RunPython.noop),
    ]
