"""One way of writing dates and times per language, on every page and in every mail
(FORMAT_MODULE_PATH): "15 January 2027, 23:59", "15 января 2027, 23:59", "15 қаңтар 2027,
23:59" — the day, the month's name, the year and the 24-hour time, as the international office
writes them, instead of Django's defaults ("Jan. 15, 2027, 11:59 p.m.")."""
