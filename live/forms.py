"""The desk's posting form: one post, typed on the live story's own admin page."""

from django import forms
from tinymce.widgets import TinyMCE

from articles.models import Author

from .models import LivePost


class LivePostForm(forms.ModelForm):
    class Meta:
        model = LivePost
        fields = ["title", "body", "author", "key_event", "pinned"]
        widgets = {"body": TinyMCE(attrs={"cols": 80, "rows": 10}, mce_attrs={"height": 280})}

    def __init__(self, *args, story, user, **kwargs):
        super().__init__(*args, **kwargs)
        edition = story.article.edition
        self.fields["author"].queryset = Author.objects.filter(edition=edition).order_by("name")
        # The poster's own byline in the edition, else the story's first: a post always names someone.
        self.default_author = Author.objects.filter(edition=edition, user=user).first() or story.article.authors.first()
        if not self.instance.pk and not self.initial.get("author"):
            self.initial["author"] = self.default_author
        if not user.has_perm("live.change_livepost"):
            del self.fields["pinned"]  # pinning is the editors' call

    def clean_author(self):
        return self.cleaned_data["author"] or self.default_author
