"""No business ever reaches another business's data, whatever address it types.

This walks every URL pattern of the project. For each one that takes a workspace slug
and/or object ids, a signed-in owner of workspace A requests it with workspace B's slug
and with B's objects (one of every workspace-scoped model is created in B), by GET and by
POST, and must get 404: not 403 (which would confirm the object exists), not 200, and no
trace of B in the page. 405 is accepted, because a view refusing a method refuses it
whatever the ids; but at least one of GET and POST must answer 404.

As controls, the same address filled with A's own slug and objects must be found by A's
owner, and with B's by B's owner (not 404): a 404 above then means "not yours", not "no
such page".

New views are covered without touching this file, as long as their URL parameters follow
the project's names: ``workspace_slug``; ``<model>_id`` or ``<model>_pk`` for a
workspace-scoped model (``message_id``, ``account_id`` for ``ConnectedAccount``...);
``pk``/``id`` when the view's app has a single scoped model. Any other parameter makes
the test for that route fail and say what to do. Routes whose parameters belong to no
workspace (invitation and password reset links) are listed below, each with its reason.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import factory
import pytest
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from comptoir.accounts.models import User
from comptoir.inbox.conversations import refresh
from comptoir.inbox.models import Conversation
from comptoir.workspaces.models import Membership, Role, Workspace
from tests import factories
from tests.factories import MembershipFactory, UserFactory, WorkspaceFactory

pytestmark = pytest.mark.django_db

MARK_A, MARK_B = "zzaaworkspace", "zzbbworkspace"

# Routes with parameters that belong to no workspace; each needs a reason.
NOT_WORKSPACE_ROUTES = {
    "accounts:password_reset_confirm": "a password reset link; the token is checked by Django",
    "workspaces:invitation": "an invitation link: a secret token looked up by its hash",
    "calendar_feed:ical": "a calendar feed address: the secret token is the only key",
    "webhooks:receive": "a network's webhook address: the secret token is the only key",
}

# Parameters that are plain values, not objects: the value the test uses, and the value
# for particular routes when the default does not apply there.
VALUE_PARAMETERS: dict[str, str] = {
    "network": "sandbox",
}
ROUTE_VALUES: dict[tuple[str, str], str] = {
    # The sandbox connects without leaving Comptoir; Mastodon comes back through OAuth.
    ("networks:callback", "network"): "mastodon",
}

# Values for required fields of models without a factory, where any text will not do.
FIELD_VALUES: dict[str, Any] = {
    "network": "sandbox",  # a network Comptoir knows and that works without a server
}

# Fields never overwritten with B's marker: views look objects up by them.
IDENTIFIER = re.compile(r"(^|_)(id|key|token|hash|network|slug|status|kind|type|code|uuid)$")

# Routes that rightly answer 404 to A's own owner too; each needs a reason.
NOT_FOUND_FOR_OWNERS_TOO = {
    "demo:reset": "resetting exists only in the demo workspace",
}


# --- The URL patterns -----------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str
    path: str
    parameters: tuple[str, ...]
    view_module: str


def walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace or "") if part)
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            path = prefix + str(entry.pattern)
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield Route(
                name=name or f"<unnamed {path}>",
                path=path,
                parameters=tuple(parameters_of(path)),
                view_module=getattr(entry.callback, "__module__", ""),
            )


def parameters_of(path: str) -> list[str]:
    """Parameter names of path() routes ("<int:pk>") and re_path() groups ("(?P<pk>...)")."""
    names = re.findall(r"<(?:\w+:)?(\w+)>", path) + re.findall(r"\(\?P<(\w+)>", path)
    return list(dict.fromkeys(names))


ALL_ROUTES = list(walk(get_resolver().url_patterns))
ROUTES_WITH_PARAMETERS = [route for route in ALL_ROUTES if route.parameters]


# --- Workspace-scoped models and one object of each per workspace ---------------------


def is_scoped(model: type[models.Model]) -> bool:
    try:
        workspace_field = model._meta.get_field("workspace")
    except FieldDoesNotExist:
        return False
    return bool(workspace_field.many_to_one and workspace_field.related_model is Workspace)


def scoped_models() -> list[type[models.Model]]:
    """Every concrete scoped model, each after the scoped models it points to."""
    pending = [m for m in apps.get_models() if is_scoped(m) and not m._meta.proxy]
    ordered: list[type[models.Model]] = []
    while pending:
        for model in pending:
            needs = {
                f.related_model
                for f in model._meta.concrete_fields
                if f.many_to_one and f.related_model in pending and f.related_model is not model
            }
            if not needs:
                ordered.append(model)
                pending.remove(model)
                break
        else:
            raise AssertionError(f"Circular foreign keys between scoped models: {pending}")
    return ordered


def factory_for(model: type[models.Model]) -> type[factory.django.DjangoModelFactory] | None:
    for value in vars(factories).values():
        if (
            isinstance(value, type)
            and issubclass(value, factory.django.DjangoModelFactory)
            and value._meta.model is model
        ):
            return value
    return None


def plain_value(model: type[models.Model], f: models.Field[Any, Any], text: str) -> Any:
    """A valid value for a required field the factories do not know about."""
    if f.name in FIELD_VALUES:
        return FIELD_VALUES[f.name]
    if f.choices:
        return f.choices[0][0]
    if isinstance(f, models.EmailField):
        return f"{text}@example.org"
    if isinstance(f, models.URLField):
        return f"https://{text}.example.org/"
    if isinstance(f, models.CharField | models.TextField):
        limit = f.max_length or 1000
        return f"{text}-{model._meta.model_name}-{f.name}"[:limit]
    if isinstance(f, models.BooleanField):
        return False
    if isinstance(f, models.IntegerField | models.FloatField):
        return 1
    if isinstance(f, models.DecimalField):
        return Decimal(1)
    if isinstance(f, models.DateTimeField):
        return timezone.now()
    if isinstance(f, models.DateField):
        return timezone.localdate()
    if isinstance(f, models.UUIDField):
        return uuid.uuid4()
    if isinstance(f, models.JSONField):
        return {}
    raise AssertionError(
        f"The isolation test cannot invent a value for {model.__name__}.{f.name} "
        f"({type(f).__name__}); add a factory for {model.__name__} in tests/factories.py."
    )


def build(
    model: type[models.Model],
    workspace: Workspace,
    user: User,
    made: dict[type[models.Model], models.Model],
    text: str,
) -> models.Model:
    related: dict[str, Any] = {}
    for f in model._meta.concrete_fields:
        if f.many_to_one and f.related_model in made:
            related[f.name] = made[f.related_model]
        elif f.many_to_one and f.related_model is User and f.name != "user":
            related[f.name] = user
    maker = factory_for(model)
    if maker is not None:
        return maker(workspace=workspace, **related)
    values: dict[str, Any] = {"workspace": workspace, **related}
    for f in model._meta.concrete_fields:
        if f.name in values or f.primary_key or f.null or f.has_default():
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            continue
        if f.blank and f.empty_strings_allowed:
            continue
        if f.many_to_one:
            if f.related_model is User:
                values[f.name] = UserFactory()
                continue
            raise AssertionError(
                f"{model.__name__}.{f.name} points to {f.related_model.__name__}, which is "
                "not workspace-scoped; add a factory for it in tests/factories.py."
            )
        values[f.name] = plain_value(model, f, text)
    return model._default_manager.create(**values)


def mark_text(instance: models.Model, text: str) -> None:
    """Write B's marker in every free text field, to look for it in A's pages.

    Identifiers are left alone, so B's objects stay valid; the control in the route test
    (B's owner finds them) checks that.
    """
    model = type(instance)
    values: dict[str, Any] = {}
    for f in model._meta.concrete_fields:
        if f.choices or f.primary_key or not isinstance(f, models.CharField | models.TextField):
            continue
        if not f.editable or IDENTIFIER.search(f.name):
            continue
        if isinstance(f, models.EmailField):
            values[f.name] = f"{text}{model._meta.model_name}@example.org"
        elif isinstance(f, models.URLField):
            values[f.name] = f"https://{text}{model._meta.model_name}.example.org/"
        elif f.max_length is None or f.max_length >= len(text) + 2:
            values[f.name] = f"{text}{model._meta.model_name}{f.name}"[: f.max_length or 1000]
    if values:
        model._default_manager.filter(pk=instance.pk).update(**values)
        instance.refresh_from_db()


@dataclass
class World:
    """One workspace with one object of every scoped model."""

    workspace: Workspace
    owner: User
    objects: dict[type[models.Model], models.Model] = field(default_factory=dict)


def make_world(name: str, text: str, *, mark: bool) -> World:
    workspace = WorkspaceFactory(name=f"{name} {text}")
    owner = MembershipFactory(workspace=workspace, role=Role.OWNER).user
    world = World(workspace, owner)
    for model in scoped_models():
        world.objects[model] = build(model, workspace, owner, world.objects, text)
    if mark:
        for instance in world.objects.values():
            mark_text(instance, text)
    return world


# --- Filling URL parameters -----------------------------------------------------------

Filler = Callable[[World], Any]


def model_for(name: str, view_module: str) -> type[models.Model] | str:
    """The scoped model a parameter names (``message``, ``account``, ``pk``), or why none.

    An exact model name wins, in the view's own app first; else a unique model whose name
    ends with it (``account`` for ``ConnectedAccount``); ``pk`` and ``id`` need the view's
    app to have a single scoped model.
    """
    everywhere = scoped_models()
    app = apps.get_containing_app_config(view_module)
    local = [m for m in everywhere if app and m._meta.app_label == app.label]
    if name in ("pk", "id"):
        if len(local) == 1:
            return local[0]
        example = (local or everywhere)[0]._meta.model_name
        return (
            f"'{name}' is ambiguous in app {app.label if app else '?'} ({len(local)} scoped "
            f"models): name it after the model, e.g. '{example}_id'"
        )
    wanted = name.replace("_", "")
    for pool in (local, everywhere):
        exact = [m for m in pool if m._meta.model_name == wanted]
        if exact:
            return exact[0]
    for pool in (local, everywhere):
        ending = [m for m in pool if str(m._meta.model_name).endswith(wanted)]
        if len(ending) == 1:
            return ending[0]
    return f"no workspace-scoped model is called '{name}'"


def object_parameter(parameter: str, view_module: str) -> tuple[type[models.Model] | str, str]:
    """(model, attribute) for an object parameter, or (why it cannot be filled, "").

    ``message_id`` -> (Message, "pk"); ``sandboxpost_remote_id`` -> (SandboxPost,
    "remote_id"): the longest leading part that names a model wins.
    """
    if parameter in ("pk", "id"):
        return model_for(parameter, view_module), "pk"
    parts = parameter.split("_")
    for cut in range(len(parts) - 1, 0, -1):
        base, attribute = "_".join(parts[:cut]), "_".join(parts[cut:])
        target = model_for(base, view_module)
        if isinstance(target, str):
            continue
        if attribute in ("id", "pk"):
            return target, "pk"
        try:
            target._meta.get_field(attribute)
        except FieldDoesNotExist:
            continue
        return target, attribute
    return (
        f"parameter '{parameter}' is neither workspace_slug nor <model>_id / <model>_<field> "
        "for a workspace-scoped model",
        "",
    )


def fillers(route: Route) -> tuple[dict[str, Filler], list[str]]:
    found: dict[str, Filler] = {}
    problems: list[str] = []
    for parameter in route.parameters:
        if parameter == "workspace_slug":
            found[parameter] = lambda world: world.workspace.slug
        elif parameter in VALUE_PARAMETERS:
            value = ROUTE_VALUES.get((route.name, parameter), VALUE_PARAMETERS[parameter])
            found[parameter] = lambda world, value=value: value
        else:
            target, attribute = object_parameter(parameter, route.view_module)
            if isinstance(target, str):
                problems.append(target)
            else:
                found[parameter] = lambda world, m=target, a=attribute: getattr(world.objects[m], a)
    return found, problems


# --- The tests ------------------------------------------------------------------------


@pytest.fixture
def worlds() -> tuple[World, World, Client]:
    a = make_world("Espace A", MARK_A, mark=False)
    b = make_world("Espace B", MARK_B, mark=True)
    client = Client(raise_request_exception=False)
    client.force_login(a.owner)
    return a, b, client


def owner_client(world: World) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(world.owner)
    return client


def test_the_walk_sees_the_workspace_routes():
    names = {route.name for route in ROUTES_WITH_PARAMETERS}
    assert {"workspaces:dashboard", "workspaces:member_edit", "inbox:index"} <= names
    assert len(ROUTES_WITH_PARAMETERS) >= 20


def test_listed_exceptions_still_exist():
    names = {route.name for route in ALL_ROUTES}
    listed = set(NOT_WORKSPACE_ROUTES) | set(NOT_FOUND_FOR_OWNERS_TOO)
    stale = (listed | {name for name, _parameter in ROUTE_VALUES}) - names
    assert not stale, f"Remove these names from tests/test_isolation.py: {sorted(stale)}"


def test_every_scoped_model_can_be_created_in_both_workspaces(worlds):
    a, b, _client = worlds
    for model in scoped_models():
        for world in (a, b):
            instance = world.objects[model]
            assert instance.workspace_id == world.workspace.pk, model.__name__
    assert {Membership} <= set(b.objects)


def test_the_marker_would_be_seen_if_it_leaked(worlds):
    """B's marked objects do show on B's own pages, so their absence from A's means something."""
    _a, b, _client = worlds
    client = Client()
    client.force_login(b.owner)
    # The dashboard lists what waits for an answer: B's message does, as ingestion leaves it.
    refresh([b.objects[Conversation]])
    page = client.get(reverse("workspaces:dashboard", args=[b.workspace.slug])).content.decode()
    assert f"{MARK_B}messagetext" in page
    page = client.get(reverse("workspaces:settings", args=[b.workspace.slug])).content.decode()
    assert f"{MARK_B}objectivelabel" in page


def url_for(route: Route, values: dict[str, Any]) -> str:
    return reverse(route.name, kwargs=values)


@pytest.mark.parametrize(
    "route",
    [route for route in ROUTES_WITH_PARAMETERS if route.name not in NOT_WORKSPACE_ROUTES],
    ids=lambda route: route.name,
)
def test_another_workspaces_slug_and_objects_are_not_found(route, worlds):
    assert not route.name.startswith("<unnamed"), f"Give the URL pattern {route.path} a name."
    found, problems = fillers(route)
    assert not problems, (
        f"The isolation test cannot fill {route.path} ({route.name}): {'; '.join(problems)}. "
        "Use workspace_slug and <model>_id parameters for workspace-scoped models, or add the "
        "route to NOT_WORKSPACE_ROUTES / the parameter to VALUE_PARAMETERS in "
        "tests/test_isolation.py with a reason."
    )
    a, b, client = worlds
    slug_parameters = [p for p in found if p == "workspace_slug"]
    object_parameters = [p for p in found if p != "workspace_slug" and p not in VALUE_PARAMETERS]

    def values(slug_world: World, object_world: World) -> dict[str, Any]:
        filled = {}
        for parameter, fill in found.items():
            world = slug_world if parameter in slug_parameters else object_world
            filled[parameter] = fill(world)
        return filled

    combinations = []
    if slug_parameters:
        label = "B's slug and A's objects" if object_parameters else "B's slug"
        combinations.append((label, values(b, a)))
    if object_parameters:
        combinations.append(("B's objects", values(a, b)))
        if slug_parameters:
            combinations.append(("B's slug and objects", values(b, b)))
    failures = []
    for label, filled in combinations:
        url = url_for(route, filled)
        statuses = {}
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            statuses[method] = response.status_code
            body = response.content.decode(errors="replace")
            if response.status_code not in (404, 405):
                failures.append(f"{method.upper()} {url} with {label}: {response.status_code}")
            if MARK_B in body:
                failures.append(f"{method.upper()} {url} with {label}: shows B's data")
        if set(statuses.values()) == {405}:
            failures.append(f"{url} with {label}: neither GET nor POST answers 404")
    assert not failures, "Another workspace's data is reachable:\n" + "\n".join(failures)

    # Controls: each owner finds their own slug and objects, so the 404s above mean "not
    # yours", not "no such page"; and A's own page shows nothing of B.
    for owner, world in (("A", a), ("B", b)):
        url = url_for(route, values(world, world))
        response = (client if world is a else owner_client(b)).get(url)
        status = response.status_code
        assert status < 500, f"GET {url} ({owner}'s own page, by {owner}'s owner) fails: {status}"
        if world is a:
            body = response.content.decode(errors="replace")
            assert MARK_B not in body, f"GET {url} (A's own page) shows B's data"
        if route.name not in NOT_FOUND_FOR_OWNERS_TOO:
            assert status != 404, (
                f"GET {url} is not found even for {owner}'s own owner, so the 404s above prove "
                "nothing; fix the route, give the model a realistic factory in "
                "tests/factories.py, or list the route in NOT_FOUND_FOR_OWNERS_TOO with a reason."
            )


def test_pages_without_parameters_show_nothing_of_another_workspace(worlds):
    _a, _b, client = worlds
    checked = []
    for route in ALL_ROUTES:
        if route.parameters or route.name.startswith("<unnamed"):
            continue
        url = reverse(route.name)
        response = client.get(url, follow=True)
        assert MARK_B not in response.content.decode(errors="replace"), f"{url} shows B's data"
        checked.append(url)
    assert reverse("home") in checked


def test_combinations_cover_each_kind_of_route():
    """The walk sees routes with a slug only, with a slug and ids (the cases above)."""
    kinds = {
        (("workspace_slug" in route.parameters), len(route.parameters) > 1)
        for route in ROUTES_WITH_PARAMETERS
    }
    assert {(True, False), (True, True)} <= kinds
