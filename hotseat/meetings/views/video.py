"""The leader's page for the call's video link (and the group's calendar link)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_http_methods

from hotseat.accounts.requests import SignedInRequest
from hotseat.integrations.video import MAX_URL_LENGTH, validate_video_url, video_link_for
from hotseat.masterminds.access import get_led_mastermind_or_404
from hotseat.meetings.actions import feeds as feed_actions
from hotseat.meetings.calendar import mastermind_feed_links, schedule_of


class VideoLinkForm(forms.Form):
    video_url = forms.CharField(
        label=gettext_lazy("Video link"),
        required=False,
        strip=True,
        help_text=gettext_lazy(
            "Paste your Zoom, Google Meet, Teams or other https:// link. "
            "Leave it empty to use the group's free Jitsi Meet room."
        ),
        # Not type=url: the browser's own check would stop the form before our clearer message shows.
        widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_video_url(self) -> str:
        return validate_video_url(self.cleaned_data["video_url"])


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def video_link(request: SignedInRequest, mastermind_id: int) -> HttpResponse:
    mastermind, _role = get_led_mastermind_or_404(request.user, mastermind_id)
    schedule = schedule_of(mastermind)
    context: dict[str, object] = {"mastermind": mastermind, "schedule": schedule, "max_length": MAX_URL_LENGTH}
    if schedule is None:
        return render(request, "meetings/video_link.html", context, status=409 if request.method == "POST" else 200)
    form = VideoLinkForm(request.POST or None, initial={"video_url": schedule.video_url})
    if request.method == "POST":
        if form.is_valid():
            try:
                schedule = feed_actions.set_video_link(schedule, form.cleaned_data["video_url"])
            except ValidationError as exc:
                form.add_error("video_url", exc)
            else:
                link = video_link_for(schedule)
                messages.success(
                    request, gettext("Members now join the call on %(provider)s.") % {"provider": link.provider_name}
                )
                for warning in link.warnings:
                    messages.warning(request, warning)
                return redirect("video_link_edit", mastermind_id=mastermind.pk)
        status = 422
    else:
        status = 200
    context.update({"form": form, "link": video_link_for(schedule), "feed": mastermind_feed_links(schedule)})
    return render(request, "meetings/video_link.html", context, status=status)
