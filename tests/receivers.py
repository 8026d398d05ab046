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
