"""Template filters of the week page: user Markdown as safe HTML, minutes as words."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from hotseat.programs.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    return render_markdown(text)


@register.filter
def duration(minutes: int | None) -> str:
    """45 → '45 min', 90 → '1 h 30 min'."""
    if not minutes:
        return ""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"
