"""``python manage.py ingest_wire PATH...``: ingest agency files (ninjs, NewsML-G2, NITF) or folders of them."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from articles.models import Source
from taxonomy.models import Section
from wire.services import REJECTED, Summary, WireIngester

SUFFIXES = {".json", ".xml", ".nitf"}


class Command(BaseCommand):
    help = (
        "Create or update draft articles (and library photos) from agency files: IPTC ninjs (1.x, 2.x, 3.x; "
        'one item, a list or {"items": [...]}), NewsML-G2 (newsMessage, newsItem, packageItem) and NITF 3.x. '
        "Folders are read recursively (*.json, *.xml, *.nitf)."
    )
    suffixes = SUFFIXES

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or folders")
        parser.add_argument("--source", help="the delivering agency's name (created if new), e.g. “AP”")
        parser.add_argument("--section", help="slug of the section new drafts are filed in (default: news)")

    def handle(self, *args, **options):
        source = self._source(options["source"])
        section = self._section(options["section"])
        summary = Summary()
        for path in self._files(options["paths"]):
            ingester = WireIngester(source=source, base_dir=path.parent, allow_local_files=True, section=section)
            delivered = ingester.ingest_document(path.read_bytes(), label=str(path))
            summary.add(delivered)
            for outcome in delivered.outcomes:
                self._report(outcome)
            for warning in delivered.warnings:
                self.stdout.write(f"warning: {warning}")
        self.stdout.write(summary.line())
        if summary.counts[REJECTED]:
            raise CommandError(f"{summary.counts[REJECTED]} item(s) rejected", returncode=2)

    def _report(self, outcome):
        line = f"{outcome.label}: {outcome.status}"
        if outcome.article:
            line += f" article {outcome.article.pk}"
        if outcome.photo:
            line += f" photo {outcome.photo.pk}"
        if outcome.message:
            line += f" — {outcome.message}"
        (self.stderr if outcome.status == REJECTED else self.stdout).write(line)
        for warning in outcome.warnings:
            self.stdout.write(f"  warning: {warning}")

    def _files(self, paths):
        for name in paths:
            path = Path(name)
            if path.is_dir():
                yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in self.suffixes)
            elif path.is_file():
                yield path
            else:
                raise CommandError(f"{path}: no such file or folder")

    def _source(self, name):
        if not name:
            return None
        source = Source.objects.filter(name__iexact=name).first()
        return source or Source.objects.create(name=name, slug=slugify(name, allow_unicode=True) or "source")

    def _section(self, slug):
        if not slug:
            return None
        try:
            return Section.objects.get(slug=slug)
        except Section.DoesNotExist as exc:
            raise CommandError(f"--section: no section with slug “{slug}”") from exc
