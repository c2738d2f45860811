"""Each signed-in person's start page ("home"), made of panels that the apps contribute.

core knows no domain app: every app puts its panels in its own ``panels.py`` and imports that
module from its ``AppConfig.ready()``, so that the registry fills itself as the apps load and
no app imports another to be shown on the home page. A panel is a function of the request
that returns the panel's context, or None when it has nothing to show that person (the panel is
then left out). Adding one takes a few lines::

    from erasmusdesk.core.home import Item, register_panel

    @register_panel("mobility.nominations", title=_("Nominations waiting"), order=45,
                    shown_to=is_coordinator)
    def nominations_waiting(request):
        return {"items": [Item(_("To the partners"), count, reverse(...))]}

Without a template of its own, a panel is drawn by ``core/panels/_items.html`` as a list of
items (a label, a count, a link); ``empty`` gives the sentence shown when the list is empty.
A person whom no panel concerns (an applicant) is sent to ``ERASMUSDESK_HOME_FALLBACK``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

DEFAULT_TEMPLATE = "core/panels/_items.html"


@dataclass(frozen=True)
class Item:
    """One line of a panel: what it is, how many (None: no count), where to go (may be "")."""

    label: Any
    count: int | None = None
    url: str = ""
    detail: Any = ""
    # "warn" draws the line as something that needs doing.
    tone: str = ""


@dataclass(frozen=True)
class Panel:
    name: str
    title: Any
    context: Callable[[HttpRequest], dict | None]
    shown_to: Callable[[Any], bool]
    template: str = DEFAULT_TEMPLATE
    order: int = 100
    # "wide" panels take the whole row (a table); others sit in the grid.
    wide: bool = False


@dataclass
class ShownPanel:
    panel: Panel
    context: dict = field(default_factory=dict)

    @property
    def title(self):
        return self.panel.title

    @property
    def template(self) -> str:
        return self.panel.template

    @property
    def anchor(self) -> str:
        return "panel-" + self.panel.name.replace(".", "-").replace("_", "-")


_PANELS: dict[str, Panel] = {}


def register_panel(
    name: str,
    *,
    title,
    shown_to: Callable[[Any], bool],
    template: str = DEFAULT_TEMPLATE,
    order: int = 100,
    wide: bool = False,
):
    """Decorator: add the decorated function as the panel ``name`` ("app.what") of the home
    page, shown to the users for whom ``shown_to(user)`` is true, in ascending ``order``.

    Registering a name again replaces the panel (a module imported twice stays harmless).
    """

    def decorator(function: Callable[[HttpRequest], dict | None]):
        _PANELS[name] = Panel(
            name=name,
            title=title,
            context=function,
            shown_to=shown_to,
            template=template,
            order=order,
            wide=wide,
        )
        return function

    return decorator


def registered_panels() -> list[Panel]:
    """Every registered panel, in order."""
    return sorted(_PANELS.values(), key=lambda panel: (panel.order, panel.name))


def panels_for(request: HttpRequest) -> list[ShownPanel]:
    """The panels that concern the signed-in person, each with its context, in order."""
    shown = []
    for panel in registered_panels():
        if not panel.shown_to(request.user):
            continue
        context = panel.context(request)
        if context is None:
            continue
        shown.append(ShownPanel(panel=panel, context=context))
    return shown
