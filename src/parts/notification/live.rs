//! GetBucketNotificationConfiguration: an empty answer is no configuration.

use super::{canonical, canonical_rule};
use crate::aws::answer::Got;
use crate::aws::CallError;
use crate::parts::keys::keyed_rules;
use aws_sdk_s3::operation::get_bucket_notification_configuration::GetBucketNotificationConfigurationOutput;
use aws_sdk_s3::types::{Event, NotificationConfigurationFilter};
use aws_sdk_s3::Client;
use serde_json::Value;

/// Reads the part.
pub async fn read(client: &Client, bucket: &str, owner: Option<&str>) -> Result<Got, CallError> {
    client
        .get_bucket_notification_configuration()
        .bucket(bucket)
        .set_expected_bucket_owner(owner.map(str::to_string))
        .send()
        .await
        .map(|o| Got::value(value(&o)))
        .map_err(|e| CallError::from_sdk(&e))
}

/// The value of the key filter rule called `name`.
fn filter(f: Option<&NotificationConfigurationFilter>, name: &str) -> Option<String> {
    f?.key()?
        .filter_rules()
        .iter()
        .find(|r| {
            r.name()
                .is_some_and(|n| n.as_str().eq_ignore_ascii_case(name))
        })
        .and_then(|r| r.value().map(str::to_string))
}

fn rule(arn: &str, events: &[Event], f: Option<&NotificationConfigurationFilter>) -> Value {
    canonical_rule(
        Some(arn),
        events.iter().map(|e| e.as_str().to_string()).collect(),
        filter(f, "prefix").as_deref(),
        filter(f, "suffix").as_deref(),
    )
}

/// The canonical value of an answer.
pub fn value(out: &GetBucketNotificationConfigurationOutput) -> Option<Value> {
    let topics = keyed_rules(
        out.topic_configurations()
            .iter()
            .map(|t| (t.id(), rule(t.topic_arn(), t.events(), t.filter()))),
    );
    let queues = keyed_rules(
        out.queue_configurations()
            .iter()
            .map(|q| (q.id(), rule(q.queue_arn(), q.events(), q.filter()))),
    );
    let lambdas = keyed_rules(out.lambda_function_configurations().iter().map(|l| {
        (
            l.id(),
            rule(l.lambda_function_arn(), l.events(), l.filter()),
        )
    }));
    canonical(
        [topics, queues, lambdas],
        out.event_bridge_configuration().is_some(),
    )
}
