"""Web Push alerts: readers opt in per edition; Editors send one alert per story; workers fan it out.

Readers' browsers subscribe through the edition's service worker (``/<edition>/push/sw.js``)
after a discreet prompt; an Editor picks *Send push alert* on a breaking item or an article and
confirms, seeing how many readers will get it; ``push.tasks`` delivers it with the Web Push
protocol (``pywebpush``, VAPID), in batches that several workers share, dropping subscriptions
the push service reports gone.
"""
