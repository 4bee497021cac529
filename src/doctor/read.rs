//! The AWS edge of `doctor`: every call it makes, all of them reads, into [`Observed`].
//!
//! * the buckets in scope are read the way `check` reads them ([`crate::live::read`]:
//!   HeadBucket for the region, then the part GETs, of which the logging part is used here
//!   and every refusal is a missing permission `check` would hit too);
//! * `DescribeTrails` (shadow trails included, which also lists organisation trails) in every
//!   region that holds a bucket in scope and in the profile's region: a single-region trail
//!   is only listed in its own region;
//! * per trail, in its home region: `GetTrailStatus` and `GetEventSelectors` by ARN, and one
//!   `ListObjectsV2` of `<prefix>/AWSLogs/` in its delivery bucket (what `--cloudtrail
//!   s3://…` lists first);
//! * per trail log group: `DescribeMetricFilters`; per log-group region: `DescribeAlarms`.
//!
//! Clients come from the AWS edge ([`crate::aws`]: credentials, profile, assume-role);
//! CloudTrail, CloudWatch Logs and CloudWatch endpoints follow aws-config's
//! `AWS_ENDPOINT_URL_<SERVICE>` and `AWS_ENDPOINT_URL`, S3 also `--endpoint-url`.

use super::observed::{
    Alarm, BucketSeen, Delivery, Failure, MetricFilter, Observed, Outcome, TrailSeen, TrailStatus,
};
use super::ops::{self, Operation};
use super::selectors::{AdvancedSelector, BasicSelector, FieldSelector, Selectors};
use crate::aws::{self as edge, AwsSettings, CallError};
use crate::diag::InputError;
use crate::live::{self, ReadOptions};
use crate::model::{LivePart, LiveStatus, Part, Target};
use aws_config::SdkConfig;
use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use edge::{cloudtrail_client as cloudtrail, cloudwatch_client as cloudwatch, logs_client as logs};
use std::collections::{BTreeMap, BTreeSet};

/// Folder names listed at most under a trail's `AWSLogs/` (accounts or organisations).
const MAX_FOLDERS: i32 = 100;

/// Reads everything `doctor` needs about `targets`. Per-call failures are kept in the
/// result; only configuration errors (credentials) are an error.
pub async fn read(
    aws: &AwsSettings,
    targets: &[Target],
    opts: &ReadOptions,
) -> Result<Observed, InputError> {
    let config = edge::sdk_config(aws).await?;
    let profile_region = config
        .region()
        .map(|r| r.to_string())
        .unwrap_or_else(|| edge::FALLBACK_REGION.to_string());
    let snapshot = live::read(aws, targets, opts).await?;
    let mut buckets: Vec<BucketSeen> = targets
        .iter()
        .map(|t| bucket_seen(t, snapshot.buckets.get(&t.bucket)))
        .collect();
    buckets.sort_by(|a, b| a.name.cmp(&b.name));
    buckets.dedup_by(|a, b| a.name == b.name);

    let mut regions: BTreeSet<String> = buckets.iter().filter_map(|b| b.region.clone()).collect();
    regions.insert(profile_region.clone());
    let described =
        futures::future::join_all(regions.iter().map(|r| describe_trails(&config, r.clone())))
            .await;
    let mut found: BTreeMap<String, aws_sdk_cloudtrail::types::Trail> = BTreeMap::new();
    let mut listed = Vec::new();
    for (region, outcome) in described {
        match outcome {
            Ok(trails) => {
                listed.push((
                    region,
                    Ok(trails
                        .iter()
                        .filter_map(|t| t.trail_arn().map(str::to_string))
                        .collect()),
                ));
                for t in trails {
                    if let Some(arn) = t.trail_arn() {
                        found.entry(arn.to_string()).or_insert(t);
                    }
                }
            }
            Err(f) => listed.push((region, Err(f))),
        }
    }
    let trails = futures::future::join_all(
        found
            .into_values()
            .map(|t| trail_seen(&config, aws, &profile_region, t)),
    )
    .await;

    let groups: BTreeSet<(String, String)> = trails.iter().filter_map(|t| t.log_group()).collect();
    let filters = futures::future::join_all(groups.iter().map(|g| async {
        let outcome = metric_filters(&config, &g.0, &g.1).await;
        (g.clone(), outcome)
    }))
    .await;
    let alarm_regions: BTreeSet<String> = groups.iter().map(|(r, _)| r.clone()).collect();
    let alarms = futures::future::join_all(alarm_regions.into_iter().map(|r| async {
        let outcome = describe_alarms(&config, &r).await;
        (r, outcome)
    }))
    .await;

    Ok(Observed {
        profile_region,
        buckets,
        described: listed,
        trails,
        filters,
        alarms,
    })
}

/// A failed call, for the report.
fn failure<E>(op: Operation, scope: &str, err: &SdkError<E, HttpResponse>) -> Failure
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    let e = CallError::from_sdk(err);
    let denied = e.status == Some(403)
        || e.code.as_deref().is_some_and(|c| {
            c.starts_with("AccessDenied") || c.starts_with("Unauthorized") || c == "AuthFailure"
        });
    Failure {
        api: op.api.to_string(),
        action: op.action.to_string(),
        scope: scope.to_string(),
        denied,
        reason: e.reason,
    }
}

fn is_denied(reason: &str) -> bool {
    reason.starts_with("AccessDenied") || reason.contains("Forbidden")
}

/// What the live read found about one bucket.
fn bucket_seen(target: &Target, live: Option<&crate::model::LiveBucket>) -> BucketSeen {
    let logging_info = Part::Logging.spec().live;
    let mut seen = BucketSeen {
        name: target.bucket.clone(),
        region: target.region.clone().filter(|r| !r.is_empty()),
        missing: false,
        logging: Ok(None),
        denied_reads: Vec::new(),
    };
    let Some(live) = live else {
        seen.logging = Err(Failure {
            api: logging_info.operation.to_string(),
            action: logging_info.iam_action.to_string(),
            scope: target.bucket.clone(),
            denied: false,
            reason: "the bucket was not read".to_string(),
        });
        return seen;
    };
    if live.status == LiveStatus::Missing {
        seen.missing = true;
        return seen;
    }
    if let Some(r) = &live.region {
        seen.region = Some(r.clone());
    }
    seen.logging = match live.parts.get(&Part::Logging) {
        Some(LivePart::Present { value }) => {
            let value = value.to_value();
            let text = |k: &str| value.get(k).and_then(|v| v.as_str()).unwrap_or_default();
            Ok(Some((
                text("target_bucket").to_string(),
                text("target_prefix").to_string(),
            )))
        }
        Some(LivePart::Absent) => Ok(None),
        Some(LivePart::Unreadable { reason }) => Err(Failure {
            api: logging_info.operation.to_string(),
            action: logging_info.iam_action.to_string(),
            scope: target.bucket.clone(),
            denied: is_denied(reason),
            reason: reason.clone(),
        }),
        None => Err(Failure {
            api: logging_info.operation.to_string(),
            action: logging_info.iam_action.to_string(),
            scope: target.bucket.clone(),
            denied: false,
            reason: "not read".to_string(),
        }),
    };
    for (part, state) in &live.parts {
        if let LivePart::Unreadable { reason } = state {
            if is_denied(reason) {
                let read = part.spec().live;
                seen.denied_reads.push((
                    read.operation.to_string(),
                    read.iam_action.to_string(),
                    reason.clone(),
                ));
            }
        }
    }
    seen
}

/// `DescribeTrails` in `region`, shadow trails included.
async fn describe_trails(
    config: &SdkConfig,
    region: String,
) -> (String, Outcome<Vec<aws_sdk_cloudtrail::types::Trail>>) {
    let answer = cloudtrail(config, &region)
        .describe_trails()
        .include_shadow_trails(true)
        .send()
        .await;
    let outcome = answer
        .map(|out| out.trail_list().to_vec())
        .map_err(|e| failure(ops::DESCRIBE_TRAILS, &region, &e));
    (region, outcome)
}

/// Everything about one trail, asked in its home region.
async fn trail_seen(
    config: &SdkConfig,
    aws: &AwsSettings,
    profile_region: &str,
    t: aws_sdk_cloudtrail::types::Trail,
) -> TrailSeen {
    let arn = t.trail_arn().unwrap_or_default().to_string();
    let home = t
        .home_region()
        .map(str::to_string)
        .or_else(|| arn.split(':').nth(3).map(str::to_string))
        .unwrap_or_else(|| profile_region.to_string());
    let client = cloudtrail(config, &home);
    let scope = format!("trail {}", t.name().unwrap_or(&arn));
    let status = client
        .get_trail_status()
        .name(&arn)
        .send()
        .await
        .map(|s| TrailStatus {
            is_logging: s.is_logging().unwrap_or(false),
            latest_delivery_error: s
                .latest_delivery_error()
                .filter(|e| !e.is_empty())
                .map(str::to_string),
        })
        .map_err(|e| failure(ops::GET_TRAIL_STATUS, &scope, &e));
    let selectors = client
        .get_event_selectors()
        .trail_name(&arn)
        .send()
        .await
        .map(|s| Selectors {
            basic: s
                .event_selectors()
                .iter()
                .map(|e| BasicSelector {
                    read_write_type: e.read_write_type().map(|r| r.as_str().to_string()),
                    include_management_events: e.include_management_events(),
                    exclude_management_event_sources: e.exclude_management_event_sources().to_vec(),
                    data_resources: e
                        .data_resources()
                        .iter()
                        .map(|d| {
                            (
                                d.r#type().unwrap_or_default().to_string(),
                                d.values().to_vec(),
                            )
                        })
                        .collect(),
                })
                .collect(),
            advanced: s
                .advanced_event_selectors()
                .iter()
                .map(|a| AdvancedSelector {
                    name: a.name().map(str::to_string),
                    fields: a
                        .field_selectors()
                        .iter()
                        .map(|f| FieldSelector {
                            field: f.field().to_string(),
                            equals: f.equals().to_vec(),
                            starts_with: f.starts_with().to_vec(),
                            ends_with: f.ends_with().to_vec(),
                            not_equals: f.not_equals().to_vec(),
                            not_starts_with: f.not_starts_with().to_vec(),
                            not_ends_with: f.not_ends_with().to_vec(),
                        })
                        .collect(),
                })
                .collect(),
        })
        .map_err(|e| failure(ops::GET_EVENT_SELECTORS, &scope, &e));
    let s3_bucket = t
        .s3_bucket_name()
        .filter(|b| !b.is_empty())
        .map(str::to_string);
    let s3_key_prefix = t
        .s3_key_prefix()
        .filter(|p| !p.is_empty())
        .map(str::to_string);
    let delivery = match &s3_bucket {
        Some(bucket) => Some(
            delivery(
                config,
                aws,
                profile_region,
                bucket,
                s3_key_prefix.as_deref(),
            )
            .await,
        ),
        None => None,
    };
    TrailSeen {
        name: t.name().unwrap_or(&arn).to_string(),
        arn,
        home_region: home,
        multi_region: t.is_multi_region_trail().unwrap_or(false),
        organization: t.is_organization_trail().unwrap_or(false),
        s3_bucket,
        s3_key_prefix,
        log_group_arn: t
            .cloud_watch_logs_log_group_arn()
            .filter(|a| !a.is_empty())
            .map(str::to_string),
        status,
        selectors,
        delivery,
    }
}

/// Lists `<prefix>/AWSLogs/` in the trail bucket, asked first through the profile's region
/// and again in the region S3 names if it redirects.
async fn delivery(
    config: &SdkConfig,
    aws: &AwsSettings,
    region: &str,
    bucket: &str,
    prefix: Option<&str>,
) -> Outcome<Delivery> {
    let folder = match prefix
        .map(|p| p.trim_matches('/'))
        .filter(|p| !p.is_empty())
    {
        Some(p) => format!("{p}/AWSLogs/"),
        None => "AWSLogs/".to_string(),
    };
    let scope = format!("s3://{bucket}/{folder}");
    let list = |region: String| {
        let client = edge::s3_client(config, aws, &region);
        let folder = folder.clone();
        async move {
            client
                .list_objects_v2()
                .bucket(bucket)
                .prefix(folder)
                .delimiter("/")
                .max_keys(MAX_FOLDERS)
                .send()
                .await
        }
    };
    let mut answer = list(region.to_string()).await;
    if let Err(e) = &answer {
        let call = CallError::from_sdk(e);
        if let Some(r) = call.redirect_region().filter(|r| *r != region) {
            answer = list(r.to_string()).await;
        }
    }
    let out = answer.map_err(|e| failure(ops::LIST_TRAIL_FOLDER, &scope, &e))?;
    let mut names: Vec<String> = out
        .common_prefixes()
        .iter()
        .filter_map(|p| p.prefix())
        .filter_map(|p| p.strip_prefix(folder.as_str()))
        .map(|p| p.trim_end_matches('/').to_string())
        .filter(|p| !p.is_empty())
        .collect();
    names.sort();
    Ok(if names.is_empty() {
        Delivery::Empty
    } else {
        Delivery::Found(names)
    })
}

/// `DescribeMetricFilters` of one log group, every page.
async fn metric_filters(
    config: &SdkConfig,
    region: &str,
    group: &str,
) -> Outcome<Vec<MetricFilter>> {
    let scope = format!("log group {group} ({region})");
    let mut pages = logs(config, region)
        .describe_metric_filters()
        .log_group_name(group)
        .into_paginator()
        .send();
    let mut out = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| failure(ops::DESCRIBE_METRIC_FILTERS, &scope, &e))?;
        for f in page.metric_filters() {
            out.push(MetricFilter {
                name: f.filter_name().unwrap_or_default().to_string(),
                pattern: f.filter_pattern().unwrap_or_default().to_string(),
                metrics: f
                    .metric_transformations()
                    .iter()
                    .map(|m| {
                        (
                            m.metric_namespace().to_string(),
                            m.metric_name().to_string(),
                        )
                    })
                    .collect(),
            });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// `DescribeAlarms` of one region, every page: the metric alarms and the metrics they watch.
async fn describe_alarms(config: &SdkConfig, region: &str) -> Outcome<Vec<Alarm>> {
    let mut pages = cloudwatch(config, region)
        .describe_alarms()
        .into_paginator()
        .send();
    let mut out = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| failure(ops::DESCRIBE_ALARMS, region, &e))?;
        for a in page.metric_alarms() {
            let mut metrics = Vec::new();
            if let (Some(ns), Some(m)) = (a.namespace(), a.metric_name()) {
                metrics.push((ns.to_string(), m.to_string()));
            }
            for q in a.metrics() {
                if let Some(m) = q.metric_stat().and_then(|s| s.metric()) {
                    if let (Some(ns), Some(name)) = (m.namespace(), m.metric_name()) {
                        metrics.push((ns.to_string(), name.to_string()));
                    }
                }
            }
            out.push(Alarm {
                name: a.alarm_name().unwrap_or_default().to_string(),
                metrics,
                actions_enabled: a.actions_enabled().unwrap_or(false),
                alarm_actions: a.alarm_actions().to_vec(),
            });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}
