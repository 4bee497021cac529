//! CloudTrail records in the shapes CloudTrail delivers them (field order included): S3
//! data and management events, KMS, STS, EC2, IAM, CloudWatch Logs, DynamoDB, SSM, and the
//! S3 bucket-configuration calls with their `requestParameters` as S3's XML turned to JSON.

use crate::fleet::{Bucket, Drift, Pab, Statement, ACCOUNT};
use crate::json::{obj, strs, J};
use crate::rng::Rng;
use crate::s3_attrs::policy_document;

const S3_XMLNS: &str = "http://s3.amazonaws.com/doc/2006-03-01/";
const TERRAFORM_UA: &str = "APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.74.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.3 ua/2.1 os/linux lang/go#1.23.2 md/GOOS#linux md/GOARCH#amd64 api/s3#1.66.2";

/// Who makes a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Caller {
    /// The CI role Terraform applies with.
    Terraform,
    /// A person through IAM Identity Center, in the console.
    Console,
    /// A person through IAM Identity Center, with the AWS CLI.
    Cli,
    /// An application role (EC2, ECS, Lambda) using an SDK.
    App,
    /// An old IAM user with access keys.
    LegacyUser,
    /// An AWS service acting on its own.
    Service,
}

const PEOPLE: [&str; 8] = ["dana", "lee", "sam", "alex", "kim", "noor", "jo", "ravi"];

/// Generates the records of one delivered file.
pub struct Records<'a> {
    pub r: Rng,
    pub region: &'static str,
    /// Fleet buckets in this region.
    pub buckets: &'a [&'a Bucket],
}

fn time_text(secs: i64) -> String {
    jiff::Timestamp::from_second(secs)
        .expect("a time in range")
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

impl Records<'_> {
    fn identity(&mut self, caller: Caller, team: &str, env: &str) -> (J, String, String) {
        let r = &mut self.r;
        match caller {
            Caller::Terraform | Caller::App => {
                let (role, session, ua, ip) = if caller == Caller::Terraform {
                    (
                        "terraform-ci".to_string(),
                        format!("deploy-{}", r.range(1000, 9999)),
                        TERRAFORM_UA.to_string(),
                        format!("10.0.{}.{}", r.below(4), r.range(4, 250)),
                    )
                } else {
                    let session = if r.chance(0.5) {
                        format!("i-{}", r.hex(17))
                    } else {
                        format!(
                            "{}-{}-{}",
                            team,
                            r.pick(&["worker", "api", "etl"]),
                            r.hex(8)
                        )
                    };
                    let ua = r
                        .pick(&[
                            "aws-sdk-go-v2/1.30.3 ua/2.1 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 api/s3#1.58.2",
                            "Boto3/1.34.131 md/Botocore#1.34.131 ua/2.0 os/linux#5.10.223-211.872.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.4 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.131",
                            "aws-sdk-java/2.25.60 Linux/5.10.219-208.866.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.11+9-LTS Java/17.0.11 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/legacy",
                            "aws-sdk-nodejs/3.600.0 linux/v20.15.0 exec-env/AWS_Lambda_nodejs20.x",
                        ])
                        .to_string();
                    (
                        format!(
                            "{team}-{env}-{}",
                            r.pick(&["app", "worker", "reader", "etl"])
                        ),
                        session,
                        ua,
                        format!(
                            "10.{}.{}.{}",
                            r.range(16, 31),
                            r.below(255),
                            r.range(4, 250)
                        ),
                    )
                };
                let role_id = format!("AROA{}", r.upper_alnum(17));
                let id = obj([
                    ("type", J::from("AssumedRole")),
                    ("principalId", J::from(format!("{role_id}:{session}"))),
                    (
                        "arn",
                        J::from(format!(
                            "arn:aws:sts::{ACCOUNT}:assumed-role/{role}/{session}"
                        )),
                    ),
                    ("accountId", J::from(ACCOUNT)),
                    ("accessKeyId", J::from(format!("ASIA{}", r.upper_alnum(16)))),
                    (
                        "sessionContext",
                        obj([
                            (
                                "sessionIssuer",
                                obj([
                                    ("type", J::from("Role")),
                                    ("principalId", J::from(&role_id)),
                                    (
                                        "arn",
                                        J::from(format!("arn:aws:iam::{ACCOUNT}:role/{role}")),
                                    ),
                                    ("accountId", J::from(ACCOUNT)),
                                    ("userName", J::from(&role)),
                                ]),
                            ),
                            (
                                "attributes",
                                obj([
                                    ("creationDate", J::from("2026-11-01T08:00:00Z")),
                                    ("mfaAuthenticated", J::from("false")),
                                ]),
                            ),
                        ]),
                    ),
                ]);
                (id, ua, ip)
            }
            Caller::Console | Caller::Cli => {
                let person = *r.pick(&PEOPLE);
                let set = *r.pick(&[
                    "PlatformEngineer",
                    "AdministratorAccess",
                    "ReadOnly",
                    "DataEngineer",
                ]);
                let role = format!("AWSReservedSSO_{set}_{}", r.hex(16));
                let role_id = format!("AROA{}", r.upper_alnum(17));
                let session = format!("{person}@acme.example");
                let mut id = obj([
                    ("type", J::from("AssumedRole")),
                    ("principalId", J::from(format!("{role_id}:{session}"))),
                    (
                        "arn",
                        J::from(format!("arn:aws:sts::{ACCOUNT}:assumed-role/{role}/{session}")),
                    ),
                    ("accountId", J::from(ACCOUNT)),
                    ("accessKeyId", J::from(format!("ASIA{}", r.upper_alnum(16)))),
                    (
                        "sessionContext",
                        obj([
                            (
                                "sessionIssuer",
                                obj([
                                    ("type", J::from("Role")),
                                    ("principalId", J::from(&role_id)),
                                    (
                                        "arn",
                                        J::from(format!(
                                            "arn:aws:iam::{ACCOUNT}:role/aws-reserved/sso.amazonaws.com/{role}"
                                        )),
                                    ),
                                    ("accountId", J::from(ACCOUNT)),
                                    ("userName", J::from(&role)),
                                ]),
                            ),
                            (
                                "attributes",
                                obj([
                                    ("creationDate", J::from("2026-11-02T07:12:40Z")),
                                    ("mfaAuthenticated", J::from("false")),
                                ]),
                            ),
                        ]),
                    ),
                ]);
                if caller == Caller::Console {
                    id.push("invokedBy", J::from("signin.amazonaws.com"));
                }
                let ua = if caller == Caller::Console {
                    "[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.750 Linux/5.10.223-190.873.amzn2int.x86_64 OpenJDK_64-Bit_Server_VM/25.412-b09 java/1.8.0_412 vendor/Oracle_Corporation cfg/retry-mode/standard]".to_string()
                } else {
                    "aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/macos#23.5.0 md/arch#arm64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off md/command#s3api.put-bucket-versioning".to_string()
                };
                (id, ua, format!("203.0.113.{}", r.range(1, 254)))
            }
            Caller::LegacyUser => {
                let user = *r.pick(&["ci-legacy", "backup-agent", "reporting"]);
                let id = obj([
                    ("type", J::from("IAMUser")),
                    ("principalId", J::from(format!("AIDA{}", r.upper_alnum(17)))),
                    (
                        "arn",
                        J::from(format!("arn:aws:iam::{ACCOUNT}:user/{user}")),
                    ),
                    ("accountId", J::from(ACCOUNT)),
                    ("accessKeyId", J::from(format!("AKIA{}", r.upper_alnum(16)))),
                    ("userName", J::from(user)),
                ]);
                (
                    id,
                    "aws-cli/1.32.101 md/Botocore#1.34.101 ua/2.0 os/linux#5.15.0-1064-aws md/arch#x86_64 lang/python#3.10.12 md/pyimpl#CPython cfg/retry-mode#legacy botocore/1.34.101".to_string(),
                    format!("198.51.100.{}", r.range(1, 254)),
                )
            }
            Caller::Service => {
                let svc = *r.pick(&[
                    "s3.amazonaws.com",
                    "lambda.amazonaws.com",
                    "cloudtrail.amazonaws.com",
                ]);
                (
                    obj([("type", J::from("AWSService")), ("invokedBy", J::from(svc))]),
                    svc.to_string(),
                    svc.to_string(),
                )
            }
        }
    }

    fn pick_bucket(&mut self) -> Option<&Bucket> {
        if self.buckets.is_empty() {
            None
        } else {
            let i = self.r.below(self.buckets.len() as u64) as usize;
            Some(self.buckets[i])
        }
    }

    fn host(&self, bucket: &str) -> String {
        format!("{bucket}.s3.{}.amazonaws.com", self.region)
    }

    fn tls(&mut self, host: &str) -> J {
        obj([
            ("tlsVersion", J::from("TLSv1.3")),
            ("cipherSuite", J::from("TLS_AES_128_GCM_SHA256")),
            ("clientProvidedHostHeader", J::from(host)),
        ])
    }

    fn s3_extra(&mut self, out_bytes: i64, in_bytes: i64) -> J {
        obj([
            ("SignatureVersion", J::from("SigV4")),
            ("CipherSuite", J::from("TLS_AES_128_GCM_SHA256")),
            ("bytesTransferredIn", J::Int(in_bytes)),
            ("AuthenticationMethod", J::from("AuthHeader")),
            ("x-amz-id-2", J::from(self.r.alnum(76))),
            ("bytesTransferredOut", J::Int(out_bytes)),
        ])
    }

    /// The fields every record starts with.
    #[allow(clippy::too_many_arguments)]
    fn head(
        &mut self,
        caller: Caller,
        time: i64,
        source: &str,
        name: &str,
        region: &str,
        team: &str,
        env: &str,
    ) -> J {
        let (identity, ua, ip) = self.identity(caller, team, env);
        obj([
            (
                "eventVersion",
                J::from(if source == "s3.amazonaws.com" {
                    "1.10"
                } else {
                    "1.09"
                }),
            ),
            ("userIdentity", identity),
            ("eventTime", J::from(time_text(time))),
            ("eventSource", J::from(source)),
            ("eventName", J::from(name)),
            ("awsRegion", J::from(region)),
            ("sourceIPAddress", J::from(ip)),
            ("userAgent", J::from(ua)),
        ])
    }

    fn tail(&mut self, rec: &mut J, read_only: bool, resources: Option<J>, management: bool) {
        rec.push("requestID", J::from(self.r.upper_alnum(16)));
        rec.push("eventID", J::from(self.r.uuid()));
        rec.push("readOnly", J::from(read_only));
        if let Some(res) = resources {
            rec.push("resources", res);
        }
        rec.push("eventType", J::from("AwsApiCall"));
        rec.push("managementEvent", J::from(management));
        rec.push("recipientAccountId", J::from(ACCOUNT));
        rec.push(
            "eventCategory",
            J::from(if management { "Management" } else { "Data" }),
        );
    }

    fn bucket_resource(name: &str) -> J {
        J::Arr(vec![obj([
            ("accountId", J::from(ACCOUNT)),
            ("type", J::from("AWS::S3::Bucket")),
            ("ARN", J::from(format!("arn:aws:s3:::{name}"))),
        ])])
    }

    /// An S3 object-level (data) event.
    fn object_event(&mut self, time: i64, name: &str) -> J {
        let (bucket, team, env) = match self.pick_bucket() {
            Some(b) => (
                b.name.clone(),
                b.name.split('-').next().unwrap_or("app").to_string(),
                "prod".to_string(),
            ),
            None => (
                "acme-shared-data".to_string(),
                "shared".to_string(),
                "prod".to_string(),
            ),
        };
        let key = format!(
            "{}/{}/{}-{}.{}",
            self.r
                .pick(&["raw", "events", "exports", "reports", "assets", "incoming"]),
            format_args!("2026/11/{:02}", self.r.range(1, 28)),
            self.r.pick(&["part", "batch", "snapshot", "object"]),
            self.r.hex(12),
            self.r.pick(&["json.gz", "parquet", "csv", "png", "zip"])
        );
        let caller = *self
            .r
            .weighted(&[(Caller::App, 90), (Caller::Service, 5), (Caller::Cli, 5)]);
        let mut rec = self.head(
            caller,
            time,
            "s3.amazonaws.com",
            name,
            self.region,
            &team,
            &env,
        );
        let host = self.host(&bucket);
        let mut params = obj([
            ("bucketName", J::from(&bucket)),
            ("Host", J::from(&host)),
            ("key", J::from(&key)),
        ]);
        let (out_b, in_b, response) = match name {
            "PutObject" => {
                params.push("x-amz-server-side-encryption", J::from("aws:kms"));
                let size = self.r.range(200, 5_000_000) as i64;
                (
                    0,
                    size,
                    obj([
                        ("x-amz-server-side-encryption", J::from("aws:kms")),
                        (
                            "x-amz-server-side-encryption-bucket-key-enabled",
                            J::from(true),
                        ),
                        ("x-amz-version-id", J::from(self.r.alnum(32))),
                    ]),
                )
            }
            "GetObject" => (self.r.range(200, 5_000_000) as i64, 0, J::Null),
            _ => (0, 0, J::Null),
        };
        rec.push("requestParameters", params);
        rec.push("responseElements", response);
        let extra = self.s3_extra(out_b, in_b);
        rec.push("additionalEventData", extra);
        let resources = J::Arr(vec![
            obj([
                ("type", J::from("AWS::S3::Object")),
                ("ARN", J::from(format!("arn:aws:s3:::{bucket}/{key}"))),
            ]),
            obj([
                ("accountId", J::from(ACCOUNT)),
                ("type", J::from("AWS::S3::Bucket")),
                ("ARN", J::from(format!("arn:aws:s3:::{bucket}"))),
            ]),
        ]);
        self.tail(
            &mut rec,
            name != "PutObject" && name != "DeleteObject",
            Some(resources),
            false,
        );
        let tls = self.tls(&host);
        rec.push("tlsDetails", tls);
        rec
    }

    /// An S3 bucket-level read (GetBucketAcl, GetBucketLocation, …) or ListBuckets.
    fn bucket_read(&mut self, time: i64, name: &str) -> J {
        let caller = *self.r.weighted(&[
            (Caller::App, 40),
            (Caller::Terraform, 30),
            (Caller::Console, 15),
            (Caller::Service, 15),
        ]);
        if name == "ListBuckets" {
            let mut rec = self.head(
                caller,
                time,
                "s3.amazonaws.com",
                name,
                self.region,
                "platform",
                "prod",
            );
            let host = format!("s3.{}.amazonaws.com", self.region);
            rec.push("requestParameters", obj([("Host", J::from(&host))]));
            rec.push("responseElements", J::Null);
            let out = self.r.range(2_000, 90_000) as i64;
            let extra = self.s3_extra(out, 0);
            rec.push("additionalEventData", extra);
            self.tail(&mut rec, true, None, true);
            let tls = self.tls(&host);
            rec.push("tlsDetails", tls);
            return rec;
        }
        let bucket = self
            .pick_bucket()
            .map_or("acme-shared-data".to_string(), |b| b.name.clone());
        let mut rec = self.head(
            caller,
            time,
            "s3.amazonaws.com",
            name,
            self.region,
            "platform",
            "prod",
        );
        let host = self.host(&bucket);
        let sub = match name {
            "GetBucketAcl" => "acl",
            "GetBucketLocation" => "location",
            "GetBucketVersioning" => "versioning",
            "GetBucketEncryption" => "encryption",
            "GetBucketPolicy" => "policy",
            "GetBucketTagging" => "tagging",
            _ => "publicAccessBlock",
        };
        rec.push(
            "requestParameters",
            obj([
                ("bucketName", J::from(&bucket)),
                ("Host", J::from(&host)),
                (sub, J::from("")),
            ]),
        );
        rec.push("responseElements", J::Null);
        if self.r.chance(0.03) {
            rec.push("errorCode", J::from("AccessDenied"));
            rec.push("errorMessage", J::from("Access Denied"));
        }
        let extra = self.s3_extra(0, 0);
        rec.push("additionalEventData", extra);
        self.tail(&mut rec, true, Some(Self::bucket_resource(&bucket)), true);
        let tls = self.tls(&host);
        rec.push("tlsDetails", tls);
        rec
    }

    fn kms(&mut self, time: i64, name: &str) -> J {
        let b = self.pick_bucket().cloned();
        let key = b
            .as_ref()
            .and_then(|b| b.code.sse.kms_key.clone())
            .unwrap_or_else(|| {
                format!(
                    "arn:aws:kms:{}:{ACCOUNT}:key/{}",
                    self.region,
                    self.r.uuid()
                )
            });
        let caller = *self.r.weighted(&[(Caller::Service, 40), (Caller::App, 60)]);
        let mut rec = self.head(
            caller,
            time,
            "kms.amazonaws.com",
            name,
            self.region,
            "data",
            "prod",
        );
        let context = obj([(
            "aws:s3:arn",
            J::from(format!(
                "arn:aws:s3:::{}",
                b.as_ref().map_or("acme-shared-data", |b| b.name.as_str())
            )),
        )]);
        let params = if name == "Decrypt" {
            obj([
                ("encryptionContext", context),
                ("encryptionAlgorithm", J::from("SYMMETRIC_DEFAULT")),
            ])
        } else {
            obj([
                ("keyId", J::from(&key)),
                ("encryptionContext", context),
                ("keySpec", J::from("AES_256")),
            ])
        };
        rec.push("requestParameters", params);
        rec.push("responseElements", J::Null);
        self.tail(
            &mut rec,
            true,
            Some(J::Arr(vec![obj([
                ("accountId", J::from(ACCOUNT)),
                ("type", J::from("AWS::KMS::Key")),
                ("ARN", J::from(&key)),
            ])])),
            true,
        );
        if caller == Caller::Service {
            rec.push("sharedEventID", J::from(self.r.uuid()));
        }
        rec
    }

    fn sts(&mut self, time: i64, name: &str) -> J {
        let team = *self
            .r
            .pick(&["payments", "search", "data", "platform", "ml"]);
        let caller = if name == "AssumeRoleWithWebIdentity" {
            Caller::Service
        } else {
            Caller::App
        };
        let mut rec = self.head(
            caller,
            time,
            "sts.amazonaws.com",
            name,
            self.region,
            team,
            "prod",
        );
        if name == "GetCallerIdentity" {
            rec.push("requestParameters", J::Null);
            rec.push("responseElements", J::Null);
            self.tail(&mut rec, true, None, true);
            return rec;
        }
        let role = format!(
            "arn:aws:iam::{ACCOUNT}:role/{team}-prod-{}",
            self.r.pick(&["app", "worker", "deploy"])
        );
        let session = format!("{}-{}", team, self.r.hex(12));
        let mut params = obj([
            ("roleArn", J::from(&role)),
            ("roleSessionName", J::from(&session)),
        ]);
        if name == "AssumeRoleWithWebIdentity" {
            params.push(
                "providerId",
                J::from(format!(
                    "arn:aws:iam::{ACCOUNT}:oidc-provider/token.actions.githubusercontent.com"
                )),
            );
        } else {
            params.push("durationSeconds", J::Int(3600));
        }
        rec.push("requestParameters", params);
        let token: String = self.r.alnum(356);
        rec.push(
            "responseElements",
            obj([
                (
                    "credentials",
                    obj([
                        (
                            "accessKeyId",
                            J::from(format!("ASIA{}", self.r.upper_alnum(16))),
                        ),
                        ("sessionToken", J::from(token)),
                        ("expiration", J::from("Nov 20, 2026, 10:13:02 AM")),
                    ]),
                ),
                (
                    "assumedRoleUser",
                    obj([
                        (
                            "assumedRoleId",
                            J::from(format!("AROA{}:{session}", self.r.upper_alnum(17))),
                        ),
                        (
                            "arn",
                            J::from(format!(
                                "arn:aws:sts::{ACCOUNT}:assumed-role/{}/{session}",
                                role.rsplit('/').next().unwrap_or("role")
                            )),
                        ),
                    ]),
                ),
            ]),
        );
        self.tail(
            &mut rec,
            true,
            Some(J::Arr(vec![obj([
                ("accountId", J::from(ACCOUNT)),
                ("type", J::from("AWS::IAM::Role")),
                ("ARN", J::from(&role)),
            ])])),
            true,
        );
        rec.push("sharedEventID", J::from(self.r.uuid()));
        rec
    }

    fn ec2(&mut self, time: i64, name: &str) -> J {
        let caller = *self.r.weighted(&[
            (Caller::Terraform, 30),
            (Caller::App, 50),
            (Caller::Console, 20),
        ]);
        let mut rec = self.head(
            caller,
            time,
            "ec2.amazonaws.com",
            name,
            self.region,
            "infra",
            "prod",
        );
        let params = match name {
            "DescribeInstances" => obj([
                (
                    "instancesSet",
                    obj([(
                        "items",
                        J::Arr(vec![obj([(
                            "instanceId",
                            J::from(format!("i-{}", self.r.hex(17))),
                        )])]),
                    )]),
                ),
                ("filterSet", J::Obj(vec![])),
            ]),
            "DescribeSecurityGroups" => obj([
                ("securityGroupSet", J::Obj(vec![])),
                (
                    "securityGroupIdSet",
                    obj([(
                        "items",
                        J::Arr(vec![obj([(
                            "groupId",
                            J::from(format!("sg-{}", self.r.hex(17))),
                        )])]),
                    )]),
                ),
                ("filterSet", J::Obj(vec![])),
            ]),
            _ => obj([("maxResults", J::Int(1000))]),
        };
        rec.push("requestParameters", params);
        rec.push("responseElements", J::Null);
        self.tail(&mut rec, true, None, true);
        rec
    }

    fn iam(&mut self, time: i64, name: &str) -> J {
        let caller = *self
            .r
            .weighted(&[(Caller::Terraform, 60), (Caller::Console, 40)]);
        let team = *self
            .r
            .pick(&["payments", "search", "data", "platform", "ml"]);
        // IAM is global: its events are recorded in us-east-1.
        let mut rec = self.head(
            caller,
            time,
            "iam.amazonaws.com",
            name,
            "us-east-1",
            team,
            "prod",
        );
        rec.push(
            "requestParameters",
            obj([("roleName", J::from(format!("{team}-prod-app")))]),
        );
        rec.push("responseElements", J::Null);
        self.tail(&mut rec, true, None, true);
        rec
    }

    fn other(&mut self, time: i64, source: &str, name: &str) -> J {
        let team = *self
            .r
            .pick(&["payments", "search", "data", "platform", "ml"]);
        let mut rec = self.head(Caller::App, time, source, name, self.region, team, "prod");
        let (params, data) = match name {
            "CreateLogStream" => (
                obj([
                    (
                        "logGroupName",
                        J::from(format!("/aws/lambda/{team}-prod-handler")),
                    ),
                    (
                        "logStreamName",
                        J::from(format!("2026/11/15/[$LATEST]{}", self.r.hex(32))),
                    ),
                ]),
                false,
            ),
            "GetItem" | "PutItem" => (
                obj([
                    ("tableName", J::from(format!("{team}-prod-sessions"))),
                    (
                        "key",
                        obj([(
                            "pk",
                            obj([("S", J::from(format!("user#{}", self.r.hex(10))))]),
                        )]),
                    ),
                    ("consistentRead", J::from(false)),
                ]),
                true,
            ),
            "GetParameter" => (
                obj([
                    (
                        "name",
                        J::from(format!(
                            "/{team}/prod/config/{}",
                            self.r.pick(&["db_host", "feature_flags", "endpoint"])
                        )),
                    ),
                    ("withDecryption", J::from(true)),
                ]),
                false,
            ),
            _ => (obj([("registryIds", strs(&[ACCOUNT]))]), false),
        };
        rec.push("requestParameters", params);
        rec.push("responseElements", J::Null);
        self.tail(&mut rec, name != "PutItem", None, !data);
        rec
    }

    /// One record that is not a bucket-configuration event.
    pub fn ordinary(&mut self, time: i64) -> J {
        let iam_here = self.region == "us-east-1";
        let kind = *self.r.weighted(&[
            ("GetObject", 24),
            ("PutObject", 8),
            ("HeadObject", 6),
            ("DeleteObject", 1),
            ("GetBucketLocation", 3),
            ("GetBucketAcl", 2),
            ("GetBucketVersioning", 1),
            ("GetBucketEncryption", 1),
            ("GetBucketPolicy", 1),
            ("ListBuckets", 1),
            ("Decrypt", 12),
            ("GenerateDataKey", 6),
            ("AssumeRole", 5),
            ("AssumeRoleWithWebIdentity", 1),
            ("GetCallerIdentity", 2),
            ("DescribeInstances", 4),
            ("DescribeSecurityGroups", 2),
            ("DescribeVolumes", 1),
            ("GetRole", if iam_here { 3 } else { 0 }),
            ("CreateLogStream", 4),
            ("GetItem", 3),
            ("PutItem", 1),
            ("GetParameter", 2),
            ("GetAuthorizationToken", 1),
        ]);
        match kind {
            "GetObject" | "PutObject" | "HeadObject" | "DeleteObject" => {
                self.object_event(time, kind)
            }
            "GetBucketLocation"
            | "GetBucketAcl"
            | "GetBucketVersioning"
            | "GetBucketEncryption"
            | "GetBucketPolicy"
            | "ListBuckets" => self.bucket_read(time, kind),
            "Decrypt" | "GenerateDataKey" => self.kms(time, kind),
            "AssumeRole" | "AssumeRoleWithWebIdentity" | "GetCallerIdentity" => {
                self.sts(time, kind)
            }
            "DescribeInstances" | "DescribeSecurityGroups" | "DescribeVolumes" => {
                self.ec2(time, kind)
            }
            "GetRole" => self.iam(time, kind),
            "CreateLogStream" => self.other(time, "logs.amazonaws.com", kind),
            "GetItem" | "PutItem" => self.other(time, "dynamodb.amazonaws.com", kind),
            "GetParameter" => self.other(time, "ssm.amazonaws.com", kind),
            _ => self.other(time, "ecr.amazonaws.com", kind),
        }
    }

    fn config_record(
        &mut self,
        time: i64,
        caller: Caller,
        b: &Bucket,
        name: &str,
        params: J,
        error: bool,
    ) -> J {
        let team = b.name.split('-').next().unwrap_or("app").to_string();
        let mut rec = self.head(
            caller,
            time,
            "s3.amazonaws.com",
            name,
            b.region,
            &team,
            "prod",
        );
        rec.push("requestParameters", params);
        rec.push("responseElements", J::Null);
        if error {
            rec.push("errorCode", J::from("AccessDenied"));
            rec.push("errorMessage", J::from("Access Denied"));
        }
        let body = self.r.range(100, 1200) as i64;
        let extra = self.s3_extra(0, body);
        rec.push("additionalEventData", extra);
        self.tail(&mut rec, false, Some(Self::bucket_resource(&b.name)), true);
        let host = self.host(&b.name);
        let tls = self.tls(&host);
        rec.push("tlsDetails", tls);
        rec
    }

    /// A bucket-configuration call on a fleet bucket of this region that sets what the code
    /// says (an apply), or fails; `None` when the region has no fleet bucket.
    pub fn config_apply(&mut self, time: i64) -> Option<J> {
        let b = self.pick_bucket()?.clone();
        let error = self.r.chance(0.1);
        let caller = if error {
            *self.r.pick(&[Caller::App, Caller::LegacyUser, Caller::Cli])
        } else {
            *self.r.weighted(&[
                (Caller::Terraform, 85),
                (Caller::Console, 10),
                (Caller::Cli, 5),
            ])
        };
        let c = &b.code;
        let kind = self.r.below(7);
        let (name, params) = match kind {
            0 => ("PutBucketTagging", tagging(self, &b, &b.tags_all())),
            1 => (
                "PutBucketVersioning",
                versioning(self, &b, c.versioning.as_str()),
            ),
            2 => (
                "PutBucketEncryption",
                encryption(self, &b, c.sse.kms_key.as_deref(), c.sse.bucket_key),
            ),
            3 => (
                "PutBucketPublicAccessBlock",
                pab(self, &b, c.pab.unwrap_or(Pab::ALL_ON)),
            ),
            4 if !c.policy.is_empty() => ("PutBucketPolicy", policy(self, &b, &c.policy)),
            5 => (
                "PutBucketOwnershipControls",
                ownership(self, &b, c.ownership.unwrap_or("BucketOwnerEnforced")),
            ),
            _ => ("PutBucketTagging", tagging(self, &b, &b.tags_all())),
        };
        Some(self.config_record(time, caller, &b, name, params, error))
    }

    /// The call that made `b` drift.
    pub fn config_drift(&mut self, time: i64, b: &Bucket) -> J {
        let drift = b.drift.expect("a drifted bucket");
        let live = b.live();
        let caller = *self.r.weighted(&[
            (Caller::Console, 60),
            (Caller::Cli, 30),
            (Caller::LegacyUser, 10),
        ]);
        let params = match drift {
            Drift::VersioningSuspended => versioning(self, b, "Suspended"),
            Drift::EncryptionDowngraded => encryption(self, b, None, false),
            Drift::PublicAccessBlockWeakened => pab(self, b, live.pab.unwrap_or(Pab::ALL_ON)),
            Drift::PolicyStatementAdded => policy(self, b, &live.policy),
            Drift::PolicyRemoved => bucket_params(self, b, "policy"),
            Drift::TagChanged => tagging(self, b, &live.tags),
            Drift::LoggingDisabled => {
                let mut p = bucket_params(self, b, "logging");
                p.push("BucketLoggingStatus", obj([("xmlns", J::from(S3_XMLNS))]));
                p
            }
            Drift::LifecycleRemoved => bucket_params(self, b, "lifecycle"),
        };
        self.config_record(time, caller, b, drift.event_name(), params, false)
    }
}

fn bucket_params(g: &Records, b: &Bucket, sub: &str) -> J {
    obj([
        ("bucketName", J::from(&b.name)),
        (
            "Host",
            J::from(format!("{}.s3.{}.amazonaws.com", b.name, g.region)),
        ),
        (sub, J::from("")),
    ])
}

fn tagging(g: &Records, b: &Bucket, tags: &std::collections::BTreeMap<String, String>) -> J {
    let mut p = bucket_params(g, b, "tagging");
    let list: Vec<J> = tags
        .iter()
        .map(|(k, v)| obj([("Key", J::from(k)), ("Value", J::from(v))]))
        .collect();
    // One child element is an object, several an array (S3's XML turned into JSON).
    let tag = if list.len() == 1 {
        list.into_iter().next().unwrap_or(J::Null)
    } else {
        J::Arr(list)
    };
    p.push(
        "Tagging",
        obj([
            ("xmlns", J::from(S3_XMLNS)),
            ("TagSet", obj([("Tag", tag)])),
        ]),
    );
    p
}

fn versioning(g: &Records, b: &Bucket, status: &str) -> J {
    let mut p = bucket_params(g, b, "versioning");
    p.push(
        "VersioningConfiguration",
        obj([
            ("xmlns", J::from(S3_XMLNS)),
            (
                "Status",
                J::from(if status == "Disabled" {
                    "Suspended"
                } else {
                    status
                }),
            ),
        ]),
    );
    p
}

fn encryption(g: &Records, b: &Bucket, kms: Option<&str>, bucket_key: bool) -> J {
    let mut p = bucket_params(g, b, "encryption");
    let mut by_default = obj([(
        "SSEAlgorithm",
        J::from(if kms.is_some() { "aws:kms" } else { "AES256" }),
    )]);
    if let Some(k) = kms {
        by_default.push("KMSMasterKeyID", J::from(k));
    }
    p.push(
        "ServerSideEncryptionConfiguration",
        obj([
            ("xmlns", J::from(S3_XMLNS)),
            (
                "Rule",
                obj([
                    ("ApplyServerSideEncryptionByDefault", by_default),
                    ("BucketKeyEnabled", J::from(bucket_key)),
                ]),
            ),
        ]),
    );
    p
}

fn pab(g: &Records, b: &Bucket, p: Pab) -> J {
    let mut params = bucket_params(g, b, "publicAccessBlock");
    params.push(
        "PublicAccessBlockConfiguration",
        obj([
            ("xmlns", J::from(S3_XMLNS)),
            ("BlockPublicAcls", J::from(p.block_public_acls)),
            ("IgnorePublicAcls", J::from(p.ignore_public_acls)),
            ("BlockPublicPolicy", J::from(p.block_public_policy)),
            ("RestrictPublicBuckets", J::from(p.restrict_public_buckets)),
        ]),
    );
    params
}

fn policy(g: &Records, b: &Bucket, statements: &[Statement]) -> J {
    let mut p = obj([("bucketPolicy", policy_document(statements))]);
    p.push("bucketName", J::from(&b.name));
    p.push(
        "Host",
        J::from(format!("{}.s3.{}.amazonaws.com", b.name, g.region)),
    );
    p.push("policy", J::from(""));
    p
}

fn ownership(g: &Records, b: &Bucket, value: &str) -> J {
    let mut p = bucket_params(g, b, "ownershipControls");
    p.push(
        "OwnershipControls",
        obj([
            ("xmlns", J::from(S3_XMLNS)),
            ("Rule", obj([("ObjectOwnership", J::from(value))])),
        ]),
    );
    p
}
