import Yams

extension ConfigurationReader {
    private static let serveKeys = ["listen", "token_env", "password_env", "public_metrics"]

    /// Reads `serve:`, reporting every problem with its path and line.
    mutating func readServe(_ node: Node?) -> ServeSettings {
        var settings = ServeSettings()
        guard let node, node.null == nil else { return settings }
        let keys = mapping(node, "serve", allowed: Self.serveKeys)
        if let entry = keys["listen"], let text = string(entry.node, "serve.listen") {
            if let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
                (0...65_535).contains(port), colon != text.startIndex
            {
                settings.listen = text
            } else {
                problem(entry.node, "serve.listen", "expected HOST:PORT such as 127.0.0.1:8080, got \"\(text)\"")
            }
        }
        for (key, path) in [
            ("token_env", \ServeSettings.tokenEnvironmentVariable),
            ("password_env", \ServeSettings.passwordEnvironmentVariable),
        ] {
            guard let entry = keys[key], let variable = string(entry.node, "serve.\(key)") else { continue }
            if variable.isEmpty || !variable.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) {
                problem(entry.node, "serve.\(key)", "the name of an environment variable, e.g. VIGIE_API_TOKEN")
            } else {
                settings[keyPath: path] = variable
            }
        }
        if let entry = keys["public_metrics"] {
            if let value = entry.node.bool {
                settings.publicMetrics = value
            } else {
                problem(entry.node, "serve.public_metrics", "expected true or false")
            }
        }
        return settings
    }
}
