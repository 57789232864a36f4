"""The uploads block of settings.py, read in a fresh interpreter with a given environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READ = (
    "import json; from hotseat import settings as s; "
    "print(json.dumps([s.STORAGES['default'], s.UPLOAD_MAX_IMAGE_BYTES,"
    " s.UPLOAD_MAX_VIDEO_BYTES, s.UPLOAD_MAX_PDF_BYTES, s.UPLOAD_MAX_IMAGE_PIXELS]))"
)


def _settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("UPLOAD_", "S3_"))}
    return subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, "-c", READ], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, check=False
    )


def test_upload_settings_default_to_local_disk_and_the_documented_limits():
    storage, image, video, pdf, pixels = json.loads(_settings().stdout)
    assert storage["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert (image, video, pdf) == (10 * 2**20, 200 * 2**20, 20 * 2**20)
    assert pixels == 40_000_000


def test_upload_settings_read_s3_and_limits_from_the_environment():
    result = _settings(
        UPLOAD_STORAGE="s3",
        S3_BUCKET="uploads",
        S3_ENDPOINT_URL="http://127.0.0.1:9000",
        UPLOAD_MAX_VIDEO_MB="50",
        UPLOAD_MAX_IMAGE_MEGAPIXELS="12",
    )
    storage, _, video, _, pixels = json.loads(result.stdout)
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "uploads"
    assert storage["OPTIONS"]["endpoint_url"] == "http://127.0.0.1:9000"
    assert storage["OPTIONS"]["default_acl"] == "private"
    assert video == 50 * 2**20
    assert pixels == 12_000_000


def test_upload_settings_refuse_an_unknown_storage():
    result = _settings(UPLOAD_STORAGE="ftp")
    assert result.returncode != 0
    assert "UPLOAD_STORAGE must be local or s3" in result.stderr
