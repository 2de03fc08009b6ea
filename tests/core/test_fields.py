from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.catalog import Catalog, Field, FieldType
from kiosk.domain.fields import (
    AnswersInvalid,
    id_number_check_digit,
    validate_answers,
    validate_field,
)
from kiosk.domain.samples import sample_answers
from kiosk.errors import FieldError

TODAY = dt.date(2026, 11, 27)


def make_field(type_: FieldType, **validation: object) -> Field:
    text = {"zh_CN": "问", "en": "q"}
    return Field(id="f", type=type_, label=text, prompt=text, help=text, validation=validation)


def error_key(field: Field, raw: object) -> str:
    with pytest.raises(FieldError) as caught:
        validate_field(field, raw, TODAY)
    return caught.value.key


def test_id_number_accepts_valid_and_normalises_x() -> None:
    field = make_field(FieldType.ID_NUMBER)
    assert validate_field(field, "110105 19491231 002x", TODAY) == "11010519491231002X"


@pytest.mark.parametrize(("raw", "key"), [
    ("1101051949123100", "error.id_number.length"),
    ("11010519491231002A", "error.id_number.format"),
    ("110105194913310021", "error.id_number.birth_date"),
    ("110105194912310021", "error.id_number.checksum"),
    ("010105194912310021", "error.id_number.region"),
    ("910105194912310021", "error.id_number.region"),
])
def test_id_number_errors(raw: str, key: str) -> None:
    assert error_key(make_field(FieldType.ID_NUMBER), raw) == key


@given(st.text(alphabet="0123456789", min_size=17, max_size=17), st.integers(0, 16),
       st.integers(1, 9))
def test_id_number_checksum_catches_any_single_wrong_digit(body: str, pos: int, delta: int
                                                           ) -> None:
    field = make_field(FieldType.ID_NUMBER)
    body = "110105" + "19491231" + body[14:]  # keep a valid birth date
    good = body + id_number_check_digit(body)
    wrong = list(good)
    wrong[pos] = str((int(wrong[pos]) + delta) % 10)
    changed = "".join(wrong)
    try:
        validate_field(field, changed, TODAY)
    except FieldError:
        return
    pytest.fail(f"{changed} should not validate (from {good})")


@pytest.mark.parametrize("raw", ["13800138000", "138 0013 8000", "+86 13800138000",
                                 "01012345678", "0571-87654321"])
def test_phone_accepts_mobile_and_landline(raw: str) -> None:
    assert validate_field(make_field(FieldType.PHONE), raw, TODAY).isdigit()  # type: ignore[union-attr]


@pytest.mark.parametrize("raw", ["12345", "23800138000", "1380013800a", "１３８００１３８０００"])
def test_phone_rejects_wrong_numbers(raw: str) -> None:
    assert error_key(make_field(FieldType.PHONE), raw) == "error.phone.format"


def test_number_limits_and_whole_numbers() -> None:
    field = make_field(FieldType.NUMBER, min=1, max=10)
    assert validate_field(field, "3", TODAY) == 3
    assert error_key(field, "0") == "error.number.too_small"
    assert error_key(field, 11) == "error.number.too_large"
    assert error_key(field, "2.5") == "error.number.whole"
    assert error_key(field, "three") == "error.number.format"
    assert error_key(field, True) == "error.number.format"
    assert error_key(field, "nan") == "error.number.format"


def test_date_today_limit_uses_the_given_day() -> None:
    field = make_field(FieldType.DATE, min="1900-01-01", max="today")
    assert validate_field(field, "1940-05-01", TODAY) == "1940-05-01"
    assert error_key(field, "2026-11-28") == "error.date.too_late"
    assert error_key(field, "1899-12-31") == "error.date.too_early"
    assert error_key(field, "1940-13-01") == "error.date.format"


def test_yes_no_and_text() -> None:
    assert validate_field(make_field(FieldType.YES_NO), "是", TODAY) is True
    assert validate_field(make_field(FieldType.YES_NO), False, TODAY) is False
    assert error_key(make_field(FieldType.YES_NO), "maybe") == "error.yes_no.format"
    text = make_field(FieldType.SHORT_TEXT, max_length=5)
    assert validate_field(text, "  王 \x00秀英  ", TODAY) == "王 秀英"
    assert error_key(text, "一二三四五六") == "error.text.too_long"
    assert error_key(text, "   ") == "error.required"


def test_validate_answers_collects_every_problem(catalog: Catalog) -> None:
    service = catalog.service("elderly_allowance")
    answers: dict[str, object] = dict(sample_answers(service))
    answers["phone"] = "123"
    answers["favourite_colour"] = "red"
    del answers["full_name"]
    with pytest.raises(AnswersInvalid) as caught:
        validate_answers(service, answers, TODAY)
    found = {(e.field_id, e.key) for e in caught.value.errors}
    assert found == {("phone", "error.phone.format"), ("favourite_colour", "error.unknown_field"),
                     ("full_name", "error.required")}


def test_samples_are_valid_for_every_service(catalog: Catalog) -> None:
    for service in catalog.services:
        clean = validate_answers(service, sample_answers(service), TODAY)
        assert set(clean) == {f.id for f in service.fields}
