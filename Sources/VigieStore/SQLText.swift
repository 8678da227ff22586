import GRDB
import PostgresNIO

/// The SQL a read sends, written once for both stores: the text with a placeholder per argument in the
/// store's spelling (`?` for SQLite, `$1`, `$2`… for PostgreSQL) and the arguments in order.
///
/// ```swift
/// var sql = SQLText(.postgres)
/// let condition = "m.time >= \(sql.bind(since))"   // "m.time >= $1"
/// ```
///
/// Where the two dialects disagree (booleans, case-insensitive `LIKE`, rounding) the text asks
/// ``dialect``; everything else is the same text.
struct SQLText {
    /// The two stores' SQL.
    enum Dialect: Sendable {
        case sqlite, postgres
    }

    /// An argument: the reads bind integers and texts only.
    enum Value: Sendable {
        case integer(Int64)
        case text(String)
    }

    let dialect: Dialect
    private(set) var values: [Value] = []

    init(_ dialect: Dialect) {
        self.dialect = dialect
    }

    /// The placeholder of `value`, bound as the next argument.
    mutating func bind(_ value: Int64) -> String { bind(.integer(value)) }

    /// The placeholder of `value`, bound as the next argument.
    mutating func bind(_ value: String) -> String { bind(.text(value)) }

    private mutating func bind(_ value: Value) -> String {
        values.append(value)
        return dialect == .sqlite ? "?" : "$\(values.count)"
    }

    /// `column` (a boolean stored as 0/1 on SQLite) is false, written so that SQLite uses the partial
    /// indexes declared `WHERE column = 0`.
    func isFalse(_ column: String) -> String {
        dialect == .sqlite ? "\(column) = 0" : "NOT \(column)"
    }

    /// `LIKE` ignoring the case of ASCII letters (SQLite's `LIKE`; PostgreSQL's `ILIKE`, which also folds
    /// other letters).
    var caseInsensitiveLike: String { dialect == .sqlite ? "LIKE" : "ILIKE" }

    /// `value` (a `double precision`) times 10⁹, rounded half away from zero to a 64-bit integer: the
    /// arithmetic of the quarter-hour totals (`Int64((score * 1e9).rounded())` in Swift). PostgreSQL rounds a
    /// `double precision` half to even, a `numeric` half away from zero.
    func nanos(_ value: String) -> String {
        dialect == .sqlite
            ? "CAST(round(\(value) * 1e9) AS INTEGER)" : "round((\(value) * 1e9)::numeric)::bigint"
    }

    /// The arguments for GRDB.
    var arguments: StatementArguments {
        StatementArguments(
            values.map { value -> (any DatabaseValueConvertible)? in
                switch value {
                case .integer(let integer): integer
                case .text(let text): text
                }
            })
    }

    /// `sql`, with these arguments, as a postgres-nio query.
    func query(_ sql: String) -> PostgresQuery {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case .integer(let integer): bindings.append(integer)
            case .text(let text): bindings.append(text)
            }
        }
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }
}
