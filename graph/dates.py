"""Date expressions in governance text: find every one in a span, keep its printed
form and resolve it to a calendar date with a precision.  Standard library only.

Rules, chosen once and applied everywhere:

* A mention covers the date words only: weekday, day, month, year and an
  early/mid/late qualifier ("Monday 3rd April 2017", "early June 2017").  A time of
  day written next to it ("noon on ...", "5pm ...", "... at 17:00 hrs") fills ``time``
  but lies outside start/end; so do prepositions ("in", "by") and OCR footnote
  marks glued after the year ("2021.?").
* Two-digit years pivot at 70: 00-69 are 2000-2069, 70-99 are 1970-1999.  The year
  is printed, so ``year_inferred`` stays False.
* ``year_inferred`` is True when no year is printed.  The year is then chosen by
  ``infer_year`` around a context: the last dated mention with a printed year found
  earlier in the same span (``context_before``), else the ``context`` argument.
  Without either the date is None.
* A range gives one mention per end.  The first borrows the month and year the
  second prints when it omits them, and carries the second's date as ``end_date``.
* A bare month needs a preposition before it and a capital letter ("in March"); a
  bare year needs a preposition ("in 2019").  "may"/"march" in lower case are a
  verb unless a year follows.
* Nothing inside a URL, an e-mail address or a run of eight or more digits (a date
  in a file name is not an event) is a mention.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class DateMention:
    start: int  # offsets into the whole text passed to find_dates
    end: int
    printed: str  # text[start:end]
    date: dt.date | None  # None when it could not be placed: see reason
    precision: str  # "day" | "month" | "year"
    year_inferred: bool  # no year printed; taken from context
    time: str | None = None  # "HH:MM", from the words next to the date
    relative: str | None = None  # "within 10 working days of publication"
    end_date: dt.date | None = None  # on the first end of a range: the other end
    reason: str | None = None
    year_from: str | None = None  # when the year is inferred: the printed date it was taken from


_FLAGS = re.I | re.X
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_FULL = "january|february|march|april|may|june|july|august|september|october|november|december"
# Not the tail of a word, of a dotted number ("Uplift 2.2"), a time, a fraction or an amount.
_NOT_AFTER = r"(?<![\w.:/£$-])"
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+(?:the\s+)?)"


def _broken(name: str) -> str:
    """A month's name broken by a hyphen at a line end ("Novem-\nber")."""
    return "|".join(f"{name[:i]}-[ \t]*\\n[ \t]*{name[i:]}" for i in range(2, len(name) - 1))


_BROKEN = "|".join(_broken(m) for m in _FULL.split("|") if len(m) > 4)

# How each form can start, as a look-ahead put first in its pattern (under the same flags, so the
# same letters match): it changes nothing found, but lets the search pass over the other words
# at once instead of trying every month's name on each.  A month's name starts with the first
# three letters of its abbreviation, or with two and a hyphen when broken at a line end.
_STARTS_WEEKDAY = "mon|tue|wed|thu|fri|sat|sun"
_STARTS_MONTH = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|" + "|".join(
    f"{m[:2]}-" for m in _FULL.split("|") if len(m) > 4)


def _month(g: str) -> str:
    # Full names first so "June" is not cut to "Jun"; an abbreviation keeps its dot
    # only when a number follows ("Oct. 2021"), so a sentence's full stop stays out.
    return (rf"(?P<{g}>(?:{_FULL}|{_BROKEN})(?!\w)"
            rf"|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)(?!\w)(?:\.(?=\s*[0-9]))?)")


def _day(g: str) -> str:  # 1-31, ordinal suffix outside the group
    return rf"(?P<{g}>3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?"


def _year4(g: str) -> str:
    # 1900-2099, not the head of a longer or dotted number ("2021.22", "2021-22");
    # anything else glued after it (quote, "!", ".?") is an OCR mark and left out.
    # A single digit glued after a stop and before a space is a footnote marker
    # ("14 November 2023.2 The ..."), not part of a number.
    return rf"(?P<{g}>(?:19|20)[0-9]{{2}})(?![0-9])(?![/-][0-9])(?!\.[0-9](?![ \t\r\n\"')\]]|\Z))"


def _year2(g: str) -> str:
    # "Notice 5 March 15": only where the line ends or closing punctuation follows,
    # so "on 4 August 10 respondents" and "15 March 17:00" keep no year.
    return rf"(?P<{g}>[0-9]{{2}})(?=[ \t]*(?:[\r\n)\]\"'”’]|\Z)|[,;]\s|\.(?![0-9]))"


def _dmy(s: str) -> str:  # [weekday] day [of] month [year], all inside group all<s>
    return (rf"(?P<all{s}>{_WEEKDAY}?{_day('d' + s)}(?:\s+of)?\s+{_month('m' + s)}"
            rf"(?:,?\s+{_year4('y' + s)}|[ \t]+{_year2('z' + s)})?)")


_DMY = re.compile(_NOT_AFTER + rf"(?=[0-9]|{_STARTS_WEEKDAY})" + _dmy(""), _FLAGS)
# "14-28 September 2021", "from 14 to 28 September", "Between 27 July 2021 and 20
# August 2021": a first end (day, maybe month and year) joined to a full second end.
_RANGE = re.compile(
    rf"{_NOT_AFTER}(?=[0-9])(?P<h1>{_day('d1')}(?:(?:\s+of)?\s+{_month('m1')}(?:,?\s+{_year4('y1')})?)?)"
    rf"(?:\s*[-–—]\s*|\s+(?P<conn>to|and|until|till)\s+){_dmy('2')}", _FLAGS)
_BETWEEN = re.compile(r"between\s+\Z", re.I)  # "19 and 26 October" is a range only after it
# "Section 18 May be ...": a number after a reference word is a reference, not a day.
_REFERENCE = re.compile(r"(?<!\w)(?:section|paragraph|para|clause|annex|appendix|schedule|condition"
                        r"|part|chapter|article|table|figure|page|step|item|no\.?)\s*\Z", re.I)
_US = re.compile(rf"(?<![\w.:/-])(?={_STARTS_WEEKDAY}|{_STARTS_MONTH})"
                 rf"{_WEEKDAY}?{_month('m')}\s+{_day('d')},?\s+{_year4('y')}", _FLAGS)
_MONTH_YEAR = re.compile(
    rf"(?<![\w.:/-])(?=early|mid|late|{_STARTS_MONTH})(?:(?:early|mid|late)[\s-]+)?{_month('m')},?\s+{_year4('y')}",
    _FLAGS)
# Where _US and _MONTH_YEAR can start, found in the text folded to lower case (see _starting).
_US_AT = re.compile(f"{_STARTS_WEEKDAY}|{_STARTS_MONTH}")
_MONTH_YEAR_AT = re.compile(f"early|mid|late|{_STARTS_MONTH}")
#: The letters outside a-z that match one of them when case is ignored (the rest are their capitals).
_TO_ASCII = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
# A month alone is a date only after a preposition: "in February", "by the end of June".
_MONTH_ONLY = re.compile(
    rf"(?<!\w)(?:in|during|by|from|until|till|to|since|before|after|throughout"
    rf"|(?:end|beginning|start|middle)\s+of)\s+"
    rf"(?P<core>(?:(?:early|mid|late)[\s-]+)?(?P<m>{_FULL}|sept))(?![\w'’])", _FLAGS)
# A year alone likewise ("in 2019"): so "Electricity Act 1989", "version 2019" and
# "SRV 2020" are never dates; nor "by 2000 hrs", "in 2019/20" or "in 2019.1".
_YEAR_ONLY = re.compile(
    r"(?<!\w)(?:in|during|by|since|until|till|before|after|throughout|from)\s+"
    r"(?P<core>(?:(?:early|mid|late)[\s-]+)?(?P<y>(?:19|20)[0-9]{2}))"
    r"(?![\w/-]|\.[0-9]|\s*(?:hrs|hours)\b)", _FLAGS)
# The words _MONTH_ONLY and _YEAR_ONLY start with, in lower case (see _starting).
_MONTH_ONLY_AT = re.compile(r"(?:in|during|by|from|until|till|to|since|before|after|throughout"
                            r"|end\s+of|beginning\s+of|start\s+of|middle\s+of)\s+"
                            rf"(?:(?:early|mid|late)[\s-]+)?(?:{_FULL}|sept)")
_YEAR_ONLY_AT = re.compile(r"(?:in|during|by|since|until|till|before|after|throughout|from)\s+"
                           r"(?:(?:early|mid|late)[\s-]+)?(?:19|20)[0-9]{2}")
# UK day first: 10/09/2019, 10/09/19, 10.09.2019, 10-09-2019 (dots and hyphens need
# four-digit years, so version numbers like 1.6.14 stay out).
_NUMERIC = re.compile(r"(?<![\w./])(?P<d>[0-9]{1,2})(?P<sep>[/.-])(?P<m>[0-9]{1,2})(?P=sep)"
                      r"(?P<y>(?:19|20)[0-9]{2}|[0-9]{2})(?![\w/]|\.[0-9]|-(?![0-9]{1,2}/[0-9]{1,2}/))")
# "03-Jul-2023", "06-Mar-23": day, abbreviated month and year joined by hyphens.
_DAY_MON = re.compile(r"(?<![\w./-])(?P<d>[0-9]{1,2})-(?P<m>jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)-"
                      r"(?P<y>(?:19|20)[0-9]{2}|[0-9]{2})(?![\w-])", re.I)
_ISO = re.compile(r"(?<![\w./-])(?P<y>(?:19|20)[0-9]{2})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})"
                  r"(?![\w/]|[.-][0-9])")
_NUM = r"[0-9]{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty"
_UNIT = r"(?:working\s+|calendar\s+|business\s+)?(?P<unit>day|week|month|year)s?\b"
_EVENT = r"(?:(?:the|this|that|its|their)\s+)?(?!(?:the|this|that|its|their|an?)\b)[a-z][\w-]*"
_REL_PLUS = re.compile(rf"(?<![\w-])[a-z][\w-]*\s*\+\s*[0-9]{{1,3}}\s*{_UNIT}", _FLAGS)  # go-live + 3 months
_REL_SPAN = re.compile(  # "within 10 working days of publication", "two weeks after designation"
    rf"(?<![\w-])(?P<within>within\s+)?(?:{_NUM})\s+{_UNIT}\s+"
    rf"(?P<conn>of|after|before|following|from|prior\s+to)\s+{_EVENT}", _FLAGS)
_UNIT_PRECISION = {"day": "day", "week": "day", "month": "month", "year": "year"}
# Spans whose digits are never dates: URLs, e-mail addresses, yyyymmdd file-name runs.
_BLOCKED = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|[0-9]{8,}", re.I)
#: The same where there is no "@" (so no e-mail address), which is searched much faster.
_BLOCKED_NO_MAIL = re.compile(r"(?:https?://|www\.)\S+|[0-9]{8,}", re.I)

# A time of day: noon/midnight, 5pm / 5.30 p.m., 12:00 / 17.00 (hrs), 1600 hrs; a bare
# four-digit time only before "on" on the same line ("1600 on 7 April"), and not where
# a year stands ("in 2021 on 4 May", "March 2021 on 4 May").
_TIME = r"""(?:(?P<word>noon|midday|midnight)
  |(?P<h12>1[0-2]|0?[1-9])(?:[:.](?P<m12>[0-5][0-9]))?\s*(?P<ap>[ap])\.?m\b\.?
  |(?P<h24>[01]?[0-9]|2[0-3])[:.](?P<m24>[0-5][0-9])(?:\s*(?:hrs|hours)\b)?
  |(?P<hc>[01][0-9]|2[0-3])(?P<mc>[0-5][0-9])\s*(?:hrs|hours)\b
  |(?P<hb>[01][0-9]|2[0-3])(?P<mb>[0-5][0-9])(?=[ \t]+on\b))"""
_YEAR_PLACE = re.compile(rf"(?:{_FULL}|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|in|during|since|of)"
                         r"\.?,?\s+\Z", re.I)
_TIME_BEFORE = re.compile(rf"(?<![\w.:/-]){_TIME}\s*,?\s*(?:on\s+(?:the\s+)?)?\Z", _FLAGS)
_TIME_AFTER = re.compile(rf"\s*,?\s*(?:at\s+|by\s+)?{_TIME}(?![0-9]|[./:-][0-9])", _FLAGS)


@dataclass
class _Part:  # one end of a candidate, offsets relative to the searched span
    start: int
    end: int
    precision: str
    day: int | None = None
    month: int | None = None
    year: int | None = None
    relative: str | None = None


def _month_num(word: str) -> int:
    return _MONTHS.index(re.sub(r"-\s*", "", word)[:3].lower()) + 1  # "Novem-\nber" is November


def _pivot(yy: int) -> int:
    return 2000 + yy if yy < 70 else 1900 + yy


def _dm_part(m: re.Match, s: str) -> _Part | None:
    word = m["m" + s]
    year = int(m["y" + s]) if m["y" + s] else _pivot(int(m["z" + s])) if m["z" + s] else None
    if year is None and word[:3].lower() in ("may", "mar") and word[0].islower():
        return None  # "Annex 3 may apply": a verb, not a month
    if year is None and _REFERENCE.search(m.string, max(0, m.start("all" + s) - 12), m.start("all" + s)):
        return None
    return _Part(*m.span("all" + s), "day", int(m["d" + s]), _month_num(word), year)


def _numeric(m: re.Match) -> tuple[int, int, int] | None:
    """(day, month, year) of a numeric match, or None when it is not a date at all."""
    if m.groupdict().get("sep", "/") != "/" and len(m["y"]) == 2:
        return None
    day, month = int(m["d"]), int(m["m"])
    year = int(m["y"]) if len(m["y"]) == 4 else _pivot(int(m["y"]))
    return (day, month, year) if 1 <= month <= 12 and 1 <= day <= 31 else None


def folded(text: str) -> str | None:
    """``text`` with every letter that matches a-z when case is ignored made that letter (in lower case),
    so that lower-case words found in it are where the same words match ``text`` ignoring case, and
    a word not in it matches nowhere; None if that would change its length."""
    out = text.translate(_TO_ASCII).lower()
    return out if len(out) == len(text) else None


def _starting(rx: re.Pattern[str], at: re.Pattern[str], sub: str, lower: str | None):
    """What ``rx.finditer(sub)`` finds, trying ``rx`` only where ``at`` matches ``lower`` (``sub``
    :func:`folded`): ``at`` is the start of ``rx`` in lower case, less its look-arounds, so it
    matches wherever ``rx`` does.  A regex that ignores case and starts with a look-behind is tried
    at every character, slowly; ``at`` is searched for fast, and ``rx`` tried where it is found."""
    if lower is None:
        yield from rx.finditer(sub)
        return
    pos = 0
    while (start := at.search(lower, pos)) is not None:
        m = rx.match(sub, start.start())
        if m:
            yield m
        pos = max(m.end(), start.start() + 1) if m else start.start() + 1


def _candidates(sub: str):
    """(start, end, parts) for every form; overlaps are settled by _select."""
    lower = folded(sub)
    for m in _DMY.finditer(sub):
        if p := _dm_part(m, ""):
            yield p.start, p.end, [p]
    for m in _RANGE.finditer(sub):
        between = _BETWEEN.search(sub, max(0, m.start() - 12), m.start())
        if (m["conn"] or "").lower() == "and" and not between or not (last := _dm_part(m, "2")):
            continue
        y1 = int(m["y1"]) if m["y1"] else None
        first = _Part(*m.span("h1"), "day", int(m["d1"]), m["m1"] and _month_num(m["m1"]), y1)
        yield m.start(), m.end(), [first, last]
    for m in _starting(_US, _US_AT, sub, lower):
        yield m.start(), m.end(), [_Part(*m.span(), "day", int(m["d"]), _month_num(m["m"]), int(m["y"]))]
    for m in _starting(_MONTH_YEAR, _MONTH_YEAR_AT, sub, lower):
        yield m.start(), m.end(), [_Part(*m.span(), "month", None, _month_num(m["m"]), int(m["y"]))]
    for m in _starting(_MONTH_ONLY, _MONTH_ONLY_AT, sub, lower):
        if m["m"][0].isupper():
            yield *m.span("core"), [_Part(*m.span("core"), "month", None, _month_num(m["m"]))]
    for m in _starting(_YEAR_ONLY, _YEAR_ONLY_AT, sub, lower):
        yield *m.span("core"), [_Part(*m.span("core"), "year", year=int(m["y"]))]
    for m in (*_NUMERIC.finditer(sub), *_ISO.finditer(sub)):
        if dmy := _numeric(m):
            yield m.start(), m.end(), [_Part(*m.span(), "day", *dmy)]
    for m in _DAY_MON.finditer(sub):
        year = int(m["y"]) if len(m["y"]) == 4 else _pivot(int(m["y"]))
        yield m.start(), m.end(), [_Part(*m.span(), "day", int(m["d"]), _month_num(m["m"]), year)]
    for m in _REL_PLUS.finditer(sub) if "+" in sub else ():  # "go-live + 3 months" needs its "+"
        yield m.start(), m.end(), [_Part(*m.span(), _UNIT_PRECISION[m["unit"].lower()], relative=m[0])]
    for m in _REL_SPAN.finditer(sub):
        if m["conn"].lower() != "of" or m["within"]:  # "28 days of consultation" is a length
            yield m.start(), m.end(), [_Part(*m.span(), _UNIT_PRECISION[m["unit"].lower()], relative=m[0])]


def _select(cands: list) -> list:
    """Longest first, then earliest; drop whatever overlaps one already taken."""
    chosen: list = []
    for c in sorted(cands, key=lambda c: (c[0] - c[1], c[0])):
        if all(c[1] <= o[0] or o[1] <= c[0] for o in chosen):
            chosen.append(c)
    return sorted(chosen, key=lambda c: c[0])


def infer_year(month: int, day: int | None, context: dt.date) -> int:
    """The year (context's, or one either side) that puts day/month nearest to context.
    A month alone is measured from its 15th; ties go to the context's year, then the
    earlier.  A day no year has (31 September) keeps the context's year."""
    scored = []
    for year in (context.year - 1, context.year, context.year + 1):
        try:
            gap = abs((dt.date(year, month, day or 15) - context).days)
        except ValueError:
            continue
        scored.append((gap, abs(year - context.year), year))
    return min(scored)[2] if scored else context.year


def context_before(mentions, offset: int, default: dt.date | None) -> dt.date | None:
    """Date of the last mention ending at or before ``offset`` whose year is printed
    (day or month precision, not relative), else ``default``."""
    best = year_giver(mentions, offset)
    return best.date if best else default


def year_giver(mentions, offset: int) -> DateMention | None:
    """The last mention ending at or before ``offset`` whose year is printed (day or
    month precision, not relative): the one a date without a year takes it from."""
    best = None
    for m in mentions:
        if (m.end <= offset and m.date is not None and not m.year_inferred and m.relative is None
                and m.precision in ("day", "month") and (best is None or m.end > best.end)):
            best = m
    return best


def parse_numeric_date(s: str) -> dt.date | None:
    """10/09/2019, 10/09/19, 10.09.2019 (day first) or 2019-09-10; None otherwise."""
    s = s.strip()
    m = _NUMERIC.fullmatch(s) or _ISO.fullmatch(s)
    if not m or not (dmy := _numeric(m)):
        return None
    return _calendar(dmy[2], dmy[1], dmy[0])[0]


def _calendar(year: int, month: int | None, day: int | None) -> tuple[dt.date | None, str | None]:
    try:
        return dt.date(year, month or 1, day or 1), None
    except ValueError:
        return None, "no such day"


def _time(sub: str, start: int, end: int) -> str | None:
    m = _TIME_BEFORE.search(sub, max(0, start - 30), start) or _TIME_AFTER.match(sub, end, end + 30)
    if not m or m["hb"] and _YEAR_PLACE.search(sub, max(0, m.start() - 12), m.start()):
        return None
    if m["word"]:
        return "00:00" if m["word"].lower() == "midnight" else "12:00"
    if m["h12"]:
        hour = int(m["h12"]) % 12 + (12 if m["ap"].lower() == "p" else 0)
        return f"{hour:02d}:{m['m12'] or '00'}"
    return f"{int(m['h24'] or m['hc'] or m['hb']):02d}:{m['m24'] or m['mc'] or m['mb']}"


def _year_for(p: _Part, ctx: dt.date | None) -> tuple[int | None, bool, str | None]:
    if p.relative:
        return None, False, "relative to an event"
    if p.year is not None:
        return p.year, False, None
    if ctx is None:
        return None, True, "year not stated and no context"
    return infer_year(p.month, p.day, ctx), True, None


def _resolve(text: str, sub: str, offset: int, parts: list[_Part], ctx: dt.date | None, source: str | None):
    *head, last = parts
    if head and head[0].year and head[0].month:  # "30 July 2021 to 2 August": year from the first
        ctx = _calendar(head[0].year, head[0].month, head[0].day)[0] or ctx
        source = sub[head[0].start:head[0].end]
    year, inferred, reason = _year_for(last, ctx)
    date = None
    if year is not None and not last.relative:
        date, reason = _calendar(year, last.month, last.day)
    out = [(last, date, inferred, reason, None)]
    for first in head:  # the first end of a range borrows what it omits from the second
        month = first.month or last.month
        fyear, finf = (first.year, False) if first.year is not None else (year, inferred)
        fdate, freason = _calendar(fyear, month, first.day) if fyear is not None else (None, reason)
        if fdate and date and first.year is None and fdate > date:  # "30 December to 2 January 2022"
            fdate, freason = _calendar(fyear - 1, month, first.day)
        out.insert(0, (first, fdate, finf, freason, date))
    mentions = []
    for p, date, inferred, reason, end_date in out:
        s, e = offset + p.start, offset + p.end
        time = _time(sub, p.start, p.end) if p.precision == "day" and not p.relative else None
        mentions.append(DateMention(s, e, text[s:e], date, p.precision, inferred, time,
                                    p.relative, end_date, reason, source if inferred and date else None))
    return mentions


def find_dates(text: str, start: int = 0, end: int | None = None, *,
               context: dt.date | None = None) -> list[DateMention]:
    """Every date expression in text[start:end], in text order, without overlaps."""
    start = max(0, start)
    end = len(text) if end is None else max(start, min(end, len(text)))
    sub = text[start:end]
    blocked = [m.span() for m in (_BLOCKED if "@" in sub else _BLOCKED_NO_MAIL).finditer(sub)]
    cands = [c for c in _candidates(sub) if not any(c[0] < b and a < c[1] for a, b in blocked)]
    mentions: list[DateMention] = []
    for _, _, parts in _select(cands):
        giver = year_giver(mentions, start + parts[0].start)
        ctx = giver.date if giver else context
        mentions.extend(_resolve(text, sub, start, parts, ctx, giver.printed if giver else None))
    return mentions
