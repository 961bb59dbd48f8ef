import BarnkollCore
import Foundation
import Testing

/// `show --format letter`: a draft letter to each child, for their age band and in the reader's
/// language, saying what was decided, what the child said and how it counted, what happens now,
/// whom to talk to and how to complain.
@Suite struct ChildLetters {
    /// The complete analysis with Noah at `age`, approved or not, and Noah's own answers changed.
    func analysis(noahAged age: Int, approved: Bool = true, noah changes: [String: AnswerValue?] = [:]) throws -> Analysis {
        var (checklist, answers) = try bkaAnswers(changes)
        if case .entries(var children)? = answers["children"] {
            children[1]["age"] = .number(age)
            answers["children"] = .entries(children)
        }
        let summary = AnalysisSummary(id: "BKA-2026-0042", checklistID: checklist.id, checklistVersion: checklist.version,
                                      caseRef: "EB-2026-117", unit: "Norr", author: "anna",
                                      status: approved ? .approved : .submitted, versions: 1,
                                      createdAt: "2026-03-01T09:00:00Z", updatedAt: "2026-03-02T09:00:00Z")
        return Analysis(summary: summary, checklist: checklist, answers: answers, versions: [], reviews: [], position: nil)
    }

    /// Noah's letter as running text: lines joined and indents dropped, since it wraps at 80 columns.
    func letter(_ analysis: Analysis, _ language: Language = .sv) throws -> String {
        let text = try ChildLetter(analysis: analysis, language: language).letters(for: "noah")
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= AnalysisDocument.pasteWidth })
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test(arguments: [(Language.sv, ["Vad som har bestämts", "Det du sa och hur det räknades", "Vad händer nu",
                                     "Vem du kan prata med", "Om du inte håller med", "överklaga"]),
                      (Language.en, ["What has been decided", "What you said and how it counted", "What happens now",
                                     "Who you can talk to", "If you do not agree", "appeal"])])
    func aTeenagerIsToldEverythingTheRightAsks(_ language: Language, _ parts: [String]) throws {
        let text = try letter(try analysis(noahAged: 15), language)
        for part in parts { #expect(text.contains(part), "\(part)") }
        // The decision, the child's own words and how they counted, from the analysis.
        #expect(text.contains("Bistånd beviljas till elskulden"))
        #expect(text.contains("Noah säger att han skäms"))
        #expect(text.contains("Förslaget ändrades så att skulden betalas direkt"))
        #expect(text.contains("2026-06-01"))
        #expect(text.hasPrefix(language == .sv ? "UTKAST." : "DRAFT."))
        #expect(!text.contains("Ella"), "one child's letter holds no other child's words")
    }

    /// A child may appeal by themself from 15 (SoL, LVU); a letter to a 13- or 14-year-old must not
    /// say they can.
    @Test(arguments: [Language.sv, .en])
    func onlyAChildOf15MayBeToldTheyCanAppealThemselves(_ language: Language) throws {
        let own = language == .sv ? "får själv överklaga beslutet" : "may appeal the decision yourself"
        let guardians = language == .sv ? "Dina vårdnadshavare kan överklaga beslutet." : "Your guardians can appeal the decision."
        let lvu = language == .sv ? "[Det gäller beslut om dig enligt socialtjänstlagen och LVU;" : "under the Social Services Act and LVU;"
        for age in [13, 14] {
            let text = try letter(try analysis(noahAged: age), language)
            #expect(text.contains(guardians), "\(age)")
            #expect(!text.contains(own) && !text.contains(language == .sv ? "Du och dina vårdnadshavare" : "You and your guardians"), "\(age)")
            #expect(text.contains(language == .sv ? "Inspektionen för vård och omsorg (IVO)" : "Inspectorate (IVO)"), "\(age)")
        }
        for age in [15, 17] {
            let text = try letter(try analysis(noahAged: age), language)
            #expect(text.contains(own) && text.contains(lvu), "\(age)")
            #expect(!text.contains(guardians), "\(age)")
            #expect(text.contains(language == .sv ? "Inspektionen för vård och omsorg (IVO)" : "Inspectorate (IVO)"), "\(age)")
        }
    }

    @Test(arguments: [Language.sv, .en])
    func aChildOfEightGetsSimplerWordsAndAnAdultToAsk(_ language: Language) throws {
        let text = try letter(try analysis(noahAged: 8), language)
        #expect(text.contains(language == .sv ? "Hej Noah!" : "Hi Noah!"))
        #expect(text.contains(language == .sv ? "[Dina föräldrar eller den som är din vårdnadshavare] kan också be en domstol"
                                              : "[Your parents or whoever is your guardian] can also ask a court"))
        #expect(text.contains(language == .sv ? "[Skriv det med några enkla ord som barnet förstår.]"
                                              : "[Say it in a few simple words the child understands.]"))
        #expect(!text.contains(language == .sv ? "Inspektionen för vård och omsorg" : "Inspectorate"))
    }

    @Test(arguments: [Language.sv, .en])
    func theYoungestGetATextToBeToldNotSent(_ language: Language) throws {
        let text = try letter(try analysis(noahAged: 4), language)
        #expect(text.contains(language == .sv ? "en text att berätta för barnet, inte att skicka" : "a text to tell the child, not to send"))
        #expect(text.contains(language == .sv ? "Berättas av: Handläggaren, 2026-03-09." : "Told by: Handläggaren, 2026-03-09."))
        #expect(!text.contains(language == .sv ? "Hälsningar" : "regards"))
    }

    @Test func aDecisionAgainstTheChildsWishSaysWhyAndAChildWhoDeclinedIsNotBlamed() throws {
        let against = try letter(try analysis(noahAged: 13, noah: [
            "differs_from_view": .text("partly"),
            "differs_reasons": .text("Elen betalas, men familjen behöver också en plan för nästa vinter, som Noah inte ville ha."),
        ]))
        #expect(against.contains("Beslutet blev inte helt som du ville. Det beror på att:"))
        #expect(against.contains("familjen behöver också en plan för nästa vinter"))

        let declined = try letter(try analysis(noahAged: 13, noah: [
            "heard": .text("no"), "not_heard_reason": .text("declined"),
            "views_own_words": nil, "maturity_assessment": nil, "views_effect": nil,
        ]))
        #expect(declined.contains("Du ville inte säga vad du tyckte den här gången, och det är helt okej."))
        #expect(!declined.contains("Så här skrev jag ner det"))
    }

    @Test func aProposalIsNotCalledADecisionAndEachChildGetsALetter() throws {
        let proposal = try letter(try analysis(noahAged: 13, approved: false))
        #expect(proposal.contains("Det här föreslår vi att beslutet blir:") && !proposal.contains("Beslutet är:"))
        let both = try ChildLetter(analysis: try analysis(noahAged: 13), language: .sv).letters(for: nil)
        #expect(both.contains("Hej Ella!") && both.contains("Hej Noah!"))
    }

    @Test func anUnknownChildOrAChecklistWithoutChildrenIsRefusedByName() throws {
        #expect(throws: ChildLetter.Refusal.unknownChild("Bo", known: ["Ella", "Noah"])) {
            try ChildLetter(analysis: try analysis(noahAged: 9), language: .sv).letters(for: "Bo")
        }
        let checklist = try shipped().checklist("barnchecklista")
        var other = try analysis(noahAged: 9)
        other.checklist = checklist
        #expect(throws: ChildLetter.Refusal.notForThisChecklist("Barnchecklista")) {
            try ChildLetter(analysis: other, language: .sv).letters(for: nil)
        }
        // Said as a sentence: "från Barnchecklista" read as a name.
        #expect(ChildLetter.Refusal.notForThisChecklist("Barnchecklista").message(.sv)
            == "ett brev till barnet skrivs från en barnkonsekvensanalys om enskilda barn; det här är en barnchecklista")
        #expect(ChildLetter.Refusal.notForThisChecklist("Child checklist").message(.en)
            == "a letter to the child is drafted from a child impact analysis of individual children; this is a child checklist")
    }
}
