//! The `galley` command: a thin layer over the library. Argument parsing and dispatch live in
//! `cli/`, one file per subcommand.

mod cli;

/// Cleaning makes and drops a few small strings per edit, tens of thousands per megabyte of a
/// raw dump; mimalloc's thread-local free lists take about a sixth off the CPU time of a batch
/// that the system allocator spent in `malloc` and `free`. The binary chooses it; the library
/// leaves the choice to its users.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(cli::run());
}
