//! Who made a call and how, rendered for people.
//!
//! * IAM user → the user name.
//! * Assumed role → `role/<role> (<session>)`: the role is `sessionContext.sessionIssuer.userName`
//!   (or the role segment of the ARN), the session is the last segment of the
//!   `assumed-role/<role>/<session>` ARN.
//! * IAM Identity Center → `sso/<permission set> (<user>)`: its roles are named
//!   `AWSReservedSSO_<set>_<hash>` and live under the path `aws-reserved/sso.amazonaws.com/`
//!   (CloudTrail User Guide).
//! * Root → `root`. AWS services → the service (`invokedBy`).
//!
//! The same rules render the requester ARN of an access-log line.

use super::event::Actor;
use super::event::Via;
use crate::parts::attr::text;
use serde_json::Value;

/// The actor of a CloudTrail `userIdentity` object.
pub fn actor(identity: &Value) -> Actor {
    let kind = text(identity, "type").unwrap_or("");
    let arn = text(identity, "arn").map(str::to_string);
    let account = text(identity, "accountId").map(str::to_string);
    let issuer = identity
        .get("sessionContext")
        .and_then(|c| c.get("sessionIssuer"));
    let mut actor = Actor {
        principal: String::new(),
        arn: arn.clone(),
        account,
        root: false,
        service: None,
    };
    actor.principal = match kind {
        "Root" => {
            actor.root = true;
            "root".to_string()
        }
        "IAMUser" => text(identity, "userName")
            .map(str::to_string)
            .or_else(|| arn.as_deref().and_then(user_of_arn))
            .unwrap_or_else(|| "iam-user".to_string()),
        "AssumedRole" => {
            let issuer_name = issuer.and_then(|i| text(i, "userName"));
            let issuer_arn = issuer.and_then(|i| text(i, "arn"));
            let (arn_role, session) = arn.as_deref().map(role_and_session).unwrap_or((None, None));
            let role = issuer_name
                .map(str::to_string)
                .or(arn_role)
                .or_else(|| text(identity, "userName").map(str::to_string))
                .unwrap_or_else(|| "role".to_string());
            render_role(&role, issuer_arn, session.as_deref())
        }
        "AWSService" => {
            let service = text(identity, "invokedBy")
                .unwrap_or("aws-service")
                .to_string();
            actor.service = Some(service.clone());
            service
        }
        "FederatedUser" => {
            let name = arn
                .as_deref()
                .and_then(|a| a.split_once(":federated-user/").map(|(_, n)| n.to_string()))
                .or_else(|| text(identity, "principalId").map(str::to_string))
                .unwrap_or_else(|| "federated".to_string());
            format!("federated/{name}")
        }
        "AWSAccount" => format!(
            "account {}",
            text(identity, "accountId")
                .or_else(|| text(identity, "principalId"))
                .unwrap_or("?")
        ),
        "IdentityCenterUser" => format!(
            "sso-user/{}",
            identity
                .get("onBehalfOf")
                .and_then(|o| text(o, "userId"))
                .unwrap_or("?")
        ),
        _ => arn
            .as_deref()
            .filter(|a| a.starts_with("arn:"))
            .map(|a| of_arn(a).principal)
            .or_else(|| text(identity, "userName").map(str::to_string))
            .or_else(|| text(identity, "principalId").map(str::to_string))
            .unwrap_or_else(|| "unknown".to_string()),
    };
    actor
}

/// The actor named by an ARN alone (an access log's requester field).
pub fn of_arn(arn: &str) -> Actor {
    let account = arn
        .split(':')
        .nth(4)
        .filter(|a| !a.is_empty())
        .map(str::to_string);
    let mut actor = Actor {
        principal: String::new(),
        arn: arn.starts_with("arn:").then(|| arn.to_string()),
        account,
        root: false,
        service: None,
    };
    actor.principal = if let Some(service) = arn.strip_prefix("svc:") {
        actor.service = Some(service.to_string());
        service.to_string()
    } else if arn.ends_with(":root") && arn.starts_with("arn:") {
        actor.root = true;
        "root".to_string()
    } else if arn.contains(":assumed-role/") {
        let (role, session) = role_and_session(arn);
        render_role(role.as_deref().unwrap_or("role"), None, session.as_deref())
    } else if let Some(user) = user_of_arn(arn) {
        user
    } else if let Some(role) = arn.split_once(":role/").map(|(_, r)| r) {
        format!("role/{}", role.rsplit('/').next().unwrap_or(role))
    } else {
        arn.to_string()
    };
    actor
}

/// `arn:aws:iam::1:user/path/alice` → `alice`.
fn user_of_arn(arn: &str) -> Option<String> {
    let (_, user) = arn.split_once(":user/")?;
    Some(user.rsplit('/').next().unwrap_or(user).to_string())
}

/// `arn:aws:sts::1:assumed-role/<role>/<session>` → role and session.
fn role_and_session(arn: &str) -> (Option<String>, Option<String>) {
    let Some((_, rest)) = arn.split_once(":assumed-role/") else {
        return (None, None);
    };
    match rest.split_once('/') {
        Some((role, session)) => (
            Some(role.to_string()),
            Some(session.to_string()).filter(|s| !s.is_empty()),
        ),
        None => (Some(rest.to_string()).filter(|r| !r.is_empty()), None),
    }
}

/// `role/<role> (<session>)`, or `sso/<set> (<user>)` for an IAM Identity Center role.
fn render_role(role: &str, issuer_arn: Option<&str>, session: Option<&str>) -> String {
    let sso_path = issuer_arn.is_some_and(|a| a.contains("aws-reserved/sso.amazonaws.com/"));
    let head = if let Some(set) = sso_permission_set(role) {
        format!("sso/{set}")
    } else if sso_path {
        format!("sso/{role}")
    } else {
        format!("role/{role}")
    };
    match session {
        Some(s) => format!("{head} ({s})"),
        None => head,
    }
}

/// `AWSReservedSSO_AdministratorAccess_0123456789abcdef` → `AdministratorAccess`. The set
/// name may itself contain `_`; the hash is the last segment.
fn sso_permission_set(role: &str) -> Option<&str> {
    let rest = role.strip_prefix("AWSReservedSSO_")?;
    match rest.rsplit_once('_') {
        Some((set, _hash)) if !set.is_empty() => Some(set),
        _ => Some(rest).filter(|r| !r.is_empty()),
    }
}

/// How a call was made, from its user agent (and the identity, for services).
///
/// The order matters: a console agent names `aws-sdk-java` (the console's backend), and
/// Terraform's agent names `aws-sdk-go`; the AWS CLI's names `botocore`.
pub fn via(user_agent: Option<&str>, actor: &Actor, invoked_by: Option<&str>) -> Via {
    let ua = user_agent.unwrap_or("").trim();
    let lower = ua.to_ascii_lowercase();
    let invoked = invoked_by.unwrap_or("");
    if invoked == "cloudformation.amazonaws.com" || lower.contains("cloudformation") {
        return Via::Cloudformation;
    }
    if lower.contains("s3console")
        || ua == "AWS Internal"
        || ua.starts_with("AWS Internal")
        || lower.contains("signin.amazonaws.com")
        || lower.contains("console.amazonaws.com")
        // The S3 console of today sends the browser's agent in brackets (corpus mia-platform).
        || (ua.starts_with("[Mozilla/") && ua.ends_with(']'))
    {
        return Via::Console;
    }
    if ua.contains("Terraform/") || lower.contains("terraform-provider-aws") {
        return Via::Terraform;
    }
    if lower.contains("aws-cli/") {
        return Via::Cli;
    }
    if let Some(service) = &actor.service {
        return Via::Service(service.clone());
    }
    const SDKS: &[(&str, &str)] = &[
        ("boto3/", "boto3 (python)"),
        ("botocore/", "botocore (python)"),
        ("aws-sdk-go-v2", "aws-sdk-go-v2 (go)"),
        ("aws-sdk-go", "aws-sdk-go (go)"),
        ("aws-sdk-java", "aws-sdk-java (java)"),
        ("aws-sdk-js", "aws-sdk-js (javascript)"),
        ("aws-sdk-nodejs", "aws-sdk-js (javascript)"),
        ("aws-sdk-rust", "aws-sdk-rust (rust)"),
        ("aws-sdk-dotnet", "aws-sdk-dotnet (.net)"),
        ("aws-sdk-net", "aws-sdk-dotnet (.net)"),
        ("aws-sdk-ruby", "aws-sdk-ruby (ruby)"),
        ("aws-sdk-php", "aws-sdk-php (php)"),
        ("aws-sdk-cpp", "aws-sdk-cpp (c++)"),
        ("aws-sdk-swift", "aws-sdk-swift (swift)"),
        ("aws-sdk-kotlin", "aws-sdk-kotlin (kotlin)"),
    ];
    for (needle, name) in SDKS {
        if lower.contains(needle) {
            return Via::Sdk((*name).to_string());
        }
    }
    if lower.contains("awspowershell") || lower.contains("aws-tools-for-powershell") {
        return Via::Sdk("aws-tools-for-powershell (powershell)".to_string());
    }
    if !invoked.is_empty() && invoked.ends_with(".amazonaws.com") {
        return Via::Service(invoked.to_string());
    }
    if ua.is_empty() || ua == "-" || ua == "..." {
        return Via::Unknown;
    }
    // The product name of an unrecognised agent, without versions or platform noise.
    let first = ua
        .trim_matches(['[', ']', '"'])
        .split([' ', ','])
        .next()
        .unwrap_or(ua);
    let name = first.split('/').next().unwrap_or(first);
    Via::Other(name.chars().take(40).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn principals_for_people() {
        let cases = [
            (
                json!({"type": "IAMUser", "arn": "arn:aws:iam::111111111111:user/testuser", "userName": "testuser"}),
                "testuser",
            ),
            (
                json!({"type": "IAMUser", "arn": "arn:aws:iam::111111111111:user/ops/bob"}),
                "bob",
            ),
            (
                json!({"type": "AssumedRole", "arn": "arn:aws:sts::1:assumed-role/ops-admin/alice@example.com",
                       "sessionContext": {"sessionIssuer": {"userName": "ops-admin", "arn": "arn:aws:iam::1:role/ops-admin"}}}),
                "role/ops-admin (alice@example.com)",
            ),
            (
                json!({"type": "AssumedRole", "arn": "arn:aws:sts::1:assumed-role/tester"}),
                "role/tester",
            ),
            (
                json!({"type": "AssumedRole", "arn": "arn:aws:sts::1:assumed-role/AWSReservedSSO_AdministratorAccess_0a1b2c3d4e5f6a7b/alice@example.com",
                       "sessionContext": {"sessionIssuer": {"userName": "AWSReservedSSO_AdministratorAccess_0a1b2c3d4e5f6a7b",
                       "arn": "arn:aws:iam::1:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_AdministratorAccess_0a1b2c3d4e5f6a7b"}}}),
                "sso/AdministratorAccess (alice@example.com)",
            ),
            (
                json!({"type": "AssumedRole", "arn": "arn:aws:sts::1:assumed-role/TheAssumedRole/user@example.com",
                       "sessionContext": {"sessionIssuer": {"userName": "TheAssumedRole",
                       "arn": "arn:aws:iam::1:role/aws-reserved/sso.amazonaws.com/eu-west-1/TheAssumedRole"}}}),
                "sso/TheAssumedRole (user@example.com)",
            ),
            (
                json!({"type": "Root", "arn": "arn:aws:iam::161616161616:root", "accountId": "161616161616"}),
                "root",
            ),
            (
                json!({"type": "AWSService", "invokedBy": "s3.amazonaws.com"}),
                "s3.amazonaws.com",
            ),
            (
                json!({"type": "AWSAccount", "accountId": "222222222222"}),
                "account 222222222222",
            ),
        ];
        for (identity, want) in cases {
            assert_eq!(actor(&identity).principal, want, "{identity}");
        }
        assert!(actor(&json!({"type": "Root"})).root);
        assert!(!actor(&json!({"type": "IAMUser", "userName": "x"})).root);
    }

    #[test]
    fn requester_arns() {
        assert_eq!(
            of_arn(
                "arn:aws:sts::123456:assumed-role/AWSServiceRoleForTrustedAdvisor/TrustedAdvisor_1"
            )
            .principal,
            "role/AWSServiceRoleForTrustedAdvisor (TrustedAdvisor_1)"
        );
        assert_eq!(
            of_arn("arn:aws:iam::123456:user/user1@example.com").principal,
            "user1@example.com"
        );
        assert_eq!(
            of_arn("svc:delivery.logs.amazonaws.com").principal,
            "delivery.logs.amazonaws.com"
        );
        assert!(of_arn("arn:aws:iam::123456789012:root").root);
        assert_eq!(
            of_arn("arn:aws:iam::123456:user/u").account.as_deref(),
            Some("123456")
        );
    }

    #[test]
    fn how_from_user_agent() {
        let nobody = Actor::default();
        let cases: &[(&str, Via)] = &[
            ("[S3Console/0.4]", Via::Console),
            ("[S3Console/0.4, aws-internal/3 aws-sdk-java/1.11.590 Linux/4.9 OpenJDK_64-Bit_Server_VM/25.212-b03 java/1.8.0_212]", Via::Console),
            ("AWS Internal", Via::Console),
            ("signin.amazonaws.com", Via::Console),
            ("[Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:139.0) Gecko/20100101 Firefox/139.0]", Via::Console),
            ("APN/1.0 HashiCorp/1.0 Terraform/1.9.5 (+https://www.terraform.io) terraform-provider-aws/5.70.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.2 ua/2.1 os/linux lang/go#1.23.1", Via::Terraform),
            ("aws-sdk-go/1.44.0 (go1.19; linux; amd64) APN/1.0 HashiCorp/1.0 terraform-provider-aws/4.67.0", Via::Terraform),
            ("aws-cli/2.13.0 Python/3.11.4 Linux/5.10.0-1234-aws exe/x86_64.ubuntu.22", Via::Cli),
            ("aws-cli/1.18.69 Python/3.8.5 Linux/5.4.0 botocore/1.17.0", Via::Cli),
            ("Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux#6.1 lang/python#3.12.1 Botocore/1.34.0", Via::Sdk("boto3 (python)".into())),
            ("aws-sdk-go/1.30.7 (go1.13.6; linux; amd64) exec-env/AWS_Lambda_go1.x", Via::Sdk("aws-sdk-go (go)".into())),
            ("aws-sdk-go-v2/1.21.0 os/linux lang/go#1.21", Via::Sdk("aws-sdk-go-v2 (go)".into())),
            ("aws-sdk-java/1.12.400 Linux/5.10", Via::Sdk("aws-sdk-java (java)".into())),
            ("aws-sdk-js/3.400.0 ua/2.0 os/linux lang/js md/nodejs#18", Via::Sdk("aws-sdk-js (javascript)".into())),
            ("aws-sdk-rust/1.3.0 os/linux lang/rust/1.85", Via::Sdk("aws-sdk-rust (rust)".into())),
            ("cloudformation.amazonaws.com", Via::Cloudformation),
            ("Mozilla/2.0 (compatible; NEWT ActiveX; Win32)", Via::Other("Mozilla".into())),
            ("...", Via::Unknown),
            ("", Via::Unknown),
        ];
        for (ua, want) in cases {
            assert_eq!(&via(Some(ua), &nobody, None), want, "{ua}");
        }
        let svc = Actor {
            service: Some("s3.amazonaws.com".into()),
            ..Actor::default()
        };
        assert_eq!(
            via(Some("s3.amazonaws.com"), &svc, None),
            Via::Service("s3.amazonaws.com".into())
        );
        assert_eq!(
            via(None, &nobody, Some("cloudformation.amazonaws.com")),
            Via::Cloudformation
        );
    }
}
