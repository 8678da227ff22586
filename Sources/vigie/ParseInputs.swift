import ArgumentParser

/// `vigie parse FILE…` with thousands of files, without argument-parser's cost for them.
///
/// argument-parser (1.8.2) gathers the values of a repeated argument in time
/// quadratic in their number: for each value it copies the values gathered so
/// far and merges their positions. 521 files cost 14 ms before the first was
/// read, 8 000 cost 2 s. So `vigie`'s entry point hands it each run of inputs
/// as one argument, the inputs joined with NUL (which no argument can hold),
/// and `ParseCommand` splits them again.
///
/// Only arguments that are inputs for certain are joined: those that do not
/// start with `-` and follow the subcommand or another such argument (every
/// option of `vigie parse` takes one value at most, so the word after an
/// option may be its value and is left alone), and nothing after `--`.
enum ParseInputs {
    static let separator: Character = "\0"

    /// `arguments` (without the program's name) with the runs of `vigie parse`'s inputs joined.
    static func joined(_ arguments: [String]) -> [String] {
        guard arguments.first == "parse" else { return arguments }
        var result = ["parse"]
        var lastIsInput = false
        for index in arguments.indices.dropFirst() {
            let argument = arguments[index]
            if argument == "--" {
                result += arguments[index...]
                break
            }
            let isInput = !argument.hasPrefix("-") && (index == 1 || !arguments[index - 1].hasPrefix("-"))
            if isInput && lastIsInput {
                result[result.count - 1] += String(separator) + argument
            } else {
                result.append(argument)
            }
            lastIsInput = isInput
        }
        return result
    }

    /// The inputs as given, from those `joined(_:)` made.
    static func split(_ inputs: [String]) -> [String] {
        inputs.flatMap { input in
            input.contains(separator)
                ? input.split(separator: separator, omittingEmptySubsequences: false).map(String.init) : [input]
        }
    }
}

extension Vigie {
    static func main() async {
        await main(ParseInputs.joined(Array(CommandLine.arguments.dropFirst())))
    }
}
