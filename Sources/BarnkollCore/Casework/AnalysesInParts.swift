import Foundation
import Synchronization

/// A bulk read made into parts (an export's lines), in the filter's order: an export of ten
/// thousand analyses makes its text while the store still reads, and drops each part's analyses
/// once its text is made.
public struct AnalysesInParts<Part: Sendable>: Sendable {
    /// The read analyses' definitions, each once, in order of first use (`Checklist.firstUsed`).
    public var definitions: [Checklist]
    public var parts: [Part]
    /// How many analyses the parts hold.
    public var count: Int

    public init(definitions: [Checklist], parts: [Part], count: Int) {
        self.definitions = definitions
        self.parts = parts
        self.count = count
    }

    /// Analyses a part holds: one core makes a part, and the cores make parts at once.
    public static var size: Int { 500 }

    /// Analyses already read whole, made into parts on all cores at once.
    public init(_ analyses: [Analysis], shape: ([Checklist]) -> @Sendable (ArraySlice<Analysis>) -> Part) {
        let definitions = Checklist.firstUsed(analyses)
        let make = shape(definitions)
        let size = Self.size
        let count = (analyses.count + size - 1) / size
        let made = Mutex<[Int: Part]>([:])
        DispatchQueue.concurrentPerform(iterations: count) { index in
            let part = make(analyses[(index * size)..<min(analyses.count, (index + 1) * size)])
            made.withLock { $0[index] = part }
        }
        let parts = made.withLock { made in (0..<count).compactMap { made[$0] } }
        self.init(definitions: definitions, parts: parts, count: analyses.count)
    }
}

extension AnalysisRecords {
    /// A store that reads every analysis before it hands them over makes the parts after.
    public func readAnalysisParts<Part: Sendable>(_ filter: AnalysisFilter, loggedFor account: String, history: Bool,
                                                  shape: ([Checklist]) -> @Sendable (ArraySlice<Analysis>) -> Part)
        throws(StoreError) -> AnalysesInParts<Part> {
        try readAnalyses(filter, loggedFor: account, history: history) { AnalysesInParts($0, shape: shape) }
    }
}
