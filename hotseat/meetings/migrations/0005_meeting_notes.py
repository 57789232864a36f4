"""CallNotes and CallNotesRevision are MeetingNotes and MeetingNotesRevision: one word, meeting, in code.

RenameModel renames the tables (meetings_callnotes → meetings_meetingnotes, …) and keeps every row."""

from django.conf import settings
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0004_moments_given_by_actions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("CallNotes", "MeetingNotes"),
        migrations.RenameModel("CallNotesRevision", "MeetingNotesRevision"),
        migrations.AlterModelOptions(name="meetingnotes", options={"verbose_name": "call notes", "verbose_name_plural": "call notes"}),
        migrations.AlterModelOptions(
            name="meetingnotesrevision", options={"ordering": ["meeting", "-version"], "verbose_name": "call notes revision"}
        ),
    ]
