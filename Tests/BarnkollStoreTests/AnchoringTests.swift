import BarnkollCore
import BarnkollTestSupport
@testable import BarnkollPostgres
@testable import BarnkollStore
import Foundation
import GRDB
import Testing

extension ContractStore {
    /// The heads of `store` its log has so far: SQLite's in the test's socket, PostgreSQL's in the
    /// server log (`RAISE LOG`, beside the socket folder as .ci/pg-cluster keeps it), waited for
    /// until `until` holds of them (the server's logger writes a little later).
    func loggedHeads(_ store: any CaseworkStore, _ socket: LogSocket, seen: inout [String],
                     until: ([ChainHead]) -> Bool = { _ in true }) throws -> [ChainHead] {
        let id = try store.chainHead().store
        for _ in 0..<100 {
            switch self {
            case .sqlite:
                seen += socket.received()
            case .postgres:
                let log = URL(fileURLWithPath: PostgresCluster.socket ?? "").deletingLastPathComponent().appendingPathComponent("log").path
                seen = [String(decoding: FileManager.default.contents(atPath: log) ?? Data(), as: UTF8.self)]
            }
            let heads = ChainHead.heads(in: seen.joined(separator: "\n")).filter { $0.store == id }
            if until(heads) { return heads }
            usleep(20_000)
        }
        return ChainHead.heads(in: seen.joined(separator: "\n")).filter { $0.store == id }
    }
}

/// The chain head goes to the log often enough that cutting the chain's tail, or putting the store
/// back to an earlier copy, loses at most 50 events or 5 minutes of work without `verify --anchor`
/// seeing it (`AnchorPolicy`), on every store.
@Suite struct StoreContractAnchoring {
    func store(_ kind: ContractStore, _ folder: TemporaryFolder) throws -> any CaseworkStore {
        let store = try kind.make(folder)
        try store.setRole(.supervisor, for: "bertil", granted: true, by: "anna")
        return store
    }

    /// A stored timestamp `seconds` ago.
    static func stamp(secondsAgo seconds: Double) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'"
        return formatter.string(from: Date().addingTimeInterval(-seconds))
    }

    @Test(arguments: ContractStore.enabled)
    func theHeadIsLoggedAtLeastEvery50EventsAndEvery5Minutes(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let socket = LogSocket(folder.file("syslog.sock"))
        let store = try store(kind, folder)
        let id = try store.create(checklist: testChecklist(), caseRef: "R-1", unit: "Norr", author: "anna", answers: StoreContract.complete).id
        // 130 reads, each one event in its own transaction.
        for _ in 0..<130 { _ = try store.analysis(id, readBy: "bertil") }
        var seen: [String] = []
        var head = try store.chainHead()
        let heads = try kind.loggedHeads(store, socket, seen: &seen, until: { $0.contains { $0.id > head.id - AnchorPolicy.events } })
        let ids = heads.map(\.id).sorted()
        try #require(!ids.isEmpty)
        // Never 50 events unanchored: from the chain's start to the first head, between heads, after the last.
        #expect(zip([0] + ids, ids).allSatisfy { $1 - $0 <= AnchorPolicy.events }, "\(ids)")
        #expect(head.id - (ids.last ?? 0) < AnchorPolicy.events, "\(ids) head \(head.id)")
        #expect(try store.checkAnchors(heads) == (heads.count, []))

        // Five minutes: the oldest unanchored event's time made six minutes ago; the next event anchors all.
        _ = try store.analysis(id, readBy: "bertil")
        let anchored = ids.last ?? 0
        try kind.intrude(store, ["UPDATE audit SET at = '\(Self.stamp(secondsAgo: 360))' WHERE id = \(anchored + 1)"])
        _ = try store.analysis(id, readBy: "bertil")
        head = try store.chainHead()
        #expect(try kind.loggedHeads(store, socket, seen: &seen, until: { $0.contains(head) }).contains(head))
        // Within five minutes and 50 events nothing more is logged.
        _ = try store.analysis(id, readBy: "bertil")
        let later = try store.chainHead()
        #expect(try !kind.loggedHeads(store, socket, seen: &seen).contains { $0.id > head.id })
        #expect(later.id == head.id + 1)
    }

    /// The newest events (who read a child's record) cut off the chain: the chain left is whole, so
    /// `verify` passes; the heads logged beyond its end name the cut.
    @Test(arguments: ContractStore.enabled)
    func aCutTailIsNamedByTheAnchor(_ kind: ContractStore) throws {
        let folder = TemporaryFolder()
        let socket = LogSocket(folder.file("syslog.sock"))
        let store = try store(kind, folder)
        let id = try store.create(checklist: testChecklist(), caseRef: "R-1", unit: "Norr", author: "anna", answers: StoreContract.complete).id
        _ = try store.submit(id, by: "anna")
        _ = try store.approve(id, by: "bertil", comment: nil)
        for _ in 0..<80 { _ = try store.analysis(id, readBy: "bertil") }
        var seen: [String] = []
        let head = try store.chainHead()
        let heads = try kind.loggedHeads(store, socket, seen: &seen, until: { $0.contains { $0.id > head.id - AnchorPolicy.events } })
        #expect(try store.checkAnchors(heads).problems.isEmpty)
        let cut = head.id - 60
        try kind.intrude(store, ["DELETE FROM audit WHERE id > \(cut)"], postgres: [
            "DELETE FROM audit WHERE id > \(cut)",
            "UPDATE chain_head SET id = \(cut), hash = (SELECT hash FROM audit WHERE id = \(cut))",
        ])
        #expect(try store.verify() == [])
        let problems = try store.checkAnchors(heads).problems
        #expect(problems.contains { $0.text(.en).hasSuffix("but the store's chain ends at row \(cut) (rows were removed)") }, "\(problems)")
    }
}

/// A store put back to a backup taken after the last approval: whole, so `verify` passes, and
/// the heads logged since the backup name what it lacks.
@Suite struct AnchoringRollback {
    @Test func aStoreRolledBackToABackupIsNamedByTheAnchor() throws {
        let folder = TemporaryFolder()
        let socket = LogSocket(folder.file("syslog.sock"))
        let path = folder.file("store/barnkoll.sqlite")
        var heads: [ChainHead] = []
        do {
            let store = try SQLiteStore.open(path: path, kind: .real, account: "anna", systemLog: socket.path)
            try store.setRole(.supervisor, for: "bertil", granted: true, by: "anna")
            let id = try store.create(checklist: testChecklist(), caseRef: "R-1", unit: "U", author: "anna", answers: StoreContract.complete).id
            _ = try store.submit(id, by: "anna")
            heads.append(try store.approve(id, by: "bertil", comment: nil).head)
            try store.backup(to: folder.file("backup.sqlite"))
            for _ in 0..<60 { _ = try store.analysis(id, readBy: "bertil") }
            heads += ChainHead.heads(in: socket.received().joined(separator: "\n"))
            try store.closeConnections()
        }
        #expect(heads.count >= 2)
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
        try FileManager.default.copyItem(atPath: folder.file("backup.sqlite"), toPath: path)
        let restored = try SQLiteStore.open(path: path, kind: .real, account: "anna", systemLog: socket.path)
        #expect(try restored.verify() == [])
        let problems = try restored.checkAnchors(heads).problems
        #expect(problems.count == heads.count - 1 && problems.allSatisfy { $0.text(.en).hasSuffix("(rows were removed)") }, "\(problems)")
    }
}
