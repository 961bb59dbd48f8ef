import BarnkollCore
import Foundation

/// Why a file cannot be opened as a store: the SQLite adapter's own failures, which become
/// Core's `StoreError.cannotOpen` with these words, in both languages.
enum SQLiteFileProblem {
    /// Why a file is not a store of ours, in both languages.
    enum NotOurs {
        case tooShort, notSQLite, anotherProgram, unknownKind(String)

        var words: Localized {
            switch self {
            case .tooShort: Localized(sv: "filen är för kort: avkortad, eller ingen databas", en: "the file is too short: truncated or not a database")
            case .notSQLite: Localized(sv: "det är ingen SQLite-databas", en: "it is not a SQLite database")
            case .anotherProgram: Localized(sv: "det är ett annat programs SQLite-databas", en: "it is a SQLite database of another program")
            case .unknownKind(let kind): Localized(sv: "okänd lagertyp '\(kind)'", en: "unknown store kind '\(kind)'")
            }
        }
    }

    static func notOurs(path: String, why: NotOurs) -> StoreError {
        .cannotOpen(store: path, sv: "inget barnkoll-lager (\(why.words.sv)); inget ändrades",
                    en: "not a barnkoll store (\(why.words.text(.en))); nothing was changed")
    }

    static func octal(_ mode: Int) -> String {
        let octal = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - octal.count)) + octal
    }

    /// A store file every account on the host can read or write: refused, changing nothing.
    static func openToOthers(path: String, mode: Int) -> StoreError {
        .cannotOpen(store: path,
                    sv: "nekas: alla konton på datorn kan läsa eller skriva lagerfilen (läge \(octal(mode))); inget ändrades. "
                        + "Rätta det med: chmod o-rwx \(path)",
                    en: "refused: every account on this host can read or write this store file (mode \(octal(mode))); "
                        + "nothing was changed. Fix it with: chmod o-rwx \(path)")
    }

    /// A private store file (not in a folder shared with its group) that other members of its group can read or write.
    static func openToGroup(path: String, mode: Int, group: String) -> StoreError {
        .cannotOpen(store: path,
                    sv: "nekas: de andra medlemmarna i gruppen \(group) kan läsa eller skriva lagerfilen (läge \(octal(mode))), "
                        + "och den ligger inte i en mapp som delas med gruppen; inget ändrades. Rätta det med: chmod g-rwx \(path) "
                        + "(ett lager för en grupp hör hemma i en mapp gjord med install -d -m 2770 -g GRUPP MAPP)",
                    en: "refused: the other members of the group \(group) can read or write this store file (mode \(octal(mode))), "
                        + "and it is not in a folder shared with the group; nothing was changed. Fix it with: chmod g-rwx \(path) "
                        + "(a store for a team belongs in a folder made with install -d -m 2770 -g GROUP DIR)")
    }

    /// A path that is not a regular file: refused before anything opens it.
    static func notAFile(path: String, mode: mode_t) -> StoreError {
        let what: Localized = switch mode & S_IFMT {
        case S_IFDIR: Localized(sv: "en mapp", en: "a folder")
        case S_IFCHR, S_IFBLK: Localized(sv: "en enhet", en: "a device")
        case S_IFIFO: Localized(sv: "en FIFO (namngiven rörledning)", en: "a FIFO (named pipe)")
        case S_IFSOCK: Localized(sv: "en sockel", en: "a socket")
        default: Localized(sv: "ingen vanlig fil", en: "not a regular file")
        }
        return .cannotOpen(store: path,
                           sv: "inget lager: det är \(what.sv), och ett lager är en vanlig fil; inget rördes. "
                               + "Ange lagrets fil med --store eller BARNKOLL_STORE",
                           en: "not a store: it is \(what.text(.en)), and a store is a regular file; nothing was touched. "
                               + "Name the store's file with --store or BARNKOLL_STORE")
    }

    /// This account cannot use a file or folder of the store; `why` names the cause and the command that fixes it.
    static func noAccess(path: String, why: Localized) -> StoreError {
        .cannotOpen(store: path, reason: why)
    }

    /// A training store from before training ids (ÖVN-…): its analyses have ids a real store could
    /// have, so it is refused rather than mixed with new ones.
    static func oldTrainingIDs(path: String, example: String) -> StoreError {
        .cannotOpen(store: path,
                    sv: "övningslagret är från en äldre barnkoll och har analyser med id:n som riktiga ärenden har (\(example)); "
                        + "övningar har nu egna id:n (ÖVN-…). Allt i ett övningslager är påhittat: flytta undan filen "
                        + "(mv \(path) \(path).gammal) så gör `barnkoll train start` ett nytt",
                    en: "this training store is from an older barnkoll and holds analyses with ids real records have (\(example)); "
                        + "training now has ids of its own (ÖVN-…). Everything in a training store is fictional: move the file "
                        + "aside (mv \(path) \(path).old) and `barnkoll train start` makes a new one")
    }
}
