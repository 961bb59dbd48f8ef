#include <sqlite3.h>
#include "sqlite_close.h"

int bk_sqlite_no_checkpoint_on_close(struct sqlite3 *db) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)0);
}
