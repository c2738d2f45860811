import pytest

from erasmusdesk.institutions import isced


@pytest.mark.parametrize(
    "code", ["0111", "0413", "0588", "0613", "0732", "0912", "0999", "1041", "0000", "1099"]
)
def test_official_detailed_codes_are_valid(code):
    # 0999 is official: "Health and welfare not elsewhere classified".
    assert isced.is_valid(code) is True


@pytest.mark.parametrize(
    "code",
    [
        "061",  # an IIA v6 narrow field: IIA v7 wants four digits
        "06",
        "06130",
        "abcd",
        "",
        " 0613",
        "0613\n",
        "٠٦١٣",  # Arabic-Indic digits: not [0-9]
        "0100",  # 01 has a single narrow field, so no broad-level nfd code
        "0600",
        "0699",
        "0420",  # 042 Law has a single detailed field, so no nfd code
        "0549",  # the official list gives 054 and 073 no nec code
        "0739",
        "0120",
        "9999",  # "Field unknown" is left out on purpose
    ],
)
def test_other_codes_are_refused(code):
    assert isced.is_valid(code) is False


def test_a_number_is_not_a_code():
    assert isced.is_valid(613) is False


def test_label_is_code_and_official_name():
    assert isced.label("0613") == "0613 Software and applications development and analysis"
    assert isced.label("0111") == "0111 Education science"
    assert isced.label("1041") == "1041 Transport services"


def test_label_of_an_unknown_code_raises():
    with pytest.raises(ValueError, match="'061' is not a four-digit ISCED-F 2013"):
        isced.label("061")


def test_broad_field_is_the_first_two_digits():
    assert isced.broad_field("0613") == "06"
    assert isced.broad_field("1041") == "10"
    assert isced.broad_field("0000") == "00"


def test_broad_field_of_an_unknown_code_raises():
    with pytest.raises(ValueError):
        isced.broad_field("0739")


def test_every_detailed_code_has_its_broad_and_narrow_field():
    for code in isced.DETAILED_FIELDS:
        assert isced.ISCED_PATTERN.fullmatch(code) is not None, code
        assert code[:2] in isced.BROAD_FIELDS, code
        assert code[:3] in isced.NARROW_FIELDS, code


def test_every_narrow_field_has_a_detailed_field():
    narrow_in_use = {code[:3] for code in isced.DETAILED_FIELDS}
    assert narrow_in_use == set(isced.NARROW_FIELDS)


def test_eleven_broad_fields_with_their_names():
    assert list(isced.BROAD_FIELDS) == [f"{number:02d}" for number in range(11)]
    assert str(isced.BROAD_FIELDS["00"]) == "Generic programmes and qualifications"
    assert str(isced.BROAD_FIELDS["06"]) == "Information and Communication Technologies (ICTs)"
    assert str(isced.BROAD_FIELDS["10"]) == "Services"


def test_count_of_detailed_fields():
    # The UNESCO list of possible ISCED-F 2013 codes, "9999 Field unknown" left out:
    #   80 detailed fields proper (0011 ... 1041)
    # +  9 broad-level nfd codes xx00 (all broad fields but 01 and 06, which have one narrow
    #      field each)
    # + 21 narrow-level nfd codes xxx0 (each narrow field with more than one detailed field)
    # + 19 narrow-level nec codes xxx9 (the same narrow fields, except 054 and 073)
    # + 10 inter-disciplinary codes xx88 (every broad field but 00)
    # +  9 broad-level nec codes xx99 (the same broad fields as the xx00 codes)
    # = 148
    assert len(isced.DETAILED_FIELDS) == 148
    codes = list(isced.DETAILED_FIELDS)
    assert sum(code.endswith("88") for code in codes) == 10
    assert sum(code.endswith("00") for code in codes) == 9
    assert sum(code.endswith("99") for code in codes) == 9
    assert sum(code[3] == "0" and code[2] != "0" for code in codes) == 21
    assert sum(code[3] == "9" and code[2] != "9" for code in codes) == 19


def test_counts_of_broad_and_narrow_fields():
    # 29 narrow fields proper, plus 9 nfd (xx0), 10 inter-disciplinary (xx8), 9 nec (xx9).
    assert len(isced.BROAD_FIELDS) == 11
    assert len(isced.NARROW_FIELDS) == 57


def test_codes_are_in_order():
    assert list(isced.DETAILED_FIELDS) == sorted(isced.DETAILED_FIELDS)


def test_choices_list_every_code_with_its_label():
    choices = isced.choices()
    assert len(choices) == 148
    assert choices[0] == ("0000", "0000 Generic programmes and qualifications not further defined")
    assert ("0613", "0613 Software and applications development and analysis") in choices
    assert choices[-1] == ("1099", "1099 Services not elsewhere classified")
