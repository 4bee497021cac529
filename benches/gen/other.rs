//! The resources that share a state with the buckets (roles, keys, instances, functions,
//! queues, DNS records…), in the attribute shapes the AWS provider records. They are most
//! of a real state's bytes and are what a state reader must skip quickly.

use crate::fleet::{Stack, ACCOUNT};
use crate::json::{obj, sorted, strs, J};
use crate::rng::Rng;

/// A non-S3 resource type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    IamRole,
    IamRolePolicyAttachment,
    RouteTableAssociation,
    TargetGroupAttachment,
    IamPolicy,
    KmsKey,
    KmsAlias,
    LogGroup,
    SecurityGroup,
    Instance,
    Lambda,
    Sqs,
    Sns,
    Route53Record,
    Dynamodb,
    SsmParameter,
    DataCallerIdentity,
    DataPartition,
    DataRegion,
    DataPolicyDocument,
}

/// The types a stack draws its other resources from, with weights and how many instances
/// one resource block has (`count`/`for_each`).
pub const MIX: [(Kind, u32, u64, u64); 17] = [
    (Kind::IamRole, 3, 1, 1),
    (Kind::IamRolePolicyAttachment, 40, 1, 5),
    (Kind::RouteTableAssociation, 20, 1, 3),
    (Kind::TargetGroupAttachment, 12, 1, 4),
    (Kind::IamPolicy, 1, 1, 1),
    (Kind::KmsKey, 1, 1, 1),
    (Kind::KmsAlias, 1, 1, 1),
    (Kind::LogGroup, 6, 1, 4),
    (Kind::SecurityGroup, 2, 1, 2),
    (Kind::Instance, 2, 1, 4),
    (Kind::Lambda, 2, 1, 3),
    (Kind::Sqs, 2, 1, 3),
    (Kind::Sns, 2, 1, 1),
    (Kind::Route53Record, 8, 1, 6),
    (Kind::SsmParameter, 4, 1, 6),
    (Kind::Dynamodb, 1, 1, 1),
    (Kind::DataPolicyDocument, 2, 1, 1),
];

impl Kind {
    pub fn resource_type(self) -> &'static str {
        match self {
            Kind::IamRole => "aws_iam_role",
            Kind::IamRolePolicyAttachment => "aws_iam_role_policy_attachment",
            Kind::RouteTableAssociation => "aws_route_table_association",
            Kind::TargetGroupAttachment => "aws_lb_target_group_attachment",
            Kind::IamPolicy => "aws_iam_policy",
            Kind::KmsKey => "aws_kms_key",
            Kind::KmsAlias => "aws_kms_alias",
            Kind::LogGroup => "aws_cloudwatch_log_group",
            Kind::SecurityGroup => "aws_security_group",
            Kind::Instance => "aws_instance",
            Kind::Lambda => "aws_lambda_function",
            Kind::Sqs => "aws_sqs_queue",
            Kind::Sns => "aws_sns_topic",
            Kind::Route53Record => "aws_route53_record",
            Kind::Dynamodb => "aws_dynamodb_table",
            Kind::SsmParameter => "aws_ssm_parameter",
            Kind::DataCallerIdentity => "aws_caller_identity",
            Kind::DataPartition => "aws_partition",
            Kind::DataRegion => "aws_region",
            Kind::DataPolicyDocument => "aws_iam_policy_document",
        }
    }

    pub fn is_data(self) -> bool {
        matches!(
            self,
            Kind::DataCallerIdentity
                | Kind::DataPartition
                | Kind::DataRegion
                | Kind::DataPolicyDocument
        )
    }

    pub fn schema_version(self) -> i64 {
        match self {
            Kind::Instance | Kind::SecurityGroup => 1,
            Kind::Route53Record => 2,
            _ => 0,
        }
    }

    /// Resource names code gives this type.
    pub fn names(self) -> &'static [&'static str] {
        match self {
            Kind::IamRole => &["app", "worker", "etl", "reader", "api", "lambda_exec", "ci"],
            Kind::IamRolePolicyAttachment => &["app", "worker", "managed", "readonly", "ssm"],
            Kind::RouteTableAssociation => &["private", "public", "database"],
            Kind::TargetGroupAttachment => &["app", "api", "web"],
            Kind::IamPolicy => &["bucket_access", "queue_access", "kms_use", "logs_write"],
            Kind::KmsKey => &["this", "data", "logs"],
            Kind::KmsAlias => &["this", "data", "logs"],
            Kind::LogGroup => &["app", "lambda", "api", "audit"],
            Kind::SecurityGroup => &["app", "db", "lb", "internal"],
            Kind::Instance => &["app", "bastion", "worker", "batch"],
            Kind::Lambda => &["handler", "processor", "authorizer", "cron"],
            Kind::Sqs => &["events", "dlq", "jobs", "ingest"],
            Kind::Sns => &["alerts", "events", "notifications"],
            Kind::Route53Record => &["api", "www", "internal", "cdn"],
            Kind::Dynamodb => &["locks", "sessions", "items"],
            Kind::SsmParameter => &["config", "secrets", "endpoints"],
            Kind::DataCallerIdentity | Kind::DataPartition | Kind::DataRegion => &["current"],
            Kind::DataPolicyDocument => &["combined", "assume", "bucket"],
        }
    }

    /// Whether a sensitive value is recorded (and listed in `sensitive_attributes`).
    pub fn sensitive(self) -> Option<&'static str> {
        match self {
            Kind::SsmParameter => Some("value"),
            _ => None,
        }
    }
}

/// What a builder knows about the resource it writes.
pub struct Ctx<'a> {
    pub stack: &'a Stack,
    pub name: &'a str,
    /// The instance's key as text ("" without one).
    pub key: &'a str,
    /// Bucket names of the stack, for policies that grant access to them.
    pub buckets: &'a [String],
}

fn tag_map(ctx: &Ctx, r: &mut Rng, extra: usize) -> (J, J) {
    let mut tags = vec![
        (
            "Name".to_string(),
            J::from(format!("{}-{}-{}", ctx.stack.team, ctx.stack.env, ctx.name)),
        ),
        ("Team".to_string(), J::from(ctx.stack.team)),
    ];
    let mut added = 0;
    let mut n = 0;
    while added < extra {
        let key = format!(
            "acme:{}{}",
            r.pick(&[
                "component",
                "runbook",
                "owner",
                "service",
                "tier",
                "schedule",
                "ticket"
            ]),
            if n > 0 {
                format!("-{n}")
            } else {
                String::new()
            }
        );
        let value = format!(
            "{}-{}-{}",
            ctx.stack.team,
            r.pick(&["core", "edge", "batch", "api", "ops", "shared"]),
            r.hex(8)
        );
        // A tag is written twice (tags, tags_all), on its own indented line each.
        added += 2 * (key.len() + value.len() + 20);
        tags.push((key, J::from(value)));
        n += 1;
    }
    let mut all = tags.clone();
    all.push(("Environment".into(), J::from(ctx.stack.env)));
    all.push(("ManagedBy".into(), J::from("terraform")));
    all.push((
        "Repository".into(),
        J::from(format!("github.com/acme/{}-infra", ctx.stack.team)),
    ));
    (sorted(tags), sorted(all))
}

/// An IAM policy document with statements on the stack's buckets, padded with more
/// statements until it is about `extra` bytes longer.
fn iam_policy(ctx: &Ctx, r: &mut Rng, extra: usize) -> String {
    let mut statements = Vec::new();
    let arns: Vec<String> = ctx
        .buckets
        .iter()
        .take(4)
        .flat_map(|b| [format!("arn:aws:s3:::{b}"), format!("arn:aws:s3:::{b}/*")])
        .collect();
    if !arns.is_empty() {
        statements.push(obj([
            ("Sid", J::from("BucketAccess")),
            ("Effect", J::from("Allow")),
            (
                "Action",
                strs(&["s3:GetObject", "s3:PutObject", "s3:ListBucket"]),
            ),
            ("Resource", strs(&arns)),
        ]));
    }
    statements.push(obj([
        ("Sid", J::from("KmsUse")),
        ("Effect", J::from("Allow")),
        ("Action", strs(&["kms:Decrypt", "kms:GenerateDataKey"])),
        ("Resource", J::from(&ctx.stack.kms_key)),
    ]));
    let mut added = 0;
    let mut n = 0;
    while added < extra {
        let service = *r.pick(&["sqs", "sns", "dynamodb", "logs", "ssm", "secretsmanager"]);
        let actions: &[&str] = match service {
            "sqs" => &[
                "sqs:SendMessage",
                "sqs:ReceiveMessage",
                "sqs:DeleteMessage",
                "sqs:GetQueueAttributes",
            ],
            "sns" => &["sns:Publish"],
            "dynamodb" => &[
                "dynamodb:GetItem",
                "dynamodb:PutItem",
                "dynamodb:Query",
                "dynamodb:UpdateItem",
            ],
            "logs" => &["logs:CreateLogStream", "logs:PutLogEvents"],
            "ssm" => &["ssm:GetParameter", "ssm:GetParametersByPath"],
            _ => &["secretsmanager:GetSecretValue"],
        };
        let st = obj([
            ("Sid", J::from(format!("Access{n}"))),
            ("Effect", J::from("Allow")),
            ("Action", strs(actions)),
            (
                "Resource",
                J::from(format!(
                    "arn:aws:{service}:{}:{ACCOUNT}:{}-{}-{}",
                    ctx.stack.region,
                    ctx.stack.team,
                    ctx.stack.env,
                    r.hex(6)
                )),
            ),
        ]);
        // Quotes inside a string attribute are escaped.
        added += st.compact().len() * 5 / 4;
        statements.push(st);
        n += 1;
    }
    obj([
        ("Version", J::from("2012-10-17")),
        ("Statement", J::Arr(statements)),
    ])
    .compact()
}

fn date(r: &mut Rng) -> String {
    format!(
        "20{}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        r.range(22, 26),
        r.range(1, 12),
        r.range(1, 28),
        r.below(24),
        r.below(60),
        r.below(60)
    )
}

/// The attributes of one instance, about `pad` bytes larger than its plain shape.
pub fn attributes(kind: Kind, ctx: &Ctx, r: &mut Rng, pad: usize) -> J {
    let s = ctx.stack;
    let full = if ctx.key.is_empty() {
        format!("{}-{}-{}", s.team, s.env, ctx.name)
    } else {
        format!("{}-{}-{}-{}", s.team, s.env, ctx.name, ctx.key)
    };
    let region = s.region;
    let a: Vec<(String, J)> = match kind {
        Kind::IamRole => {
            let (tags, tags_all) = tag_map(ctx, r, 0);
            let assume = obj([
                ("Version", J::from("2012-10-17")),
                (
                    "Statement",
                    J::Arr(vec![obj([
                        ("Effect", J::from("Allow")),
                        (
                            "Principal",
                            obj([(
                                "Service",
                                J::from(*r.pick(&[
                                    "ec2.amazonaws.com",
                                    "lambda.amazonaws.com",
                                    "ecs-tasks.amazonaws.com",
                                ])),
                            )]),
                        ),
                        ("Action", J::from("sts:AssumeRole")),
                    ])]),
                ),
            ]);
            vec![
                (
                    "arn".into(),
                    J::from(format!("arn:aws:iam::{ACCOUNT}:role/{full}")),
                ),
                ("assume_role_policy".into(), J::from(assume.compact())),
                ("create_date".into(), J::from(date(r))),
                ("description".into(), J::from("")),
                ("force_detach_policies".into(), J::from(false)),
                ("id".into(), J::from(&full)),
                (
                    "inline_policy".into(),
                    J::Arr(vec![obj([
                        ("name", J::from(format!("{full}-inline"))),
                        ("policy", J::from(iam_policy(ctx, r, pad))),
                    ])]),
                ),
                ("managed_policy_arns".into(), J::Arr(vec![])),
                ("max_session_duration".into(), J::from(3600u32)),
                ("name".into(), J::from(&full)),
                ("name_prefix".into(), J::from("")),
                ("path".into(), J::from("/")),
                ("permissions_boundary".into(), J::from("")),
                ("tags".into(), tags),
                ("tags_all".into(), tags_all),
                (
                    "unique_id".into(),
                    J::from(format!("AROA{}", r.upper_alnum(17))),
                ),
            ]
        }
        Kind::IamRolePolicyAttachment => {
            let arn = format!(
                "arn:aws:iam::aws:policy/{}",
                r.pick(&[
                    "AmazonSSMManagedInstanceCore",
                    "CloudWatchAgentServerPolicy",
                    "service-role/AWSLambdaBasicExecutionRole",
                    "ReadOnlyAccess",
                    "AmazonS3ReadOnlyAccess",
                ])
            );
            vec![
                (
                    "id".into(),
                    J::from(format!("{full}-{}", date(r).replace([':', '-'], ""))),
                ),
                ("policy_arn".into(), J::from(arn)),
                ("role".into(), J::from(format!("{}-{}-app", s.team, s.env))),
            ]
        }
        Kind::RouteTableAssociation => vec![
            ("gateway_id".into(), J::from("")),
            ("id".into(), J::from(format!("rtbassoc-{}", r.hex(17)))),
            (
                "route_table_id".into(),
                J::from(format!("rtb-{}", r.hex(17))),
            ),
            ("subnet_id".into(), J::from(format!("subnet-{}", r.hex(17)))),
            ("timeouts".into(), J::Null),
        ],
        Kind::TargetGroupAttachment => {
            let tg = format!(
                "arn:aws:elasticloadbalancing:{region}:{ACCOUNT}:targetgroup/{}-{}-{}/{}",
                s.team,
                s.env,
                ctx.name,
                r.hex(16)
            );
            let target = format!("i-{}", r.hex(17));
            vec![
                ("availability_zone".into(), J::Null),
                (
                    "id".into(),
                    J::from(format!("{tg}-{}", r.range(10_000_000, 99_999_999))),
                ),
                ("port".into(), J::Int(8080)),
                ("target_group_arn".into(), J::from(tg)),
                ("target_id".into(), J::from(target)),
            ]
        }
        Kind::IamPolicy => {
            let (tags, tags_all) = tag_map(ctx, r, 0);
            vec![
                (
                    "arn".into(),
                    J::from(format!("arn:aws:iam::{ACCOUNT}:policy/{full}")),
                ),
                ("attachment_count".into(), J::from(1u32)),
                ("description".into(), J::from(format!("Access for {full}"))),
                (
                    "id".into(),
                    J::from(format!("arn:aws:iam::{ACCOUNT}:policy/{full}")),
                ),
                ("name".into(), J::from(&full)),
                ("name_prefix".into(), J::from("")),
                ("path".into(), J::from("/")),
                ("policy".into(), J::from(iam_policy(ctx, r, pad))),
                (
                    "policy_id".into(),
                    J::from(format!("ANPA{}", r.upper_alnum(17))),
                ),
                ("tags".into(), tags),
                ("tags_all".into(), tags_all),
            ]
        }
        Kind::KmsKey => {
            let (tags, tags_all) = tag_map(ctx, r, 0);
            let id = s.kms_key.rsplit('/').next().unwrap_or_default().to_string();
            let policy = obj([
                ("Version", J::from("2012-10-17")),
                ("Id", J::from("key-default-1")),
                (
                    "Statement",
                    J::Arr(vec![obj([
                        ("Sid", J::from("Enable IAM User Permissions")),
                        ("Effect", J::from("Allow")),
                        (
                            "Principal",
                            obj([("AWS", J::from(format!("arn:aws:iam::{ACCOUNT}:root")))]),
                        ),
                        ("Action", J::from("kms:*")),
                        ("Resource", J::from("*")),
                    ])]),
                ),
            ]);
            vec![
                ("arn".into(), J::from(&s.kms_key)),
                ("bypass_policy_lockout_safety_check".into(), J::from(false)),
                ("custom_key_store_id".into(), J::from("")),
                (
                    "customer_master_key_spec".into(),
                    J::from("SYMMETRIC_DEFAULT"),
                ),
                ("deletion_window_in_days".into(), J::from(30u32)),
                (
                    "description".into(),
                    J::from(format!("{} {} data key", s.team, s.env)),
                ),
                ("enable_key_rotation".into(), J::from(true)),
                ("id".into(), J::from(&id)),
                ("is_enabled".into(), J::from(true)),
                ("key_id".into(), J::from(&id)),
                ("key_usage".into(), J::from("ENCRYPT_DECRYPT")),
                ("multi_region".into(), J::from(false)),
                ("policy".into(), J::from(policy.compact())),
                ("rotation_period_in_days".into(), J::from(365u32)),
                ("tags".into(), tags),
                ("tags_all".into(), tags_all),
                ("timeouts".into(), J::Null),
                ("xks_key_id".into(), J::from("")),
            ]
        }
        Kind::KmsAlias => vec![
            (
                "arn".into(),
                J::from(format!("arn:aws:kms:{region}:{ACCOUNT}:alias/{full}")),
            ),
            ("id".into(), J::from(format!("alias/{full}"))),
            ("name".into(), J::from(format!("alias/{full}"))),
            ("name_prefix".into(), J::from("")),
            ("target_key_arn".into(), J::from(&s.kms_key)),
            (
                "target_key_id".into(),
                J::from(s.kms_key.rsplit('/').next().unwrap_or_default()),
            ),
        ],
        Kind::LogGroup => {
            let (tags, tags_all) = tag_map(ctx, r, pad);
            let name = format!("/acme/{}/{}/{}", s.team, s.env, ctx.name);
            vec![
                (
                    "arn".into(),
                    J::from(format!("arn:aws:logs:{region}:{ACCOUNT}:log-group:{name}")),
                ),
                ("id".into(), J::from(&name)),
                ("kms_key_id".into(), J::from("")),
                ("log_group_class".into(), J::from("STANDARD")),
                ("name".into(), J::from(&name)),
                ("name_prefix".into(), J::from("")),
                (
                    "retention_in_days".into(),
                    J::from(*r.pick(&[14u32, 30, 90, 365])),
                ),
                ("skip_destroy".into(), J::from(false)),
                ("tags".into(), tags),
                ("tags_all".into(), tags_all),
            ]
        }
        Kind::SecurityGroup => {
            let (tags, tags_all) = tag_map(ctx, r, pad);
            let rule = |port: i64, cidr: &str, desc: &str| {
                obj([
                    ("cidr_blocks", strs(&[cidr])),
                    ("description", J::from(desc)),
                    ("from_port", J::Int(port)),
                    ("ipv6_cidr_blocks", J::Arr(vec![])),
                    ("prefix_list_ids", J::Arr(vec![])),
                    ("protocol", J::from(if port == 0 { "-1" } else { "tcp" })),
                    ("security_groups", J::Arr(vec![])),
                    ("self", J::from(false)),
                    ("to_port", J::Int(port)),
                ])
            };
            let id = format!("sg-{}", r.hex(17));
            vec![
                (
                    "arn".into(),
                    J::from(format!(
                        "arn:aws:ec2:{region}:{ACCOUNT}:security-group/{id}"
                    )),
                ),
                ("description".into(), J::from("Managed by Terraform")),
                ("egress".into(), J::Arr(vec![rule(0, "0.0.0.0/0", "")])),
                ("id".into(), J::from(&id)),
                (
                    "ingress".into(),
                    J::Arr(vec![
                        rule(443, "10.0.0.0/8", "https from the VPC"),
                        rule(*r.pick(&[5432, 3306, 6379, 8080]), "10.20.0.0/16", "app"),
                    ]),
                ),
                ("name".into(), J::from(&full)),
                ("name_prefix".into(), J::from("")),
                ("owner_id".into(), J::from(ACCOUNT)),
                ("revoke_rules_on_delete".into(), J::from(false)),
                ("tags".into(), tags),
                ("tags_all".into(), tags_all),
                ("timeouts".into(), J::Null),
                ("vpc_id".into(), J::from(format!("vpc-{}", r.hex(17)))),
            ]
        }
        Kind::Instance => {
            let (tags, tags_all) = tag_map(ctx, r, pad);
            let ip = format!("10.{}.{}.{}", r.below(255), r.below(255), r.range(4, 250));
            let id = format!("i-{}", r.hex(17));
            let az = format!("{region}{}", r.pick(&["a", "b", "c"]));
            vec![
                ("ami".into(), J::from(format!("ami-{}", r.hex(17)))),
                (
                    "arn".into(),
                    J::from(format!("arn:aws:ec2:{region}:{ACCOUNT}:instance/{id}")),
                ),
                ("associate_public_ip_address".into(), J::from(false)),
                ("availability_zone".into(), J::from(&az)),
                (
                    "capacity_reservation_specification".into(),
                    J::Arr(vec![obj([
                        ("capacity_reservation_preference", J::from("open")),
                        ("capacity_reservation_target", J::Arr(vec![])),
                    ])]),
                ),
                ("cpu_core_count".into(), J::Int(1)),
                ("cpu_threads_per_core".into(), J::Int(2)),
                (
                    "credit_specification".into(),
                    J::Arr(vec![obj([("cpu_credits", J::from("unlimited"))])]),
                ),
                ("disable_api_stop".into(), J::from(false)),
                ("disable_api_termination".into(), J::from(false)),
                ("ebs_block_device".into(), J::Arr(vec![])),
                ("ebs_optimized".into(), J::from(false)),
                (
                    "enclave_options".into(),
                    J::Arr(vec![obj([("enabled", J::from(false))])]),
                ),
                ("ephemeral_block_device".into(), J::Arr(vec![])),
                ("get_password_data".into(), J::from(false)),
                ("hibernation".into(), J::from(false)),
                ("host_id".into(), J::from("")),
                (
                    "iam_instance_profile".into(),
                    J::from(format!("{}-{}-app", s.team, s.env)),
                ),
                ("id".into(), J::from(&id)),
                (
                    "instance_initiated_shutdown_behavior".into(),
                    J::from("stop"),
                ),
                ("instance_state".into(), J::from("running")),
                (
                    "instance_type".into(),
                    J::from(*r.pick(&["t3.medium", "m6i.large", "c6i.xlarge", "r6g.large"])),
                ),
                ("ipv6_address_count".into(), J::Int(0)),
                ("ipv6_addresses".into(), J::Arr(vec![])),
                ("key_name".into(), J::from("")),
                ("launch_template".into(), J::Arr(vec![])),
                (
                    "metadata_options".into(),
                    J::Arr(vec![obj([
                        ("http_endpoint", J::from("enabled")),
                        ("http_protocol_ipv6", J::from("disabled")),
                        ("http_put_response_hop_limit", J::Int(2)),
                        ("http_tokens", J::from("required")),
                        ("instance_metadata_tags", J::from("disabled")),
                    ])]),
                ),
                ("monitoring".into(), J::from(true)),
                ("network_interface".into(), J::Arr(vec![])),
                ("outpost_arn".into(), J::from("")),
                ("password_data".into(), J::from("")),
                ("placement_group".into(), J::from("")),
                (
                    "primary_network_interface_id".into(),
                    J::from(format!("eni-{}", r.hex(17))),
                ),
                (
                    "private_dns".into(),
                    J::from(format!(
                        "ip-{}.{region}.compute.internal",
                        ip.replace('.', "-")
                    )),
                ),
                ("private_ip".into(), J::from(&ip)),
                ("public_dns".into(), J::from("")),
                ("public_ip".into(), J::from("")),
                (
                    "root_block_device".into(),
                    J::Arr(vec![obj([
                        ("delete_on_termination", J::from(true)),
                        ("device_name", J::from("/dev/xvda")),
                        ("encrypted", J::from(true)),
                        ("iops", J::Int(3000)),
                        ("kms_key_id", J::from(&s.kms_key)),
                        ("tags", J::Obj(vec![])),
                        ("throughput", J::Int(125)),
                        ("volume_id", J::from(format!("vol-{}", r.hex(17)))),
                        ("volume_size", J::Int(*r.pick(&[20, 50, 100]))),
                        ("volume_type", J::from("gp3")),
                    ])]),
                ),
                ("secondary_private_ips".into(), J::Arr(vec![])),
                ("security_groups".into(), J::Arr(vec![])),
                ("source_dest_check".into(), J::from(true)),
                ("subnet_id".into(), J::from(format!("subnet-{}", r.hex(17)))),
                ("tags".into(), tags),
                ("tags_all".into(), tags_all),
                ("tenancy".into(), J::from("default")),
                ("timeouts".into(), J::Null),
                ("user_data".into(), J::from(r.hex(40))),
                ("user_data_base64".into(), J::Null),
                ("user_data_replace_on_change".into(), J::from(false)),
                ("volume_tags".into(), J::Null),
                (
                    "vpc_security_group_ids".into(),
                    strs(&[format!("sg-{}", r.hex(17))]),
                ),
            ]
        }
        Kind::Lambda => {
            let (tags, tags_all) = tag_map(ctx, r, 0);
            let mut vars = vec![
                ("LOG_LEVEL".to_string(), J::from("info")),
                ("STAGE".to_string(), J::from(s.env)),
            ];
            let mut added = 0;
            let mut n = 0;
            while added < pad {
                let k = format!(
                    "{}_{n}",
                    r.pick(&[
                        "QUEUE_URL",
                        "TABLE_NAME",
                        "BUCKET",
                        "TOPIC_ARN",
                        "FEATURE_FLAG",
                        "ENDPOINT"
                    ])
                );
                let v = format!(
                    "https://sqs.{region}.amazonaws.com/{ACCOUNT}/{}-{}-{}",
                    s.team,
                    s.env,
                    r.hex(10)
                );
                added += k.len() + v.len() + 24;
                vars.push((k, J::from(v)));
                n += 1;
            }
            let fname = full.clone();
            vec![
                ("architectures".into(), strs(&["arm64"])),
                (
                    "arn".into(),
                    J::from(format!("arn:aws:lambda:{region}:{ACCOUNT}:function:{fname}")),
                ),
                ("code_signing_config_arn".into(), J::from("")),
                ("dead_letter_config".into(), J::Arr(vec![])),
                ("description".into(), J::from("")),
                (
                    "environment".into(),
                    J::Arr(vec![obj([("variables", sorted(vars))])]),
                ),
                ("ephemeral_storage".into(), J::Arr(vec![obj([("size", J::Int(512))])])),
                ("file_system_config".into(), J::Arr(vec![])),
                ("filename".into(), J::Null),
                ("function_name".into(), J::from(&fname)),
                ("handler".into(), J::from("main.handler")),
                ("id".into(), J::from(&fname)),
                ("image_config".into(), J::Arr(vec![])),
                ("image_uri".into(), J::from("")),
                (
                    "invoke_arn".into(),
                    J::from(format!(
                        "arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/arn:aws:lambda:{region}:{ACCOUNT}:function:{fname}/invocations"
                    )),
                ),
                ("kms_key_arn".into(), J::from("")),
                ("last_modified".into(), J::from(date(r).replace('Z', ".000+0000"))),
                ("layers".into(), J::Arr(vec![])),
                (
                    "logging_config".into(),
                    J::Arr(vec![obj([
                        ("application_log_level", J::from("")),
                        ("log_format", J::from("Text")),
                        ("log_group", J::from(format!("/aws/lambda/{fname}"))),
                        ("system_log_level", J::from("")),
                    ])]),
                ),
                ("memory_size".into(), J::Int(*r.pick(&[128, 256, 512, 1024]))),
                ("package_type".into(), J::from("Zip")),
                ("publish".into(), J::from(false)),
                (
                    "qualified_arn".into(),
                    J::from(format!("arn:aws:lambda:{region}:{ACCOUNT}:function:{fname}:$LATEST")),
                ),
                ("reserved_concurrent_executions".into(), J::Int(-1)),
                (
                    "role".into(),
                    J::from(format!("arn:aws:iam::{ACCOUNT}:role/{}-{}-lambda_exec", s.team, s.env)),
                ),
                ("runtime".into(), J::from(*r.pick(&["python3.12", "nodejs20.x", "provided.al2023"]))),
                ("s3_bucket".into(), J::from(format!("acme-{}-artifacts", s.team))),
                ("s3_key".into(), J::from(format!("lambda/{fname}.zip"))),
                ("s3_object_version".into(), J::Null),
                ("skip_destroy".into(), J::from(false)),
                ("snap_start".into(), J::Arr(vec![])),
                ("source_code_hash".into(), J::from(r.alnum(43) + "=")),
                ("source_code_size".into(), J::Int(r.range(2_000, 9_000_000) as i64)),
                ("tags".into(), tags),
                ("tags_all".into(), tags_all),
                ("timeout".into(), J::Int(*r.pick(&[3, 30, 60, 900]))),
                ("timeouts".into(), J::Null),
                ("tracing_config".into(), J::Arr(vec![obj([("mode", J::from("PassThrough"))])])),
                ("version".into(), J::from("$LATEST")),
                ("vpc_config".into(), J::Arr(vec![])),
            ]
        }
        Kind::Sqs => {
            let (tags, tags_all) = tag_map(ctx, r, 0);
            let url = format!("https://sqs.{region}.amazonaws.com/{ACCOUNT}/{full}");
            vec![
                (
                    "arn".into(),
                    J::from(format!("arn:aws:sqs:{region}:{ACCOUNT}:{full}")),
                ),
                ("content_based_deduplication".into(), J::from(false)),
                ("deduplication_scope".into(), J::from("")),
                ("delay_seconds".into(), J::Int(0)),
                ("fifo_queue".into(), J::from(false)),
                ("fifo_throughput_limit".into(), J::from("")),
                ("id".into(), J::from(&url)),
                ("kms_data_key_reuse_period_seconds".into(), J::Int(300)),
                ("kms_master_key_id".into(), J::from("")),
                ("max_message_size".into(), J::Int(262144)),
                ("message_retention_seconds".into(), J::Int(345600)),
                ("name".into(), J::from(&full)),
                ("name_prefix".into(), J::from("")),
                ("policy".into(), J::from(iam_policy(ctx, r, pad))),
                ("receive_wait_time_seconds".into(), J::Int(20)),
                ("redrive_allow_policy".into(), J::from("")),
                ("redrive_policy".into(), J::from("")),
                ("sqs_managed_sse_enabled".into(), J::from(true)),
                ("tags".into(), tags),
                ("tags_all".into(), tags_all),
                ("url".into(), J::from(&url)),
                ("visibility_timeout_seconds".into(), J::Int(30)),
            ]
        }
        Kind::Sns => {
            let (tags, tags_all) = tag_map(ctx, r, pad);
            let arn = format!("arn:aws:sns:{region}:{ACCOUNT}:{full}");
            vec![
                ("application_success_feedback_sample_rate".into(), J::Int(0)),
                ("arn".into(), J::from(&arn)),
                ("content_based_deduplication".into(), J::from(false)),
                ("delivery_policy".into(), J::from("")),
                ("display_name".into(), J::from("")),
                ("fifo_topic".into(), J::from(false)),
                ("id".into(), J::from(&arn)),
                ("kms_master_key_id".into(), J::from("alias/aws/sns")),
                ("name".into(), J::from(&full)),
                ("owner".into(), J::from(ACCOUNT)),
                ("signature_version".into(), J::Int(0)),
                ("tags".into(), tags),
                ("tags_all".into(), tags_all),
                ("tracing_config".into(), J::from("")),
            ]
        }
        Kind::Route53Record => {
            let fqdn = format!("{}.{}.{}.acme.example", ctx.name, s.team, s.env);
            vec![
                ("alias".into(), J::Arr(vec![])),
                ("allow_overwrite".into(), J::Null),
                ("cidr_routing_policy".into(), J::Arr(vec![])),
                ("failover_routing_policy".into(), J::Arr(vec![])),
                ("fqdn".into(), J::from(&fqdn)),
                ("geolocation_routing_policy".into(), J::Arr(vec![])),
                ("geoproximity_routing_policy".into(), J::Arr(vec![])),
                ("health_check_id".into(), J::from("")),
                (
                    "id".into(),
                    J::from(format!("Z{}_{fqdn}_CNAME", r.upper_alnum(13))),
                ),
                ("latency_routing_policy".into(), J::Arr(vec![])),
                ("multivalue_answer_routing_policy".into(), J::from(false)),
                ("name".into(), J::from(&fqdn)),
                (
                    "records".into(),
                    strs(&[format!(
                        "{}.elb.{region}.amazonaws.com",
                        r.alnum(24).to_lowercase()
                    )]),
                ),
                ("set_identifier".into(), J::from("")),
                ("timeouts".into(), J::Null),
                ("ttl".into(), J::Int(300)),
                ("type".into(), J::from("CNAME")),
                ("weighted_routing_policy".into(), J::Arr(vec![])),
                ("zone_id".into(), J::from(format!("Z{}", r.upper_alnum(13)))),
            ]
        }
        Kind::Dynamodb => {
            let (tags, tags_all) = tag_map(ctx, r, pad);
            vec![
                (
                    "arn".into(),
                    J::from(format!("arn:aws:dynamodb:{region}:{ACCOUNT}:table/{full}")),
                ),
                (
                    "attribute".into(),
                    J::Arr(vec![obj([
                        ("name", J::from("LockID")),
                        ("type", J::from("S")),
                    ])]),
                ),
                ("billing_mode".into(), J::from("PAY_PER_REQUEST")),
                ("deletion_protection_enabled".into(), J::from(false)),
                ("global_secondary_index".into(), J::Arr(vec![])),
                ("hash_key".into(), J::from("LockID")),
                ("id".into(), J::from(&full)),
                ("name".into(), J::from(&full)),
                (
                    "point_in_time_recovery".into(),
                    J::Arr(vec![obj([("enabled", J::from(true))])]),
                ),
                ("range_key".into(), J::Null),
                ("read_capacity".into(), J::Int(0)),
                ("stream_enabled".into(), J::from(false)),
                ("table_class".into(), J::from("STANDARD")),
                ("tags".into(), tags),
                ("tags_all".into(), tags_all),
                ("write_capacity".into(), J::Int(0)),
            ]
        }
        Kind::SsmParameter => {
            let (tags, tags_all) = tag_map(ctx, r, pad);
            let name = format!("/{}/{}/{}/{}", s.team, s.env, ctx.name, ctx.key);
            vec![
                ("allowed_pattern".into(), J::from("")),
                (
                    "arn".into(),
                    J::from(format!("arn:aws:ssm:{region}:{ACCOUNT}:parameter{name}")),
                ),
                ("data_type".into(), J::from("text")),
                ("description".into(), J::from("")),
                ("id".into(), J::from(&name)),
                ("insecure_value".into(), J::Null),
                ("key_id".into(), J::from("alias/aws/ssm")),
                ("name".into(), J::from(&name)),
                ("overwrite".into(), J::Null),
                ("tags".into(), tags),
                ("tags_all".into(), tags_all),
                ("tier".into(), J::from("Standard")),
                ("type".into(), J::from("SecureString")),
                ("value".into(), J::from(r.alnum(32))),
                ("version".into(), J::Int(r.range(1, 9) as i64)),
            ]
        }
        Kind::DataCallerIdentity => vec![
            ("account_id".into(), J::from(ACCOUNT)),
            (
                "arn".into(),
                J::from(format!(
                    "arn:aws:sts::{ACCOUNT}:assumed-role/terraform-ci/deploy"
                )),
            ),
            ("id".into(), J::from(ACCOUNT)),
            (
                "user_id".into(),
                J::from(format!("AROA{}:deploy", r.upper_alnum(17))),
            ),
        ],
        Kind::DataPartition => vec![
            ("dns_suffix".into(), J::from("amazonaws.com")),
            ("id".into(), J::from("aws")),
            ("partition".into(), J::from("aws")),
            ("reverse_dns_prefix".into(), J::from("com.amazonaws")),
        ],
        Kind::DataRegion => vec![
            ("description".into(), J::from("")),
            (
                "endpoint".into(),
                J::from(format!("ec2.{region}.amazonaws.com")),
            ),
            ("id".into(), J::from(region)),
            ("name".into(), J::from(region)),
        ],
        Kind::DataPolicyDocument => {
            let json = iam_policy(ctx, r, pad);
            vec![
                ("id".into(), J::from(format!("{}", r.below(4_000_000_000)))),
                ("json".into(), J::from(&json)),
                ("minified_json".into(), J::from(json)),
                ("override_policy_documents".into(), J::Null),
                ("policy_id".into(), J::Null),
                ("source_policy_documents".into(), J::Null),
                ("statement".into(), J::Arr(vec![])),
                ("version".into(), J::from("2012-10-17")),
            ]
        }
    };
    sorted(a)
}
