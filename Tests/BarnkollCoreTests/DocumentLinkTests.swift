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

    @Test func everyLinkBetweenThePagesOpensAPageAndASectionThatExist() throws {
        let pages = try Self.pages()
        #expect(pages.contains("docs/benchmarks-history.md") && pages.contains("docs/operations.md"))
        var anchors: [String: Set<String>] = [:]
        var broken: [String] = []
        var checked = 0
        for page in pages {
            for line in try Self.prose(page) {
                for link in line.matches(of: /\]\(([^)\s]+)\)/) {
                    let target = String(link.1)
                    guard !target.contains("://"), !target.hasPrefix("mailto:") else { continue }
                    let parts = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                    let file = parts[0].isEmpty ? page
                        : URL(fileURLWithPath: page, relativeTo: Self.root).deletingLastPathComponent()
                            .appendingPathComponent(parts[0]).standardized.path.replacing(Self.root.standardized.path + "/", with: "")
                    checked += 1
                    guard FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(file).path) else {
                        broken.append("\(page): \(target) (no such file)")
                        continue
                    }
                    guard parts.count == 2, file.hasSuffix(".md") else { continue }
                    if anchors[file] == nil { anchors[file] = try Self.anchors(file) }
                    if anchors[file]?.contains(parts[1]) != true { broken.append("\(page): \(target) (no such section)") }
                }
            }
        }
        #expect(checked > 200)
        #expect(broken.isEmpty, "\(broken.joined(separator: "\n"))")
    }
}
