"""Month names as the reports write them, for every pattern that reads a date (a publication
line, a figure's period, a cited report's date)."""

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
