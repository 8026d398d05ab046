from django.urls import path

from . import preview_links

app_name = "desk"

urlpatterns = [
    # Outside the editions' addresses: the page cache never looks at it.
    path("preview/<str:token>/", preview_links.shared_preview, name="shared-preview"),
]
