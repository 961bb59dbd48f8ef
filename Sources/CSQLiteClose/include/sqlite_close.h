#ifndef BARNKOLL_SQLITE_CLOSE_H
#define BARNKOLL_SQLITE_CLOSE_H

struct sqlite3;

/// Tells a connection not to checkpoint its WAL into the database file when it closes as the
/// last one (SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE): a store that is refused keeps every byte of its
/// file. sqlite3_db_config is variadic, which Swift cannot call. Returns SQLite's result code.
int bk_sqlite_no_checkpoint_on_close(struct sqlite3 *db);

#endif
