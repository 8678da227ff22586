import Foundation

/// What `vigie --version` prints: the version, then the build.
///
/// `scripts/install.sh` records the build (commit, date, configuration, how the Swift runtime is linked) in
/// `share/vigie/build` beside the installed binary; a binary run from the build tree says it is a
/// development build, debug or release.
enum BuildInfo {
    /// Vigie's version.
    static let version = "0.1.0"

    /// `0.1.0 (build 56d2661 2026-12-06, release, static Swift runtime, Swift 6.3)`.
    static var versionLine: String { "\(version) (build \(build))" }

    /// The installed build's description, or what the compiler knows.
    static var build: String {
        let executable = Bundle.main.executableURL?.resolvingSymlinksInPath()
        if let folder = executable?.deletingLastPathComponent() {
            let stamp = folder.deletingLastPathComponent().appendingPathComponent("share/vigie/build")
            if let text = try? String(contentsOf: stamp, encoding: .utf8) {
                let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
                if !line.isEmpty { return line }
            }
        }
        return "development, \(configuration), \(compiler)"
    }

    private static var configuration: String {
        #if DEBUG
            "debug"
        #else
            "release"
        #endif
    }

    private static var compiler: String {
        #if compiler(>=6.4)
            "Swift 6.4 or later"
        #elseif compiler(>=6.3)
            "Swift 6.3"
        #else
            "Swift 6"
        #endif
    }
}
