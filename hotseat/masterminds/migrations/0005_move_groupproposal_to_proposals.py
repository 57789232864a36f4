# GroupProposal moved to the proposals app (hotseat/proposals/migrations/0001_initial.py).
# Only the migration state forgets it here: the table stays, with its rows, and the
# proposals app takes it over under the same name (db_table = "masterminds_groupproposal").

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('masterminds', '0004_proposals_next_steps'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='GroupProposal'),
            ],
            database_operations=[],
        ),
    ]
