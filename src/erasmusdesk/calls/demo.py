"""Demo calls: credit mobility 2026/2027 (open) and 2025/2026 (closed), on the seed calendar.

Seed calendar: applications open 1 October; normal deadline 15 January; late deadline 1 May
(erasmus-rules.md section 6). Required documents follow the seed's list.
"""

from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from erasmusdesk.calls.deadlines import end_of_day
from erasmusdesk.calls.defaults import ensure_document_types
from erasmusdesk.calls.models import ApplicantCategory, Call, DocumentType, RequiredDocument
from erasmusdesk.catalogue.models import Opportunity
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

CALLS = [
    {
        "slug": "icm-2026-2027",
        "academic_year": 2026,
        "title_en": "Erasmus+ credit mobility 2026/2027",
        "title_ru": "Кредитная мобильность Erasmus+ 2026/2027",
        "title_kk": "Erasmus+ кредиттік ұтқырлығы 2026/2027",
        "description_en": (
            "Study for one or two semesters, or teach or train for a few days, at one of our "
            "partner universities in 2026/2027. Choose up to three partner places in your "
            "field and level, upload your documents in English, and submit before the "
            "deadline. Places still free after 15 January are offered in the late round."
        ),
        "description_ru": (
            "Учёба в течение одного-двух семестров или короткая поездка для преподавания и "
            "повышения квалификации в университете-партнёре в 2026/2027 учебном году. "
            "Выберите до трёх мест по своей специальности и уровню, загрузите документы на "
            "английском языке и подайте заявку до дедлайна. Места, оставшиеся свободными "
            "после 15 января, предлагаются в позднем раунде."
        ),
        "description_kk": (
            "2026/2027 оқу жылында серіктес университетте бір-екі семестр оқу немесе "
            "бірнеше күнге сабақ беруге не біліктілікті арттыруға бару. Өз мамандығыңыз бен "
            "деңгейіңізге сай үш орынға дейін таңдаңыз, құжаттарды ағылшын тілінде жүктеп, "
            "өтінімді мерзімінде жіберіңіз. 15 қаңтардан кейін бос қалған орындар кеш "
            "кезеңде ұсынылады."
        ),
        "opens": date(2026, 10, 1),
        "deadline": date(2027, 1, 15),
        "late_deadline": date(2027, 5, 1),
    },
    {
        "slug": "icm-2025-2026",
        "academic_year": 2025,
        "title_en": "Erasmus+ credit mobility 2025/2026",
        "title_ru": "Кредитная мобильность Erasmus+ 2025/2026",
        "title_kk": "Erasmus+ кредиттік ұтқырлығы 2025/2026",
        "description_en": "The call for 2025/2026 is closed; its results have been published.",
        "description_ru": "Конкурс на 2025/2026 учебный год закрыт; его итоги опубликованы.",
        "description_kk": "2025/2026 оқу жылына арналған конкурс жабылды; нәтижелері жарияланды.",
        "opens": date(2025, 10, 1),
        "deadline": date(2026, 1, 15),
        "late_deadline": date(2026, 5, 1),
    },
]


@transaction.atomic
def load_demo_calls() -> int:
    """Create the demo calls that do not exist yet; return how many were created."""
    opportunity = Opportunity.objects.get(slug="international-credit-mobility")
    zone = timezone.get_default_timezone()
    created = 0
    for data in CALLS:
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
