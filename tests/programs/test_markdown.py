import pytest

from hotseat.programs.markdown import render_markdown

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
