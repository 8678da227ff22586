import GRDB

/// Collects SQL arguments next to the SQL text that uses them.
struct StatementArgumentsBuilder {
    private(set) var values: [(any DatabaseValueConvertible)?] = []

    mutating func append(_ value: (any DatabaseValueConvertible)?) {
        values.append(value)
    }

    var arguments: StatementArguments { StatementArguments(values) }
}
