import pytest
from django.core.exceptions import ValidationError

from hotseat.accounts.timezones import validate_time_zone, zone_names


@pytest.mark.parametrize("name", ["Europe/Paris", "America/New_York", "Asia/Kathmandu", "Australia/Lord_Howe", "UTC"])
def test_validate_time_zone_accepts_iana_names(name):
    validate_time_zone(name)


@pytest.mark.parametrize("name", ["", "Paris", "Europe/Pari", "CEST", "+02:00", "../../etc/passwd", "Europe/Paris\x00"])
def test_validate_time_zone_refuses_unknown(name):
    with pytest.raises(ValidationError):
        validate_time_zone(name)


def test_zone_names_hide_legacy_aliases():
    names = zone_names()
    assert "Europe/Paris" in names
    assert "US/Pacific" not in names
    assert "EST5EDT" not in names


@pytest.mark.parametrize("name", ["EST", "EST5EDT", "US/Pacific", "GMT"])
def test_validate_time_zone_refuses_names_without_a_place(name):
    with pytest.raises(ValidationError):
        validate_time_zone(name)
