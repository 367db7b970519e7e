"""Library images for the tests: real, small PNG files stored like uploads."""

from __future__ import annotations

import io

import factory
from django.core.files.base import ContentFile
from PIL import Image

from comptoir.media.models import MediaItem
from tests.factories import UserFactory, WorkspaceFactory


def image_bytes(
    width: int = 40,
    height: int = 30,
    fmt: str = "PNG",
    color: tuple[int, int, int] = (224, 112, 32),
) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (width, height), color).save(output, fmt)
    return output.getvalue()


class MediaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MediaItem

    workspace = factory.SubFactory(WorkspaceFactory)
    file = factory.LazyFunction(lambda: ContentFile(image_bytes(), name="galette.png"))
    original_name = "galette.png"
    mime_type = "image/png"
    width = 40
    height = 30
    size_bytes = factory.LazyAttribute(lambda item: item.file.size)
    alt_text = "Une galette dorée sur le comptoir"
    uploaded_by = factory.SubFactory(UserFactory)
