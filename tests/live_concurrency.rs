//! How the read time of many buckets depends on `--concurrency`, against one local moto
//! server. Run on demand (`cargo test --test live_concurrency -- --ignored --nocapture`); the
//! numbers chose `live::DEFAULT_CONCURRENCY` (see the README's "Concurrency" section).

mod support;

use s3drift::aws::AwsSettings;
use s3drift::live::{self, ReadOptions};
use s3drift::model::Target;
use std::time::Instant;
use support::moto::Moto;
use support::proxy::Proxy;

const BUCKETS: usize = 60;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "a measurement, not a check: run with --ignored --nocapture"]
async fn read_time_by_concurrency() {
    support::init_process_env();
    let moto = Moto::start();
    moto.boto3(&format!(
        "for i in range({BUCKETS}):\n    b = f'bench-{{i:03}}'\n    s3.create_bucket(Bucket=b)\n    \
         s3.put_bucket_versioning(Bucket=b, VersioningConfiguration={{'Status': 'Enabled'}})\n    \
         s3.put_bucket_tagging(Bucket=b, Tagging={{'TagSet': [{{'Key': 'i', 'Value': str(i)}}]}})"
    ));
    let proxy = Proxy::start(moto.addr);
    let targets: Vec<Target> = (0..BUCKETS)
        .map(|i| Target {
            bucket: format!("bench-{i:03}"),
            account: None,
            region: Some("us-east-1".into()),
        })
        .collect();
    for direct in [true, false] {
        let endpoint = if direct {
            moto.endpoint.clone()
        } else {
            proxy.endpoint.clone()
        };
        let aws = AwsSettings {
            endpoint_url: Some(endpoint),
            region: Some("us-east-1".into()),
            ..Default::default()
        };
        for concurrency in [1, 2, 4, 8, 16, 32, 64, 128] {
            let opts = ReadOptions {
                concurrency,
                progress: false,
                ..ReadOptions::default()
            };
            let start = Instant::now();
            let snap = live::read(&aws, &targets, &opts).await.expect("read");
            let secs = start.elapsed().as_secs_f64();
            assert_eq!(snap.buckets.len(), BUCKETS);
            let calls = BUCKETS * 14;
            println!(
                "{} concurrency {concurrency:>3}: {secs:6.2}s, {:6.0} calls/s",
                if direct { "direct" } else { "proxy " },
                calls as f64 / secs
            );
        }
    }
}
