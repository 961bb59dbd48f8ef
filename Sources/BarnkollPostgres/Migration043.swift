// Migration 43 of the PostgreSQL store: six functions staff or auditors could call and barnkoll no
// longer does go, so that what the database lets a member of staff ask is what the program asks
// (a test holds it: `PostgresSave.everyFunctionStaffMayCallIsOneBarnkollCalls`).
// - `content_problems()` checked the records against the chain's keyed digests on the server
//   (Migrations 1 and 8); `verify` replays the chain in Core (`ChainReplay`, since Migration 3). It
//   knew none of the contents added since (filings, hand-overs, moves), so an admin or auditor who
//   called it by hand was told less than `verify` tells.
// - `indicator_rows`, `indicator_children_seen`, `indicator_feedback_noted` and
//   `indicator_granted_children_seen` (Migrations 9 and 10) were read together by one statement
//   since Migration 17, and by the kept rows and tallies since Migrations 26 and 32.
// - `imported_ids` (Migration 11) gave way to `imported_from` (which also names the file) and
//   tells nothing it does not.
// Never edited once shipped.
extension Migrations {
    static let m043 = #"""
DROP FUNCTION content_problems();
DROP FUNCTION indicator_rows(text, text, text, text);
DROP FUNCTION indicator_children_seen(text, text, text);
DROP FUNCTION indicator_feedback_noted(text, text, text);
DROP FUNCTION indicator_granted_children_seen(text, text, text);
DROP FUNCTION imported_ids(text);
"""#
}
