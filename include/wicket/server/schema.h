/* schema.h - the version of wicketd's database schema, where db.c and the
 * tests that upgrade an old database both read it. */
#ifndef WICKET_SERVER_SCHEMA_H
#define WICKET_SERVER_SCHEMA_H

/* How many migrations db.c's schema has: PRAGMA user_version of a current
 * database.  A new migration raises it (db.c checks the two agree). */
#define SRV_SCHEMA_VERSION 19

#endif
