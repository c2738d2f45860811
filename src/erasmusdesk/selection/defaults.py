"""Sourced default tables of the competitive selection, as plain data.

Pure: no Django, no I/O, no imports of our own code. Each table is rows of plain values, as the
back office will store them; ``scales.py`` and ``ranking.py`` turn the rows into typed tables
(``grade_scales()``, ``certificate_scales()``, ``DEFAULT_TIE_RULES``) and every function that
uses a table takes it as a parameter, so the office can replace a table without a code change.

Sources were checked on 2026-05 with the project's search tool against stored copies of the
pages named in each ``source``; where a figure could not be confirmed against its publisher the
note says UNCONFIRMED and the row is shipped with ``confirmed`` False, for the office to check.
"""

from decimal import Decimal

# --- Grade scales -------------------------------------------------------------------------------
# code, name, lowest grade, highest grade, lowest passing grade, confirmed, source.
# Normalisation (scales.normalise_grade) divides the grade by the highest grade of its scale.
GRADE_SCALES: tuple[tuple[str, str, Decimal, Decimal, Decimal, bool, str], ...] = (
    (
        "gpa4",
        "Four-point GPA (Kazakhstan credit system)",
        Decimal("0"),
        Decimal("4.00"),
        Decimal("1.00"),
        True,
        "Kazakhstan, Ministry of Education and Science, rules of the credit-based study process "
        "of 20 April 2011: A 4.00 (95-100 %) ... D 1.00 (50-54 %), F 0 (0-49 %); as summarised "
        "by ECE, theconnection.ece.org/NewsItem/708, and the point-rating table of Ablai Khan "
        "University (ablaikhan.kz). Pass mark: D = 1.00.",
    ),
    (
        "five_point",
        "Five-point scale (5 excellent, 4 good, 3 satisfactory, 2 fail)",
        Decimal("2"),
        Decimal("5"),
        Decimal("3"),
        True,
        "The traditional five-point scale of Kazakhstan and the CIS: 5 excellent, 4 good, "
        "3 satisfactory (lowest pass), 2 unsatisfactory; ECE, theconnection.ece.org/NewsItem/708 "
        "('traditional system grade').",
    ),
    (
        "percent",
        "Percentage (0-100)",
        Decimal("0"),
        Decimal("100"),
        Decimal("50"),
        True,
        "Kazakhstan point-rating system: 50-54 % is D, the lowest pass; 0-49 % is F; same "
        "sources as gpa4.",
    ),
)

# TOEFL iBT 0-120 -> CEFR, ETS's concordance with the 1-6 scale of 21 January 2026.
TOEFL_2015_THRESHOLDS = (
    (Decimal("24"), "A2"),
    (Decimal("44"), "B1"),
    (Decimal("72"), "B2"),
    (Decimal("95"), "C1"),
    (Decimal("114"), "C2"),
)
# What the 0-120 table shipped before the correction (B1 at 42, from 2015 research).
TOEFL_THRESHOLDS_BEFORE_2026_12 = (
    (Decimal("42"), "B1"),
    (Decimal("72"), "B2"),
    (Decimal("95"), "C1"),
    (Decimal("114"), "C2"),
)

# --- Language certificates to CEFR --------------------------------------------------------------
# code, name, lowest score, highest score, ((lowest score of a level, level), ...) ascending,
# confirmed, source. A score below the first threshold maps to no CEFR level.
CERTIFICATE_SCALES: tuple[
    tuple[str, str, Decimal, Decimal, tuple[tuple[Decimal, str], ...], bool, str], ...
] = (
    (
        "ielts",
        "IELTS (overall band score)",
        Decimal("0"),
        Decimal("9"),
        (
            (Decimal("4.0"), "B1"),
            (Decimal("5.5"), "B2"),
            (Decimal("7.0"), "C1"),
            (Decimal("8.5"), "C2"),
        ),
        True,
        "IELTS partners' mapping of the overall band score to the CEFR (ielts.org, 'Everything "
        "you need to know about IELTS and the CEFR', 2023; takeielts.britishcouncil.org, "
        "'Common European Framework equivalencies'): 4.0-5.0 B1, 5.5-6.5 B2, 7.0-8.0 C1, "
        "8.5-9.0 C2. The official chart is an image; the figures were read from pages that "
        "reproduce it (allthingsielts.com and others) and agree with an IELTS Test Report Form "
        "printing 'overall 7.0, CEFR C1'. IELTS maps no band below 4.0 to A1/A2.",
    ),
    (
        "toefl_ibt",
        "TOEFL iBT (total score 0-120, tests before 21 January 2026)",
        Decimal("0"),
        Decimal("120"),
        TOEFL_2015_THRESHOLDS,
        True,
        "ETS's concordance of the 0-120 total with the 1-6 band score of 21 January 2026 "
        "(ETS, 'How to set score requirements for the updated TOEFL scale (1-6)', "
        "intercom.help/toeflaccess, article 12839102): 24+ band 2 (A2), 44+ band 3 (B1), "
        "72+ band 4 (B2), 95+ band 5 (C1), 114+ band 6 (C2). Earlier research tables "
        "(Papageorgiou et al. 2015) put B1 at 42. Scores below 24 (band 1, A1, in ETS's table) "
        "map to no level here, our rule, as a total that low is no language certificate.",
    ),
    (
        "toefl_ibt_2026",
        "TOEFL iBT (1-6 band score, tests from 21 January 2026)",
        Decimal("1"),
        Decimal("6"),
        (
            (Decimal("1"), "A1"),
            (Decimal("2"), "A2"),
            (Decimal("3"), "B1"),
            (Decimal("4"), "B2"),
            (Decimal("5"), "C1"),
            (Decimal("6"), "C2"),
        ),
        True,
        "ETS, 'TOEFL Score Scale Update: A Guide for Institutions' (ets.org) and "
        "intercom.help/toeflaccess article 12839102: from 21 January 2026 scores run 1-6 in half "
        "bands; 1-1.5 A1, 2-2.5 A2, 3-3.5 B1, 4-4.5 B2, 5-5.5 C1, 6 C2.",
    ),
    (
        "cambridge",
        "Cambridge English Scale (overall score)",
        Decimal("80"),
        Decimal("230"),
        (
            (Decimal("100"), "A1"),
            (Decimal("120"), "A2"),
            (Decimal("140"), "B1"),
            (Decimal("160"), "B2"),
            (Decimal("180"), "C1"),
            (Decimal("200"), "C2"),
        ),
        True,
        "Cambridge English, 'The Cambridge English Scale explained' (guide 210434): 100-119 A1, "
        "120-139 A2, 140-159 B1, 160-179 B2, 180-199 C1, 200-230 C2; read from stored copies of "
        "the guide's diagram (issuu, scribd), cambridgeenglish.org describes the scale. The "
        "CEFR level printed on a certificate also depends on the exam taken; this table maps the "
        "score only.",
    ),
    (
        "duolingo",
        "Duolingo English Test (overall score 10-160)",
        Decimal("10"),
        Decimal("160"),
        (
            (Decimal("10"), "A1"),
            (Decimal("60"), "B1"),
            (Decimal("90"), "B2"),
            (Decimal("120"), "C1"),
        ),
        False,
        "Duolingo, 'Score interpretation' (2019): 10-55 A1/A2, 60-85 B1, 90-115 B2, "
        "120-160 C1/C2; the shared bands are mapped to their lower level (A1, C1), our rule. "
        "UNCONFIRMED and probably outdated: Duolingo revalidated its CEFR alignment in 2023 "
        "(blog.englishtest.duolingo.com) and its official concordance of today could not be "
        "read; the office must check these cuts against it before relying on them.",
    ),
)

# --- Tie-break rules of the call's ranking ------------------------------------------------------
# (field, direction), applied in order after the total; the application reference ascending is
# always added as the last rule so that the order is total. The office's default, published
# with the call (issue "Competitive selection"): grade average, then language level, then the
# instant of submission (earlier first).
TIE_RULES: tuple[tuple[str, str], ...] = (
    ("grade_normalised", "desc"),
    ("cefr_rank", "desc"),
    ("submitted_at", "asc"),
)

# An evaluators' spread (highest minus lowest score of one criterion) above this many points
# flags a disagreement for the committee; the office's default, on a criterion of 10 points.
MAX_SPREAD = Decimal("3")

# --- The selection's own settings, per call ------------------------------------------------
# The office's defaults, shown with the call and changed per call in the back office.

# Peers: "a selection committee of at least 3 members" (itu.edu.tr, Erasmus+ selection
# directive); the rule of this system: at least this many evaluators on a call's committee.
MIN_COMMITTEE = 3

# Each eligible application is read by this many members of the committee (our default: the
# smallest committee the peers name, so that with three members every member reads each one).
EVALUATORS_PER_APPLICATION = 3

# Days after publication during which applicants may appeal (our default; the call says it).
APPEAL_DAYS = 7

# A total (out of 100) below which an application is not selected even with places left
# (our default: none; a call may set one, e.g. 50).
MIN_TOTAL = Decimal("0")

# Criteria of a new call's selection: code, source, weight, maximum points, name (en, ru, kk),
# guidance for evaluators (en, ru, kk). Source "grade", "language" and "year_of_study" are
# computed from the applicant's profile (points = maximum x grade / scale maximum, x CEFR
# rank / 6, x year of study / 6); "evaluators" are scored by the committee. Sources: the seed
# (grade transcript, IELTS/TOEFL certificate, two recommendation letters) and peers
# (motivation letter, English at least B1: itu.edu.tr, vum.bg). The weights are the office's
# default, UNCONFIRMED: each call publishes its own.
CRITERIA: tuple[
    tuple[str, str, Decimal, Decimal, tuple[str, str, str], tuple[str, str, str]], ...
] = (
    (
        "grade",
        "grade",
        Decimal("40"),
        Decimal("10"),
        ("Grade average", "Средний балл", "Орташа балл"),
        (
            "Computed: the grade average divided by the top grade of its scale, times 10.",
            "Вычисляется: средний балл, делённый на высший балл шкалы, умноженный на 10.",
            "Есептеледі: орташа балл шкаланың ең жоғары бағасына бөлініп, 10-ға көбейтіледі.",
        ),
    ),
    (
        "language",
        "language",
        Decimal("20"),
        Decimal("10"),
        ("Language level (CEFR)", "Уровень языка (CEFR)", "Тіл деңгейі (CEFR)"),
        (
            "Computed: the best certificate's CEFR level, A1 = 1 to C2 = 6, divided by 6, "
            "times 10.",
            "Вычисляется: уровень CEFR лучшего сертификата, от A1 = 1 до C2 = 6, делённый "
            "на 6, умноженный на 10.",
            "Есептеледі: ең жақсы сертификаттың CEFR деңгейі, A1 = 1-ден C2 = 6-ға дейін, "
            "6-ға бөлініп, 10-ға көбейтіледі.",
        ),
    ),
    (
        "motivation",
        "evaluators",
        Decimal("25"),
        Decimal("10"),
        ("Motivation", "Мотивация", "Уәждеме"),
        (
            "0-10: how clearly the applicant explains why this mobility and these partners, "
            "and what they will bring back.",
            "0-10: насколько ясно заявитель объясняет, почему эта мобильность и эти "
            "партнёры и что он привезёт обратно.",
            "0-10: өтініш беруші осы мобильділікті және серіктестерді неге таңдағанын және "
            "не алып келетінін қаншалықты анық түсіндіреді.",
        ),
    ),
    (
        "recommendations",
        "evaluators",
        Decimal("15"),
        Decimal("10"),
        ("Recommendation letters", "Рекомендательные письма", "Ұсыныс хаттар"),
        (
            "0-10: what the two letters say about the applicant's work and readiness.",
            "0-10: что два письма говорят о работе и готовности заявителя.",
            "0-10: екі хат өтініш берушінің жұмысы мен дайындығы туралы не айтады.",
        ),
    ),
)

# Which of the profiles' grade scales (accounts.GradeScale) each table of GRADE_SCALES reads.
PROFILE_GRADE_SCALES: dict[str, str] = {"gpa4": "4.0", "five_point": "5", "percent": "100"}

# Which profile test (accounts.LanguageTest) each table of CERTIFICATE_SCALES reads, and from
# which day of taking the test (ISO date; None: any day). TOEFL iBT changed its score scale
# for tests from 21 January 2026 (ETS, see CERTIFICATE_SCALES): such a certificate is read on
# the new 1-6 scale when its score is within it, else on the 0-120 scale.
PROFILE_TESTS: dict[str, tuple[str, str | None]] = {
    "ielts": ("ielts_academic", None),
    "toefl_ibt": ("toefl_ibt", None),
    "toefl_ibt_2026": ("toefl_ibt", "2026-01-21"),
    "cambridge": ("cambridge", None),
    "duolingo": ("duolingo", None),
}
