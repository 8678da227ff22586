/// A configuration section read as plain data, for sections whose meaning
/// belongs to a later stage (`alerts:`, `export:`).
public indirect enum ConfigValue: Sendable, Hashable {
    /// An empty value (`~`, `null`, or nothing).
    case null
    /// A scalar, as written.
    case scalar(String)
    /// A sequence.
    case list([ConfigValue])
    /// A mapping, in file order.
    case map([Entry])

    /// One key of a mapping.
    public struct Entry: Sendable, Hashable {
        /// The key, as written.
        public var key: String
        /// Its value.
        public var value: ConfigValue

        /// One `key: value` pair.
        public init(key: String, value: ConfigValue) {
            self.key = key
            self.value = value
        }
    }

    /// The value of `key` when this is a mapping that has it.
    public subscript(key: String) -> ConfigValue? {
        guard case .map(let entries) = self else { return nil }
        return entries.first { $0.key == key }?.value
    }

    /// The scalar's text, or `nil`.
    public var string: String? {
        if case .scalar(let text) = self { text } else { nil }
    }
}
