import Foundation
import VigieLexicons

/// Finds the lexicon folder (the one holding `fr/` and `en/`) in a fixed order, so an installed
/// binary never depends on the build tree and never aborts in `Bundle.module`:
///
/// 1. the folder given explicitly (`vigie score --lexicons DIR`);
/// 2. the `VIGIE_LEXICONS` environment variable;
/// 3. next to the executable: the `vigie_VigieLexicons.resources` bundle SwiftPM builds there,
///    or a `lexicons/` folder;
/// 4. `../share/vigie/lexicons` relative to the executable (an installed layout);
/// 5. the `Lexicons/` folder of the source tree the binary was built from.
public enum LexiconLocator {
    /// The environment variable consulted second.
    public static let environmentVariable = "VIGIE_LEXICONS"

    /// The places looked at, in order, for the given inputs.
    public static func candidates(explicit: String?, environment: [String: String], executable: URL?) -> [URL] {
        var result: [URL] = []
        if let explicit { return [URL(fileURLWithPath: explicit)] }
        if let value = environment[environmentVariable], !value.isEmpty { return [URL(fileURLWithPath: value)] }
        if let executable {
            let folder = executable.deletingLastPathComponent()
            result.append(folder.appendingPathComponent(VigieLexicons.bundleName))
            result.append(folder.appendingPathComponent("lexicons"))
            result.append(folder.deletingLastPathComponent().appendingPathComponent("share/vigie/lexicons"))
        }
        if let source = VigieLexicons.sourceDirectory { result.append(source) }
        return result
    }

    /// Whether `directory` looks like a lexicon folder (`fr/` and `en/` with their main list).
    public static func isLexiconDirectory(_ directory: URL) -> Bool {
        ["fr", "en"].allSatisfy {
            FileManager.default.fileExists(
                atPath: directory.appendingPathComponent($0).appendingPathComponent("source-valence.tsv").path)
        }
    }

    /// The first lexicon folder found.
    ///
    /// An explicit folder or `VIGIE_LEXICONS` that does not hold lexicons is an error rather than
    /// a reason to fall back silently.
    /// - Throws: `ScoreError.lexiconsNotFound`, listing where it looked and how to fix it.
    public static func locate(
        explicit: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
        executable: URL? = Bundle.main.executableURL?.resolvingSymlinksInPath()
    ) throws(ScoreError) -> URL {
        let places = candidates(explicit: explicit, environment: environment, executable: executable)
        if let found = places.first(where: isLexiconDirectory) { return found }
        throw ScoreError(
            code: .lexiconsNotFound, path: places.first?.path ?? ".",
            reason: "no lexicon folder (with fr/ and en/) found; looked in: "
                + places.map(\.path).joined(separator: ", ")
                + ". Pass --lexicons DIR or set \(environmentVariable) to a copy of the Lexicons/ folder.")
    }
}
