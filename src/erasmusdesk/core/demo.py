"""Demo data for local use: the home university, its international office, a staff account,
and the catalogue. Idempotent: running it again changes nothing."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from erasmusdesk.calls.demo import demo_cycle, load_demo_calls
from erasmusdesk.catalogue.seed import load_catalogue
from erasmusdesk.core import clock
from erasmusdesk.institutions.demo import load_demo_partners
from erasmusdesk.institutions.models import Institution, InternationalOffice

DEMO_USERNAME = "office"
DEMO_PASSWORD = "erasmus-demo-2026"

HOME_INSTITUTION = {
    "name_en": "Atyrau University named after Kh. Dosmukhamedov",
    "name_ru": "Атырауский университет имени Х. Досмухамедова",
    "name_kk": "Х. Досмұхамедов атындағы Атырау университеті",
    "name_original": "Х. Досмұхамедов атындағы Атырау университеті",
    "country": "KZ",
    "city_en": "Atyrau",
    "city_ru": "Атырау",
    "city_kk": "Атырау",
    # Atyrau as in the GeoNames gazetteer (geonames id 610529), WGS84 degrees.
    "latitude": Decimal("47.104800"),
    "longitude": Decimal("51.884270"),
    "geonames_id": 610529,
    "website": "https://asu.edu.kz/",
    "is_home": True,
}

OFFICE = {
    "name_en": "International Office",
    "name_ru": "Отдел международного сотрудничества",
    "name_kk": "Халықаралық ынтымақтастық бөлімі",
    "address_en": "1 Studenchesky Avenue, Main building\nAtyrau 060011, Kazakhstan",
    "address_ru": "проспект Студенческий, 1, главный корпус\n060011 Атырау, Казахстан",
    "address_kk": "Студенттер даңғылы, 1, бас ғимарат\n060011 Атырау, Қазақстан",
    "email": "international@atyrau-university.example",
    "phone": "+7 7122 00 00 00",
    "opening_hours_en": "Monday to Friday, 9:00-18:00 (Atyrau time, UTC+5)",
    "opening_hours_ru": "понедельник-пятница, 9:00-18:00 (время Атырау, UTC+5)",
    "opening_hours_kk": "дүйсенбі-жұма, 9:00-18:00 (Атырау уақыты, UTC+5)",
}


@dataclass(frozen=True)
class DemoResult:
    institution_created: bool
    office_created: bool
    user_created: bool
    pages_created: int
    partners_created: int = 0
    calls_created: int = 0


@transaction.atomic
def load_demo() -> DemoResult:
    """Create whatever of the demo data is missing; never change what exists."""
    home, institution_created = Institution.objects.get_or_create(
        is_home=True, defaults=HOME_INSTITUTION
    )
    _office, office_created = InternationalOffice.objects.get_or_create(
        institution=home, defaults=OFFICE
    )
    user_model = get_user_model()
    user_created = False
    if not user_model.objects.filter(username=DEMO_USERNAME).exists():
        user_model.objects.create_superuser(
            DEMO_USERNAME,
            email=OFFICE["email"],
            password=DEMO_PASSWORD,
            first_name="Demo",
            last_name="Coordinator",
        )
        user_created = True
    seeded = load_catalogue()
    partners = load_demo_partners(demo_cycle(clock.localdate()).academic_year)
    calls = load_demo_calls()
    return DemoResult(
        institution_created, office_created, user_created, len(seeded.created), partners, calls
    )
