"""Every template and every bit of HTML built in Python keeps to the Content-Security-Policy.

The policy (hotseat/settings.py, SECURE_CSP) allows scripts and styles from our static files only,
so an inline <script>, an on*= handler, an hx-on attribute (htmx evals it), a <style> element or a
style= attribute would be refused by the browser: the page would silently lose it. They are caught
here, before a browser has to.

HTML emails are the exception: mail clients ignore stylesheets, and no CSP applies to a mailbox.
They are exactly the templates the notify kinds render as an email's HTML body.
"""

from __future__ import annotations

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "hotseat"

# Email templates, by where notify looks for them: its base layout and each kind's HTML body
# (notify/<kind>/body.html, in whichever app registers the kind). Each one must extend the layout.
EMAIL_TEMPLATES = [re.compile(r"notify/base_email\.html"), re.compile(r"notify/[a-z0-9_]+/body\.html")]
EMAIL_LAYOUT = "notify/base_email.html"


def template_files() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("templates/**/*.html") if ".venv" not in path.parts)


def template_name(path: Path) -> str:
    """The name Django loads the file by: its path below the nearest templates/ folder."""
    parts = path.parts
    return "/".join(parts[len(parts) - parts[::-1].index("templates") :])


def is_email(path: Path) -> bool:
    return any(pattern.fullmatch(template_name(path)) for pattern in EMAIL_TEMPLATES)


class InlineFinder(HTMLParser):
    """Collects what a strict CSP refuses: inline scripts, handler attributes, <style>, style=."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        names = [name for name, _ in attrs]
        for name in names:
            if re.fullmatch(r"on[a-z]+", name):
                self.found.append(f"line {line}: <{tag} {name}=…> (an inline event handler)")
            elif re.fullmatch(r"(data-)?hx-on.*", name):
                self.found.append(f"line {line}: <{tag} {name}=…> (htmx evals it)")
            elif name == "style":
                self.found.append(f"line {line}: <{tag} style=…>")
        if tag == "style":
            self.found.append(f"line {line}: <style> element")
        if tag == "script":
            if "src" not in names:
                self.found.append(f"line {line}: <script> without src")
            self._in_script = True
        for _, value in attrs:
            if value and value.lstrip().lower().startswith("javascript:"):
                self.found.append(f"line {line}: <{tag}> with a javascript: URL")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.found.append(f"line {self.getpos()[0]}: a <script> with a body")


TEMPLATE_TAG = re.compile(r"{%.*?%}|{#.*?#}", re.DOTALL)


def inline_code(html: str) -> list[str]:
    finder = InlineFinder()
    # A tag between attributes (`<p {% if x %}style="…"{% endif %}>`) would glue itself to a name.
    finder.feed(TEMPLATE_TAG.sub(lambda tag: " " + "\n" * tag.group().count("\n"), html))
    finder.close()
    return finder.found


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<script src="/static/x.js">alert(1)</script>',
        '<button onclick="go()">Go</button>',
        '<form onsubmit="return false">',
        '<div hx-on:click="go()">',
        '<p style="margin:0">',
        '<p {% if x %}style="margin:0"{% endif %}>',
        "<style>p { margin: 0 }</style>",
        '<a href="javascript:go()">Go</a>',
    ],
)
def test_inline_code_finds_what_the_csp_refuses(html):
    assert inline_code(html)


@pytest.mark.parametrize(
    "html",
    [
        "<script src=\"{% static 'hotseat/hotseat.js' %}\" defer></script>",
        '<link rel="stylesheet" href="{% static \'hotseat/hotseat.css\' %}">',
        '<button type="button" data-copy="feed-web">Copy</button>',
        '<span class="help inline">(3)</span>',
        '<div id="board" hx-get="/p/x/y/" hx-trigger="every 30s" data-online="yes">',
    ],
)
def test_inline_code_lets_static_files_and_data_attributes_through(html):
    assert inline_code(html) == []


def test_templates_have_no_inline_script_handler_or_style():
    found = {
        template_name(path): problems
        for path in template_files()
        if not is_email(path) and (problems := inline_code(path.read_text(encoding="utf-8")))
    }
    assert found == {}, "move these into a static .js or .css file: " + repr(found)


def test_email_templates_are_the_emails_and_nothing_else():
    emails = [path for path in template_files() if is_email(path)]
    assert emails, "no email template found: EMAIL_TEMPLATES no longer matches notify's layout"
    for path in emails:
        if template_name(path) != EMAIL_LAYOUT:
            assert path.read_text(encoding="utf-8").startswith(f'{{% extends "{EMAIL_LAYOUT}" %}}'), path


def test_templates_are_found_in_every_app():
    names = {template_name(path) for path in template_files()}
    assert {"base.html", "masterminds/board.html", "meetings/calendar.html", "notify/inbox.html"} <= names


def python_strings() -> list[tuple[Path, int, str]]:
    strings = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and "<" in node.value:
                strings.append((path, node.lineno, node.value))
    return strings


def test_html_built_in_python_has_no_inline_script_handler_or_style():
    found = [
        f"{path.relative_to(ROOT)}:{line}: {problems}"
        for path, line, text in python_strings()
        if (problems := inline_code(text))
    ]
    assert found == []
