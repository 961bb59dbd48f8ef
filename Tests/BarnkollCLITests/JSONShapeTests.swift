import BarnkollCore
import BarnkollStore
import Foundation
import Testing

/// The documented key paths of one JSON output, read from docs/json.md.
struct DocumentedShape {
    /// Every documented path, with whether it is always there.
    var paths: [String: Bool] = [:]

    /// The tables of docs/json.md by heading: "`barnkoll list --format json`" → its rows.
    static let all: [String: DocumentedShape] = {
        let path = CLI.packageRoot.appendingPathComponent("docs/json.md").path
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        var shapes: [String: DocumentedShape] = [:]
        var heading: String?
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("## ") {
                let name = line.dropFirst(3).trimmingCharacters(in: CharacterSet(charactersIn: "` "))
                heading = name
                shapes[name] = shapes[name] ?? DocumentedShape()
            } else if let heading, line.hasPrefix("| `") {
                let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                guard cells.count >= 3 else { continue }
                let key = cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
                shapes[heading, default: DocumentedShape()].paths[key] = cells[2] == "always"
            }
        }
        return shapes
    }()

    /// Whether the documentation goes inside `path` (else it is opaque: answers by item id, conditions).
    func describesInside(_ path: String) -> Bool {
        let prefixes = path.isEmpty ? ["[]."] : [path + ".", path + "[]."]
        return paths.keys.contains { key in prefixes.contains { key.hasPrefix($0) } }
    }

    /// The paths in `json`, descending only where the documentation does; and the arrays holding objects.
    func flatten(_ json: Any, at path: String = "", into found: inout Set<String>, arrays: inout Set<String>) {
        if let object = json as? [String: Any] {
            for (key, value) in object {
                let child = path.isEmpty ? key : path + "." + key
                found.insert(child)
                if describesInside(child) { flatten(value, at: child, into: &found, arrays: &arrays) }
            }
        } else if let array = json as? [Any] {
            for element in array where element is [String: Any] {
                arrays.insert(path)
                flatten(element, at: path + "[]", into: &found, arrays: &arrays)
            }
        }
    }

    /// Problems with `json` against the documentation; empty when it fits.
    func problems(_ json: Any) -> [String] {
        var found: Set<String> = []
        var arrays: Set<String> = []
        flatten(json, into: &found, arrays: &arrays)
        var problems = found.subtracting(paths.keys).sorted().map { "undocumented key \($0)" }
        for (path, always) in paths where always && !found.contains(path) {
            // A key of the objects in an array is only required when the array has objects.
            guard let range = path.range(of: "[].", options: .backwards) else {
                problems.append("missing key \(path)")
                continue
            }
            let array = String(path[..<range.lowerBound])
            if arrays.contains(array) { problems.append("missing key \(path)") }
        }
        return problems.sorted()
    }
}

/// Every `--format json` output checked against docs/json.md, on a store with returned, submitted
/// and incomplete analyses, hard stops, warnings and overdue feedback.
@Suite struct JSONShapes {
    /// `output` against the section `heading` of docs/json.md; the training commands' tests call it too.
    static func check(_ heading: String, _ output: String, shape: DocumentedShape? = nil,
                      sourceLocation: SourceLocation = #_sourceLocation) {
        guard let shape = shape ?? DocumentedShape.all[heading] else {
            Issue.record("docs/json.md has no section `\(heading)`", sourceLocation: sourceLocation)
            return
        }
        guard let json = try? JSONSerialization.jsonObject(with: Data(output.utf8), options: [.fragmentsAllowed]) else {
            Issue.record("\(heading): not JSON: \(output.prefix(200))", sourceLocation: sourceLocation)
            return
        }
        let problems = shape.problems(json)
        #expect(problems.isEmpty, "\(heading): \(problems.joined(separator: "; "))", sourceLocation: sourceLocation)
    }

    @Test func everyJSONOutputHasItsDocumentedShape() throws {
        let cli = CLI()
        defer { cli.remove() }
        let returned = cli.run(["fill", "--checklist", "barnkonsekvensanalys", "--answers", completeAnswers, "--submit"])
            .stdout.split(separator: "\n").first.map(String.init) ?? ""
        let submitted = cli.run(["fill", "--checklist", "barnkonsekvensanalys", "--answers", completeAnswers, "--submit"])
            .stdout.split(separator: "\n").first.map(String.init) ?? ""
        let stopped = cli.write("stopped.yaml", """
            case_ref: EB-2026-5
            children_affected: "yes"
            care_measure: "yes"
            in_line: "no"
            art2: ok
            """)
        let incomplete = cli.run(["fill", "--checklist", "barnkonsekvensanalys", "--answers", stopped])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let store = try SQLiteStore.open(path: cli.store, kind: .real)
        try store.setRole(.supervisor, for: "bertil", granted: true, by: Account.current)
        try store.return(returned, by: "bertil", comment: "Citera Noah.", itemComments: ["child_voice": "Med Noahs egna ord."])

        Self.check("barnkoll list --format json", cli.run(["list", "--format", "json"]).stdout)
        Self.check("barnkoll list --format json", cli.run(["review", "list", "--format", "json"]).stdout)
        for id in [returned, submitted, incomplete] {
            Self.check("barnkoll show ID --format json", cli.run(["show", id, "--format", "json"]).stdout)
        }
        let show = try #require(DocumentedShape.all["barnkoll show ID --format json"])
        var export = DocumentedShape()
        for (path, always) in show.paths { export.paths["[]." + path] = always }
        Self.check("barnkoll export --format json", cli.run(["export", "--format", "json"]).stdout, shape: export)
        Self.check("barnkoll checklists list --format json", cli.run(["checklists", "list", "--format", "json"]).stdout)
        for checklist in ["barnkonsekvensanalys", "barnchecklista"] {
            Self.check("barnkoll checklists show ID --format json", cli.run(["checklists", "show", checklist, "--format", "json"]).stdout)
        }
        let followUp = cli.run(["review", "follow-up", "--today", "2026-12-01", "--format", "json"]).stdout
        #expect(followUp.contains("feedback_overdue"))
        Self.check("barnkoll review follow-up --format json", followUp)
        let diff = cli.run(["review", "diff", returned, "0", "current", "--format", "json"]).stdout
        #expect(diff.contains("\"added\""))
        Self.check("barnkoll review diff ID [FROM] [TO] --format json", diff)
        // The checks above do catch a change: an output with a key renamed fails.
        let renamed = cli.run(["list", "--format", "json"]).stdout.replacingOccurrences(of: "\"case_ref\"", with: "\"case\"")
        let problems = try #require(DocumentedShape.all["barnkoll list --format json"]).problems(
            try JSONSerialization.jsonObject(with: Data(renamed.utf8)))
        #expect(problems == ["missing key [].case_ref", "undocumented key [].case"])
    }

    @Test func everyFormatOptionOfferingJSONIsDocumented() {
        let documented = Set(DocumentedShape.all.keys)
        let cli = CLI()
        defer { cli.remove() }
        for command in [["list"], ["show"], ["export"], ["checklists", "list"], ["checklists", "show"],
                        ["review", "list"], ["review", "follow-up"], ["review", "diff"],
                        ["train", "cases"], ["train", "status"], ["train", "compare"]] {
            let help = cli.run(command + ["--help"], useStore: false).stdout
            #expect(help.contains("json"), "\(command)")
            let name = "barnkoll " + command.joined(separator: " ")
            #expect(documented.contains { $0.hasPrefix(name + " ") } || command == ["review", "list"],
                    "\(name) --format json is not in docs/json.md")
        }
    }
}

/// Shell completion and the manual page.
@Suite struct ShellConventions {
    static let subcommands = ["home", "new", "open", "fill", "submit", "revise", "note", "list", "show", "export", "review", "checklists", "admin",
                              "train", "stats", "verify", "backup", "purge"]

    @Test(arguments: ["bash", "zsh", "fish"]) func completionScripts(shell: String) {
        let cli = CLI()
        defer { cli.remove() }
        let result = cli.run(["--generate-completion-script", shell], useStore: false)
        #expect(result.status == 0, "\(result.stderr)")
        for name in Self.subcommands + ["approve", "follow-up", "--plain", "--theme", "--store"] {
            // fish names long options without their dashes.
            let written = shell == "fish" && name.hasPrefix("--") ? "'\(name.dropFirst(2))" : name
            #expect(result.stdout.contains(written), "\(shell) completion lacks \(name)")
        }
    }

    static let manPage = CLI.packageRoot.appendingPathComponent("docs/barnkoll.1").path

    @Test func theManualPageCoversEveryCommandAndTheExitCodes() throws {
        let text = try String(contentsOfFile: Self.manPage, encoding: .utf8)
        #expect(text.hasPrefix(".TH BARNKOLL 1") || text.contains("\n.TH BARNKOLL 1"))
        for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "PLAIN MODE", "OPTIONS", "ENVIRONMENT", "EXIT STATUS", "FILES"] {
            #expect(text.contains(".SH \"\(section)\"") || text.contains(".SH \(section)"), "no section \(section)")
        }
        let cli = CLI()
        defer { cli.remove() }
        let help = cli.run(["--help"], useStore: false).stdout
        for name in Self.subcommands {
            #expect(help.contains("  \(name)"), "\(name) is not a command any more")
            #expect(text.contains(".B \(name)") || text.contains("\\fB\(name)\\fR"), "the manual page does not describe \(name)")
        }
        for code in ["0", "1", "2", "130"] { #expect(text.contains(".B \(code)\n"), "exit status \(code)") }
        // Every version agrees: the manual's header names the version --version prints.
        let version = cli.run(["--version"], useStore: false).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(text.contains("\"barnkoll \(version)\""))
    }

    /// The command reference on the page is generated from the commands (barnkoll-manual); a
    /// command, an option or a help text changed without regenerating it fails here.
    @Test func theManualPagesCommandReferenceIsUpToDate() throws {
        let tool = URL(fileURLWithPath: CLI.binary).deletingLastPathComponent().appendingPathComponent("barnkoll-manual").path
        try #require(FileManager.default.isExecutableFile(atPath: tool), "no \(tool): swift build --build-tests builds it")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = [CLI.binary, Self.manPage, "--check"]
        let err = Pipe()
        process.standardError = err
        try process.run()
        let said = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(said)")
        // And the reference is there: every command, and the options only where they act.
        let text = try String(contentsOfFile: Self.manPage, encoding: .utf8)
        #expect(text.contains(".SS \"barnkoll review approve\""))
        let show = text.components(separatedBy: ".SS \"barnkoll show\"").last?.components(separatedBy: ".SS").first ?? ""
        #expect(show.contains("\\-\\-training") && !show.contains("\\-\\-plain"), "\(show)")
    }

    static let groff = ["/usr/bin/groff", "/usr/local/bin/groff"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: groff != nil, "groff is not installed; the page is checked as text only"))
    func theManualPageRendersWithoutWarnings() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.groff ?? "")
        process.arguments = ["-man", "-Tutf8", "-ww", "-P-cbou", Self.manPage]
        process.environment = ["LANG": "C.UTF-8", "PATH": "/usr/bin:/bin:/usr/local/bin"]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let group = DispatchGroup()
        nonisolated(unsafe) var rendered = Data()
        group.enter()
        DispatchQueue.global().async {
            rendered = out.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let warnings = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        group.wait()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(warnings.isEmpty, "\(warnings)")
        let page = String(decoding: rendered, as: UTF8.self)
        #expect(page.contains("EXIT STATUS"))
        #expect(page.contains("BARNKOLL_PLAIN"))
    }
}
