//! The fix for each gap: an HCL snippet for Terraform users first, then the AWS CLI
//! equivalent. Placeholders the tool cannot know are written `<like-this>`.
//!
//! Facts the snippets rest on:
//! * a trail created by `CreateTrail` does not log until `StartLogging` (CloudTrail API
//!   reference); the provider's `aws_cloudtrail` starts it (`enable_logging`, default true);
//! * `PutEventSelectors` replaces all of a trail's selectors, and a trail has either basic
//!   or advanced selectors, never both, so the fix keeps the kind the trail already uses and
//!   restates the management events next to the data events;
//! * a trail's CloudWatch Logs delivery needs the log group ARN with `:*` and a role CloudTrail
//!   can assume;
//! * CWL-012's filter, metric (`CloudTrailMetrics`/`S3BucketEventCount`) and alarm (`Sum`
//!   over 300 s, `>= 1`, an SNS action) follow the rule's published remediation.

use super::cwl012;
use super::verdict::Fix;

/// What a fix needs to know about an existing trail.
#[derive(Clone, Debug)]
pub struct TrailRef<'a> {
    pub name: &'a str,
    pub home_region: &'a str,
    pub s3_bucket: Option<&'a str>,
    pub s3_key_prefix: Option<&'a str>,
    pub multi_region: bool,
    /// It uses advanced event selectors.
    pub advanced: bool,
}

const TRAIL_BUCKET: &str = "<trail-log-bucket>";
const SNS_TOPIC: &str = "<sns-topic-arn>";
const LOGS_ROLE: &str = "<role-arn-cloudtrail-assumes-to-write-logs>";
const ACCESS_LOG_BUCKET: &str = "<access-log-bucket>";

/// A Terraform resource name from free text: lower-case letters, digits and `_`.
pub fn resource_name(text: &str) -> String {
    let mut out: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_lowercase() || c == '_') {
        out.insert(0, '_');
    }
    out
}

/// An HCL string literal (`"…"` with `\`, `"` escaped and `${`/`%{` not interpolated).
fn hcl_string(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace("${", "$${")
        .replace("%{", "%%{");
    format!("\"{escaped}\"")
}

/// A shell word in single quotes.
fn sh(text: &str) -> String {
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@,+".contains(c))
    {
        return text.to_string();
    }
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// The `event_selector` / `advanced_event_selector` blocks for management events, plus S3
/// data events for every bucket when `data` is set.
fn selector_blocks(advanced: bool, data: bool) -> String {
    if advanced {
        let mut out = String::from(
            "  advanced_event_selector {\n    name = \"Management events\"\n    field_selector {\n      field  = \"eventCategory\"\n      equals = [\"Management\"]\n    }\n  }\n",
        );
        if data {
            out.push_str("\n  advanced_event_selector {\n    name = \"S3 data events\"\n    field_selector {\n      field  = \"eventCategory\"\n      equals = [\"Data\"]\n    }\n    field_selector {\n      field  = \"resources.type\"\n      equals = [\"AWS::S3::Object\"]\n    }\n  }\n");
        }
        out
    } else {
        let mut out = String::from(
            "  event_selector {\n    read_write_type           = \"All\"\n    include_management_events = true\n",
        );
        if data {
            out.push_str("\n    data_resource {\n      type   = \"AWS::S3::Object\"\n      values = [\"arn:aws:s3\"]\n    }\n");
        }
        out.push_str("  }\n");
        out
    }
}

/// The `put-event-selectors` arguments for the same selectors.
fn selector_cli(advanced: bool, data: bool) -> String {
    if advanced {
        let mut selectors = vec![
            r#"{"Name":"Management events","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]}"#,
        ];
        if data {
            selectors.push(r#"{"Name":"S3 data events","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::S3::Object"]}]}"#);
        }
        format!("--advanced-event-selectors '[{}]'", selectors.join(","))
    } else {
        let data_resources = if data {
            r#","DataResources":[{"Type":"AWS::S3::Object","Values":["arn:aws:s3"]}]"#
        } else {
            ""
        };
        format!(
            "--event-selectors '[{{\"ReadWriteType\":\"All\",\"IncludeManagementEvents\":true{data_resources}}}]'"
        )
    }
}

/// The `aws_cloudtrail` resource for `trail` as it should be: multi-region, logging, with
/// management events (and data events when `data`).
fn trail_resource(trail: &TrailRef, data: bool, extra: &str) -> String {
    let bucket = trail.s3_bucket.unwrap_or(TRAIL_BUCKET);
    let mut out = format!(
        "resource \"aws_cloudtrail\" {} {{\n  name                          = {}\n  s3_bucket_name                = {}\n",
        hcl_string(&resource_name(trail.name)),
        hcl_string(trail.name),
        hcl_string(bucket)
    );
    if let Some(p) = trail.s3_key_prefix.filter(|p| !p.is_empty()) {
        out.push_str(&format!(
            "  s3_key_prefix                 = {}\n",
            hcl_string(p)
        ));
    }
    out.push_str("  is_multi_region_trail         = true\n  include_global_service_events = true\n  enable_logging                = true\n");
    out.push_str(extra);
    out.push('\n');
    out.push_str(&selector_blocks(trail.advanced, data));
    out.push_str("}\n");
    out
}

/// A new multi-region trail with management and S3 data events.
pub fn create_trail(region: &str) -> Fix {
    let trail = TrailRef {
        name: "s3drift-audit",
        home_region: region,
        s3_bucket: None,
        s3_key_prefix: None,
        multi_region: true,
        advanced: false,
    };
    Fix {
        id: "create-trail".to_string(),
        title: "create a multi-region trail that logs management events and S3 data events"
            .to_string(),
        hcl: format!(
            "# The bucket needs a policy that lets cloudtrail.amazonaws.com write AWSLogs/<account-id>/*.\n{}",
            trail_resource(&trail, true, "")
        ),
        cli: format!(
            "# The bucket needs a policy that lets cloudtrail.amazonaws.com write AWSLogs/<account-id>/*.\n\
             aws cloudtrail create-trail --region {r} --name s3drift-audit --s3-bucket-name {b} --is-multi-region-trail --include-global-service-events\n\
             aws cloudtrail put-event-selectors --region {r} --trail-name s3drift-audit {sel}\n\
             aws cloudtrail start-logging --region {r} --name s3drift-audit\n",
            r = sh(region),
            b = TRAIL_BUCKET,
            sel = selector_cli(false, true)
        ),
    }
}

/// Start a trail that is not logging.
pub fn start_logging(trail: &TrailRef) -> Fix {
    Fix {
        id: format!("start-logging:{}", trail.name),
        title: format!("start logging on trail {}", trail.name),
        hcl: format!(
            "# In the trail's resource (the provider starts and stops logging with it):\nresource \"aws_cloudtrail\" {} {{\n  # …\n  enable_logging = true\n}}\n",
            hcl_string(&resource_name(trail.name))
        ),
        cli: format!(
            "aws cloudtrail start-logging --region {} --name {}\n",
            sh(trail.home_region),
            sh(trail.name)
        ),
    }
}

/// Make a single-region trail record every region.
pub fn multi_region(trail: &TrailRef) -> Fix {
    Fix {
        id: format!("multi-region:{}", trail.name),
        title: format!("make trail {} record every region", trail.name),
        hcl: format!(
            "resource \"aws_cloudtrail\" {} {{\n  # …\n  is_multi_region_trail         = true\n  include_global_service_events = true\n}}\n",
            hcl_string(&resource_name(trail.name))
        ),
        cli: format!(
            "aws cloudtrail update-trail --region {} --name {} --is-multi-region-trail --include-global-service-events\n",
            sh(trail.home_region),
            sh(trail.name)
        ),
    }
}

/// Selectors that log management write events (and, with `data`, S3 data events).
pub fn event_selectors(trail: &TrailRef, data: bool) -> Fix {
    let (id, title) = if data {
        (
            format!("data-events:{}", trail.name),
            format!(
                "log S3 object-level (data) events for every bucket on trail {}",
                trail.name
            ),
        )
    } else {
        (
            format!("management-events:{}", trail.name),
            format!("log management write events on trail {}", trail.name),
        )
    };
    let mut cli = String::new();
    if !trail.multi_region && data {
        cli.push_str(&format!(
            "aws cloudtrail update-trail --region {} --name {} --is-multi-region-trail --include-global-service-events\n",
            sh(trail.home_region),
            sh(trail.name)
        ));
    }
    cli.push_str(&format!(
        "# put-event-selectors replaces the trail's selectors: add any others it should keep.\naws cloudtrail put-event-selectors --region {} --trail-name {} {}\n",
        sh(trail.home_region),
        sh(trail.name),
        selector_cli(trail.advanced, data)
    ));
    Fix {
        id,
        title,
        hcl: trail_resource(trail, data, ""),
        cli,
    }
}

/// The CWL-012 metric filter and alarm on `log_group` (in `region`). When the trail has no
/// log group yet (`log_group` is `None`), the log group and the trail's delivery come first.
/// `filter_name` and `metric` keep an existing filter's names, so the fix replaces it;
/// without `with_alarm` (an alarm already watches that metric) only the filter is given.
pub fn cwl012(
    trail: &TrailRef,
    log_group: Option<(&str, &str)>,
    filter_name: &str,
    metric: (&str, &str),
    with_alarm: bool,
) -> Fix {
    let (namespace, metric_name) = metric;
    let pattern = cwl012::pattern();
    let (region, group) = log_group.unwrap_or((trail.home_region, "CloudTrail/s3drift"));
    let mut hcl = String::new();
    let mut cli = String::new();
    let group_ref = if log_group.is_none() {
        hcl.push_str(&format!(
            "resource \"aws_cloudwatch_log_group\" \"cloudtrail\" {{\n  name = {}\n}}\n\n{}\n",
            hcl_string(group),
            trail_resource(
                trail,
                false,
                &format!(
                    "  cloud_watch_logs_group_arn    = \"${{aws_cloudwatch_log_group.cloudtrail.arn}}:*\"\n  cloud_watch_logs_role_arn     = {}\n",
                    hcl_string(LOGS_ROLE)
                )
            )
        ));
        cli.push_str(&format!(
            "aws logs create-log-group --region {r} --log-group-name {g}\n\
             aws cloudtrail update-trail --region {r} --name {t} --cloud-watch-logs-log-group-arn arn:aws:logs:{r}:<account-id>:log-group:{g}:* --cloud-watch-logs-role-arn {role}\n",
            r = sh(region),
            g = sh(group),
            t = sh(trail.name),
            role = LOGS_ROLE
        ));
        "aws_cloudwatch_log_group.cloudtrail.name".to_string()
    } else {
        hcl_string(group)
    };
    let name = resource_name(filter_name);
    hcl.push_str(&format!(
        "resource \"aws_cloudwatch_log_metric_filter\" {n} {{\n  name           = {f}\n  log_group_name = {g}\n  pattern        = {p}\n\n  metric_transformation {{\n    name      = {m}\n    namespace = {ns}\n    value     = \"1\"\n  }}\n}}\n",
        n = hcl_string(&name),
        f = hcl_string(filter_name),
        g = group_ref,
        p = hcl_string(&pattern),
        m = hcl_string(metric_name),
        ns = hcl_string(namespace),
    ));
    if with_alarm {
        hcl.push_str(&format!(
            "\nresource \"aws_cloudwatch_metric_alarm\" {n} {{\n  alarm_name          = {f}\n  alarm_description   = \"A bucket policy, ACL, CORS, lifecycle or replication configuration changed (CWL-012).\"\n  namespace           = aws_cloudwatch_log_metric_filter.{name}.metric_transformation[0].namespace\n  metric_name         = aws_cloudwatch_log_metric_filter.{name}.metric_transformation[0].name\n  statistic           = \"Sum\"\n  period              = 300\n  evaluation_periods  = 1\n  threshold           = 1\n  comparison_operator = \"GreaterThanOrEqualToThreshold\"\n  actions_enabled     = true\n  alarm_actions       = [{sns}]\n}}\n",
            n = hcl_string(&name),
            f = hcl_string(filter_name),
            sns = hcl_string(SNS_TOPIC),
        ));
    }
    cli.push_str(&format!(
        "aws logs put-metric-filter --region {r} --log-group-name {g} --filter-name {f} --filter-pattern {p} --metric-transformations metricName={m},metricNamespace={ns},metricValue=1\n",
        r = sh(region),
        g = sh(group),
        f = sh(filter_name),
        p = sh(&pattern),
        m = sh(metric_name),
        ns = sh(namespace),
    ));
    let title = if with_alarm {
        format!(
            "count bucket-configuration changes in log group {group} and alarm on them (CWL-012)"
        )
    } else {
        format!("count every bucket-configuration change in log group {group} (CWL-012)")
    };
    if with_alarm {
        cli.push_str(&alarm_cli(region, filter_name, namespace, metric_name));
    }
    Fix {
        id: format!("cwl-012:{region}:{group}"),
        title,
        hcl,
        cli,
    }
}

fn alarm_cli(region: &str, alarm: &str, namespace: &str, metric: &str) -> String {
    format!(
        "aws cloudwatch put-metric-alarm --region {r} --alarm-name {a} --namespace {ns} --metric-name {m} --statistic Sum --period 300 --evaluation-periods 1 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold --actions-enabled --alarm-actions {sns}\n",
        r = sh(region),
        a = sh(alarm),
        ns = sh(namespace),
        m = sh(metric),
        sns = SNS_TOPIC,
    )
}

/// An alarm on a filter's metric that notifies through SNS.
pub fn cwl012_alarm(region: &str, namespace: &str, metric: &str) -> Fix {
    let alarm = format!("{metric}Alarm");
    Fix {
        id: format!("cwl-012-alarm:{region}:{namespace}/{metric}"),
        title: format!("alarm on {namespace}/{metric} and notify through SNS (CWL-012)"),
        hcl: format!(
            "resource \"aws_cloudwatch_metric_alarm\" {n} {{\n  alarm_name          = {a}\n  alarm_description   = \"A bucket policy, ACL, CORS, lifecycle or replication configuration changed (CWL-012).\"\n  namespace           = {ns}\n  metric_name         = {m}\n  statistic           = \"Sum\"\n  period              = 300\n  evaluation_periods  = 1\n  threshold           = 1\n  comparison_operator = \"GreaterThanOrEqualToThreshold\"\n  actions_enabled     = true\n  alarm_actions       = [{sns}]\n}}\n",
            n = hcl_string(&resource_name(&alarm)),
            a = hcl_string(&alarm),
            ns = hcl_string(namespace),
            m = hcl_string(metric),
            sns = hcl_string(SNS_TOPIC),
        ),
        cli: alarm_cli(region, &alarm, namespace, metric),
    }
}

/// Turn on server access logging for `bucket`.
pub fn access_logging(bucket: &str) -> Fix {
    let prefix = format!("{bucket}/");
    Fix {
        id: format!("access-logging:{bucket}"),
        title: format!("turn on server access logging for {bucket}"),
        hcl: format!(
            "resource \"aws_s3_bucket_logging\" {} {{\n  bucket        = {}\n  target_bucket = {}\n  target_prefix = {}\n}}\n",
            hcl_string(&resource_name(bucket)),
            hcl_string(bucket),
            hcl_string(ACCESS_LOG_BUCKET),
            hcl_string(&prefix)
        ),
        cli: format!(
            "aws s3api put-bucket-logging --bucket {} --bucket-logging-status {}\n",
            sh(bucket),
            sh(&format!(
                "{{\"LoggingEnabled\":{{\"TargetBucket\":\"{ACCESS_LOG_BUCKET}\",\"TargetPrefix\":\"{prefix}\"}}}}"
            ))
        ),
    }
}

/// Let the identity s3drift runs as list and read a trail's files.
pub fn trail_read_access(bucket: &str, prefix: Option<&str>) -> Fix {
    let prefix = prefix
        .map(|p| p.trim_matches('/'))
        .filter(|p| !p.is_empty());
    let objects = match prefix {
        Some(p) => format!("arn:aws:s3:::{bucket}/{p}/AWSLogs/*"),
        None => format!("arn:aws:s3:::{bucket}/AWSLogs/*"),
    };
    let policy = format!(
        "{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Effect\":\"Allow\",\"Action\":\"s3:ListBucket\",\"Resource\":\"arn:aws:s3:::{bucket}\"}},{{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"{objects}\"}}]}}"
    );
    Fix {
        id: format!("trail-read:{bucket}"),
        title: format!("let s3drift's identity list and read the trail files in {bucket}"),
        hcl: format!(
            "data \"aws_iam_policy_document\" \"s3drift_trail_read\" {{\n  statement {{\n    actions   = [\"s3:ListBucket\"]\n    resources = [{}]\n  }}\n  statement {{\n    actions   = [\"s3:GetObject\"]\n    resources = [{}]\n  }}\n}}\n# Attach it to the role s3drift runs as (and add kms:Decrypt when the files are KMS-encrypted).\n",
            hcl_string(&format!("arn:aws:s3:::{bucket}")),
            hcl_string(&objects)
        ),
        cli: format!(
            "aws iam put-role-policy --role-name <s3drift-role> --policy-name s3drift-trail-read --policy-document {}\n",
            sh(&policy)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_quoting() {
        assert_eq!(resource_name("app.data-1"), "app_data_1");
        assert_eq!(resource_name("1bucket"), "_1bucket");
        assert_eq!(hcl_string("a\"b${x}"), "\"a\\\"b$${x}\"");
        assert_eq!(sh("us-east-1"), "us-east-1");
        assert_eq!(sh("it's"), "'it'\\''s'");
    }

    #[test]
    fn the_cwl_012_fix_carries_the_rules_pattern() {
        let trail = TrailRef {
            name: "main",
            home_region: "us-east-1",
            s3_bucket: Some("trail-bucket"),
            s3_key_prefix: None,
            multi_region: true,
            advanced: false,
        };
        let fix = cwl012(
            &trail,
            Some(("us-east-1", "CloudTrail/main")),
            cwl012::FILTER_NAME,
            (cwl012::NAMESPACE, cwl012::METRIC),
            true,
        );
        assert!(fix
            .hcl
            .contains("resource \"aws_cloudwatch_log_metric_filter\""));
        assert!(fix.hcl.contains("resource \"aws_cloudwatch_metric_alarm\""));
        assert!(fix.hcl.contains(&cwl012::pattern()));
        assert!(fix.cli.contains(&format!("'{}'", cwl012::pattern())));
        assert!(fix.cli.contains("aws cloudwatch put-metric-alarm"));
    }
}
