"""Factories for the models the tests need; one per model, sensible French defaults."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from comptoir.accounts.models import User
from comptoir.contacts.models import Identity, Person
from comptoir.inbox.models import Conversation, Message
from comptoir.listening.models import Mention
from comptoir.publishing.models import Post, QueueSlot
from comptoir.replies.models import Reply, SavedReply
from comptoir.workspaces.models import Invitation, Membership, Objective, Workspace

PASSWORD = "un-mot-de-passe-solide"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    full_name = factory.Faker("name", locale="fr_FR")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class WorkspaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workspace

    name = factory.Sequence(lambda n: f"Commerce {n}")
    address = "1 place du Martroi, 45000 Orléans"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    workspace = factory.SubFactory(WorkspaceFactory)
    user = factory.SubFactory(UserFactory)
    role = "owner"


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    workspace = factory.SubFactory(WorkspaceFactory)
    email = factory.Sequence(lambda n: f"invite{n}@exemple.fr")
    token_hash = factory.Sequence(lambda n: f"{n:064d}")


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    workspace = factory.SubFactory(WorkspaceFactory)
    kind = "orders"
    label = "20 commandes de gâteaux par mois"
    target = 20


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    class Params:
        # The person's first identity: PersonFactory(network="mastodon", handle="@x@y").
        network = "bluesky"
        handle = factory.Sequence(lambda n: f"client{n}.bsky.social")

    workspace = factory.SubFactory(WorkspaceFactory)
    display_name = factory.Faker("name", locale="fr_FR")
    identity = factory.RelatedFactory(
        "tests.factories.IdentityFactory",
        factory_related_name="person",
        workspace=factory.SelfAttribute("..workspace"),
        network=factory.SelfAttribute("..network"),
        handle=factory.SelfAttribute("..handle"),
        display_name=factory.SelfAttribute("..display_name"),
    )


class IdentityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Identity

    workspace = factory.SubFactory(WorkspaceFactory)
    person = factory.SubFactory(
        PersonFactory, workspace=factory.SelfAttribute("..workspace"), identity=None
    )
    network = "bluesky"
    handle = factory.Sequence(lambda n: f"compte{n}.bsky.social")
    display_name = factory.SelfAttribute("person.display_name")


class ConversationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conversation

    workspace = factory.SubFactory(WorkspaceFactory)
    person = factory.SubFactory(PersonFactory, workspace=factory.SelfAttribute("..workspace"))
    network = factory.SelfAttribute("person.network")
    started_at = factory.LazyFunction(timezone.now)
    last_message_at = factory.SelfAttribute("started_at")


class MessageFactory(factory.django.DjangoModelFactory):
    """A received message; its conversation is made for it unless one is given."""

    class Meta:
        model = Message

    workspace = factory.SubFactory(WorkspaceFactory)
    person = factory.SubFactory(PersonFactory, workspace=factory.SelfAttribute("..workspace"))
    conversation = factory.SubFactory(
        ConversationFactory,
        workspace=factory.SelfAttribute("..workspace"),
        person=factory.SelfAttribute("..person"),
        network=factory.SelfAttribute("..network"),
        started_at=factory.SelfAttribute("..received_at"),
        account=factory.SelfAttribute("..account"),
    )
    account = None
    network = "bluesky"
    kind = "comment"
    text = "Vous êtes ouverts dimanche ?"
    received_at = factory.LazyFunction(timezone.now)


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    workspace = factory.SubFactory(WorkspaceFactory)
    text = "Nouvelle galette des rois à la frangipane !"
    networks = factory.LazyFunction(lambda: ["bluesky", "mastodon"])


class MentionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mention

    workspace = factory.SubFactory(WorkspaceFactory)
    network = "mastodon"
    author_name = "Lucie"
    author_handle = "@lucie@piaille.fr"
    text = "Le meilleur pain d'Orléans, c'est chez Martin."
    found_at = factory.LazyFunction(timezone.now)


class QueueSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QueueSlot

    workspace = factory.SubFactory(WorkspaceFactory)
    weekday = 0
    time = datetime.time(9)


class SavedReplyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SavedReply

    workspace = factory.SubFactory(WorkspaceFactory)
    title = factory.Sequence(lambda n: f"Horaires {n}")
    text = "Bonjour {first_name}, nous sommes ouverts du mardi au dimanche matin."


class ReplyFactory(factory.django.DjangoModelFactory):
    """A reply waiting for approval, in the conversation of the message it answers."""

    class Meta:
        model = Reply

    workspace = factory.SubFactory(WorkspaceFactory)
    message = factory.SubFactory(
        MessageFactory,
        workspace=factory.SelfAttribute("..workspace"),
        direction="out",
        delivery="approval",
        kind="reply",
        text="Bonjour, oui jusqu'à 13 h.\n\n— Julie, Boulangerie Martin",
    )
    body = "Bonjour, oui jusqu'à 13 h."
    state = "approval"
    idempotency_key = factory.Sequence(lambda n: f"key-{n}")


# Kept beside their app's tests; listed here so that every factory is found in one place.
from tests.media.factories import MediaItemFactory  # noqa: E402, F401
from tests.webhooks.factories import AccountHookFactory  # noqa: E402, F401
