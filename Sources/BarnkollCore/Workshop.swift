/// A workshop: one fictional case, filled by several participants in a training store.
public struct Workshop: Sendable, Hashable {
    public struct Participant: Sendable, Hashable {
        public var pseudonym: String
        public var account: String
        public var analysisID: String
        public var status: AnalysisStatus
        /// Answers saved beyond the ones filled from the case when joining.
        public var answered: Int
        public var joinedAt: String

        public init(pseudonym: String, account: String, analysisID: String, status: AnalysisStatus, answered: Int,
                    joinedAt: String) {
            self.pseudonym = pseudonym
            self.account = account
            self.analysisID = analysisID
            self.status = status
            self.answered = answered
            self.joinedAt = joinedAt
        }

        /// Submitted (or closed as not applicable): the participant's answer is in.
        public var hasFinished: Bool { status != .draft && status != .returned }
        public var hasStarted: Bool { answered > 0 || hasFinished }
    }

    public var code: String
    public var caseID: String
    public var checklistID: String
    public var trainer: String
    public var createdAt: String
    public var participants: [Participant]

    public init(code: String, caseID: String, checklistID: String, trainer: String, createdAt: String,
                participants: [Participant]) {
        self.code = code
        self.caseID = caseID
        self.checklistID = checklistID
        self.trainer = trainer
        self.createdAt = createdAt
        self.participants = participants
    }

    /// Letters that cannot be taken for one another or for digits when read aloud or off a
    /// projector: no B/8, G/6, I/L/1, O/0, S/5, Z/2.
    public static let codeAlphabet = Array("ACDEFHJKMNPQRTUVWXY")
    public static let codeLength = 6
    /// A participant's analysis's case reference: ÖVNING-CODE (a real store refuses it).
    public static let caseRefPrefix = "ÖVNING-"

    public static func newCode() -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<codeLength).map { _ in codeAlphabet[Int.random(in: 0..<codeAlphabet.count, using: &generator)] })
    }

    /// A code as typed: case and spaces do not matter.
    public static func normalize(_ code: String) -> String {
        code.uppercased().filter { !$0.isWhitespace && $0 != "-" }
    }

    /// The fields each participant's analysis gets from the case when joining.
    public static func caseAnswers(_ trainingCase: TrainingCase, checklist: Checklist, caseRef: String,
                                   language: Language) -> Answers {
        var answers = checklist.withCaseAnswers(caseRef: caseRef, unit: trainingCase.unit.text(language), into: [:])
        // The group analysis calls the decision on the table its proposal.
        let decision = checklist.id == Checklist.groupAnalysisID ? "proposal" : "decision"
        if let item = checklist.item(decision), item.type.isText {
            answers[decision] = .text(trainingCase.decision.text(language))
        }
        return answers
    }
}
