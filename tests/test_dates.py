"""graph.dates: finding and resolving date expressions in a span of text."""

from __future__ import annotations

import datetime as dt
import random
import string

import pytest

from graph.dates import DateMention, context_before, find_dates, infer_year, parse_numeric_date

D = dt.date
CTX = D(2021, 11, 4)


def rows(text: str, *args, **kw) -> list[tuple]:
    """(start, end, printed, date, precision, year_inferred, time) of every mention."""
    return [(m.start, m.end, m.printed, m.date, m.precision, m.year_inferred, m.time)
            for m in find_dates(text, *args, **kw)]


# --- one dated mention with a printed year -------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("4 November 2021", (0, 15, "4 November 2021", D(2021, 11, 4), "day", False, None)),
    ("21st March 2017", (0, 15, "21st March 2017", D(2017, 3, 21), "day", False, None)),
    ("3rd April 2017", (0, 14, "3rd April 2017", D(2017, 4, 3), "day", False, None)),
    ("Monday 3rd April 2017", (0, 21, "Monday 3rd April 2017", D(2017, 4, 3), "day", False, None)),
    ("Thursday, the 4th of November 2021",
     (0, 34, "Thursday, the 4th of November 2021", D(2021, 11, 4), "day", False, None)),
    ("on 4 November, 2021.", (3, 19, "4 November, 2021", D(2021, 11, 4), "day", False, None)),
    ("September 15, 2021", (0, 18, "September 15, 2021", D(2021, 9, 15), "day", False, None)),
    # month names abbreviated and in any case
    ("4 Sept 2021", (0, 11, "4 Sept 2021", D(2021, 9, 4), "day", False, None)),
    ("4 Sep 2021", (0, 10, "4 Sep 2021", D(2021, 9, 4), "day", False, None)),
    ("4 Oct. 2021", (0, 11, "4 Oct. 2021", D(2021, 10, 4), "day", False, None)),
    ("4 NOVEMBER 2021", (0, 15, "4 NOVEMBER 2021", D(2021, 11, 4), "day", False, None)),
    ("4 december 2021", (0, 15, "4 december 2021", D(2021, 12, 4), "day", False, None)),
    ("1 Jan 2020", (0, 10, "1 Jan 2020", D(2020, 1, 1), "day", False, None)),
    ("1 May 2020", (0, 10, "1 May 2020", D(2020, 5, 1), "day", False, None)),
    ("1 may 2020", (0, 10, "1 may 2020", D(2020, 5, 1), "day", False, None)),
    # line breaks, several spaces, odd characters and OCR footnote marks around
    ("date of 3\nNovember 2021 (or", (8, 23, "3\nNovember 2021", D(2021, 11, 3), "day", False, None)),
    ("between 17 \n\nFebruary 2020,", (8, 26, "17 \n\nFebruary 2020", D(2020, 2, 17), "day", False, None)),
    ("on 4   November    2021", (3, 23, "4   November    2021", D(2021, 11, 4), "day", False, None)),
    ("on 24\nAugust 2021\".", (3, 17, "24\nAugust 2021", D(2021, 8, 24), "day", False, None)),
    ("on 14 September 2021.? x", (3, 20, "14 September 2021", D(2021, 9, 14), "day", False, None)),
    ("on 14 September 2021! x", (3, 20, "14 September 2021", D(2021, 9, 14), "day", False, None)),
    ("“4 November 2021”", (1, 16, "4 November 2021", D(2021, 11, 4), "day", False, None)),
    ("(4\u00a0November\u00a02021)", (1, 16, "4\u00a0November\u00a02021", D(2021, 11, 4), "day", False, None)),
])
def test_full_dates(text, expected):
    assert rows(text) == [expected]


# --- times of day: kept in `time`, outside the mention --------------------------------

@pytest.mark.parametrize("text, expected", [
    ("5pm Monday 3rd April 2017", (4, 25, "Monday 3rd April 2017", D(2017, 4, 3), "day", False, "17:00")),
    ("by noon on 24 March 2022", (11, 24, "24 March 2022", D(2022, 3, 24), "day", False, "12:00")),
    ("by noon, 24 March 2022", (9, 22, "24 March 2022", D(2022, 3, 24), "day", False, "12:00")),
    ("midnight on 1 June 2022", (12, 23, "1 June 2022", D(2022, 6, 1), "day", False, "00:00")),
    ("1600 on 7 April 2022", (8, 20, "7 April 2022", D(2022, 4, 7), "day", False, "16:00")),
    ("12:00 on 1 June 2022", (9, 20, "1 June 2022", D(2022, 6, 1), "day", False, "12:00")),
    ("17:00 hrs on 1 June 2022", (13, 24, "1 June 2022", D(2022, 6, 1), "day", False, "17:00")),
    ("on 1 June 2022 at 17:00 hrs", (3, 14, "1 June 2022", D(2022, 6, 1), "day", False, "17:00")),
    ("on 1 June 2022 at 1700 hrs", (3, 14, "1 June 2022", D(2022, 6, 1), "day", False, "17:00")),
    ("on 10 May 2021 at 10.30", (3, 14, "10 May 2021", D(2021, 5, 10), "day", False, "10:30")),
    ("on 10 May 2021, 9.30 a.m.", (3, 14, "10 May 2021", D(2021, 5, 10), "day", False, "09:30")),
    ("12am on 2 May 2021", (8, 18, "2 May 2021", D(2021, 5, 2), "day", False, "00:00")),
    ("by 1600 on 7 April 2022", (11, 23, "7 April 2022", D(2022, 4, 7), "day", False, "16:00")),
])
def test_times(text, expected):
    assert rows(text) == [expected]


@pytest.mark.parametrize("text", ["in 2021 on 4 May 2021", "March 2021 on 4 May 2021",
                                  "Ref 2021\nOn 4 May 2021"])
def test_a_year_before_on_is_not_a_time(text):
    *_, last = rows(text)
    assert last == (len(text) - 10, len(text), "4 May 2021", D(2021, 5, 4), "day", False, None)


@pytest.mark.parametrize("text, time", [
    ("1600 on 7 April", "16:00"),
    ("by 15 March 17:00", "17:00"),
    ("15 September at 10am", "10:00"),
])
def test_time_with_inferred_year(text, time):
    (m,) = find_dates(text, context=CTX)
    assert m.time == time and m.year_inferred


# --- ranges: one mention per end, the first borrowing what it omits ---------------------

@pytest.mark.parametrize("text, context, expected", [
    ("Between 19 and 26 October", CTX, [
        (8, 10, "19", D(2021, 10, 19), "day", True, None, D(2021, 10, 26)),
        (15, 25, "26 October", D(2021, 10, 26), "day", True, None, None)]),
    ("from 14 to 28 September 2021", None, [
        (5, 7, "14", D(2021, 9, 14), "day", False, None, D(2021, 9, 28)),
        (11, 28, "28 September 2021", D(2021, 9, 28), "day", False, None, None)]),
    ("14–28 September 2021", None, [
        (0, 2, "14", D(2021, 9, 14), "day", False, None, D(2021, 9, 28)),
        (3, 20, "28 September 2021", D(2021, 9, 28), "day", False, None, None)]),
    ("19-26 Oct", CTX, [
        (0, 2, "19", D(2021, 10, 19), "day", True, None, D(2021, 10, 26)),
        (3, 9, "26 Oct", D(2021, 10, 26), "day", True, None, None)]),
    ("Between 27 July 2021 and 20 August 2021,", None, [
        (8, 20, "27 July 2021", D(2021, 7, 27), "day", False, None, D(2021, 8, 20)),
        (25, 39, "20 August 2021", D(2021, 8, 20), "day", False, None, None)]),
    ("from 14 September to 5 October 2021", None, [
        (5, 17, "14 September", D(2021, 9, 14), "day", False, None, D(2021, 10, 5)),
        (21, 35, "5 October 2021", D(2021, 10, 5), "day", False, None, None)]),
    ("30 December to 2 January 2022", None, [
        (0, 11, "30 December", D(2021, 12, 30), "day", False, None, D(2022, 1, 2)),
        (15, 29, "2 January 2022", D(2022, 1, 2), "day", False, None, None)]),
    ("from 30 July 2021 to 2 August", None, [  # the second end takes the first's year
        (5, 17, "30 July 2021", D(2021, 7, 30), "day", False, None, D(2021, 8, 2)),
        (21, 29, "2 August", D(2021, 8, 2), "day", True, None, None)]),
    ("Between 19 and 26 October", None, [
        (8, 10, "19", None, "day", True, None, None),
        (15, 25, "26 October", None, "day", True, None, None)]),
])
def test_ranges(text, context, expected):
    got = [(m.start, m.end, m.printed, m.date, m.precision, m.year_inferred, m.time, m.end_date)
           for m in find_dates(text, context=context)]
    assert got == expected


def test_and_is_a_range_only_after_between():
    assert rows("paragraphs 19 and 26 October", context=CTX) == [
        (18, 28, "26 October", D(2021, 10, 26), "day", True, None)]


# --- month and year only ----------------------------------------------------------------

@pytest.mark.parametrize("text, context, expected", [
    ("early June 2017", None, (0, 15, "early June 2017", D(2017, 6, 1), "month", False, None)),
    ("in mid-June 2017", None, (3, 16, "mid-June 2017", D(2017, 6, 1), "month", False, None)),
    ("late Sept 2019", None, (0, 14, "late Sept 2019", D(2019, 9, 1), "month", False, None)),
    ("May 2021", None, (0, 8, "May 2021", D(2021, 5, 1), "month", False, None)),
    ("in February", CTX, (3, 11, "February", D(2022, 2, 1), "month", True, None)),
    ("concluded in February", D(2021, 7, 15), (13, 21, "February", D(2021, 2, 1), "month", True, None)),
    ("by the end of June", CTX, (14, 18, "June", D(2021, 6, 1), "month", True, None)),
    ("in early March", CTX, (3, 14, "early March", D(2022, 3, 1), "month", True, None)),
    ("in May the DCC", CTX, (3, 6, "May", D(2021, 5, 1), "month", True, None)),
    ("in 2019", None, (3, 7, "2019", D(2019, 1, 1), "year", False, None)),
    ("During 2019, DCC", None, (7, 11, "2019", D(2019, 1, 1), "year", False, None)),
    ("by late 2023.", None, (3, 12, "late 2023", D(2023, 1, 1), "year", False, None)),
    ("the Smart Meters Act 2018, in 2019", None, (30, 34, "2019", D(2019, 1, 1), "year", False, None)),
])
def test_month_and_year(text, context, expected):
    assert rows(text, context=context) == [expected]


def test_month_alone_without_context():
    (m,) = find_dates("in February")
    assert (m.date, m.precision, m.year_inferred, m.reason) == (
        None, "month", True, "year not stated and no context")


# --- numeric and two-digit years ----------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("10/09/2019", (0, 10, "10/09/2019", D(2019, 9, 10), "day", False, None)),
    ("on 10/09/19.", (3, 11, "10/09/19", D(2019, 9, 10), "day", False, None)),
    ("10.09.2019", (0, 10, "10.09.2019", D(2019, 9, 10), "day", False, None)),
    ("1-2-2021", (0, 8, "1-2-2021", D(2021, 2, 1), "day", False, None)),
    ("ISO 2019-09-10 form", (4, 14, "2019-09-10", D(2019, 9, 10), "day", False, None)),
    ("Notice 5 March 15", (7, 17, "5 March 15", D(2015, 3, 5), "day", False, None)),
    ("[Letter 1 June 98]", (8, 17, "1 June 98", D(1998, 6, 1), "day", False, None)),
    ("1/2/69", (0, 6, "1/2/69", D(2069, 2, 1), "day", False, None)),
    ("1/2/70", (0, 6, "1/2/70", D(1970, 2, 1), "day", False, None)),
])
def test_numeric_and_two_digit_years(text, expected):
    assert rows(text) == [expected]


def test_numeric_dates_in_a_row_take_no_time_from_each_other():
    assert rows("10/09/19 10.09.2019") == [
        (0, 8, "10/09/19", D(2019, 9, 10), "day", False, None),
        (9, 19, "10.09.2019", D(2019, 9, 10), "day", False, None)]


@pytest.mark.parametrize("s, date", [
    ("10/09/2019", D(2019, 9, 10)),
    ("10/09/19", D(2019, 9, 10)),
    (" 10.09.2019 ", D(2019, 9, 10)),
    ("2019-09-10", D(2019, 9, 10)),
    ("1/2/2020", D(2020, 2, 1)),
    ("31/09/2021", None),  # no such day
    ("13/13/2021", None),
    ("10.09.19", None),  # dotted with two-digit year: a version number
    ("20190910", None),
    ("10 September 2019", None),
    ("", None),
])
def test_parse_numeric_date(s, date):
    assert parse_numeric_date(s) == date


# --- years not printed --------------------------------------------------------------------

@pytest.mark.parametrize("text, context, expected", [
    ("15 September", CTX, (0, 12, "15 September", D(2021, 9, 15), "day", True, None)),
    ("by 15 March", CTX, (3, 11, "15 March", D(2022, 3, 15), "day", True, None)),
    ("on 4 August", CTX, (3, 11, "4 August", D(2021, 8, 4), "day", True, None)),
    ("on 4 August 10 respondents", CTX, (3, 11, "4 August", D(2021, 8, 4), "day", True, None)),
    ("on 2 January", D(2021, 12, 20), (3, 12, "2 January", D(2022, 1, 2), "day", True, None)),
    ("on 29 February", CTX, (3, 14, "29 February", D(2020, 2, 29), "day", True, None)),
    ("on 4 MARCH", CTX, (3, 10, "4 MARCH", D(2022, 3, 4), "day", True, None)),
])
def test_missing_year(text, context, expected):
    assert rows(text, context=context) == [expected]


def test_missing_year_without_context():
    (m,) = find_dates("15 September")
    assert (m.date, m.year_inferred, m.reason) == (None, True, "year not stated and no context")


def test_missing_year_takes_the_nearest_preceding_full_date():
    text = "On 30 December 2021 we met. On 3 January we wrote. 13 March 2019. On 15 March."
    got = [(m.printed, m.date, m.year_inferred) for m in find_dates(text, context=D(2000, 1, 1))]
    assert got == [("30 December 2021", D(2021, 12, 30), False),
                   ("3 January", D(2022, 1, 3), True),
                   ("13 March 2019", D(2019, 3, 13), False),
                   ("15 March", D(2019, 3, 15), True)]


@pytest.mark.parametrize("month, day, context, year", [
    (9, 15, D(2021, 11, 4), 2021),
    (3, 15, D(2021, 11, 4), 2022),
    (1, 2, D(2021, 12, 20), 2022),
    (12, 20, D(2022, 1, 5), 2021),
    (2, 29, D(2021, 11, 4), 2020),
    (7, 4, D(2021, 1, 3), 2021),  # 182 days back beats 183 forward
    (1, 3, D(2021, 7, 4), 2021),
    (2, None, D(2021, 11, 4), 2022),  # a month alone is measured from its 15th
    (9, 31, D(2021, 11, 4), 2021),  # no year has it: the context's year
])
def test_infer_year(month, day, context, year):
    assert infer_year(month, day, context) == year


def test_context_before():
    ms = find_dates("13 March 2020, on 14 March, in 2019, June 2021, 4 May 2022", context=CTX)
    assert [m.printed for m in ms] == ["13 March 2020", "14 March", "2019", "June 2021", "4 May 2022"]
    assert context_before(ms, 0, CTX) == CTX
    assert context_before(ms, ms[0].end, None) == D(2020, 3, 13)
    assert context_before(ms, ms[2].end, None) == D(2020, 3, 13)  # inferred and year-only skipped
    assert context_before(ms, ms[3].end, None) == D(2021, 6, 1)
    assert context_before(ms, 10_000, None) == D(2022, 5, 4)
    assert context_before(list(reversed(ms)), ms[3].end, None) == D(2021, 6, 1)


# --- relative expressions -----------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("go-live + 3 months", (0, 18, "go-live + 3 months", "month")),
    ("T+30 days", (0, 9, "T+30 days", "day")),
    ("within 10 working days of publication", (0, 37, "within 10 working days of publication", "day")),
    ("two weeks after designation", (0, 27, "two weeks after designation", "day")),
    ("at least 3 months before the go-live date", (9, 36, "3 months before the go-live", "month")),
    ("within a month of the designation.", (0, 33, "within a month of the designation", "month")),
    ("one year after this letter", (0, 26, "one year after this letter", "year")),
])
def test_relative(text, expected):
    (m,) = find_dates(text, context=CTX)
    start, end, printed, precision = expected
    assert (m.start, m.end, m.printed, m.precision, m.relative) == (start, end, printed, precision, printed)
    assert (m.date, m.year_inferred, m.time, m.reason) == (None, False, None, "relative to an event")


# --- impossible days and things that are not dates ----------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("31 September 2021", (0, 17, "31 September 2021", None, "day", False, None)),
    ("29 February 2021", (0, 16, "29 February 2021", None, "day", False, None)),
    ("31/09/2021", (0, 10, "31/09/2021", None, "day", False, None)),
])
def test_no_such_day(text, expected):
    assert rows(text) == [expected]
    assert find_dates(text)[0].reason == "no such day"


@pytest.mark.parametrize("text", [
    "DCC may consult on 3 matters.",
    "Annex 3 may apply",
    "on 4 march the panel",
    "March on, and March again",
    "Section 18 of the S1SR",
    "Section 18 May be amended",
    "paragraph 4 March",
    "Uplift 2.2 and Uplift 2.2.2",
    "SRV 1.6",
    "version 6.14",
    "version 1.6.14 and v1.2.2019",
    "17:00 hrs",
    "at noon",
    "Tel: 020 7215 5000 or +44 (0)300 123 4567",
    "1 Victoria Street, London SW1H 0ET",
    "Electricity Act 1989",
    "the Gas Act 1986 and the Smart Meters Act 2018",
    "Order 2012, Regulations 2019, version 2019",
    "a 2019 review",
    "in 2019/20",
    "by 2000 hrs",
    "20200512 Conclusion on the consultation",
    "see https://www.smartdcc.co.uk/2021/11/04/consultation-4-november-2021/",
    "www.gov.uk/government/publications/notice-10-09-2019 and http://x.org/on-4-May-2021",
    "write to smart.04.05.2021@beis.gov.uk",
    "20 respondents and 3 to 5 members",
    "in Jan",
    "28 days of consultation",
    "",
])
def test_not_dates(text):
    assert find_dates(text, context=CTX) == []


def test_url_does_not_hide_dates_after_it_nor_lend_them_a_time():
    text = "see https://x.org/4-May-2021 on 4 May 2021"
    assert rows(text) == [(32, 42, "4 May 2021", D(2021, 5, 4), "day", False, None)]


# --- spans: offsets are absolute, and only text[start:end] is searched ----------------------

def test_offsets_are_absolute():
    text = "4 November 2021\n\nOn 15 September DCC met. By noon on 24 March 2022 respond."
    assert rows(text, 17) == [
        (20, 32, "15 September", None, "day", True, None),
        (53, 66, "24 March 2022", D(2022, 3, 24), "day", False, "12:00")]
    assert rows(text, 17, context=CTX) == [
        (20, 32, "15 September", D(2021, 9, 15), "day", True, None),
        (53, 66, "24 March 2022", D(2022, 3, 24), "day", False, "12:00")]
    assert rows(text, 17, 40, context=CTX) == [(20, 32, "15 September", D(2021, 9, 15), "day", True, None)]
    assert rows(text, 0, 15) == [(0, 15, "4 November 2021", D(2021, 11, 4), "day", False, None)]
    assert rows(text, 0, 12) == [(0, 10, "4 November", None, "day", True, None)]  # year cut off
    for m in find_dates(text, 5, context=CTX):
        assert text[m.start:m.end] == m.printed


def test_span_bounds_are_clamped():
    assert find_dates("4 May 2021", -5, 999) == find_dates("4 May 2021")
    assert find_dates("4 May 2021", 8, 3) == []


def test_results_are_in_text_order_and_do_not_overlap():
    text = ("Between 27 July 2021 and 20 August 2021, on 14 September 2021 at 10am and "
            "15 September, in March, in 2019, 10/09/2019, within 5 days of publication.")
    ms = find_dates(text, context=CTX)
    assert len(ms) == 8
    assert all(a.end <= b.start for a, b in zip(ms, ms[1:]))
    assert all(isinstance(m, DateMention) and text[m.start:m.end] == m.printed for m in ms)


def test_deterministic_and_never_raises():
    rng = random.Random(20211104)
    alphabet = string.printable + "–—“”’£\u00a0" + "0123456789" * 3
    words = ["May", "March", "June", "Sept.", "2021", "19", "to", "and", "between", "in", "on",
             "noon", "1600", "/", ".", "-", "+", "within", "days", "of", "www.", "http://", "31"]
    for _ in range(400):
        if rng.random() < 0.5:
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 120)))
        else:
            text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 25)))
        start = rng.randint(0, len(text))
        ctx = rng.choice([None, CTX])
        assert find_dates(text, start, context=ctx) == find_dates(text, start, context=ctx)
        for m in find_dates(text, start, context=ctx):
            assert start <= m.start < m.end <= len(text) and text[m.start:m.end] == m.printed
            assert m.precision in ("day", "month", "year")
            assert (m.date is None) == (m.reason is not None)


@pytest.mark.parametrize("text,printed,iso", [
    ("Page last updated 03-Jul-2023 by SECAS", "03-Jul-2023", "2023-07-03"),
    ("decision notice dated 06-Mar-23.", "06-Mar-23", "2023-03-06"),
    # a footnote digit glued after the year's stop is a marker, not part of the year
    ("sent to the Secretary of State on 14 November 2023.2 The", "14 November 2023", "2023-11-14"),
])
def test_hyphenated_dates_and_footnote_digits(text, printed, iso):
    (m,) = find_dates(text)
    assert (m.printed, m.date.isoformat(), m.year_inferred) == (printed, iso, False)


@pytest.mark.parametrize("text,iso", [
    ("sent to BEIS on 22 Novem-\nber 2019.", "2019-11-22"),
    ("opened on 2 No-\nvember 2019", "2019-11-02"),
])
def test_a_month_broken_at_a_line_end_is_read_whole(text, iso):
    (m,) = find_dates(text)
    assert m.date.isoformat() == iso
