import Yams

/// Reads YAML nodes for a person-written file, collecting problems with their positions
/// instead of stopping at the first.
struct YAMLReader {
    let file: String
    /// Each worded in both languages; libyaml's own words about the syntax stay in English.
    private(set) var problems: [Problem] = []

    init(file: String) {
        self.file = file
    }

    private func t(_ sv: String, _ en: String) -> Localized { Localized(sv: sv, en: en) }

    /// Parses the text into a node tree, or records the syntax problem.
    mutating func compose(_ text: String) -> Node? {
        do {
            // The basic resolver: every scalar stays text (we read each as its item needs), and the
            // default resolver's regular expressions took a third of start-up.
            guard let node = try Yams.compose(yaml: text, .basic) else {
                report(line: 1, column: 1, t("filen är tom", "the file is empty"))
                return nil
            }
            if Self.expandsBeyond(node, limit: text.utf8.count + Self.aliasAllowance) {
                report(line: 1, column: 1, t("filens alias (*namn) upprepar mer text än filen rymmer; skriv ut värdena i sin helhet",
                                             "the file's aliases (*name) repeat more text than the file holds; write the values out in full"))
                return nil
            }
            return node
        } catch let error as YamlError {
            switch error {
            case .scanner(let context, let problem, let mark, _),
                 .parser(let context, let problem, let mark, _),
                 .composer(let context, let problem, let mark, _):
                let prefix = context.map { "\($0.text) " } ?? ""
                report(line: mark.line, column: mark.column, t("YAML-syntaxfel: " + prefix + problem, "YAML syntax: " + prefix + problem))
            case .duplicatedKeysInMapping(let duplicates, let context):
                let keys = duplicates.joined(separator: ", ")
                report(line: context.mark.line, column: context.mark.column, t("samma nyckel två gånger: " + keys, "duplicate key: " + keys))
            case .reader(let problem, let offset, let value, let yaml):
                // libyaml names the character (a raw control, say) and Yams its offset in Characters.
                let (line, column) = offset.map { Self.position(ofCharacter: $0, in: yaml) } ?? (1, 1)
                let hex = String(value, radix: 16, uppercase: true)
                let code = value >= 0 ? " (U+\(String(repeating: "0", count: max(0, 4 - hex.count)) + hex))" : ""
                report(line: line, column: column, t("filen kan inte läsas: " + problem + code, "cannot read the file: " + problem + code))
            default:
                report(line: 1, column: 1, t("filen kan inte läsas som YAML", "cannot read the file as YAML"))
            }
            return nil
        } catch {
            report(line: 1, column: 1, t("filen kan inte läsas som YAML", "cannot read the file as YAML"))
            return nil
        }
    }

    /// Room for a few short aliases beyond the file's own size.
    static let aliasAllowance = 65_536

    /// Whether the tree holds more than `limit` nodes or bytes of scalar text. Each `*name` repeats
    /// what it names, so a file of a few kilobytes can stand for gigabytes (measured before this check:
    /// a 1 MB answers file took 17 s and 2.2 GB before SQLite refused it). Without aliases neither
    /// count can exceed the file's size, so this only refuses repetition; it stops at the limit.
    static func expandsBeyond(_ root: Node, limit: Int) -> Bool {
        var nodes = 0
        var bytes = 0
        var pending = [root]
        while let node = pending.popLast() {
            nodes += 1
            switch node {
            case .scalar(let scalar): bytes += scalar.string.utf8.count
            case .mapping(let mapping):
                for (key, value) in mapping {
                    pending.append(key)
                    pending.append(value)
                }
            case .sequence(let sequence): pending.append(contentsOf: sequence)
            case .alias: break
            }
            if nodes > limit || bytes > limit { return true }
        }
        return false
    }

    /// Line and column (counted in scalars, as YAML marks are) of the Character at `offset`.
    static func position(ofCharacter offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for (index, character) in text.enumerated() {
            if index == offset { break }
            if character == "\n" || character == "\r\n" || character == "\r" {
                line += 1
                column = 1
            } else {
                column += character.unicodeScalars.count
            }
        }
        return (line, column)
    }

    mutating func report(_ node: Node?, sv: String, en: String) {
        report(node, Localized(sv: sv, en: en))
    }

    mutating func report(_ node: Node?, _ words: Localized) {
        let mark = node?.mark
        report(line: mark?.line ?? 1, column: mark?.column ?? 1, words)
    }

    mutating func report(line: Int, column: Int, _ words: Localized) {
        problems.append(Problem(file: file, line: line, column: column, words: words))
    }

    /// The keys of a mapping, checking that each is known. `nil` (with a problem) if not a mapping.
    mutating func mapping(_ node: Node, what: Named, allowed: Set<String>) -> [String: Node]? {
        guard case .mapping(let mapping) = node else {
            report(node, sv: "\(what.sv) ska vara nycklar med värden", en: "\(what.en) must be a mapping of keys to values")
            return nil
        }
        var result: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                report(key, sv: "en nyckel i \(what.sv) ska vara ett enkelt ord", en: "a key in \(what.en) must be a plain word")
                continue
            }
            if allowed.contains(name) {
                result[name] = value
            } else {
                let known = allowed.sorted().joined(separator: ", ")
                report(key, sv: "okänd nyckel '\(name)' i \(what.sv) (kända nycklar: \(known))",
                       en: "unknown key '\(name)' in \(what.en) (known keys: \(known))")
            }
        }
        return result
    }

    mutating func sequence(_ node: Node, what: Named) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            report(node, sv: "\(what.sv) ska vara en lista", en: "\(what.en) must be a list")
            return nil
        }
        return Array(sequence)
    }

    mutating func string(_ node: Node?, what: Named, at parent: Node? = nil) -> String? {
        guard let node else {
            report(parent, sv: "\(what.sv) saknas", en: "\(what.en) is missing")
            return nil
        }
        guard let scalar = node.scalar else {
            report(node, sv: "\(what.sv) ska vara ett enda värde", en: "\(what.en) must be a single value")
            return nil
        }
        return scalar.string
    }

    mutating func int(_ node: Node?, what: Named, at parent: Node? = nil) -> Int? {
        guard let text = string(node, what: what, at: parent) else { return nil }
        guard let value = Int(text) else {
            report(node, sv: "\(what.sv) ska vara ett heltal, inte '\(text)'", en: "\(what.en) must be a whole number, not '\(text)'")
            return nil
        }
        return value
    }

    mutating func bool(_ node: Node, what: Named) -> Bool? {
        guard let text = node.scalar?.string else {
            report(node, sv: "\(what.sv) ska vara true eller false", en: "\(what.en) must be true or false")
            return nil
        }
        switch text.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default:
            report(node, sv: "\(what.sv) ska vara true eller false, inte '\(text)'", en: "\(what.en) must be true or false, not '\(text)'")
            return nil
        }
    }

    mutating func strings(_ node: Node, what: Named) -> [String] {
        guard let nodes = sequence(node, what: what) else { return [] }
        return nodes.compactMap { string($0, what: Named(sv: "ett värde i \(what.sv)", en: "an entry of \(what.en)")) }
    }

    /// A `{sv: ..., en: ...}` pair; Swedish is required.
    mutating func localized(_ node: Node?, what: Named, at parent: Node) -> Localized? {
        guard let node else {
            report(parent, sv: "\(what.sv) saknas", en: "\(what.en) is missing")
            return nil
        }
        guard let keys = mapping(node, what: what, allowed: ["sv", "en"]) else { return nil }
        guard let svNode = keys["sv"] else {
            report(node, sv: "\(what.sv) har ingen svensk text (sv)", en: "\(what.en) has no Swedish text (sv)")
            return nil
        }
        guard let sv = string(svNode, what: Named(sv: "\(what.sv).sv", en: "\(what.en).sv")), !sv.allSatisfy(\.isWhitespace) else {
            report(svNode, sv: "\(what.sv) har en tom svensk text (sv)", en: "\(what.en) has an empty Swedish text (sv)")
            return nil
        }
        let en = keys["en"].flatMap { string($0, what: Named(sv: "\(what.sv).en", en: "\(what.en).en")) }
        return Localized(sv: TextHygiene.sanitize(sv), en: en.map { TextHygiene.sanitize($0) })
    }
}

/// What a reader's message names: a key or an id as the file writes it (the same in both
/// languages, so a plain string literal), or a phrase in each.
struct Named: ExpressibleByStringLiteral {
    let sv: String
    let en: String

    init(stringLiteral value: String) {
        sv = value
        en = value
    }

    init(sv: String, en: String) {
        self.sv = sv
        self.en = en
    }

    /// A key named by a variable, as written.
    init(key: String) {
        sv = key
        en = key
    }
}
