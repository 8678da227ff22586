import Foundation

/// What one poll cycle did: the progress line's figures.
public struct CycleReport: Sendable, Hashable, CustomStringConvertible {
    public var cycle: Int
    public var sources = 0
    public var fetched = 0
    public var notModified = 0
    public var failed = 0
    public var entries = 0
    public var newEntries = 0
    public var duplicates = 0
    public var mentions = 0
    public var seconds = 0.0

    public init(cycle: Int) { self.cycle = cycle }

    public var description: String {
        "cycle \(cycle): \(sources) source\(sources == 1 ? "" : "s") (\(fetched) fetched, \(notModified) not modified, "
            + "\(failed) failed), \(entries) entries read, \(newEntries) new, \(duplicates) duplicates, "
            + "\(mentions) mentions stored, \(String(format: "%.2f", seconds)) s"
    }
}
