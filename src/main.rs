fn main() -> std::process::ExitCode {
    shelflink::cli::main()
}
