import Dispatch
import Foundation
import Glibc
import Logging
import VigieFetch

/// Reads what `vigie parse` is given: a file, `-` for stdin, or an http(s) URL.
enum InputLoader {
    struct Loaded {
        /// The URL relative links resolve against (http inputs only).
        var url: String?
        /// The charset of the HTTP `Content-Type`, if any.
        var charset: String?
        /// The media type of the HTTP `Content-Type`, if any.
        var mediaType: String? = nil
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Loads `input` into `buffer`.
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
        // A file is read straight into memory of its size (one more byte shows it has grown);
        // anything else, or what a file gained since, by chunks.
        let expected = (info.st_mode & S_IFMT) == S_IFREG ? min(Int(info.st_size) + 1, cap) : 0
        var atEnd = false
        buffer = try [UInt8](unsafeUninitializedCapacity: expected) { memory, count in
            count = 0
            while count < memory.count {
                let read = try readSome(
                    descriptor,
                    into: UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: memory[count...])), input)
                if read == 0 {
                    atEnd = true
                    break
                }
                count += read
            }
        }
        guard !atEnd else { return Loaded(url: nil, charset: nil) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while buffer.count < cap {
            let read = try chunk.withUnsafeMutableBytes {
                try readSome(
                    descriptor, into: UnsafeMutableRawBufferPointer(rebasing: $0[..<min($0.count, cap - buffer.count)]),
                    input)
            }
            if read == 0 { break }
            buffer.append(contentsOf: chunk[0..<read])
        }
        return Loaded(url: nil, charset: nil)
    }

    /// One `read(2)` into `memory` (retried on EINTR); 0 at the end of the input.
    private static func readSome(_ descriptor: Int32, into memory: UnsafeMutableRawBufferPointer, _ input: String)
        throws -> Int
    {
        while true {
            let count = read(descriptor, memory.baseAddress, memory.count)
            if count >= 0 { return count }
            if errno != EINTR {
                throw Failure(description: "cannot read \(input): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Fetches an http(s) input with the watcher's fetcher (timeouts, gzip,
    /// size cap, User-Agent), blocking the calling worker thread until it is done.
    private static func fetch(_ input: String, into buffer: inout [UInt8], limit: Int) throws -> Loaded {
        let fetcher = SharedFetcher.instance(limit: limit)
        let outcome = Blocking.wait { () async -> Result<FetchResponse, FetchError> in
            do throws(FetchError) {
                return .success(try await fetcher.fetch(FetchRequest(url: input)))
            } catch {
                return .failure(error)
            }
        }
        switch outcome {
        case .failure(let error):
            throw Failure(description: "cannot fetch \(input): \(error.message)")
        case .success(.notModified):
            throw Failure(description: "cannot fetch \(input): the server answered 304 to a plain GET")
        case .success(.fetched(let body)):
            buffer = body.bytes
            return Loaded(url: body.finalURL, charset: body.charset, mediaType: body.mediaType)
        }
    }
}

/// One fetcher for all the URLs of a `vigie parse` run, shut down at exit.
enum SharedFetcher {
    nonisolated(unsafe) private static var fetcher: Fetcher?
    private static let lock = NSLock()

    static func instance(limit: Int) -> Fetcher {
        lock.withLock {
            if let fetcher { return fetcher }
            var logger = Logger(label: "vigie.parse")
            logger.logLevel = .critical
            let made = Fetcher(policy: FetchPolicy(maximumBodyBytes: limit), logger: logger)
            fetcher = made
            return made
        }
    }

    /// Closes the fetcher's connections, if one was made.
    static func shutdown() {
        guard let fetcher = lock.withLock({ fetcher }) else { return }
        _ = Blocking.wait { () async -> Bool in (try? await fetcher.shutdown()) != nil }
    }
}

/// Runs async work to completion from a plain thread (the parse workers).
enum Blocking {
    static func wait<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: T?
        Task {
            result = await work()
            done.signal()
        }
        done.wait()
        return result!
    }
}
