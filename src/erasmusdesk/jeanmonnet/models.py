"""Jean Monnet: the office's rules per action and call year, and the teachers' proposals."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from erasmusdesk.jeanmonnet import rules as pure

ACTION_LABELS = {
    pure.Action.MODULE: _("Jean Monnet Module"),
    pure.Action.CHAIR: _("Jean Monnet Chair"),
    pure.Action.CENTRE: _("Jean Monnet Centre of Excellence"),
    pure.Action.NETWORK: _("Jean Monnet Network"),
    pure.Action.POLICY_DEBATE_NETWORK: _("Jean Monnet Policy Debate network"),
    pure.Action.PROJECT: _("Jean Monnet Project"),
    pure.Action.ASSOCIATION: _("Jean Monnet Support to Associations"),
}
# The names of the seed catalogue and of the 2014-2020 Programme Guides, shown beside the
# 2021-2027 names (the seed's "Department" is the Chair).
FORMER_LABELS = {
    pure.Action.MODULE: _("Jean Monnet Module (the same name in the seed and 2014-2020)"),
    pure.Action.CHAIR: _("Jean Monnet Department (the seed); Jean Monnet Chair (2014-2020)"),
    pure.Action.CENTRE: _("Jean Monnet Centre of Excellence (the same name since 2014)"),
    pure.Action.NETWORK: _("Jean Monnet Networks (the seed and 2014-2020)"),
    pure.Action.POLICY_DEBATE_NETWORK: _(
        "new in 2021-2027 (Jean Monnet Networks: policy debate with the academic world)"
    ),
    pure.Action.PROJECT: _("Jean Monnet Projects (the seed and 2014-2020)"),
    pure.Action.ASSOCIATION: _("Support to Associations (the seed and 2014-2020)"),
}
POSITION_LABELS = {
    pure.HolderPosition.PROFESSOR: _("professor"),
    pure.HolderPosition.SENIOR_LECTURER: _("senior lecturer (associate professor)"),
    pure.HolderPosition.LECTURER: _("lecturer"),
    pure.HolderPosition.RESEARCHER: _("researcher"),
}
DOCUMENT_LABELS = {
    "declaration_on_honour": _("Declaration on honour signed by the legal representative"),
    "cvs": _("CVs of the team"),
}

ACTION_CHOICES = [(str(action), label) for action, label in ACTION_LABELS.items()]
POSITION_CHOICES = [(str(position), label) for position, label in POSITION_LABELS.items()]


def document_label(code: str) -> str:
    return str(DOCUMENT_LABELS.get(code, code))


class ActionRule(models.Model):
    """What one Jean Monnet action requires in a range of call years; editable by the office,
    shipped with the sourced defaults of jeanmonnet/defaults.py. An empty limit: none."""

    action = models.CharField(_("action"), max_length=30, choices=ACTION_CHOICES)
    first_call_year = models.PositiveSmallIntegerField(
        _("first call year"), validators=[MinValueValidator(2014), MaxValueValidator(2100)]
    )
    last_call_year = models.PositiveSmallIntegerField(
        _("last call year"), validators=[MinValueValidator(2014), MaxValueValidator(2100)]
    )
    min_hours_per_year = models.PositiveSmallIntegerField(
        _("minimum teaching hours per academic year"), null=True, blank=True
    )
    min_duration_months = models.PositiveSmallIntegerField(
        _("minimum duration (months)"), null=True, blank=True
    )
    max_duration_months = models.PositiveSmallIntegerField(
        _("maximum duration (months)"), null=True, blank=True
    )
    max_grant_eur = models.DecimalField(
        _("maximum EU grant (EUR)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    funding_rate_percent = models.PositiveSmallIntegerField(
        _("maximum share of eligible costs (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )
    min_partners = models.PositiveSmallIntegerField(_("minimum partners"), null=True, blank=True)
    min_countries = models.PositiveSmallIntegerField(
        _("minimum partner countries"), null=True, blank=True
    )
    holder_positions = models.JSONField(
        _("positions that may hold it"),
        default=list,
        blank=True,
        help_text=_(
            "Empty: any position. Values: professor, senior_lecturer, lecturer, researcher."
        ),
    )
    one_per_institution = models.BooleanField(_("one per institution and call"), default=False)
    documents = models.JSONField(
        _("required documents (codes)"),
        default=list,
        blank=True,
        help_text=_("Codes such as declaration_on_honour, cvs."),
    )
    source = models.TextField(_("source"))

    class Meta:
        verbose_name = _("Jean Monnet action rule")
        verbose_name_plural = _("Jean Monnet action rules")
        ordering = ["action", "first_call_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "first_call_year"], name="jeanmonnet_rule_unique_start"
            ),
            models.CheckConstraint(
                condition=models.Q(last_call_year__gte=models.F("first_call_year")),
                name="jeanmonnet_rule_years_in_order",
                violation_error_message=_("The last call year cannot come before the first."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.first_call_year}–{self.last_call_year}"

    def to_rules(self) -> pure.ActionRules:
        return pure.ActionRules(
            action=pure.Action(self.action),
            first_call_year=self.first_call_year,
            last_call_year=self.last_call_year,
            source=self.source,
            min_hours_per_year=self.min_hours_per_year,
            min_duration_months=self.min_duration_months,
            max_duration_months=self.max_duration_months,
            max_grant_eur=self.max_grant_eur,
            funding_rate_percent=self.funding_rate_percent,
            min_partners=self.min_partners,
            min_countries=self.min_countries,
            holder_positions=tuple(pure.HolderPosition(p) for p in self.holder_positions),
            one_per_institution=self.one_per_institution,
            documents=tuple(self.documents),
        )


class ProposalState(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_REVIEW = "in_review", _("with the office for review")
    RETURNED = "returned", _("returned to the teacher")
    SIGNED_OFF = "signed_off", _("signed off for the legal representative")
    AWARDED = "awarded", _("awarded")
    NOT_AWARDED = "not_awarded", _("not awarded")


EDITABLE_STATES = (ProposalState.DRAFT, ProposalState.RETURNED)


class Proposal(models.Model):
    """A Jean Monnet proposal a teacher prepares and the office reviews and signs off."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teacher"),
        on_delete=models.PROTECT,
        related_name="jean_monnet_proposals",
    )
    title = models.CharField(_("title"), max_length=200)
    action = models.CharField(_("action"), max_length=30, choices=ACTION_CHOICES)
    call_year = models.PositiveSmallIntegerField(
        _("call year"), validators=[MinValueValidator(2014), MaxValueValidator(2100)]
    )
    holder_position = models.CharField(
        _("position of the holder"), max_length=20, choices=POSITION_CHOICES
    )
    duration_months = models.PositiveSmallIntegerField(_("duration (months)"), null=True)
    requested_eur = models.DecimalField(
        _("EU grant requested (EUR)"), max_digits=10, decimal_places=2, null=True
    )
    work_plan = models.TextField(_("work plan"), blank=True)
    commission_deadline = models.DateField(_("the Commission's deadline"), null=True, blank=True)
    internal_days_before = models.PositiveSmallIntegerField(
        _("internal deadline: days before the Commission's"),
        default=14,
        validators=[MaxValueValidator(120)],
    )
    documents_ready = models.JSONField(_("documents ready"), default=list, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=ProposalState.choices, default=ProposalState.DRAFT
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("Jean Monnet proposal")
        verbose_name_plural = _("Jean Monnet proposals")
        ordering = ["-updated"]
        permissions = [
            ("review_proposal", _("Can review and sign off Jean Monnet proposals")),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def internal_deadline(self):
        """The office's own deadline: ``internal_days_before`` days before the Commission's."""
        if self.commission_deadline is None:
            return None
        return self.commission_deadline - timedelta(days=self.internal_days_before)

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    def hours_per_year(self) -> tuple[int, ...]:
        """Teaching hours per academic year (1, 2, 3...), summed over the courses; a year
        without a course counts 0, up to the last year that has one."""
        totals: dict[int, int] = {}
        for line in self.teaching.all():
            totals[line.academic_year] = totals.get(line.academic_year, 0) + line.hours
        if not totals:
            return ()
        return tuple(totals.get(year, 0) for year in range(1, max(totals) + 1))


class TeamMember(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="team")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role in the project"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class TeachingLine(models.Model):
    """A course of the teaching plan in one academic year of the project (1 = the first)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="teaching")
    academic_year = models.PositiveSmallIntegerField(
        _("academic year of the project"), validators=[MinValueValidator(1), MaxValueValidator(6)]
    )
    course = models.CharField(_("course"), max_length=200)
    hours = models.PositiveSmallIntegerField(_("teaching hours"))

    class Meta:
        ordering = ["academic_year", "pk"]

    def __str__(self) -> str:
        return f"{self.academic_year}: {self.course} ({self.hours})"


class ProposalPartner(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country (ISO code, EL for Greece)"), max_length=2)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"


class ProposalComment(models.Model):
    """The office's comment on a proposal (and the teacher's answer), oldest first."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    text = models.TextField(_("comment"), max_length=4000)
    created = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Deliverable(models.Model):
    """After an award: a reporting period's report or a deliverable, with its due date."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="deliverables")
    title = models.CharField(_("deliverable or report"), max_length=200)
    due = models.DateField(_("due"))
    done = models.BooleanField(_("done"), default=False)
    reminded_on = models.DateField(_("reminder sent"), null=True, blank=True)

    class Meta:
        ordering = ["due", "pk"]

    def __str__(self) -> str:
        return f"{self.due}: {self.title}"


class ProposalDocument(models.Model):
    """A file the teacher attaches to a proposal for one of the documents its call needs
    (``code``: a code of the action rule's ``documents``, e.g. ``cvs``), checked and stored
    as the applicants' documents are (applications/uploads.py): the content decides the
    kind, the stored name is random, the SHA-256 proves it unchanged."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="files")
    code = models.CharField(_("document"), max_length=60)
    display_name = models.CharField(_("file name"), max_length=120)
    file = models.FileField(_("file"), max_length=200)
    kind = models.CharField(_("file type"), max_length=5)
    content_type = models.CharField(max_length=40)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("document of a Jean Monnet proposal")
        verbose_name_plural = _("documents of Jean Monnet proposals")
        ordering = ["code", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"{document_label(self.code)}: {self.display_name}"

    @property
    def label(self) -> str:
        return document_label(self.code)
