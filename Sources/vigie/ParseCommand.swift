import ArgumentParser

struct ParseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "parse", abstract: "Parse feeds and pages.")
    @Argument var inputs: [String] = []
    func run() async throws {}
}
