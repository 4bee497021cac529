//! Event sources for attribution: CloudTrail (LookupEvents, a trail's log bucket, local
//! files) and S3 server access logs.
