"""The cluster's S3 server: moto's S3 API on the loopback with the academy's bucket.

python bench/cluster/s3server.py PORT BUCKET
"""

from __future__ import annotations

import contextlib
import logging
import signal
import sys
import threading

import boto3
from moto.server import ThreadedMotoServer


def main(port: int, bucket: str) -> None:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    boto3.client(
        "s3",
        endpoint_url=f"http://127.0.0.1:{port}",
        region_name="us-east-1",
        aws_access_key_id="cluster",
        aws_secret_access_key="cluster",
    ).create_bucket(Bucket=bucket)
    print(f"S3 on http://127.0.0.1:{port}/{bucket}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *args: stop.set())
    with contextlib.suppress(KeyboardInterrupt):
        stop.wait()
    server.stop()


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
