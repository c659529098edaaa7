//! The `galley` command: a thin layer over the library. Argument parsing and dispatch live in
//! `cli/`, one file per subcommand.

mod cli;

fn main() {
    std::process::exit(cli::run());
}
