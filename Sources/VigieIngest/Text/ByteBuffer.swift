/// Bytes appended to memory this buffer owns: what the sanitizer and the text
/// builder write, run after run.
///
/// An `Array`'s append checks that its storage is not shared and goes through
/// the generic copy, about a hundred instructions before the bytes move; the
/// writers here append a few hundred thousand short runs per feed. A buffer that
/// cannot be copied needs neither check: appending is a capacity test and a copy.
struct ByteBuffer: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 64) {
        self.capacity = max(16, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    var isEmpty: Bool { count == 0 }

    /// The last byte, if any.
    var last: UInt8? { count > 0 ? base[count - 1] : nil }

    /// Room for `count` bytes in all, made at once.
    mutating func reserve(_ total: Int) {
        if total > capacity { grow(to: total) }
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(contentsOf run: UnsafeBufferPointer<UInt8>) {
        let n = run.count
        guard n > 0, let source = run.baseAddress else { return }
        if n > capacity - count { grow(to: count + n) }
        (base + count).update(from: source, count: n)
        count += n
    }

    @discardableResult
    mutating func removeLast() -> UInt8 {
        precondition(count > 0, "removeLast on an empty buffer")
        count -= 1
        return base[count]
    }

    /// Calls `body` with the bytes written.
    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    /// Doubles the memory until `total` bytes fit.
    private mutating func grow(to total: Int) {
        var newCapacity = capacity * 2
        while newCapacity < total { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }
}
