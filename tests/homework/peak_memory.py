"""Peak memory of checking and storing one upload, measured in a fresh process of its own.

    python -m tests.homework.peak_memory photo.jpg   → {"size": …, "peak": …, "outcome": …} on stdout

`peak` is how far the process's resident memory (VmHWM, reset just before) rose above where it stood
while uploads.check() and uploads.without_metadata() ran. Resident memory, not tracemalloc: Pillow
decodes into buffers it allocates in C, which tracemalloc never sees (it reported 12 MB for the
136 MB a 12-megapixel photo took to re-encode). A fresh process, so nothing earlier left memory
resident for the upload to reuse unseen.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hotseat.settings")
django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402 (after django.setup())

from hotseat.homework import uploads  # noqa: E402
from hotseat.homework.errors import HomeworkError  # noqa: E402
from tests.homework.files import jpeg_photo  # noqa: E402


def status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) * 1024
    raise LookupError(field)


def check_and_strip(name: str, data: bytes) -> str:
    upload = SimpleUploadedFile(name, data)
    try:
        file_type = uploads.check(upload)
        uploads.without_metadata(upload, file_type)
    except HomeworkError as refused:
        return f"refused: {refused.message}"
    return "taken"


def main(path: str) -> None:
    data = Path(path).read_bytes()
    check_and_strip("warm-up.jpg", jpeg_photo())  # Pillow's plugins load outside the measure
    Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the resident size now
    before = status("VmRSS")
    outcome = check_and_strip(Path(path).name, data)
    peak = status("VmHWM") - before
    print(json.dumps({"size": len(data), "peak": peak, "outcome": outcome}))


if __name__ == "__main__":
    main(sys.argv[1])
