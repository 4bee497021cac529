"""The live-scan setup: a moto S3 server, the latency proxy in front of it, and the Cloud
Custodian install. Every process started here is stopped by the same object, by its pid."""

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request

C7N_VERSION = "0.9.53"

# Dummy credentials and no shared config: nothing can reach a real account.
AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_EC2_METADATA_DISABLED": "true",
    "AWS_CONFIG_FILE": "/nonexistent/s3drift-bench-config",
    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/s3drift-bench-credentials",
    "AWS_REGION": "us-east-1",
    "AWS_DEFAULT_REGION": "us-east-1",
}
AWS_REMOVE = [
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_S3",
    "AWS_ENDPOINT_URL_CLOUDTRAIL",
    "AWS_ENDPOINT_URL_STS",
    "AWS_ROLE_ARN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
]


def aws_env(extra=None):
    env = {k: v for k, v in os.environ.items() if k not in AWS_REMOVE}
    env.update(AWS_ENV)
    env.update(extra or {})
    return env


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Unavailable(Exception):
    """A peer cannot be installed or started; the reason says why."""


def install_moto(root):
    """The pinned moto server, installed by .ci/install-moto."""
    binary = os.path.join(root, "target", "moto-venv", "bin", "moto_server")
    if not os.access(binary, os.X_OK):
        proc = subprocess.run(["bash", os.path.join(root, ".ci", "install-moto")], capture_output=True, text=True)
        if proc.returncode != 0:
            raise Unavailable(f"moto could not be installed: {proc.stderr.strip()[-500:]}")
    return binary


def install_c7n(work):
    """Cloud Custodian in its own venv under target/bench."""
    venv = os.path.join(work, "c7n-venv")
    custodian = os.path.join(venv, "bin", "custodian")
    if os.access(custodian, os.X_OK):
        return custodian
    shutil.rmtree(venv, ignore_errors=True)
    steps = [
        ["python3", "-m", "venv", venv],
        [os.path.join(venv, "bin", "pip"), "install", "--quiet", "--disable-pip-version-check", f"c7n=={C7N_VERSION}"],
    ]
    for step in steps:
        proc = subprocess.run(step, capture_output=True, text=True)
        if proc.returncode != 0:
            shutil.rmtree(venv, ignore_errors=True)
            raise Unavailable(f"c7n=={C7N_VERSION} could not be installed: {proc.stderr.strip()[-500:]}")
    return custodian


class Services:
    """moto + the latency proxy, for one live-scan group."""

    def __init__(self, root, work, proxy_bin, latency_ms):
        self.root, self.work = root, work
        self.proxy_bin, self.latency_ms = proxy_bin, latency_ms
        self.procs = []
        self.moto_port = self.proxy_port = None
        self.log_path = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        for p in reversed(self.procs):
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        self.procs.clear()

    def start_moto(self, moto_bin):
        self.moto_port = free_port()
        log = open(os.path.join(self.work, "moto.log"), "wb")
        p = subprocess.Popen(
            [moto_bin, "-H", "127.0.0.1", "-p", str(self.moto_port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=aws_env(),
        )
        self.procs.append(p)
        deadline = time.time() + 60
        while time.time() < deadline:
            if p.poll() is not None:
                raise Unavailable(f"moto_server exited with {p.returncode}")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.moto_port}/moto-api/", timeout=2).read()
                return
            except OSError:
                time.sleep(0.2)
        raise Unavailable("moto_server did not answer within 60 s")

    def start_proxy(self):
        self.log_path = os.path.join(self.work, "proxy.log")
        self.proxy_port = self._spawn_proxy(self.log_path, [])

    def start_faulty_proxy(self, share, seed):
        """A second proxy in front of the same moto that answers `share` of the requests with
        503 SlowDown (seeded). Returns its port and log path."""
        log_path = os.path.join(self.work, f"proxy-slowdown-{share}.log")
        port = self._spawn_proxy(log_path, ["--slowdown", str(share), "--seed", str(seed)])
        return port, log_path

    def _spawn_proxy(self, log_path, extra):
        p = subprocess.Popen(
            [
                self.proxy_bin,
                "--upstream",
                f"127.0.0.1:{self.moto_port}",
                "--latency-ms",
                str(self.latency_ms),
                "--log",
                log_path,
            ]
            + extra,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.procs.append(p)
        line = p.stdout.readline().strip()
        if not line.startswith("listening on "):
            raise Unavailable(f"bench-proxy did not start: {line!r}")
        return int(line.rsplit(":", 1)[1])

    @property
    def moto_url(self):
        return f"http://127.0.0.1:{self.moto_port}"

    @property
    def proxy_url(self):
        return f"http://127.0.0.1:{self.proxy_port}"

    def log_lines(self):
        with open(self.log_path, encoding="utf-8") as f:
            return f.read().splitlines()

    def setup_fleet(self, moto_bin, live_jsonl):
        """Creates the buckets in moto, directly (not through the proxy)."""
        python = os.path.join(os.path.dirname(moto_bin), "python")
        proc = subprocess.run(
            [python, os.path.join(self.root, "benches", "live", "setup.py"), self.moto_url, live_jsonl],
            capture_output=True,
            text=True,
            env=aws_env(),
        )
        if proc.returncode != 0:
            raise RuntimeError(f"the live setup failed: {proc.stderr[-2000:]}")
        return json.loads(proc.stdout.strip().splitlines()[-1])
