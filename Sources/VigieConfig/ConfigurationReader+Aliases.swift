import Yams

extension ConfigurationReader {
    /// The most values (scalars, lists and mappings) that aliases may add to a document once expanded.
    ///
    /// Yams shares an anchored value between its aliases, so nine nested lines of nine aliases each
    /// ("billion laughs") parse in a few bytes of memory, but every walk over the tree (checking, copying
    /// the `alerts:` and `export:` sections) visits 9⁹ values: gigabytes and minutes for a 300-byte file. A
    /// real configuration reuses a few blocks (`&headers`, `&brands`) a few hundred times at most.
    static let maximumAliasExpansion = 100_000

    /// A problem when the aliases of the document rooted at `root` expand to more than
    /// ``maximumAliasExpansion`` values, located where the alias that crosses the limit is written.
    ///
    /// The walk counts the values as aliases expand them and stops at the limit, so it costs at most the
    /// document's own values plus the limit, whatever the document. The parser that built `root` must
    /// still be alive: anchors are held by it, and an alias is told from its anchor's definition by
    /// meeting the same anchor a second time.
    func aliasExpansionProblem(_ root: Node) -> ConfigurationProblem? {
        struct Visit {
            var node: Node
            var path: String
            /// The list or mapping holding `node`.
            var parent: Node?
            /// The alias this value was copied through: where it is written (the list or mapping holding
            /// it), its path and its anchor's name; `nil` outside any alias.
            var alias: (site: Node, path: String, anchor: String)?
        }
        var anchors = Set<ObjectIdentifier>()
        var expanded = 0
        var stack = [Visit(node: root, path: "", parent: nil, alias: nil)]
        while let visit = stack.popLast() {
            var alias = visit.alias
            if alias == nil, let anchor = visit.node.anchor, !anchors.insert(ObjectIdentifier(anchor)).inserted {
                // Yams hands the anchored value itself for an alias, with the anchor's position: the alias
                // is located by the list or mapping it is written in, and by its path.
                alias = (visit.parent ?? visit.node, visit.path, anchor.rawValue)
            }
            if let alias {
                expanded += 1
                if expanded > Self.maximumAliasExpansion {
                    return ConfigurationProblem(
                        file: file, line: alias.site.mark?.line, column: alias.site.mark?.column, path: alias.path,
                        message: "the aliases of this document expand to more than "
                            + "\(Self.maximumAliasExpansion) values (from *\(alias.anchor) here on): "
                            + "refused, as a YAML \"billion laughs\" would be; write the values out, or reuse "
                            + "fewer and smaller anchors")
                }
            }
            // Children in reverse, so that they are visited in document order (anchors before their aliases).
            switch visit.node {
            case .sequence(let items):
                for (index, item) in items.enumerated().reversed() {
                    stack.append(Visit(node: item, path: "\(visit.path)[\(index)]", parent: visit.node, alias: alias))
                }
            case .mapping(let pairs):
                for (key, value) in Array(pairs).reversed() {
                    let name = key.scalar?.string ?? "?"
                    let path = visit.path.isEmpty ? name : "\(visit.path).\(name)"
                    stack.append(Visit(node: value, path: path, parent: visit.node, alias: alias))
                    stack.append(Visit(node: key, path: path, parent: visit.node, alias: alias))
                }
            case .scalar, .alias:
                break
            }
        }
        return nil
    }
}
