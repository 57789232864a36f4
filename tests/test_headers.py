"""The Permissions-Policy (hotseat/headers.py): on every response, the features hotseat never uses off."""

from __future__ import annotations

import pytest
from django.test import Client

from hotseat.headers import permissions_policy
from hotseat.homework import actions
from tests.clients import signed_in
from tests.homework.files import png

OFF = ["camera", "microphone", "geolocation", "payment", "usb", "display-capture", "serial", "hid"]


def directives(header: str) -> dict[str, str]:
    pairs = (item.strip().partition("=") for item in header.split(","))
    return {feature: origins for feature, _, origins in pairs}


def test_permissions_policy_formats_features_and_origins():
    assert permissions_policy({"camera": [], "fullscreen": ["self"]}) == "camera=(), fullscreen=(self)"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/signup/", "/admin/login/", "/no-such-page/"])
def test_permissions_policy_is_on_every_page(path):
    response = Client().get(path)
    policy = directives(response.get("Permissions-Policy", ""))
    assert {feature: policy.get(feature) for feature in OFF} == dict.fromkeys(OFF, "()")


def test_permissions_policy_leaves_what_the_app_uses_to_its_own_origin(client, alice):
    # Videos go fullscreen and picture-in-picture; the Copy buttons write to the clipboard.
    response = signed_in(alice).get("/")
    policy = directives(response["Permissions-Policy"])
    assert policy["camera"] == "()"
    assert {"fullscreen", "picture-in-picture", "clipboard-write"}.isdisjoint(policy)


def test_permissions_policy_is_on_served_files_too(group, chloe, homework_media):
    shot = actions.upload(group.mastermind, by=chloe, file=png())
    response = signed_in(chloe).get(shot.get_absolute_url())
    response.close()
    assert directives(response.get("Permissions-Policy", ""))["camera"] == "()"
