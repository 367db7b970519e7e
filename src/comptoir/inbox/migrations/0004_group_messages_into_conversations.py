"""Put every message stored before conversations existed into a conversation.

Messages of one network thread and one person share a conversation; a message with no
thread (demo messages) starts its own. The conversation takes the status and assignee
the message had.
"""

from django.db import migrations

STATUS_RANK = {"new": 0, "open": 1, "waiting": 2, "done": 3}


def group(apps, schema_editor):
    Message = apps.get_model("inbox", "Message")
    Conversation = apps.get_model("inbox", "Conversation")
    found = {}
    for message in Message.objects.filter(conversation__isnull=True).order_by("received_at", "pk"):
        thread = message.thread_id or message.remote_id
        key = (
            message.workspace_id,
            message.account_id,
            f"{thread}#{message.person_id}" if thread else f"message-{message.pk}",
        )
        conversation = found.get(key)
        if conversation is None:
            conversation = Conversation.objects.create(
                workspace_id=message.workspace_id,
                account_id=message.account_id,
                network=message.network,
                person_id=message.person_id,
                thread_key=key[2] if thread else "",
                status=message.status,
                assignee_id=message.assignee_id,
                started_at=message.received_at,
                last_message_at=message.received_at,
                waiting_since=None if message.replied_at else message.received_at,
                first_response_at=message.replied_at,
            )
            found[key] = conversation
        else:
            conversation.last_message_at = message.received_at
            if STATUS_RANK.get(message.status, 0) < STATUS_RANK.get(conversation.status, 0):
                conversation.status = message.status
            conversation.assignee_id = conversation.assignee_id or message.assignee_id
            if not message.replied_at and conversation.waiting_since is None:
                conversation.waiting_since = message.received_at
            conversation.save()
        message.conversation_id = conversation.pk
        message.save(update_fields=["conversation"])


class Migration(migrations.Migration):
    dependencies = [("inbox", "0003_conversations")]

    operations = [migrations.RunPython(group, migrations.RunPython.noop)]
