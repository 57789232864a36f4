"""Uploaded files for the homework tests: a real PNG, and the first bytes of an MP4, a WebM, a PDF, an EXE, an SVG;
phone photos with their metadata, and pictures of more pixels than a server or a browser should decode."""

from __future__ import annotations

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def png_bytes(size: tuple[int, int] = (8, 8), color: str = "red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def png(name: str = "screenshot.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 200
WEBM_HEAD = (
    b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08\x42\x82\x84webm"
    + b"\x00" * 200
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="4"/></svg>'


def png_of_size(width: int, height: int) -> bytes:
    """A real, valid PNG of width by height black pixels that weighs a few kilobytes: one bit a pixel,
    compressed row by row, so that the test makes it without holding the picture in memory."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + bytes((width + 7) // 8)
    packer = zlib.compressobj(9)
    pixels = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def picture_from_a_phone(image_format: str, **save: object) -> bytes:
    """A 40 by 20 teal picture saved as ``image_format`` with the phone's maker in its EXIF (and whatever else
    ``save`` adds: text chunks, XMP, a colour profile)."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "teal").save(buffer, format=image_format, exif=exif, **save)
    return buffer.getvalue()


def jpeg_photo(size: tuple[int, int] = (64, 48), *, maker: str = "PhoneMaker", **save: object) -> bytes:
    """A phone photo: noisy pixels, EXIF with the orientation, the GPS position (Paris) and the maker."""
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    exif[0x8825] = {2: (48.0, 51.0, 24.0), 1: "N"}  # GPSInfo
    exif[0x010F] = maker
    grain = Image.effect_noise((max(size[0] // 4, 1), max(size[1] // 4, 1)), 40).resize(size)
    picture = Image.merge("RGB", (grain, grain.transpose(Image.Transpose.FLIP_LEFT_RIGHT), grain))
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=85, exif=exif, **save)
    return buffer.getvalue()


def jpeg_claiming(width: int, height: int) -> bytes:
    """A small JPEG whose frame header says it is width by height pixels: what a decoder would allocate for."""
    data = bytearray(jpeg_photo())
    frame = data.index(b"\xff\xc0")  # SOF0: marker, length, precision, height, width
    data[frame + 5 : frame + 9] = struct.pack(">HH", height, width)
    return bytes(data)
