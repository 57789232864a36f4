"""The weekly cycle in a real browser: a question with a pasted screenshot, homework from two members (one
with an image), the presenter's reply and helpful mark, and the next week's agenda opening with feedback.
And the XSS corpus rendered on a week page, where nothing may run.

Alice leads from New York; Bob (Los Angeles) is in the hot seat in week 1, Chloe (Paris) in week 2;
Dev is in London. Week 1's call was two days ago, week 2's is in five days.
"""

from __future__ import annotations

import base64
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from hotseat.homework import actions
from hotseat.homework.models import Homework, Question
from tests.e2e.people import log_in, verified
from tests.factories import ProgramFactory, persona
from tests.groups import Group, running_group
from tests.homework.files import EXE, png_bytes
from tests.homework.xss import XSS_CORPUS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OpenPage = Callable[..., Page]
SHOTS = Path(tempfile.gettempdir())  # /tmp: looked at by hand, not kept

PASTE = """([selector, b64]) => {
  const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
  const file = new File([bytes], "pasted-screenshot.png", {type: "image/png"});
  const data = new DataTransfer();
  data.items.add(file);
  const textarea = document.querySelector(selector);
  textarea.focus();
  textarea.setSelectionRange(textarea.value.length, textarea.value.length);
  textarea.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
}"""


@pytest.fixture
def uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.OEMBED_ENDPOINTS = dict.fromkeys(("youtube", "vimeo", "loom"), "http://127.0.0.1:9/oembed")
    return tmp_path


@pytest.fixture
def group(uploads) -> Group:
    people = {name: verified(persona(name)) for name in ("alice", "bob", "chloe", "dev")}
    program = ProgramFactory()
    return running_group(program, people["alice"], [people["bob"], people["chloe"], people["dev"]])


def week_path(group: Group, number: int) -> str:
    return f"/m/{group.mastermind.pk}/weeks/{number}/"


def loaded(page: Page, selector: str) -> None:
    """Every image matched has really loaded (served by the access-checked view)."""
    expect(page.locator(selector).first).to_be_visible()
    # Visible comes before loaded: wait (up to the default timeout) for every one to have its pixels;
    # a broken image never gets a natural width, so this still fails when the file view refuses it.
    page.wait_for_function(
        "sel => [...document.querySelectorAll(sel)].every(img => img.complete && img.naturalWidth > 0)",
        arg=selector,
    )


def test_weekly_cycle_question_homework_feedback_next_agenda(open_page: OpenPage, group: Group, tmp_path: Path):
    # Bob poses the question, with a screenshot pasted into the details.
    bob = open_page(timezone_id="America/Los_Angeles")
    log_in(bob, "bob@example.com", next_path=week_path(group, 1))
    expect(bob.get_by_role("heading", name="Week 1", exact=True)).to_be_visible()
    bob.get_by_label("Your question").fill("How do I get lurkers to write their first post?")
    bob.get_by_label("The details").fill("Here is our quiet forum:")
    bob.evaluate(PASTE, ["#id_body", base64.b64encode(png_bytes((120, 80), "navy")).decode()])
    expect(bob.get_by_label("The details")).to_have_value(
        re.compile(r"!\[pasted-screenshot\.png\]\(/files/[0-9a-f-]{36}/\)")
    )
    bob.get_by_label("I'd like to discuss the homework on the next call").check()
    bob.get_by_role("button", name="Post the question").click()
    expect(bob.get_by_text("Your question is posted.")).to_be_visible()
    expect(bob.locator(".question-title")).to_have_text("How do I get lurkers to write their first post?")
    loaded(bob, "#question .prose img")

    # Chloe posts homework with an image from the file input; Dev posts text.
    image = tmp_path / "welcome-dm.png"
    image.write_bytes(png_bytes((200, 100), "green"))
    chloe = open_page(timezone_id="Europe/Paris")
    log_in(chloe, "chloe@example.com", next_path=week_path(group, 1))
    chloe.get_by_label("Your homework").fill("I sent five quiet members a **personal question**.\n\n- 3 replied")
    chloe.get_by_label("Minutes spent").fill("75")
    chloe.get_by_label("Attach a file").set_input_files(str(image))
    chloe.get_by_role("button", name="Post your homework").click()
    expect(chloe.get_by_text("Your homework is posted.")).to_be_visible()
    post = chloe.locator(".post", has_text="personal question")
    expect(post.locator("strong", has_text="personal question")).to_be_visible()
    expect(post.get_by_text("1 h 15 min")).to_be_visible()
    loaded(chloe, ".post .files img")

    dev = open_page(timezone_id="Europe/London")
    log_in(dev, "dev@example.com", next_path=week_path(group, 1))
    dev.get_by_label("Your homework").fill("I rewrote the open thread's title as a question with a deadline.")
    dev.get_by_role("button", name="Post your homework").click()
    expect(dev.get_by_text("Your homework is posted.")).to_be_visible()

    # Bob replies to Chloe and marks her post helpful.
    bob.goto(week_path(group, 1))
    chloes = bob.locator("article.post", has_text="personal question")
    chloes.get_by_text("Reply", exact=True).click()
    chloes.get_by_label("Reply to Chloe").fill("Trying this on Monday — thank you!")
    chloes.get_by_role("button", name="Send reply").click()
    chloes = bob.locator("article.post", has_text="personal question")
    expect(chloes.get_by_text("Trying this on Monday — thank you!")).to_be_visible()
    chloes.get_by_role("button", name="Mark helpful").click()
    expect(bob.locator("article.post", has_text="personal question").get_by_text("★ Helpful")).to_be_visible()
    assert Homework.objects.filter(helpful=True).get().author.email == "chloe@example.com"

    # The next week's agenda opens with feedback on this homework.
    chloe.goto(week_path(group, 2))
    feedback = chloe.locator("#feedback-part")
    expect(feedback.get_by_role("heading", name="Feedback on last week's homework")).to_be_visible()
    expect(feedback).to_contain_text("2 posts · 1 marked helpful")
    expect(chloe.get_by_role("heading", name="Then, the new question")).to_be_visible()

    bob.goto(week_path(group, 1))
    bob.set_viewport_size({"width": 1280, "height": 900})
    bob.screenshot(path=SHOTS / "weekly-cycle-week.png", full_page=True)
    bob.set_viewport_size({"width": 390, "height": 900})
    bob.screenshot(path=SHOTS / "weekly-cycle-week-390.png", full_page=True)
    overflow = bob.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the week page scrolls sideways on a phone by {overflow}px"
    bob.set_viewport_size({"width": 1280, "height": 900})
    dev.goto(f"/m/{group.mastermind.pk}/")
    expect(dev.get_by_role("heading", name="This week's question")).to_be_visible()
    dev.screenshot(path=SHOTS / "weekly-cycle-group.png", full_page=True)
    dev.set_viewport_size({"width": 390, "height": 900})
    dev.screenshot(path=SHOTS / "weekly-cycle-group-390.png", full_page=True)
    overflow = dev.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the group page scrolls sideways on a phone by {overflow}px"


def test_xss_corpus_runs_nothing_on_the_week_page(open_page: OpenPage, group: Group):
    bob, chloe, dev = group.members
    question = actions.post_question(group.week1, by=bob, title="<script>window.__xss=1</script>", body=XSS_CORPUS[0])
    homework = actions.post_homework(question, by=chloe, body="\n\n".join(XSS_CORPUS))
    actions.reply(homework, by=dev, body="\n\n".join(reversed(XSS_CORPUS)))
    actions.close_week(question, by=bob, note="\n\n".join(XSS_CORPUS[::2]))
    assert Question.objects.count() == 1

    page = open_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(page, "dev@example.com", next_path=week_path(group, 1))
    expect(page.get_by_role("heading", name="Week 1", exact=True)).to_be_visible()
    expect(page.locator(".question-title")).to_have_text("<script>window.__xss=1</script>")
    # Hover and focus everything, open every details element: handlers that wait for a gesture get their chance.
    for element in page.locator(".prose *").all()[:200]:
        element.hover(timeout=500, trial=False, force=True)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") is None
    assert dialogs == []
    assert page.locator("script:not([src])").count() == 0
    assert page.locator("iframe, object, embed, svg, form[action^='javascript']").count() == 0


DROP = """([selector, b64, name, type]) => {
  const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
  const data = new DataTransfer();
  data.items.add(new File([bytes], name, {type}));
  const drop = new DragEvent("drop", {dataTransfer: data, bubbles: true, cancelable: true});
  document.querySelector(selector).dispatchEvent(drop);
}"""


def test_dropped_files_upload_or_say_why_not(open_page: OpenPage, group: Group):
    bob = group.members[0]
    actions.post_question(group.week1, by=bob, title="Show me your onboarding")
    page = open_page(timezone_id="Europe/London")
    log_in(page, "dev@example.com", next_path=week_path(group, 1))
    textarea = page.get_by_label("Your homework")
    textarea.fill("My notes.")
    page.evaluate(DROP, ["#id_body", base64.b64encode(EXE).decode(), "cute-cat.png", "image/png"])
    expect(page.get_by_role("status").filter(has_text="cute-cat.png")).to_contain_text("named like an image")
    expect(textarea).to_have_value("My notes.\n")
    page.evaluate(DROP, ["#id_body", base64.b64encode(png_bytes()).decode(), "flow.png", "image/png"])
    expect(textarea).to_have_value(re.compile(r"My notes\.\n!\[flow\.png\]\(/files/[0-9a-f-]{36}/\)\n"))
    expect(page.get_by_role("status").filter(has_text="flow.png")).to_have_text("Added flow.png.")
    page.get_by_role("button", name="Post your homework").click()
    expect(page.get_by_text("Your homework is posted.")).to_be_visible()
    loaded(page, "article.post .prose img")


# A three-second WebM screencast recorded by Chromium itself (no ffmpeg needed), returned as base64.
RECORD = """async () => {
  const canvas = document.createElement("canvas");
  canvas.width = 64; canvas.height = 48;
  const paint = canvas.getContext("2d");
  const recorder = new MediaRecorder(canvas.captureStream(25), {mimeType: "video/webm;codecs=vp8"});
  const chunks = [];
  recorder.ondataavailable = (event) => chunks.push(event.data);
  let frame = 0;
  const timer = setInterval(() => {
    paint.fillStyle = `hsl(${frame++ * 12 % 360},80%,50%)`;
    paint.fillRect(0, 0, 64, 48);
  }, 40);
  recorder.start(100);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  recorder.stop();
  clearInterval(timer);
  await new Promise((resolve) => (recorder.onstop = resolve));
  const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}"""

SEEK = """async () => {
  const video = document.querySelector("article.post video");
  if (video.readyState < 1) {
    await new Promise((resolve) => video.addEventListener("loadedmetadata", resolve, {once: true}));
  }
  video.currentTime = 2;
  await new Promise((resolve) => video.addEventListener("seeked", resolve, {once: true}));
  return video.currentTime;
}"""


def test_screencast_video_plays_and_seeks(open_page: OpenPage, group: Group, tmp_path: Path):
    bob = group.members[0]
    actions.post_question(group.week1, by=bob, title="Record your onboarding")
    page = open_page(timezone_id="Europe/Paris")
    log_in(page, "chloe@example.com", next_path=week_path(group, 1))
    clip = tmp_path / "screencast.webm"
    clip.write_bytes(base64.b64decode(page.evaluate(RECORD)))
    page.get_by_label("Your homework").fill("My screencast of the signup flow.")
    page.get_by_label("Attach a file").set_input_files(str(clip))
    page.get_by_role("button", name="Post your homework").click()
    expect(page.get_by_text("Your homework is posted.")).to_be_visible()
    page.reload()
    position = page.evaluate(SEEK)
    assert 1.5 <= position <= 2.5
    # The player's own requests may be answered from Chromium's cache; ask the server itself for a range.
    url = page.locator("article.post video").get_attribute("src")
    partial = page.request.get(str(url), headers={"Range": "bytes=100-199"})
    assert partial.status == 206
    assert partial.body() == clip.read_bytes()[100:200]
