import Foundation
import VigieCore
import VigieDetect
import Yams

extension ConfigurationReader {
    private static let alertKeys = ["bucket", "timezone", "detector", "delivery", "sinks"]
    private static let deliveryKeys = ["attempts", "first_retry", "max_retry"]
    private static let webhookKeys = ["type", "name", "url", "secret_env", "timeout"]

    /// An IANA time zone name, or nil after reporting the problem.
    mutating func readTimeZone(_ node: Node, _ path: String) -> String? {
        guard let name = string(node, path) else { return nil }
        let trimmed = name.trimmedOfWhitespace
        guard TimeZone(identifier: trimmed) != nil else {
            problem(
                node, path, "unknown time zone \"\(name)\": use an IANA name such as Europe/Paris or America/New_York")
            return nil
        }
        return trimmed
    }

    /// Reads `alerts:`, reporting every problem with its path and line.
    mutating func readAlerts(_ node: Node?) -> AlertSettings {
        var settings = AlertSettings()
        guard let node, node.null == nil else { return settings }
        let keys = mapping(node, "alerts", allowed: Self.alertKeys)
        if let bucket = keys["bucket"] {
            if let duration = alertDuration(bucket.node, "alerts.bucket") {
                let seconds = duration.components.seconds
                if seconds < 60 || 86_400 % seconds != 0 {
                    problem(
                        bucket.node, "alerts.bucket", "a bucket must divide a day and last at least 1m (15m, 1h, 2h…)")
                } else {
                    settings.detector.bucketSeconds = seconds
                }
            }
        }
        if let zone = keys["timezone"], let name = readTimeZone(zone.node, "alerts.timezone"),
            let timeZone = TimeZone(identifier: name)
        {
            settings.detector.timeZone = timeZone
        }
        if let detector = keys["detector"], detector.node.null == nil {
            let known = DetectorSetting.all.map(\.name)
            let fields = mapping(detector.node, "alerts.detector", allowed: known)
            for name in known {
                guard let value = fields[name], let setting = DetectorSetting.named[name] else { continue }
                let path = "alerts.detector.\(name)"
                guard let text = string(value.node, path) else { continue }
                guard let number = Double(text.trimmedOfWhitespace), number.isFinite else {
                    problem(value.node, path, "expected \(setting.allowed), found \"\(text)\"")
                    continue
                }
                if let message = setting.problem(with: number) {
                    problem(value.node, path, "\(name) \(message)")
                    continue
                }
                setting.apply(number, to: &settings.detector)
            }
            do {
                try settings.detector.validate()
            } catch {
                problem(detector.node, "alerts.detector", "\(error)")
            }
        }
        if let delivery = keys["delivery"], delivery.node.null == nil {
            let fields = mapping(delivery.node, "alerts.delivery", allowed: Self.deliveryKeys)
            if let attempts = fields["attempts"], let text = string(attempts.node, "alerts.delivery.attempts") {
                if let count = Int(text.trimmedOfWhitespace), (1...100).contains(count) {
                    settings.retry.attempts = count
                } else {
                    problem(attempts.node, "alerts.delivery.attempts", "expected a whole number from 1 to 100")
                }
            }
            if let first = fields["first_retry"], let value = alertDuration(first.node, "alerts.delivery.first_retry") {
                settings.retry.firstDelay = value
            }
            if let last = fields["max_retry"], let value = alertDuration(last.node, "alerts.delivery.max_retry") {
                settings.retry.maximumDelay = value
            }
            if settings.retry.maximumDelay < settings.retry.firstDelay {
                problem(delivery.node, "alerts.delivery", "max_retry is shorter than first_retry")
            }
        }
        if let sinks = keys["sinks"], let items = sequence(sinks.node, "alerts.sinks") {
            var names: Set<String> = []
            for (index, item) in items.enumerated() {
                let path = "alerts.sinks[\(index)]"
                guard let sink = readSink(item, path) else { continue }
                if case .webhook(let hook) = sink {
                    guard names.insert(hook.name).inserted else {
                        problem(item, path, "another webhook is already named \"\(hook.name)\": names must be unique")
                        continue
                    }
                }
                settings.sinks.append(sink)
            }
        }
        return settings
    }

    private mutating func readSink(_ node: Node, _ path: String) -> AlertSettings.Sink? {
        let fields = mapping(node, path, allowed: Self.webhookKeys)
        guard let typeNode = fields["type"]?.node else {
            problem(node, path, "a sink needs type: stdout or type: webhook")
            return nil
        }
        guard let type = string(typeNode, "\(path).type") else { return nil }
        switch type {
        case "stdout":
            for key in ["name", "url", "secret_env", "timeout"] where fields[key] != nil {
                problem(fields[key]!.key, "\(path).\(key)", "a stdout sink takes no \(key)")
            }
            return .stdout
        case "webhook":
            break
        default:
            problem(typeNode, "\(path).type", "unknown sink type \"\(type)\": use stdout or webhook")
            return nil
        }
        guard let nameNode = fields["name"]?.node, let name = string(nameNode, "\(path).name") else {
            if fields["name"] == nil {
                problem(node, path, "a webhook needs a name: (used by vigie alerts test-webhook)")
            }
            return nil
        }
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            problem(nameNode, "\(path).name", "a webhook name is letters, digits, - _ or . (no spaces)")
            return nil
        }
        guard let urlNode = fields["url"]?.node, let text = string(urlNode, "\(path).url") else {
            if fields["url"] == nil { problem(node, path, "a webhook needs a url:") }
            return nil
        }
        let lowered = text.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://"), let url = URL(string: text),
            url.host?.isEmpty == false
        else {
            problem(
                urlNode, "\(path).url",
                "bad webhook URL \"\(Self.uptoHost(text))\": use an http:// or https:// URL with a host")
            return nil
        }
        var secret: String?
        if let secretNode = fields["secret_env"]?.node, let variable = string(secretNode, "\(path).secret_env") {
            if variable.isEmpty || !variable.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) {
                problem(
                    secretNode, "\(path).secret_env", "the name of an environment variable, e.g. VIGIE_WEBHOOK_SECRET")
            } else {
                secret = variable
                if case .watching(let environment) = purpose, environment[variable]?.isEmpty ?? true {
                    problem(
                        secretNode, "\(path).secret_env",
                        "the environment variable \(variable) is not set: requests to \(name) are signed with it; "
                            + "set it where Vigie runs (export \(variable)='the shared secret'), "
                            + "or remove secret_env: to send them unsigned")
                }
            }
        } else if fields["secret_env"] == nil {
            problem(node, path, "no secret_env: requests to \(name) will not be signed", .warning)
        }
        var timeout = Duration.seconds(10)
        if let timeoutNode = fields["timeout"]?.node, let value = alertDuration(timeoutNode, "\(path).timeout") {
            timeout = value
        }
        return .webhook(
            AlertSettings.Webhook(name: name, url: url, secretEnvironmentVariable: secret, timeout: timeout))
    }

    private mutating func alertDuration(_ node: Node, _ path: String) -> Duration? {
        guard let text = string(node, path) else { return nil }
        guard let duration = DurationText.parse(text), duration > .zero else {
            problem(node, path, "bad duration \"\(text)\": write one such as 1s, 30s, 15m or 1h")
            return nil
        }
        return duration
    }

    /// A webhook URL as far as its host, the rest elided: a webhook's path or query often is its secret
    /// (`https://hooks.slack.com/services/T…/B…/…`), and an error message ends up in terminals and CI logs.
    static func uptoHost(_ url: String) -> String {
        let afterScheme = url.range(of: "://").map(\.upperBound) ?? url.startIndex
        let end = url[afterScheme...].firstIndex { "/?#".contains($0) } ?? url.endIndex
        let authority = url[afterScheme..<end]
        // A user and password before the host are secrets too.
        let host = authority.lastIndex(of: "@").map { "…@" + authority[authority.index(after: $0)...] }
        return url[..<afterScheme] + (host ?? String(authority)) + (end == url.endIndex ? "" : "/…")
    }
}
