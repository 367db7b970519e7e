"""Images in the composer: choosing them, describing them, and keeping them with the post.

``ComposeForm`` calls ``add_fields``, ``clean`` and ``attachments``; ``composer.save``
calls ``attach`` in its transaction; the engine calls ``outgoing_media`` when it builds
what a connector publishes. A description typed in the composer belongs to that post; it
also becomes the library's description when the image had none, so the next post reuses it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from comptoir.media import convert
from comptoir.media.checks import ALT_MISSING, alt_problems, aspect_problems, count_problems
from comptoir.media.models import MediaItem, PostMedia
from comptoir.networks.base import Media
from comptoir.networks.errors import ErrorKind, NetworkError
from comptoir.networks.models import ConnectedAccount

FIELD = "media"
ALT_PREFIX = "alt_"
DRAFT = "draft"
# Library images offered in the composer besides the chosen ones.
OFFERED = 24


@dataclass(frozen=True)
class Attachment:
    item: MediaItem
    alt_text: str


class MediaChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: MediaItem) -> str:
        return obj.original_name


def add_fields(form: forms.Form, workspace: Any) -> None:
    form.fields[FIELD] = MediaChoiceField(
        label=_("Images"),
        queryset=MediaItem.objects.for_workspace(workspace),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


def alt_name(item: MediaItem | int) -> str:
    return f"{ALT_PREFIX}{item if isinstance(item, int) else item.pk}"


def chosen_ids(data: Mapping[str, Any]) -> list[str]:
    """The chosen image ids in the order of the form (QueryDict) or of initial values."""
    getlist = getattr(data, "getlist", None)
    values = getlist(FIELD) if getlist else data.get(FIELD) or []
    return [str(value) for value in values]


def count(data: Mapping[str, Any]) -> int:
    return len(set(chosen_ids(data)))


def attachments(items: Sequence[MediaItem], data: Mapping[str, Any]) -> list[Attachment]:
    """Each chosen image with the description typed for it (else the library's)."""
    by_id = {str(item.pk): item for item in items}
    ordered = [by_id[pk] for pk in dict.fromkeys(chosen_ids(data)) if pk in by_id]
    return [
        Attachment(item, str(data.get(alt_name(item)) or "").strip() or item.alt_text)
        for item in ordered
    ]


def chosen_now(form: forms.Form) -> list[Attachment]:
    """The images chosen in the form as it stands, with their descriptions (live preview)."""
    data = form.data if form.is_bound else form.initial
    ids = [pk for pk in chosen_ids(data) if pk.isdigit()]
    field = form.fields[FIELD]
    assert isinstance(field, MediaChoiceField) and field.queryset is not None
    items = list(field.queryset.filter(pk__in=ids)) if ids else []
    return attachments(items, data)


def clean(
    form: forms.Form,
    data: dict[str, Any],
    accounts: Sequence[ConnectedAccount],
    label: Any,
) -> list[Attachment]:
    """Check the images against every chosen account; a description is needed to publish."""
    chosen = attachments(list(data.get(FIELD) or []), form.data)
    if data.get("action") != DRAFT and any(not a.alt_text for a in chosen):
        form.add_error(FIELD, str(ALT_MISSING))
    for account in accounts:
        for problem in image_problems(account, label(account), chosen):
            form.add_error(FIELD, problem)
    return chosen


def image_problems(
    account: ConnectedAccount, label: str, chosen: Sequence[Attachment]
) -> list[str]:
    """Everything the account's network refuses in these images: number, descriptions, shape."""
    sizes = [(a.item.original_name, a.item.width, a.item.height) for a in chosen]
    return (
        count_problems(account, label, len(chosen))
        + alt_problems(account, label, [a.alt_text for a in chosen])
        + aspect_problems(account, label, sizes)
    )


def attach(post: Any, chosen: Sequence[Attachment]) -> None:
    """Make ``chosen`` the post's images, in order (called inside the saving transaction)."""
    PostMedia.objects.filter(post=post).delete()
    PostMedia.objects.bulk_create(
        PostMedia(
            workspace_id=post.workspace_id,
            post=post,
            media=a.item,
            position=position,
            alt_text="" if a.alt_text == a.item.alt_text else a.alt_text,
        )
        for position, a in enumerate(chosen)
    )
    for a in chosen:
        if a.alt_text and not a.item.alt_text:
            MediaItem.objects.filter(pk=a.item.pk, alt_text="").update(alt_text=a.alt_text)


def initial(post: Any) -> dict[str, Any]:
    links = list(PostMedia.objects.filter(post=post).select_related("media"))
    if not links:
        return {}
    values: dict[str, Any] = {FIELD: [link.media_id for link in links]}
    for link in links:
        values[alt_name(link.media_id)] = link.description
    return values


def outgoing_media(post_id: int, network: str) -> tuple[Media, ...]:
    """The post's images, converted for ``network``; a failure is a validation error."""
    links = PostMedia.objects.filter(post_id=post_id).select_related("media")
    media = []
    for link in links:
        try:
            media.append(convert.for_network(link.media, network, link.description))
        except (convert.ConversionError, ValidationError, OSError, ValueError) as error:
            raise NetworkError(
                ErrorKind.VALIDATION, f"image {link.media.original_name}: {error}"
            ) from error
    return tuple(media)


def choices(form: forms.Form) -> list[tuple[MediaItem, bool, str]]:
    """The library images offered in the composer: the chosen ones first, in their order,
    then the most recent others (the whole library is in the media library page)."""
    field = form.fields[FIELD]
    assert isinstance(field, MediaChoiceField)
    data = form.data if form.is_bound else form.initial
    picked = list(dict.fromkeys(chosen_ids(data)))
    library = field.queryset if field.queryset is not None else MediaItem.objects.none()
    by_id = {
        str(item.pk): item for item in library.filter(pk__in=[p for p in picked if p.isdigit()])
    }
    items = [by_id[pk] for pk in picked if pk in by_id]
    room = max(OFFERED - len(items), 0)
    items += list(library.exclude(pk__in=[item.pk for item in items])[:room])
    rows = []
    for item in items:
        alt = str(data.get(alt_name(item)) or "") if alt_name(item) in data else item.alt_text
        rows.append((item, str(item.pk) in by_id, alt))
    return rows
