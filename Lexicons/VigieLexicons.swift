import Foundation

/// The lexicon files shipped with Vigie (see `Lexicons/README.md`), as a resource bundle.
///
/// `Bundle.module` aborts the process when its bundle is missing (an installed binary copied
/// elsewhere), so this type only ever checks paths; `LexiconLocator` decides where to look.
public enum VigieLexicons {
    /// The name SwiftPM gives this target's resource bundle, found next to the executable.
    public static let bundleName = "vigie_VigieLexicons.resources"

    /// The resource bundle next to `executable`, when it exists.
    public static func bundledDirectory(nextTo executable: URL) -> URL? {
        let url = executable.deletingLastPathComponent().appendingPathComponent(bundleName)
        return FileManager.default.fileExists(atPath: url.appendingPathComponent("fr").path) ? url : nil
    }

    /// The `Lexicons/` folder of the source tree this binary was built from, when it still exists
    /// (a development build run in place).
    public static var sourceDirectory: URL? {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        return FileManager.default.fileExists(atPath: url.appendingPathComponent("fr").path) ? url : nil
    }
}
