from html.parser import HTMLParser

import pytest

from hotseat.programs.markdown import render_markdown
from tests.homework.xss import XSS_CORPUS

XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    '<svg onload="alert(1)"><circle/></svg>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "<iframe src=//evil.example></iframe>",
    '"><script>alert(1)</script>',
    "<div style=\"background:url('javascript:alert(1)')\">x</div>",
]


@pytest.mark.parametrize("payload", XSS)
def test_render_markdown_neutralises_xss(payload):
    html = render_markdown(payload).lower()
    assert "<script" not in html
    assert "javascript:" not in html.replace("&amp;", "&") or "href" not in html
    assert "onerror" not in html or "&lt;" in html
    assert "<iframe" not in html
    assert "<svg" not in html
    assert "data:text/html" not in html or "href" not in html


def test_render_markdown_keeps_formatting_and_safe_links():
    html = render_markdown("# Title\n\n**bold** and [a link](https://example.com)\n\n- one\n- two")
    assert "<h1>Title</h1>" in html
    assert "<strong>bold</strong>" in html
    assert 'href="https://example.com"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
    assert "<li>one</li>" in html


SAFE_TAGS = {"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "code", "pre", "blockquote",
             "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td", "del", "s"}  # fmt: skip


class Elements(HTMLParser):
    """The real elements of an HTML fragment (escaped text is not an element) with their attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, {k.lower(): (v or "") for k, v in attrs}))


def elements(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = Elements()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_render_markdown_leaves_payload_inert(payload):
    html = str(render_markdown(payload))
    for tag, attrs in elements(html):
        assert tag in SAFE_TAGS, html
        assert not [name for name in attrs if name.startswith("on") or name == "style"], html
        for name in ("href", "src"):
            url = "".join(attrs.get(name, "").split()).lower()
            assert not url.startswith(("javascript:", "vbscript:", "data:")), html
        if tag == "img" and "src" in attrs:
            assert attrs["src"].startswith("/files/"), html


def test_render_markdown_keeps_images_from_our_attachments():
    url = "/files/12345678-1234-1234-1234-123456789abc/"
    assert f'<img src="{url}" alt="shot">' in render_markdown(f"![shot]({url})")


def test_render_markdown_drops_the_source_of_outside_images():
    html = str(render_markdown("![pixel](https://tracker.example/p.gif)"))
    assert "tracker.example" not in html
    assert 'alt="pixel"' in html


def test_render_markdown_keeps_https_links_safe():
    html = str(render_markdown("[Loom](https://www.loom.com/share/abc)"))
    assert 'href="https://www.loom.com/share/abc"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
