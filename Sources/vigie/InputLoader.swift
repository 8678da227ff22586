import Foundation
import Glibc

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Reads what `vigie parse` is given: a file, `-` for stdin, or an http(s) URL.
enum InputLoader {
    struct Loaded {
        /// The URL relative links resolve against (http inputs only).
        var url: String?
        /// The charset of the HTTP `Content-Type`, if any.
        var charset: String?
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Loads `input` into `buffer` (reused between inputs to spare allocations).
    /// Inputs over `limit` are truncated to `limit + 1` bytes, enough for the
    /// parser to refuse them without reading a 100 MB file whole.
    static func load(_ input: String, into buffer: inout [UInt8], limit: Int) throws -> Loaded {
        if input.hasPrefix("http://") || input.hasPrefix("https://") {
            return try fetch(input, into: &buffer, limit: limit)
        }
        let path = input.hasPrefix("file://") ? String(input.dropFirst("file://".count)) : input
        let descriptor = path == "-" ? 0 : open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw Failure(description: "cannot read \(input): \(String(cString: strerror(errno)))")
        }
        defer { if descriptor != 0 { close(descriptor) } }
        var info = stat()
        if fstat(descriptor, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            throw Failure(description: "cannot read \(input): it is a directory")
        }
        let cap = limit + 1
        buffer.removeAll(keepingCapacity: true)
        let expected = (info.st_mode & S_IFMT) == S_IFREG ? min(Int(info.st_size), cap) : 1 << 16
        if buffer.capacity < expected { buffer.reserveCapacity(expected) }
        var chunk = [UInt8](repeating: 0, count: max(1 << 16, min(expected, cap)))
        while buffer.count < cap {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, min($0.count, cap - buffer.count)) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(description: "cannot read \(input): \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            buffer.append(contentsOf: chunk[0..<count])
        }
        return Loaded(url: nil, charset: nil)
    }

    private static func fetch(_ input: String, into buffer: inout [UInt8], limit: Int) throws -> Loaded {
        guard let url = URL(string: input) else { throw Failure(description: "not a URL: \(input)") }
        var request = URLRequest(url: url, timeoutInterval: 30)
        request.setValue("Vigie/0.1 (+https://github.com/vigie/vigie)", forHTTPHeaderField: "User-Agent")
        nonisolated(unsafe) var result: (Data?, URLResponse?, (any Error)?) = (nil, nil, nil)
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { data, response, error in
            result = (data, response, error)
            done.signal()
        }.resume()
        done.wait()
        if let error = result.2 { throw Failure(description: "cannot fetch \(input): \(error.localizedDescription)") }
        guard let http = result.1 as? HTTPURLResponse, let data = result.0 else {
            throw Failure(description: "cannot fetch \(input): no response")
        }
        guard (200..<300).contains(http.statusCode) else {
            throw Failure(description: "cannot fetch \(input): HTTP \(http.statusCode)")
        }
        buffer = [UInt8](data.prefix(limit + 1))
        let contentType = http.value(forHTTPHeaderField: "Content-Type") ?? ""
        let charset = contentType.lowercased().components(separatedBy: "charset=").dropFirst().first?
            .split(separator: ";").first.map { $0.trimmingCharacters(in: .init(charactersIn: "\"' ")) }
        return Loaded(url: http.url?.absoluteString ?? input, charset: charset)
    }
}
