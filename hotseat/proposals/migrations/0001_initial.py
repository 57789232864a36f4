# GroupProposal, moved here from masterminds. The table was created by
# masterminds/0004_proposals_next_steps and keeps its name and rows: this migration only
# adds the model to the proposals app's state, and hands the content type (and so the
# admin permissions and log entries that point at it) over to the new app label.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _relabel(apps, schema_editor, old, new):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label=new, model='groupproposal').exists():
        ContentType.objects.using(db).filter(app_label=old, model='groupproposal').update(app_label=new)


def forwards(apps, schema_editor):
    _relabel(apps, schema_editor, 'masterminds', 'proposals')


def backwards(apps, schema_editor):
    _relabel(apps, schema_editor, 'proposals', 'masterminds')


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('masterminds', '0005_move_groupproposal_to_proposals'),
        ('programs', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='GroupProposal',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('state', models.CharField(choices=[('draft', 'Draft'), ('published', 'Published'), ('discarded', 'Discarded')], default='draft', max_length=10)),
                        ('data', models.JSONField(default=dict)),
                        ('revision', models.PositiveIntegerField(default=1)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('closed_at', models.DateTimeField(blank=True, null=True)),
                        ('cohort', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='proposals', to='programs.cohort')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'masterminds_groupproposal',
                        'ordering': ['-created_at'],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('state', 'draft')), fields=('cohort',), name='one_draft_proposal_per_cohort', violation_error_message='This cohort already has a draft proposal.')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
