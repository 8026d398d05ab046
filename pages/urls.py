from django.urls import path

from . import views

app_name = "pages"

# Before articles' section pattern, the same shape: a page of that address wins, else the section is shown.
urlpatterns = [path("<slug:slug>/", views.page_or_section, name="page")]
