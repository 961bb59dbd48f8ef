import Foundation

/// Why a call to the system failed (`errno`), in the reader's language. glibc's own words
/// (`strerror`) follow the process's locale, not the language barnkoll was asked to speak, and on
/// most servers they exist in English only: a Swedish line read "(Permission denied)".
public enum SystemReason {
    public static func of(_ code: Int32) -> Localized {
        switch code {
        case ENOENT: Localized(sv: "filen eller mappen finns inte", en: "no such file or folder")
        case ENOTDIR: Localized(sv: "en del av sökvägen är ingen mapp", en: "a part of the path is not a folder")
        case EACCES: Localized(sv: "behörighet saknas", en: "permission denied")
        case EPERM: Localized(sv: "åtgärden är inte tillåten", en: "operation not permitted")
        case EROFS: Localized(sv: "filsystemet är skrivskyddat", en: "read-only file system")
        case ENOSPC: Localized(sv: "disken är full", en: "no space left on the disk")
        case EDQUOT: Localized(sv: "diskkvoten är slut", en: "disk quota exceeded")
        case EEXIST: Localized(sv: "finns redan", en: "already exists")
        case EISDIR: Localized(sv: "det är en mapp", en: "it is a folder")
        case ENAMETOOLONG: Localized(sv: "namnet är för långt", en: "the name is too long")
        case ELOOP: Localized(sv: "för många symboliska länkar i rad", en: "too many symbolic links in a row")
        case EIO: Localized(sv: "läs- eller skrivfel på disken", en: "input/output error on the disk")
        case EMFILE, ENFILE: Localized(sv: "för många öppna filer", en: "too many open files")
        case EBUSY: Localized(sv: "upptagen", en: "busy")
        case EXDEV: Localized(sv: "på ett annat filsystem", en: "on another file system")
        case ECONNREFUSED: Localized(sv: "ingen tar emot", en: "connection refused")
        case EAGAIN: Localized(sv: "tillfälligt otillgänglig; försök igen", en: "temporarily unavailable; try again")
        default:
            // A rare code: the system's words, and its number to look up.
            Localized(sv: "systemfel \(code): \(String(cString: strerror(code)))", en: String(cString: strerror(code)))
        }
    }

    /// The reason in an error Foundation threw (its file calls wrap the `errno` they failed with).
    public static func of(_ error: any Error) -> Localized {
        if let posix = error as? POSIXError { return of(posix.code.rawValue) }
        let nsError = error as NSError
        if nsError.domain == NSPOSIXErrorDomain { return of(Int32(nsError.code)) }
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? any Error { return of(underlying) }
        return Localized(sv: nsError.localizedDescription, en: nsError.localizedDescription)
    }
}
