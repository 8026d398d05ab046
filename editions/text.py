"""Arabic (and Spanish) text folded for matching and sorting.

Readers type Arabic without short vowels, with or without hamza seats, and with
ه for ة; names begin with the article ال. Search (``discovery.search``) folds
both the indexed words and the query with ``normalise_arabic`` so all of those
spellings meet; listings sort names with ``name_sort_key`` so they file as a
reader of the language expects, without ICU.
"""

import re
import unicodedata

# Short vowels, shadda, sukun, Quranic marks, superscript alef and tatweel.
ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640]")
# Letter variants written interchangeably: hamza seats and madda on alef, alef maqsura,
# taa marbuta, and hamza on waw or yaa.
ARABIC_LETTER_FORMS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ؤ": "و",
        "ئ": "ي",
    }
)
ARABIC_INDIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# The definite article at the start of a word, when a real word (two letters or more) follows.
ARABIC_ARTICLE = re.compile(r"\bال(?=\w\w)")


def normalise_arabic(text):
    """``text`` without diacritics or tatweel, with letter variants and digits folded.

    The same function runs when an article is indexed and when a reader's query
    arrives, so "مُدِينَة", "مدينة" and "مدينه" all find each other.
    """
    return ARABIC_MARKS.sub("", text).translate(ARABIC_LETTER_FORMS).translate(ARABIC_INDIC_DIGITS)


def name_sort_key(name):
    """A key that files names the way a reader of Arabic or Spanish expects.

    Case, accents and Arabic diacritics are ignored, as is the article ال at the
    start of a word (الحسن files under ح); ñ keeps its own place after n.
    """
    text = normalise_arabic(name.casefold())
    text = ARABIC_ARTICLE.sub("", text)
    text = text.replace("ñ", "n\U0010ffff")
    decomposed = unicodedata.normalize("NFKD", text)
    # Strip Latin accents only; Arabic has lost its marks above.
    return "".join(char for char in decomposed if not unicodedata.combining(char)).strip()


def main_script(text):
    """The Unicode script most letters of ``text`` are in ("LATIN", "ARABIC"…), by character name; None without letters.

    Digits, punctuation and marks do not count, so "Minister: 3 dead" is Latin and a quote of a
    Latin name inside an Arabic line does not make it Latin.
    """
    counts = {}
    for char in text:
        if char.isalpha():
            script = unicodedata.name(char, "").split(" ", 1)[0]
            counts[script] = counts.get(script, 0) + 1
    return max(counts, key=counts.get) if counts else None
