"""The value conversion of bench/copy_to_postgres.py (outside the suite's testpaths: run it as
`.venv/bin/python -m pytest bench/test_copy_to_postgres.py`)."""

from decimal import Decimal

from copy_to_postgres import convert_rows, converters


def test_only_booleans_and_decimals_are_converted():
    types = ["BigAutoField", "BooleanField", "DateTimeField", "DecimalField", "JSONField", "BinaryField"]
    assert [i for i, _ in converters(types)] == [1, 3]


def test_rows_are_converted_and_none_stays_none():
    conv = converters(["BigAutoField", "BooleanField", "DecimalField", "DateField", "BinaryField"])
    rows = [
        (1, 1, 93.15, "2023-01-16", b"\x00\x01"),
        (2, 0, 40, "2023-02-16", None),
        (3, None, None, None, b""),
    ]
    out = [list(r) for r in convert_rows(rows, conv)]
    assert out == [
        [1, True, "93.15", "2023-01-16", b"\x00\x01"],
        [2, False, "40", "2023-02-16", None],
        [3, None, None, None, b""],
    ]
    assert Decimal(out[0][2]) == Decimal("93.15")  # the text PostgreSQL parses, not 93.1499999...
    assert out[0][1] is True and out[1][1] is False


def test_rows_without_conversions_pass_through_unchanged():
    rows = [(1, "a"), (2, "b")]
    assert list(convert_rows(rows, converters(["BigAutoField", "CharField"]))) == rows
