"""The newsroom's starting menu and regions, with their names in each edition.

Used by a data migration, so a fresh site already has its navigation; editors
rename, reorder and extend these in the admin.
"""

SECTIONS = [
    ("news", "News", "أخبار", "Noticias", [
        ("politics", "Politics", "سياسة", "Política"),
        ("economy", "Economy", "اقتصاد", "Economía"),
        ("sports", "Sports", "رياضة", "Deportes"),
        ("arts-culture", "Arts&Culture", "فن وثقافة", "Arte y cultura"),
        ("health", "Health", "صحة", "Salud"),
        ("miscellaneous", "Miscellaneous", "منوعات", "Miscelánea"),
        ("technology", "Technology", "تكنولوجيا", "Tecnología"),
        ("environment", "Environment", "بيئة", "Medio ambiente"),
    ]),
    ("articles", "Articles", "مقالات", "Artículos", [
        ("opinion", "Opinion", "رأي", "Opinión"),
        ("analysis", "Analysis", "تحليل", "Análisis"),
        ("blog", "Blog", "مدونة", "Blog"),
        ("features", "Features", "تحقيقات", "Reportajes"),
    ]),
    ("videos", "Videos", "فيديو", "Videos", [
        ("newsfeed", "NewsFeed", "موجز الأخبار", "Noticiero"),
        ("video-features", "Video Features", "تقارير مصورة", "Reportajes en video"),
        ("explainers", "Explainers", "شروحات", "Explicativos"),
        ("tv", "TV", "تلفزيون", "TV"),
        ("digital-series", "Digital Series", "سلاسل رقمية", "Series digitales"),
    ]),
    ("infographs", "Infographs", "إنفوغراف", "Infografías", []),
    ("in-pictures", "In Pictures", "بالصور", "En imágenes", []),
]  # fmt: skip

REGIONS = [
    ("africa", "Africa", "أفريقيا", "África"),
    ("asia", "Asia", "آسيا", "Asia"),
    ("asia-pacific", "Asia-Pacific", "آسيا والمحيط الهادئ", "Asia-Pacífico"),
    ("europe", "Europe", "أوروبا", "Europa"),
    ("latin-america", "Latin America", "أمريكا اللاتينية", "América Latina"),
    ("mena", "MENA", "الشرق الأوسط وشمال أفريقيا", "Oriente Medio y Norte de África"),
    ("palestine", "Palestine", "فلسطين", "Palestina"),
    ("us-canada", "US & Canada", "الولايات المتحدة وكندا", "EE. UU. y Canadá"),
]  # fmt: skip


def apply_taxonomy(section_model, section_label_model, region_model, region_label_model):
    """Create the menu and regions, leaving editors' later changes alone."""

    def labelled(model, label_model, slug, names, position, parent=None):
        defaults = {"name": names[0], "position": position}
        if parent is not None:
            defaults["parent"] = parent
        obj, created = model.objects.get_or_create(slug=slug, defaults=defaults)
        if created:
            for edition, name in zip(("en", "ar", "es"), names, strict=True):
                label_model.objects.create(owner=obj, edition=edition, name=name)
        return obj

    for position, (slug, en, ar, es, children) in enumerate(SECTIONS):
        parent = labelled(section_model, section_label_model, slug, (en, ar, es), position)
        for child_position, (child_slug, *names) in enumerate(children):
            labelled(
                section_model,
                section_label_model,
                child_slug,
                names,
                child_position,
                parent,
            )
    for position, (slug, *names) in enumerate(REGIONS):
        labelled(region_model, region_label_model, slug, names, position)
