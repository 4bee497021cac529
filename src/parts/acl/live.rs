//! GetBucketAcl: the grants, and the owner's canonical id (grants to it are written
//! `owner`).

use crate::aws::answer::Got;
use crate::aws::CallError;
use aws_sdk_s3::operation::get_bucket_acl::GetBucketAclOutput;
use aws_sdk_s3::Client;
use serde_json::Value;

/// Reads the part.
pub async fn read(client: &Client, bucket: &str, owner: Option<&str>) -> Result<Got, CallError> {
    client
        .get_bucket_acl()
        .bucket(bucket)
        .set_expected_bucket_owner(owner.map(str::to_string))
        .send()
        .await
        .map(|o| {
            let (value, owner_id) = value(&o);
            Got { value, owner_id }
        })
        .map_err(|e| CallError::from_sdk(&e))
}

/// `acl`, plus the owner's canonical id (grants to it are written `owner`).
pub fn value(out: &GetBucketAclOutput) -> (Option<Value>, Option<String>) {
    let owner = out
        .owner()
        .and_then(|o| o.id())
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    let grants: Vec<String> = out
        .grants()
        .iter()
        .filter_map(|g| {
            let permission = g.permission()?.as_str();
            let who = g.grantee()?;
            let grantee = super::grantee(
                who.r#type().as_str(),
                who.id(),
                who.uri(),
                who.email_address(),
                owner.as_deref(),
            )?;
            Some(super::grant(permission, &grantee))
        })
        .collect();
    (Some(super::canonical(grants)), owner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_s3::types::{Grant, Grantee, Owner, Permission, Type};
    use serde_json::json;

    #[test]
    fn acl_names_the_owner_and_groups() {
        let owner = "abc123";
        let out = GetBucketAclOutput::builder()
            .owner(Owner::builder().id(owner).build())
            .grants(
                Grant::builder()
                    .grantee(
                        Grantee::builder()
                            .r#type(Type::CanonicalUser)
                            .id(owner)
                            .build()
                            .unwrap(),
                    )
                    .permission(Permission::FullControl)
                    .build(),
            )
            .grants(
                Grant::builder()
                    .grantee(
                        Grantee::builder()
                            .r#type(Type::Group)
                            .uri("http://acs.amazonaws.com/groups/s3/LogDelivery")
                            .build()
                            .unwrap(),
                    )
                    .permission(Permission::Write)
                    .build(),
            )
            .build();
        let (value, owner_id) = value(&out);
        assert_eq!(owner_id.as_deref(), Some(owner));
        assert_eq!(
            value,
            Some(json!({"grant": ["FULL_CONTROL owner", "WRITE group:LogDelivery"]}))
        );
    }
}
