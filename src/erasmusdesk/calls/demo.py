"""Demo calls on the seed calendar, relative to the day the demo is loaded: the credit
mobility call of the cycle that accepts applications that day (2026/2027 on 1 December 2026)
and the closed call of the year before.

Seed calendar: applications open 1 October; normal deadline 15 January; late deadline 1 May
(erasmus-rules.md section 6). Required documents follow the seed's list.
"""

from datetime import date, datetime, time

from django.db import transaction
from django.utils import formats, timezone, translation

from erasmusdesk.calls.deadlines import SeedCycle, cycle_accepting_on, end_of_day, seed_cycle
from erasmusdesk.calls.defaults import ensure_document_types
from erasmusdesk.calls.models import ApplicantCategory, Call, DocumentType, RequiredDocument
from erasmusdesk.catalogue.models import Opportunity
from erasmusdesk.core import clock
from erasmusdesk.institutions.models import Agreement, AgreementStatus

STUDENTS = [ApplicantCategory.BACHELOR, ApplicantCategory.MASTER, ApplicantCategory.DOCTORAL]
STAFF = [ApplicantCategory.TEACHER, ApplicantCategory.STAFF]

# (document type, count, required, categories, file types); diplomas only for undergraduates,
# doctoral students and teachers, as the seed says; IELTS/TOEFL "if available".
DOCUMENT_RULES = [
    ("application_form", 1, True, STUDENTS + STAFF, "pdf"),
    ("transcript", 1, True, STUDENTS, "pdf"),
    (
        "diploma",
        1,
        True,
        [ApplicantCategory.BACHELOR, ApplicantCategory.DOCTORAL, ApplicantCategory.TEACHER],
        "pdf",
    ),
    ("language_certificate", 1, False, STUDENTS + STAFF, "pdf"),
    ("recommendation_letter", 2, True, STUDENTS + STAFF, "pdf"),
    ("passport_copy", 1, True, STUDENTS + STAFF, "pdf,jpg,png"),
]


def demo_cycle(today: date) -> SeedCycle:
    """The cycle of the demo's open call: the seed's calendar for the academic year whose
    call accepts applications on ``today`` (deadlines.cycle_accepting_on)."""
    return cycle_accepting_on(today)


def open_call_slug(today: date) -> str:
    """The slug of the demo's open call on ``today`` (``icm-2026-2027`` on 1 December 2026)."""
    year = demo_cycle(today).academic_year
    return f"icm-{year}-{year + 1}"


def _years(year: int) -> str:
    return f"{year}/{year + 1}"


def demo_calls(today: date) -> list[dict]:
    """The open call of the cycle in force on ``today`` and the closed call of the year
    before, in three languages."""
    cycle = demo_cycle(today)
    years = _years(cycle.academic_year)
    late = formats.date_format(cycle.deadline, "j F")
    before = seed_cycle(cycle.academic_year - 1)
    closed = _years(before.academic_year)
    with translation.override("ru"):
        late_ru = formats.date_format(cycle.deadline, "j E")
    with translation.override("kk"):
        late_kk = formats.date_format(cycle.deadline, "j E")
    return [
        {
            "slug": open_call_slug(today),
            "academic_year": cycle.academic_year,
            "title_en": f"Erasmus+ credit mobility {years}",
            "title_ru": f"Кредитная мобильность Erasmus+ {years}",
            "title_kk": f"Erasmus+ кредиттік ұтқырлығы {years}",
            "description_en": (
                "Study for one or two semesters, or teach or train for a few days, at one of "
                f"our partner universities in {years}. Choose up to three partner places in "
                "your field and level, upload your documents in English, and submit before "
                f"the deadline. Places still free after {late} are offered in the late round."
            ),
            "description_ru": (
                "Учёба в течение одного-двух семестров или короткая поездка для преподавания и "
                f"повышения квалификации в университете-партнёре в {years} учебном году. "
                "Выберите до трёх мест по своей специальности и уровню, загрузите документы на "
                "английском языке и подайте заявку до дедлайна. Места, оставшиеся свободными "
                f"после {late_ru}, предлагаются в позднем раунде."
            ),
            "description_kk": (
                f"{years} оқу жылында серіктес университетте бір-екі семестр оқу немесе "
                "бірнеше күнге сабақ беруге не біліктілікті арттыруға бару. Өз мамандығыңыз бен "
                "деңгейіңізге сай үш орынға дейін таңдаңыз, құжаттарды ағылшын тілінде жүктеп, "
                f"өтінімді мерзімінде жіберіңіз. {late_kk} кейін бос қалған орындар кеш "
                "кезеңде ұсынылады."
            ),
            "opens": cycle.opens,
            "deadline": cycle.deadline,
            "late_deadline": cycle.late_deadline,
        },
        {
            "slug": f"icm-{before.academic_year}-{before.academic_year + 1}",
            "academic_year": before.academic_year,
            "title_en": f"Erasmus+ credit mobility {closed}",
            "title_ru": f"Кредитная мобильность Erasmus+ {closed}",
            "title_kk": f"Erasmus+ кредиттік ұтқырлығы {closed}",
            "description_en": f"The call for {closed} is closed; its results have been published.",
            "description_ru": f"Конкурс на {closed} учебный год закрыт; его итоги опубликованы.",
            "description_kk": (
                f"{closed} оқу жылына арналған конкурс жабылды; нәтижелері жарияланды."
            ),
            "opens": before.opens,
            "deadline": before.deadline,
            "late_deadline": before.late_deadline,
        },
    ]


@transaction.atomic
def load_demo_calls() -> int:
    """Create the demo calls that do not exist yet; return how many were created."""
    opportunity = Opportunity.objects.get(slug="international-credit-mobility")
    zone = timezone.get_default_timezone()
    created = 0
    for data in demo_calls(clock.localdate()):
        if Call.objects.filter(slug=data["slug"]).exists():
            continue
        texts = {
            key: value for key, value in data.items() if key.startswith(("title_", "description_"))
        }
        call = Call(
            slug=data["slug"],
            opportunity=opportunity,
            academic_year=data["academic_year"],
            title=data["title_en"],
            description=data["description_en"],
            opens_at=datetime.combine(data["opens"], time(0, 0), tzinfo=zone),
            deadline=end_of_day(data["deadline"], zone),
            late_deadline=end_of_day(data["late_deadline"], zone),
            eligible_categories=",".join(STUDENTS + STAFF),
            **texts,
        )
        call.full_clean()
        call.save()
        call.agreements.set(
            Agreement.objects.filter(
                status=AgreementStatus.SIGNED,
                first_academic_year__lte=call.academic_year,
                last_academic_year__gte=call.academic_year,
            )
        )
        _documents(call)
        created += 1
    return created


def _documents(call: Call) -> None:
    ensure_document_types(DocumentType)
    types = {document.code: document for document in DocumentType.objects.all()}
    RequiredDocument.objects.bulk_create(
        RequiredDocument(
            call=call,
            category=category,
            document_type=types[code],
            count=count,
            is_required=required,
            allowed_types=file_types,
            max_size_mb=10,
            must_be_in_english=code != "passport_copy",
        )
        for code, count, required, categories, file_types in DOCUMENT_RULES
        for category in categories
    )
