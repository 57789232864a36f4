import pytest
from django.urls import reverse

from hotseat.homework import actions
from hotseat.homework.models import Attachment, Feedback, Homework, LinkPreview, Question
from tests.factories import UserFactory
from tests.homework.files import png


@pytest.mark.parametrize("model", [Question, Homework, Feedback, Attachment, LinkPreview], ids=lambda m: m.__name__)
def test_homework_admin_pages_open_and_refuse_edits(client, group, bob, chloe, model):
    question = actions.post_question(group.week1, by=bob, title="Q", files=[png()])
    homework = actions.post_homework(question, by=chloe, body="https://youtu.be/x")
    actions.reply(homework, by=bob, body="Thanks")
    LinkPreview.objects.get_or_create(url="https://youtu.be/x", defaults={"provider": "youtube"})
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    opts = model._meta
    assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code == 200
    obj = model.objects.first()
    assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])).status_code == 200
    assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 403
