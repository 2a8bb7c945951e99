"""The default year of yearly pages: the current year, else the latest year with data."""

import datetime as dt

from dangjian.core.years import chosen_year, default_year, year_options

TODAY = dt.date(2026, 12, 6)


def test_the_current_year_when_it_has_data_or_nothing_has():
    assert default_year([2026, 2023], TODAY) == 2026
    assert default_year([], TODAY) == 2026


def test_the_latest_past_year_with_data_when_the_current_has_none():
    assert default_year([2027, 2023, 2022], TODAY) == 2023
    assert default_year([2028, 2027], TODAY) == 2027


def test_an_asked_year_wins_and_junk_falls_back_to_the_default():
    assert chosen_year("2021", [2023], TODAY) == 2021
    assert (
        chosen_year("", [2023], TODAY)
        == chosen_year("abc", [2023], TODAY)
        == chosen_year("99", [2023], TODAY)
        == 2023
    )


def test_the_picker_holds_the_years_with_data_and_the_chosen_one():
    assert year_options([2023, 2022], 2021) == [2023, 2022, 2021]
    assert year_options([2023, 2022], 2023) == [2023, 2022]
