"""Template filters of the week page: user Markdown as safe HTML, minutes as words."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import gettext

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
        return gettext("%(minutes)s min") % {"minutes": rest}
    if rest:
        return gettext("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": rest}
    return gettext("%(hours)s h") % {"hours": hours}
