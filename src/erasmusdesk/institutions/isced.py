"""ISCED-F 2013: the fields of education and training as a code list.

Source: UNESCO Institute for Statistics, "ISCED Fields of Education and Training 2013
(ISCED-F 2013)", Montreal 2014, and its list of possible codes, which adds to the 80 detailed
fields the codes for programmes "not further defined" (nfd, ending in 0), "not elsewhere
classified" (nec, ending in 9) and "inter-disciplinary" (ending in 88).

The code "9999 Field unknown" of that list is left out: an agreement or a mobility always
names its field.

EWP IIA v7 (``get-response.xsd``, element ``isced-f-code``) accepts four-digit codes only,
through the simple type ``isced`` with the pattern ``[0-9]{4}``; so only detailed fields are
valid here, and two- or three-digit codes of IIA v6 are refused.
"""

import re

from django.utils.translation import gettext_lazy as _

#: The pattern of the EWP simple type ``isced`` (IIA v7 ``get-response.xsd``).
ISCED_PATTERN = re.compile(r"[0-9]{4}")

#: Two-digit broad fields, translated for display.
BROAD_FIELDS: dict[str, str] = {
    "00": _("Generic programmes and qualifications"),
    "01": _("Education"),
    "02": _("Arts and humanities"),
    "03": _("Social sciences, journalism and information"),
    "04": _("Business, administration and law"),
    "05": _("Natural sciences, mathematics and statistics"),
    "06": _("Information and Communication Technologies (ICTs)"),
    "07": _("Engineering, manufacturing and construction"),
    "08": _("Agriculture, forestry, fisheries and veterinary"),
    "09": _("Health and welfare"),
    "10": _("Services"),
}

#: Three-digit narrow fields with their official English names.
NARROW_FIELDS: dict[str, str] = {
    "000": "Generic programmes and qualifications not further defined",
    "001": "Basic programmes and qualifications",
    "002": "Literacy and numeracy",
    "003": "Personal skills and development",
    "009": "Generic programmes and qualifications not elsewhere classified",
    "011": "Education",
    "018": "Inter-disciplinary programmes and qualifications involving education",
    "020": "Arts and humanities not further defined",
    "021": "Arts",
    "022": "Humanities (except languages)",
    "023": "Languages",
    "028": "Inter-disciplinary programmes and qualifications involving arts and humanities",
    "029": "Arts and humanities not elsewhere classified",
    "030": "Social sciences, journalism and information not further defined",
    "031": "Social and behavioural sciences",
    "032": "Journalism and information",
    "038": (
        "Inter-disciplinary programmes and qualifications involving social sciences, "
        "journalism and information"
    ),
    "039": "Social sciences, journalism and information not elsewhere classified",
    "040": "Business, administration and law not further defined",
    "041": "Business and administration",
    "042": "Law",
    "048": (
        "Inter-disciplinary programmes and qualifications involving business, "
        "administration and law"
    ),
    "049": "Business, administration and law not elsewhere classified",
    "050": "Natural sciences, mathematics and statistics not further defined",
    "051": "Biological and related sciences",
    "052": "Environment",
    "053": "Physical sciences",
    "054": "Mathematics and statistics",
    "058": (
        "Inter-disciplinary programmes and qualifications involving natural sciences, "
        "mathematics and statistics"
    ),
    "059": "Natural sciences, mathematics and statistics not elsewhere classified",
    "061": "Information and Communication Technologies (ICTs)",
    "068": (
        "Inter-disciplinary programmes and qualifications involving Information and "
        "Communication Technologies (ICTs)"
    ),
    "070": "Engineering, manufacturing and construction not further defined",
    "071": "Engineering and engineering trades",
    "072": "Manufacturing and processing",
    "073": "Architecture and construction",
    "078": (
        "Inter-disciplinary programmes and qualifications involving engineering, "
        "manufacturing and construction"
    ),
    "079": "Engineering, manufacturing and construction not elsewhere classified",
    "080": "Agriculture, forestry, fisheries and veterinary not further defined",
    "081": "Agriculture",
    "082": "Forestry",
    "083": "Fisheries",
    "084": "Veterinary",
    "088": (
        "Inter-disciplinary programmes and qualifications involving agriculture, "
        "forestry, fisheries and veterinary"
    ),
    "089": "Agriculture, forestry, fisheries and veterinary not elsewhere classified",
    "090": "Health and welfare not further defined",
    "091": "Health",
    "092": "Welfare",
    "098": "Inter-disciplinary programmes and qualifications involving health and welfare",
    "099": "Health and welfare not elsewhere classified",
    "100": "Services not further defined",
    "101": "Personal services",
    "102": "Hygiene and occupational health services",
    "103": "Security services",
    "104": "Transport services",
    "108": "Inter-disciplinary programmes and qualifications involving services",
    "109": "Services not elsewhere classified",
}

#: Four-digit detailed fields with their official English names, in code order.
#:
#: Broad fields with a single narrow field (01 Education, 06 ICTs) have no broad-level nfd
#: or nec code (no 0100, 0199, 0600, 0699); narrow fields with a single detailed field
#: (042, 082, 083, 084, 104) have no nfd or nec code; and the official list gives no nec
#: code to 054 Mathematics and statistics or 073 Architecture and construction (no 0549,
#: no 0739).
DETAILED_FIELDS: dict[str, str] = {
    # 00 Generic programmes and qualifications
    "0000": NARROW_FIELDS["000"],
    "0011": "Basic programmes and qualifications",
    "0021": "Literacy and numeracy",
    "0031": "Personal skills and development",
    "0099": NARROW_FIELDS["009"],
    # 01 Education
    "0110": "Education not further defined",
    "0111": "Education science",
    "0112": "Training for pre-school teachers",
    "0113": "Teacher training without subject specialisation",
    "0114": "Teacher training with subject specialisation",
    "0119": "Education not elsewhere classified",
    "0188": NARROW_FIELDS["018"],
    # 02 Arts and humanities
    "0200": NARROW_FIELDS["020"],
    "0210": "Arts not further defined",
    "0211": "Audio-visual techniques and media production",
    "0212": "Fashion, interior and industrial design",
    "0213": "Fine arts",
    "0214": "Handicrafts",
    "0215": "Music and performing arts",
    "0219": "Arts not elsewhere classified",
    "0220": "Humanities (except languages) not further defined",
    "0221": "Religion and theology",
    "0222": "History and archaeology",
    "0223": "Philosophy and ethics",
    "0229": "Humanities (except languages) not elsewhere classified",
    "0230": "Languages not further defined",
    "0231": "Language acquisition",
    "0232": "Literature and linguistics",
    "0239": "Languages not elsewhere classified",
    "0288": NARROW_FIELDS["028"],
    "0299": NARROW_FIELDS["029"],
    # 03 Social sciences, journalism and information
    "0300": NARROW_FIELDS["030"],
    "0310": "Social and behavioural sciences not further defined",
    "0311": "Economics",
    "0312": "Political sciences and civics",
    "0313": "Psychology",
    "0314": "Sociology and cultural studies",
    "0319": "Social and behavioural sciences not elsewhere classified",
    "0320": "Journalism and information not further defined",
    "0321": "Journalism and reporting",
    "0322": "Library, information and archival studies",
    "0329": "Journalism and information not elsewhere classified",
    "0388": NARROW_FIELDS["038"],
    "0399": NARROW_FIELDS["039"],
    # 04 Business, administration and law
    "0400": NARROW_FIELDS["040"],
    "0410": "Business and administration not further defined",
    "0411": "Accounting and taxation",
    "0412": "Finance, banking and insurance",
    "0413": "Management and administration",
    "0414": "Marketing and advertising",
    "0415": "Secretarial and office work",
    "0416": "Wholesale and retail sales",
    "0417": "Work skills",
    "0419": "Business and administration not elsewhere classified",
    "0421": "Law",
    "0488": NARROW_FIELDS["048"],
    "0499": NARROW_FIELDS["049"],
    # 05 Natural sciences, mathematics and statistics
    "0500": NARROW_FIELDS["050"],
    "0510": "Biological and related sciences not further defined",
    "0511": "Biology",
    "0512": "Biochemistry",
    "0519": "Biological and related sciences not elsewhere classified",
    "0520": "Environment not further defined",
    "0521": "Environmental sciences",
    "0522": "Natural environments and wildlife",
    "0529": "Environment not elsewhere classified",
    "0530": "Physical sciences not further defined",
    "0531": "Chemistry",
    "0532": "Earth sciences",
    "0533": "Physics",
    "0539": "Physical sciences not elsewhere classified",
    "0540": "Mathematics and statistics not further defined",
    "0541": "Mathematics",
    "0542": "Statistics",
    "0588": NARROW_FIELDS["058"],
    "0599": NARROW_FIELDS["059"],
    # 06 Information and Communication Technologies (ICTs)
    "0610": "Information and Communication Technologies (ICTs) not further defined",
    "0611": "Computer use",
    "0612": "Database and network design and administration",
    "0613": "Software and applications development and analysis",
    "0619": "Information and Communication Technologies (ICTs) not elsewhere classified",
    "0688": NARROW_FIELDS["068"],
    # 07 Engineering, manufacturing and construction
    "0700": NARROW_FIELDS["070"],
    "0710": "Engineering and engineering trades not further defined",
    "0711": "Chemical engineering and processes",
    "0712": "Environmental protection technology",
    "0713": "Electricity and energy",
    "0714": "Electronics and automation",
    "0715": "Mechanics and metal trades",
    "0716": "Motor vehicles, ships and aircraft",
    "0719": "Engineering and engineering trades not elsewhere classified",
    "0720": "Manufacturing and processing not further defined",
    "0721": "Food processing",
    "0722": "Materials (glass, paper, plastic and wood)",
    "0723": "Textiles (clothes, footwear and leather)",
    "0724": "Mining and extraction",
    "0729": "Manufacturing and processing not elsewhere classified",
    "0730": "Architecture and construction not further defined",
    "0731": "Architecture and town planning",
    "0732": "Building and civil engineering",
    "0788": NARROW_FIELDS["078"],
    "0799": NARROW_FIELDS["079"],
    # 08 Agriculture, forestry, fisheries and veterinary
    "0800": NARROW_FIELDS["080"],
    "0810": "Agriculture not further defined",
    "0811": "Crop and livestock production",
    "0812": "Horticulture",
    "0819": "Agriculture not elsewhere classified",
    "0821": "Forestry",
    "0831": "Fisheries",
    "0841": "Veterinary",
    "0888": NARROW_FIELDS["088"],
    "0899": NARROW_FIELDS["089"],
    # 09 Health and welfare
    "0900": NARROW_FIELDS["090"],
    "0910": "Health not further defined",
    "0911": "Dental studies",
    "0912": "Medicine",
    "0913": "Nursing and midwifery",
    "0914": "Medical diagnostic and treatment technology",
    "0915": "Therapy and rehabilitation",
    "0916": "Pharmacy",
    "0917": "Traditional and complementary medicine and therapy",
    "0919": "Health not elsewhere classified",
    "0920": "Welfare not further defined",
    "0921": "Care of the elderly and of disabled adults",
    "0922": "Child care and youth services",
    "0923": "Social work and counselling",
    "0929": "Welfare not elsewhere classified",
    "0988": NARROW_FIELDS["098"],
    "0999": NARROW_FIELDS["099"],
    # 10 Services
    "1000": NARROW_FIELDS["100"],
    "1010": "Personal services not further defined",
    "1011": "Domestic services",
    "1012": "Hair and beauty services",
    "1013": "Hotel, restaurants and catering",
    "1014": "Sports",
    "1015": "Travel, tourism and leisure",
    "1019": "Personal services not elsewhere classified",
    "1020": "Hygiene and occupational health services not further defined",
    "1021": "Community sanitation",
    "1022": "Occupational health and safety",
    "1029": "Hygiene and occupational health services not elsewhere classified",
    "1030": "Security services not further defined",
    "1031": "Military and defence",
    "1032": "Protection of persons and property",
    "1039": "Security services not elsewhere classified",
    "1041": "Transport services",
    "1088": NARROW_FIELDS["108"],
    "1099": NARROW_FIELDS["109"],
}


def is_valid(code: str) -> bool:
    """Whether ``code`` is a detailed field of ISCED-F 2013 usable in an EWP IIA v7.

    Rule: four ASCII digits (the EWP IIA v7 type ``isced``, pattern ``[0-9]{4}``) that name
    a detailed field of the UNESCO list, nfd, nec and inter-disciplinary codes included.
    Shorter IIA v6 codes such as "061" are not valid.
    """
    return (
        isinstance(code, str)
        and ISCED_PATTERN.fullmatch(code) is not None
        and code in DETAILED_FIELDS
    )


def _require_valid(code: str) -> None:
    if not is_valid(code):
        raise ValueError(f"{code!r} is not a four-digit ISCED-F 2013 detailed field code.")


def broad_field(code: str) -> str:
    """The broad field of a detailed field: its first two digits ("0613" -> "06").

    Rule: ISCED-F 2013 codes are hierarchical, two digits for the broad field, a third for
    the narrow field, a fourth for the detailed field. Raises ValueError for an invalid code.
    """
    _require_valid(code)
    return code[:2]


def label(code: str) -> str:
    """The code followed by its official English name.

    Example: "0613 Software and applications development and analysis" (UNESCO, ISCED-F
    2013). Raises ValueError for an invalid code.
    """
    _require_valid(code)
    return f"{code} {field_name(code)}"


def field_name(code: str) -> str:
    """The detailed field's name in the active language: Russian and Kazakh from
    isced_names.py, English (UNESCO's) otherwise."""
    from django.utils.translation import get_language

    from erasmusdesk.institutions.isced_names import name

    return name(code, get_language() or "") or DETAILED_FIELDS[code]


def choices() -> list[tuple[str, str]]:
    """Every detailed field as ``(code, label)`` in code order, for a form's select."""
    return [(code, label(code)) for code in DETAILED_FIELDS]
