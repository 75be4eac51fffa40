"""The grammar of figures, periods and areas in the reports: words of English, not labels of
the ontology (those are in ontology/statistics.ttl)."""

from __future__ import annotations

import re

from kg.extract.calendar import MONTHS

FORCE = "force"
ENGLAND_AND_WALES = "england-and-wales"
COUNT = "count"
PERCENT = "percent"
POUNDS = "pounds"
# Units of time a figure may be a time limit or a time taken in ("within 10 seconds").
TIME_UNITS = frozenset({"seconds", "minutes", "hours", "days"})
# Ends the period of a figure the text gives no date for, which is as at the report's date.
REPORT_DATE = "(the report's date)"


NUMBER = re.compile(r"(?<![\w.,£$€/])([-+]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\d/])")
# A sum of money: "£16,200", "£1.13 million", "£1.2m", "over £1,000 million".
MONEY = re.compile(
    r"£\s?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:\s*(million|m|bn|billion|k)\b)?", re.IGNORECASE
)
# Between two figures of one list: "£1.13 million in 2008/09 and £1.2 million in 2009/10".
LISTED_AFTER = re.compile(r"(?:\s+(?:in|for)\s+(?:19|20)\d\d(?:/\d\d)?)?\s*(?:,|and|,\s*and)\s+")
MONEY_SCALE = {"million": 10**6, "m": 10**6, "bn": 10**9, "billion": 10**9, "k": 10**3}
CELL = re.compile(r"^([-+]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(%|pp)?$")
# A date as the reports write it; a footnote number may stick to the year ("30 June 201514").
DATE = rf"(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+)?(?P<month>{MONTHS})\s+(?P<year>(?:19|20)\d\d)"
PERIOD = re.compile(
    r"\b(?:(?:the\s+)?(?:12|twelve)\s+months\s+(?:to|prior\s+to|ending|up\s+to)"
    r"(?:\s+the\s+end\s+of)?"
    r"|(?:the\s+)?(?:\w+[-\s])?year\s+period\s+to"
    r"|(?:the\s+)?year\s+(?:ending|to)(?:\s+the\s+end\s+of)?"
    r"|as\s+(?:of|at)|by"
    rf"|between\s+(?:{MONTHS})\s+(?:19|20)\d\d\s+and"
    r"|between\s+\d{1,2}(?:st|nd|rd|th)?\s+and"  # "Between 6 and 17 September 2021"
    rf"|\(?(?:{MONTHS})\s+(?:19|20)\d\d\s*[–-])"
    rf"\s+{DATE}(?:\d{{1,2}})?(?!\d)",
    re.IGNORECASE,
)
# A time the text gives without a date: the figure has no end date, not the report's.
UNDATED = re.compile(
    r"\b(?:to\s+date|so\s+far|currently|at\s+present"
    r"|at\s+the\s+time\s+of\s+(?:the\s+|our\s+|this\s+)?inspection"
    r"|(?:over|in|during)\s+the\s+(?:last|past)\s+(?:\w+\s+)?(?:years?|months?)"
    r"|last\s+year)\b",
    re.IGNORECASE,
)
# A calendar year as the time of a figure in its clause ("the eight priorities agreed for 2014",
# "the eight sergeants who were dedicated ... in 2007"); not "since 2010", not "2008/09".
YEAR = re.compile(r"\b(?:in|for|during)\s+((?:19|20)\d\d)(?![\d/])", re.IGNORECASE)
# A sentence that opens with its year dates its figures: "In 2006, HMIC conducted ... of all 43
# forces, examining 23 areas of activity."
OPENING_YEAR = re.compile(r"^\W*(?:in|during)\s+((?:19|20)\d\d),", re.IGNORECASE)
# Or its month: "In February 2008, the force held a 'Celebrating Success' event."
OPENING_MONTH = re.compile(rf"^\W*(?:in|during)\s+({MONTHS})\s+((?:19|20)\d\d),", re.IGNORECASE)
FINANCIAL_YEAR = re.compile(r"(?<![\d/])((?:19|20)\d\d)/(\d\d)(?![\d/])")
# A period that is the baseline of a comparison, not the period of the figure.
BASELINE_BEFORE = re.compile(
    r"(?:compared\s+(?:with|to)|against|than|comparing\b.*\bwith)\s+(?:the\s+)?$", re.IGNORECASE
)
COMPARISON_CLAUSE = re.compile(r"^(?:compared|than|against)\b", re.IGNORECASE)
# The value of the comparison's subject, given after the comparison: "... than the national
# average at just under 5%".
AT_FIGURE = re.compile(r"\bat\s+(?:(?:just|about|around|almost|nearly|over|under)\s+){0,2}$")
PREVIOUS_YEAR = re.compile(
    r"\b(?:in|for|during)\s+the\s+previous\s+year\b|\bthe\s+year\s+before\b", re.IGNORECASE
)
NATIONAL = re.compile(
    r"\bEngland\s+and\s+Wales\b|\bnational(?:ly)?\b|\ball\s+(?:police\s+)?forces\b", re.IGNORECASE
)
FALL_BEFORE = re.compile(
    r"\b(?:(?:reduced|decreased|fell|fallen|dropped)\s+by|(?:a\s+)?(?:reduction|decrease|fall)"
    r"\s+of)\s+$",
    re.IGNORECASE,
)
FALL_AFTER = re.compile(r"^\s+(?:reduction|decrease|fall|fewer)\b", re.IGNORECASE)
MARGIN = re.compile(
    r"^\s*\(\s*(?:±|\+/-|\+/–|plus\s+or\s+minus)\s*(\d+(?:\.\d+)?)\s*[^()]{0,20}\)", re.IGNORECASE
)
# Footnote numbers stuck to a word or a sentence end ("approach1", "(MAPPAs)12", "people.2").
FOOTNOTE_MARK = re.compile(r"(?:(?<=[A-Za-z)\]’'”])|(?<=[A-Za-z)’'”][.,;:]))\d{1,2}(?!\d)")
# A footnote at the foot of a page: "12 MAPPAs are in place ..." (not "30 June 2015 ...").
FOOTNOTE_LINE = re.compile(rf"^\d{{1,2}}\s+(?!(?:{MONTHS}|percent|per)\b)[A-Z]")
URL_LINE = re.compile(r"^\s*(?:https?://|www\.)\S*\s*$")
PAGE_NUMBER = re.compile(r"^\s*(?:Page\s+)?\d{1,3}\s*$", re.IGNORECASE)
CAPTION = re.compile(r"^\s*(?:Figure|Table)\s*\d*\s*:", re.IGNORECASE)
NOTE = re.compile(r"^\s*\*")
# The words before a time limit or a time taken: "within twenty eight days", "took 90 minutes".
WITHIN = re.compile(r"\bwithin\s+(?:(?:just|only|about|around|under)\s+)?$", re.IGNORECASE)
TOOK = re.compile(
    r"\b(?:took|takes|take|taking|taken)\s+(?:(?:just|only|about|around|over|under|up\s+to)\s+)?$",
    re.IGNORECASE,
)
RATE_WORD = re.compile(r"\brates?\b", re.IGNORECASE)
FORCE_SUFFIX = re.compile(r"\s+(?:Constabulary|Police(?:\s+Service)?)$")
