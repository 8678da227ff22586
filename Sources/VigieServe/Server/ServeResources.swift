import Foundation

/// Finds the folder of `vigie serve`'s resources (templates, OpenAPI document, stylesheet, script) in a
/// fixed order, so that an installed binary never aborts in `Bundle.module` (as ``LexiconLocator`` does for
/// lexicons):
///
/// 1. the `VIGIE_SERVE_RESOURCES` environment variable;
/// 2. next to the executable, the `vigie_VigieServe.resources` bundle SwiftPM builds there;
/// 3. `../share/vigie/serve` relative to the executable (an installed layout);
/// 4. the `Sources/VigieServe` folder of the source tree the binary was built from.
public enum ServeResources {
    /// The environment variable consulted first.
    public static let environmentVariable = "VIGIE_SERVE_RESOURCES"
    /// The name SwiftPM gives this target's resource bundle.
    public static let bundleName = "vigie_VigieServe.resources"

    /// The places looked at, in order.
    public static func candidates(environment: [String: String], executable: URL?) -> [URL] {
        if let value = environment[environmentVariable], !value.isEmpty { return [URL(fileURLWithPath: value)] }
        var result: [URL] = []
        if let executable {
            let folder = executable.deletingLastPathComponent()
            result.append(folder.appendingPathComponent(bundleName))
            result.append(folder.deletingLastPathComponent().appendingPathComponent("share/vigie/serve"))
        }
        result.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent())
        return result
    }

    /// The first folder holding `Templates/` and `Resources/`.
    /// - Throws: ``ServeError`` listing where it looked.
    public static func locate(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executable: URL? = Bundle.main.executableURL?.resolvingSymlinksInPath()
    ) throws -> URL {
        let places = candidates(environment: environment, executable: executable)
        if let found = places.first(where: {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("Templates/layout.mustache").path)
        }) {
            return found
        }
        throw ServeError(
            "no dashboard templates found; looked in: " + places.map(\.path).joined(separator: ", ")
                + ". Set \(environmentVariable) to a copy of Sources/VigieServe (with Templates/ and Resources/).")
    }
}

/// A problem starting `vigie serve`, in words.
public struct ServeError: Error, CustomStringConvertible, Sendable {
    /// What is wrong and what to do.
    public var description: String

    /// An error that says `description`.
    public init(_ description: String) { self.description = description }
}
