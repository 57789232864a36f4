"""What a notification is about, stored as JSON: references to rows, instants and plain values.

Rows are stored by reference, not copied, so an email rendered at send time shows the
group, the signup or (later) the meeting as they are then.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.dateparse import parse_datetime


class GoneError(Exception):
    """Something a notification is about was deleted: there is nothing left to tell."""


def pack(refs: Mapping[str, object]) -> dict[str, Any]:
    packed: dict[str, Any] = {}
    for name, value in refs.items():
        if isinstance(value, models.Model):
            packed[name] = {"model": value._meta.label_lower, "pk": value.pk}
        elif isinstance(value, datetime):
            if value.tzinfo is None:
                msg = f"{name}: store aware datetimes only"
                raise ValueError(msg)
            packed[name] = {"at": value.isoformat()}
        elif value is None or isinstance(value, str | int | float | bool):
            packed[name] = value
        else:
            msg = f"{name}: a notification can refer to rows, datetimes and plain values, not {type(value).__name__}"
            raise TypeError(msg)
    return packed


def _is_row(value: object) -> bool:
    return isinstance(value, dict) and "model" in value


def load(batch: Sequence[tuple[Mapping[str, Any], Mapping[str, Sequence[str]]]]) -> list[dict[str, Any] | GoneError]:
    """Unpack the refs of many notifications, with one query per model for the whole batch.

    Each item is (packed refs, the related rows to fetch along with each ref, as for
    select_related). Where a referenced row is gone, the item is a GoneError instead.
    """
    wanted: dict[tuple[str, tuple[str, ...]], set[Any]] = defaultdict(set)
    for packed, related in batch:
        for name, value in packed.items():
            if _is_row(value):
                wanted[value["model"], tuple(related.get(name, ()))].add(value["pk"])
    found: dict[tuple[str, tuple[str, ...], Any], models.Model] = {}
    for (label, with_related), pks in wanted.items():
        rows = apps.get_model(label)._default_manager.filter(pk__in=pks)
        for obj in rows.select_related(*with_related) if with_related else rows:
            found[label, with_related, obj.pk] = obj
    results: list[dict[str, Any] | GoneError] = []
    for packed, related in batch:
        refs: dict[str, Any] = {}
        try:
            for name, value in packed.items():
                refs[name] = _value(name, value, found, tuple(related.get(name, ())))
        except GoneError as gone:
            results.append(gone)
        else:
            results.append(refs)
    return results


def _value(
    name: str, value: Any, found: Mapping[tuple[str, tuple[str, ...], Any], models.Model], rel: tuple[str, ...]
) -> Any:
    if _is_row(value):
        model = apps.get_model(value["model"])
        obj = found.get((value["model"], rel, model._meta.pk.to_python(value["pk"])))
        if obj is None:
            raise GoneError(f"the {model._meta.verbose_name} it was about no longer exists")
        return obj
    if isinstance(value, dict) and "at" in value:
        return parse_datetime(value["at"])
    return value
