"""Sourced default document types (the office edits them in the back office).

Sources: the seed text of Atyrau University's calls (application form or CV appendix,
university transcript, copies of diplomas and certificates, IELTS or TOEFL certificate, two
official letters of recommendation, passport copy, all in English); peers' calls add a
motivation letter (itu.edu.tr; vum.bg).
"""

# (code, position, English, Russian, Kazakh)
DOCUMENT_TYPES = [
    (
        "application_form",
        10,
        "Application form or CV appendix",
        "Анкета или резюме (CV)",
        "Өтінім нысаны немесе түйіндеме (CV)",
    ),
    (
        "transcript",
        20,
        "University transcript",
        "Академическая справка (транскрипт)",
        "Академиялық анықтама (транскрипт)",
    ),
    (
        "diploma",
        30,
        "Copies of diplomas and certificates",
        "Копии дипломов и сертификатов",
        "Дипломдар мен сертификаттардың көшірмелері",
    ),
    (
        "language_certificate",
        40,
        "IELTS or TOEFL certificate",
        "Сертификат IELTS или TOEFL",
        "IELTS немесе TOEFL сертификаты",
    ),
    (
        "recommendation_letter",
        50,
        "Letter of recommendation",
        "Рекомендательное письмо",
        "Ұсыныс хат",
    ),
    ("passport_copy", 60, "Passport copy", "Копия паспорта", "Төлқұжат көшірмесі"),
    ("motivation_letter", 70, "Motivation letter", "Мотивационное письмо", "Уәждеме хат"),
]


def ensure_document_types(document_type_model) -> int:
    """Create the default document types that are missing; return how many were created."""
    created = 0
    for code, position, name_en, name_ru, name_kk in DOCUMENT_TYPES:
        _item, was_created = document_type_model.objects.get_or_create(
            code=code,
            defaults={
                "position": position,
                "name": name_en,
                "name_en": name_en,
                "name_ru": name_ru,
                "name_kk": name_kk,
            },
        )
        created += was_created
    return created
