import polib
from django.utils import translation

from erasmusdesk.core.translations import catalogue_paths, catalogue_problems


def test_russian_and_kazakh_catalogues_are_complete():
    assert [str(problem) for problem in catalogue_problems()] == []


def test_catalogues_are_not_empty():
    for path in catalogue_paths().values():
        assert len(polib.pofile(str(path))) > 50


def test_compiled_catalogues_are_used():
    with translation.override("kk"):
        assert translation.gettext("Back to the list") == "Тізімге оралу"
    with translation.override("ru"):
        assert translation.gettext("Back to the list") == "Назад к списку"
