import ArgumentParser
import BarnkollCore
import Foundation

extension StoreOptions {
    /// The training store: the file `--store` names, else barnkoll-training.sqlite beside the real
    /// store, so a unit's workshops live where its records do and never in the same file.
    var trainingStorePath: String {
        if let store { return store }
        // A PostgreSQL training store is a database of its own, named here or by --store.
        if let named = environment["BARNKOLL_TRAINING_STORE"], !named.isEmpty { return named }
        return URL(fileURLWithPath: storePath).deletingLastPathComponent().appendingPathComponent("barnkoll-training.sqlite").path
    }

    func openTrainingStore(creating: Bool = false) throws -> any CaseworkStore {
        try openTrainingStoreSayingIfMade(creating: creating).store
    }

    func openTrainingStoreSayingIfMade(creating: Bool) throws -> (store: any CaseworkStore, made: String?) {
        // A training store created where the real one belongs would take its place before it exists.
        let real = Self.storePath(option: nil, environment: environment)
        if URL(fileURLWithPath: trainingStorePath).standardized.path == URL(fileURLWithPath: real).standardized.path {
            throw Failure(words.realStoresPlace(real))
        }
        try refuseMissing(trainingStorePath, creating: creating, training: true)
        return try sayingIfMade(trainingStorePath, training: true, creating: creating) {
            try StoreOpening.open(trainingStorePath, kind: .training)
        }
    }

    func caseLibrary(_ catalog: ChecklistCatalog) throws -> CaseLibrary {
        try CaseLibrary.load(directories: checklistDirectories, checklists: Set(catalog.checklists.keys), rules: catalog.ruleIDs)
    }
}
