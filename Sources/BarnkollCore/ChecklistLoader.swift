import Yams

/// Loads and validates checklist definitions written in YAML (see checklists/README.md).
public enum ChecklistLoader {
    /// Parses and validates one checklist. Throws `Problems` listing every problem found.
    /// `knownReferences`: the ids of the legal reference table, checked when given.
    /// `decisionKinds`: the list an item's `options_from: decision_kinds` takes (`DecisionKinds`);
    /// without it such an item is a problem. A definition read back from a store has its options
    /// written out already.
    public static func load(yaml: String, file: String, knownReferences: Set<String> = [],
                            decisionKinds: [ChoiceOption]? = nil) throws(Problems) -> Checklist {
        var parser = Parser(reader: YAMLReader(file: file))
        parser.knownReferences = knownReferences
        let checklist = parser.parse(decisionKinds.map { DecisionKinds.expand(yaml, kinds: $0) } ?? yaml)
        parser.validate()
        if let checklist, parser.reader.problems.isEmpty {
            return checklist
        }
        throw Problems(parser.reader.problems)
    }

    /// Parses the legal reference table.
    public static func loadReferences(yaml: String, file: String) throws(Problems) -> [LegalReference] {
        var reader = YAMLReader(file: file)
        guard let root = reader.compose(yaml),
              let top = reader.mapping(root, what: Named(sv: "referensfilen", en: "the reference file"), allowed: ["references"]),
              let list = top["references"].flatMap({ reader.sequence($0, what: "references") })
        else {
            throw Problems(reader.problems.isEmpty
                ? [Problem(file: file, line: 1, column: 1, words: Localized(sv: "references saknas", en: "references is missing"))]
                : reader.problems)
        }
        var references: [LegalReference] = []
        var seen: Set<String> = []
        for node in list {
            guard let keys = reader.mapping(node, what: Named(sv: "en referens", en: "a reference"),
                                            allowed: ["id", "institution", "law", "section", "verified", "checked", "source", "repealed", "withdrawn"])
            else { continue }
            guard let id = reader.string(keys["id"], what: "id", at: node),
                  let institution = reader.localized(keys["institution"], what: "institution", at: node),
                  let law = reader.localized(keys["law"], what: "law", at: node)
            else { continue }
            if !seen.insert(id).inserted { reader.report(keys["id"], sv: "referensens id '\(id)' finns två gånger", en: "duplicate reference id '\(id)'") }
            func text(_ key: String) -> String? { keys[key].flatMap { $0.null == nil ? $0.scalar?.string : nil } }
            let verified = keys["verified"].flatMap { reader.bool($0, what: "verified") } ?? false
            let reference = LegalReference(id: id, institution: institution, law: law, section: text("section"),
                                           verified: verified, checked: text("checked"), source: text("source"),
                                           repealed: text("repealed"), withdrawn: text("withdrawn"))
            // A paragraph is printed only when someone compared it with the law's text, and says where.
            if verified && reference.section == nil {
                reader.report(keys["verified"], sv: "'\(id)' är kontrollerad men anger ingen paragraf", en: "'\(id)' is verified but names no section")
            }
            if let checked = reference.checked {
                if !ISODate.isValid(checked) {
                    let why = ISODate.missingDay(checked)
                    reader.report(keys["checked"], sv: "checked ska vara ett datum (ÅÅÅÅ-MM-DD), inte '\(checked)'" + (why.map { " (\($0.sv))" } ?? ""),
                                  en: "checked must be a date (YYYY-MM-DD), not '\(checked)'" + (why.map { " (\($0.text(.en)))" } ?? ""))
                }
                if reference.source == nil { reader.report(keys["checked"], sv: "'\(id)' är kontrollerad men anger ingen källa", en: "'\(id)' is checked but names no source") }
            } else if verified {
                reader.report(keys["verified"], sv: "'\(id)' är kontrollerad men saknar datum för kontrollen", en: "'\(id)' is verified but has no date it was checked")
            }
            references.append(reference)
        }
        if !reader.problems.isEmpty { throw Problems(reader.problems) }
        return references
    }
}

/// A condition leaf as written, kept with its position so it can be checked once every item is known.
private struct ConditionSite {
    var condition: Condition
    var node: Node
    /// The group whose sub-items the condition may also name.
    var group: String?
    /// The item whose visibility or requirement depends on it (nil for rules).
    var owner: String?
    /// Only a dependency for the cycle check (a section's condition, seen from its items).
    var edgeOnly = false
    /// How to name the place in a message when the item is unknown.
    var place = Named(sv: "villkoret", en: "the condition")
}

private struct Parser {
    var reader: YAMLReader
    var sites: [ConditionSite] = []
    var items: [String: (item: Item, node: Node)] = [:]
    var subItems: [String: [String: Item]] = [:]
    var sectionIDs: Set<String> = []
    var references: [(id: String, node: Node)] = []
    var notApplicable: (reason: String, node: Node)?
    /// Groups repeated for each entry of another: (group, the group it is repeated for, where).
    var repeated: [(group: String, base: String, node: Node)] = []

    /// An answers file or a training case put among the checklists: one line saying what it is,
    /// not an unknown key for every answer. A checklist without `sections` that has an `id` or a
    /// `title` is a broken checklist and is told as one.
    static func notAChecklist(_ root: Node) -> Localized? {
        guard case .mapping(let mapping) = root else { return nil }
        let keys = Set(mapping.keys.compactMap { $0.scalar?.string })
        guard !keys.contains("sections") else { return nil }
        if keys.contains("checklist") && keys.contains("children") {
            return Localized(sv: "det här är ett träningsfall, inte en checklista; träningsfall hör inte hemma i mappen med checklistor",
                             en: "this is a training case, not a checklist; training cases do not belong in the checklist folder")
        }
        guard keys.isDisjoint(with: ["id", "title"]) else { return nil }
        return Localized(sv: "det här är ingen checklista (id, title och sections saknas); en svarsfil hör inte hemma i mappen med checklistor",
                         en: "this is not a checklist (id, title and sections are missing); an answers file does not belong in the checklist folder")
    }

    static let itemKeys: Set<String> = [
        "id", "type", "prompt", "help", "required", "show_when", "articles", "references",
        "starred", "options", "options_from", "min", "max", "quality", "items", "each",
    ]

    mutating func parse(_ yaml: String) -> Checklist? {
        guard let root = reader.compose(yaml) else { return nil }
        if let other = Self.notAChecklist(root) {
            reader.report(root, other)
            return nil
        }
        guard let keys = reader.mapping(root, what: Named(sv: "checklistan", en: "the checklist"), allowed: [
                  "id", "version", "id_prefix", "title", "description", "placeholders",
                  "not_applicable", "sections", "rules",
              ])
        else { return nil }

        let id = reader.string(keys["id"], what: "id", at: root)
        if let id, !Self.isIdentifier(id) {
            reader.report(keys["id"], sv: "id '\(id)' får bara innehålla a-z, 0-9, - och _", en: "id '\(id)' may hold only a-z, 0-9, - and _")
        }
        let version = reader.int(keys["version"], what: "version", at: root)
        if let version, version < 1 { reader.report(keys["version"], sv: "version ska vara 1 eller mer", en: "version must be 1 or more") }
        let prefix = reader.string(keys["id_prefix"], what: "id_prefix", at: root)
        if let prefix, !(2...5).contains(prefix.count) || !prefix.allSatisfy({ $0.isASCII && $0.isUppercase }) {
            reader.report(keys["id_prefix"], sv: "id_prefix ska vara 2 till 5 versaler A-Z, som BKA", en: "id_prefix must be 2 to 5 capital letters A-Z, like BKA")
        }
        let title = reader.localized(keys["title"], what: "title", at: root)
        let description = keys["description"].flatMap { reader.localized($0, what: "description", at: root) }
        let placeholders = keys["placeholders"].map { reader.strings($0, what: "placeholders") } ?? []

        var sections: [Section] = []
        if let node = keys["sections"], let list = reader.sequence(node, what: "sections") {
            if list.isEmpty { reader.report(node, sv: "en checklista behöver minst ett avsnitt", en: "a checklist needs at least one section") }
            for sectionNode in list {
                if let section = parseSection(sectionNode) { sections.append(section) }
            }
        } else if keys["sections"] == nil {
            reader.report(root, sv: "sections saknas", en: "sections is missing")
        }

        linkRepeatedGroups(&sections)

        var notApplicableRule: NotApplicable?
        if let node = keys["not_applicable"],
           let naKeys = reader.mapping(node, what: "not_applicable", allowed: ["when", "reason"]),
           let whenNode = naKeys["when"] ?? reportMissing("when", in: node),
           let condition = parseCondition(whenNode, group: nil, owner: nil),
           let reason = reader.string(naKeys["reason"], what: "not_applicable.reason", at: node) {
            notApplicableRule = NotApplicable(when: condition, reasonItem: reason)
            notApplicable = (reason, naKeys["reason"] ?? node)
        }

        var rules: [Rule] = []
        if let node = keys["rules"], let list = reader.sequence(node, what: "rules") {
            var ruleIDs: Set<String> = []
            for ruleNode in list {
                guard let rule = parseRule(ruleNode) else { continue }
                if !ruleIDs.insert(rule.id).inserted { reader.report(ruleNode, sv: "regelns id '\(rule.id)' finns två gånger", en: "duplicate rule id '\(rule.id)'") }
                rules.append(rule)
            }
        }

        guard let id, let version, let prefix, let title else { return nil }
        return Checklist(id: id, version: version, idPrefix: prefix, title: title, description: description,
                         placeholders: placeholders, notApplicable: notApplicableRule, sections: sections,
                         rules: rules, source: yaml)
    }

    mutating func reportMissing(_ key: String, in node: Node) -> Node? {
        reader.report(node, sv: "\(key) saknas", en: "\(key) is missing")
        return nil
    }

    mutating func parseSection(_ node: Node) -> Section? {
        guard let keys = reader.mapping(node, what: Named(sv: "ett avsnitt", en: "a section"),
                                        allowed: ["id", "title", "help", "show_when", "filled_by", "items"])
        else { return nil }
        let id = reader.string(keys["id"], what: Named(sv: "avsnittets id", en: "section id"), at: node)
        if let id {
            if !Self.isIdentifier(id) {
                reader.report(keys["id"], sv: "avsnittets id '\(id)' får bara innehålla a-z, 0-9, - och _", en: "section id '\(id)' may hold only a-z, 0-9, - and _")
            }
            if !sectionIDs.insert(id).inserted { reader.report(keys["id"], sv: "avsnittets id '\(id)' finns två gånger", en: "duplicate section id '\(id)'") }
        }
        let title = reader.localized(keys["title"], what: Named(sv: "avsnittets titel", en: "section title"), at: node)
        let help = keys["help"].flatMap { reader.localized($0, what: Named(sv: "avsnittets hjälptext", en: "section help"), at: node) }
        let showWhen = keys["show_when"].flatMap { parseCondition($0, group: nil, owner: nil) }
        var filledBy = FilledBy.caseworker
        if let filledNode = keys["filled_by"], let text = reader.string(filledNode, what: "filled_by") {
            if let value = FilledBy(rawValue: text) {
                filledBy = value
            } else {
                reader.report(filledNode, sv: "filled_by ska vara caseworker eller supervisor, inte '\(text)'",
                              en: "filled_by must be caseworker or supervisor, not '\(text)'")
            }
        }
        var items: [Item] = []
        if let itemsNode = keys["items"], let list = reader.sequence(itemsNode, what: "items") {
            for itemNode in list {
                guard let item = parseItem(itemNode, group: nil) else { continue }
                // A section's visibility governs its items, so its condition's items are their inputs too.
                if let showWhen {
                    for referenced in showWhen.itemIDs {
                        sites.append(ConditionSite(condition: .answered(item: referenced, true),
                                                   node: keys["show_when"] ?? node, group: nil, owner: item.id,
                                                   edgeOnly: true))
                    }
                }
                items.append(item)
            }
        } else if keys["items"] == nil {
            reader.report(node, sv: "avsnittets items saknas", en: "section items is missing")
        }
        guard let id, let title else { return nil }
        return Section(id: id, title: title, help: help, showWhen: showWhen, filledBy: filledBy, items: items)
    }

    mutating func parseItem(_ node: Node, group: String?) -> Item? {
        guard let keys = reader.mapping(node, what: Named(sv: "en fråga", en: "an item"), allowed: Self.itemKeys) else { return nil }
        guard let id = reader.string(keys["id"], what: Named(sv: "frågans id", en: "item id"), at: node) else { return nil }
        if !Self.isIdentifier(id) {
            reader.report(keys["id"], sv: "frågans id '\(id)' får bara innehålla a-z, 0-9, - och _", en: "item id '\(id)' may hold only a-z, 0-9, - and _")
        }
        let owner = group.map { "\($0).\(id)" } ?? id

        var type = ItemType.text
        if let typeNode = keys["type"], let text = reader.string(typeNode, what: "type") {
            if let value = ItemType(rawValue: text) {
                type = value
            } else {
                let known = ItemType.allCases.map(\.rawValue).joined(separator: ", ")
                reader.report(typeNode, sv: "okänd typ '\(text)' för frågan '\(id)' (kända typer: \(known))",
                              en: "unknown type '\(text)' for item '\(id)' (known types: \(known))")
            }
        } else if keys["type"] == nil {
            reader.report(node, sv: "frågan '\(id)' har ingen typ", en: "item '\(id)' has no type")
        }
        let prompt = reader.localized(keys["prompt"], what: Named(sv: "frågetexten i '\(id)'", en: "prompt of '\(id)'"), at: node)
        let help = keys["help"].flatMap { reader.localized($0, what: Named(sv: "hjälptexten i '\(id)'", en: "help of '\(id)'"), at: node) }

        var required = Requirement.never
        if let requiredNode = keys["required"] {
            if let text = requiredNode.scalar?.string {
                switch text.lowercased() {
                case "true", "yes": required = .always
                case "false", "no": required = .never
                default: reader.report(requiredNode, sv: "required ska vara true, false eller ett villkor, inte '\(text)'",
                                       en: "required must be true, false or a condition, not '\(text)'")
                }
            } else if let condition = parseCondition(requiredNode, group: group, owner: owner) {
                required = .when(condition)
            }
        }
        let showWhen = keys["show_when"].flatMap { parseCondition($0, group: group, owner: owner) }
        let articles = keys["articles"].map { node in
            reader.strings(node, what: "articles").compactMap { text -> Int? in
                guard let number = Int(text), (1...54).contains(number) else {
                    reader.report(node, sv: "'\(text)' är ingen artikel i barnkonventionen (1-54)", en: "'\(text)' is not an article of the Convention (1-54)")
                    return nil
                }
                return number
            }
        } ?? []
        if let referencesNode = keys["references"] {
            for reference in reader.strings(referencesNode, what: "references") {
                references.append((reference, referencesNode))
            }
        }
        let starred = keys["starred"].flatMap { reader.bool($0, what: "starred") } ?? false

        var options: [ChoiceOption] = []
        if let optionsNode = keys["options"], let list = reader.sequence(optionsNode, what: "options") {
            if type != .choice && type != .multiChoice {
                reader.report(optionsNode, sv: "options hör bara till frågor av typen choice och multi_choice, inte '\(id)'",
                              en: "options belong only to choice and multi_choice items, not '\(id)'")
            }
            var values: Set<String> = []
            for optionNode in list {
                guard let optionKeys = reader.mapping(optionNode, what: Named(sv: "ett alternativ", en: "an option"), allowed: ["value", "label"]),
                      let value = reader.string(optionKeys["value"], what: Named(sv: "alternativets värde", en: "option value"), at: optionNode),
                      let label = reader.localized(optionKeys["label"], what: Named(sv: "etiketten för '\(value)'", en: "label of '\(value)'"), at: optionNode)
                else { continue }
                if !values.insert(value).inserted {
                    reader.report(optionKeys["value"], sv: "alternativet '\(value)' finns två gånger i '\(id)'", en: "duplicate option value '\(value)' in '\(id)'")
                }
                options.append(ChoiceOption(value: value, label: label))
            }
        }
        if let fromNode = keys["options_from"] {
            // Left after loading only when no list was given, or it names another.
            let name = fromNode.scalar?.string ?? ""
            let shown = TextHygiene.forOutput(name, multiline: false)
            reader.report(fromNode, name == DecisionKinds.listName
                ? Localized(sv: "'\(id)' tar sina alternativ från \(DecisionKinds.fileName), som inte finns bredvid checklistan",
                            en: "'\(id)' takes its options from \(DecisionKinds.fileName), which was not found beside the checklist")
                : Localized(sv: "options_from får bara ange \(DecisionKinds.listName), inte '\(shown)'",
                            en: "options_from may only name \(DecisionKinds.listName), not '\(shown)'"))
        } else if (type == .choice || type == .multiChoice) && options.isEmpty {
            reader.report(node, sv: "frågan '\(id)' av typen \(type.rawValue) behöver options", en: "item '\(id)' of type \(type.rawValue) needs options")
        }

        let min = keys["min"].flatMap { reader.int($0, what: "min") }
        let max = keys["max"].flatMap { reader.int($0, what: "max") }
        if (min != nil || max != nil) && type != .number {
            reader.report(keys["min"] ?? keys["max"], sv: "min och max hör bara till frågor av typen number, inte '\(id)'",
                          en: "min and max belong only to number items, not '\(id)'")
        }

        var quality = Quality()
        if let qualityNode = keys["quality"],
           let qualityKeys = reader.mapping(qualityNode, what: "quality", allowed: ["min_words", "placeholders"]) {
            if !type.isText {
                reader.report(qualityNode, sv: "quality hör bara till textfrågor, inte '\(id)'", en: "quality hints belong only to text items, not '\(id)'")
            }
            quality.minWords = qualityKeys["min_words"].flatMap { reader.int($0, what: "min_words") }
            quality.placeholders = qualityKeys["placeholders"].map { reader.strings($0, what: "placeholders") } ?? []
        }

        var subItems: [Item] = []
        if let itemsNode = keys["items"] {
            if type != .group {
                reader.report(itemsNode, sv: "bara en grupp har items, inte '\(id)'", en: "only a group has items, not '\(id)'")
            } else if group != nil {
                reader.report(itemsNode, sv: "en grupp kan inte rymma en annan grupp ('\(id)')", en: "a group cannot hold another group ('\(id)')")
            } else if let list = reader.sequence(itemsNode, what: Named(sv: "frågorna i '\(id)'", en: "items of '\(id)'")) {
                var seen: [String: Item] = [:]
                for subNode in list {
                    guard let sub = parseItem(subNode, group: id) else { continue }
                    if seen[sub.id] != nil {
                        reader.report(subNode, sv: "frågans id '\(sub.id)' finns två gånger i gruppen '\(id)'", en: "duplicate item id '\(sub.id)' in group '\(id)'")
                    }
                    if sub.type == .group {
                        reader.report(subNode, sv: "en grupp kan inte rymma en annan grupp ('\(sub.id)')", en: "a group cannot hold another group ('\(sub.id)')")
                    }
                    seen[sub.id] = sub
                    subItems.append(sub)
                }
                self.subItems[id] = seen
            }
        }
        if type == .group && subItems.isEmpty && keys["items"] == nil {
            reader.report(node, sv: "gruppen '\(id)' behöver items", en: "group '\(id)' needs items")
        }
        let each = keys["each"].flatMap { reader.string($0, what: "each") }
        if let eachNode = keys["each"] {
            if type != .group || group != nil {
                reader.report(eachNode, sv: "bara en grupp i ett avsnitt kan upprepas för varje post i en annan, inte '\(id)'",
                              en: "only a group of a section can be repeated for each entry of another, not '\(id)'")
            } else if keys["required"] != nil {
                reader.report(keys["required"], sv: "'\(id)' upprepas för varje post i '\(each ?? "")' och är obligatorisk som de; ta bort required",
                              en: "'\(id)' is repeated for each entry of '\(each ?? "")' and is required as they are; leave out required")
            }
            if let each { repeated.append((id, each, eachNode)) }
        }

        // A missing prompt is already reported; keep the item so conditions naming it do not cascade.
        let item = Item(id: id, type: type, prompt: prompt ?? Localized(sv: id), help: help, required: required, showWhen: showWhen,
                        articles: articles, references: [], starred: starred, options: options, min: min,
                        max: max, quality: quality, items: subItems, each: each)
        var withReferences = item
        if let referencesNode = keys["references"] {
            withReferences.references = reader.strings(referencesNode, what: "references")
        }
        if group == nil {
            if items[id] != nil {
                reader.report(keys["id"], sv: "frågans id '\(id)' finns två gånger", en: "duplicate item id '\(id)'")
            } else {
                items[id] = (withReferences, node)
            }
        }
        return withReferences
    }

    /// Checks each `each:` and gives the group repeated for its sub-items, which its entries hold.
    mutating func linkRepeatedGroups(_ sections: inout [Section]) {
        var added: [String: [Item]] = [:]
        for (group, base, node) in repeated {
            guard let target = items[base]?.item else {
                reader.report(node, sv: "'\(group)' upprepas för varje post i en okänd grupp '\(base)'", en: "'\(group)' is repeated for each entry of an unknown group '\(base)'")
                continue
            }
            guard target.type == .group, target.each == nil else {
                reader.report(node, sv: "'\(group)' kan bara upprepas för varje post i en grupp med egna poster, inte '\(base)'",
                              en: "'\(group)' can be repeated only for each entry of a group of its own entries, not '\(base)'")
                continue
            }
            var taken = Set(target.items.map(\.id)).union((added[base] ?? []).map(\.id))
            for sub in items[group]?.item.items ?? [] where !taken.insert(sub.id).inserted {
                reader.report(node, sv: "'\(group).\(sub.id)' sparas i posterna i '\(base)', som redan har en fråga '\(sub.id)'",
                              en: "'\(group).\(sub.id)' is stored in the entries of '\(base)', which already have an item '\(sub.id)'")
            }
            added[base, default: []] += items[group]?.item.items ?? []
        }
        for (base, subs) in added {
            items[base]?.item.repeatedItems = subs
            for s in sections.indices {
                for i in sections[s].items.indices where sections[s].items[i].id == base {
                    sections[s].items[i].repeatedItems = subs
                }
            }
        }
    }

    /// The item a condition names: a sub-item of its own group (or of the group it is repeated
    /// for), an item of a section, or, from outside any group, a sub-item of exactly one group
    /// (the condition then holds when it holds in any entry).
    func resolve(_ name: String, group: String?) -> Resolution {
        if let group {
            if let sub = subItems[group]?[name] { return .found(id: "\(group).\(name)", item: sub) }
            // Entries hold the answers of their group and of every group repeated for it.
            let base = items[group]?.item.each ?? group
            let sharing = [base] + repeated.filter { $0.base == base && $0.group != group }.map(\.group)
            for other in sharing {
                if let sub = subItems[other]?[name] { return .found(id: "\(other).\(name)", item: sub) }
            }
        }
        if let top = items[name] { return .found(id: name, item: top.item) }
        let owners = subItems.keys.sorted().filter { subItems[$0]?[name] != nil }
        guard let owner = owners.first, let sub = subItems[owner]?[name] else { return .unknown }
        return owners.count == 1 ? .found(id: "\(owner).\(name)", item: sub) : .ambiguous
    }

    enum Resolution {
        case found(id: String, item: Item)
        case unknown
        /// Outside any group, a sub-item id more than one group asks.
        case ambiguous
    }

    mutating func parseRule(_ node: Node) -> Rule? {
        guard let keys = reader.mapping(node, what: Named(sv: "en regel", en: "a rule"), allowed: ["id", "kind", "item", "when", "message", "title"]),
              let id = reader.string(keys["id"], what: Named(sv: "regelns id", en: "rule id"), at: node)
        else { return nil }
        var kind: RuleKind?
        if let kindNode = keys["kind"], let text = reader.string(kindNode, what: Named(sv: "regelns slag", en: "rule kind")) {
            kind = RuleKind(rawValue: text)
            if kind == nil {
                reader.report(kindNode, sv: "okänt slag av regel '\(text)' (kända: missing, warning, hard_stop)",
                              en: "unknown rule kind '\(text)' (known: missing, warning, hard_stop)")
            }
        } else if keys["kind"] == nil {
            reader.report(node, sv: "regeln '\(id)' har inget slag (kind)", en: "rule '\(id)' has no kind")
        }
        let item = keys["item"].flatMap { reader.string($0, what: Named(sv: "regelns fråga", en: "rule item")) }
        if let item, let itemNode = keys["item"] {
            sites.append(ConditionSite(condition: .answered(item: item, true), node: itemNode, group: nil, owner: nil,
                                       place: Named(sv: "regeln '\(id)'", en: "rule '\(id)'")))
        }
        let when = (keys["when"] ?? reportMissing("when", in: node)).flatMap { parseCondition($0, group: nil, owner: nil) }
        let message = reader.localized(keys["message"], what: Named(sv: "meddelandet i regeln '\(id)'", en: "message of rule '\(id)'"), at: node)
        let title = keys["title"].flatMap {
            reader.localized($0, what: Named(sv: "rubriken i regeln '\(id)'", en: "title of rule '\(id)'"), at: node)
        }
        guard let kind, let when, let message else { return nil }
        return Rule(id: id, kind: kind, item: item, when: when, message: message, title: title)
    }

    static let conditionKeys: Set<String> = [
        "item", "equals", "one_of", "answered", "fewer_than", "same_text_as", "days_after", "more_than", "less_than",
        "not", "all", "any", "some_entry", "where",
    ]

    mutating func parseCondition(_ node: Node, group: String?, owner: String?) -> Condition? {
        guard let keys = reader.mapping(node, what: Named(sv: "ett villkor", en: "a condition"), allowed: Self.conditionKeys) else { return nil }
        if let inner = keys["not"] {
            guard keys.count == 1 else { return reportMixed(node) }
            return parseCondition(inner, group: group, owner: owner).map { .not($0) }
        }
        if let groupNode = keys["some_entry"] {
            guard keys.count == 2, let whereNode = keys["where"] else {
                reader.report(node, sv: "some_entry behöver ett where och inget annat bredvid", en: "some_entry needs a where, and nothing else beside it")
                return nil
            }
            guard let name = reader.string(groupNode, what: "some_entry") else { return nil }
            sites.append(ConditionSite(condition: .someEntry(group: name, where: .all([])), node: groupNode, group: group, owner: owner))
            return parseCondition(whereNode, group: name, owner: owner).map { .someEntry(group: name, where: $0) }
        }
        if keys["where"] != nil { reader.report(keys["where"], sv: "where hör till some_entry", en: "where belongs with some_entry") }
        for combinator in ["all", "any"] {
            guard let listNode = keys[combinator] else { continue }
            guard keys.count == 1 else { return reportMixed(node) }
            guard let list = reader.sequence(listNode, what: Named(key: combinator)) else { return nil }
            if list.isEmpty { reader.report(listNode, sv: "\(combinator) behöver minst ett villkor", en: "\(combinator) needs at least one condition") }
            let conditions = list.compactMap { parseCondition($0, group: group, owner: owner) }
            guard conditions.count == list.count else { return nil }
            return combinator == "all" ? .all(conditions) : .any(conditions)
        }
        guard let item = reader.string(keys["item"], what: Named(sv: "villkorets fråga (item)", en: "the condition's item"), at: node) else { return nil }
        let tests = ["equals", "one_of", "answered", "fewer_than", "same_text_as", "days_after", "less_than"].filter { keys[$0] != nil }
        guard tests.count == 1, let test = tests.first else {
            let names = "equals, one_of, answered, fewer_than, same_text_as, days_after, less_than"
            reader.report(node, sv: "ett villkor på '\(item)' behöver exakt ett av \(names)", en: "a condition on '\(item)' needs exactly one of \(names)")
            return nil
        }
        if keys["more_than"] != nil && test != "days_after" {
            reader.report(keys["more_than"], sv: "more_than hör till days_after", en: "more_than belongs with days_after")
        }
        let valueNode = keys[test] ?? node
        let condition: Condition?
        switch test {
        case "equals":
            condition = reader.string(valueNode, what: "equals").map { .equals(item: item, value: $0) }
        case "one_of":
            condition = .oneOf(item: item, values: reader.strings(valueNode, what: "one_of"))
        case "answered":
            condition = reader.bool(valueNode, what: "answered").map { .answered(item: item, $0) }
        case "fewer_than":
            condition = reader.int(valueNode, what: "fewer_than").map { .fewerThan(item: item, count: $0) }
        case "same_text_as":
            condition = reader.string(valueNode, what: "same_text_as").map { .sameTextAs(item: item, other: $0) }
        case "less_than":
            condition = reader.string(valueNode, what: "less_than").map { .lessThan(item: item, other: $0) }
        default:
            let other = reader.string(valueNode, what: "days_after")
            let days = reader.int(keys["more_than"], what: "more_than", at: node)
            condition = other.flatMap { other in days.map { .daysAfter(item: item, other: other, moreThan: $0) } }
        }
        if let condition {
            sites.append(ConditionSite(condition: condition, node: node, group: group, owner: owner))
        }
        return condition
    }

    mutating func reportMixed(_ node: Node) -> Condition? {
        reader.report(node, sv: "not, all och any ska stå ensamma i sitt villkor", en: "not, all and any must stand alone in their condition")
        return nil
    }

    /// Checks what needs every item known: names, values, types and cycles.
    mutating func validate() {
        var edges: [String: [(to: String, node: Node)]] = [:]
        for site in sites {
            for (index, name) in site.condition.itemIDs.enumerated() {
                let id: String, item: Item
                switch resolve(name, group: site.group) {
                case .found(let foundID, let foundItem):
                    (id, item) = (foundID, foundItem)
                case .ambiguous:
                    reader.report(site.node, sv: "\(site.place.sv) anger '\(name)', som mer än en grupp frågar efter; ge den ett annat id",
                                  en: "\(site.place.en) names '\(name)', which more than one group asks; give it another id")
                    continue
                case .unknown:
                    if !site.edgeOnly {
                        reader.report(site.node, sv: "\(site.place.sv) anger en okänd fråga '\(name)'", en: "\(site.place.en) names an unknown item '\(name)'")
                    }
                    continue
                }
                if let owner = site.owner { edges[owner, default: []].append((id, site.node)) }
                if site.edgeOnly { continue }
                guard index == 0 else {
                    checkComparedItem(item, site: site)
                    continue
                }
                checkValues(item, site: site)
            }
        }
        for (id, node) in references where !knownReferences.isEmpty && !knownReferences.contains(id) {
            reader.report(node, sv: "okänd lagreferens '\(id)' (se references.yaml)", en: "unknown legal reference '\(id)' (see references.yaml)")
        }
        if let notApplicable, items[notApplicable.reason] == nil {
            reader.report(notApplicable.node, sv: "not_applicable.reason anger en okänd fråga '\(notApplicable.reason)'",
                          en: "not_applicable.reason names an unknown item '\(notApplicable.reason)'")
        }
        reportCycles(edges)
    }

    /// Set by the catalog when it knows the reference table; empty means "not checked".
    var knownReferences: Set<String> = []

    mutating func checkValues(_ item: Item, site: ConditionSite) {
        switch site.condition {
        case .equals(_, let value):
            checkValue(value, of: item, site: site)
        case .oneOf(_, let values):
            for value in values { checkValue(value, of: item, site: site) }
        case .fewerThan:
            if item.type != .group && item.type != .multiChoice {
                reader.report(site.node, sv: "fewer_than behöver en grupp eller en fråga av typen multi_choice, inte '\(item.id)'",
                              en: "fewer_than needs a group or multi_choice item, not '\(item.id)'")
            }
        case .sameTextAs, .daysAfter, .lessThan:
            // Both items of these are checked alike.
            checkComparedItem(item, site: site)
        case .someEntry:
            if item.type != .group { reader.report(site.node, sv: "some_entry behöver en grupp, inte '\(item.id)'", en: "some_entry needs a group, not '\(item.id)'") }
        default:
            break
        }
    }

    /// The type of an item `same_text_as`, `days_after` or `less_than` compares (the first or the second).
    mutating func checkComparedItem(_ item: Item, site: ConditionSite) {
        switch site.condition {
        case .sameTextAs:
            if !item.type.isText { reader.report(site.node, sv: "same_text_as behöver textfrågor, inte '\(item.id)'", en: "same_text_as needs text items, not '\(item.id)'") }
        case .daysAfter:
            if item.type != .date { reader.report(site.node, sv: "days_after behöver datumfrågor, inte '\(item.id)'", en: "days_after needs date items, not '\(item.id)'") }
        case .lessThan:
            if item.type != .number { reader.report(site.node, sv: "less_than behöver sifferfrågor, inte '\(item.id)'", en: "less_than needs number items, not '\(item.id)'") }
        default:
            break
        }
    }

    mutating func checkValue(_ value: String, of item: Item, site: ConditionSite) {
        guard let allowed = item.allowedValues else {
            if item.type == .group {
                reader.report(site.node, sv: "'\(item.id)' är en grupp: använd fewer_than eller answered", en: "'\(item.id)' is a group: use fewer_than or answered")
            }
            return
        }
        if !allowed.contains(value) {
            let values = allowed.joined(separator: ", ")
            reader.report(site.node, sv: "'\(item.id)' har inget värde '\(value)' (dess värden: \(values))", en: "'\(item.id)' has no value '\(value)' (its values: \(values))")
        }
    }

    mutating func reportCycles(_ edges: [String: [(to: String, node: Node)]]) {
        enum Mark { case visiting, done }
        var marks: [String: Mark] = [:]
        var reported = false
        func visit(_ id: String, path: [String], parser: inout Parser) {
            if reported { return }
            marks[id] = .visiting
            for edge in edges[id] ?? [] {
                if marks[edge.to] == .visiting {
                    let start = path.firstIndex(of: edge.to) ?? 0
                    let cycle = (path[start...] + [id, edge.to]).uniqued()
                    let circle = cycle.joined(separator: " → ") + " → " + edge.to
                    parser.reader.report(edge.node, sv: "villkoren beror av varandra i en cirkel: \(circle)", en: "conditions depend on each other in a circle: \(circle)")
                    reported = true
                    return
                }
                if marks[edge.to] == nil { visit(edge.to, path: path + [id], parser: &parser) }
            }
            marks[id] = .done
        }
        for id in edges.keys.sorted() where marks[id] == nil {
            visit(id, path: [], parser: &self)
        }
    }

    static func isIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }
    }
}

private extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}

private extension ArraySlice where Element: Hashable {
    func uniqued() -> [Element] { Array(self).uniqued() }
}
