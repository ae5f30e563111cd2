"""Images from outside (evidence photos, camera photos, drawn signatures) are decoded and re-encoded
by Pillow before anything else sees them: a size limit checked before decoding (decompression
bombs), orientation applied, metadata (GPS, device) dropped, and a small server-made thumbnail.
Whatever the bytes claimed to be, what is stored is a plain JPEG or PNG that Pillow wrote."""
from __future__ import annotations

import base64
import binascii
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps

from .errors import ServiceError

MAX_PIXELS = 40_000_000          # a 48-megapixel camera is refused; phones and tablets take ≤ 12–20 MP
MAX_SIDE = 2048                  # what the documents and screens need of a photo
THUMB_SIDE = 320
SIGNATURE_MAX = (1600, 800)
SIGNATURE_DATA_MAX = 400_000     # characters of the data URL the browser sends
PNG_DATA_URL = "data:image/png;base64,"


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    content_type: str
    ext: str
    width: int
    height: int
    thumbnail: bytes


def _open(data: bytes, max_pixels: int) -> Image.Image:
    """Open and fully decode an image, refusing it before decoding when it is too large."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > max_pixels:
                raise ServiceError(f"Ảnh quá lớn ({image.width}×{image.height} điểm ảnh); "
                                   f"tối đa {max_pixels // 1_000_000} triệu điểm ảnh.")
            if image.format not in ("JPEG", "PNG"):
                raise ServiceError("Chỉ nhận ảnh JPEG hoặc PNG.")
            image.load()
    except ServiceError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ServiceError(f"Ảnh quá lớn; tối đa {max_pixels // 1_000_000} triệu điểm ảnh.") from None
    except Exception:  # noqa: BLE001 - any decoding failure means "not a usable image"
        raise ServiceError("Tệp ảnh bị hỏng hoặc không đọc được.") from None
    return image


def _encode(image: Image.Image, as_png: bool) -> bytes:
    out = io.BytesIO()
    if as_png:
        image.save(out, "PNG", optimize=True)
    else:
        image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()


def clean_image(data: bytes) -> CleanImage:
    """A photo or scan: upright, at most MAX_SIDE on its longer side, without metadata, with a thumbnail."""
    image = _open(data, MAX_PIXELS)
    as_png = image.format == "PNG"
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if as_png else "RGB")
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    thumb = image.copy()
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE))
    return CleanImage(_encode(image, as_png), "image/png" if as_png else "image/jpeg", ".png" if as_png else ".jpg",
                      image.width, image.height, _encode(thumb, as_png=False))


def clean_signature(data_url: str | None) -> str | None:
    """A drawn signature as a PNG data URL that Pillow wrote (never SVG, never larger than
    SIGNATURE_MAX); None when nothing was drawn. Refused with a message when it is not a PNG."""
    if not data_url:
        return None
    if len(data_url) > SIGNATURE_DATA_MAX or not data_url.startswith(PNG_DATA_URL):
        raise ServiceError("Chữ ký không hợp lệ.", "signature")
    try:
        raw = base64.b64decode(data_url[len(PNG_DATA_URL):], validate=True)
    except (binascii.Error, ValueError):
        raise ServiceError("Chữ ký không hợp lệ.", "signature") from None
    max_w, max_h = SIGNATURE_MAX
    try:
        image = _open(raw, max_w * max_h)
    except ServiceError:
        raise ServiceError("Chữ ký không hợp lệ.", "signature") from None
    if image.format != "PNG" or image.width > max_w or image.height > max_h:
        raise ServiceError("Chữ ký không hợp lệ.", "signature")
    return PNG_DATA_URL + base64.b64encode(_encode(image.convert("RGBA"), as_png=True)).decode("ascii")


def printable_signature(data_url: str | None) -> str:
    """A stored signature for a document: re-checked on the way out (a row written before the check
    existed prints nothing rather than whatever it holds)."""
    try:
        return clean_signature(data_url) or ""
    except ServiceError:
        return ""
