from hotseat.demo.weekly_cycle import seed_weekly_cycle
from hotseat.homework.models import Homework, Question


def test_seed_weekly_cycle_fills_the_first_past_week_once(group, bob):
    seeded = seed_weekly_cycle(group.mastermind)
    assert [q.meeting.number for q in seeded] == [1]
    question = seeded[0]
    assert question.author == bob
    assert question.closed_at is not None
    posts = Homework.objects.filter(question=question, skipped=False)
    assert posts.count() == 2
    assert posts.filter(helpful=True).count() == 1
    assert posts.filter(attachments__kind="image").count() == 1
    assert Homework.objects.filter(question=question, skipped=True).count() == 1
    assert seed_weekly_cycle(group.mastermind) == []
    assert Question.objects.count() == 1


def test_seeded_week_renders_for_a_member(client, group, dev):
    seed_weekly_cycle(group.mastermind)
    client.force_login(dev)
    page = client.get(f"/m/{group.mastermind.pk}/weeks/1/").content.decode()
    assert "How do I get lurkers to write their first post?" in page
    assert "★ Helpful" in page
    assert "I'll send five personal questions" in page
    assert "Feedback on last week" in client.get(f"/m/{group.mastermind.pk}/weeks/2/").content.decode()
