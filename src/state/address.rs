//! Resource addresses and provider references, written exactly as Terraform writes them.
//!
//! Terraform prints instance keys with HCL string quoting (`["a\"b"]`, and `$${` / `%%{`
//! for template sequences), so addresses from this module can be pasted into
//! `terraform state show` and match what `terraform plan` prints.

use super::ProviderRef;
use serde_json::Value;

/// The instance address of a resource: `<module>.<type>.<name><key>`, with no module
/// prefix in the root module. `module` is the state's `module` string
/// (`module.a.module.b`, `module.a["k"]`), already in Terraform's syntax.
pub fn instance_address(
    module: &str,
    rtype: &str,
    name: &str,
    key: Option<&Value>,
) -> Option<String> {
    let mut out = String::new();
    if !module.is_empty() {
        out.push_str(module);
        out.push('.');
    }
    out.push_str(rtype);
    out.push('.');
    out.push_str(name);
    match key {
        None | Some(Value::Null) => {}
        Some(Value::Number(n)) => {
            // count indexes are whole numbers; JSON may write them as `0.0`.
            let i = n.as_u64().or_else(|| {
                n.as_f64()
                    .filter(|f| f.fract() == 0.0 && *f >= 0.0)
                    .map(|f| f as u64)
            })?;
            out.push_str(&format!("[{i}]"));
        }
        Some(Value::String(s)) => {
            out.push('[');
            out.push_str(&quote_key(s));
            out.push(']');
        }
        Some(_) => return None,
    }
    Some(out)
}

/// A string in HCL's quoted-string syntax, as Terraform prints `for_each` keys.
pub fn quote_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                // `${` and `%{` would start a template sequence in HCL.
                out.push(c);
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The configuration address of an instance address: every instance key removed, module
/// keys included (`module.a["x"].aws_s3_bucket.b[0]` → `module.a.aws_s3_bucket.b`).
/// Keys of [`PlanInfo::bucket_refs`](super::PlanInfo) and
/// [`PlanInfo::inline_blocks`](super::PlanInfo) are in this form.
pub fn config_address(address: &str) -> String {
    outside_quotes(address)
        .filter(|&(_, c, depth)| depth == 0 && c != '[' && c != ']')
        .map(|(_, c, _)| c)
        .collect()
}

/// The trailing instance key of an address (`[0]`, `["a"]`), or `""`.
pub fn index_suffix(address: &str) -> &str {
    let mut last_open = None;
    for (i, c, depth) in outside_quotes(address) {
        match (c, depth) {
            ('[', 0) => last_open = Some(i),
            ('.', 0) => last_open = None,
            _ => {}
        }
    }
    match last_open {
        Some(i) if address.ends_with(']') => &address[i..],
        _ => "",
    }
}

/// The module instance path of an address (`module.m["a"].` of
/// `module.m["a"].aws_s3_bucket.b[0]`), or `""` in the root module.
pub fn module_prefix(address: &str) -> &str {
    let base = &address[..address.len() - index_suffix(address).len()];
    let dots: Vec<usize> = outside_quotes(base)
        .filter(|&(_, c, depth)| c == '.' && depth == 0)
        .map(|(i, _, _)| i)
        .collect();
    match dots.len() {
        n if n >= 2 => &base[..=dots[n - 2]],
        _ => "",
    }
}

/// Each character of an address that is not inside a quoted instance key, with its byte
/// index and the bracket depth it stands at (a bracket at the depth outside it). Every
/// address function walks addresses this way, so a `for_each` key holding `.`, `[`, `]` or
/// an escaped quote never splits an address.
fn outside_quotes(address: &str) -> impl Iterator<Item = (usize, char, usize)> + '_ {
    let mut depth = 0usize;
    let mut in_str = false;
    let mut escaped = false;
    address.char_indices().filter_map(move |(i, c)| {
        if in_str {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_str = false;
            }
            return None;
        }
        match c {
            '[' => {
                depth += 1;
                Some((i, c, depth - 1))
            }
            ']' => {
                depth = depth.saturating_sub(1);
                Some((i, c, depth))
            }
            '"' if depth > 0 => {
                in_str = true;
                None
            }
            _ => Some((i, c, depth)),
        }
    })
}

/// Parses a state `provider` string: `provider["registry.terraform.io/hashicorp/aws"]`,
/// `provider["…"].west`, the legacy `provider.aws` / `provider.aws.west` of Terraform
/// 0.12, and either with a `module.x.` prefix (older states recorded the module path there).
pub fn parse_provider(s: &str) -> Option<ProviderRef> {
    let mut rest = s;
    // Strip `module.<name>[<key>]?.` prefixes.
    while let Some(after) = rest.strip_prefix("module.") {
        let name_end = after.find(['.', '['])?;
        let mut tail = &after[name_end..];
        if tail.starts_with('[') {
            let close = closing_bracket(tail)?;
            tail = &tail[close + 1..];
        }
        rest = tail.strip_prefix('.')?;
    }
    if rest.starts_with("provider[") {
        let close = closing_bracket(&rest["provider".len()..])? + "provider".len();
        let quoted = &rest["provider[".len()..close];
        let source: String = serde_json::from_str(quoted).ok()?;
        let name = source.rsplit('/').next()?.to_string();
        let tail = &rest[close + 1..];
        let alias = match tail.strip_prefix('.') {
            Some(a) if is_ident(a) => Some(a.to_string()),
            Some(_) => return None,
            None if tail.is_empty() => None,
            None => return None,
        };
        return valid(name, alias);
    }
    let legacy = rest.strip_prefix("provider.")?;
    let mut parts = legacy.split('.');
    let name = parts.next()?.to_string();
    let alias = parts.next().map(str::to_string);
    if parts.next().is_some() || alias.as_deref().is_some_and(|a| !is_ident(a)) {
        return None;
    }
    valid(name, alias)
}

fn valid(name: String, alias: Option<String>) -> Option<ProviderRef> {
    is_ident(&name).then_some(ProviderRef { name, alias })
}

fn is_ident(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// The byte index of the `]` closing the `[` at the start of `s`, skipping quoted strings.
fn closing_bracket(s: &str) -> Option<usize> {
    outside_quotes(s)
        .find(|&(_, c, depth)| c == ']' && depth == 0)
        .map(|(i, _, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn p(name: &str, alias: Option<&str>) -> Option<ProviderRef> {
        Some(ProviderRef {
            name: name.into(),
            alias: alias.map(str::to_string),
        })
    }

    #[test]
    fn addresses_like_terraform() {
        assert_eq!(
            instance_address("", "aws_s3_bucket", "b", None).unwrap(),
            "aws_s3_bucket.b"
        );
        assert_eq!(
            instance_address("module.a.module.b", "aws_s3_bucket", "x", Some(&json!(0))).unwrap(),
            "module.a.module.b.aws_s3_bucket.x[0]"
        );
        assert_eq!(
            instance_address(
                "module.a[\"k\"]",
                "aws_s3_bucket",
                "x",
                Some(&json!("say \"hi\"\\ ${x} %{y} $z\n"))
            )
            .unwrap(),
            r#"module.a["k"].aws_s3_bucket.x["say \"hi\"\\ $${x} %%{y} $z\n"]"#
        );
        assert!(instance_address("", "t", "n", Some(&json!(true))).is_none());
        assert!(instance_address("", "t", "n", Some(&json!(-1))).is_none());
    }

    #[test]
    fn config_address_drops_every_key() {
        assert_eq!(
            config_address(r#"module.a["x.y[0]"].module.b[2].aws_s3_bucket.c["]\"["]"#),
            "module.a.module.b.aws_s3_bucket.c"
        );
        assert_eq!(config_address("aws_s3_bucket.c"), "aws_s3_bucket.c");
    }

    #[test]
    fn provider_forms() {
        let aws = r#"provider["registry.terraform.io/hashicorp/aws"]"#;
        assert_eq!(parse_provider(aws), p("aws", None));
        assert_eq!(
            parse_provider(&format!("{aws}.west")),
            p("aws", Some("west"))
        );
        assert_eq!(
            parse_provider(&format!("module.m.module.n[\"k\"].{aws}.eu")),
            p("aws", Some("eu"))
        );
        assert_eq!(parse_provider("provider.aws"), p("aws", None));
        assert_eq!(parse_provider("provider.aws.west"), p("aws", Some("west")));
        assert_eq!(parse_provider("module.x.provider.aws"), p("aws", None));
        assert_eq!(
            parse_provider("module.provider.provider.aws.a"),
            p("aws", Some("a"))
        );
        for bad in [
            "",
            "aws",
            "provider[",
            "provider[\"x\"",
            "provider.",
            "provider.a.b.c",
            "provider[\"a\"]x",
        ] {
            assert_eq!(parse_provider(bad), None, "{bad}");
        }
    }

    #[test]
    fn index_suffix_is_the_last_instance_key() {
        assert_eq!(index_suffix("aws_s3_bucket_logging.l[0]"), "[0]");
        assert_eq!(
            index_suffix(r#"module.m["a"].aws_s3_bucket.b["x.y[1]"]"#),
            r#"["x.y[1]"]"#
        );
        assert_eq!(index_suffix(r#"module.m["a"].aws_s3_bucket.b"#), "");
        assert_eq!(index_suffix("aws_s3_bucket.b"), "");
    }

    #[test]
    fn module_prefix_is_the_module_instance_path() {
        assert_eq!(
            module_prefix(r#"module.m["a.b"].aws_s3_bucket.b[0]"#),
            r#"module.m["a.b"]."#
        );
        assert_eq!(
            module_prefix("module.x.module.y.aws_s3_bucket_logging.l"),
            "module.x.module.y."
        );
        assert_eq!(module_prefix("aws_s3_bucket.b"), "");
    }
}
