from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain import tracking
from kiosk.domain.receipts import qr_matrix


def test_new_numbers_are_12_digits_and_valid() -> None:
    numbers = {tracking.new_tracking_number() for _ in range(200)}
    assert len(numbers) == 200
    for number in numbers:
        assert len(number) == 12 and number.isdigit() and number[0] != "0"
        assert tracking.is_valid(number)


def test_grouped_for_reading_aloud() -> None:
    assert tracking.grouped("123456789012") == "1234 5678 9012"
    assert tracking.normalize("1234-5678 9012") == "123456789012"


def test_normalize_keeps_decimal_digits_and_drops_other_digit_signs() -> None:
    assert tracking.normalize("１２３４ 5678²9012") == "123456789012"
    assert not tracking.is_valid("²" * 12)


@given(st.text(alphabet="0123456789", min_size=11, max_size=11), st.integers(0, 11),
       st.integers(1, 9))
def test_check_digit_catches_any_single_digit_error(body: str, pos: int, delta: int) -> None:
    number = body + tracking.check_digit(body)
    digits = list(number)
    digits[pos] = str((int(digits[pos]) + delta) % 10)
    assert not tracking.is_valid("".join(digits))


@given(st.text(alphabet="0123456789", min_size=11, max_size=11), st.integers(0, 10))
def test_check_digit_catches_adjacent_swaps(body: str, pos: int) -> None:
    number = body + tracking.check_digit(body)
    if number[pos] == number[pos + 1]:
        return
    swapped = number[:pos] + number[pos + 1] + number[pos] + number[pos + 2:]
    assert not tracking.is_valid(swapped)


def test_qr_matrix_is_square_with_quiet_zone() -> None:
    matrix = qr_matrix("123456789012")
    assert len(matrix) == len(matrix[0]) >= 21 + 8
    assert not any(matrix[0]) and not any(row[0] for row in matrix)
    assert any(any(row) for row in matrix)
