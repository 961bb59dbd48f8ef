import BarnkollCore
import GRDB

/// The store's schema. Migrations are never edited once shipped: a change is a new migration.
enum Schema {
    /// `PRAGMA application_id`: "BKLL". A SQLite file without it is not ours.
    static let applicationID: Int32 = 0x424B_4C4C

    static var migrator: DatabaseMigrator { migrator(openedBy: "barnkoll") }

    /// The migrations, run as `account` opens the store: the rows they append to the chain are theirs.
    static func migrator(openedBy account: String) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: v1)
            for transition in AnalysisStatus.allowedTransitions {
                try db.execute(sql: "INSERT INTO status_transition (from_status, to_status) VALUES (?, ?)",
                               arguments: [transition.from.rawValue, transition.to.rawValue])
            }
        }
        migrator.registerMigration("v2-roles") { db in
            try db.execute(sql: v2Roles)
            // A store made before roles existed: its creator becomes its first admin.
            try db.execute(sql: """
                INSERT OR IGNORE INTO role (account, role, granted_by, granted_at)
                SELECT value, 'admin', value, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM store_meta WHERE key = 'created_by'
                """)
        }
        migrator.registerMigration("v3-follow-up") { db in
            try db.execute(sql: v3FollowUp)
            // The two dates watched then: a date watched later gets its column in its own migration.
            for watched in WatchedDate.all where [.feedbackOverdue, .followUpOverdue].contains(watched.kind) {
                try db.execute(sql: SQLiteStore.refreshDueSQL(watched, onlyAnalysis: false),
                               arguments: [watched.dueItem, watched.doneItem])
            }
        }
        migrator.registerMigration("v4-list-indexes") { db in
            try db.execute(sql: v4ListIndexes)
        }
        migrator.registerMigration("v5-queue-index") { db in
            try db.execute(sql: v5QueueIndex)
        }
        migrator.registerMigration("v6-indicators") { db in
            // Statistics pick a year's analyses by their first submission: without this index a
            // year's figures would scan every version ever frozen.
            try db.execute(sql: "CREATE INDEX version_first_by_time ON version(created_at, analysis_id) WHERE number = 1")
        }
        migrator.registerMigration("v7-workshops") { db in
            try db.execute(sql: v5Workshops)
        }
        migrator.registerMigration("v8-audit-chain") { db in
            try AuditChainMigration.run(db)
        }
        migrator.registerMigration("v9-indicator-counts") { db in
            try IndicatorCounts.migrate(db)
        }
        migrator.registerMigration("v10-indicator-analyses") { db in
            try IndicatorCounts.migrateAnalyses(db)
        }
        migrator.registerMigration("v11-search-terms") { db in
            try db.execute(sql: v11SearchTerms)
            try SearchTerms.rebuild(db)
        }
        migrator.registerMigration("v12-answer-owners") { db in
            try db.execute(sql: v12AnswerOwners)
        }
        migrator.registerMigration("v13-units") { db in
            try db.execute(sql: v13Units)
        }
        migrator.registerMigration("v14-report-follow-up") { db in
            try db.execute(sql: v14ReportFollowUp)
            for watched in WatchedDate.all where watched.kind == .reportNotMade {
                try db.execute(sql: SQLiteStore.refreshDueSQL(watched, onlyAnalysis: false),
                               arguments: [watched.dueItem, watched.doneItem])
            }
        }
        migrator.registerMigration("v15-chain-replay") { db in
            try ChainReplayMigration.run(db)
        }
        migrator.registerMigration("v16-notes") { db in
            try db.execute(sql: v16Notes)
        }
        migrator.registerMigration("v17-override-grounds") { db in
            try db.execute(sql: v17OverrideGrounds)
        }
        migrator.registerMigration("v18-indicator-extras") { db in
            try IndicatorCounts.rebuild(db)
        }
        migrator.registerMigration("v19-indicator-rows-on-their-pages") { db in
            try IndicatorCounts.keepAnalysesOnTheirPages(db)
        }
        migrator.registerMigration("v20-indicator-rows-by-day") { db in
            try IndicatorCounts.placeAnalysesByDay(db)
        }
        migrator.registerMigration("v21-blank-texts-not-written") { db in
            try IndicatorCounts.rewriteBlankTexts(db)
        }
        migrator.registerMigration("v22-indicator-tallies") { db in
            try IndicatorTallies.migrate(db)
        }
        migrator.registerMigration("v23-hard-stops-read-lists") { db in
            try IndicatorCounts.keepListsTheStopsRead(db)
        }
        migrator.registerMigration("v24-transfers") { db in
            try db.execute(sql: v24Transfers)
            // From here on the chain's hand-overs and moves each have their row (`verify`).
            try AuditChain.append(db, account: account, action: "transfers.kept", analysis: nil, detail: nil)
        }
        migrator.registerMigration("v25-lighter-saves") { db in
            try db.execute(sql: v25LighterSaves)
        }
        return migrator
    }

    /// Notes after the decision (`NoteKind`): kept beside the approved versions, which never
    /// change, and themselves never changed; deleted only with their analysis by a purge.
    /// The ground an override was made on (`OverrideGround`); none on reviews before it was asked.
    static let v17OverrideGrounds = """
    ALTER TABLE review ADD COLUMN ground TEXT CHECK (ground IN ('misclassified', 'proposal_changed', 'to_board'));
    """

    /// A save writes two pages fewer, each kept only for what no one reads. The audit table loses
    /// AUTOINCREMENT (its row in `sqlite_sequence`, written at every append): the chain gives every
    /// row its id (the last plus one) and no row is ever deleted, so the ids are the same. The
    /// search index keeps no size of each answer (`columnsize=0`): only ranking reads it, and a
    /// search orders by the newest answer. The rows are copied, the index made again from the answers.
    /// The audit table's index and triggers are v8's text, which as a shipped migration's never changes.
    static let v25LighterSaves = """
    CREATE TABLE audit_v25 (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        account TEXT NOT NULL,
        action TEXT NOT NULL,
        analysis_id TEXT,
        detail TEXT,
        digest BLOB,
        hash BLOB NOT NULL
    );
    INSERT INTO audit_v25 (id, at, account, action, analysis_id, detail, digest, hash)
    SELECT id, at, account, action, analysis_id, detail, digest, hash FROM audit ORDER BY id;
    DROP TABLE audit;
    ALTER TABLE audit_v25 RENAME TO audit;
    \(AuditChainMigration.auditTriggers)
    DROP TABLE answer_fts;
    CREATE VIRTUAL TABLE answer_fts USING fts5(
        search_text, content='answer', content_rowid='rowid', tokenize='unicode61 remove_diacritics 0', columnsize=0
    );
    INSERT INTO answer_fts(answer_fts) VALUES ('rebuild');
    """

    /// Hand-overs and moves with their reasons (`Transfer`): never changed, deleted only with
    /// their analysis by a purge. Earlier ones kept only the digest of their reason, in the chain.
    static let v24Transfers = """
    CREATE TABLE transfer (
        id INTEGER PRIMARY KEY,
        analysis_id TEXT NOT NULL REFERENCES analysis(id),
        kind TEXT NOT NULL CHECK (kind IN ('hand_over', 'move')),
        from_value TEXT NOT NULL,
        to_value TEXT NOT NULL,
        reason TEXT NOT NULL,
        made_by TEXT NOT NULL,
        made_at TEXT NOT NULL
    );
    CREATE INDEX transfer_by_analysis ON transfer(analysis_id, id);
    CREATE TRIGGER transfer_never_updated BEFORE UPDATE ON transfer BEGIN
        SELECT RAISE(ABORT, 'hand-overs and moves never change');
    END;
    CREATE TRIGGER transfer_never_deleted BEFORE DELETE ON transfer
    WHEN NOT (\(purgingV8("OLD.analysis_id")))
    BEGIN
        SELECT RAISE(ABORT, 'hand-overs and moves never change');
    END;
    """

    static let v16Notes = """
    CREATE TABLE note (
        id INTEGER PRIMARY KEY,
        analysis_id TEXT NOT NULL REFERENCES analysis(id),
        kind TEXT NOT NULL CHECK (kind IN ('feedback', 'follow_up', 'report', 'outcome')),
        date TEXT NOT NULL,
        outcome TEXT CHECK (outcome IN ('granted', 'refused', 'partly')),
        text TEXT NOT NULL,
        written_by TEXT NOT NULL,
        written_at TEXT NOT NULL
    );
    CREATE INDEX note_by_analysis ON note(analysis_id, id);
    CREATE TRIGGER note_never_updated BEFORE UPDATE ON note BEGIN
        SELECT RAISE(ABORT, 'notes never change');
    END;
    CREATE TRIGGER note_never_deleted BEFORE DELETE ON note
    WHEN NOT (\(purgingV8("OLD.analysis_id")))
    BEGIN
        SELECT RAISE(ABORT, 'notes never change');
    END;
    """

    /// The full-text index's words, each once, to expand a word's start into whole words (see
    /// `SearchTerms`), and FTS5's own view of the words, to fill and check it.
    static let v11SearchTerms = """
    CREATE TABLE search_term (term TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID;
    CREATE VIRTUAL TABLE answer_fts_terms USING fts5vocab(answer_fts, 'row');
    """

    /// Which analysis each answer belongs to, by the answer's rowid: the full-text index gives
    /// answer rowids, and the answer rows themselves are wide (the text twice), so finding the
    /// analyses of 50,000 matches read 50,000 pages of them. Here 150 fit a page. Kept by triggers.
    static let v12AnswerOwners = """
    CREATE TABLE answer_owner (answer INTEGER PRIMARY KEY, analysis_id TEXT NOT NULL);
    INSERT INTO answer_owner (answer, analysis_id) SELECT rowid, analysis_id FROM answer ORDER BY rowid;
    CREATE TRIGGER answer_owner_insert AFTER INSERT ON answer BEGIN
        INSERT INTO answer_owner (answer, analysis_id) VALUES (NEW.rowid, NEW.analysis_id);
    END;
    CREATE TRIGGER answer_owner_update AFTER UPDATE OF analysis_id ON answer BEGIN
        UPDATE answer_owner SET analysis_id = NEW.analysis_id WHERE answer = NEW.rowid;
    END;
    CREATE TRIGGER answer_owner_delete AFTER DELETE ON answer BEGIN
        DELETE FROM answer_owner WHERE answer = OLD.rowid;
    END;
    """

    /// Workshops of the trainer. The tables exist in every store (one schema), but rows go only into
    /// training stores, and the deletions a purge needs are allowed only there: the never-deleted
    /// triggers of v1 come back with one exception, an analysis of a workshop being purged in a
    /// store of kind training. `workshop_purge` is filled and emptied inside the purge's transaction.
    static let v5Workshops = """
    CREATE TABLE workshop (
        code TEXT PRIMARY KEY NOT NULL,
        case_id TEXT NOT NULL,
        checklist_id TEXT NOT NULL,
        trainer TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE workshop_participant (
        code TEXT NOT NULL REFERENCES workshop(code),
        pseudonym TEXT NOT NULL,
        account TEXT NOT NULL,
        analysis_id TEXT NOT NULL UNIQUE REFERENCES analysis(id),
        joined_at TEXT NOT NULL,
        PRIMARY KEY (code, pseudonym)
    );
    CREATE TABLE workshop_purge (
        analysis_id TEXT PRIMARY KEY NOT NULL
    );

    DROP TRIGGER analysis_never_deleted;
    CREATE TRIGGER analysis_never_deleted
    BEFORE DELETE ON analysis
    WHEN NOT (\(purging("OLD.id")))
    BEGIN
        SELECT RAISE(ABORT, 'analyses are not deleted');
    END;
    DROP TRIGGER version_never_deleted;
    CREATE TRIGGER version_never_deleted BEFORE DELETE ON version
    WHEN NOT (\(purging("OLD.analysis_id")))
    BEGIN
        SELECT RAISE(ABORT, 'versions never change');
    END;
    DROP TRIGGER review_never_deleted;
    CREATE TRIGGER review_never_deleted BEFORE DELETE ON review
    WHEN NOT (\(purging("OLD.analysis_id")))
    BEGIN
        SELECT RAISE(ABORT, 'reviews never change');
    END;
    DROP TRIGGER answer_delete_only_when_editable;
    CREATE TRIGGER answer_delete_only_when_editable
    BEFORE DELETE ON answer
    WHEN (SELECT status FROM analysis WHERE id = OLD.analysis_id) NOT IN ('draft', 'returned')
      AND NOT (\(purging("OLD.analysis_id")))
    BEGIN
        SELECT RAISE(ABORT, 'the analysis is not editable');
    END;
    """

    /// v7's exception, and from v8 on a retention purge too (in stores of either kind).
    static func purgingV8(_ analysis: String) -> String {
        "(\(purging(analysis))) OR EXISTS (SELECT 1 FROM retention_purge WHERE analysis_id = \(analysis))"
    }

    static func purging(_ analysis: String) -> String {
        "(SELECT value FROM store_meta WHERE key = 'kind') = 'training' "
            + "AND EXISTS (SELECT 1 FROM workshop_purge WHERE analysis_id = \(analysis))"
    }

    /// The queue filters submitted analyses by unit, caseworker, checklist and period: with those
    /// columns in the status index, a filtered page and its count read the index alone, not one
    /// table row per submitted analysis (36 ms for a period filter at 100,000 analyses, measured).
    /// And a unit's analyses of every status are listed by time again, as in v1.
    static let v5QueueIndex = """
    DROP INDEX analysis_by_status;
    CREATE INDEX analysis_by_status ON analysis(status, updated_at, unit, author, checklist_id, created_at);
    DROP INDEX analysis_by_unit;
    CREATE INDEX analysis_by_unit ON analysis(unit, updated_at);
    """

    /// The lists ask for a status with an author (home) or a unit (the queue), newest or oldest
    /// first: indexes in exactly that order read the first page without sorting an author's or a
    /// unit's whole history. (The time moves at most once a minute while typing, so they cost
    /// saves little.)
    static let v4ListIndexes = """
    DROP INDEX analysis_by_author;
    DROP INDEX analysis_by_unit;
    CREATE INDEX analysis_by_author ON analysis(author, status, updated_at);
    CREATE INDEX analysis_by_unit ON analysis(unit, status, updated_at);
    """

    /// A concern with no report made stays on the supervisor's list until the report's date is recorded.
    static let v14ReportFollowUp = """
    ALTER TABLE analysis ADD COLUMN report_due TEXT;
    CREATE INDEX analysis_report_due ON analysis(report_due) WHERE report_due IS NOT NULL;
    """

    /// The follow-up lists read open due dates and hard stops kept on the analysis row, through
    /// partial indexes holding only what is open: their cost follows the open cases, not the store.
    static let v3FollowUp = """
    ALTER TABLE analysis ADD COLUMN feedback_due TEXT;
    ALTER TABLE analysis ADD COLUMN follow_up_due TEXT;
    -- Hard-stop rules that refused the last submission, until a supervisor overrides them.
    ALTER TABLE analysis ADD COLUMN hard_stop TEXT;
    CREATE INDEX analysis_feedback_due ON analysis(feedback_due) WHERE feedback_due IS NOT NULL;
    CREATE INDEX analysis_follow_up_due ON analysis(follow_up_due) WHERE follow_up_due IS NOT NULL;
    CREATE INDEX analysis_hard_stop ON analysis(updated_at) WHERE hard_stop IS NOT NULL;
    CREATE INDEX review_overrides ON review(at) WHERE decision = 'override';
    """

    /// The administration's units and who works in which: a role held in a unit is a membership
    /// (`unit` names it; '' is a role across the administration). An analysis is handed over by
    /// changing its author while it is editable; its unit moves only through `unit_move`.
    static let v13Units = """
    CREATE TABLE unit (
        name TEXT PRIMARY KEY NOT NULL,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE role_v13 (
        account TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('caseworker', 'supervisor', 'trainer', 'admin')),
        unit TEXT NOT NULL DEFAULT '',
        granted_by TEXT NOT NULL,
        granted_at TEXT NOT NULL,
        PRIMARY KEY (account, role, unit)
    );
    INSERT INTO role_v13 (account, role, unit, granted_by, granted_at)
        SELECT account, role, '', granted_by, granted_at FROM role;
    DROP TABLE role;
    ALTER TABLE role_v13 RENAME TO role;

    -- A unit mapped or renamed: while a row is here, decided analyses' unit may change to it.
    CREATE TABLE unit_move (from_unit TEXT NOT NULL, to_unit TEXT NOT NULL);

    DROP TRIGGER analysis_identity_is_fixed;
    CREATE TRIGGER analysis_identity_is_fixed
    BEFORE UPDATE OF id, checklist_id, author, created_at ON analysis
    WHEN NEW.id IS NOT OLD.id OR NEW.checklist_id IS NOT OLD.checklist_id OR NEW.created_at IS NOT OLD.created_at
      OR (NEW.author IS NOT OLD.author AND OLD.status NOT IN ('draft', 'returned'))
    BEGIN
        SELECT RAISE(ABORT, 'an analysis keeps its id, checklist and creation time, and its author once submitted');
    END;

    DROP TRIGGER analysis_frozen_fields;
    CREATE TRIGGER analysis_frozen_fields
    BEFORE UPDATE OF case_ref, unit, definition_hash, checklist_version ON analysis
    WHEN OLD.status NOT IN ('draft', 'returned')
      AND (NEW.case_ref IS NOT OLD.case_ref
           OR (NEW.unit IS NOT OLD.unit
               AND NOT EXISTS (SELECT 1 FROM unit_move WHERE from_unit = OLD.unit AND to_unit = NEW.unit))
           OR NEW.definition_hash IS NOT OLD.definition_hash OR NEW.checklist_version IS NOT OLD.checklist_version)
    BEGIN
        SELECT RAISE(ABORT, 'a submitted, approved or closed analysis cannot be changed');
    END;
    """

    static let v2Roles = """
    -- Who may do what. Identity is the OS account; the roles live here.
    CREATE TABLE role (
        account TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('caseworker', 'supervisor', 'trainer', 'admin')),
        granted_by TEXT NOT NULL,
        granted_at TEXT NOT NULL,
        PRIMARY KEY (account, role)
    );
    """

    static let v1 = """
    CREATE TABLE store_meta (
        key TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
    );

    -- The exact definition each analysis was made with, so old analyses stay readable as they were.
    CREATE TABLE checklist_definition (
        hash TEXT PRIMARY KEY NOT NULL,
        checklist_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        source TEXT NOT NULL
    );

    CREATE TABLE status_transition (
        from_status TEXT NOT NULL,
        to_status TEXT NOT NULL,
        PRIMARY KEY (from_status, to_status)
    );

    CREATE TABLE id_sequence (
        prefix TEXT NOT NULL,
        year INTEGER NOT NULL,
        next INTEGER NOT NULL,
        PRIMARY KEY (prefix, year)
    );

    CREATE TABLE analysis (
        id TEXT PRIMARY KEY NOT NULL,
        checklist_id TEXT NOT NULL,
        checklist_version INTEGER NOT NULL,
        definition_hash TEXT NOT NULL REFERENCES checklist_definition(hash),
        case_ref TEXT NOT NULL,
        unit TEXT NOT NULL,
        author TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'returned', 'approved', 'closed')),
        versions INTEGER NOT NULL DEFAULT 0,
        position TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX analysis_by_status ON analysis(status, updated_at);
    CREATE INDEX analysis_by_author ON analysis(author, updated_at);
    CREATE INDEX analysis_by_unit ON analysis(unit, updated_at);
    CREATE INDEX analysis_by_updated ON analysis(updated_at);

    CREATE TRIGGER analysis_status_moves_only_as_allowed
    BEFORE UPDATE OF status ON analysis
    WHEN OLD.status <> NEW.status AND NOT EXISTS (
        SELECT 1 FROM status_transition WHERE from_status = OLD.status AND to_status = NEW.status)
    BEGIN
        SELECT RAISE(ABORT, 'forbidden status transition');
    END;

    CREATE TRIGGER analysis_identity_is_fixed
    BEFORE UPDATE OF id, checklist_id, author, created_at ON analysis
    WHEN NEW.id IS NOT OLD.id OR NEW.checklist_id IS NOT OLD.checklist_id
      OR NEW.author IS NOT OLD.author OR NEW.created_at IS NOT OLD.created_at
    BEGIN
        SELECT RAISE(ABORT, 'an analysis keeps its id, checklist, author and creation time');
    END;

    CREATE TRIGGER analysis_frozen_fields
    BEFORE UPDATE OF case_ref, unit, definition_hash, checklist_version ON analysis
    WHEN OLD.status NOT IN ('draft', 'returned')
      AND (NEW.case_ref IS NOT OLD.case_ref OR NEW.unit IS NOT OLD.unit
           OR NEW.definition_hash IS NOT OLD.definition_hash OR NEW.checklist_version IS NOT OLD.checklist_version)
    BEGIN
        SELECT RAISE(ABORT, 'a submitted, approved or closed analysis cannot be changed');
    END;

    CREATE TRIGGER analysis_never_deleted
    BEFORE DELETE ON analysis
    BEGIN
        SELECT RAISE(ABORT, 'analyses are not deleted');
    END;

    -- One row per answered item; the value is canonical JSON.
    CREATE TABLE answer (
        analysis_id TEXT NOT NULL REFERENCES analysis(id),
        item_id TEXT NOT NULL,
        value TEXT NOT NULL,
        search_text TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        UNIQUE (analysis_id, item_id)
    );

    CREATE TRIGGER answer_insert_only_when_editable
    BEFORE INSERT ON answer
    WHEN (SELECT status FROM analysis WHERE id = NEW.analysis_id) NOT IN ('draft', 'returned')
    BEGIN
        SELECT RAISE(ABORT, 'the analysis is not editable');
    END;

    CREATE TRIGGER answer_update_only_when_editable
    BEFORE UPDATE ON answer
    WHEN (SELECT status FROM analysis WHERE id = OLD.analysis_id) NOT IN ('draft', 'returned')
    BEGIN
        SELECT RAISE(ABORT, 'the analysis is not editable');
    END;

    CREATE TRIGGER answer_delete_only_when_editable
    BEFORE DELETE ON answer
    WHEN (SELECT status FROM analysis WHERE id = OLD.analysis_id) NOT IN ('draft', 'returned')
    BEGIN
        SELECT RAISE(ABORT, 'the analysis is not editable');
    END;

    -- Full-text search over the answers, kept in step by triggers.
    CREATE VIRTUAL TABLE answer_fts USING fts5(
        search_text, content='answer', content_rowid='rowid', tokenize='unicode61 remove_diacritics 0'
    );
    CREATE TRIGGER answer_fts_insert AFTER INSERT ON answer BEGIN
        INSERT INTO answer_fts(rowid, search_text) VALUES (NEW.rowid, NEW.search_text);
    END;
    CREATE TRIGGER answer_fts_delete AFTER DELETE ON answer BEGIN
        INSERT INTO answer_fts(answer_fts, rowid, search_text) VALUES ('delete', OLD.rowid, OLD.search_text);
    END;
    CREATE TRIGGER answer_fts_update AFTER UPDATE ON answer BEGIN
        INSERT INTO answer_fts(answer_fts, rowid, search_text) VALUES ('delete', OLD.rowid, OLD.search_text);
        INSERT INTO answer_fts(rowid, search_text) VALUES (NEW.rowid, NEW.search_text);
    END;

    -- Frozen at each submission; never changed.
    CREATE TABLE version (
        analysis_id TEXT NOT NULL REFERENCES analysis(id),
        number INTEGER NOT NULL,
        status TEXT NOT NULL,
        answers TEXT NOT NULL,
        definition_hash TEXT NOT NULL REFERENCES checklist_definition(hash),
        content_hash TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (analysis_id, number)
    );
    CREATE TRIGGER version_never_updated BEFORE UPDATE ON version BEGIN
        SELECT RAISE(ABORT, 'versions never change');
    END;
    CREATE TRIGGER version_never_deleted BEFORE DELETE ON version BEGIN
        SELECT RAISE(ABORT, 'versions never change');
    END;

    -- Supervisors' decisions: append-only, like the audit trail.
    CREATE TABLE review (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        analysis_id TEXT NOT NULL REFERENCES analysis(id),
        version INTEGER NOT NULL,
        reviewer TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('approve', 'return', 'override')),
        comment TEXT,
        item_comments TEXT NOT NULL DEFAULT '{}',
        rule TEXT,
        at TEXT NOT NULL
    );
    CREATE INDEX review_by_analysis ON review(analysis_id);
    CREATE TRIGGER review_never_updated BEFORE UPDATE ON review BEGIN
        SELECT RAISE(ABORT, 'reviews never change');
    END;
    CREATE TRIGGER review_never_deleted BEFORE DELETE ON review BEGIN
        SELECT RAISE(ABORT, 'reviews never change');
    END;

    -- Who did what to which record, and when. Never content.
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        account TEXT NOT NULL,
        action TEXT NOT NULL,
        analysis_id TEXT,
        detail TEXT
    );
    CREATE INDEX audit_by_analysis ON audit(analysis_id);
    CREATE TRIGGER audit_never_updated BEFORE UPDATE ON audit BEGIN
        SELECT RAISE(ABORT, 'the audit trail is append-only');
    END;
    CREATE TRIGGER audit_never_deleted BEFORE DELETE ON audit BEGIN
        SELECT RAISE(ABORT, 'the audit trail is append-only');
    END;
    """
}
