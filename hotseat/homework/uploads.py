"""Uploaded files: what they are by their bytes (never their name), whether they fit, where they go.

Images are opened and verified by Pillow; videos (MP4 `ftyp` box, WebM EBML header) and PDFs
(`%PDF-`) are recognised by their signature. Anything else — SVG, HTML, programs, a text file
named .png — is refused, whatever it is called. Stored names are random; the original name is
kept for display only, after cleaning.
"""

from __future__ import annotations

import io
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

from hotseat.homework.errors import HomeworkError

MB = 1024 * 1024
ACCEPTED = "PNG, JPEG, GIF or WebP images, MP4 or WebM videos, and PDFs"
# What the file input offers; the server decides by the bytes all the same.
ACCEPT_ATTRIBUTE = "image/png,image/jpeg,image/gif,image/webp,video/mp4,video/webm,application/pdf"

_IMAGE_FORMATS = {"PNG": ("image/png", ".png"), "JPEG": ("image/jpeg", ".jpg"), "GIF": ("image/gif", ".gif"),
                  "WEBP": ("image/webp", ".webp")}  # fmt: skip


# The extensions a downloaded file may keep for each type we take; a name with any other gets the
# first added, so that a PDF named page.html is saved as page.html.pdf and opens as a PDF.
EXTENSIONS = {"image/png": (".png",), "image/jpeg": (".jpg", ".jpeg"), "image/gif": (".gif",),
              "image/webp": (".webp",), "video/mp4": (".mp4", ".m4v"), "video/webm": (".webm",),
              "application/pdf": (".pdf",)}  # fmt: skip

MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"dash", b"M4V ", b"mmp4",
              b"MSNV", b"f4v "}  # fmt: skip


@dataclass(frozen=True)
class FileType:
    kind: str  # Attachment.Kind
    content_type: str
    extension: str


def limits() -> dict[str, int]:
    return {
        "image": settings.UPLOAD_MAX_IMAGE_BYTES,
        "video": settings.UPLOAD_MAX_VIDEO_BYTES,
        "pdf": settings.UPLOAD_MAX_PDF_BYTES,
    }


def _size_label(size: int) -> str:
    return f"{size / MB:.0f} MB" if size >= MB else f"{max(size // 1024, 1)} KB"


def _image_type(stream: IO[bytes]) -> FileType | None:
    stream.seek(0)
    try:
        with Image.open(stream) as image:
            image_format = image.format or ""
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
    if image_format not in _IMAGE_FORMATS:
        return None
    content_type, extension = _IMAGE_FORMATS[image_format]
    return FileType("image", content_type, extension)


def detect(stream: IO[bytes]) -> FileType | None:
    """What a file is, from its bytes alone; None when it is none of the kinds we take."""
    stream.seek(0)
    head = stream.read(64)
    stream.seek(0)
    if head.startswith(b"%PDF-"):
        return FileType("pdf", "application/pdf", ".pdf")
    # ISO media files all start with an `ftyp` box; its major brand says which: MP4 video here,
    # not a HEIC/AVIF photo or a QuickTime movie.
    if len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in MP4_BRANDS:
        return FileType("video", "video/mp4", ".mp4")
    # WebM is Matroska (EBML magic) whose DocType, early in the header, says "webm".
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head:
        return FileType("video", "video/webm", ".webm")
    if head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")) or (
        head.startswith(b"RIFF") and head[8:12] == b"WEBP"
    ):
        return _image_type(stream)
    return None


def _is_quicktime(stream: IO[bytes]) -> bool:
    stream.seek(0)
    head = stream.read(12)
    stream.seek(0)
    return head[4:12] == b"ftypqt  "


def clean_name(name: str) -> str:
    """A file name fit to show: no folders, no control or direction characters, not too long."""
    base = PurePosixPath((name or "").replace("\\", "/")).name
    kept = "".join(
        ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] not in "CZ" or ch == " "
    )
    kept = " ".join(kept.split()).strip(". ")
    if len(kept) > 100:
        stem, dot, ext = kept.rpartition(".")
        kept = f"{stem[: 100 - len(ext) - 2]}…{dot}{ext}" if dot and len(ext) <= 10 else kept[:100]
    return kept or "file"


def download_name(name: str, content_type: str) -> str:
    """The name a file is served under: its cleaned name, ending in an extension of the type its bytes are."""
    extensions = EXTENSIONS.get(content_type, (".bin",))
    if PurePosixPath(name.lower()).suffix in extensions:
        return name
    return f"{name}{extensions[0]}"


def check(upload: UploadedFile[bytes], *, field: str = "attachment") -> FileType:
    """The upload's type, or a HomeworkError saying why it cannot be taken."""
    name = clean_name(upload.name or "")
    if not upload.size:
        raise HomeworkError(f"“{name}” is empty.", field=field)
    file_type = detect(upload)
    if file_type is None:
        suffix = PurePosixPath(name.lower()).suffix
        if suffix == ".mov" or _is_quicktime(upload):
            said = "It is a QuickTime movie: export it as MP4 (or share a Loom, YouTube or Vimeo link)."
        elif suffix in (".mp4", ".webm", ".m4v"):
            said = "It is named like a video, but its contents are not an MP4 or WebM video."
        elif suffix in (".png", ".jpg", ".jpeg", ".gif", ".webp"):
            said = "It is named like an image, but its contents are not an image we can read."
        else:
            said = "We could not recognise its contents."
        raise HomeworkError(f"“{name}” cannot be attached. {said} We take {ACCEPTED}.", field=field)
    limit = limits()[file_type.kind]
    if upload.size > limit:
        raise HomeworkError(
            f"“{name}” is {_size_label(upload.size)}; {file_type.kind} files can be up to {_size_label(limit)}."
            + (" A link to Loom, YouTube or Vimeo works for longer videos." if file_type.kind == "video" else ""),
            field=field,
        )
    return file_type


def without_metadata(upload: UploadedFile[bytes], file_type: FileType) -> File[bytes] | None:
    """A JPEG photo's pixels without its EXIF block (where a phone writes the GPS position), or None
    when there is nothing to remove. The picture is turned upright first, as the EXIF said."""
    if file_type.content_type != "image/jpeg":
        return None
    upload.seek(0)
    with Image.open(upload) as image:
        if not image.getexif():
            return None
        upright = ImageOps.exif_transpose(image)
        buffer = io.BytesIO()
        upright.save(buffer, format="JPEG", quality=92, optimize=True)
    return ContentFile(buffer.getvalue())


def store(upload: UploadedFile[bytes], file_type: FileType, mastermind_id: int) -> tuple[str, int]:
    """Save the bytes (a photo's without its metadata) under a random name: the stored name and size."""
    content: File[bytes] = without_metadata(upload, file_type) or upload
    content.seek(0)
    name = f"homework/{mastermind_id}/{uuid.uuid4().hex}{file_type.extension}"
    return default_storage.save(name, content), content.size or 0
