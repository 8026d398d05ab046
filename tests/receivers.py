"""A real HTTP receiver on 127.0.0.1 for webhook tests: checks signatures, fails on request, counts repeats."""

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class WebhookReceiver:
    """Accepts POSTs like a partner would: verifies the signature independently, records each delivery.

    ``fail_next`` answers that many requests with 500 (and a long body, to test the log's excerpt).
    """

    def __init__(self, secret):
        self.secret = secret
        self.requests = []  # every request: (headers, body bytes, signature valid)
        self.processed = {}  # idempotency id -> parsed body, first time only
        self.duplicates = 0
        self.fail_next = 0
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                status = receiver.receive(dict(self.headers), body)
                answer = (b"server on fire " * 400) if status == 500 else b'{"ok": true}'
                self.send_response(status)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/meridian?src=test"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def signature_valid(self, headers, body):
        fields = dict(part.split("=", 1) for part in headers.get("Meridian-Signature", "").split(","))
        expected = hmac.new(self.secret.encode(), fields["t"].encode() + b"." + body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, fields["v1"]) and abs(time.time() - int(fields["t"])) < 300

    def receive(self, headers, body):
        with self.lock:
            valid = self.signature_valid(headers, body)
            self.requests.append((headers, body, valid))
            if not valid:
                return 401
            if self.fail_next:
                self.fail_next -= 1
                return 500
            delivery_id = headers["Meridian-Webhook-Id"]
            if delivery_id in self.processed:
                self.duplicates += 1
            else:
                self.processed[delivery_id] = json.loads(body)
            return 200

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


class Browser:
    """A browser's side of a push subscription: its own key pair and auth secret, as a real one makes."""

    def __init__(self, name):
        import os

        from cryptography.hazmat.primitives.asymmetric import ec

        self.name = name
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.auth_secret = os.urandom(16)

    def keys(self):
        from cryptography.hazmat.primitives import serialization

        public = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {"p256dh": b64url(public), "auth": b64url(self.auth_secret)}

    def decrypt(self, body):
        import http_ece

        return http_ece.decrypt(body, private_key=self.private_key, auth_secret=self.auth_secret, version="aes128gcm")


def b64url(raw):
    import base64

    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64url(text):
    import base64

    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def vapid_claims(authorization, origin):
    """The claims of a ``vapid t=<JWT>,k=<key>`` header, after checking its ES256 signature; None if invalid."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

    scheme, _space, params = authorization.partition(" ")
    fields = dict(part.split("=", 1) for part in params.split(","))
    header, claims, signature = fields["t"].split(".")
    raw = unb64url(signature)
    public_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(fields["k"]))
    try:
        public_key.verify(
            encode_dss_signature(int.from_bytes(raw[:32]), int.from_bytes(raw[32:])),
            f"{header}.{claims}".encode(),
            ec.ECDSA(hashes.SHA256()),
        )
    except InvalidSignature:
        return None
    decoded = json.loads(unb64url(claims))
    if scheme != "vapid" or decoded.get("aud") != origin:
        return None
    return {**decoded, "k": fields["k"]}


class PushService:
    """A push service on 127.0.0.1, as a browser vendor runs one: it checks VAPID and decrypts each message.

    ``gone`` names browsers whose subscriptions expired (410); ``fail_next[name]`` answers that many 500s.
    """

    def __init__(self):
        self.browsers = {}
        self.messages = {}  # browser name -> decrypted payloads, in order
        self.claims = []
        self.gone = set()
        self.fail_next = {}
        self.lock = threading.Lock()
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                status = service.receive(self.path.rsplit("/", 1)[-1], self.headers, body)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def browser(self, name):
        self.browsers[name] = Browser(name)
        return self.browsers[name]

    def endpoint(self, name):
        return f"{self.origin}/push/{name}"

    def receive(self, name, headers, body):
        with self.lock:
            if name in self.gone or name not in self.browsers:
                return 410
            if self.fail_next.get(name):
                self.fail_next[name] -= 1
                return 500
            claims = vapid_claims(headers.get("Authorization", ""), self.origin)
            if claims is None or headers.get("Content-Encoding") != "aes128gcm" or "TTL" not in headers:
                return 401
            self.claims.append(claims)
            self.messages.setdefault(name, []).append(json.loads(self.browsers[name].decrypt(body)))
            return 201

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
