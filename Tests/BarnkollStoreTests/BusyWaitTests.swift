import BarnkollCore
@testable import BarnkollStore
import Foundation
import GRDBSQLite
import Synchronization
import Testing

@Suite struct WaitingForTheWriteLock {
    @Test func sleepsStartShortAndStopGrowingAtTwoMilliseconds() {
        #expect(BusyWait.sleep(afterTries: 0) == 100)
        #expect(BusyWait.sleep(afterTries: 1) == 200)
        #expect(BusyWait.sleep(afterTries: 4) == 1_600)
        #expect((0..<BusyWait.tries).allSatisfy { BusyWait.sleep(afterTries: $0) <= 2_000 })
    }

    /// The store still waits at least ten seconds for a lock before it says "busy".
    @Test func theWholeWaitLastsTenSeconds() {
        let slept = (0..<BusyWait.tries).reduce(UInt64(0)) { $0 + UInt64(BusyWait.sleep(afterTries: $1)) }
        #expect(slept >= 10_000_000)
        #expect(slept - UInt64(BusyWait.sleep(afterTries: BusyWait.tries - 1)) < 10_000_000)
    }

    /// A save made while another connection holds the write lock waits for it and then lands.
    @Test func aSaveWaitsForAnotherWritersLockAndLands() throws {
        let folder = TemporaryFolder()
        let store = try openStore(folder)
        let id = try store.create(checklist: testChecklist(), caseRef: "ÄR-7", unit: "Ekonomiskt bistånd", author: "anna", answers: [:]).id
        var holder: OpaquePointer?
        guard sqlite3_open(store.path, &holder) == SQLITE_OK, let holder else { Issue.record("open"); return }
        defer { sqlite3_close(holder) }
        #expect(sqlite3_exec(holder, "BEGIN IMMEDIATE", nil, nil, nil) == SQLITE_OK)
        let released = Flag()
        let connection = UnsafeSendable(holder)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            usleep(300_000)
            released.value.store(true, ordering: .sequentiallyConsistent)
            sqlite3_exec(connection.value, "COMMIT", nil, nil, nil)
            done.signal()
        }
        try store.save(id, item: "view", value: .text("Hon vill bo kvar."), by: "anna")
        let waited = released.value.load(ordering: .sequentiallyConsistent)
        #expect(waited)
        done.wait()
        #expect(try store.analysis(id, readBy: "anna").answers["view"] == .text("Hon vill bo kvar."))
    }
}

private final class Flag: Sendable {
    let value = Atomic(false)
}

private struct UnsafeSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
