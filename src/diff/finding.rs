//! A finding: one difference (or one thing worth saying) about one attribute of one bucket.

use crate::code::{Code, Kind, Severity};
use crate::trail::Via;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One result of a comparison.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The bucket name; empty for a finding about an account's own configuration.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub bucket: String,
    /// For a finding about an account's own configuration (its public access block), the
    /// account id; left out on bucket findings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The resource address that sets the attribute (or the bucket's address).
    pub address: String,
    /// The canonical attribute path, e.g. `public_access_block.block_public_acls` (see the
    /// path table). Empty for bucket-level findings.
    pub path: String,
    /// The change class.
    pub kind: Kind,
    /// The stable rule id.
    pub code: Code,
    /// The severity (the code's default unless a rule raised it).
    pub severity: Severity,
    /// The desired value; `null` when the code wants it absent. Already redacted when sensitive.
    pub expected: Option<Value>,
    /// The live value; `null` when absent live. Already redacted when sensitive.
    pub actual: Option<Value>,
    /// One human sentence about the finding.
    pub message: String,
    /// Extra notes, e.g. "apply would not revert this: no code manages this part".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Values were redacted because state or plan marks them sensitive.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sensitive: bool,
    /// Who made the change, filled by attribution; `null` until then.
    pub attribution: Option<Attribution>,
    /// Where the code sets the attribute (`--dir`), filled after the comparison; left out
    /// when unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<SourceLocation>,
    /// The policy ignore that suppresses this finding: it is kept and shown, but counted as
    /// suppressed, never as drift, and never fails the run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppression: Option<Suppression>,
    /// The policy's expected actor that made this (confirmed) change: shown as expected,
    /// never fails the run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_actor: Option<ExpectedActor>,
    /// Against `--baseline`: new, existing or changed; left out without a baseline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<BaselineStatus>,
    /// What the plan being checked does to this out-of-band change (`check --plan`); left
    /// out without a plan, and on findings that are not a changed value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<PlanView>,
}

/// Why a finding is suppressed: the matching `ignore` block (or `--ignore`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppression {
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The last day the ignore applies (`YYYY-MM-DD`, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
    /// The one CloudTrail event whose change the ignore accepts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_id: Option<String>,
    /// The policy file holding the block; left out for `--ignore`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The block's line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

/// The `expected_actor` block a confirmed change matched.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpectedActor {
    /// The principal glob as written.
    pub principal: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub file: String,
    pub line: u32,
}

/// A finding compared with the baseline report, on the SARIF fingerprint (account, bucket,
/// path).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BaselineStatus {
    /// Not in the baseline.
    New,
    /// In the baseline with the same live value.
    Existing,
    /// In the baseline, with another live value since: touched again, so it counts as new.
    Changed,
}

impl BaselineStatus {
    /// The name every output uses.
    pub fn as_str(self) -> &'static str {
        match self {
            BaselineStatus::New => "new",
            BaselineStatus::Existing => "existing",
            BaselineStatus::Changed => "changed",
        }
    }

    /// Whether `--fail-on` counts it (new and changed).
    pub fn counts(self) -> bool {
        self != BaselineStatus::Existing
    }
}

/// What an apply of the checked plan does to one out-of-band change: the three-way view of
/// the last-applied state, live, and the code's intent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanView {
    /// The class (the table in the README's "Before apply").
    pub class: PlanClass,
    /// The value the plan sets (the code's intent); `null` when it wants the value absent
    /// or does not know it yet. Redacted when sensitive.
    #[serde(default)]
    pub planned: Option<Value>,
    /// The class in plain words, naming who made the change when attribution knows.
    pub summary: String,
}

/// The three-way class of one out-of-band change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanClass {
    /// The code still says what was last applied: the apply undoes the change.
    Reverts,
    /// The code now says what live has: the apply is a no-op for it.
    Adopts,
    /// The code and someone outside both changed it, to different values.
    Conflict,
    /// No code manages the part (a provider v4+ computed mirror, or no resource at all).
    Neither,
    /// Terraform did not refresh (no `resource_drift`) and the plan does not set the
    /// attribute: the change stays after the apply.
    Survives,
    /// The plan leaves the value unknown until apply: what happens is not known yet.
    Pending,
}

impl PlanClass {
    /// The name every output uses.
    pub fn as_str(self) -> &'static str {
        match self {
            PlanClass::Reverts => "reverts",
            PlanClass::Adopts => "adopts",
            PlanClass::Conflict => "conflict",
            PlanClass::Neither => "neither",
            PlanClass::Survives => "survives",
            PlanClass::Pending => "pending",
        }
    }
}

impl Finding {
    /// The apply of the checked plan undoes this change.
    pub fn reverted(&self) -> bool {
        self.plan
            .as_ref()
            .is_some_and(|p| p.class == PlanClass::Reverts)
    }
}

/// A place in the Terraform code: a file relative to the root of the checkout (with `/`
/// separators, as code-scanning tools expect) and a 1-based line.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SourceLocation {
    pub file: String,
    pub line: u32,
}

impl Finding {
    /// The sort key that makes every output deterministic: bucket, account, path, code,
    /// address. Account findings have no bucket, so they come first.
    pub fn sort_key(&self) -> (&str, &str, &str, Code, &str) {
        (
            &self.bucket,
            self.account_scope().unwrap_or(""),
            &self.path,
            self.code,
            &self.address,
        )
    }

    /// The account, for a finding about an account's own configuration rather than a
    /// bucket's.
    pub fn account_scope(&self) -> Option<&str> {
        self.account.as_deref().filter(|_| self.bucket.is_empty())
    }

    /// What the finding is about as one word, for keys (a drift issue's marker): the
    /// bucket, or `account:<id>` (a bucket name never holds a colon).
    pub fn subject_key(&self) -> String {
        match self.account_scope() {
            Some(account) => format!("account:{account}"),
            None => self.bucket.clone(),
        }
    }

    /// What the finding is about, as reports name it: the bucket, or `account <id>`.
    pub fn subject(&self) -> String {
        match self.account_scope() {
            Some(account) => format!("account {account}"),
            None => self.bucket.clone(),
        }
    }

    /// Whether a policy accepted the finding: suppressed by an ignore, or made by an
    /// expected actor. Accepted findings are shown but never alert or fail a run.
    pub fn is_accepted(&self) -> bool {
        self.suppression.is_some() || self.expected_actor.is_some()
    }
}

/// How sure an attribution is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttributionStatus {
    /// The event's new value equals the live value.
    Confirmed,
    /// The event touched the attribute but carries no value to check.
    Likely,
    /// Nothing proves who made the change.
    Unattributed,
    /// A signal's events: who made the calls is certain, but nothing was changed (a burst of
    /// denied calls), so there is no change to confirm.
    Observed,
}

impl AttributionStatus {
    /// The name every output uses (the JSON schema's `status`).
    pub fn as_str(self) -> &'static str {
        match self {
            AttributionStatus::Confirmed => "confirmed",
            AttributionStatus::Likely => "likely",
            AttributionStatus::Unattributed => "unattributed",
            AttributionStatus::Observed => "observed",
        }
    }
}

/// One earlier change to the same attribute.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub principal: String,
    pub event_name: String,
    pub event_time: jiff::Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_id: Option<String>,
    /// The new value the event set, when it carries one. Redacted when sensitive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
}

/// Who changed an attribute, when, from where and how.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Attribution {
    pub status: AttributionStatus,
    /// The principal rendered for people, e.g. `role/ops-admin (alice@example.com)`.
    #[serde(default)]
    pub principal: Option<String>,
    #[serde(default)]
    pub arn: Option<String>,
    #[serde(default)]
    pub account: Option<String>,
    #[serde(default)]
    pub event_name: Option<String>,
    #[serde(default)]
    pub event_time: Option<jiff::Timestamp>,
    #[serde(default)]
    pub event_id: Option<String>,
    #[serde(default)]
    pub source_ip: Option<String>,
    #[serde(default)]
    pub user_agent: Option<String>,
    #[serde(default)]
    pub via: Option<Via>,
    /// `vpcEndpointId`, when the call came through a VPC endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_endpoint_id: Option<String>,
    /// Where the event came from: `cloudtrail` or `access-log`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// Why it is unattributed, when it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Earlier changes to the same attribute in the window, newest first.
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
}
