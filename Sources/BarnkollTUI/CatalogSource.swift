import BarnkollCore

/// The checklists, read when first needed: the front end draws its home screen before parsing them.
public final class CatalogSource {
    private let read: () throws(Problems) -> ChecklistCatalog
    public private(set) var loaded: ChecklistCatalog?

    public init(_ catalog: ChecklistCatalog) {
        loaded = catalog
        read = { catalog }
    }

    public init(reading read: @escaping () throws(Problems) -> ChecklistCatalog) {
        self.read = read
    }

    public var isLoaded: Bool { loaded != nil }

    @discardableResult
    public func load() throws(Problems) -> ChecklistCatalog {
        if let loaded { return loaded }
        let catalog = try read()
        loaded = catalog
        return catalog
    }
}
