"""Creates the generated fleet's buckets in a local S3 server, configured as live.jsonl says.

Run with the Python that has boto3 (the moto venv's):
    python setup.py ENDPOINT live.jsonl

Only the endpoint given is ever contacted (dummy credentials; no AWS config is read).
"""

import json
import sys
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config


def client(endpoint, region):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(retries={"max_attempts": 5, "mode": "standard"}, max_pool_connections=32),
    )


def create(clients, b):
    s3 = clients[b["region"]]
    name = b["name"]
    if b["region"] == "us-east-1":
        s3.create_bucket(Bucket=name)
    else:
        s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": b["region"]})
    if b["versioning"]:
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": b["versioning"]})
    s3.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration=b["encryption"])
    s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration=b["public_access_block"])
    s3.put_bucket_ownership_controls(
        Bucket=name, OwnershipControls={"Rules": [{"ObjectOwnership": b["ownership"]}]}
    )
    if b["policy"]:
        s3.put_bucket_policy(Bucket=name, Policy=b["policy"])
    if b["lifecycle"]:
        s3.put_bucket_lifecycle_configuration(Bucket=name, LifecycleConfiguration=b["lifecycle"])
    if b["website"]:
        s3.put_bucket_website(Bucket=name, WebsiteConfiguration=b["website"])
    if b["cors"]:
        s3.put_bucket_cors(Bucket=name, CORSConfiguration=b["cors"])
    s3.put_bucket_tagging(Bucket=name, Tagging={"TagSet": b["tags"]})


def main():
    endpoint, spec = sys.argv[1], sys.argv[2]
    if not endpoint.startswith(("http://127.0.0.1:", "http://localhost:")):
        sys.exit("setup.py: the endpoint must be on loopback")
    buckets = [json.loads(line) for line in open(spec, encoding="utf-8") if line.strip()]
    regions = sorted({b["region"] for b in buckets})
    clients = {r: client(endpoint, r) for r in regions}
    # Buckets first (in parallel), then logging, whose targets must exist.
    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(lambda b: create(clients, b), buckets))
    with ThreadPoolExecutor(max_workers=16) as pool:
        list(
            pool.map(
                lambda b: clients[b["region"]].put_bucket_logging(
                    Bucket=b["name"], BucketLoggingStatus=b["logging"]
                ),
                [b for b in buckets if b["logging"]],
            )
        )
    print(json.dumps({"buckets": len(buckets)}))


if __name__ == "__main__":
    main()
