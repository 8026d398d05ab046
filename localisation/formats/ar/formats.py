# "٢٦ مارس ٢٠٢٤": the month named in full (Arabic has no abbreviations), 24-hour time.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y، H:i"
SHORT_DATE_FORMAT = "j F Y"
SHORT_DATETIME_FORMAT = "j F Y، H:i"
TIME_FORMAT = "H:i"
# Arabic separators, written with the edition's Arabic-Indic digits: ١٬٢٣٤٫٥
DECIMAL_SEPARATOR = "٫"
THOUSAND_SEPARATOR = "٬"
NUMBER_GROUPING = 3
