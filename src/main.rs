//! The `s3drift` binary: arguments, terminal and exit code. Everything else is in the library.

mod cli;

use clap::Parser;
use cli::{Cli, Command};
use s3drift::app::{self, Outcome};
use std::process::ExitCode;

// A large state is read into many small allocations (its S3 attributes as JSON maps, then
// the trees built from them), and glibc's allocator spent about 40% of a 100 MB state's
// reading in `malloc`, `free` and consolidation (BENCHMARKS.md). mimalloc's thread-local
// free lists make those calls cheap. Only the binary chooses it; the library stays
// allocator-agnostic for anyone embedding it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit code: no drift at or above `--fail-on`.
const EXIT_CLEAN: u8 = 0;
/// Exit code: an error (bad input, unreadable source, AWS configuration).
const EXIT_ERROR: u8 = 1;
/// Exit code: drift at or above `--fail-on`.
const EXIT_DRIFT: u8 = 2;

fn main() -> ExitCode {
    no_transparent_huge_pages();
    purge_freed_memory_promptly();
    // The default hook, with the wrapping options that keep paths in one piece. Setting it
    // can only fail if a hook is already set, and then that one is used.
    let _ = miette::set_hook(Box::new(|_| {
        Box::new(s3drift::diag::handler_options().build())
    }));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // clap exits 2 on usage errors, which this tool reserves for drift.
            let code = if err.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_CLEAN
            };
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(Outcome::Clean) => ExitCode::from(EXIT_CLEAN),
        Ok(Outcome::Drift) => ExitCode::from(EXIT_DRIFT),
        Err(report) => {
            eprintln!("{report:?}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// Keeps the kernel from backing this process's heap with transparent huge pages.
///
/// mimalloc asks for them (`madvise(MADV_HUGEPAGE)` on its arenas, honoured where THP is
/// `madvise` or `always`, as on Ubuntu and GitHub's runners). A fault on such a region then
/// zeroes 2 MiB at once, also the parts of it this run never uses: in a profile of reading a
/// 100 MB state, 31% of the samples were that zeroing. Measured in alternating runs
/// (BENCHMARKS.md), without them the CloudTrail scan's peak memory dropped by a quarter and
/// the large runs measured used less CPU. A kernel without the flag (before Linux 3.15) refuses
/// it, and the run goes on with huge pages.
#[cfg(target_os = "linux")]
fn no_transparent_huge_pages() {
    // SAFETY: PR_SET_THP_DISABLE takes integers only and touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(not(target_os = "linux"))]
fn no_transparent_huge_pages() {}

/// `mi_option_purge_delay` in mimalloc v3's `mimalloc.h`, which libmimalloc-sys gives no
/// name. The test below checks the index against v3's default.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Has mimalloc return freed pages to the kernel 1 ms after they are freed, not 1 s.
///
/// A run goes in phases that each free what the one before held: a state's entries, the
/// trees built from them, a snapshot's text, a trail's files. With v3's default delay the
/// freed pages stay resident while the next phase allocates new ones, so the peak was the
/// sum of the phases. Measured in alternating runs (BENCHMARKS.md): `check` on the large
/// state, snapshot and trail 200 -> 149 MiB, `tree` 145 -> 131 MiB, for about 5% more
/// time; a delay of 0 cost a quarter more time for a few MiB less.
fn purge_freed_memory_promptly() {
    // SAFETY: sets one integer option, before any other thread exists.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 1) }
}

/// Leaves a command's large values to the process's exit, which comes next and returns
/// their memory at once: freeing a large state's trees, live side and report one allocation
/// at a time would only delay it, by about a fifth of a large state's run.
fn free_at_exit(leftovers: app::Leftovers) {
    std::mem::forget(leftovers);
}

fn run(cli: Cli) -> miette::Result<Outcome> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| miette::miette!("cannot start the async runtime: {e}"))?;
    let mut stdout = std::io::stdout().lock();
    let outcome = match cli.command {
        Command::Check(args) => {
            let settings = args.into_settings()?;
            let (outcome, leftovers) = runtime.block_on(app::check::run(
                &settings,
                &mut stdout,
                &mut std::io::stderr(),
            ))?;
            free_at_exit(leftovers);
            outcome
        }
        Command::Snapshot(args) => {
            let settings = args.into_settings()?;
            runtime.block_on(app::snapshot::run(&settings, &mut stdout))?
        }
        Command::Tree(args) => {
            let settings = args.into_settings()?;
            let (outcome, leftovers) = runtime.block_on(app::tree::run(&settings, &mut stdout))?;
            free_at_exit(leftovers);
            outcome
        }
        Command::Events(args) => {
            let settings = args.into_settings()?;
            runtime.block_on(app::events::run(
                &settings,
                &mut stdout,
                &mut std::io::stderr(),
            ))?
        }
        Command::Doctor(args) => {
            let settings = args.into_settings()?;
            runtime.block_on(app::doctor::run(&settings, &mut stdout))?
        }
        Command::IamPolicy(args) => app::iam_policy(&mut stdout, args.doctor)?,
        Command::Paths => app::paths(&mut stdout)?,
        Command::Github(args) => {
            let settings = args.into_settings()?;
            app::github::run(&settings, &mut stdout)?
        }
        Command::Merge(args) => {
            let settings = args.into_settings()?;
            app::merge::run(&settings, &mut stdout)?
        }
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "s3drift", &mut stdout);
            Outcome::Clean
        }
        Command::Man { command: name } => {
            let root = <Cli as clap::CommandFactory>::command();
            let command = match &name {
                None => root,
                Some(name) => {
                    let Some(sub) = root.find_subcommand(name) else {
                        return Err(miette::miette!(
                            help = "run `s3drift --help` for the list of commands",
                            "no command named {name:?}"
                        ));
                    };
                    // The page's title names the command as a man reader looks it up.
                    sub.clone()
                        .name(format!("s3drift-{name}"))
                        .version(env!("CARGO_PKG_VERSION"))
                }
            };
            clap_mangen::Man::new(command)
                .render(&mut stdout)
                .map_err(|e| miette::miette!("cannot write the manual page: {e}"))?;
            Outcome::Clean
        }
    };
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The option index is v3's purge delay: its default, 1000 ms, is the only one of that
    /// value (unless the environment sets the option for this test run).
    #[test]
    fn the_purge_delay_option_is_the_one_set() {
        // (`MIMALLOC_RESET_DELAY` is the option's older name.)
        if ["MIMALLOC_PURGE_DELAY", "MIMALLOC_RESET_DELAY"]
            .iter()
            .any(|name| std::env::var_os(name).is_some())
        {
            return;
        }
        // SAFETY: reads and sets one integer option.
        unsafe {
            assert_eq!(libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY), 1000);
            purge_freed_memory_promptly();
            assert_eq!(libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY), 1);
        }
    }
}
