from django.urls import path

from . import views

app_name = "breaking"

urlpatterns = [
    path("breaking.json", views.ticker_json, name="ticker"),
]
