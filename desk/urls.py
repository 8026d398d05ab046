from django.urls import path

from . import views

app_name = "desk"

urlpatterns = [
    # Outside the editions' addresses: the page cache never looks at it.
    path("preview/<str:token>/", views.shared_preview, name="shared-preview"),
]
