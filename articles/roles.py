"""The newsroom's roles and their permissions, granted by a data migration on a fresh site.

What each role may do with a story is decided by ``articles.workflow``; these are the Django
permissions the admin checks before that.
"""

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
