"""The About, Privacy and Contact pages, until now templates, as editable pages in every edition.

The texts are the templates' own, in each edition's language from the catalogues.
"""

from django.conf import settings
from django.db import migrations
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.translation import gettext as _
from django.utils.translation import override

from articles.sanitize import sanitize_html
from editions import edition_codes


def paragraphs(*parts):
    """HTML from ("h2", text), ("p", html), ("ul", [texts]) parts."""
    html = []
    for tag, content in parts:
        if tag == "ul":
            html.append("<ul>" + "".join(f"<li>{escape(item)}</li>" for item in content) + "</ul>")
        else:
            html.append(f"<{tag}>{content if tag == 'p' else escape(content)}</{tag}>")
    return "".join(html)


def about(site_name):
    links = format_html(
        '<a href="{}">{}</a> · <a href="{}">{}</a>',
        reverse("pages:page", kwargs={"slug": "contact"}),
        _("Contact the newsroom"),
        reverse("articles:authors"),
        _("Meet our authors"),
    )
    return {
        "slug": "about",
        "title": _("About Us"),
        "standfirst": _(
            "%(site_name)s is an independent news service that reports in Arabic, English and Spanish."
        ) % {"site_name": site_name},
        "body": paragraphs(
            ("p", escape(_(
                "Our three editions share one newsroom. Reporters, editors and producers work together on news, "
                "analysis, opinion, video and photography, and each edition tells the stories that matter to its "
                "readers in their own language and time zone."
            ))),
            ("h2", _("What we stand for")),
            ("ul", [
                _("Accuracy first: we check before we publish, and we correct openly when we get something wrong."),
                _("Independence: our editorial decisions are made by our editors alone."),
                _("Clarity: we separate news from opinion and label analysis and opinion as such."),
            ]),
            ("h2", _("How we work")),
            ("p", escape(_(
                "Stories carry the names of the people who wrote them and the agencies they draw on. When a story "
                "changes in substance after publication, it shows when it was updated."
            ))),
            ("p", links),
        ),
    }


def privacy(site_name):
    contact = format_html('<a href="{}">{}</a>', reverse("pages:page", kwargs={"slug": "contact"}), _("Contact Us"))
    return {
        "slug": "privacy",
        "title": _("Privacy Policy"),
        "standfirst": _(
            "This page explains what %(site_name)s learns about you when you read our site, and what we do with it."
        ) % {"site_name": site_name},
        "body": paragraphs(
            ("h2", _("What we collect")),
            ("p", escape(_(
                "Reading our site does not require an account. Our servers keep standard access logs (address, "
                "time, page and browser) for security and to keep the service running; we keep them for a limited "
                "time. We count page views anonymously to show which stories are most read; these counts are not "
                "linked to you."
            ))),
            ("h2", _("Cookies")),
            ("p", escape(_(
                "We set one cookie to remember the edition you chose. We do not use advertising or tracking "
                "cookies, and our pages load no third-party scripts."
            ))),
            ("h2", _("Videos and sharing")),
            ("p", escape(_(
                "Video players from other platforms load only when you press play, and share buttons are plain "
                "links. Once you use them, the platform's own privacy policy applies."
            ))),
            ("h2", _("Your rights")),
            ("p", escape(_(
                "You can ask us what data we hold about you, and ask us to correct or delete it. Write to us "
                "through the contact page and we will answer within one month."
            ))),
            ("p", contact),
        ),
    }


def contact(site_name):
    email = escape(settings.NEWSROOM_CONTACT_EMAIL)
    return {
        "slug": "contact",
        "title": _("Contact Us"),
        "standfirst": _("We read every message. Tell us about a story, a mistake, or how we can do better."),
        "body": paragraphs(
            ("h2", _("News tips and corrections")),
            ("p", _(
                'Write to the news desk at <a href="mailto:%(contact_email)s">%(contact_email)s</a>. For a '
                "correction, include the address of the story and what is wrong; we correct errors openly."
            ) % {"contact_email": email}),
            ("h2", _("Follow us")),
            ("p", escape(_(
                "You can also reach us on our social media accounts, listed at the top and bottom of every page."
            ))),
        ),
    }


def create_pages(apps, schema_editor):
    FixedPage = apps.get_model("pages", "FixedPage")
    for code in edition_codes():
        with override(code):
            for position, make in enumerate((privacy, about, contact)):
                page = make(settings.NEWSROOM_SITE_NAME)
                if FixedPage.objects.filter(edition=code, slug=page["slug"]).exists():
                    continue
                FixedPage.objects.create(
                    edition=code, position=position, **{**page, "body": sanitize_html(page["body"])}
                )


class Migration(migrations.Migration):

    dependencies = [
        ("pages", "0001_fixed_pages"),
    ]

    operations = [
        migrations.RunPython(create_pages, migrations.RunPython.noop),
    ]
