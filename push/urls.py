"""Under each edition (``/en/push/...``): the service worker, the prompt's settings, (un)subscribing."""

from django.urls import path

from . import views

app_name = "push"

urlpatterns = [
    path("push/sw.js", views.service_worker, name="service-worker"),
    path("push/prompt.json", views.prompt_settings, name="prompt"),
    path("push/subscribe/", views.subscribe, name="subscribe"),
    path("push/unsubscribe/", views.unsubscribe, name="unsubscribe"),
]
