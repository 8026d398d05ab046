"""Signing up, confirming and leaving, under each edition (``/en/briefing/...``).

Signing up never says whether an address was already on the list (no address probing): the same
page answers, and a confirmation email goes only where one is needed. Unsubscribing by the link
in an email shows a button (mail scanners follow links; they must not unsubscribe anyone); mail
programs' one-click unsubscribe POSTs to the same address (RFC 8058), without a CSRF token.
"""

from django.db import transaction
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from .forms import SubscribeForm
from .models import Subscriber
from .tasks import send_confirmation


@never_cache
def subscribe(request):
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        subscriber, _created = Subscriber.objects.get_or_create(
            email=form.cleaned_data["email"].lower(), edition=get_language()
        )
        if subscriber.status != Subscriber.Status.CONFIRMED:
            if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
                Subscriber.objects.filter(pk=subscriber.pk).update(status=Subscriber.Status.PENDING)
            transaction.on_commit(lambda: send_confirmation.enqueue(subscriber.pk))
        return render(request, "briefings/subscribe.html", {"sent_to": form.cleaned_data["email"]})
    return render(request, "briefings/subscribe.html", {"form": form}, status=400 if request.method == "POST" else 200)


def subscriber_or_404(token):
    subscriber = Subscriber.objects.filter(token=token).first()
    if subscriber is None:
        raise Http404
    return subscriber


@never_cache
def confirm(request, token):
    subscriber = subscriber_or_404(token)
    if subscriber.status != Subscriber.Status.CONFIRMED:
        subscriber.confirm()
    return render(request, "briefings/done.html", {"confirmed": True})


@csrf_exempt
@never_cache
def unsubscribe(request, token):
    subscriber = subscriber_or_404(token)
    if request.method == "POST":
        if subscriber.status != Subscriber.Status.UNSUBSCRIBED:
            subscriber.unsubscribe()
        return render(request, "briefings/done.html", {"unsubscribed": True})
    return render(request, "briefings/unsubscribe.html", {"subscriber": subscriber})
