"""Uploads: decided by their bytes, size-limited per kind, served only to the group with safe headers."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import timedelta
from email.message import Message
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image, ImageCms, ImageOps, PngImagePlugin

from hotseat.homework import actions
from hotseat.homework.errors import HomeworkError
from hotseat.homework.models import Attachment, Homework
from hotseat.homework.uploads import clean_name, detect, download_name
from tests.homework.files import (
    EXE,
    MP4_HEAD,
    PDF,
    SVG,
    WEBM_HEAD,
    jpeg_claiming,
    jpeg_photo,
    picture_from_a_phone,
    png,
    png_bytes,
    png_of_size,
)

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.mark.parametrize(
    ("data", "kind", "content_type"),
    [
        (png_bytes(), "image", "image/png"),
        (MP4_HEAD, "video", "video/mp4"),
        (WEBM_HEAD, "video", "video/webm"),
        (PDF, "pdf", "application/pdf"),
    ],
)
def test_detect_reads_the_bytes(data, kind, content_type):
    found = detect(upload("whatever.bin", data))
    assert found is not None
    assert (found.kind, found.content_type) == (kind, content_type)


@pytest.mark.parametrize(
    "data",
    [EXE, SVG, b"<!doctype html><script>alert(1)</script>", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, b"plain text"],
)
def test_detect_refuses_anything_else(data):
    assert detect(upload("x.png", data)) is None


def test_upload_refuses_an_exe_renamed_png(group, chloe):
    with pytest.raises(HomeworkError, match="named like an image") as refused:
        actions.upload(group.mastermind, by=chloe, file=upload("cat.png", EXE, "image/png"))
    assert refused.value.field == "file"
    assert not Attachment.objects.exists()


def test_upload_refuses_a_video_that_is_not_a_video(group, chloe):
    with pytest.raises(HomeworkError, match="named like a video"):
        actions.upload(group.mastermind, by=chloe, file=upload("demo.mp4", b"just some text" * 10, "video/mp4"))


def test_upload_refuses_svg_whatever_its_name(group, chloe):
    with pytest.raises(HomeworkError, match="cannot be attached"):
        actions.upload(group.mastermind, by=chloe, file=upload("logo.svg", SVG, "image/svg+xml"))


def test_upload_refuses_an_oversized_image(group, chloe, settings):
    settings.UPLOAD_MAX_IMAGE_BYTES = 10
    with pytest.raises(HomeworkError, match="image files can be up to"):
        actions.upload(group.mastermind, by=chloe, file=png("big.png"))
    assert not Attachment.objects.exists()


def test_upload_refuses_an_oversized_video_and_suggests_a_link(group, chloe, settings):
    settings.UPLOAD_MAX_VIDEO_BYTES = 100
    with pytest.raises(HomeworkError, match="Loom, YouTube or Vimeo"):
        actions.upload(group.mastermind, by=chloe, file=upload("demo.mp4", MP4_HEAD))


def test_upload_stores_under_a_random_name(group, chloe):
    attachment = actions.upload(group.mastermind, by=chloe, file=png("../../etc/passwd.png"))
    assert attachment.original_name == "passwd.png"
    assert "passwd" not in attachment.stored_name
    assert attachment.stored_name.endswith(".png")
    assert default_storage.exists(attachment.stored_name)


def test_upload_is_for_members_only(group, organizer):
    with pytest.raises(HomeworkError, match="members"):
        actions.upload(group.mastermind, by=organizer, file=png())


def test_clean_name_removes_folders_and_control_characters():
    assert clean_name("C:\\Users\\me\\shot\u202egnp.exe") == "shotgnp.exe"
    assert clean_name("") == "file"
    assert len(clean_name("a" * 300 + ".png")) <= 101


@pytest.fixture
def image(group, chloe) -> Attachment:
    return actions.upload(group.mastermind, by=chloe, file=png())


@pytest.fixture
def video(group, chloe) -> Attachment:
    return actions.upload(group.mastermind, by=chloe, file=upload("clip.mp4", MP4_HEAD))


def test_attachment_serves_images_inline_with_safe_headers(client, image, bob):
    client.force_login(bob)
    response = client.get(image.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png_bytes()
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Cache-Control"].startswith("private")
    response.close()


def test_attachment_serves_other_files_as_downloads(client, video, organizer):
    client.force_login(organizer)
    response = client.get(video.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "video/mp4"
    assert b"".join(response.streaming_content) == MP4_HEAD
    response.close()


def test_attachment_serves_a_byte_range_so_video_seeks(client, video, bob):
    client.force_login(bob)
    response = client.get(video.get_absolute_url(), headers={"Range": "bytes=4-11"})
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 4-11/{len(MP4_HEAD)}"
    assert b"".join(response.streaming_content) == MP4_HEAD[4:12]


def test_attachment_suffix_range_and_unsatisfiable_range(client, video, bob):
    client.force_login(bob)
    tail = client.get(video.get_absolute_url(), headers={"Range": "bytes=-10"})
    assert b"".join(tail.streaming_content) == MP4_HEAD[-10:]
    refused = client.get(video.get_absolute_url(), headers={"Range": "bytes=99999-"})
    assert refused.status_code == 416
    assert refused["Content-Range"] == f"bytes */{len(MP4_HEAD)}"


@pytest.mark.parametrize("header", ["bytes=²-", "bytes=-²", f"bytes={'9' * 5000}-", "bytes=1-2,5-6", "lines=1-2"])
def test_attachment_odd_range_is_refused_plainly(client, video, bob, header):
    client.force_login(bob)
    refused = client.get(video.get_absolute_url(), headers={"Range": header})
    assert refused.status_code == 416
    assert refused["Content-Range"] == f"bytes */{len(MP4_HEAD)}"


def test_attachment_is_404_outside_the_group(client, image, erin, other_group):
    assert client.get(image.get_absolute_url()).status_code == 404
    client.force_login(erin)
    assert client.get(image.get_absolute_url()).status_code == 404


def test_upload_view_answers_json_with_markdown(client, group, chloe):
    client.force_login(chloe)
    response = client.post(f"/m/{group.mastermind.pk}/files/", {"file": png("shot.png")})
    assert response.status_code == 200
    data = response.json()
    assert data["markdown"] == f"![shot.png]({data['url']})"
    assert data["url"].startswith("/files/")


def test_upload_view_says_why_a_file_was_refused(client, group, chloe):
    client.force_login(chloe)
    response = client.post(f"/m/{group.mastermind.pk}/files/", {"file": upload("x.png", EXE)})
    assert response.status_code == 400
    assert "named like an image" in response.json()["error"]


def test_upload_view_is_404_for_another_group(client, group, erin, other_group):
    client.force_login(erin)
    assert client.post(f"/m/{group.mastermind.pk}/files/", {"file": png()}).status_code == 404
    assert not Attachment.objects.exists()


def test_prune_uploads_removes_only_old_unclaimed_files(group, bob, chloe, django_capture_on_commit_callbacks):
    abandoned = actions.upload(group.mastermind, by=chloe, file=png("abandoned.png"))
    actions.upload(group.mastermind, by=chloe, file=png("recent.png"))
    used = actions.upload(group.mastermind, by=bob, file=png("used.png"))
    actions.post_question(group.week1, by=bob, title="Q", body=f"![x]({used.get_absolute_url()})")
    three_days_ago = timezone.now() - timedelta(days=3)
    Attachment.objects.filter(pk__in=[abandoned.pk, used.pk]).update(uploaded_at=three_days_ago)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("prune_uploads", stdout=out)
    assert out.getvalue().strip() == "Pruned 1 unclaimed upload."
    assert set(Attachment.objects.values_list("original_name", flat=True)) == {"recent.png", "used.png"}
    assert not default_storage.exists(abandoned.stored_name)
    assert default_storage.exists(used.stored_name)


def test_a_refused_second_file_stores_nothing(group, bob, settings):
    with pytest.raises(HomeworkError):
        actions.post_question(group.week1, by=bob, title="Q", files=[png("ok.png"), upload("bad.png", EXE)])
    assert not Attachment.objects.exists()
    assert [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()] == []


def test_deleting_an_attachment_removes_its_bytes_after_commit(group, chloe, django_capture_on_commit_callbacks):
    attachment = actions.upload(group.mastermind, by=chloe, file=png())
    with django_capture_on_commit_callbacks(execute=True):
        attachment.delete()
    assert not default_storage.exists(attachment.stored_name)


def test_photo_location_is_removed_and_the_photo_still_shows_upright(group, chloe):
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    exif[0x8825] = {2: (48.0, 51.0, 24.0), 1: "N"}  # GPSInfo: somewhere in Paris
    exif[0x010F] = "PhoneMaker"
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "orange").save(buffer, format="JPEG", exif=exif, comment=b"Chloe's flat")
    photo = actions.upload(group.mastermind, by=chloe, file=upload("IMG_0001.jpg", buffer.getvalue()))
    with default_storage.open(photo.stored_name, "rb") as stored, Image.open(stored) as image:
        assert dict(image.getexif()) == {0x0112: 6}  # the orientation alone: no GPS, no maker
        assert "comment" not in image.info
        assert ImageOps.exif_transpose(image).size == (20, 40)
        with Image.open(io.BytesIO(buffer.getvalue())) as original:
            assert image.tobytes() == original.tobytes()  # lossless: the picture data was not re-encoded
    assert photo.size == default_storage.size(photo.stored_name)


def test_png_screenshots_are_stored_byte_for_byte(group, chloe):
    shot = actions.upload(group.mastermind, by=chloe, file=png())
    with default_storage.open(shot.stored_name, "rb") as stored:
        assert stored.read() == png_bytes()


@pytest.mark.parametrize(
    ("head", "message"),
    [
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "could not recognise"),
        (b"\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00qt  ", "QuickTime movie: export it as MP4"),
    ],
)
def test_other_iso_media_is_not_taken_for_mp4(group, chloe, head, message):
    with pytest.raises(HomeworkError, match=message):
        actions.upload(group.mastermind, by=chloe, file=upload("clip.bin", head + b"\x00" * 100))


def served_name(client, attachment: Attachment) -> tuple[str, str]:
    """(disposition, file name) of the attachment as served, the name read back as a browser reads it."""
    response = client.get(attachment.get_absolute_url())
    response.close()
    header = Message()
    header["Content-Disposition"] = response["Content-Disposition"]
    return header.get_content_disposition() or "", header.get_filename() or ""


HTML = b"<!doctype html><script>alert(document.cookie)</script>"


@pytest.mark.parametrize(
    ("name", "data", "served"),
    [
        ("page.html", PDF + HTML, "page.html.pdf"),
        ("page.html", MP4_HEAD + HTML, "page.html.mp4"),
        ("page.htm", WEBM_HEAD + HTML, "page.htm.webm"),
        ("slides", PDF, "slides.pdf"),
        ("Slides.PDF", PDF, "Slides.PDF"),
        ("clip.m4v", MP4_HEAD, "clip.m4v"),
        ("notes.pdf.exe", PDF, "notes.pdf.exe.pdf"),
    ],
    ids=["pdf-named-html", "mp4-named-html", "webm-named-htm", "no-extension", "upper-case", "m4v", "pdf-named-exe"],
)
def test_attachment_downloads_under_the_extension_of_its_checked_type(client, group, chloe, name, data, served):
    attachment = actions.upload(group.mastermind, by=chloe, file=upload(name, data))
    client.force_login(chloe)
    assert served_name(client, attachment) == ("attachment", served)


def test_an_image_named_html_is_shown_under_an_image_name(client, group, chloe):
    shot = actions.upload(group.mastermind, by=chloe, file=png("shot.html"))
    client.force_login(chloe)
    assert served_name(client, shot) == ("inline", "shot.html.png")


@pytest.mark.parametrize(
    "name",
    ['say "hi"; filename=evil.html', "back\\slash.pdf", "présentation “finale”.pdf", "semi;colon=x.pdf", "a%20b.pdf"],
)
def test_attachment_download_name_is_escaped_in_the_header(client, group, chloe, name):
    attachment = actions.upload(group.mastermind, by=chloe, file=upload(name, PDF))
    client.force_login(chloe)
    disposition, served = served_name(client, attachment)
    assert disposition == "attachment"
    assert served == download_name(clean_name(name), "application/pdf")
    assert served.endswith(".pdf")


def peak_memory(path: Path) -> dict[str, object]:
    """Check and strip the file in a fresh interpreter (tests/homework/peak_memory.py): its size, peak, outcome."""
    done = subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, "-m", "tests.homework.peak_memory", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def test_stripping_a_photo_takes_memory_near_its_size_not_its_pixels(tmp_path):
    # 12 megapixels, 3.4 MB: decoding it takes 48 MB; re-encoding it upright took the old code 136 MB.
    photo = tmp_path / "IMG_0001.jpg"
    photo.write_bytes(jpeg_photo((4000, 3000)))
    measured = peak_memory(photo)
    assert measured["outcome"] == "taken"
    assert measured["size"] > 2 * MB
    assert measured["peak"] < 3 * measured["size"] + 2 * MB


def test_an_image_of_too_many_pixels_is_refused_before_it_is_decoded(tmp_path):
    # 1.6 KB that claims 144 megapixels: a decoder would allocate 576 MB for it.
    bomb = tmp_path / "tiny.jpg"
    bomb.write_bytes(jpeg_claiming(12000, 12000))
    measured = peak_memory(bomb)
    assert measured["outcome"] == (
        "refused: “tiny.jpg” is 12000 × 12000 pixels (144 megapixels); images can be up to 40 megapixels."
        " Scale it down and attach it again."
    )
    assert measured["peak"] < 2 * MB


@pytest.mark.parametrize(
    ("width", "height", "said"),
    [
        (8000, 6000, "8000 × 6000 pixels (48 megapixels)"),
        (12000, 12000, "12000 × 12000 pixels (144 megapixels)"),  # under Pillow's own limit: only a warning
        (15000, 15000, "more than 179 megapixels"),  # Pillow will not read past its header
    ],
)
def test_upload_refuses_a_png_of_too_many_pixels_naming_its_size(group, chloe, width, height, said):
    with pytest.raises(HomeworkError) as refused:
        actions.upload(group.mastermind, by=chloe, file=upload("huge.png", png_of_size(width, height)))
    assert refused.value.message == (
        f"“huge.png” is {said}; images can be up to 40 megapixels. Scale it down and attach it again."
    )
    assert refused.value.field == "file"
    assert not Attachment.objects.exists()


def test_upload_takes_an_image_at_the_pixel_limit(group, chloe, settings):
    settings.UPLOAD_MAX_IMAGE_PIXELS = 4000 * 3000
    attachment = actions.upload(group.mastermind, by=chloe, file=upload("wide.png", png_of_size(4000, 3000)))
    assert attachment.kind == Attachment.Kind.IMAGE


def test_upload_view_answers_400_for_too_many_pixels(client, group, chloe):
    client.force_login(chloe)
    response = client.post(f"/m/{group.mastermind.pk}/files/", {"file": upload("big.jpg", jpeg_claiming(9000, 9000))})
    assert response.status_code == 400
    assert "9000 × 9000 pixels (81 megapixels)" in response.json()["error"]


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.95, 0.999])
def test_upload_refuses_a_truncated_photo_with_a_message(group, chloe, keep):
    photo = jpeg_photo((400, 300))
    with pytest.raises(HomeworkError, match="is cut short") as refused:
        actions.upload(group.mastermind, by=chloe, file=upload("IMG_0002.jpg", photo[: int(len(photo) * keep)]))
    assert "“IMG_0002.jpg” cannot be attached" in refused.value.message
    assert not Attachment.objects.exists()


def test_upload_view_answers_400_for_a_truncated_photo(client, group, chloe):
    photo = jpeg_photo((400, 300))
    client.force_login(chloe)
    response = client.post(f"/m/{group.mastermind.pk}/files/", {"file": upload("cut.jpg", photo[: len(photo) // 2])})
    assert response.status_code == 400
    assert "cut short" in response.json()["error"]


def test_posting_homework_with_a_truncated_photo_refuses_next_to_the_attachment(group, bob, chloe):
    question = actions.post_question(group.week1, by=bob, title="How do I welcome newcomers?")
    photo = jpeg_photo((400, 300))
    with pytest.raises(HomeworkError) as refused:
        actions.post_homework(question, by=chloe, body="Tried it.", files=[upload("cut.jpg", photo[: len(photo) // 2])])
    assert refused.value.field == "attachment"
    assert not Homework.objects.exists()


def test_every_metadata_block_goes_and_the_colour_profile_stays(group, chloe):
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><exif:GPSLatitude>48,51.4N</exif:GPSLatitude></x:xmpmeta>'
    photo = jpeg_photo((80, 60), xmp=xmp, icc_profile=profile, comment=b"at home")
    # What follows the picture (MPF's second picture, with its own EXIF) goes too.
    second = jpeg_photo((16, 16), maker="SecondPictureMaker")
    attachment = actions.upload(group.mastermind, by=chloe, file=upload("IMG_0003.jpg", photo + second))
    with default_storage.open(attachment.stored_name, "rb") as stored:
        kept = stored.read()
    for leak in (b"PhoneMaker", b"SecondPictureMaker", b"GPSLatitude", b"at home"):
        assert leak not in kept
    with Image.open(io.BytesIO(kept)) as image, Image.open(io.BytesIO(photo)) as original:
        assert image.info["icc_profile"] == profile
        assert dict(image.getexif()) == {0x0112: 6}
        assert image.tobytes() == original.tobytes()


def test_a_phone_photo_with_more_pictures_after_it_is_stored_as_its_first_picture(group, chloe):
    # MPO (CIPA's multi-picture JPEG, from phones' portrait and 3D modes): each picture with its own EXIF.
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    buffer = io.BytesIO()
    first, second = Image.new("RGB", (32, 24), "red"), Image.new("RGB", (32, 24), "blue")
    first.save(buffer, format="MPO", save_all=True, append_images=[second], exif=exif)
    attachment = actions.upload(group.mastermind, by=chloe, file=upload("PORTRAIT.JPG", buffer.getvalue()))
    with default_storage.open(attachment.stored_name, "rb") as stored:
        kept = stored.read()
    assert attachment.content_type == "image/jpeg"
    assert b"PhoneMaker" not in kept
    with Image.open(io.BytesIO(kept)) as image:
        assert (image.format, getattr(image, "n_frames", 1)) == ("JPEG", 1)
        assert image.getpixel((0, 0))[0] > 200  # the red one


@pytest.mark.parametrize(
    "save",
    [{}, {"progressive": True}, {"restart_marker_rows": 1}, {"subsampling": 0, "qtables": "web_high"}],
    ids=["baseline", "progressive", "restart-markers", "no-subsampling"],
)
def test_stripping_keeps_every_kind_of_jpeg_picture_as_it_was(group, chloe, save):
    photo = jpeg_photo((96, 64), **save)
    attachment = actions.upload(group.mastermind, by=chloe, file=upload("IMG_0004.jpg", photo))
    with default_storage.open(attachment.stored_name, "rb") as stored:
        kept = stored.read()
    assert b"PhoneMaker" not in kept
    with Image.open(io.BytesIO(kept)) as image, Image.open(io.BytesIO(photo)) as original:
        assert image.tobytes() == original.tobytes()


def test_stray_bytes_between_jpeg_segments_are_dropped_as_decoders_do(group, chloe):
    photo = jpeg_photo((40, 30))
    tables = photo.index(b"\xff\xdb")  # the first quantisation table
    sloppy = photo[:tables] + b"\x00\x00" + photo[tables:]
    attachment = actions.upload(group.mastermind, by=chloe, file=upload("sloppy.jpg", sloppy))
    with (
        default_storage.open(attachment.stored_name, "rb") as stored,
        Image.open(stored) as image,
        Image.open(io.BytesIO(photo)) as original,
    ):
        assert image.tobytes() == original.tobytes()


def test_a_png_loses_its_exif_text_and_time_and_keeps_its_picture_and_colour(group, chloe):
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Chloe at home")
    text.add_itxt("XML:com.adobe.xmp", "<exif:GPSLatitude>48,51.4N</exif:GPSLatitude>", zip=True)
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    shot = picture_from_a_phone("PNG", pnginfo=text, icc_profile=profile)
    assert b"PhoneMaker" in shot
    assert b"Chloe at home" in shot

    attachment = actions.upload(group.mastermind, by=chloe, file=upload("screenshot.png", shot))
    with default_storage.open(attachment.stored_name, "rb") as stored:
        kept = stored.read()

    for chunk in (b"eXIf", b"tEXt", b"iTXt", b"zTXt", b"PhoneMaker", b"Chloe at home"):
        assert chunk not in kept
    assert attachment.size == len(kept)
    with Image.open(io.BytesIO(kept)) as image, Image.open(io.BytesIO(shot)) as original:
        image.load()
        assert image.info["icc_profile"] == profile
        assert image.tobytes() == original.tobytes()


def test_a_webp_loses_its_exif_and_xmp_and_keeps_its_picture(group, chloe):
    xmp = b"<x:xmpmeta><exif:GPSLatitude>48,51.4N</exif:GPSLatitude></x:xmpmeta>"
    shot = picture_from_a_phone("WEBP", lossless=True, xmp=xmp)
    assert b"PhoneMaker" in shot
    assert b"GPSLatitude" in shot

    attachment = actions.upload(group.mastermind, by=chloe, file=upload("photo.webp", shot))
    with default_storage.open(attachment.stored_name, "rb") as stored:
        kept = stored.read()

    assert b"PhoneMaker" not in kept
    assert b"GPSLatitude" not in kept
    assert int.from_bytes(kept[4:8], "little") == len(kept) - 8  # the RIFF size still adds up
    with Image.open(io.BytesIO(kept)) as image, Image.open(io.BytesIO(shot)) as original:
        assert "exif" not in image.info
        assert image.tobytes() == original.tobytes()


def test_a_png_without_metadata_is_stored_byte_for_byte(group, chloe):
    shot = png_bytes()
    attachment = actions.upload(group.mastermind, by=chloe, file=upload("plain.png", shot))
    with default_storage.open(attachment.stored_name, "rb") as stored:
        assert stored.read() == shot


def test_a_photo_without_metadata_is_stored_byte_for_byte(group, chloe):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "teal").save(buffer, format="JPEG")
    attachment = actions.upload(group.mastermind, by=chloe, file=upload("plain.jpg", buffer.getvalue()))
    with default_storage.open(attachment.stored_name, "rb") as stored:
        assert stored.read() == buffer.getvalue()
