"""Media in an S3-compatible bucket, with the fast, unsigned addresses of ``ops.storage``."""

from functools import cached_property

from storages.backends.s3 import S3Storage

from .storage import FastURLs


class S3MediaStorage(FastURLs, S3Storage):
    """Uploads in an S3-compatible bucket (AWS, MinIO, Ceph, R2…), served from the bucket or a CDN.

    Names never overwrite an existing object (as on disk: a second ``street.jpg`` gets a suffix),
    and addresses are unsigned (``querystring_auth`` off).
    """

    file_overwrite = False
    querystring_auth = False

    @cached_property
    def public_base_url(self):
        prefix = f"{self.location.strip('/')}/" if self.location.strip("/") else ""
        if self.custom_domain:
            return f"{self.url_protocol}//{self.custom_domain}/{prefix}"
        if self.endpoint_url:
            return f"{self.endpoint_url.rstrip('/')}/{self.bucket_name}/{prefix}"
        return f"https://{self.bucket_name}.s3.amazonaws.com/{prefix}"
