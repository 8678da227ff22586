extension String {
    /// A string of UTF-8 this module wrote itself from valid UTF-8 (the sanitizer's HTML, a
    /// ``TextBuilder``'s text), made without checking every byte again: `String(decoding:as:)`
    /// validated what had just been written, a tenth of the instructions of the feed path.
    ///
    /// Valid by construction: the writers copy runs of valid text cut only at ASCII bytes,
    /// and write characters whole (`appendScalar`). Debug builds check it.
    init(writtenUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        assert(String(validating: bytes, as: UTF8.self) != nil, "invalid UTF-8 written")
        self = unsafe String(copying: UTF8Span(unchecked: bytes.span))
    }
}
