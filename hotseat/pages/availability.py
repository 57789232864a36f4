"""The availability page: a person marks the weekly hours they can take a call, on their own clock.

One form holds the whole state: a grid of half-hour checkboxes (it works without JavaScript;
availability.js adds drag, arrow keys and htmx saving), the dates away, and a text
alternative ("Tue 17:00-19:00" lines). Every button saves all of it through one action.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.translation import gettext, pgettext
from django.views.decorators.http import require_POST

from hotseat.accounts import actions
from hotseat.accounts.actions import CELL_MINUTES, AvailabilityError, local_today
from hotseat.accounts.availability_forms import (
    MALFORMED_FIELDS,
    MAX_TEXT,
    AvailabilityForm,
    describe,
    summary,
    typed_hours,
)
from hotseat.accounts.models import User, WeeklyAvailability
from hotseat.accounts.requests import SignedInRequest
from hotseat.homework.templatetags.homework import duration
from hotseat.programs.models import Signup
from hotseat.scheduling import Window
from hotseat.scheduling.clock import MINUTES_PER_DAY, format_minute

# Rows shown until "Show night hours" is ticked: 06:00 to 23:00.
DAY_FROM, DAY_UNTIL = 6 * 60, 23 * 60


# --- what the page shows --------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    value: str
    label: str
    checked: bool
    weekend: bool


@dataclass(frozen=True)
class Row:
    time: str
    night: bool
    on_the_hour: bool
    cells: tuple[Cell, ...]


@dataclass
class Editor:
    """The state the form shows: saved, or as posted when it could not be saved."""

    zone: str
    checked: set[tuple[int, int]]
    text: str
    holidays: list[date]
    show_weekends: bool = False
    show_night: bool = False
    new_holiday: str = ""
    errors: list[str] = field(default_factory=list)  # shown above the form: nothing was saved
    text_errors: list[str] = field(default_factory=list)
    holiday_errors: list[str] = field(default_factory=list)

    def rows(self) -> list[Row]:
        # A cell is read aloud as "Tuesday 12:00" / « mardi 12:00 »: the weekday in the active language.
        cell_label = pgettext("availability grid cell", "%(weekday)s %(time)s")
        weekdays = [str(WEEKDAYS[day]) for day in range(7)]
        return [
            Row(
                time=format_minute(minute),
                night=not DAY_FROM <= minute < DAY_UNTIL,
                on_the_hour=minute % 60 == 0,
                cells=tuple(
                    Cell(
                        value=f"{day}-{minute}",
                        label=cell_label % {"weekday": weekdays[day], "time": format_minute(minute)},
                        checked=(day, minute) in self.checked,
                        weekend=day >= 5,
                    )
                    for day in range(7)
                ),
            )
            for minute in range(0, MINUTES_PER_DAY, CELL_MINUTES)
        ]

    def days(self) -> list[dict[str, Any]]:
        return [{"short": WEEKDAYS_ABBR[d], "name": WEEKDAYS[d], "weekend": d >= 5} for d in range(7)]

    def weekends_on(self) -> bool:
        return self.show_weekends or any(day >= 5 for day, _ in self.checked)

    def night_on(self) -> bool:
        return self.show_night or any(not DAY_FROM <= minute < DAY_UNTIL for _, minute in self.checked)


def cells_of(windows: list[Window]) -> set[tuple[int, int]]:
    """The grid cells a window touches (stored windows from elsewhere may not sit on half hours)."""
    return {
        (w.weekday, minute)
        for w in windows
        for minute in range(w.start_minute - w.start_minute % CELL_MINUTES, w.end_minute, CELL_MINUTES)
    }


def saved_windows(stored: WeeklyAvailability | None) -> list[Window]:
    return sorted(stored.as_core().windows) if stored else []


def shown_zone(user: User, stored: WeeklyAvailability | None) -> str:
    # Saved windows are wall-clock times of the zone they were marked in: show them on that clock.
    return stored.zone if stored and stored.windows else str(user.time_zone)


def saved_editor(user: User, stored: WeeklyAvailability | None, **shown: Any) -> Editor:
    windows = saved_windows(stored)
    holidays = [date.fromisoformat(str(h)) for h in stored.holidays] if stored else []
    today = local_today(shown_zone(user, stored))
    return Editor(
        zone=shown_zone(user, stored),
        checked=cells_of(windows),
        text=typed_hours(windows),
        holidays=[day for day in holidays if day >= today],
        **shown,
    )


def next_cohort_weeks(user: User, today: date) -> tuple[date, int]:
    """The first date and number of weeks still to come of the person's cohort now running or next to start.

    Without one, today and the default horizon of :func:`~hotseat.accounts.actions.zone_shift`.
    """
    cohorts = [
        signup.cohort
        for signup in Signup.objects.filter(user=user)
        .exclude(status__in=["withdrawn", "declined"])
        .select_related("cohort")
        if signup.cohort.ends_on >= today
    ]
    if not cohorts:
        return today, actions.DEFAULT_SHIFT_WEEKS
    cohort = min(cohorts, key=lambda c: (max(c.starts_on, today), c.pk))
    first_day = max(cohort.starts_on, today)
    # The cohort's weekdays from the first day left to its end: one per week of it that is still to come.
    return first_day, (cohort.ends_on - first_day).days // 7 + 1


def conversion_offer(user: User, stored: WeeklyAvailability | None) -> dict[str, Any] | None:
    if stored is None or not stored.windows or stored.zone == user.time_zone:
        return None
    to_zone = str(user.time_zone)
    first_day, weeks = next_cohort_weeks(user, local_today(to_zone))
    shift = actions.zone_shift(stored.zone, to_zone, first_day, weeks)
    converted = actions.shift_windows(saved_windows(stored), shift)
    amount = duration(abs(shift))
    if shift > 0:
        move = gettext("%(amount)s later") % {"amount": amount}
    elif shift < 0:
        move = gettext("%(amount)s earlier") % {"amount": amount}
    else:
        move = ""
    return {
        "from_zone": stored.zone,
        "to_zone": to_zone,
        "first_day": first_day,
        "move": move,
        "preview": summary(converted, to_zone),
        "trimmed": sum(w.end_minute - w.start_minute for w in converted)
        < sum(w.end_minute - w.start_minute for w in saved_windows(stored)),
    }


def render_page(
    request: SignedInRequest,
    editor: Editor,
    stored: WeeklyAvailability | None,
    *,
    status: int = 200,
    message: str = "",
) -> HttpResponse:
    windows = saved_windows(stored)
    context = {
        "editor": editor,
        "summary": summary(windows, editor.zone),
        "saved_hours": [describe([window]) for window in windows],
        "saved_zone": stored.zone if stored else editor.zone,
        "offer": conversion_offer(request.user, stored),
        "status_message": message,
        "status_kind": "ok" if status == 200 else "bad",
        "max_text": MAX_TEXT,
        "today": local_today(editor.zone),
        "horizon": actions.holiday_horizon(local_today(editor.zone)),
    }
    template = "pages/availability_swap.html" if request.htmx else "pages/availability.html"
    return render(request, template, context, status=status)


# --- views ------------------------------------------------------------------------------------


@login_required
def availability(request: SignedInRequest) -> HttpResponse:
    user = request.user
    stored = WeeklyAvailability.objects.filter(user=user).first()
    zone = shown_zone(user, stored)
    if request.method != "POST":
        shown = {"show_weekends": request.GET.get("weekends") == "1", "show_night": request.GET.get("night") == "1"}
        return render_page(request, saved_editor(user, stored, **shown), stored)
    try:
        data = request.POST
    except (TooManyFieldsSent, RequestDataTooBig):
        editor = saved_editor(user, stored)
        editor.errors = [
            gettext("The form sent far more than this page ever sends, so nothing was saved. Reload the page.")
        ]
        return render_page(request, editor, stored, status=400, message=gettext("Not saved: the form was too large."))
    form = AvailabilityForm(data, today=local_today(zone))
    if form.is_valid():
        source = form.cleaned_data["source"]
        try:
            saved = actions.save_availability(
                user,
                zone=form.cleaned_data["zone"],
                windows=form.cleaned_data["windows"],
                holidays=form.cleaned_data["holidays"],
            )
        except AvailabilityError as exc:
            form.add_error(
                {"windows": "text" if source == "text" else None, "holidays": "new_holiday"}.get(exc.field), exc.message
            )
        else:
            shown = {"show_weekends": form.cleaned_data["weekends"], "show_night": form.cleaned_data["night"]}
            done = gettext("Saved: %(hours)s.") % {"hours": summary(saved_windows(saved), saved.zone)}
            if request.htmx:
                return render_page(request, saved_editor(user, saved, **shown), saved, message=done)
            messages.success(request, done)
            query = urlencode(
                {key: "1" for key, on in (("weekends", shown["show_weekends"]), ("night", shown["show_night"])) if on}
            )
            return redirect(reverse("availability") + (f"?{query}" if query else ""))
    return render_page(
        request,
        posted_editor(form, user, stored, zone),
        stored,
        status=400 if form.is_malformed() or not request.htmx else 422,
        message=gettext("Not saved: see the problem shown next to its field."),
    )


def posted_editor(form: AvailabilityForm, user: User, stored: WeeklyAvailability | None, zone: str) -> Editor:
    """What the person sent, to show again with the errors: their typing is kept."""
    kept = saved_editor(user, stored)
    data = form.cleaned_data
    # The zone is a hidden field; a bad one is shown as an error and replaced by the zone the page
    # shows, so saving again works.
    return Editor(
        zone=zone,
        checked=data.get("cell", kept.checked),
        text=str(form.data.get("text", kept.text)),
        holidays=sorted(data["holiday"]) if "holiday" in data else kept.holidays,
        show_weekends=bool(data.get("weekends")),
        show_night=bool(data.get("night")),
        new_holiday=str(form.data.get("new_holiday", ""))[:10],
        errors=[str(e) for name in (*MALFORMED_FIELDS, "zone") for e in form.errors.get(name, [])]
        + [str(e) for e in form.non_field_errors()],
        text_errors=[str(e) for e in form.errors.get("text", [])],
        holiday_errors=[str(e) for e in form.errors.get("new_holiday", [])],
    )


@login_required
@require_POST
def convert(request: SignedInRequest) -> HttpResponse:
    user = request.user
    first_day, weeks = next_cohort_weeks(user, local_today(str(user.time_zone)))
    try:
        converted = actions.convert_availability(
            user,
            from_zone=str(request.POST.get("from_zone", "")),
            to_zone=str(user.time_zone),
            first_day=first_day,
            weeks=weeks,
        )
    except AvailabilityError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            gettext("Converted: %(hours)s. Check them below.")
            % {"hours": summary(saved_windows(converted), converted.zone)},
        )
    return redirect("availability")
