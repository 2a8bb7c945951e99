import datetime as dt

import pytest

from dangjian.core import idnumber
from dangjian.core.errors import ApplicationError


@pytest.mark.parametrize("number", ["11010519491231002X", "360426199101010071", "110101199003074477"])
def test_it_accepts_the_standard_vectors(number):
    assert idnumber.normalize(number) == number


def test_it_uppercases_a_lowercase_x():
    assert idnumber.normalize("11010519491231002x") == "11010519491231002X"


def test_it_converts_a_15_digit_number():
    assert idnumber.normalize("110105491231002") == "11010519491231002X"


def test_it_rejects_a_wrong_check_digit():
    with pytest.raises(ApplicationError) as e:
        idnumber.normalize("110105194912310021")
    assert e.value.message == idnumber.ERR_CHECK
    assert e.value.field == "id_number"


def test_it_rejects_an_impossible_birth_date():
    body = "11010519490231002"  # 31 February
    with pytest.raises(ApplicationError) as e:
        idnumber.normalize(body + idnumber.check_char(body))
    assert "出生日期" in e.value.message


def test_it_rejects_a_future_birth_date():
    body = f"110105{dt.date.today().year + 1}0101002"
    with pytest.raises(ApplicationError):
        idnumber.normalize(body + idnumber.check_char(body))


def test_it_names_an_id_typed_as_a_number_in_excel():
    with pytest.raises(ApplicationError) as e:
        idnumber.normalize("1.1010519491231E+17")
    assert e.value.message == idnumber.ERR_NUMERIC


@pytest.mark.parametrize("bad", ["", "12345", "11010519491231002Y", "1101051949123100XX"])
def test_it_rejects_malformed_numbers(bad):
    with pytest.raises(ApplicationError):
        idnumber.normalize(bad)


def test_gender_and_birth_date_come_from_the_number():
    n = idnumber.synthetic(dt.date(1970, 6, 1), "F", 7)
    assert idnumber.normalize(n) == n
    assert idnumber.gender(n) == "F"
    assert idnumber.birth_date(n) == dt.date(1970, 6, 1)


def test_masking_keeps_the_first_three_and_last_four():
    assert idnumber.mask("11010519491231002X") == "110***********002X"


def test_the_quick_canonical_check_accepts_only_what_normalize_returns_unchanged():
    number = idnumber.synthetic(dt.date(1990, 3, 7), "M", 61)
    assert idnumber.canonical_birth(number) == dt.date(1990, 3, 7) == idnumber.birth_date(number)
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    for raw in (
        wrong,
        number.lower() if number.endswith("X") else number[:17],
        " " + number[1:],
        "１" + number[1:],
    ):
        assert idnumber.canonical_birth(raw) is None
