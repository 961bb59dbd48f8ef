import Foundation

/// ArgumentParser's own words (a usage mistake, the headings of `--help`) in Swedish: it has no
/// translations of its own, so its English is rewritten line by line by these patterns. The
/// commands' and options' own help is written in both languages where it is declared (`Help`).
enum UsageWords {
    private static let patterns: [(NSRegularExpression, String)] = [
        (#"^Error: "#, "Fel: "),
        (#"Missing expected argument '([^']+)'"#, "argumentet '$1' saknas"),
        (#"Missing one of: (.+)$"#, "något av $1 saknas"),
        (#"Missing value for '([^']+)'"#, "värde saknas för '$1'"),
        (#"Unknown option '([^']+)'\. Did you mean '([^']+)'\?"#, "okänd flagga '$1'; menade du '$2'?"),
        (#"Unknown option '([^']+)'"#, "okänd flagga '$1'"),
        (#"Invalid option: (.+)$"#, "ogiltig flagga: $1"),
        (#"Unexpected argument '([^']+)'"#, "oväntat argument '$1'"),
        (#"(\d+) unexpected arguments: (.+)$"#, "$1 oväntade argument: $2"),
        (#"The value '([^']*)' is invalid for '([^']+)'"#, "värdet '$1' går inte för '$2'"),
        (#"\. Please provide one of the following:"#, ". Ange ett av följande:"),
        (#"\. Please provide one of (.+)\.$"#, ". Ange $1."),
        (#"The option '([^']+)' does not take any value, but '([^']*)' was specified\."#, "flaggan '$1' tar inget värde, men '$2' angavs."),
        (#"Value to be set with (.+) had already been set with (.+)$"#, "$1 anger ett värde som redan angavs med $2"),
        (#"Missing required subcommand\."#, "ett underkommando saknas."),
        (#"^Usage: "#, "Användning: "),
        (#"^  See '([^']+)' for more information\."#, "  Se '$1' för mer."),
        (#"^USAGE:"#, "ANVÄNDNING:"),
        // ArgumentParser's own placeholders in a usage line; the values' names are ours (`Help`).
        (#"<subcommand>"#, "<underkommando>"),
        (#"<subcommands>"#, "<underkommandon>"),
        (#"<options>"#, "<flaggor>"),
        (#"^OVERVIEW:"#, "ÖVERSIKT:"),
        (#"^ARGUMENTS:"#, "ARGUMENT:"),
        (#"^OPTIONS:"#, "FLAGGOR:"),
        (#"^SUBCOMMANDS:"#, "UNDERKOMMANDON:"),
        (#"^  See '([^']+)' for detailed help\."#, "  Se '$1' för utförlig hjälp."),
        (#"Show help information\."#, "Visa hjälpen."),
        (#"Show the version\."#, "Visa versionen."),
        // ArgumentParser wraps help at any space, so the value after these words may be on the next line.
        (#"\(default:(\s)"#, "(förval:$1"),
        (#";(\s+)default:(\s)"#, ";$1förval:$2"),
        (#"^Help:  "#, "Hjälp:  "),
        (#"\(values:(\s)"#, "(värden:$1"),
        // The default subcommand ("home (default)"), its description kept in its column; or at a line's end, or alone.
        (#"^(  \S+) \(default\) "#, "$1 (förval)  "),
        (#"^(  \S+) \(default\)$"#, "$1 (förval)"),
        (#"^  \(default\)$"#, "  (förval)"),
    ].compactMap { pattern, template in
        (try? NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines])).map { ($0, template) }
    }

    /// `text` with ArgumentParser's English rewritten in Swedish; the lists of values it quotes
    /// (`'a', 'b' or 'c'`) read "eller" and "och".
    static func swedish(_ text: String) -> String {
        var result = text
        for (expression, template) in patterns {
            let range = NSRange(result.startIndex..., in: result)
            result = expression.stringByReplacingMatches(in: result, range: range, withTemplate: template)
        }
        if result.contains(". Ange '") {
            result = result.replacingOccurrences(of: "' or '", with: "' eller '").replacingOccurrences(of: "' and '", with: "' och '")
        }
        return result
    }
}
