import BarnkollCore
import GRDB
import GRDBSQLite

/// The words of the full-text index, each once, in a table of their own (`search_term`, v11).
///
/// FTS5 in SQLite 3.40 answers a word's start (`"mormor"*`) by first gathering every match of
/// every word that starts so: at 100,000 analyses a common word has 400,000 matches, 20 ms before
/// the first row. A whole word (`"mormor"`) it walks from the newest match and leaves after a page.
/// So a typed word is expanded here into the whole words that start with it. The words are split
/// by FTS5's own tokenizer, with the index's own options, so the table holds exactly its terms.
///
/// The table only grows while people type: a word edited away stays (as it does in FTS5's own
/// segments until they merge). A purge rebuilds it from the index, so no word of what a purge
/// deleted is left. `verify` checks that every word of the index is here.
enum SearchTerms {
    /// More whole words than this with one start (a start of a letter or two): the start itself,
    /// which FTS5 gathers; that many merged walks would cost more.
    static let expansionLimit = 32

    /// Fills the table from the index itself (`answer_fts_terms` reads its words): at the
    /// migration, and after a purge.
    static func rebuild(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM search_term")
        try db.execute(sql: "INSERT INTO search_term (term) SELECT term FROM answer_fts_terms")
    }

    /// How many words of the index the table lacks; a search would miss the answers holding them.
    static func missing(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (SELECT term FROM answer_fts_terms EXCEPT SELECT term FROM search_term)") ?? 0
    }

    /// Adds the words of an answer's new text. Those of its old text are there already.
    static func record(_ text: String, replacing old: String?, _ db: Database) throws {
        let tokens = try tokens(in: [text, old ?? ""], db)
        let new = Set(tokens[0]).subtracting(tokens[1])
        let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO search_term (term) VALUES (?)")
        for term in new { try insert.execute(arguments: [term]) }
    }

    /// An FTS5 query for words a person typed: every word must appear, as a word or a word's start.
    static func query(_ text: String, _ db: Database) throws -> String? {
        let words = AnalysisFilter(search: text).searchWords
        guard !words.isEmpty else { return nil }
        let tokens = try tokens(in: words, db)
        return try zip(words, tokens).map { word, tokens in
            let start = "\"\(word.lowercased())\"*"
            guard tokens.count == 1, let token = tokens.first else { return start }
            // Code points sort as their UTF-8 bytes, and U+10FFFF after every one.
            let whole = try String.fetchAll(db.cachedStatement(sql: "SELECT term FROM search_term WHERE term >= ? AND term < ? ORDER BY term LIMIT ?"),
                                            arguments: [token, token + "\u{10FFFF}", expansionLimit + 1])
            guard (1...expansionLimit).contains(whole.count) else { return start }
            return "(" + whole.map { "\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\"" }.joined(separator: " OR ") + ")"
        }.joined(separator: " AND ")
    }

    // MARK: - FTS5's tokenizer

    /// The tokens FTS5 makes of each text, in order, as its index holds them.
    static func tokens(in texts: [String], _ db: Database) throws -> [[String]] {
        var tokenizer = fts5_tokenizer()
        var context: UnsafeMutableRawPointer?
        let api = try fts5API(db)
        guard let find = api.pointee.xFindTokenizer, find(api, "unicode61", &context, &tokenizer) == SQLITE_OK,
              let create = tokenizer.xCreate, let tokenize = tokenizer.xTokenize else {
            throw failure("FTS5 has no unicode61 tokenizer")
        }
        // The index's own options (Schema.v1: tokenize='unicode61 remove_diacritics 0').
        var instance: OpaquePointer?
        let status = "remove_diacritics".withCString { option in
            "0".withCString { value in
                var arguments: [UnsafePointer<CChar>?] = [option, value]
                return create(context, &arguments, 2, &instance)
            }
        }
        guard status == SQLITE_OK, let instance else { throw failure("FTS5's tokenizer could not be made (\(status))") }
        defer { tokenizer.xDelete?(instance) }
        return try texts.map { text in
            var tokens: [String] = []
            var utf8 = text
            let result = utf8.withUTF8 { bytes in
                withUnsafeMutablePointer(to: &tokens) { found in
                    bytes.withMemoryRebound(to: CChar.self) { text in
                        tokenize(instance, UnsafeMutableRawPointer(found), FTS5_TOKENIZE_DOCUMENT, text.baseAddress, Int32(text.count)) { into, _, token, length, _, _ in
                            guard let into, let token else { return SQLITE_OK }
                            let bytes = UnsafeRawBufferPointer(start: token, count: Int(length))
                            into.assumingMemoryBound(to: [String].self).pointee.append(String(decoding: bytes, as: UTF8.self))
                            return SQLITE_OK
                        }
                    }
                }
            }
            guard result == SQLITE_OK else { throw failure("FTS5's tokenizer failed (\(result))") }
            return tokens
        }
    }

    /// FTS5 is part of every SQLite barnkoll opens (the schema needs it): these are not a user's mistake.
    private static func failure(_ message: String) -> DatabaseError {
        DatabaseError(resultCode: .SQLITE_ERROR, message: message)
    }

    /// The connection's FTS5 interface, handed out through `SELECT fts5(?)` as SQLite documents.
    private static func fts5API(_ db: Database) throws -> UnsafeMutablePointer<fts5_api> {
        // Prepared once per connection (a save asks for it), and left reset with no pointer bound.
        let statement = try db.cachedStatement(sql: "SELECT fts5(?1)").sqliteStatement
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        var api: UnsafeMutablePointer<fts5_api>?
        // SQLite keeps the type name's pointer while the value lives: it must be static.
        let type = UnsafeRawPointer(("fts5_api_ptr" as StaticString).utf8Start).assumingMemoryBound(to: CChar.self)
        withUnsafeMutablePointer(to: &api) { pointer in
            _ = sqlite3_bind_pointer(statement, 1, pointer, type, nil)
            _ = sqlite3_step(statement)
        }
        guard let api else { throw failure("FTS5 did not hand out its interface") }
        return api
    }
}
