import Foundation

/// What one poll cycle did: the progress line's figures.
public struct CycleReport: Sendable, Hashable, CustomStringConvertible {
    public var cycle: Int
    public var sources = 0
    public var fetched = 0
    public var notModified = 0
    public var failed = 0
    /// Sources left unpolled or whose fetch was cancelled by a shutdown (still due).
    public var interrupted = 0
    public var entries = 0
    public var newEntries = 0
    public var duplicates = 0
    public var mentions = 0
    public var seconds = 0.0
    /// Resident memory at the end of the cycle, and the peak so far, in bytes (Linux; 0 elsewhere).
    public var residentBytes = 0
    public var peakResidentBytes = 0

    public init(cycle: Int) { self.cycle = cycle }

    public var description: String {
        "cycle \(cycle): \(sources) source\(sources == 1 ? "" : "s") (\(fetched) fetched, \(notModified) not modified, "
            + "\(failed) failed\(interrupted > 0 ? ", \(interrupted) interrupted by shutdown" : "")), \(entries) entries read, \(newEntries) new, \(duplicates) duplicates, "
            + "\(mentions) mentions stored, \(String(format: "%.2f", seconds)) s, "
            + "memory \(residentBytes >> 20) MiB (peak \(peakResidentBytes >> 20) MiB)"
    }
}

/// The process's memory, from /proc/self/status.
enum ProcessMemory {
    /// (resident, peak resident) in bytes.
    static func current() -> (resident: Int, peak: Int) {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
        func kilobytes(_ key: String) -> Int {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key) }) else { return 0 }
            return (Int(line.split(separator: " ").dropFirst().first { !$0.isEmpty }.map(String.init) ?? "") ?? 0)
                * 1024
        }
        return (kilobytes("VmRSS:"), kilobytes("VmHWM:"))
    }
}
