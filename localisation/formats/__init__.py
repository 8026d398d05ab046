"""Date formats per edition (``FORMAT_MODULE_PATH``), overriding Django's where a newsroom writes dates differently.

Pages show dates through the ``edition_date`` filter (``articles.templatetags.site``),
which picks one of these by name and writes it in the edition's digits:
"26 March 2024", "٢٦ مارس ٢٠٢٤", "26 de marzo de 2024".
"""
