//! Reading live bucket configuration: from AWS through aws-sdk-s3, or from a recorded
//! snapshot file.
