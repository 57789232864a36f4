"""Uploaded files: what they are by their bytes (never their name), whether they fit, where they go.

Images are identified and verified by Pillow from their headers, never decoded: one of more than
UPLOAD_MAX_IMAGE_PIXELS is refused before a pixel is read, and a JPEG loses its metadata by walking
its markers. Videos (MP4 `ftyp` box, WebM EBML header) and PDFs (`%PDF-`) are recognised by their
signature. Anything else — SVG, HTML, programs, a text file
named .png — is refused, whatever it is called. Stored names are random; the original name is
kept for display only, after cleaning.
"""

from __future__ import annotations

import struct
import unicodedata
import uuid
import warnings
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext, gettext_noop, ngettext
from PIL import Image, UnidentifiedImageError

from hotseat.homework.errors import HomeworkError

MB = 1024 * 1024
# What the file input offers; the server decides by the bytes all the same.
ACCEPT_ATTRIBUTE = "image/png,image/jpeg,image/gif,image/webp,video/mp4,video/webm,application/pdf"

# MPO is a phone's JPEG with more pictures after the first (MPF): stored as the first one, a JPEG.
_IMAGE_FORMATS = {"PNG": ("image/png", ".png"), "JPEG": ("image/jpeg", ".jpg"), "MPO": ("image/jpeg", ".jpg"),
                  "GIF": ("image/gif", ".gif"), "WEBP": ("image/webp", ".webp")}  # fmt: skip


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
    dimensions: tuple[int, int] | None = None  # an image's width and height, from its header


# An image so large that Pillow will not even read its header (past twice its ~89 megapixel limit).
TOO_MANY_PIXELS = FileType("image", "", "", (0, 0))


def limits() -> dict[str, int]:
    return {
        "image": settings.UPLOAD_MAX_IMAGE_BYTES,
        "video": settings.UPLOAD_MAX_VIDEO_BYTES,
        "pdf": settings.UPLOAD_MAX_PDF_BYTES,
    }


def _size_label(size: int) -> str:
    if size >= MB:
        return gettext("%(size)s MB") % {"size": f"{size / MB:.0f}"}
    return gettext("%(size)s KB") % {"size": max(size // 1024, 1)}


def _image_type(stream: IO[bytes]) -> FileType | None:
    """An image's type and size, from its header: no pixel is decoded here (PNG chunks are checked)."""
    stream.seek(0)
    try:
        # Pillow warns past ~89 megapixels; we refuse far below that, naming the size, in check().
        with (
            warnings.catch_warnings(action="ignore", category=Image.DecompressionBombWarning),
            Image.open(stream) as image,
        ):
            image_format, dimensions = image.format or "", image.size
            image.verify()
    except Image.DecompressionBombError:
        return TOO_MANY_PIXELS
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, struct.error, IndexError, TypeError):
        return None
    if image_format not in _IMAGE_FORMATS:
        return None
    content_type, extension = _IMAGE_FORMATS[image_format]
    return FileType("image", content_type, extension, dimensions)


def detect(stream: IO[bytes]) -> FileType | None:
    """What a file is, from its bytes alone; None when it is none of the kinds we take (TOO_MANY_PIXELS for
    an image Pillow refuses to open for its size: check() refuses it, naming the limit)."""
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
        raise HomeworkError(gettext("“%(name)s” is empty.") % {"name": name}, field=field)
    file_type = detect(upload)
    if file_type is None:
        raise HomeworkError(_unknown_message(name, upload) % {"name": name}, field=field)
    limit = limits()[file_type.kind]
    if upload.size > limit:
        raise HomeworkError(
            _too_big_message(file_type.kind)
            % {"name": name, "size": _size_label(upload.size), "limit": _size_label(limit)},
            field=field,
        )
    _check_pixels(name, file_type, field=field)
    if file_type.content_type == "image/jpeg":
        upload.seek(0)
        try:
            _jpeg_without_metadata(upload.read())
        except JpegDamagedError as damaged:
            raise HomeworkError(gettext(_DAMAGED[damaged.args[0]]) % {"name": name}, field=field) from None
    return file_type


def _unknown_message(name: str, upload: UploadedFile[bytes]) -> str:
    """Why a file of no kind we take is refused: one whole message a case, with what we take."""
    suffix = PurePosixPath(name.lower()).suffix
    if suffix == ".mov" or _is_quicktime(upload):
        return gettext(
            "“%(name)s” cannot be attached. It is a QuickTime movie: export it as MP4 (or share a Loom, YouTube"
            " or Vimeo link). We take PNG, JPEG, GIF or WebP images, MP4 or WebM videos, and PDFs."
        )
    if suffix in (".mp4", ".webm", ".m4v"):
        return gettext(
            "“%(name)s” cannot be attached. It is named like a video, but its contents are not an MP4 or WebM"
            " video. We take PNG, JPEG, GIF or WebP images, MP4 or WebM videos, and PDFs."
        )
    if suffix in (".png", ".jpg", ".jpeg", ".gif", ".webp"):
        return gettext(
            "“%(name)s” cannot be attached. It is named like an image, but its contents are not an image we can"
            " read. We take PNG, JPEG, GIF or WebP images, MP4 or WebM videos, and PDFs."
        )
    return gettext(
        "“%(name)s” cannot be attached. We could not recognise its contents. We take PNG, JPEG, GIF or WebP"
        " images, MP4 or WebM videos, and PDFs."
    )


def _too_big_message(kind: str) -> str:
    if kind == "video":
        return gettext(
            "“%(name)s” is %(size)s; video files can be up to %(limit)s. A link to Loom, YouTube or Vimeo works"
            " for longer videos."
        )
    if kind == "pdf":
        return gettext("“%(name)s” is %(size)s; pdf files can be up to %(limit)s.")
    return gettext("“%(name)s” is %(size)s; image files can be up to %(limit)s.")


def _megapixels(pixels: int) -> str:
    if pixels >= 1_000_000:
        count = round(pixels / 1_000_000)
        return ngettext("%(count)s megapixel", "%(count)s megapixels", count) % {"count": count}
    return ngettext("%(count)s pixel", "%(count)s pixels", pixels) % {"count": pixels}


def _check_pixels(name: str, file_type: FileType, *, field: str) -> None:
    """Refuse an image with more pixels than UPLOAD_MAX_IMAGE_PIXELS, from its header alone: a small file can
    hold a picture that takes gigabytes to decode, in the server and in every viewer's browser."""
    limit = settings.UPLOAD_MAX_IMAGE_PIXELS
    if file_type is TOO_MANY_PIXELS:
        message = gettext(
            "“%(name)s” is more than %(size)s; images can be up to %(limit)s. Scale it down and attach it again."
        ) % {"name": name, "size": _megapixels(2 * (Image.MAX_IMAGE_PIXELS or 0)), "limit": _megapixels(limit)}
    elif file_type.dimensions is not None and file_type.dimensions[0] * file_type.dimensions[1] > limit:
        width, height = file_type.dimensions
        message = gettext(
            "“%(name)s” is %(width)s × %(height)s pixels (%(size)s); images can be up to %(limit)s."
            " Scale it down and attach it again."
        ) % {"name": name, "width": width, "height": height, "size": _megapixels(width * height),
             "limit": _megapixels(limit)}  # fmt: skip
    else:
        return
    raise HomeworkError(message, field=field)


class JpegDamagedError(ValueError):
    """A JPEG whose markers do not add up: cut short, or not a JPEG past its first bytes."""


_SOS, _EOI, _APP0, _APP1, _APP2, _APP14 = 0xDA, 0xD9, 0xE0, 0xE1, 0xE2, 0xEE
_NO_LENGTH = {0x01, *range(0xD0, 0xD8)}  # TEM and the restart markers stand alone
_ORIENTATION = 0x0112
_CUT_SHORT = "it stops before the end of the image (the file is cut short)."
_DAMAGED_START = "its contents are damaged."
_CUT_IN_SEGMENT = "it stops in the middle of a segment (the file is cut short)."
# What a person is told for each way a JPEG is damaged: one whole message each (translated when raised).
_DAMAGED = {
    _CUT_SHORT: gettext_noop(
        "“%(name)s” cannot be attached: it stops before the end of the image (the file is cut short)."
        " Save or export the picture again and attach the new copy."
    ),
    _DAMAGED_START: gettext_noop(
        "“%(name)s” cannot be attached: its contents are damaged. Save or export the picture again and attach"
        " the new copy."
    ),
    _CUT_IN_SEGMENT: gettext_noop(
        "“%(name)s” cannot be attached: it stops in the middle of a segment (the file is cut short)."
        " Save or export the picture again and attach the new copy."
    ),
}


def _jpeg_kept(marker: int, payload: bytes) -> bool:
    """Whether a segment before the picture data is needed to show it: JFIF, the colour profile, Adobe's
    colour transform, and every table and frame header. The rest is metadata (EXIF with the GPS position,
    XMP, IPTC, comments, maker notes, MPF's pointers to more pictures) and goes."""
    if marker == _APP2:
        return payload.startswith(b"ICC_PROFILE\x00")
    return marker in (_APP0, _APP14) or not (0xE0 <= marker <= 0xEF or marker == 0xFE)


def _orientation(exif_payload: bytes) -> int:
    exif = Image.Exif()
    try:
        exif.load(exif_payload)
        value = exif.get(_ORIENTATION, 1)
    except (OSError, ValueError, SyntaxError, struct.error, IndexError, KeyError, TypeError):
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _entropy_end(data: bytes, start: int) -> int:
    """Where the compressed picture data that starts at `start` ends: at the first marker in it."""
    at = start
    while True:
        at = data.find(b"\xff", at)
        if at < 0 or at + 1 >= len(data):
            raise JpegDamagedError(_CUT_SHORT)
        following = data[at + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7:  # a stuffed 0xFF byte, a restart marker
            at += 2
        elif following == 0xFF:  # fill byte before a marker
            at += 1
        else:
            return at


def _next_marker(data: bytes, at: int) -> int:
    """Where the next marker's code is, looking from `at` between two segments: past 0xFF fill bytes,
    and past stray bytes, which decoders skip too (libjpeg: "extraneous bytes before marker")."""
    at = data.find(b"\xff", at)
    while 0 <= at < len(data) and data[at] == 0xFF:
        at += 1
    if not 0 <= at < len(data):
        raise JpegDamagedError(_CUT_SHORT)
    return at


def _jpeg_without_metadata(data: bytes) -> tuple[list[slice], int]:
    """The byte spans of a JPEG to keep, metadata segments left out, and its EXIF orientation (1 when none).

    Walks the markers without decoding a pixel, so memory stays near the file's size however many
    pixels it holds. Stops at the first picture's end: anything after it (MPF's extra pictures with
    their own EXIF, appended files) is dropped."""
    if not data.startswith(b"\xff\xd8"):
        raise JpegDamagedError(_DAMAGED_START)
    kept, orientation, at = [slice(0, 2)], 1, 2
    while True:
        code = _next_marker(data, at)
        marker, start = data[code], code - 1
        at = code + 1
        if marker == _EOI:
            kept.append(slice(start, at))
            return kept, orientation
        if marker in _NO_LENGTH:
            kept.append(slice(start, at))
            continue
        length = int.from_bytes(data[at : at + 2])
        end = at + length
        if length < 2 or end > len(data):
            raise JpegDamagedError(_CUT_IN_SEGMENT)
        payload = data[at + 2 : end] if 0xE0 <= marker <= 0xEF else b""
        if marker == _APP1 and payload.startswith(b"Exif\x00\x00"):
            orientation = _orientation(payload)
        if _jpeg_kept(marker, payload):
            kept.append(slice(start, end))
        at = end
        if marker == _SOS:
            scan_end = _entropy_end(data, at)
            kept.append(slice(at, scan_end))
            at = scan_end


def _orientation_segment(orientation: int) -> bytes:
    """An APP1 segment whose EXIF holds the orientation alone, so the photo still shows upright."""
    exif = Image.Exif()
    exif[_ORIENTATION] = orientation
    payload = exif.tobytes()
    return b"\xff\xe1" + (len(payload) + 2).to_bytes(2) + payload


# PNG chunks that say what a person did not mean to share: EXIF (a phone's GPS position), text (author,
# software, comments, XMP) and the time it was last changed. The picture and its colour chunks stay.
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_DROPPED = frozenset({b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"})


def _png_without_metadata(data: bytes) -> list[slice] | None:
    """The spans of the chunks kept, up to IEND; None for a PNG whose chunks do not add up (kept as it is)."""
    if not data.startswith(_PNG_SIGNATURE):
        return None
    spans, at = [slice(0, len(_PNG_SIGNATURE))], len(_PNG_SIGNATURE)
    while at + 12 <= len(data):
        end = at + 12 + int.from_bytes(data[at : at + 4], "big")  # length, type, data, CRC
        if end > len(data):
            return None
        kind = data[at + 4 : at + 8]
        if kind not in _PNG_DROPPED:
            spans.append(slice(at, end))
        if kind == b"IEND":
            return spans
        at = end
    return None


# WebP (RIFF) chunks of metadata, and the VP8X header's flags that announce them.
_WEBP_DROPPED = frozenset({b"EXIF", b"XMP "})
_VP8X_EXIF_AND_XMP = 0x08 | 0x04


def _webp_without_metadata(data: bytes) -> bytes | None:
    """The WebP without its EXIF and XMP chunks; None for one whose chunks do not add up (kept as it is)."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return None
    kept, at = [], 12
    while at + 8 <= len(data):
        size = int.from_bytes(data[at + 4 : at + 8], "little")
        end = at + 8 + size + (size & 1)  # chunks are padded to an even length
        if end > len(data):
            return None
        kind = data[at : at + 4]
        if kind == b"VP8X" and size >= 1:
            chunk = bytearray(data[at:end])
            chunk[8] &= ~_VP8X_EXIF_AND_XMP & 0xFF
            kept.append(bytes(chunk))
        elif kind not in _WEBP_DROPPED:
            kept.append(data[at:end])
        at = end
    body = b"WEBP" + b"".join(kept)
    return b"RIFF" + len(body).to_bytes(4, "little") + body


def without_metadata(upload: UploadedFile[bytes], file_type: FileType) -> File[bytes] | None:
    """A photo's or screenshot's bytes without its metadata, or None when there is nothing to remove.

    JPEG: EXIF (where a phone writes the GPS position), XMP, IPTC, comments; the EXIF orientation alone
    is kept, so the photo still shows upright. PNG: its EXIF, text and time chunks. WebP: its EXIF and
    XMP chunks. Lossless all: the picture data is copied as it is, never decoded."""
    if file_type.content_type == "image/webp":
        upload.seek(0)
        webp = upload.read()
        kept_webp = _webp_without_metadata(webp)
        return None if kept_webp is None or kept_webp == webp else ContentFile(kept_webp)
    if file_type.content_type == "image/png":
        upload.seek(0)
        png = upload.read()
        chunks = _png_without_metadata(png)
        kept_png = b"".join(memoryview(png)[span] for span in chunks) if chunks else png
        return None if kept_png == png else ContentFile(kept_png)
    if file_type.content_type != "image/jpeg":
        return None
    upload.seek(0)
    data = upload.read()
    spans, orientation = _jpeg_without_metadata(data)
    view = memoryview(data)
    parts = [view[span] for span in spans]
    if orientation != 1:
        # Where EXIF goes: right after the start of image, or after the JFIF segment that must come first.
        after_jfif = len(spans) > 1 and data[spans[1].start + 1] == _APP0
        parts.insert(2 if after_jfif else 1, memoryview(_orientation_segment(orientation)))
    kept = b"".join(parts)
    return None if kept == data else ContentFile(kept)


def store(upload: UploadedFile[bytes], file_type: FileType, mastermind_id: int) -> tuple[str, int]:
    """Save the bytes (a photo's without its metadata) under a random name: the stored name and size."""
    content: File[bytes] = without_metadata(upload, file_type) or upload
    content.seek(0)
    name = f"homework/{mastermind_id}/{uuid.uuid4().hex}{file_type.extension}"
    return default_storage.save(name, content), content.size or 0
