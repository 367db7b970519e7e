"""A colleague's correction of a message's or a mention's labels.

The corrected labels are marked as set by a person, which the model never overwrites,
and each changed label is kept as a :class:`~comptoir.nlp.models.Correction`: the
workspace's own training data (``comptoir nlp export-corrections``).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from comptoir.inbox.conversations import refresh
from comptoir.inbox.models import LabelledBy, Message
from comptoir.listening.models import Mention
from comptoir.nlp.models import Correction, LabelField
from comptoir.workspaces.models import Membership


def correct(
    item: Message | Mention, changes: dict[str, str], membership: Membership | None
) -> list[str]:
    """Set the given labels on ``item``; return the labels whose value changed.

    ``changes`` maps label names (language, sentiment, intent) to valid values. Setting
    a label back to what the model said withdraws the correction of that label.
    """
    source = {"message": item} if isinstance(item, Message) else {"mention": item}
    changed: list[str] = []
    with transaction.atomic():
        kept = {
            c.field: c
            for c in Correction.objects.select_for_update().filter(
                workspace_id=item.workspace_id, **source
            )
        }
        for field, value in changes.items():
            current = getattr(item, field)
            if value == current:
                continue
            changed.append(field)
            setattr(item, field, value)
            previous = kept.get(field)
            model_value = previous.model_value if previous else current
            if value == model_value:
                if previous is not None:
                    previous.delete()
                    del kept[field]
                continue
            row = previous or Correction(
                workspace_id=item.workspace_id,
                field=field,
                model_value=model_value,
                text=item.text,
                **source,
            )
            row.person_value = value
            row.corrected_by = membership
            row.corrected_at = timezone.now()
            row.save()
            kept[field] = row
        item.labelled_by = LabelledBy.PERSON
        item.save(update_fields=[*changed, "labelled_by"])
        # Every correction of this text trains on its current text and language.
        Correction.objects.filter(workspace_id=item.workspace_id, **source).update(
            text=item.text, language=item.language
        )
    if changed and isinstance(item, Message):
        refresh([item.conversation])
    return changed


__all__ = ["LabelField", "correct"]
