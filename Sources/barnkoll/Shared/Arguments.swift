import ArgumentParser
import BarnkollCore

/// The command line as typed, put in the shape ArgumentParser reads, before it reads it:
/// global options given before or between the subcommand's words move after them (as with git
/// and docker, `barnkoll --store PATH list` is `barnkoll list --store PATH`), and a word that
/// names no subcommand is named with the nearest one instead of being taken for an argument.
enum Arguments {
    /// The global options (`GlobalOptions`, `ScreenOptions`), and whether each takes a value.
    static let global: [String: Bool] = [
        "--store": true, "--checklists": true, "--lang": true, "--theme": true, "--plain": false, "--training": false,
    ]
    /// The front end's options (`ScreenOptions`): only where a command `ShowsScreen`.
    static let screen: Set<String> = ["--plain", "--theme"]

    /// A command line that cannot be read as typed.
    enum Mistake: Error {
        case unknownCommand(UnknownCommand)
        /// A global option on a command where it does nothing (--plain on `show`, --training on `stats`).
        case optionNotHere(option: String, command: String)
    }

    /// A word in the subcommand's place that names none.
    struct UnknownCommand: Error, Equatable {
        var word: String
        /// The command it was typed under ("barnkoll", "barnkoll review").
        var under: String
        var nearest: String?
        var known: [String]
    }

    /// `arguments` without the program's name, rearranged; throws for a mistyped subcommand.
    static func arranged(_ arguments: [String], root: any ParsableCommand.Type = Barnkoll.self) throws(Mistake) -> [String] {
        var path: [String] = []
        var moved: [String] = []
        var command = root
        var index = 0
        var names = [root._commandName]
        var options: [String] = []
        while index < arguments.count {
            let word = arguments[index]
            if word == "--" { break }
            let name = word.split(separator: "=", maxSplits: 1).first.map(String.init) ?? word
            if let takesValue = global[name] {
                options.append(name)
                moved.append(word)
                if takesValue && !word.contains("=") && index + 1 < arguments.count {
                    moved.append(arguments[index + 1])
                    index += 1
                }
                index += 1
                continue
            }
            if word.hasPrefix("-") { break }
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty else { break }
            if let next = subcommands.first(where: { $0._commandName == word }) {
                path.append(word)
                names.append(word)
                command = next
                index += 1
                continue
            }
            // `barnkoll help list` is ArgumentParser's own.
            if word == "help" { break }
            let known = subcommands.map { $0._commandName }
            throw .unknownCommand(UnknownCommand(word: word, under: names.joined(separator: " "), nearest: nearest(word, in: known),
                                                 known: known))
        }
        // A group without its subcommand runs its default one.
        while let next = command.configuration.defaultSubcommand, !arguments.contains("--help"), !arguments.contains("-h") {
            command = next
        }
        // Those typed after the command's own words count too.
        for word in arguments[index...].prefix(while: { $0 != "--" }) {
            let name = word.split(separator: "=", maxSplits: 1).first.map(String.init) ?? word
            if global[name] != nil { options.append(name) }
        }
        for option in options {
            if screen.contains(option) && !(command is any ShowsScreen.Type) || option == "--training" && command is any RealStoreOnly.Type {
                throw .optionNotHere(option: option, command: names.joined(separator: " "))
            }
        }
        let rest = Array(arguments[index...])
        guard let end = rest.firstIndex(of: "--") else { return path + rest + moved }
        return path + rest[..<end] + moved + rest[end...]
    }

    /// The known word closest to `word`, if it is close enough to be what was meant.
    static func nearest(_ word: String, in known: [String]) -> String? {
        let typed = word.lowercased()
        let scored = known.map { ($0, distance(typed, $0)) }.sorted { $0.1 < $1.1 }
        guard let best = scored.first else { return nil }
        if let prefixed = known.first(where: { $0.hasPrefix(typed) && typed.count >= 2 }), best.1 > 1 { return prefixed }
        return best.1 <= max(1, min(2, best.0.count / 3)) ? best.0 : nil
    }

    /// Edits from one word to the other: inserting, deleting or changing a letter, or swapping two
    /// neighbours (optimal string alignment), so `shwo` is one from `show`.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
