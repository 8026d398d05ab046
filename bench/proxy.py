"""Debian's nginx with the production configuration (``deploy/nginx/``), in a folder of its own.

The benchmark measures pages through it and ``tests/test_proxy_cache.py`` checks its rules. The
configuration is the one an operator renders (``manage.py nginx_config``, here ``--standalone``),
for loopback ports and a self-signed certificate; nginx runs as the current user, with its pid,
temporary files, cache and access log in the folder.

``python -m bench.proxy FOLDER HTTP_PORT HTTPS_PORT UPSTREAM...`` renders it and becomes nginx
(in the foreground, so stopping that process stops nginx).
"""

import datetime
import ipaddress
import os
import subprocess
import sys
from pathlib import Path

NGINX = "/usr/sbin/nginx"
ROOT = Path(__file__).resolve().parent.parent


def self_signed_certificate(folder):
    """A certificate for 127.0.0.1 and localhost and its key, written into ``folder``."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    names = [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .sign(key, hashes.SHA256())
    )
    certificate_path, key_path = folder / "certificate.pem", folder / "key.pem"
    certificate_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return certificate_path


def configure(folder, http_port, https_port, upstreams, env=None):
    """Render the configuration into ``folder`` (with ``env``'s settings); returns nginx's command line."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    certificate = self_signed_certificate(folder)
    render = [sys.executable, "manage.py", "nginx_config", "--standalone", "--server-name", "127.0.0.1"]
    render += ["--listen-http", f"127.0.0.1:{http_port}", "--listen-https", f"127.0.0.1:{https_port}"]
    render += [arg for address in upstreams for arg in ("--upstream", address)]
    render += ["--certificate", str(certificate), "--certificate-key", str(folder / "key.pem")]
    render += ["--cache-dir", str(folder / "cache"), "--output", str(folder / "nginx.conf")]
    subprocess.run(render, cwd=ROOT, env=env, check=True, capture_output=True)
    # As root, nginx would hand its workers to "nobody", who cannot read a private temporary folder.
    globals_ = "daemon off;" + (" user root;" if os.geteuid() == 0 else "")
    return [NGINX, "-c", str(folder / "nginx.conf"), "-p", f"{folder}/", "-e", "stderr", "-g", globals_]


def main(folder, http_port, https_port, *upstreams):
    command = configure(folder, http_port, https_port, upstreams)
    os.execv(command[0], command)


if __name__ == "__main__":
    main(*sys.argv[1:])
