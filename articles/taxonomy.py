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

# Workflow roles. Reporters write and submit; editors publish; admins do everything.
ROLE_PERMISSIONS = {
    "Reporter": [
        "add_article", "change_article", "delete_article", "view_article",
        "view_author", "view_section", "view_region", "view_source", "view_video",
        "add_photo", "change_photo", "view_photo",
        "add_byline", "change_byline", "delete_byline", "view_byline",
        "add_galleryitem", "change_galleryitem", "delete_galleryitem", "view_galleryitem",
        "view_tag", "add_tag",
        "view_correction",
    ],
    "Editor": [
        "add_article", "change_article", "delete_article", "view_article", "publish_article",
        "add_author", "change_author", "view_author",
        "view_section", "change_section", "view_region", "change_region",
        "add_sectionlabel", "change_sectionlabel", "view_sectionlabel",
        "add_regionlabel", "change_regionlabel", "view_regionlabel",
        "add_source", "change_source", "view_source",
        "add_photo", "change_photo", "delete_photo", "view_photo",
        "add_video", "change_video", "delete_video", "view_video",
        "add_byline", "change_byline", "delete_byline", "view_byline",
        "add_galleryitem", "change_galleryitem", "delete_galleryitem", "view_galleryitem",
        "view_scheduledupdate", "delete_scheduledupdate", "change_scheduledupdate",
        "add_tag", "change_tag", "view_tag",
        "add_breakingitem", "change_breakingitem", "delete_breakingitem", "view_breakingitem",
        "add_correction", "change_correction", "delete_correction", "view_correction",
    ],
}  # fmt: skip


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
