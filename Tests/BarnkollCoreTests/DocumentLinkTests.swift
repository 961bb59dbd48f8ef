import Foundation
import Testing

/// The front door and the manuals link into one another by section (`operations.md#…`): a heading
/// renamed or a section moved to another page must not leave a link that opens the top of a page,
/// or no page at all.
struct DocumentLinks {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Every Markdown page a reader is sent to: the README, SECURITY.md, docs/ and checklists/.
    static func pages() throws -> [String] {
        let manager = FileManager.default
        var pages = ["README.md", "SECURITY.md"].filter { manager.fileExists(atPath: root.appendingPathComponent($0).path) }
        for folder in ["docs", "checklists"] {
            pages += try manager.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)
                .filter { $0.hasSuffix(".md") }.sorted().map { "\(folder)/\($0)" }
        }
        return pages
    }

    /// The page's lines outside fenced code, inline code taken out (a heading's kept, as its
    /// anchor keeps it).
    static func prose(_ page: String, headings: Bool = false) throws -> [String] {
        let text = try String(contentsOf: root.appendingPathComponent(page), encoding: .utf8)
        var inFence = false
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inFence.toggle(); continue }
            guard !inFence else { continue }
            lines.append(headings && line.hasPrefix("#") ? String(line) : String(line).replacing(/`[^`]*`/, with: ""))
        }
        return lines
    }

    /// A heading's anchor as GitHub makes it: lower case, spaces to hyphens, every other mark but
    /// `-` and `_` left out; a repeated heading gets `-1`, `-2`, ….
    static func anchors(_ page: String) throws -> Set<String> {
        var seen: [String: Int] = [:]
        var anchors: Set<String> = []
        for line in try prose(page, headings: true) {
            guard let match = line.wholeMatch(of: /#{1,6} (.*)/) else { continue }
            var slug = ""
            for scalar in match.1.trimmingCharacters(in: .whitespaces).lowercased().unicodeScalars {
                if scalar == " " { slug += "-" } else if scalar == "-" || scalar == "_" || CharacterSet.alphanumerics.contains(scalar) {
                    slug.unicodeScalars.append(scalar)
                }
            }
            let count = seen[slug, default: 0]
            anchors.insert(count == 0 ? slug : "\(slug)-\(count)")
            seen[slug] = count + 1
        }
        return anchors
    }

    /// The page's links to files of the project (none to the web or mail): as written, the file
    /// from the project's root, and the section after `#`.
    static func links(_ page: String) throws -> [(target: String, file: String, anchor: String?)] {
        try prose(page).flatMap { line in
            line.matches(of: /\]\(([^)\s]+)\)/).compactMap { link -> (target: String, file: String, anchor: String?)? in
                let target = String(link.1)
                guard !target.contains("://"), !target.hasPrefix("mailto:") else { return nil }
                let parts = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let file = parts[0].isEmpty ? page
                    : URL(fileURLWithPath: page, relativeTo: root).deletingLastPathComponent()
                        .appendingPathComponent(parts[0]).standardized.path.replacing(root.standardized.path + "/", with: "")
                return (target, file, parts.count == 2 ? parts[1] : nil)
            }
        }
    }

    @Test func everyLinkBetweenThePagesOpensAPageAndASectionThatExist() throws {
        let pages = try Self.pages()
        #expect(pages.contains("docs/benchmarks-history.md") && pages.contains("docs/operations.md"))
        var anchors: [String: Set<String>] = [:]
        var broken: [String] = []
        var checked = 0
        for page in pages {
            for (target, file, anchor) in try Self.links(page) {
                checked += 1
                guard FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(file).path) else {
                    broken.append("\(page): \(target) (no such file)")
                    continue
                }
                guard let anchor, file.hasSuffix(".md") else { continue }
                if anchors[file] == nil { anchors[file] = try Self.anchors(file) }
                if anchors[file]?.contains(anchor) != true { broken.append("\(page): \(target) (no such section)") }
            }
        }
        #expect(checked > 200)
        #expect(broken.isEmpty, "\(broken.joined(separator: "\n"))")
    }

    /// A heading's text, as written.
    static func headings(_ page: String) throws -> [String] {
        try prose(page, headings: true).compactMap { line in
            line.wholeMatch(of: /#{1,6} (.*)/).map { String($0.1).trimmingCharacters(in: .whitespaces) }
        }
    }

    /// The pages `page` links to, itself first.
    static func linked(from page: String) throws -> [String] {
        var pages = [page]
        for link in try links(page) where link.file.hasSuffix(".md") && !pages.contains(link.file) {
            pages.append(link.file)
        }
        return pages
    }

    /// Code, tests, CI and error messages send a reader to a page of docs/, checklists/README.md or
    /// SECURITY.md, often to a section by its title (`docs/operations.md, "The server, once"`). The
    /// page must exist and the section must begin with that title, on the page or one link away: a
    /// migration is never edited once shipped, and what its comment named may since have moved to a
    /// page of its own (benchmarks-history.md).
    @Test func everyPageAndSectionTheCodeNamesExists() throws {
        let manager = FileManager.default
        var broken: [String] = []
        var checked = 0
        var titled = 0
        var near: [String: [String]] = [:]  // the headings on a page and one link away
        for folder in ["Sources", "Tests", ".ci"] {
            guard let files = manager.enumerator(atPath: Self.root.appendingPathComponent(folder).path) else { continue }
            for case let file as String in files {
                let path = "\(folder)/\(file)"
                guard let text = try? String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8) else { continue }
                // A title may run on over the next comment line.
                let joined = text.replacing(/\n[ \t]*(?:\/\/\/|\/\/|--|#)[ \t]*/, with: " ")
                for reference in joined.matches(of: /(docs\/[A-Za-z0-9_-]+\.(?:md|1)|checklists\/README\.md|SECURITY\.md)(#[a-z0-9_-]+)?(?:,\s*\\?"([^"\\]+))?/) {
                    let page = String(reference.1)
                    checked += 1
                    guard manager.fileExists(atPath: Self.root.appendingPathComponent(page).path) else {
                        broken.append("\(path): \(page) (no such file)")
                        continue
                    }
                    if let anchor = reference.2, try !Self.anchors(page).contains(String(anchor.dropFirst())) {
                        broken.append("\(path): \(page)\(anchor) (no such section)")
                    }
                    guard let quoted = reference.3 else { continue }
                    titled += 1
                    let title = String(quoted).trimmingCharacters(in: CharacterSet(charactersIn: " …"))
                    if near[page] == nil {
                        near[page] = try Self.linked(from: page).flatMap { try Self.headings($0) }
                    }
                    let found = near[page, default: []].contains { $0.hasPrefix(title) }
                    if !found { broken.append("\(path): \(page), \"\(title)\" (no such section)") }
                }
            }
        }
        #expect(checked > 40 && titled > 10)
        #expect(broken.isEmpty, "\(broken.joined(separator: "\n"))")
    }
}
