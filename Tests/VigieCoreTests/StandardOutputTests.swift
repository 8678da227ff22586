import Foundation
import Testing
import VigieCore

@Suite struct StandardOutputTests {
    /// A line longer than the buffer is written straight out, after what was buffered before it.
    @Test func longLinesKeepTheirPlaceBetweenShortOnes() throws {
        let name = "vigie-stdout-\(UUID().uuidString)"
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(name).path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        try #require(descriptor >= 0)
        let output = StandardOutput(descriptor: descriptor, capacity: 16)
        let long = [UInt8](repeating: UInt8(ascii: "x"), count: 40) + [0x0A]
        output.write(Array("one\n".utf8))
        output.write(long)
        output.write(Array("two\n".utf8))
        output.write(long)
        output.flush()
        close(descriptor)
        #expect(output.failure == 0)
        let written = try #require(FileManager.default.contents(atPath: path))
        #expect(Array(written) == Array("one\n".utf8) + long + Array("two\n".utf8) + long)
    }
}
