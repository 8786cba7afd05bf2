/* platform.h - many halls served by one wicketd (platform.c).
 *
 * Halls run in four levels (市、县、乡、村) from one platform.  The first
 * hall's database (the --db) lists them all in its table halls, itself as
 * hall 1; every other hall is a struct srv of its own with its own
 * database: a file beside the first (PATH.halls/ID.db) on SQLite, a schema
 * (hall_ID) of the same database on PostgreSQL.  A hall's people, windows,
 * queue, cases, events, audits and drills are its own; a request runs on
 * the hall its session belongs to (a token of hall ID > 1 starts "hID-"),
 * and a supervisor or administrator of a hall may read (and an
 * administrator act on) a hall under it by naming it: ?hall=ID. */
#ifndef WICKET_SERVER_PLATFORM_H
#define WICKET_SERVER_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct srv;
struct req;

/* Open the platform of first (hall 1, open and migrated): hall 1's row is
 * made when missing (an existing single hall upgrades to hall 1 so), and
 * every other hall listed is opened.  Returns 0, or -1 with err. */
int platform_open(struct srv *first, char *err, size_t errlen);
/* Open the halls hall 1's table lists that are not served yet (added
 * through another wicketd on the same PostgreSQL database).  Returns how
 * many were opened. */
int platform_refresh(struct srv *first);
/* Close every hall but the first; first->platform is freed. */
void platform_close(struct srv *first);
/* The hall id of the platform any belongs to, or NULL when there is none
 * (a drill's sandbox has no platform; id 1 is then any itself). */
struct srv *platform_hall(struct srv *any, int64_t id);
/* Whether hall `id` is `from` or under it (its parent, the parent's
 * parent, ...): what a supervisor of `from` may look into. */
bool platform_sees(struct srv *any, int64_t from, int64_t id);
/* A hall as a list of them gives it. */
struct platform_info {
	int64_t id, parent;       /* parent 0: none */
	char code[32], name[128], level[16];
	struct srv *srv;
};
/* The halls a person of hall `from` sees (from and those under it), in id
 * order: a malloc'd array (caller frees) of *n. */
struct platform_info *platform_visible(struct srv *any, int64_t from, size_t *n);
/* Call fn(hall, arg) for every hall of the platform of any, in id order. */
void platform_each(struct srv *any, void (*fn)(struct srv *hall, void *arg), void *arg);
/* The halls where an account named user exists, at most max, into ids;
 * returns how many there are (may exceed max).  Reads each hall under its
 * lock: call it holding none. */
size_t platform_find_user(struct srv *any, const char *user, int64_t *ids, size_t max);
/* A hall's id from its code or its number as text; 0 when unknown. */
int64_t platform_hall_id(struct srv *any, const char *code);
/* The URL of the platform's PostgreSQL database with schema first on its
 * search path (a drill's sandbox: drills.c), from any hall of it.  The
 * caller frees it. */
char *platform_pg_where(struct srv *any, const char *schema);

/* Copy the catalogue (settings, zones, services, matters, materials) of
 * src into dst, inside dst's transaction: a new hall's, a drill's
 * sandbox's.  Returns 0 or -1. */
int platform_copy_catalogue(struct srv *dst, struct srv *src);

/* GET /api/v1/halls: the halls the caller may see, each with its board's
 * figures (waiting, open windows, overdue cases, served today). */
void h_halls_list(struct req *r);
/* POST /api/v1/halls/{id}/catalogue: an administrator of hall 1 shares
 * its catalogue with hall id again (zones, services, matters, materials
 * updated or added; none taken away). */
void h_halls_catalogue(struct req *r);
/* POST /api/v1/halls: an administrator of hall 1 adds a hall (code, name,
 * level, parent, windows), made with hall 1's catalogue (zones, services,
 * matters, materials, settings) and its first `windows` windows (all by
 * default), closed and unassigned. */
void h_halls_create(struct req *r);

#endif
