import ArgumentParser
import BarnkollCore
import Foundation

/// The options of a command that works on the real store only (`stats`): every global option but
/// --training. The other commands take them inside `GlobalOptions`, with --training.
struct RealStoreOptions: ParsableArguments, StoreOptions {
    @Option(help: .t("Lagrets fil, eller en anslutningssträng eller URI till PostgreSQL (miljövariabeln BARNKOLL_STORE).", "The store file, or a PostgreSQL connection string or URI (env BARNKOLL_STORE).", value: .store))
    var store: String?

    @Option(help: .t("En mapp med enhetens egna checklistor, bredvid eller i stället för de medföljande (miljövariabeln BARNKOLL_CHECKLISTS).", "A folder of the unit's own checklists, beside or instead of the shipped ones (env BARNKOLL_CHECKLISTS).", value: .folder))
    var checklists: String?

    @Option(help: ArgumentHelp(Help.t("Språk: sv eller en (annars enligt LC_ALL, LC_MESSAGES eller LANG, svenska när det är oklart).", "Language: sv or en (default from LC_ALL, LC_MESSAGES or LANG, Swedish when unsure)."), valueName: "sv|en"))
    var lang: Language?

    /// Never the training store.
    var training: Bool { false }
}

/// A command that refuses the training store (`stats`); `Arguments` refuses --training there.
protocol RealStoreOnly {}
