//! A loopback stand-in for github.com: release downloads and the REST endpoints the action
//! uses (issue comments, issues), with the shapes, statuses and `Link` pagination GitHub's
//! REST API documents. State lives in memory, so a test can look at what the tool did.

#![allow(dead_code)]

use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// The token the stand-in accepts.
pub const TOKEN: &str = "ghs_loopbackTestToken0123456789";

/// What the stand-in holds and saw.
#[derive(Default)]
pub struct State {
    /// Release assets by path, e.g. `/acme/s3drift/releases/download/v1/s3drift-…`.
    pub assets: BTreeMap<String, Vec<u8>>,
    /// Comments: (issue number, comment object).
    pub comments: Vec<(u64, Value)>,
    /// Issues and pull requests by number.
    pub issues: BTreeMap<u64, Value>,
    /// Items per page at most, whatever `per_page` asks (to exercise pagination).
    pub page_size: usize,
    /// Every request: method and URL (path and query).
    pub requests: Vec<(String, String)>,
    next_id: u64,
}

impl State {
    /// The comments on issue or pull request `number`.
    pub fn comments_on(&self, number: u64) -> Vec<&Value> {
        self.comments
            .iter()
            .filter(|(n, _)| *n == number)
            .map(|(_, c)| c)
            .collect()
    }

    /// Adds an issue (or, with `pr`, a pull request) and returns its number.
    pub fn add_issue(
        &mut self,
        title: &str,
        body: &str,
        state: &str,
        labels: &[&str],
        pr: bool,
    ) -> u64 {
        let number = self.issues.len() as u64 + 1;
        let mut issue = json!({
            "id": 1000 + number,
            "number": number,
            "title": title,
            "body": body,
            "state": state,
            "state_reason": null,
            "labels": labels.iter().map(|l| json!({"name": l})).collect::<Vec<_>>(),
            "html_url": format!("https://github.example/acme/infra/issues/{number}"),
            "user": {"login": "octocat", "type": "User"},
        });
        if pr {
            issue["pull_request"] = json!({"url": "https://api.github.example/pulls/1"});
        }
        self.issues.insert(number, issue);
        number
    }

    fn next_id(&mut self) -> u64 {
        self.next_id += 1;
        9000 + self.next_id
    }
}

/// The running stand-in.
pub struct FakeGithub {
    pub url: String,
    pub state: Arc<Mutex<State>>,
    server: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
}

impl FakeGithub {
    /// Starts on an ephemeral loopback port.
    pub fn start() -> FakeGithub {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind loopback"));
        let url = format!("http://{}", server.server_addr());
        let state = Arc::new(Mutex::new(State {
            page_size: 100,
            ..State::default()
        }));
        let (s, st) = (server.clone(), state.clone());
        let base = url.clone();
        let thread = std::thread::spawn(move || {
            while let Ok(mut request) = s.recv() {
                let mut body = String::new();
                let _ = request.as_reader().read_to_string(&mut body);
                let (status, headers, payload) = {
                    let mut state = st.lock().unwrap();
                    handle(&mut state, &base, &request, &body)
                };
                let mut response = tiny_http::Response::from_data(payload).with_status_code(status);
                for (k, v) in headers {
                    response = response.with_header(
                        tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()).unwrap(),
                    );
                }
                let _ = request.respond(response);
            }
        });
        FakeGithub {
            url,
            state,
            server,
            thread: Some(thread),
        }
    }

    pub fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap()
    }
}

impl Drop for FakeGithub {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

type Reply = (u16, Vec<(String, String)>, Vec<u8>);

fn json_reply(status: u16, v: &Value) -> Reply {
    (
        status,
        vec![(
            "Content-Type".into(),
            "application/json; charset=utf-8".into(),
        )],
        v.to_string().into_bytes(),
    )
}

fn error(status: u16, message: &str) -> Reply {
    json_reply(
        status,
        &json!({"message": message, "documentation_url": "https://docs.github.com/rest"}),
    )
}

fn header<'a>(request: &'a tiny_http::Request, name: &str) -> Option<&'a str> {
    request
        .headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

fn query(url: &str) -> BTreeMap<String, String> {
    url.split_once('?')
        .map(|(_, q)| q)
        .unwrap_or("")
        .split('&')
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (k.to_string(), v.replace("%20", " ")))
        .collect()
}

/// One page of `items`, with GitHub's `Link` header when there are more.
fn page(state: &State, base: &str, url: &str, items: Vec<Value>) -> Reply {
    let q = query(url);
    let per_page: usize = q
        .get("per_page")
        .and_then(|v| v.parse().ok())
        .unwrap_or(30)
        .min(state.page_size);
    let page: usize = q.get("page").and_then(|v| v.parse().ok()).unwrap_or(1);
    let start = (page - 1) * per_page;
    let slice: Vec<Value> = items.iter().skip(start).take(per_page).cloned().collect();
    let mut reply = json_reply(200, &Value::Array(slice));
    if start + per_page < items.len() {
        let path = url.split('?').next().unwrap();
        let mut params: Vec<String> = q
            .iter()
            .filter(|(k, _)| k.as_str() != "page")
            .map(|(k, v)| format!("{k}={}", v.replace(' ', "%20")))
            .collect();
        params.push(format!("page={}", page + 1));
        let last = items.len().div_ceil(per_page);
        reply.1.push((
            "Link".into(),
            format!(
                "<{base}{path}?{}>; rel=\"next\", <{base}{path}?page={last}>; rel=\"last\"",
                params.join("&")
            ),
        ));
    }
    reply
}

fn handle(state: &mut State, base: &str, request: &tiny_http::Request, body: &str) -> Reply {
    let method = request.method().as_str().to_string();
    let url = request.url().to_string();
    state.requests.push((method.clone(), url.clone()));
    let path = url.split('?').next().unwrap().to_string();
    if method == "GET" && path.contains("/releases/download/") {
        return match state.assets.get(&path) {
            Some(bytes) => (200, vec![], bytes.clone()),
            None => (404, vec![], b"Not Found".to_vec()),
        };
    }
    let Some(rest) = path.strip_prefix("/repos/acme/infra/") else {
        return error(404, "Not Found");
    };
    if header(request, "authorization") != Some(&format!("Bearer {TOKEN}")) {
        return error(401, "Bad credentials");
    }
    if header(request, "user-agent").is_none_or(str::is_empty) {
        return error(403, "Request forbidden by administrative rules. Please make sure your request has a User-Agent header");
    }
    let parts: Vec<&str> = rest.split('/').collect();
    let payload: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    match (method.as_str(), parts.as_slice()) {
        ("GET", ["issues", n, "comments"]) => {
            let n: u64 = n.parse().unwrap();
            let items = state.comments_on(n).into_iter().cloned().collect();
            page(state, base, &url, items)
        }
        ("POST", ["issues", n, "comments"]) => {
            let n: u64 = n.parse().unwrap();
            if !state.issues.contains_key(&n) {
                return error(404, "Not Found");
            }
            let Some(text) = payload.get("body").and_then(Value::as_str) else {
                return error(422, "Validation Failed");
            };
            let id = state.next_id();
            let comment = json!({
                "id": id,
                "node_id": format!("IC_{id}"),
                "body": text,
                "user": {"login": "github-actions[bot]", "type": "Bot"},
                "html_url": format!("https://github.example/acme/infra/issues/{n}#issuecomment-{id}"),
                "created_at": "2026-11-20T09:00:00Z",
                "updated_at": "2026-11-20T09:00:00Z",
            });
            state.comments.push((n, comment.clone()));
            json_reply(201, &comment)
        }
        ("PATCH", ["issues", "comments", id]) => {
            let id: u64 = id.parse().unwrap();
            let Some((_, c)) = state.comments.iter_mut().find(|(_, c)| c["id"] == id) else {
                return error(404, "Not Found");
            };
            c["body"] = payload["body"].clone();
            c["updated_at"] = json!("2026-11-21T09:00:00Z");
            json_reply(200, &c.clone())
        }
        ("DELETE", ["issues", "comments", id]) => {
            let id: u64 = id.parse().unwrap();
            let before = state.comments.len();
            state.comments.retain(|(_, c)| c["id"] != id);
            if state.comments.len() == before {
                return error(404, "Not Found");
            }
            (204, vec![], vec![])
        }
        ("GET", ["issues"]) => {
            let q = query(&url);
            let want_state = q.get("state").cloned().unwrap_or_else(|| "open".into());
            let label = q.get("labels").cloned();
            // GitHub lists newest first by default.
            let items: Vec<Value> = state
                .issues
                .values()
                .rev()
                .filter(|i| want_state == "all" || i["state"] == want_state.as_str())
                .filter(|i| {
                    label.as_ref().is_none_or(|l| {
                        i["labels"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .any(|x| x["name"] == l.as_str())
                    })
                })
                .cloned()
                .collect();
            page(state, base, &url, items)
        }
        ("POST", ["issues"]) => {
            let (Some(title), Some(text)) = (
                payload.get("title").and_then(Value::as_str),
                payload.get("body").and_then(Value::as_str),
            ) else {
                return error(422, "Validation Failed");
            };
            let labels: Vec<String> = payload["labels"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|l| l.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
            let n = state.add_issue(title, text, "open", &labels, false);
            json_reply(201, &state.issues[&n].clone())
        }
        ("PATCH", ["issues", n]) => {
            let n: u64 = n.parse().unwrap();
            let Some(issue) = state.issues.get_mut(&n) else {
                return error(404, "Not Found");
            };
            for key in ["title", "body", "state", "state_reason"] {
                if let Some(v) = payload.get(key) {
                    issue[key] = v.clone();
                }
            }
            json_reply(200, &issue.clone())
        }
        _ => error(404, "Not Found"),
    }
}
