"""What the synthetic texts talk about: the organisations, documents, cohorts
and devices of the reference data (``ontology/reference/*.ttl``), named by
their SKOS labels and variants (OCR forms are the reference data's hidden
labels), the departments of each period, people, versions and dates.

The names here are the short names (``skos:prefLabel``) the facts tables
show; a ``surface`` is how a text prints one.  Nothing here reads the
reference files: the generator must not lean on the pipeline it tests."""

from __future__ import annotations

import calendar
import datetime as dt
import random
from dataclasses import dataclass

# --- departments ------------------------------------------------------------------


@dataclass(frozen=True)
class Department:
    name: str  # prefLabel
    long: tuple[str, ...]  # printed forms in a letterhead or signature
    ocr: tuple[str, ...]  # OCR forms that are hidden labels of the same thing
    addresses: tuple[str, ...]
    web: str
    start: dt.date
    end: dt.date


DEPARTMENTS = (
    Department("DECC", ("Department of Energy & Climate Change", "Department of Energy and Climate Change"), (),
               ("3 Whitehall Place\nLondon SW1A 2AW", "3 Whitehall Place, London SW1A 2AW"), "www.gov.uk/decc",
               dt.date(2013, 1, 1), dt.date(2016, 7, 13)),
    Department("BEIS", ("Department for Business, Energy & Industrial Strategy",
                        "Department for Business, Energy and Industrial Strategy"),
               ("Department for Business, Energy & lndustrial Strategy",),
               ("1 Victoria Street\nLondon SW1H 0ET", "1 Victoria Street, London SW1H 0ET"), "www.gov.uk/beis",
               dt.date(2016, 7, 14), dt.date(2023, 2, 6)),
    Department("DESNZ", ("Department for Energy Security and Net Zero", "Department for Energy Security & Net Zero"),
               (), ("3-8 Whitehall Place\nLondon SW1A 2EG", "55 Whitehall\nLondon SW1A 2HP"), "www.gov.uk/desnz",
               dt.date(2023, 2, 7), dt.date(2026, 12, 31)),
)


def department(on: dt.date) -> Department:
    return next(d for d in DEPARTMENTS if d.start <= on <= d.end)


# --- documents --------------------------------------------------------------------


@dataclass(frozen=True)
class Governed:
    name: str  # prefLabel
    full: tuple[str, ...]  # long forms (alt labels)
    short: tuple[str, ...]  # short forms used after the first mention
    ocr: tuple[str, ...]  # hidden labels (OCR misreadings)
    appendix: str  # "AL": the appendix of the SEC, "" if none
    since: dt.date  # first designated


TMAD = Governed("TMAD", ("SMETS1 Transition and Migration Approach Document",
                        "Transition and Migration Approach Document"),
                ("TMAD", "SMETS1 TMAD"), ("SMETSl Transition and Migration Approach Document", "SMETSl TMAD"),
                "AL", dt.date(2019, 6, 21))
S1SR = Governed("S1SR", ("SMETS1 Supporting Requirements",), ("S1SR",),
                ("SlSR", "SI1SR", "SMETSl Supporting Requirements"), "AM", dt.date(2018, 12, 18))
SVTAD = Governed("SVTAD", ("SMETS1 SVTAD",), ("SVTAD", "SMETS1 SVTAD"), (), "AK", dt.date(2019, 6, 21))
DOCUMENTS = {d.name: d for d in (TMAD, S1SR, SVTAD)}

#: What each document is about, to say what changes to it do.
PURPOSES = {
    "TMAD": ("how SMETS1 installations are migrated", "the order in which SMETS1 installations migrate",
             "the checks run before a SMETS1 installation is migrated", "how failed migrations are retried"),
    "S1SR": ("the device-specific behaviours of SMETS1 meters", "the SMETS1 services provided after migration",
             "how SMETS1 firmware updates are handled", "the reporting of SMETS1 service failures"),
    "SVTAD": ("the tests run on a SMETS1 installation after it migrates", "the pre-migration testing of device models",
              "the verification of migrated installations", "the repeat testing of failed installations"),
}

# --- cohorts and devices ---------------------------------------------------------------

#: prefLabel -> printed forms (alt labels), OCR forms (hidden labels).
COHORTS = {
    "IOC": (("IOC", "Initial Operating Capability"), ("I0C",)),
    "MOC MDS": (("MOC (MDS)", "Middle Operating Capability (MDS)", "MOC Morrisons Data Services"), ("M0C (MDS)",)),
    "MOC Secure": (("MOC (Secure)", "Middle Operating Capability (Secure)"), ("M0C (Secure)",)),
    "FOC": (("FOC", "Final Operating Capability"), ("F0C",)),
}
#: The cohorts of each period (a cohort is spoken of while its migrations run).
COHORT_YEARS = {"IOC": (2019, 2021), "MOC MDS": (2019, 2021), "MOC Secure": (2020, 2022), "FOC": (2020, 2026)}

#: prefLabel -> printed forms; the plural forms are alt labels too.
DEVICES = {
    "Communications Hub": ("Communications Hubs", "Comms Hubs", "Communications Hub"),
    "ESME": ("ESMEs", "ESME", "electricity meters (ESMEs)"),
    "GSME": ("GSMEs", "GSME", "gas meters (GSMEs)"),
    "IHD": ("In-Home Displays", "In Home Displays", "IHDs"),
    "PPMID": ("Prepayment Meter Interface Devices", "PPMIDs"),
    "CAD": ("Consumer Access Devices", "CADs"),
    "GPF": ("Gas Proxy Function",),
    "CHF": ("Communications Hub Function",),
}
#: A device whose printed form also names another thing (a longer name holding a shorter one).
DEVICE_IMPLIES = {"Communications Hub Function": ("Communications Hub",)}

# --- organisations --------------------------------------------------------------------

#: prefLabel -> printed forms.
ORGS = {
    "DCC": ("DCC", "the DCC", "Smart DCC", "the Data Communications Company (DCC)"),
    "Ofgem": ("Ofgem", "the Authority"),
    "SECAS": ("SECAS", "the SEC Administrator"),
    "Secretary of State": ("the Secretary of State",),
    "Citizens Advice": ("Citizens Advice",),
    "Energy UK": ("Energy UK",),
    "Elexon": ("Elexon",),
    "TBDG": ("the TBDG", "the Technical and Business Design Group"),
    "SEC Panel": ("the SEC Panel",),
    "SEC Parties": ("SEC Parties",),
    "energy suppliers": ("energy suppliers",),
    "network operators": ("network operators",),
    "DNOs": ("DNOs", "distribution network operators"),
    "Smart Energy GB": ("Smart Energy GB",),
    "ENA": ("the Energy Networks Association",),
}

# --- people --------------------------------------------------------------------------

FIRST = ("Amira", "Tom", "Rachel", "Harriet", "Priya", "Callum", "Kieran", "Joanna", "Martin", "Fiona", "Jonathan",
         "Duncan", "Eleanor", "Hannah", "Tomasz", "Siobhan", "Gareth", "Imogen", "Rohan", "Bethany", "Oliver", "Nadia",
         "Declan", "Yasmin", "Ewan", "Leila", "Marcus", "Sophie", "Ravi", "Chloe", "Alasdair", "Bronwen", "Kwame",
         "Ingrid", "Felix", "Saoirse")
LAST = ("Patel", "Bellingham", "Adeyemi", "Osei", "Raman", "Fraser", "Doyle", "Whitfield", "Okonjo", "McLeish",
        "Hartley", "Stone", "Vance", "Okafor", "Wielgosz", "O'Neill", "Hughes", "Kaur", "Brennan", "Thornton", "Achebe",
        "Lindqvist", "MacAulay", "Ferreira", "Kowalski", "Ashworth", "Mensah", "Greaves", "Whitaker", "Dunmore",
        "Pemberton", "Sandoval", "Quigley", "Nakamura", "Ellwood", "Carrick")


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


# --- dates ------------------------------------------------------------------------

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def weekday(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    """A working day between two dates (letters and notices are dated on working days)."""
    day = between(rng, start, end)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def plus(day: dt.date, days: int) -> dt.date:
    out = day + dt.timedelta(days=days)
    while out.weekday() >= 5:
        out += dt.timedelta(days=1)
    return out


def add_months(day: dt.date, months: int) -> dt.date:
    m = day.month - 1 + months
    year, month = day.year + m // 12, m % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def infer_year(month: int, day: int, context: dt.date) -> int:
    """The year a reader gives a date printed without one: the one that puts
    it nearest to the date printed before it."""
    scored = []
    for year in (context.year - 1, context.year, context.year + 1):
        try:
            gap = abs((dt.date(year, month, day) - context).days)
        except ValueError:
            continue
        scored.append((gap, abs(year - context.year), year))
    return min(scored)[2]


# --- numbers -----------------------------------------------------------------------

NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty")


def words(n: int, capital: bool = False) -> str:
    text = NUMBER_WORDS[n] if n < len(NUMBER_WORDS) else str(n)
    return text[:1].upper() + text[1:] if capital else text
