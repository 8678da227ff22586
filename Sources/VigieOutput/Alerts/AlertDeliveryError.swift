/// What went wrong setting up alert delivery, with the sink concerned.
public struct AlertDeliveryError: Error, Sendable, CustomStringConvertible {
    /// The webhook's name.
    public var sink: String
    /// What is wrong and what to do.
    public var message: String

    /// An error about `sink`.
    public init(sink: String, message: String) {
        self.sink = sink
        self.message = message
    }

    public var description: String { "webhook \(sink): \(message)" }
}
