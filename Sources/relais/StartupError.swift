/// Why a process refused to start (bad configuration, invalid topics.yaml). ArgumentParser prints
/// it as `Error: <description>` and exits non-zero, without the usage text a CLI mistake gets.
struct StartupError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
