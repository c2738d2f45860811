"""The advisor's reasons as sentences in the reader's language."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from erasmusdesk.advisor import fit

ROLE_LABELS = {
    "student": gettext_lazy("student"),
    "teacher": gettext_lazy("teacher"),
    "staff": gettext_lazy("staff member"),
}
LEVEL_LABELS = {
    "bachelor": gettext_lazy("bachelor's"),
    "master": gettext_lazy("master's"),
    "doctoral": gettext_lazy("doctoral"),
}
POSITION_LABELS = {
    "professor": gettext_lazy("professor"),
    "senior_lecturer": gettext_lazy("senior lecturer (associate professor)"),
    "lecturer": gettext_lazy("lecturer"),
    "researcher": gettext_lazy("researcher"),
}
ACTIVITY_LABELS = {
    "": "",
    "study": pgettext_lazy("mobility activity", "study"),
    "traineeship": pgettext_lazy("mobility activity", "traineeship"),
    "teaching": pgettext_lazy("mobility activity", "teaching"),
    "training": pgettext_lazy("mobility activity", "training"),
}
REASON_CALL_EXCLUDES = "call_not_for_you"


def _join(labels: dict, codes) -> str:
    return ", ".join(str(labels.get(str(code), code)) for code in codes)


def sentence(reason: fit.Reason) -> str:
    v = reason.values
    code = reason.code
    if code == fit.REASON_ROLE_FITS:
        return _("Open to you as a %(role)s.") % {"role": ROLE_LABELS[str(v["role"])]}
    if code == fit.REASON_ROLE_NOT:
        return _("Open to: %(roles)s; not to a %(role)s.") % {
            "roles": _join(ROLE_LABELS, v["roles"]),
            "role": ROLE_LABELS[str(v["role"])],
        }
    if code == fit.REASON_INSTITUTIONAL:
        return _(
            "The university or an association applies as an institution; nobody takes part "
            "on their own. Ask the international office."
        )
    if code == fit.REASON_LEVEL_MISSING:
        return _("Say your level of study (%(levels)s).") % {
            "levels": _join(LEVEL_LABELS, v["levels"])
        }
    if code == fit.REASON_LEVEL_NOT:
        return _("Open to %(levels)s students; not at the %(level)s level.") % {
            "levels": _join(LEVEL_LABELS, v["levels"]),
            "level": LEVEL_LABELS[str(v["level"])],
        }
    if code == fit.REASON_YEAR_MISSING:
        return _("Say your year of study: bachelor students go from year %(minimum)s.") % v
    if code == fit.REASON_YEAR_TOO_EARLY:
        return (
            _(
                "Bachelor students go from year %(minimum)s of their studies; you are in year "
                "%(year)s."
            )
            % v
        )
    if code == fit.REASON_DEGREE_HELD:
        return _("You hold a first degree (bachelor's or its recognised equivalent).")
    if code == fit.REASON_DEGREE_NEEDED:
        return _(
            "Needs a first degree (bachelor's or its recognised equivalent) by the programme's "
            "start; many programmes accept final-year students who graduate before it."
        )
    if code == fit.REASON_LANGUAGE_BELOW:
        return (
            _("Needs the language of instruction at %(minimum)s at least; you have %(language)s.")
            % v
        )
    if code == fit.REASON_LANGUAGE_ADVISED:
        return _("Calls usually ask for the language of instruction at %(minimum)s at least.") % v
    if code == fit.REASON_POSITION_MISSING:
        return _("Say your position: held by a %(positions)s.") % {
            "positions": _join(POSITION_LABELS, v["positions"])
        }
    if code == fit.REASON_POSITION_FITS:
        return _("Your position (%(position)s) may hold it.") % {
            "position": POSITION_LABELS.get(v["position"], v["position"])
        }
    if code == fit.REASON_POSITION_NOT:
        return _("Held by a %(positions)s; not by a %(position)s.") % {
            "positions": _join(POSITION_LABELS, v["positions"]),
            "position": POSITION_LABELS.get(v["position"], v["position"]),
        }
    if code == fit.REASON_NO_RULES:
        return _("The office has not entered who may take part yet; ask the international office.")
    if code == REASON_CALL_EXCLUDES:
        return _("The open call %(call)s is for: %(categories)s.") % v
    raise ValueError(code)
