/// Where a document that must name no one found something that looks like a personnummer, and
/// what it shows there instead. A group analysis is a public attachment to a decision, and a
/// training store holds only fiction: barnkoll refuses a personnummer typed into either, but a
/// review's comment written before it did (and imported as it was written) may hold one. The
/// store keeps every record as it was written; what is handed out is masked, as a registrar masks
/// what is secret before handing out a public document.
public enum MaskedPlace: Sendable, Hashable {
    case caseReference
    case answer(item: String)
    case reviewComment(version: Int)
    case reviewItemComment(version: Int, item: String)
    case note(date: String)
    case transferReason(at: String)

    /// "kommentaren i granskningen av version 2", as a warning names it.
    public var description: Localized {
        switch self {
        case .caseReference: Localized(sv: "ärendereferensen", en: "the case reference")
        case .answer(let item): Localized(sv: "svaret på \(item)", en: "the answer to \(item)")
        case .reviewComment(let version):
            Localized(sv: "kommentaren i granskningen av version \(version)", en: "the comment of the review of version \(version)")
        case .reviewItemComment(let version, let item):
            Localized(sv: "kommentaren till \(item) i granskningen av version \(version)",
                      en: "the comment on \(item) in the review of version \(version)")
        case .note(let date): Localized(sv: "anteckningen daterad \(date)", en: "the note dated \(date)")
        case .transferReason(let at):
            Localized(sv: "skälet till överlämningen \(at.prefix(10))", en: "the reason for the transfer of \(at.prefix(10))")
        }
    }
}

extension MaskedPlace {
    /// The places in a line, in each language: "svaret på art2, kommentaren i …".
    static func listed(_ places: [MaskedPlace]) -> (sv: String, en: String) {
        (places.map { $0.description.text(.sv) }.joined(separator: ", "), places.map { $0.description.text(.en) }.joined(separator: ", "))
    }

    /// One line for whoever hands the document out: where it masks, and that the record is kept.
    public static func warning(_ id: String, _ places: [MaskedPlace]) -> Localized {
        let (sv, en) = listed(places)
        return Localized(sv: "\(id): det som ser ut som ett personnummer är maskerat i dokumentet (\(sv)); lagret har kvar det som skrevs",
                         en: "\(id): what looks like a personnummer is masked in the document (\(en)); the store keeps what was written")
    }
}

/// An analysis whose record holds what looks like a personnummer where its documents mask it: a
/// review's comment on a group analysis or in a training store, written before barnkoll refused
/// it there (or moved in as written). Not a fault: the record is kept as written. `verify` names
/// each, so an admin knows which documents are handed out masked.
public struct KeptPersonnummer: Sendable, Hashable {
    public var analysisID: String
    public var places: [MaskedPlace]

    public init(analysisID: String, places: [MaskedPlace]) {
        self.analysisID = analysisID
        self.places = places
    }

    /// The places of one review's comments that hold a personnummer: those a document masks.
    public static func places(inReviewOf version: Int, comment: String?, itemComments: [String: String]) -> [MaskedPlace] {
        Personnummer.maskingReview(of: version, comment: comment, itemComments: itemComments, with: "").places
    }

    /// Places in the order read, one entry an analysis.
    public static func grouped(_ found: [(analysisID: String, place: MaskedPlace)]) -> [KeptPersonnummer] {
        var kept: [KeptPersonnummer] = []
        for (id, place) in found {
            if kept.last?.analysisID == id { kept[kept.count - 1].places.append(place) } else { kept.append(KeptPersonnummer(analysisID: id, places: [place])) }
        }
        return kept
    }

    /// What `verify` says of it, beside its verdict.
    public var notice: Localized {
        let (sv, en) = MaskedPlace.listed(places)
        return Localized(sv: "\(analysisID): det som ser ut som ett personnummer finns kvar i \(sv), skrivet innan barnkoll nekade det där; posten ändras inte, och dokumenten som lämnas ut maskerar det",
                         en: "\(analysisID): what looks like a personnummer is kept in \(en), written before barnkoll refused it there; the record is not changed, and the documents handed out mask it")
    }
}

extension Personnummer {
    /// What a masked number reads in a document handed out.
    public static func mask(_ language: Language) -> String {
        language == .sv ? "[personnummer maskerat]" : "[personnummer masked]"
    }

    /// `text` with every personnummer in it replaced by `mask`; nil when it holds none.
    public static func masking(_ text: String, with mask: String) -> String? {
        let matches = find(in: text)
        guard !matches.isEmpty else { return nil }
        var masked = text
        for match in matches.reversed() { masked.replaceSubrange(match.range, with: mask) }
        return masked
    }

    /// One review's comments with every personnummer masked, and where: the comment first, then
    /// the item comments by item. What a document masks and `verify` names.
    static func maskingReview(of version: Int, comment: String?, itemComments: [String: String], with mask: String)
        -> (comment: String?, itemComments: [String: String], places: [MaskedPlace]) {
        var (maskedComment, maskedItems, places) = (comment, itemComments, [MaskedPlace]())
        if let comment, let masked = masking(comment, with: mask) {
            maskedComment = masked
            places.append(.reviewComment(version: version))
        }
        for item in itemComments.keys.sorted() {
            guard let text = itemComments[item], let masked = masking(text, with: mask) else { continue }
            maskedItems[item] = masked
            places.append(.reviewItemComment(version: version, item: item))
        }
        return (maskedComment, maskedItems, places)
    }
}

extension Analysis {
    /// The analysis as a document that names no one shows it: every personnummer in its texts
    /// masked, and where each was. The record itself is left as it is.
    public func maskingPersonnummer(_ language: Language) -> (analysis: Analysis, places: [MaskedPlace]) {
        let mask = Personnummer.mask(language)
        var copy = self
        var places: [MaskedPlace] = []
        func masked(_ text: String, _ place: MaskedPlace) -> String {
            guard let masked = Personnummer.masking(text, with: mask) else { return text }
            places.append(place)
            return masked
        }
        func masked(_ value: AnswerValue, _ place: MaskedPlace) -> AnswerValue {
            switch value {
            case .text(let text): return .text(masked(text, place))
            case .choices, .number: return value
            case .entries(let entries): return .entries(entries.map { $0.mapValues { masked($0, place) } })
            }
        }
        copy.summary.caseRef = masked(summary.caseRef, .caseReference)
        for item in answers.keys.sorted() {
            if let value = answers[item] { copy.answers[item] = masked(value, .answer(item: item)) }
        }
        copy.reviews = reviews.map { review in
            var review = review
            let found = Personnummer.maskingReview(of: review.version, comment: review.comment, itemComments: review.itemComments, with: mask)
            (review.comment, review.itemComments) = (found.comment, found.itemComments)
            places += found.places
            return review
        }
        copy.notes = notes.map { note in
            var note = note
            note.text = masked(note.text, .note(date: note.date))
            return note
        }
        copy.transfers = transfers.map { transfer in
            var transfer = transfer
            transfer.reason = masked(transfer.reason, .transferReason(at: transfer.at))
            return transfer
        }
        return (copy, places)
    }
}
