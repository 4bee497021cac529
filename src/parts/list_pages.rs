//! The paging every `List*Configurations` read shares (analytics, inventory, metrics and
//! Intelligent-Tiering configurations): S3 answers a page at a time (up to 100
//! configurations, 1,000 for Intelligent-Tiering) and, while `IsTruncated` is true, gives a
//! `NextContinuationToken` to ask for the next page with (S3 API reference,
//! ListBucketAnalyticsConfigurations and its siblings).
//!
//! Pure control flow: the part's `live.rs` sends each request through the closure it
//! passes, so this module does no I/O and names no AWS type.

use serde_json::Value;
use std::collections::BTreeMap;
use std::future::Future;

/// What the paging loop needs of one page of a `List*Configurations` answer.
#[derive(Debug, Default)]
pub struct Page {
    /// The page's configurations, each as its id and its canonical value.
    pub entries: Vec<(String, Value)>,
    /// `NextContinuationToken`: what to ask for the next page with.
    pub next_token: Option<String>,
    /// `IsTruncated`: whether there is a next page.
    pub is_truncated: Option<bool>,
}

/// Every configuration of every page, keyed by id: `send` asks for one page, given the
/// continuation token (none for the first). Pages are asked for until one is not truncated
/// or gives no (or an empty) token; the first error is returned as is. `None` when there is
/// no configuration at all: the part is absent.
pub async fn all_configurations<E, F, Fut>(mut send: F) -> Result<Option<Value>, E>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<Page, E>>,
{
    let mut all = BTreeMap::new();
    let mut token: Option<String> = None;
    loop {
        let page = send(token.take()).await?;
        all.extend(page.entries);
        match page.next_token.filter(|t| !t.is_empty()) {
            Some(t) if page.is_truncated == Some(true) => token = Some(t),
            _ => break,
        }
    }
    Ok(super::attr::keyed(all))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Pages as S3 would give them; `send` records the tokens it was given.
    fn pager(
        pages: Vec<Page>,
        asked: &mut Vec<Option<String>>,
    ) -> impl FnMut(Option<String>) -> std::future::Ready<Result<Page, String>> + '_ {
        let mut pages = pages.into_iter();
        move |token| {
            asked.push(token);
            std::future::ready(pages.next().ok_or_else(|| "asked too often".to_string()))
        }
    }

    fn page(ids: &[&str], next: Option<&str>, truncated: Option<bool>) -> Page {
        Page {
            entries: ids.iter().map(|id| (id.to_string(), json!(id))).collect(),
            next_token: next.map(str::to_string),
            is_truncated: truncated,
        }
    }

    fn run<T>(f: impl Future<Output = T>) -> T {
        let mut f = std::pin::pin!(f);
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        match f.as_mut().poll(&mut cx) {
            std::task::Poll::Ready(v) => v,
            std::task::Poll::Pending => panic!("the pages are ready at once"),
        }
    }

    #[test]
    fn follows_the_token_while_truncated() {
        let mut asked = Vec::new();
        let pages = vec![
            page(&["a", "b"], Some("t2"), Some(true)),
            page(&["c"], Some("t3"), Some(true)),
            page(&["d"], None, Some(false)),
        ];
        let got = run(all_configurations(pager(pages, &mut asked))).unwrap();
        assert_eq!(got, Some(json!({"a": "a", "b": "b", "c": "c", "d": "d"})));
        assert_eq!(asked, [None, Some("t2".into()), Some("t3".into())]);
    }

    #[test]
    fn stops_without_truncation_or_token() {
        for last in [
            page(&["a"], Some("t2"), Some(false)),
            page(&["a"], Some("t2"), None),
            page(&["a"], Some(""), Some(true)),
            page(&["a"], None, Some(true)),
        ] {
            let mut asked = Vec::new();
            let got = run(all_configurations(pager(vec![last], &mut asked))).unwrap();
            assert_eq!(got, Some(json!({"a": "a"})));
            assert_eq!(asked, [None]);
        }
    }

    #[test]
    fn no_configuration_is_an_absent_part_and_errors_pass_through() {
        let mut asked = Vec::new();
        let got = run(all_configurations(pager(vec![Page::default()], &mut asked)));
        assert_eq!(got, Ok(None));
        let mut asked = Vec::new();
        let pages = vec![page(&["a"], Some("t2"), Some(true))];
        let got = run(all_configurations(pager(pages, &mut asked)));
        assert_eq!(got, Err("asked too often".to_string()));
        assert_eq!(asked.len(), 2);
    }
}
