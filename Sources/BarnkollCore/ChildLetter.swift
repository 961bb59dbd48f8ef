/// A draft letter to one child about the decision, from a barnkonsekvensanalys: what was decided,
/// what the child said and how it counted, what happens now, whom to talk to and how to complain
/// (GC12 para 45). Written for the child's age band; for the youngest it is a text to tell, not to
/// send. Always a draft: the caseworker rewrites it, and barnkoll never sends it anywhere.
public struct ChildLetter: Sendable {
    /// Who the letter is written for, by age.
    public enum AgeBand: Sendable, Equatable {
        /// 0–5: told by a guardian or the caseworker, not sent.
        case toBeTold
        /// 6–12.
        case child
        /// 13–17.
        case teenager

        public init(age: Int?) {
            switch age {
            case .some(...5): self = .toBeTold
            case .some(13...): self = .teenager
            default: self = .child
            }
        }
    }

    /// A child of the analysis, as the letter names them.
    public struct Child: Sendable, Equatable {
        public var alias: String
        public var age: Int?
        /// The child's answers: their entry among the children, holding what was asked for each child.
        var entry: [String: AnswerValue]
    }

    public enum Refusal: Error, Equatable, CustomStringConvertible {
        /// Not a barnkonsekvensanalys (a barnchecklista, a group analysis).
        case notForThisChecklist(String)
        case noChildren
        case unknownChild(String, known: [String])

        public func message(_ language: Language) -> String {
            let sv = language == .sv
            switch self {
            case .notForThisChecklist(let checklist):
                // The title mid-sentence, as a noun ("en barnchecklista"), its first letter only lowered.
                let named = checklist.prefix(1).lowercased() + checklist.dropFirst()
                return sv ? "ett brev till barnet skrivs från en barnkonsekvensanalys om enskilda barn; det här är en \(named)"
                          : "a letter to the child is drafted from a child impact analysis of individual children; this is a \(named)"
            case .noChildren:
                return sv ? "analysen har inga barn inskrivna, så det finns ingen att skriva till"
                          : "the analysis has no children entered, so there is no one to write to"
            case .unknownChild(let alias, let known):
                return sv ? "analysen har inget barn som heter \(alias); barnen är \(known.joined(separator: ", "))"
                          : "the analysis has no child called \(alias); the children are \(known.joined(separator: ", "))"
            }
        }

        public var description: String { message(.en) }
    }

    public let analysis: Analysis
    public let language: Language
    /// From a training store: the letter carries the ÖVNING / TRAINING mark.
    public var training = false

    public init(analysis: Analysis, language: Language) {
        self.analysis = analysis
        self.language = language
    }

    /// The children, in the order they were entered.
    public func children() throws(Refusal) -> [Child] {
        let checklist = analysis.checklist
        // The analysis's own questions: a proposed decision, and children with aliases.
        guard checklist.item("proposed_decision") != nil,
              checklist.item("children")?.items.contains(where: { $0.id == "alias" }) == true else {
            throw .notForThisChecklist(checklist.title.text(language))
        }
        let children = checklist.entries(of: "children", in: analysis.answers).map { entry in
            Child(alias: entry["alias"]?.text.map { TextHygiene.forOutput($0, multiline: false) } ?? "",
                  age: { if case .number(let age)? = entry["age"] { age } else { nil } }(), entry: entry)
        }.filter { !$0.alias.isEmpty }
        guard !children.isEmpty else { throw .noChildren }
        return children
    }

    /// The letters for one child (`alias`, any case) or, without one, for each child in turn.
    public func letters(for alias: String?) throws(Refusal) -> String {
        let all = try children()
        let chosen = alias.map { wanted in all.filter { $0.alias.lowercased() == wanted.lowercased() } } ?? all
        guard !chosen.isEmpty else { throw .unknownChild(alias ?? "", known: all.map(\.alias)) }
        return chosen.map(letter).joined(separator: "\n" + String(repeating: "=", count: 40) + "\n\n")
    }

    /// One child's letter, at most 80 columns wide.
    public func letter(_ child: Child) -> String {
        let band = AgeBand(age: child.age)
        let words = LetterWords(language: language, band: band, name: child.alias, ownAppeal: (child.age ?? 0) >= 15)
        var paragraphs: [String] = []
        if training { paragraphs.append("[\(TrainingMark.text)]") }
        paragraphs.append(words.draftNote)
        paragraphs.append(words.greeting)
        paragraphs.append(words.opening)

        // A heading stands right above its text.
        func section(_ heading: String, _ text: [String]) { paragraphs.append(heading + "\n" + text.joined(separator: "\n\n")) }
        let decision = answer("proposed_decision") ?? answer("decision") ?? words.writeTheDecision
        section(words.decidedHeading, [words.decided(approved: analysis.summary.status == .approved) + "\n" + quoted(decision)])
        section(words.voiceHeading, voice(child, words))
        section(words.nextHeading, [words.next(followUp: answer("follow_up_date"))])
        section(words.talkHeading, [words.talk])
        section(words.complainHeading, [words.complain])
        paragraphs.append(band == .toBeTold
            ? words.whoTells(answer("feedback_who"), when: answer("feedback_planned_date")) : words.signature)

        return paragraphs.joined(separator: "\n\n").split(separator: "\n", omittingEmptySubsequences: false)
            .flatMap { PlainText.wrapKeepingIndent(String($0), width: AnalysisDocument.pasteWidth) }
            .joined(separator: "\n") + "\n"
    }

    /// What the child said and how it counted, or why the child was not heard.
    func voice(_ child: Child, _ words: LetterWords) -> [String] {
        var lines: [String] = []
        switch value("heard", of: child) {
        case "no"?:
            lines.append(value("not_heard_reason", of: child) == "declined" ? words.declined : words.notHeard)
        case .some:
            if let views = value("views_own_words", of: child) { lines.append(words.youSaid + "\n" + quoted(views)) }
            if let effect = value("views_effect", of: child) { lines.append(words.howItCounted + "\n" + quoted(effect)) }
        case nil:
            lines.append(words.writeTheVoice)
        }
        if let differs = value("differs_from_view", of: child), differs == "yes" || differs == "partly" {
            lines.append(words.againstYourWish(partly: differs == "partly") + "\n"
                         + quoted(value("differs_reasons", of: child) ?? words.writeTheReasons))
        }
        return lines
    }

    /// A child's own answer, or (an analysis from before each child had their own) the shared one.
    func value(_ key: String, of child: Child) -> String? { child.entry[key].flatMap(Self.shown) ?? answer(key) }

    func answer(_ id: String) -> String? { analysis.answers[id].flatMap(Self.shown) }

    /// An answer's text as it may be printed, nil when it has none.
    static func shown(_ value: AnswerValue) -> String? {
        value.text.map { TextHygiene.forOutput(PlainText.trimmedEnd($0)) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Text from the analysis, indented as a quotation the caseworker rewrites for the child.
    func quoted(_ text: String) -> String {
        PlainText.indented(text, by: "    ")
    }
}

/// The letter's words, in both languages and three age bands. Plain words, short sentences;
/// brackets are for the caseworker to fill in or rewrite.
struct LetterWords {
    let language: Language
    let band: ChildLetter.AgeBand
    let name: String
    /// From 15 a child may appeal a decision about them under SoL and LVU by themself; younger,
    /// only the guardians may.
    let ownAppeal: Bool

    private func pick(_ sv: String, _ en: String) -> String { language == .sv ? sv : en }
    private func byBand(_ told: (String, String), _ child: (String, String), _ teen: (String, String)) -> String {
        switch band {
        case .toBeTold: pick(told.0, told.1)
        case .child: pick(child.0, child.1)
        case .teenager: pick(teen.0, teen.1)
        }
    }

    var draftNote: String {
        let note = pick("UTKAST. Läs igenom och skriv om med dina egna ord innan du använder det. Det som står inom klamrar fyller du i. barnkoll skickar aldrig brevet.",
                        "DRAFT. Read it through and rewrite it in your own words before you use it. Fill in what is in brackets. barnkoll never sends the letter.")
        guard band == .toBeTold else { return note }
        return note + "\n" + pick("Det här är en text att berätta för barnet, inte att skicka. En vårdnadshavare eller du berättar, med enkla ord och gärna med bilder.",
                                  "This is a text to tell the child, not to send. A guardian or you tell it, in simple words and with pictures if you like.")
    }

    var greeting: String { byBand(("Till \(name):", "To \(name):"), ("Hej \(name)!", "Hi \(name)!"), ("Hej \(name)!", "Hello \(name),")) }

    var opening: String {
        byBand(("Vi vuxna har pratat om hur du ska ha det bra. Nu vill vi berätta vad vi har kommit fram till.",
                "We grown-ups have talked about how to make things good for you. Now we want to tell you what we decided."),
               ("Jag heter [ditt namn] och jobbar på socialtjänsten. Jag vill berätta vad vi har bestämt, och varför.",
                "My name is [your name] and I work at social services. I want to tell you what we have decided, and why."),
               ("Jag heter [ditt namn] och är handläggare på socialtjänsten. Jag skriver för att berätta vad som har bestämts, hur vi har tänkt och vad du kan göra om du inte håller med.",
                "My name is [your name] and I am a caseworker at social services. I am writing to tell you what has been decided, how we thought about it, and what you can do if you disagree."))
    }

    var decidedHeading: String { byBand(("Det här har vi bestämt", "What we decided"), ("Det här har vi bestämt", "What we decided"), ("Vad som har bestämts", "What has been decided")) }

    func decided(approved: Bool) -> String {
        let rewrite = band == .teenager ? "" : pick(" [Skriv det med några enkla ord som barnet förstår.]", " [Say it in a few simple words the child understands.]")
        return approved
            ? pick("Beslutet är:", "The decision is:") + rewrite
            : pick("Det här föreslår vi att beslutet blir:", "This is what we propose the decision will be:") + rewrite
    }

    var writeTheDecision: String { pick("[Skriv vad som beslutades.]", "[Write what was decided.]") }

    var voiceHeading: String { byBand(("Det du har sagt", "What you told us"), ("Det du sa", "What you said"), ("Det du sa och hur det räknades", "What you said and how it counted")) }

    var youSaid: String {
        byBand(("Du har berättat eller visat hur du vill ha det:", "You told us or showed us how you want things to be:"),
               ("Du berättade vad du tycker. Så här skrev jag ner det:", "You told me what you think. This is how I wrote it down:"),
               ("Du berättade vad du tycker. Så här skrev jag ner det:", "You told me what you think. This is how I wrote it down:"))
    }

    var howItCounted: String {
        byBand(("Det har vi lyssnat på, så här:", "We listened to that, like this:"),
               ("Det du sa har vi tänkt på så här:", "This is how we thought about what you said:"),
               ("Så här påverkade det du sa beslutet:", "This is how what you said changed the decision:"))
    }

    func againstYourWish(partly: Bool) -> String {
        partly ? pick("Beslutet blev inte helt som du ville. Det beror på att:", "The decision is not quite what you wanted. That is because:")
               : pick("Beslutet blev inte som du ville. Det beror på att:", "The decision is not what you wanted. That is because:")
    }

    var writeTheReasons: String { pick("[Skriv varför, så att barnet förstår.]", "[Write why, so that the child understands.]") }
    var writeTheVoice: String { pick("[Skriv vad barnet sa och hur det räknades.]", "[Write what the child said and how it counted.]") }

    var declined: String {
        pick("Du ville inte säga vad du tyckte den här gången, och det är helt okej. Du får säga det när du vill, också nu efteråt.",
             "You did not want to say what you thought this time, and that is completely fine. You can tell us whenever you like, also now afterwards.")
    }

    var notHeard: String {
        pick("Vi pratade inte med dig innan beslutet. [Skriv varför.] Du får gärna berätta för mig nu vad du tycker.",
             "We did not talk with you before the decision. [Write why.] You are welcome to tell me now what you think.")
    }

    var nextHeading: String { pick("Vad händer nu", "What happens now") }

    func next(followUp: String?) -> String {
        let what = pick("[Skriv vad som händer härnäst för barnet.]", "[Write what happens next for the child.]")
        guard let followUp else { return what }
        return what + " " + pick("Vi kollar hur det går, senast \(followUp).", "We will check how it is going, by \(followUp) at the latest.")
    }

    var talkHeading: String { pick("Vem du kan prata med", "Who you can talk to") }

    var talk: String {
        byBand(("Om du blir ledsen eller undrar något kan du prata med [mamma, pappa eller en annan vuxen barnet känner].",
                "If you feel sad or wonder about something, you can talk to [mum, dad or another adult the child knows]."),
               ("Du kan alltid fråga mig om något känns konstigt: [ditt namn och telefonnummer]. Du kan också prata med en vuxen du litar på, eller ringa Bris på 116 111.",
                "You can always ask me if something feels strange: [your name and phone number]. You can also talk to an adult you trust, or call Bris on 116 111."),
               ("Hör av dig till mig om du har frågor eller vill säga något: [ditt namn och telefonnummer]. Du kan också prata med en vuxen du litar på, eller ringa Bris på 116 111.",
                "Get in touch with me if you have questions or want to say something: [your name and phone number]. You can also talk to an adult you trust, or call Bris on 116 111."))
    }

    var complainHeading: String { pick("Om du inte håller med", "If you do not agree") }

    var complain: String {
        byBand(("Om du inte tycker att det blev bra får du säga det. Då lyssnar vi igen.",
                "If you do not think it turned out well, you can say so. Then we will listen again."),
               // Bracketed for the caseworker: a placed child's guardian may not be a parent.
               ("Om du inte tycker att beslutet är bra kan du säga det till mig. [Dina föräldrar eller den som är din vårdnadshavare] kan också be en domstol att titta på beslutet igen. Jag hjälper till med hur.",
                "If you do not think the decision is good, you can tell me. [Your parents or whoever is your guardian] can also ask a court to look at the decision again. I will help with how."),
               ownAppeal
                ? ("Du har fyllt 15 år och får själv överklaga beslutet, liksom dina vårdnadshavare. [Det gäller beslut om dig enligt socialtjänstlagen och LVU; annars överklagar bara vårdnadshavarna.] Att överklaga betyder att en domstol prövar beslutet igen. Jag berättar hur det går till och hjälper dig om du vill. " + complainAboutUs.sv,
                   "You are 15 or older and may appeal the decision yourself, as your guardians may. [This holds for decisions about the child under the Social Services Act and LVU; otherwise only the guardians appeal.] Appealing means that a court looks at the decision again. I will tell you how and help you if you like. " + complainAboutUs.en)
                : ("Dina vårdnadshavare kan överklaga beslutet. Det betyder att en domstol prövar det igen. Säg till mig eller till dem om du tycker att det blev fel, så berättar jag hur det går till. " + complainAboutUs.sv,
                   "Your guardians can appeal the decision. That means a court looks at it again. Tell me or them if you think it went wrong, and I will tell you how it works. " + complainAboutUs.en))
    }

    private var complainAboutUs: (sv: String, en: String) {
        ("Tycker du att vi har gjort fel i hur vi har arbetat kan du också klaga hos oss eller hos Inspektionen för vård och omsorg (IVO).",
         "If you think we did something wrong in how we worked, you can also complain to us or to the Health and Social Care Inspectorate (IVO).")
    }

    var signature: String {
        band == .child ? pick("Hälsningar\n[ditt namn]", "Best wishes\n[your name]")
                       : pick("Hälsningar\n[ditt namn, telefonnummer]", "Kind regards\n[your name, phone number]")
    }

    /// For the youngest: who tells the child and when, from the analysis where it says.
    func whoTells(_ who: String?, when: String?) -> String {
        pick("Berättas av: \(who ?? "[vem]"), \(when ?? "[när]").", "Told by: \(who ?? "[who]"), \(when ?? "[when]").")
    }
}
