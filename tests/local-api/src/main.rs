//! `local-client-api`: a local stand-in for the Worldline Connect Client API, used by
//! the SDK's browser tests and demo page. See `tests/local-api/README.md`.

mod api;
mod control;
mod cors;
mod faults;
mod fixtures;
mod server;
mod state;
mod util;

#[cfg(test)]
mod tests;

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use server::StaticMount;

const USAGE: &str =
    "usage: local-client-api [--port N] [--page-port N [--static [/prefix=]DIR]...] \
[--isolated] [--ttl SECS] [--exit-on-stdin-eof] [--log]";

#[derive(Debug)]
struct Options {
    port: u16,
    /// The page origin's port, if there is one (`0`: a free port).
    page_port: Option<u16>,
    statics: Vec<StaticMount>,
    /// Static files carry COOP and COEP (a cross-origin isolated page).
    isolated: bool,
    ttl: u64,
    exit_on_stdin_eof: bool,
    log: bool,
}

fn parse_static(v: &str) -> Result<StaticMount, String> {
    let (prefix, dir) = match v.split_once('=') {
        Some((p, d)) if p.starts_with('/') => (p.trim_end_matches('/').to_string(), d),
        _ => (String::new(), v),
    };
    let prefix = if prefix.is_empty() {
        "/".to_string()
    } else {
        prefix
    };
    if server::RESERVED
        .iter()
        .any(|r| prefix == *r || prefix.starts_with(&format!("{r}/")))
    {
        return Err(format!("--static prefix {prefix} is reserved"));
    }
    if prefix.contains(['{', '}', '*']) {
        return Err(format!("--static prefix {prefix} may not contain {{ }} *"));
    }
    let dir = PathBuf::from(dir);
    if !dir.is_dir() {
        return Err(format!(
            "--static directory {} does not exist",
            dir.display()
        ));
    }
    Ok(StaticMount { prefix, dir })
}

fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Options, String> {
    let mut o = Options {
        port: 0,
        page_port: None,
        statics: Vec::new(),
        isolated: false,
        ttl: 1800,
        exit_on_stdin_eof: false,
        log: false,
    };
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        // Accept both `--flag value` and `--flag=value`.
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if matches!(f, "--port" | "--page-port" | "--static" | "--ttl") => {
                (f.to_string(), Some(v.to_string()))
            }
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| it.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match flag.as_str() {
            "--port" => {
                o.port = value("--port")?
                    .parse()
                    .map_err(|_| "--port must be 0..65535".to_string())?
            }
            "--page-port" => {
                o.page_port = Some(
                    value("--page-port")?
                        .parse()
                        .map_err(|_| "--page-port must be 0..65535".to_string())?,
                )
            }
            "--ttl" => {
                o.ttl = value("--ttl")?
                    .parse()
                    .map_err(|_| "--ttl must be a number of seconds".to_string())?
            }
            "--static" => o.statics.push(parse_static(&value("--static")?)?),
            "--isolated" => o.isolated = true,
            "--exit-on-stdin-eof" => o.exit_on_stdin_eof = true,
            "--log" => o.log = true,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    // Pages live on their own origin, as a checkout does; the API origin serves no files.
    if !o.statics.is_empty() && o.page_port.is_none() {
        return Err("--static needs --page-port (pages are served on their own origin)".into());
    }
    Ok(o)
}

fn main() -> ExitCode {
    let opts = match parse_args(std::env::args().skip(1)) {
        Ok(o) => o,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("local-client-api: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("local-client-api: cannot start runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    rt.block_on(run(opts))
}

async fn bind(port: u16) -> Result<(tokio::net::TcpListener, u16), String> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    Ok((listener, port))
}

async fn run(opts: Options) -> ExitCode {
    let bound = async {
        let api = bind(opts.port).await?;
        let page = match opts.page_port {
            Some(p) => Some(bind(p).await?),
            None => None,
        };
        Ok::<_, String>((api, page))
    };
    let ((listener, port), page) = match bound.await {
        Ok(b) => b,
        Err(e) => {
            eprintln!("local-client-api: {e}");
            return ExitCode::FAILURE;
        }
    };
    cors::LOG.store(opts.log, std::sync::atomic::Ordering::Relaxed);
    let state = state::AppState::new(port);
    let app = server::api_app(state.clone());

    {
        let mut out = std::io::stdout().lock();
        // Scripts read these lines; nothing else is ever written to stdout.
        let mut lines = format!("LISTENING http://127.0.0.1:{port}\n");
        if let Some((_, page_port)) = &page {
            lines.push_str(&format!("PAGE http://127.0.0.1:{page_port}\n"));
        }
        if out
            .write_all(lines.as_bytes())
            .and_then(|_| out.flush())
            .is_err()
        {
            return ExitCode::FAILURE;
        }
    }
    if let Some((page_listener, _)) = page {
        let pages = server::page_app(state, &opts.statics, opts.isolated);
        tokio::spawn(server::serve(page_listener, pages));
    }

    let ttl = opts.ttl;
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_secs(ttl)).await;
        std::process::exit(0);
    });
    if opts.exit_on_stdin_eof {
        std::thread::spawn(|| {
            let mut buf = [0u8; 4096];
            let mut stdin = std::io::stdin().lock();
            loop {
                match stdin.read(&mut buf) {
                    Ok(0) => break,
                    Ok(_) => continue,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(_) => break,
                }
            }
            std::process::exit(0);
        });
    }
    server::serve(listener, app).await;
    ExitCode::SUCCESS
}
