"""Webhooks: apps and partners registered by Admins hear of published, updated, unpublished and
corrected stories, breaking news posted and expired, and live posts, as signed JSON deliveries.

Other apps raise events with ``webhooks.events.emit``; the work (building the body, the HTTP
POST, retries for a day and more) runs on the task queue after the saving transaction commits.
"""
