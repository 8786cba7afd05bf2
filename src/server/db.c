#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>

#include <sqlite3.h>

#include "wicket/common/log.h"
#include "wicket/server/db_pg.h"
#include "wicket/server/schema.h"
#include "wicket/server/srv.h"
#include "wicket/server/walbuf.h"
#include "wicket/common/xalloc.h"

/* The schema, applied in order; PRAGMA user_version records how far a
 * database has come, so an old file is migrated forward on open. */
/* 17: 帮办代办's columns of a case, the same SQL in both engines. */
#define ASSIST_COLUMNS \
	"ALTER TABLE cases ADD COLUMN assist TEXT CHECK(assist IN ('help','proxy'));" \
	"ALTER TABLE cases ADD COLUMN assist_by TEXT;" \
	"ALTER TABLE cases ADD COLUMN agent_name TEXT;" \
	"ALTER TABLE cases ADD COLUMN agent_id TEXT;" \
	"ALTER TABLE cases ADD COLUMN agent_phone TEXT;" \
	"ALTER TABLE cases ADD COLUMN agent_relation TEXT;"

/* 19's enquiries (首问负责, h_enquiries.c), in either engine's types: who
 * took it (owner), what was asked, and what they did (action); closed_at
 * and closed_how once it is answered or its case taken up. */
#define ENQ_TABLE(ID, INT) \
	"CREATE TABLE enquiries(id " ID ", owner TEXT NOT NULL, asked TEXT NOT NULL," \
	"  matter TEXT, applicant_name TEXT, applicant_phone TEXT," \
	"  action TEXT NOT NULL CHECK(action IN ('answered','ticket','transferred','open'))," \
	"  ticket " INT " REFERENCES tickets(id), to_window " INT ", to_dept TEXT," \
	"  case_id " INT " REFERENCES cases(id), created_at " INT " NOT NULL, day TEXT NOT NULL," \
	"  closed_at " INT ", closed_how TEXT CHECK(closed_how IN ('answered','case')));" \
	"CREATE INDEX enquiries_owner ON enquiries(owner, closed_at);" \
	"CREATE INDEX enquiries_ticket ON enquiries(ticket) WHERE ticket IS NOT NULL;" \
	"CREATE INDEX enquiries_day ON enquiries(day);"

static const char *const db_migrations[] = {
	/* 1: the hall, its people, the queue, cases and the event feed. */
	"CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE zones(code TEXT PRIMARY KEY, name TEXT NOT NULL, sort INTEGER NOT NULL);"
	"CREATE TABLE services(code TEXT PRIMARY KEY, prefix TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL, sort INTEGER NOT NULL);"
	"CREATE TABLE users(user TEXT PRIMARY KEY, name TEXT NOT NULL,"
	"  role TEXT NOT NULL CHECK(role IN ('clerk','supervisor','trainer','admin','kiosk')),"
	"  pwhash TEXT NOT NULL);"
	"CREATE TABLE windows(no INTEGER PRIMARY KEY, name TEXT NOT NULL,"
	"  zone TEXT NOT NULL REFERENCES zones(code),"
	"  status TEXT NOT NULL DEFAULT 'closed' CHECK(status IN ('open','paused','closed')),"
	"  pause_reason TEXT, status_since INTEGER NOT NULL DEFAULT 0,"
	"  clerk TEXT REFERENCES users(user), current INTEGER,"
	"  priority_run INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE window_services(window INTEGER NOT NULL REFERENCES windows(no),"
	"  service TEXT NOT NULL REFERENCES services(code), PRIMARY KEY(window, service));"
	"CREATE TABLE user_windows(user TEXT NOT NULL REFERENCES users(user),"
	"  window INTEGER NOT NULL REFERENCES windows(no), PRIMARY KEY(user, window));"
	"CREATE TABLE sessions(token TEXT PRIMARY KEY, user TEXT NOT NULL REFERENCES users(user),"
	"  windows TEXT NOT NULL, created INTEGER NOT NULL, expires INTEGER NOT NULL);"
	"CREATE TABLE matters(code TEXT PRIMARY KEY, name TEXT NOT NULL,"
	"  service TEXT NOT NULL REFERENCES services(code), department TEXT NOT NULL,"
	"  kind TEXT NOT NULL CHECK(kind IN ('immediate','promised')),"
	"  working_days INTEGER NOT NULL, legal_basis TEXT NOT NULL, fee TEXT NOT NULL,"
	"  steps TEXT NOT NULL, sort INTEGER NOT NULL);"
	"CREATE TABLE materials(matter TEXT NOT NULL REFERENCES matters(code), id INTEGER NOT NULL,"
	"  name TEXT NOT NULL, form TEXT NOT NULL CHECK(form IN ('original','copy','original_and_copy')),"
	"  copies INTEGER NOT NULL, required INTEGER NOT NULL, note TEXT NOT NULL,"
	"  PRIMARY KEY(matter, id));"
	"CREATE TABLE tickets(id INTEGER PRIMARY KEY, number TEXT NOT NULL, day TEXT NOT NULL,"
	"  service TEXT NOT NULL REFERENCES services(code), matter TEXT REFERENCES matters(code),"
	"  priority TEXT NOT NULL, appointment_at INTEGER,"
	"  status TEXT NOT NULL CHECK(status IN ('waiting','called','serving','done','no_show','transferred')),"
	"  window INTEGER, target_window INTEGER, recalls INTEGER NOT NULL DEFAULT 0,"
	"  transferred_from INTEGER REFERENCES tickets(id), clerk TEXT,"
	"  queue_at INTEGER NOT NULL, issued_at INTEGER NOT NULL, called_at INTEGER,"
	"  started_at INTEGER, finished_at INTEGER);"
	"CREATE INDEX tickets_waiting ON tickets(status, service) WHERE status = 'waiting';"
	"CREATE TABLE counters(name TEXT PRIMARY KEY, value INTEGER NOT NULL);"
	"CREATE TABLE cases(id INTEGER PRIMARY KEY, number TEXT NOT NULL UNIQUE,"
	"  ticket INTEGER REFERENCES tickets(id), matter TEXT NOT NULL REFERENCES matters(code),"
	"  window INTEGER, clerk TEXT,"
	"  applicant_name TEXT NOT NULL, applicant_id TEXT NOT NULL, applicant_phone TEXT NOT NULL,"
	"  status TEXT NOT NULL CHECK(status IN ('notified','accepted','suspended','completed')),"
	"  received TEXT NOT NULL, missing TEXT NOT NULL, notified_on TEXT, accepted_on TEXT,"
	"  due TEXT, provisional INTEGER NOT NULL DEFAULT 0, completed_on TEXT, on_time INTEGER,"
	"  working_days_used INTEGER, rating INTEGER, rating_comment TEXT,"
	"  created_at INTEGER NOT NULL, accepted_at INTEGER, suspended_at INTEGER,"
	"  completed_at INTEGER, rated_at INTEGER);"
	"CREATE INDEX cases_window ON cases(window, status);"
	"CREATE TABLE suspensions(case_id INTEGER NOT NULL REFERENCES cases(id),"
	"  start TEXT NOT NULL, end TEXT, reason TEXT NOT NULL, at INTEGER NOT NULL);"
	"CREATE TABLE events(seq INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL,"
	"  kind TEXT NOT NULL, window INTEGER, ticket INTEGER, case_id INTEGER, data TEXT);"
	"CREATE TABLE idempotency(user TEXT NOT NULL, key TEXT NOT NULL, method TEXT NOT NULL,"
	"  path TEXT NOT NULL, body_hash TEXT NOT NULL, status INTEGER NOT NULL,"
	"  reply TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY(user, key));",
	/* 2: what the busy paths read: a window's finished tickets of the day
	 * (served_today on every window listing), the waiting tickets in queue
	 * order, and the ticket a transfer made. */
	"CREATE INDEX tickets_finished ON tickets(window, finished_at) WHERE status = 'done';"
	"CREATE INDEX tickets_queue ON tickets(service, queue_at, id) WHERE status = 'waiting';"
	"CREATE INDEX tickets_transferred ON tickets(transferred_from) WHERE transferred_from IS NOT NULL;",
	/* 3: accounts that can be disabled, and sign-in attempts and lock-outs
	 * (throttle.c) kept per user name and per client address. */
	"ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;"
	"CREATE TABLE login_attempts(kind TEXT NOT NULL CHECK(kind IN ('user','addr')),"
	"  key TEXT NOT NULL, at INTEGER NOT NULL);"
	"CREATE INDEX login_attempts_key ON login_attempts(kind, key, at);"
	"CREATE INDEX login_attempts_at ON login_attempts(at);"
	"CREATE TABLE login_locks(kind TEXT NOT NULL CHECK(kind IN ('user','addr')),"
	"  key TEXT NOT NULL, level INTEGER NOT NULL, until INTEGER NOT NULL, PRIMARY KEY(kind, key));",
	/* 4: the supervisors.  window_log keeps every event about a window for
	 * good (the event feed is trimmed), for a window's day and the
	 * reports' paused time.  Walk-in audits with their findings and
	 * follow-ups; follow-up calls (samples and poor ratings); and what the
	 * board and the reports read. */
	"CREATE TABLE window_log(seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, kind TEXT NOT NULL,"
	"  window INTEGER NOT NULL, ticket INTEGER, case_id INTEGER, data TEXT, user TEXT);"
	"CREATE INDEX window_log_window ON window_log(window, at);"
	"CREATE INDEX window_log_status ON window_log(window, at) WHERE kind = 'window.status';"
	"CREATE TABLE audits(id INTEGER PRIMARY KEY, window INTEGER NOT NULL REFERENCES windows(no),"
	"  day TEXT NOT NULL, at INTEGER NOT NULL, supervisor TEXT NOT NULL REFERENCES users(user),"
	"  clerk TEXT, checklist TEXT NOT NULL, failed INTEGER NOT NULL);"
	"CREATE INDEX audits_day ON audits(day, window);"
	"CREATE TABLE audit_findings(audit INTEGER NOT NULL REFERENCES audits(id), n INTEGER NOT NULL,"
	"  text TEXT NOT NULL, rectify_days INTEGER NOT NULL, due TEXT NOT NULL,"
	"  provisional INTEGER NOT NULL, closed_on TEXT, closed_at INTEGER, PRIMARY KEY(audit, n));"
	"CREATE INDEX audit_findings_open ON audit_findings(due) WHERE closed_on IS NULL;"
	"CREATE TABLE audit_followups(id INTEGER PRIMARY KEY, audit INTEGER NOT NULL, n INTEGER NOT NULL,"
	"  at INTEGER NOT NULL, user TEXT NOT NULL, note TEXT NOT NULL, closed INTEGER NOT NULL,"
	"  FOREIGN KEY(audit, n) REFERENCES audit_findings(audit, n));"
	"CREATE INDEX audit_followups_finding ON audit_followups(audit, n);"
	"CREATE TABLE callback_samples(id INTEGER PRIMARY KEY, at INTEGER NOT NULL, user TEXT NOT NULL,"
	"  from_day TEXT NOT NULL, to_day TEXT NOT NULL, size INTEGER, per_window INTEGER,"
	"  seed INTEGER NOT NULL, exclude_days INTEGER NOT NULL, population INTEGER NOT NULL);"
	"CREATE TABLE callbacks(id INTEGER PRIMARY KEY,"
	"  kind TEXT NOT NULL CHECK(kind IN ('sample','bad_rating')),"
	"  case_id INTEGER NOT NULL REFERENCES cases(id), sample INTEGER REFERENCES callback_samples(id),"
	"  source TEXT CHECK(source IN ('counter','callback')), source_level INTEGER,"
	"  parent INTEGER REFERENCES callbacks(id),"
	"  status TEXT NOT NULL CHECK(status IN ('open','done')), created_at INTEGER NOT NULL,"
	"  due TEXT, provisional INTEGER NOT NULL DEFAULT 0, reached INTEGER, attitude INTEGER,"
	"  competence INTEGER, rating INTEGER, remarks TEXT, done_at INTEGER, done_by TEXT);"
	"CREATE INDEX callbacks_status ON callbacks(status, due);"
	"CREATE INDEX callbacks_case ON callbacks(case_id);"
	"CREATE INDEX cases_applicant ON cases(applicant_id);"
	"CREATE INDEX cases_completed ON cases(completed_on) WHERE completed_on IS NOT NULL;"
	"CREATE INDEX cases_due ON cases(status, due);"
	"CREATE INDEX tickets_called ON tickets(called_at) WHERE called_at IS NOT NULL;",
	/* 5: trainers' drills (drills.c).  Each drill's tickets and cases live in
	 * a database of its own; the hall keeps the drill, its trainees, the
	 * script it plays (a copy of the scenario file), the frozen results, and
	 * which sessions were signed in to it.  drill_applicants is filled only
	 * in a sandbox: the script's applicants released so far, one ticket per
	 * trainee. */
	"CREATE TABLE drills(id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,"
	"  scenario TEXT NOT NULL, script TEXT NOT NULL, trainer TEXT NOT NULL REFERENCES users(user),"
	"  competition TEXT, status TEXT NOT NULL CHECK(status IN ('running','finished')),"
	"  created_at INTEGER NOT NULL, finished_at INTEGER, score TEXT);"
	"CREATE TABLE drill_trainees(drill INTEGER NOT NULL REFERENCES drills(id),"
	"  user TEXT NOT NULL REFERENCES users(user), window INTEGER NOT NULL,"
	"  PRIMARY KEY(drill, user), UNIQUE(drill, window));"
	"CREATE TABLE drill_results(drill INTEGER NOT NULL REFERENCES drills(id), user TEXT NOT NULL,"
	"  criterion TEXT NOT NULL, points INTEGER NOT NULL, max INTEGER NOT NULL,"
	"  PRIMARY KEY(drill, user, criterion));"
	"CREATE INDEX drills_competition ON drills(competition) WHERE competition IS NOT NULL;"
	"CREATE TABLE drill_applicants(applicant INTEGER NOT NULL, trainee TEXT NOT NULL,"
	"  ticket INTEGER NOT NULL REFERENCES tickets(id), released_at INTEGER NOT NULL,"
	"  PRIMARY KEY(applicant, trainee));"
	"ALTER TABLE sessions ADD COLUMN drill INTEGER REFERENCES drills(id);",
	/* 6: the window's day (h_day.c).  A ticket can now expire (the day
	 * ended before it was called or served) and be put back in the queue
	 * after a no-show (requeues counts how often); a transferred ticket
	 * keeps the reason it was sent with.  SQLite cannot change a CHECK, so
	 * the table is rebuilt (db_migrate runs this with foreign keys off),
	 * and its indexes with it. */
	"CREATE TABLE tickets_v6(id INTEGER PRIMARY KEY, number TEXT NOT NULL, day TEXT NOT NULL,"
	"  service TEXT NOT NULL REFERENCES services(code), matter TEXT REFERENCES matters(code),"
	"  priority TEXT NOT NULL, appointment_at INTEGER,"
	"  status TEXT NOT NULL CHECK(status IN ('waiting','called','serving','done','no_show',"
	"    'transferred','expired')),"
	"  window INTEGER, target_window INTEGER, recalls INTEGER NOT NULL DEFAULT 0,"
	"  transferred_from INTEGER REFERENCES tickets(id), clerk TEXT,"
	"  queue_at INTEGER NOT NULL, issued_at INTEGER NOT NULL, called_at INTEGER,"
	"  started_at INTEGER, finished_at INTEGER,"
	"  requeues INTEGER NOT NULL DEFAULT 0, transfer_reason TEXT, expired_at INTEGER);"
	"INSERT INTO tickets_v6(id, number, day, service, matter, priority, appointment_at, status,"
	"  window, target_window, recalls, transferred_from, clerk, queue_at, issued_at, called_at,"
	"  started_at, finished_at)"
	"  SELECT id, number, day, service, matter, priority, appointment_at, status,"
	"  window, target_window, recalls, transferred_from, clerk, queue_at, issued_at, called_at,"
	"  started_at, finished_at FROM tickets;"
	"DROP TABLE tickets;"
	"ALTER TABLE tickets_v6 RENAME TO tickets;"
	"CREATE INDEX tickets_waiting ON tickets(status, service) WHERE status = 'waiting';"
	"CREATE INDEX tickets_finished ON tickets(window, finished_at) WHERE status = 'done';"
	"CREATE INDEX tickets_queue ON tickets(service, queue_at, id) WHERE status = 'waiting';"
	"CREATE INDEX tickets_transferred ON tickets(transferred_from) WHERE transferred_from IS NOT NULL;"
	"CREATE INDEX tickets_called ON tickets(called_at) WHERE called_at IS NOT NULL;"
	"CREATE INDEX tickets_open_day ON tickets(day) WHERE status IN ('waiting', 'called');"
	"CREATE INDEX tickets_expired ON tickets(day) WHERE status = 'expired';",
	/* 7: a case belongs to the hall's service, not to one window: who did
	 * each step of it, where and on which visit (case_steps.c), and the
	 * result it was completed with.  The steps of the cases already there
	 * are rebuilt from their record: the creation with its clerk, window
	 * and ticket; acceptance after a notice, suspensions, completion and
	 * the rating without who did them (nobody wrote it down). */
	"CREATE TABLE case_steps(id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases(id),"
	"  at INTEGER NOT NULL, action TEXT NOT NULL, user TEXT, window INTEGER,"
	"  ticket INTEGER REFERENCES tickets(id), detail TEXT);"
	"CREATE INDEX case_steps_case ON case_steps(case_id, at, id);"
	"CREATE INDEX case_steps_ticket ON case_steps(ticket, action) WHERE ticket IS NOT NULL;"
	"ALTER TABLE cases ADD COLUMN result TEXT;"
	"INSERT INTO case_steps(case_id, at, action, user, window, ticket, detail)"
	"  SELECT id, created_at, CASE WHEN notified_on IS NULL THEN 'accepted' ELSE 'notified' END,"
	"  clerk, window, ticket, NULL FROM cases;"
	"INSERT INTO case_steps(case_id, at, action) SELECT id, accepted_at, 'accepted' FROM cases"
	"  WHERE notified_on IS NOT NULL AND accepted_at IS NOT NULL;"
	"INSERT INTO case_steps(case_id, at, action, detail)"
	"  SELECT case_id, at, 'suspended', json_object('reason', reason) FROM suspensions;"
	"INSERT INTO case_steps(case_id, at, action, detail)"
	"  SELECT id, completed_at, 'completed', json_object('on_time', json(CASE on_time WHEN 1 THEN 'true'"
	"  ELSE 'false' END)) FROM cases WHERE completed_at IS NOT NULL;"
	"INSERT INTO case_steps(case_id, at, action, detail)"
	"  SELECT id, rated_at, 'rated', json_object('level', rating) FROM cases WHERE rated_at IS NOT NULL;",
	/* 8: the idempotency store keeps what a replay needs, for a while
	 * (idem.c): old keys are deleted by time, a case's answer is its id
	 * (read afresh on a replay), and no applicant's ID number or phone
	 * stays in an answer kept before. */
	"CREATE INDEX idempotency_at ON idempotency(at);"
	"UPDATE idempotency SET reply = json_object('case', json_extract(reply, '$.id'))"
	"  WHERE path LIKE '/api/v1/cases%' AND json_valid(reply) AND json_type(reply, '$.id') = 'integer';"
	"UPDATE idempotency SET reply = json_set(reply, '$.applicant.id_number', '', '$.applicant.phone', '')"
	"  WHERE json_valid(reply) AND json_type(reply, '$.applicant') = 'object';"
	"DELETE FROM idempotency WHERE path = '/api/v1/callbacks/sample';"
	/* and sessions are kept by their token's SHA-256 (auth.c): the
	 * tokens kept before cannot be hashed here, so everyone signs in
	 * again once. */
	"DELETE FROM sessions;"
	/* and a session notes when its client was last heard from (auth.c):
	 * a window's clerk is there while it is heard (WIN_ATTENDED). */
	"ALTER TABLE sessions ADD COLUMN seen INTEGER NOT NULL DEFAULT 0;",
	/* 9: the pick without loading the queue (h_windows.c).  How many wait
	 * for each service, untargeted (target_window 0) or sent to a window,
	 * is a row kept by triggers in the transaction that changes a ticket,
	 * whatever the path (issue, call, no-show, requeue, transfer, expiry,
	 * a drill's sandbox): nobody counts the queue any more.  The next of
	 * each class is one probe of an index in call order: due appointments
	 * by appointment, priority and normal tickets by queue time; the
	 * oldest waiting one by issue time.  (status, service) was for
	 * counting, and goes. */
	"CREATE TABLE queue_counts(service TEXT NOT NULL, target_window INTEGER NOT NULL,"
	"  waiting INTEGER NOT NULL, PRIMARY KEY(service, target_window)) WITHOUT ROWID;"
	"INSERT INTO queue_counts SELECT service, coalesce(target_window, 0), count(*) FROM tickets"
	"  WHERE status = 'waiting' GROUP BY 1, 2;"
	"CREATE TRIGGER queue_counts_insert AFTER INSERT ON tickets WHEN new.status = 'waiting' BEGIN"
	"  INSERT INTO queue_counts VALUES(new.service, coalesce(new.target_window, 0), 1)"
	"  ON CONFLICT DO UPDATE SET waiting = waiting + 1; END;"
	"CREATE TRIGGER queue_counts_delete AFTER DELETE ON tickets WHEN old.status = 'waiting' BEGIN"
	"  UPDATE queue_counts SET waiting = waiting - 1"
	"  WHERE service = old.service AND target_window = coalesce(old.target_window, 0); END;"
	"CREATE TRIGGER queue_counts_leave AFTER UPDATE OF status, service, target_window ON tickets"
	"  WHEN old.status = 'waiting' BEGIN"
	"  UPDATE queue_counts SET waiting = waiting - 1"
	"  WHERE service = old.service AND target_window = coalesce(old.target_window, 0); END;"
	"CREATE TRIGGER queue_counts_enter AFTER UPDATE OF status, service, target_window ON tickets"
	"  WHEN new.status = 'waiting' BEGIN"
	"  INSERT INTO queue_counts VALUES(new.service, coalesce(new.target_window, 0), 1)"
	"  ON CONFLICT DO UPDATE SET waiting = waiting + 1; END;"
	"CREATE INDEX tickets_pick_appointment ON tickets(target_window, service, appointment_at, queue_at, id)"
	"  WHERE status = 'waiting' AND appointment_at IS NOT NULL;"
	"CREATE INDEX tickets_pick_priority ON tickets(target_window, service, queue_at, id)"
	"  WHERE status = 'waiting' AND priority <> 'none';"
	"CREATE INDEX tickets_pick_normal ON tickets(target_window, service, queue_at, id)"
	"  WHERE status = 'waiting' AND priority = 'none';"
	"CREATE INDEX tickets_oldest ON tickets(target_window, service, issued_at) WHERE status = 'waiting';"
	"DROP INDEX tickets_waiting;",
	/* 10: the applicant's side of the window: an evaluator (评价器) bound to
	 * one window, and the hall's call screen (display), each a role of its
	 * own; SQLite changes a CHECK by rebuilding the table. */
	"CREATE TABLE users_v10(user TEXT PRIMARY KEY, name TEXT NOT NULL,"
	"  role TEXT NOT NULL CHECK(role IN ('clerk','supervisor','trainer','admin','kiosk',"
	"  'evaluator','display')),"
	"  pwhash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0);"
	"INSERT INTO users_v10(user, name, role, pwhash, disabled)"
	"  SELECT user, name, role, pwhash, disabled FROM users;"
	"DROP TABLE users;"
	"ALTER TABLE users_v10 RENAME TO users;",
	/* 11: 好差评, one rating per service (一次一评; h_ratings.c): the
	 * service (ticket) it is of and its case if any (a visit that handled
	 * two cases rates each), the window and clerk,
	 * and its channel: the applicant's evaluator at the window, a paper
	 * form keyed in by the clerk, a follow-up call (a second rating of the
	 * case), or the system's default when nobody rated in time.  A row is
	 * 'asking' from the end of the service until it is rated or its
	 * deadline passes ('unrated').  The ratings the cases had are kept,
	 * as paper ones (nobody wrote down how they came), and the follow-up
	 * calls' as second ratings. */
	"CREATE TABLE ratings(id INTEGER PRIMARY KEY, ticket INTEGER REFERENCES tickets(id),"
	"  case_id INTEGER REFERENCES cases(id), window INTEGER, clerk TEXT,"
	"  ordinal INTEGER NOT NULL DEFAULT 1 CHECK(ordinal IN (1, 2)),"
	"  status TEXT NOT NULL CHECK(status IN ('asking','rated','unrated')),"
	"  channel TEXT CHECK(channel IN ('evaluator','paper','callback','system_default')),"
	"  level INTEGER CHECK(level BETWEEN 1 AND 5), reason TEXT, comment TEXT,"
	"  asked_at INTEGER, deadline INTEGER, rated_at INTEGER, user TEXT);"
	"CREATE UNIQUE INDEX ratings_service ON ratings(ticket, coalesce(case_id, 0))"
	"  WHERE ordinal = 1 AND ticket IS NOT NULL;"
	"CREATE INDEX ratings_asking ON ratings(deadline) WHERE status = 'asking';"
	"CREATE INDEX ratings_window ON ratings(window, id);"
	"CREATE INDEX ratings_at ON ratings(rated_at) WHERE status = 'rated';"
	"INSERT INTO ratings(ticket, case_id, window, clerk, status, channel, level, comment, asked_at, rated_at)"
	"  SELECT c.ticket, c.id, c.window, c.clerk, 'rated', 'paper', c.rating, c.rating_comment,"
	"  c.rated_at, c.rated_at FROM cases c WHERE c.rated_at IS NOT NULL AND c.rating IS NOT NULL;"
	"INSERT INTO ratings(case_id, window, clerk, ordinal, status, channel, level, asked_at, rated_at, user)"
	"  SELECT cb.case_id, c.window, c.clerk, 2, 'rated', 'callback', cb.rating, cb.done_at, cb.done_at,"
	"  cb.done_by FROM callbacks cb JOIN cases c ON c.id = cb.case_id WHERE cb.rating IS NOT NULL;",
	/* 12: appointments (预约, h_bookings.c): a booking of a slot, until it
	 * is checked in (its ticket), cancelled or missed (a no-show is a
	 * booking past its grace, not a status); 延时: a ticket started after
	 * the hall's closing time. */
	"CREATE TABLE bookings(id INTEGER PRIMARY KEY, number TEXT NOT NULL UNIQUE,"
	"  service TEXT NOT NULL REFERENCES services(code), matter TEXT,"
	"  day TEXT NOT NULL, slot_at INTEGER NOT NULL, slot_minutes INTEGER NOT NULL,"
	"  applicant_name TEXT NOT NULL, applicant_id TEXT NOT NULL, applicant_phone TEXT NOT NULL,"
	"  channel TEXT NOT NULL CHECK(channel IN ('app','phone','counter')),"
	"  status TEXT NOT NULL CHECK(status IN ('booked','cancelled','checked_in')),"
	"  created_at INTEGER NOT NULL, created_by TEXT NOT NULL, cancelled_at INTEGER,"
	"  checked_in_at INTEGER, ticket INTEGER, late INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX bookings_slot ON bookings(service, slot_at);"
	"CREATE INDEX bookings_day ON bookings(day, slot_at);"
	"CREATE INDEX bookings_applicant ON bookings(applicant_id, day);"
	"ALTER TABLE tickets ADD COLUMN extended INTEGER NOT NULL DEFAULT 0;"
	/* 不打烊: a weekend or evening session of named windows (h_extra.c). */
	"CREATE TABLE extra_sessions(id INTEGER PRIMARY KEY, day TEXT NOT NULL, hours TEXT NOT NULL,"
	"  starts_at INTEGER NOT NULL, ends_at INTEGER NOT NULL, created_by TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL);"
	"CREATE INDEX extra_sessions_day ON extra_sessions(day, starts_at);"
	"CREATE TABLE extra_session_windows(session INTEGER NOT NULL REFERENCES extra_sessions(id),"
	"  window INTEGER NOT NULL REFERENCES windows(no), PRIMARY KEY(session, window));"
	/* 上门服务: a visit to an applicant of the groups halls name, assigned to
	 * a clerk; its case is taken on the day, away from the hall (h_home.c). */
	"CREATE TABLE home_visits(id INTEGER PRIMARY KEY, number TEXT NOT NULL UNIQUE,"
	"  matter TEXT NOT NULL REFERENCES matters(code), service TEXT NOT NULL,"
	"  grp TEXT NOT NULL CHECK(grp IN ('elderly','disabled','ill','orphan','wubao')),"
	"  applicant_name TEXT NOT NULL, applicant_id TEXT NOT NULL, applicant_phone TEXT NOT NULL,"
	"  address TEXT NOT NULL, day TEXT NOT NULL, at INTEGER NOT NULL, clerk TEXT NOT NULL,"
	"  status TEXT NOT NULL CHECK(status IN ('booked','done','cancelled')),"
	"  case_id INTEGER, created_by TEXT NOT NULL, created_at INTEGER NOT NULL, done_at INTEGER);"
	"CREATE INDEX home_visits_day ON home_visits(day, at);",
	/* 13: a 差评 of a service that made no case (a question answered, a
	 * ticket for advice) opens a follow-up too (h_callbacks.c): a
	 * callback is of a case or of a visit (its ticket); SQLite changes a
	 * NOT NULL by rebuilding the table. */
	"CREATE TABLE callbacks_v13(id INTEGER PRIMARY KEY,"
	"  kind TEXT NOT NULL CHECK(kind IN ('sample','bad_rating')),"
	"  case_id INTEGER REFERENCES cases(id), ticket INTEGER REFERENCES tickets(id),"
	"  sample INTEGER REFERENCES callback_samples(id),"
	"  source TEXT CHECK(source IN ('counter','callback')), source_level INTEGER,"
	"  parent INTEGER REFERENCES callbacks(id),"
	"  status TEXT NOT NULL CHECK(status IN ('open','done')), created_at INTEGER NOT NULL,"
	"  due TEXT, provisional INTEGER NOT NULL DEFAULT 0, reached INTEGER, attitude INTEGER,"
	"  competence INTEGER, rating INTEGER, remarks TEXT, done_at INTEGER, done_by TEXT,"
	"  CHECK(case_id IS NOT NULL OR ticket IS NOT NULL));"
	"INSERT INTO callbacks_v13(id, kind, case_id, sample, source, source_level, parent, status,"
	"  created_at, due, provisional, reached, attitude, competence, rating, remarks, done_at, done_by)"
	"  SELECT id, kind, case_id, sample, source, source_level, parent, status, created_at, due,"
	"  provisional, reached, attitude, competence, rating, remarks, done_at, done_by FROM callbacks;"
	"DROP TABLE callbacks;"
	"ALTER TABLE callbacks_v13 RENAME TO callbacks;"
	"CREATE INDEX callbacks_status ON callbacks(status, due);"
	"CREATE INDEX callbacks_case ON callbacks(case_id);",
	/* 14: 预约 (issue #17): a booking missed (its grace over, nobody checked
	 * in) is told on the feed once, booking.no_show (h_bookings.c). */
	"ALTER TABLE bookings ADD COLUMN missed_told INTEGER NOT NULL DEFAULT 0;"
	/* asked before every request: the few still to tell, not every booking */
	"CREATE INDEX bookings_untold ON bookings(slot_at) WHERE status = 'booked' AND missed_told = 0;",
	/* 15: a platform of many halls (platform.c): the first hall's
	 * database lists them all, itself as hall 1, each with its level
	 * (市、县、乡、村) and the hall above it; each other hall's data lives in
	 * a database (SQLite) or a schema (PostgreSQL) of its own. */
	"CREATE TABLE halls(id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,"
	"  level TEXT NOT NULL CHECK(level IN ('city','county','township','village')),"
	"  parent INTEGER REFERENCES halls(id), created_at INTEGER NOT NULL);",
	/* 16: 容缺受理 (issue #18): a guide's material may be supplied after
	 * acceptance within deferrable_days working days (NULL: it may not);
	 * case_owed lists what an accepted case still owes and by when. */
	"ALTER TABLE materials ADD COLUMN deferrable_days INTEGER;"
	"CREATE TABLE case_owed(case_id INTEGER NOT NULL REFERENCES cases(id), material INTEGER NOT NULL,"
	"  due TEXT NOT NULL, provisional INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(case_id, material));"
	"CREATE INDEX case_owed_due ON case_owed(due);",
	/* 17: 帮办代办 (issue #18): a case helped through (help) or handled
	 * for the applicant (proxy) by assist_by; a proxy case has its agent
	 * (代办人), whose ID number and phone are masked like the applicant's. */
	ASSIST_COLUMNS,
	/* 18: AB岗 (issue #18): a window's post, its A clerk and B clerks
	 * (h_posts.c); a clerk's absences (leave, meeting, training: epoch
	 * seconds [starts, ends), the handover note); and a B's covers of A's
	 * window, one a covering session (ended NULL while it lasts, until =
	 * the session's expiry). */
	"CREATE TABLE posts(window INTEGER PRIMARY KEY REFERENCES windows(no),"
	"  a_user TEXT NOT NULL REFERENCES users(user));"
	"CREATE TABLE post_backups(window INTEGER NOT NULL REFERENCES posts(window),"
	"  user TEXT NOT NULL REFERENCES users(user), PRIMARY KEY(window, user));"
	"CREATE TABLE absences(id INTEGER PRIMARY KEY, user TEXT NOT NULL REFERENCES users(user),"
	"  reason TEXT NOT NULL CHECK(reason IN ('leave','meeting','training','other')),"
	"  starts INTEGER NOT NULL, ends INTEGER NOT NULL, note TEXT NOT NULL, by_user TEXT NOT NULL,"
	"  created INTEGER NOT NULL);"
	"CREATE INDEX absences_user ON absences(user, ends);"
	"CREATE TABLE covers(id INTEGER PRIMARY KEY, window INTEGER NOT NULL, user TEXT NOT NULL,"
	"  a_user TEXT NOT NULL, absence INTEGER NOT NULL REFERENCES absences(id), token TEXT NOT NULL,"
	"  started INTEGER NOT NULL, until INTEGER NOT NULL, ended INTEGER);"
	"CREATE INDEX covers_window ON covers(window, started);",
	/* 19: 首问负责 (issue #18, h_enquiries.c): the guide desk's role
	 * (导询, users rebuilt for its CHECK), and every enquiry a staff member
	 * took first, theirs until it is closed. */
	"CREATE TABLE users_v19(user TEXT PRIMARY KEY, name TEXT NOT NULL,"
	"  role TEXT NOT NULL CHECK(role IN ('clerk','supervisor','trainer','admin','kiosk',"
	"  'evaluator','display','guide')),"
	"  pwhash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0);"
	"INSERT INTO users_v19(user, name, role, pwhash, disabled)"
	"  SELECT user, name, role, pwhash, disabled FROM users;"
	"DROP TABLE users;"
	"ALTER TABLE users_v19 RENAME TO users;"
	ENQ_TABLE("INTEGER PRIMARY KEY", "INTEGER"),
};
#define DB_VERSION ((int)(sizeof db_migrations / sizeof db_migrations[0]))
/* A new migration says so in srv.h too, where the tests read it. */
_Static_assert(DB_VERSION == SRV_SCHEMA_VERSION, "db_migrations[] and SRV_SCHEMA_VERSION disagree");

/* The schema at version 13 for PostgreSQL (a new database starts here;
 * migrations after 13 come in both forms): SQLite's, with its integers
 * as bigint, its rowid keys as identity columns, the columns named
 * user, window and end quoted, the tables in the order their references
 * need, and the queue counts kept by one trigger function. */
static const char db_pg_baseline[] =
	"CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
	"CREATE TABLE zones(code TEXT PRIMARY KEY, name TEXT NOT NULL, sort BIGINT NOT NULL);\n"
	"CREATE TABLE services(code TEXT PRIMARY KEY, prefix TEXT NOT NULL UNIQUE, name TEXT NOT NULL, sort BIGINT NOT NULL);\n"
	"CREATE TABLE users(\"user\" TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL CHECK(role IN ('clerk','supervisor','trainer','admin','kiosk', 'evaluator','display')), pwhash TEXT NOT NULL, disabled BIGINT NOT NULL DEFAULT 0);\n"
	"CREATE TABLE windows(no BIGINT PRIMARY KEY, name TEXT NOT NULL, zone TEXT NOT NULL REFERENCES zones(code), status TEXT NOT NULL DEFAULT 'closed' CHECK(status IN ('open','paused','closed')), pause_reason TEXT, status_since BIGINT NOT NULL DEFAULT 0, clerk TEXT REFERENCES users(\"user\"), current BIGINT, priority_run BIGINT NOT NULL DEFAULT 0);\n"
	"CREATE TABLE window_services(\"window\" BIGINT NOT NULL REFERENCES windows(no), service TEXT NOT NULL REFERENCES services(code), PRIMARY KEY(\"window\", service));\n"
	"CREATE TABLE user_windows(\"user\" TEXT NOT NULL REFERENCES users(\"user\"), \"window\" BIGINT NOT NULL REFERENCES windows(no), PRIMARY KEY(\"user\", \"window\"));\n"
	"CREATE TABLE drills(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, code TEXT NOT NULL UNIQUE, scenario TEXT NOT NULL, script TEXT NOT NULL, trainer TEXT NOT NULL REFERENCES users(\"user\"), competition TEXT, status TEXT NOT NULL CHECK(status IN ('running','finished')), created_at BIGINT NOT NULL, finished_at BIGINT, score TEXT);\n"
	"CREATE TABLE sessions(token TEXT PRIMARY KEY, \"user\" TEXT NOT NULL REFERENCES users(\"user\"), windows TEXT NOT NULL, created BIGINT NOT NULL, expires BIGINT NOT NULL, drill BIGINT REFERENCES drills(id), seen BIGINT NOT NULL DEFAULT 0);\n"
	"CREATE TABLE matters(code TEXT PRIMARY KEY, name TEXT NOT NULL, service TEXT NOT NULL REFERENCES services(code), department TEXT NOT NULL, kind TEXT NOT NULL CHECK(kind IN ('immediate','promised')), working_days BIGINT NOT NULL, legal_basis TEXT NOT NULL, fee TEXT NOT NULL, steps TEXT NOT NULL, sort BIGINT NOT NULL);\n"
	"CREATE TABLE materials(matter TEXT NOT NULL REFERENCES matters(code), id BIGINT NOT NULL, name TEXT NOT NULL, form TEXT NOT NULL CHECK(form IN ('original','copy','original_and_copy')), copies BIGINT NOT NULL, required BIGINT NOT NULL, note TEXT NOT NULL, PRIMARY KEY(matter, id));\n"
	"CREATE TABLE counters(name TEXT PRIMARY KEY, value BIGINT NOT NULL);\n"
	"CREATE TABLE tickets(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, number TEXT NOT NULL, day TEXT NOT NULL, service TEXT NOT NULL REFERENCES services(code), matter TEXT REFERENCES matters(code), priority TEXT NOT NULL, appointment_at BIGINT, status TEXT NOT NULL CHECK(status IN ('waiting','called','serving','done','no_show', 'transferred','expired')), \"window\" BIGINT, target_window BIGINT, recalls BIGINT NOT NULL DEFAULT 0, transferred_from BIGINT REFERENCES tickets(id), clerk TEXT, queue_at BIGINT NOT NULL, issued_at BIGINT NOT NULL, called_at BIGINT, started_at BIGINT, finished_at BIGINT, requeues BIGINT NOT NULL DEFAULT 0, transfer_reason TEXT, expired_at BIGINT, extended BIGINT NOT NULL DEFAULT 0);\n"
	"CREATE TABLE cases(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, number TEXT NOT NULL UNIQUE, ticket BIGINT REFERENCES tickets(id), matter TEXT NOT NULL REFERENCES matters(code), \"window\" BIGINT, clerk TEXT, applicant_name TEXT NOT NULL, applicant_id TEXT NOT NULL, applicant_phone TEXT NOT NULL, status TEXT NOT NULL CHECK(status IN ('notified','accepted','suspended','completed')), received TEXT NOT NULL, missing TEXT NOT NULL, notified_on TEXT, accepted_on TEXT, due TEXT, provisional BIGINT NOT NULL DEFAULT 0, completed_on TEXT, on_time BIGINT, working_days_used BIGINT, rating BIGINT, rating_comment TEXT, created_at BIGINT NOT NULL, accepted_at BIGINT, suspended_at BIGINT, completed_at BIGINT, rated_at BIGINT, result TEXT);\n"
	"CREATE TABLE suspensions(case_id BIGINT NOT NULL REFERENCES cases(id), start TEXT NOT NULL, \"end\" TEXT, reason TEXT NOT NULL, at BIGINT NOT NULL);\n"
	"CREATE TABLE events(seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, at BIGINT NOT NULL, kind TEXT NOT NULL, \"window\" BIGINT, ticket BIGINT, case_id BIGINT, data TEXT);\n"
	"CREATE TABLE idempotency(\"user\" TEXT NOT NULL, key TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL, body_hash TEXT NOT NULL, status BIGINT NOT NULL, reply TEXT NOT NULL, at BIGINT NOT NULL, PRIMARY KEY(\"user\", key));\n"
	"CREATE TABLE login_attempts(kind TEXT NOT NULL CHECK(kind IN ('user','addr')), key TEXT NOT NULL, at BIGINT NOT NULL);\n"
	"CREATE TABLE login_locks(kind TEXT NOT NULL CHECK(kind IN ('user','addr')), key TEXT NOT NULL, level BIGINT NOT NULL, until BIGINT NOT NULL, PRIMARY KEY(kind, key));\n"
	"CREATE TABLE window_log(seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, at BIGINT NOT NULL, kind TEXT NOT NULL, \"window\" BIGINT NOT NULL, ticket BIGINT, case_id BIGINT, data TEXT, \"user\" TEXT);\n"
	"CREATE TABLE audits(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, \"window\" BIGINT NOT NULL REFERENCES windows(no), day TEXT NOT NULL, at BIGINT NOT NULL, supervisor TEXT NOT NULL REFERENCES users(\"user\"), clerk TEXT, checklist TEXT NOT NULL, failed BIGINT NOT NULL);\n"
	"CREATE TABLE audit_findings(audit BIGINT NOT NULL REFERENCES audits(id), n BIGINT NOT NULL, text TEXT NOT NULL, rectify_days BIGINT NOT NULL, due TEXT NOT NULL, provisional BIGINT NOT NULL, closed_on TEXT, closed_at BIGINT, PRIMARY KEY(audit, n));\n"
	"CREATE TABLE audit_followups(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, audit BIGINT NOT NULL, n BIGINT NOT NULL, at BIGINT NOT NULL, \"user\" TEXT NOT NULL, note TEXT NOT NULL, closed BIGINT NOT NULL, FOREIGN KEY(audit, n) REFERENCES audit_findings(audit, n));\n"
	"CREATE TABLE callback_samples(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, at BIGINT NOT NULL, \"user\" TEXT NOT NULL, from_day TEXT NOT NULL, to_day TEXT NOT NULL, size BIGINT, per_window BIGINT, seed BIGINT NOT NULL, exclude_days BIGINT NOT NULL, population BIGINT NOT NULL);\n"
	"CREATE TABLE drill_trainees(drill BIGINT NOT NULL REFERENCES drills(id), \"user\" TEXT NOT NULL REFERENCES users(\"user\"), \"window\" BIGINT NOT NULL, PRIMARY KEY(drill, \"user\"), UNIQUE(drill, \"window\"));\n"
	"CREATE TABLE drill_results(drill BIGINT NOT NULL REFERENCES drills(id), \"user\" TEXT NOT NULL, criterion TEXT NOT NULL, points BIGINT NOT NULL, max BIGINT NOT NULL, PRIMARY KEY(drill, \"user\", criterion));\n"
	"CREATE TABLE drill_applicants(applicant BIGINT NOT NULL, trainee TEXT NOT NULL, ticket BIGINT NOT NULL REFERENCES tickets(id), released_at BIGINT NOT NULL, PRIMARY KEY(applicant, trainee));\n"
	"CREATE TABLE case_steps(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, case_id BIGINT NOT NULL REFERENCES cases(id), at BIGINT NOT NULL, action TEXT NOT NULL, \"user\" TEXT, \"window\" BIGINT, ticket BIGINT REFERENCES tickets(id), detail TEXT);\n"
	"CREATE TABLE queue_counts(service TEXT NOT NULL, target_window BIGINT NOT NULL, waiting BIGINT NOT NULL, PRIMARY KEY(service, target_window));\n"
	"CREATE TABLE ratings(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, ticket BIGINT REFERENCES tickets(id), case_id BIGINT REFERENCES cases(id), \"window\" BIGINT, clerk TEXT, ordinal BIGINT NOT NULL DEFAULT 1 CHECK(ordinal IN (1, 2)), status TEXT NOT NULL CHECK(status IN ('asking','rated','unrated')), channel TEXT CHECK(channel IN ('evaluator','paper','callback','system_default')), level BIGINT CHECK(level BETWEEN 1 AND 5), reason TEXT, comment TEXT, asked_at BIGINT, deadline BIGINT, rated_at BIGINT, \"user\" TEXT);\n"
	"CREATE TABLE bookings(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, number TEXT NOT NULL UNIQUE, service TEXT NOT NULL REFERENCES services(code), matter TEXT, day TEXT NOT NULL, slot_at BIGINT NOT NULL, slot_minutes BIGINT NOT NULL, applicant_name TEXT NOT NULL, applicant_id TEXT NOT NULL, applicant_phone TEXT NOT NULL, channel TEXT NOT NULL CHECK(channel IN ('app','phone','counter')), status TEXT NOT NULL CHECK(status IN ('booked','cancelled','checked_in')), created_at BIGINT NOT NULL, created_by TEXT NOT NULL, cancelled_at BIGINT, checked_in_at BIGINT, ticket BIGINT, late BIGINT NOT NULL DEFAULT 0);\n"
	"CREATE TABLE extra_sessions(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, day TEXT NOT NULL, hours TEXT NOT NULL, starts_at BIGINT NOT NULL, ends_at BIGINT NOT NULL, created_by TEXT NOT NULL, created_at BIGINT NOT NULL);\n"
	"CREATE TABLE extra_session_windows(session BIGINT NOT NULL REFERENCES extra_sessions(id), \"window\" BIGINT NOT NULL REFERENCES windows(no), PRIMARY KEY(session, \"window\"));\n"
	"CREATE TABLE home_visits(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, number TEXT NOT NULL UNIQUE, matter TEXT NOT NULL REFERENCES matters(code), service TEXT NOT NULL, grp TEXT NOT NULL CHECK(grp IN ('elderly','disabled','ill','orphan','wubao')), applicant_name TEXT NOT NULL, applicant_id TEXT NOT NULL, applicant_phone TEXT NOT NULL, address TEXT NOT NULL, day TEXT NOT NULL, at BIGINT NOT NULL, clerk TEXT NOT NULL, status TEXT NOT NULL CHECK(status IN ('booked','done','cancelled')), case_id BIGINT, created_by TEXT NOT NULL, created_at BIGINT NOT NULL, done_at BIGINT);\n"
	"CREATE TABLE callbacks(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, kind TEXT NOT NULL CHECK(kind IN ('sample','bad_rating')), case_id BIGINT REFERENCES cases(id), ticket BIGINT REFERENCES tickets(id), sample BIGINT REFERENCES callback_samples(id), source TEXT CHECK(source IN ('counter','callback')), source_level BIGINT, parent BIGINT REFERENCES callbacks(id), status TEXT NOT NULL CHECK(status IN ('open','done')), created_at BIGINT NOT NULL, due TEXT, provisional BIGINT NOT NULL DEFAULT 0, reached BIGINT, attitude BIGINT, competence BIGINT, rating BIGINT, remarks TEXT, done_at BIGINT, done_by TEXT, CHECK(case_id IS NOT NULL OR ticket IS NOT NULL));\n"
	"CREATE INDEX cases_window ON cases(\"window\", status);\n"
	"CREATE INDEX login_attempts_key ON login_attempts(kind, key, at);\n"
	"CREATE INDEX login_attempts_at ON login_attempts(at);\n"
	"CREATE INDEX window_log_window ON window_log(\"window\", at);\n"
	"CREATE INDEX window_log_status ON window_log(\"window\", at) WHERE kind = 'window.status';\n"
	"CREATE INDEX audits_day ON audits(day, \"window\");\n"
	"CREATE INDEX audit_findings_open ON audit_findings(due) WHERE closed_on IS NULL;\n"
	"CREATE INDEX audit_followups_finding ON audit_followups(audit, n);\n"
	"CREATE INDEX cases_applicant ON cases(applicant_id);\n"
	"CREATE INDEX cases_completed ON cases(completed_on) WHERE completed_on IS NOT NULL;\n"
	"CREATE INDEX cases_due ON cases(status, due);\n"
	"CREATE INDEX drills_competition ON drills(competition) WHERE competition IS NOT NULL;\n"
	"CREATE INDEX tickets_finished ON tickets(\"window\", finished_at) WHERE status = 'done';\n"
	"CREATE INDEX tickets_queue ON tickets(service, queue_at, id) WHERE status = 'waiting';\n"
	"CREATE INDEX tickets_transferred ON tickets(transferred_from) WHERE transferred_from IS NOT NULL;\n"
	"CREATE INDEX tickets_called ON tickets(called_at) WHERE called_at IS NOT NULL;\n"
	"CREATE INDEX tickets_open_day ON tickets(day) WHERE status IN ('waiting', 'called');\n"
	"CREATE INDEX tickets_expired ON tickets(day) WHERE status = 'expired';\n"
	"CREATE INDEX case_steps_case ON case_steps(case_id, at, id);\n"
	"CREATE INDEX case_steps_ticket ON case_steps(ticket, action) WHERE ticket IS NOT NULL;\n"
	"CREATE INDEX idempotency_at ON idempotency(at);\n"
	"CREATE INDEX tickets_pick_appointment ON tickets(target_window, service, appointment_at, queue_at, id) WHERE status = 'waiting' AND appointment_at IS NOT NULL;\n"
	"CREATE INDEX tickets_pick_priority ON tickets(target_window, service, queue_at, id) WHERE status = 'waiting' AND priority <> 'none';\n"
	"CREATE INDEX tickets_pick_normal ON tickets(target_window, service, queue_at, id) WHERE status = 'waiting' AND priority = 'none';\n"
	"CREATE INDEX tickets_oldest ON tickets(target_window, service, issued_at) WHERE status = 'waiting';\n"
	"CREATE UNIQUE INDEX ratings_service ON ratings(ticket, coalesce(case_id, 0)) WHERE ordinal = 1 AND ticket IS NOT NULL;\n"
	"CREATE INDEX ratings_asking ON ratings(deadline) WHERE status = 'asking';\n"
	"CREATE INDEX ratings_window ON ratings(\"window\", id);\n"
	"CREATE INDEX ratings_at ON ratings(rated_at) WHERE status = 'rated';\n"
	"CREATE INDEX bookings_slot ON bookings(service, slot_at);\n"
	"CREATE INDEX bookings_day ON bookings(day, slot_at);\n"
	"CREATE INDEX bookings_applicant ON bookings(applicant_id, day);\n"
	"CREATE INDEX extra_sessions_day ON extra_sessions(day, starts_at);\n"
	"CREATE INDEX home_visits_day ON home_visits(day, at);\n"
	"CREATE INDEX callbacks_status ON callbacks(status, due);\n"
	"CREATE INDEX callbacks_case ON callbacks(case_id);\n"
	"CREATE FUNCTION queue_counts_keep() RETURNS trigger LANGUAGE plpgsql AS $$\n"
	"BEGIN\n"
	"  IF TG_OP <> 'INSERT' AND OLD.status = 'waiting' THEN\n"
	"    UPDATE queue_counts SET waiting = waiting - 1\n"
	"      WHERE service = OLD.service AND target_window = coalesce(OLD.target_window, 0);\n"
	"  END IF;\n"
	"  IF TG_OP <> 'DELETE' AND NEW.status = 'waiting' THEN\n"
	"    INSERT INTO queue_counts VALUES(NEW.service, coalesce(NEW.target_window, 0), 1)\n"
	"      ON CONFLICT (service, target_window) DO UPDATE SET waiting = queue_counts.waiting + 1;\n"
	"  END IF;\n"
	"  RETURN NULL;\n"
	"END $$;\n"
	"CREATE TRIGGER queue_counts_insert AFTER INSERT ON tickets FOR EACH ROW EXECUTE FUNCTION queue_counts_keep();\n"
	"CREATE TRIGGER queue_counts_delete AFTER DELETE ON tickets FOR EACH ROW EXECUTE FUNCTION queue_counts_keep();\n"
	"CREATE TRIGGER queue_counts_update AFTER UPDATE OF status, service, target_window ON tickets FOR EACH ROW EXECUTE FUNCTION queue_counts_keep();\n";
#define DB_PG_BASELINE 13
/* The PostgreSQL forms of the migrations after the baseline, in order:
 * [i] brings a database to DB_PG_BASELINE + 1 + i. */
static const char *const db_pg_migrations[] = {
	/* 14 */
	"ALTER TABLE bookings ADD COLUMN missed_told BIGINT NOT NULL DEFAULT 0;"
	"CREATE INDEX bookings_untold ON bookings(slot_at) WHERE status = 'booked' AND missed_told = 0;",
	/* 15 */
	"CREATE TABLE halls(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, code TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL, level TEXT NOT NULL CHECK(level IN ('city','county','township','village')),"
	"  parent BIGINT REFERENCES halls(id), created_at BIGINT NOT NULL);",
	/* 16 */
	"ALTER TABLE materials ADD COLUMN deferrable_days BIGINT;"
	"CREATE TABLE case_owed(case_id BIGINT NOT NULL REFERENCES cases(id), material BIGINT NOT NULL,"
	"  due TEXT NOT NULL, provisional BIGINT NOT NULL DEFAULT 0, PRIMARY KEY(case_id, material));"
	"CREATE INDEX case_owed_due ON case_owed(due);",
	/* 17: 帮办代办 */
	ASSIST_COLUMNS,
	/* 18: AB岗 (issue #18) */
	"CREATE TABLE posts(\"window\" BIGINT PRIMARY KEY REFERENCES windows(no),"
	"  a_user TEXT NOT NULL REFERENCES users(\"user\"));"
	"CREATE TABLE post_backups(\"window\" BIGINT NOT NULL REFERENCES posts(\"window\"),"
	"  \"user\" TEXT NOT NULL REFERENCES users(\"user\"), PRIMARY KEY(\"window\", \"user\"));"
	"CREATE TABLE absences(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
	"  \"user\" TEXT NOT NULL REFERENCES users(\"user\"),"
	"  reason TEXT NOT NULL CHECK(reason IN ('leave','meeting','training','other')),"
	"  starts BIGINT NOT NULL, ends BIGINT NOT NULL, note TEXT NOT NULL, by_user TEXT NOT NULL,"
	"  created BIGINT NOT NULL);"
	"CREATE INDEX absences_user ON absences(\"user\", ends);"
	"CREATE TABLE covers(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, \"window\" BIGINT NOT NULL,"
	"  \"user\" TEXT NOT NULL, a_user TEXT NOT NULL, absence BIGINT NOT NULL REFERENCES absences(id),"
	"  token TEXT NOT NULL, started BIGINT NOT NULL, until BIGINT NOT NULL, ended BIGINT);"
	"CREATE INDEX covers_window ON covers(\"window\", started);",
	/* 19: 首问负责 */
	"ALTER TABLE users DROP CONSTRAINT users_role_check;"
	"ALTER TABLE users ADD CONSTRAINT users_role_check CHECK(role IN ('clerk','supervisor','trainer',"
	"  'admin','kiosk','evaluator','display','guide'));"
	ENQ_TABLE("BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", "BIGINT"),
};
_Static_assert(DB_PG_BASELINE + (int)(sizeof db_pg_migrations / sizeof db_pg_migrations[0]) == DB_VERSION,
	       "a migration after 13 needs its PostgreSQL form in db_pg_migrations[]");

/* Bring a PostgreSQL database to DB_VERSION: the baseline into an empty
 * one, then each later migration, each in a transaction with the version
 * it reaches (the table wicket_schema).  Two wicketd starting together
 * take turns on an advisory lock.  Returns 0, or -1 with err. */
static int db_migrate_pg(struct srv *s, char *err, size_t errlen)
{
	char msg[512];
	if (pg_exec(s->pg, "SELECT pg_advisory_lock(8470);"
		    "CREATE TABLE IF NOT EXISTS wicket_schema(version BIGINT NOT NULL)", msg, sizeof msg)) {
		snprintf(err, errlen, "preparing the schema: %s", msg);
		return -1;
	}
	int version = (int)db_int(s, "SELECT coalesce(max(version), 0) FROM wicket_schema", 0, "");
	int rc = 0;
	if (version > DB_VERSION) {
		snprintf(err, errlen, "database schema %d is newer than this wicketd (%d)", version, DB_VERSION);
		rc = -1;
	}
	for (int v = version; rc == 0 && v < DB_VERSION; v = v < DB_PG_BASELINE ? DB_PG_BASELINE : v + 1) {
		const char *script = v < DB_PG_BASELINE ? db_pg_baseline : db_pg_migrations[v - DB_PG_BASELINE];
		int to = v < DB_PG_BASELINE ? DB_PG_BASELINE : v + 1;
		char set[96];
		snprintf(set, sizeof set, "DELETE FROM wicket_schema; INSERT INTO wicket_schema VALUES(%d)", to);
		if (pg_exec(s->pg, "BEGIN", msg, sizeof msg) || pg_exec(s->pg, script, msg, sizeof msg) ||
		    pg_exec(s->pg, set, msg, sizeof msg) || pg_exec(s->pg, "COMMIT", msg, sizeof msg)) {
			snprintf(err, errlen, "migrating the schema to %d: %s", to, msg);
			pg_exec(s->pg, "ROLLBACK", msg, sizeof msg);
			rc = -1;
		}
	}
	pg_exec(s->pg, "SELECT pg_advisory_unlock(8470)", msg, sizeof msg);
	return rc;
}

static int db_migrate(struct srv *s, char *err, size_t errlen)
{
	int version = (int)db_int(s, "PRAGMA user_version", 0, "");
	if (version > DB_VERSION) {
		snprintf(err, errlen, "database schema %d is newer than this wicketd (%d)",
			 version, DB_VERSION);
		return -1;
	}
	/* A migration may rebuild a table that others reference (SQLite's
	 * way to change a constraint, keeping every id): foreign keys are off
	 * meanwhile, set outside the transaction, where the pragma works. */
	if (version < DB_VERSION)
		sqlite3_exec(s->db, "PRAGMA foreign_keys=OFF", NULL, NULL, NULL);
	for (int v = version; v < DB_VERSION; v++) {
		char *msg = NULL, pragma[64];
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d;", v + 1);
		if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, &msg) != SQLITE_OK ||
		    sqlite3_exec(s->db, db_migrations[v], NULL, NULL, &msg) != SQLITE_OK ||
		    sqlite3_exec(s->db, pragma, NULL, NULL, &msg) != SQLITE_OK ||
		    sqlite3_exec(s->db, "COMMIT", NULL, NULL, &msg) != SQLITE_OK) {
			snprintf(err, errlen, "migrating the schema to %d: %s", v + 1,
				 msg ? msg : "?");
			sqlite3_free(msg);
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
	}
	sqlite3_exec(s->db, "PRAGMA foreign_keys=ON", NULL, NULL, NULL);
	return 0;
}

/* The database holds applicants' ID numbers and phones: only wicketd's
 * user may read it.  A new file is made 0600 (SQLite gives its WAL and
 * shared-memory files the database's mode); an existing one, and its
 * companions, lose any group or other bits.  Returns 0, or -1 with err. */
static int db_private(const char *path, char *err, size_t errlen)
{
	if (!*path || strcmp(path, ":memory:") == 0)   /* no file (tests) */
		return 0;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	if (errno != EEXIST) {
		snprintf(err, errlen, "cannot create %s: %s", path, strerror(errno));
		return -1;
	}
	static const char *const suffix[] = { "", "-wal", "-shm" };
	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		char name[4096];
		struct stat st;
		snprintf(name, sizeof name, "%s%s", path, suffix[i]);
		if (stat(name, &st) == 0 && (st.st_mode & 077) && chmod(name, st.st_mode & 0700) == 0)
			log_warn("%s could be read by others: it is now %o", name, (unsigned)(st.st_mode & 0700));
	}
	return 0;
}

/* SQLite counts every allocation under one process-wide mutex unless told
 * not to: every thread reading on its own connection then queues there. */
static void db_configure(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if (walbuf_register() != SQLITE_OK)
		log_warn("the WAL's write buffer did not start: SQLite's own VFS writes it");
}

/* Which advisory lock c's writes for s take: its hall's, or its drill's
 * (a key of the hall and the drill: two that meet only wait for each
 * other). */
int db_pg_drill_key(const struct srv *s)
{
	return (int)(((s->drill_hall << 20) ^ s->drill_id) & 0x7fffffff);
}

static void db_pg_lock(const struct srv *s, struct pg_conn *c)
{
	if (s->drill_id)
		pg_set_lock(c, PG_LOCK_DRILL, db_pg_drill_key(s));
	else
		pg_set_lock(c, PG_LOCK_HALL, (int)(s->hall_id > 0 ? s->hall_id : 1));
}

/* Open the PostgreSQL database of url as s's writer. */
static int db_open_pg(struct srv *s, const char *url, char *err, size_t errlen)
{
	s->engine = DB_POSTGRESQL;
	s->pg = pg_connect(url, err, errlen);
	if (!s->pg)
		return -1;
	db_pg_lock(s, s->pg);
	if (db_migrate_pg(s, err, errlen)) {
		db_close(s);
		return -1;
	}
	return 0;
}

int db_open(struct srv *s, const char *path, char *err, size_t errlen)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, db_configure);
	free(s->db_where);
	s->db_where = xstrdup(path);
	if (pg_is_url(path))
		return db_open_pg(s, path, err, errlen);
	if (strncmp(path, "sqlite:", 7) == 0)
		path += 7;
	s->engine = DB_SQLITE;
	if (db_private(path, err, errlen))
		return -1;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
	/* The writer's WAL commits are one write each (walbuf.c). */
	const char *vfs = walbuf_register() == SQLITE_OK ? WALBUF_VFS : NULL;
	if (sqlite3_open_v2(path, &s->db, flags, vfs) != SQLITE_OK) {
		snprintf(err, errlen, "cannot open %s: %s", path,
			 s->db ? sqlite3_errmsg(s->db) : "out of memory");
		sqlite3_close(s->db);
		s->db = NULL;
		return -1;
	}
	/* WAL with synchronous=FULL: a 2xx answer is sent only after COMMIT,
	 * and a committed transaction survives a crash of the process and of
	 * the machine. */
	char *msg = NULL;
	if (sqlite3_exec(s->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
			 "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;",
			 NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, msg ? msg : "?");
		sqlite3_free(msg);
		db_close(s);
		return -1;
	}
	if (db_migrate(s, err, errlen)) {
		db_close(s);
		return -1;
	}
	return 0;
}

/* A prepared query: SQLite's statement, or PostgreSQL's. */
struct db_q {
	const char *sql;          /* the SQL literal: its address is the cache's key */
	sqlite3_stmt *st;         /* DB_SQLITE */
	struct pg_q *pg;          /* DB_POSTGRESQL (db_pg.c) */
};

static void db_cache_free(struct db_cache *c)
{
	for (size_t i = 0; i < c->cap; i++) {
		struct db_q *q = c->slots[i];
		if (!q)
			continue;
		if (q->st)
			sqlite3_finalize(q->st);
		if (q->pg)
			pg_q_free(q->pg);
		free(q);
	}
	free(c->slots);
	*c = (struct db_cache){ 0 };
}

static void db_readers_close(struct srv *s)
{
	if (!s->readers_on)
		return;
	pthread_mutex_lock(&s->readers_lock);
	for (struct db_reader *rd = s->readers, *next; rd; rd = next) {
		next = rd->next;
		db_cache_free(&rd->cache);
		sqlite3_close(rd->db);
		pg_disconnect(rd->pg);
		free(rd);
	}
	s->readers = NULL;
	pthread_mutex_unlock(&s->readers_lock);
	pthread_mutex_destroy(&s->readers_lock);
	s->readers_on = false;
}

void db_forget_statements(struct srv *s)
{
	db_cache_free(&s->stmts);
}

static void db_checkpoints_stop(struct srv *s);

void db_close(struct srv *s)
{
	db_checkpoints_stop(s);
	db_readers_close(s);
	db_forget_statements(s);
	if (s->db)
		sqlite3_close(s->db);
	s->db = NULL;
	pg_disconnect(s->pg);
	s->pg = NULL;
	free(s->db_where);
	s->db_where = NULL;
}

/* The reader this thread reads s with (db_read_begin), or NULL: the writer. */
static _Thread_local struct db_reader *db_tl_reader;
static _Thread_local const struct srv *db_tl_srv;

/* The connection s is used with on this thread (its reader's, or the
 * writer's), and its statement cache. */
static sqlite3 *db_conn(struct srv *s, struct db_cache **cache, struct pg_conn **pg)
{
	if (db_tl_reader && db_tl_srv == s) {
		*cache = &db_tl_reader->cache;
		*pg = db_tl_reader->pg;
		return db_tl_reader->db;
	}
	*cache = &s->stmts;
	*pg = s->pg;
	return s->db;
}

static size_t db_slot(const struct db_cache *c, const char *sql)
{
	uintptr_t h = (uintptr_t)sql;
	h ^= h >> 17;
	h *= 0x9E3779B97F4A7C15u;
	size_t i = (size_t)(h >> 7) & (c->cap - 1);
	while (c->slots[i] && c->slots[i]->sql != sql)
		i = (i + 1) & (c->cap - 1);
	return i;
}

static void db_cache_put(struct db_cache *c, struct db_q *q)
{
	if (2 * (c->n + 1) > c->cap) {
		struct db_cache big = { .cap = c->cap ? 2 * c->cap : 128 };
		big.slots = xcalloc(big.cap, sizeof *big.slots);
		for (size_t i = 0; i < c->cap; i++)
			if (c->slots[i])
				big.slots[db_slot(&big, c->slots[i]->sql)] = c->slots[i];
		big.n = c->n;
		free(c->slots);
		*c = big;
	}
	c->slots[db_slot(c, q->sql)] = q;
	c->n++;
}

/* The statement cache of the connection s is read with on this thread:
 * keyed by the address of the SQL literal, which is stable for the life of
 * the process. */
static struct db_q *db_cached_stmt(struct srv *s, const char *sql)
{
	struct db_cache *c;
	struct pg_conn *pg;
	sqlite3 *db = db_conn(s, &c, &pg);
	if (c->cap) {
		struct db_q *hit = c->slots[db_slot(c, sql)];
		if (hit)
			return hit;
	}
	struct db_q *q = xcalloc(1, sizeof *q);
	q->sql = sql;
	if (pg) {
		q->pg = pg_q_new(pg, sql);
	} else if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &q->st, NULL) != SQLITE_OK) {
		/* The SQL is a literal in our own code: a mistake is a bug. */
		log_error("SQL error: %s in: %s", sqlite3_errmsg(db), sql);
		abort();
	}
	db_cache_put(c, q);
	return q;
}

/* ---- checkpoints off the request path ----
 * SQLite checkpoints the WAL into the database by itself in the commit
 * that passes 1,000 pages, and that commit (a clerk's call, under the
 * lock) then waits for the copy and its fsync: tens of milliseconds.
 * The hall's writer does no checkpoints; a thread of their own does one
 * (PASSIVE: it waits for no reader or writer) every second on a
 * connection of its own, and at once when the WAL passes
 * DB_WAL_RESTART_FRAMES.
 *
 * The WAL must also start again from its beginning now and then.  A
 * commit that appends past the file's end makes its fdatasync write the
 * file system's journal too (the file's size and blocks): on ext4 here
 * 0.40 ms instead of 0.21, and its p99 ten times as long.  SQLite starts
 * the WAL again only at a write that begins with every frame already
 * checkpointed, which never happens while writes come faster than a
 * checkpoint ends (a busy hall, one call after another): the WAL grew by
 * megabytes a second, every commit an append.  So when it is long, the
 * checkpointer finishes the checkpoint with the writer held (the hall's
 * lock; the open batch committed first): the next write then starts the
 * WAL again, over blocks already written. */
#define DB_CHECKPOINT_MS 1000
#define DB_WAL_RESTART_FRAMES 4000   /* about 16 MiB of 4 KiB pages */
#define DB_CHECKPOINT_GAP_MS 10      /* between two checkpoints at least */

/* SQLite's hook after each commit on the writer (under the hall's lock):
 * a long WAL wakes the checkpointer.  Returns SQLITE_OK. */
static int db_wal_committed(void *arg, sqlite3 *db, const char *name, int frames)
{
	(void)db;
	(void)name;
	struct srv *s = arg;
	if (frames >= DB_WAL_RESTART_FRAMES && !atomic_exchange(&s->ckpt_due, true)) {
		pthread_mutex_lock(&s->ckpt_lock);
		pthread_cond_signal(&s->ckpt_cv);
		pthread_mutex_unlock(&s->ckpt_lock);
	}
	return SQLITE_OK;
}

/* Checkpoint s's WAL without waiting for anyone; when it is long, finish
 * with the writer held, so that the next write starts it again. */
static void db_checkpoint(struct srv *s)
{
	int frames = 0, done = 0;
	int rc = sqlite3_wal_checkpoint_v2(s->ckpt_db, NULL, SQLITE_CHECKPOINT_PASSIVE, &frames, &done);
	if (rc == SQLITE_OK && frames >= DB_WAL_RESTART_FRAMES) {
		/* What was committed meanwhile: a few pages, the hot ones. */
		pthread_mutex_lock(&s->lock);
		srv_batch_flush(s);
		rc = sqlite3_wal_checkpoint_v2(s->ckpt_db, NULL, SQLITE_CHECKPOINT_PASSIVE, &frames, &done);
		pthread_mutex_unlock(&s->lock);
		log_debug("checkpoint: %d of %d frames, the writer held", done, frames);
	}
	if (rc != SQLITE_OK && rc != SQLITE_BUSY)
		log_warn("checkpoint: %s", sqlite3_errmsg(s->ckpt_db));
}

static void *db_checkpointer(void *arg)
{
	struct srv *s = arg;
	pthread_mutex_lock(&s->ckpt_lock);
	while (!s->ckpt_stop) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_sec += DB_CHECKPOINT_MS / 1000;
		if (!atomic_load(&s->ckpt_due))
			pthread_cond_timedwait(&s->ckpt_cv, &s->ckpt_lock, &ts);
		if (s->ckpt_stop)
			break;
		atomic_store(&s->ckpt_due, false);
		pthread_mutex_unlock(&s->ckpt_lock);
		db_checkpoint(s);
		/* A reader's old snapshot can keep the WAL long: look again
		 * soon, not in a loop. */
		nanosleep(&(struct timespec){ .tv_nsec = DB_CHECKPOINT_GAP_MS * 1000000L }, NULL);
		pthread_mutex_lock(&s->ckpt_lock);
	}
	pthread_mutex_unlock(&s->ckpt_lock);
	return NULL;
}

/* Start the checkpointer of s's file; when it cannot start, SQLite's own
 * checkpoints stay on. */
static void db_checkpoints_start(struct srv *s, const char *path)
{
	/* A read opens the WAL on this connection: until then it takes the
	 * file for a rollback-journal one, and its checkpoints do nothing
	 * (they did nothing for that reason until December 2026, the WAL
	 * growing all week). */
	if (sqlite3_open_v2(path, &s->ckpt_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
	    sqlite3_exec(s->ckpt_db, "PRAGMA busy_timeout=5000; SELECT count(*) FROM sqlite_schema;", NULL,
			 NULL, NULL) != SQLITE_OK) {
		sqlite3_close(s->ckpt_db);
		s->ckpt_db = NULL;
		return;
	}
	pthread_mutex_init(&s->ckpt_lock, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->ckpt_cv, &ca);
	pthread_condattr_destroy(&ca);
	s->ckpt_stop = false;
	atomic_init(&s->ckpt_due, false);
	if (pthread_create(&s->ckpt_thread, NULL, db_checkpointer, s) != 0) {
		pthread_cond_destroy(&s->ckpt_cv);
		pthread_mutex_destroy(&s->ckpt_lock);
		sqlite3_close(s->ckpt_db);
		s->ckpt_db = NULL;
		return;
	}
	/* In place of SQLite's own checkpoints (this hook replaces theirs). */
	sqlite3_wal_hook(s->db, db_wal_committed, s);
}

static void db_checkpoints_stop(struct srv *s)
{
	if (!s->ckpt_db)
		return;
	if (s->db)
		sqlite3_wal_hook(s->db, NULL, NULL);   /* it would signal what is freed here */
	pthread_mutex_lock(&s->ckpt_lock);
	s->ckpt_stop = true;
	pthread_cond_signal(&s->ckpt_cv);
	pthread_mutex_unlock(&s->ckpt_lock);
	pthread_join(s->ckpt_thread, NULL);
	pthread_cond_destroy(&s->ckpt_cv);
	pthread_mutex_destroy(&s->ckpt_lock);
	sqlite3_wal_checkpoint_v2(s->ckpt_db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	sqlite3_close(s->ckpt_db);
	s->ckpt_db = NULL;
}

void db_readers_enable(struct srv *s)
{
	if (s->pg) {              /* no checkpoints: the server keeps its own log */
		pthread_mutex_init(&s->readers_lock, NULL);
		s->readers_on = true;
		return;
	}
	const char *path = s->db ? sqlite3_db_filename(s->db, "main") : NULL;
	if (!path || !*path)      /* in memory: nothing else can open it */
		return;
	pthread_mutex_init(&s->readers_lock, NULL);
	s->readers_on = true;
	db_checkpoints_start(s, path);
}

/* A free read connection of s, or a new one; NULL when none opens. */
static struct db_reader *db_reader_take(struct srv *s)
{
	pthread_mutex_lock(&s->readers_lock);
	struct db_reader *rd = s->readers;
	if (rd)
		s->readers = rd->next;
	pthread_mutex_unlock(&s->readers_lock);
	if (rd)
		return rd;
	rd = xcalloc(1, sizeof *rd);
	if (s->pg) {
		char err[512];
		rd->pg = pg_connect(s->db_where, err, sizeof err);
		if (!rd->pg) {
			log_error("a read connection did not open: %s", err);
			free(rd);
			return NULL;
		}
		db_pg_lock(s, rd->pg);
		return rd;
	}
	const char *path = sqlite3_db_filename(s->db, "main");
	if (sqlite3_open_v2(path, &rd->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
	    sqlite3_exec(rd->db, "PRAGMA busy_timeout=5000;", NULL, NULL, NULL) != SQLITE_OK) {
		log_error("a read connection of %s did not open: %s", path,
			  rd->db ? sqlite3_errmsg(rd->db) : "out of memory");
		sqlite3_close(rd->db);
		free(rd);
		return NULL;
	}
	return rd;
}

bool db_read_begin(struct srv *s)
{
	if (!s->readers_on)
		return false;
	struct db_reader *rd = db_reader_take(s);
	if (!rd)
		return false;
	db_tl_reader = rd;
	db_tl_srv = s;
	/* One snapshot for the whole read, as SQLite's read transaction. */
	if (db_run(s, rd->pg ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN", "")) {
		db_tl_reader = NULL;
		db_tl_srv = NULL;
		db_cache_free(&rd->cache);
		sqlite3_close(rd->db);
		pg_disconnect(rd->pg);
		free(rd);
		return false;
	}
	return true;
}

void db_read_end(struct srv *s)
{
	struct db_reader *rd = db_tl_reader;
	if (!rd || db_tl_srv != s)
		return;
	db_run(s, "COMMIT", "");
	db_tl_reader = NULL;
	db_tl_srv = NULL;
	pthread_mutex_lock(&s->readers_lock);
	rd->next = s->readers;
	s->readers = rd;
	pthread_mutex_unlock(&s->readers_lock);
}

static db_q *db_vprep(struct srv *s, const char *sql, const char *fmt, va_list ap)
{
	db_q *q = db_cached_stmt(s, sql);
	db_reset(q);
	if (q->st)
		sqlite3_clear_bindings(q->st);
	for (int i = 1; *fmt; fmt++, i++) {
		char num[32];
		switch (*fmt) {
		case 'i':
		case 'I': {
			int64_t v = *fmt == 'i' ? va_arg(ap, int) : va_arg(ap, int64_t);
			if (q->st) {
				sqlite3_bind_int64(q->st, i, v);
			} else {
				snprintf(num, sizeof num, "%lld", (long long)v);
				pg_q_bind(q->pg, i, 'I', num);
			}
			break;
		}
		case 'd': {
			double v = va_arg(ap, double);
			if (q->st) {
				sqlite3_bind_double(q->st, i, v);
			} else {
				snprintf(num, sizeof num, "%.17g", v);
				pg_q_bind(q->pg, i, 'd', num);
			}
			break;
		}
		case 'n':
			if (q->st)
				sqlite3_bind_null(q->st, i);
			else
				pg_q_bind(q->pg, i, 'n', NULL);
			break;
		case 'N': {          /* a number written as text, e.g. copied from a row */
			const char *v = va_arg(ap, const char *);
			if (!q->st)
				pg_q_bind(q->pg, i, 'I', v);
			else if (v)
				sqlite3_bind_int64(q->st, i, strtoll(v, NULL, 10));
			else
				sqlite3_bind_null(q->st, i);
			break;
		}
		case 's': {
			const char *v = va_arg(ap, const char *);
			if (!q->st)
				pg_q_bind(q->pg, i, 's', v);
			else if (v)
				sqlite3_bind_text(q->st, i, v, -1, SQLITE_TRANSIENT);
			else
				sqlite3_bind_null(q->st, i);
			break;
		}
		default:
			log_error("db_prep: bad format '%c'", *fmt);
			abort();
		}
	}
	return q;
}

db_q *db_prep(struct srv *s, const char *sql, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	db_q *q = db_vprep(s, sql, fmt, ap);
	va_end(ap);
	return q;
}

/* The statements that failed on this thread so far (db_errors). */
static _Thread_local unsigned db_tl_errors;

unsigned db_errors(void)
{
	return db_tl_errors;
}

int db_step(db_q *q)
{
	int rc;
	if (!q->st) {
		rc = pg_q_step(q->pg);
	} else {
		rc = sqlite3_step(q->st);
		rc = rc == SQLITE_ROW ? DB_ROW : rc == SQLITE_DONE ? DB_DONE : DB_ERROR;
	}
	if (rc == DB_ERROR)
		db_tl_errors++;
	return rc;
}

void db_reset(db_q *q)
{
	if (q->st)
		sqlite3_reset(q->st);
	else
		pg_q_reset(q->pg);
}

int64_t db_col_i64(db_q *q, int col)
{
	return q->st ? sqlite3_column_int64(q->st, col) : pg_q_i64(q->pg, col);
}

int db_col_int(db_q *q, int col)
{
	return (int)db_col_i64(q, col);
}

bool db_col_null(db_q *q, int col)
{
	return q->st ? sqlite3_column_type(q->st, col) == SQLITE_NULL : pg_q_null(q->pg, col);
}

int64_t db_last_id(struct srv *s)
{
	return s->pg ? pg_last_id(s->pg) : sqlite3_last_insert_rowid(s->db);
}

int db_changes(struct srv *s)
{
	return s->pg ? pg_changes(s->pg) : sqlite3_changes(s->db);
}

bool db_in_tx(struct srv *s)
{
	return s->pg ? pg_in_tx(s->pg) : !sqlite3_get_autocommit(s->db);
}

const char *db_errmsg(struct srv *s)
{
	return s->pg ? pg_errmsg(s->pg) : sqlite3_errmsg(s->db);
}

int db_exec(struct srv *s, const char *sql)
{
	char err[512] = "";
	int rc;
	if (s->pg) {
		rc = pg_exec(s->pg, sql, err, sizeof err);
	} else {
		char *msg = NULL;
		rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg) == SQLITE_OK ? 0 : -1;
		snprintf(err, sizeof err, "%s", msg ? msg : "");
		sqlite3_free(msg);
	}
	if (rc)
		log_error("SQL failed (%s): %s", err, sql);
	return rc;
}

int db_run(struct srv *s, const char *sql, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	db_q *q = db_vprep(s, sql, fmt, ap);
	va_end(ap);
	int rc = db_step(q);
	if (rc == DB_ERROR) {
		struct db_cache *c;
		struct pg_conn *pg;
		sqlite3 *db = db_conn(s, &c, &pg);
		log_error("SQL failed (%s): %s", pg ? pg_errmsg(pg) : sqlite3_errmsg(db), sql);
	}
	db_reset(q);
	return rc == DB_ERROR ? -1 : 0;
}

int64_t db_int(struct srv *s, const char *sql, int64_t dflt, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	db_q *q = db_vprep(s, sql, fmt, ap);
	va_end(ap);
	int64_t v = dflt;
	if (db_step(q) == DB_ROW && !db_col_null(q, 0))
		v = db_col_i64(q, 0);
	db_reset(q);
	return v;
}

char *db_text(struct srv *s, const char *sql, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	db_q *q = db_vprep(s, sql, fmt, ap);
	va_end(ap);
	char *v = NULL;
	if (db_step(q) == DB_ROW && !db_col_null(q, 0))
		v = xstrdup(db_col_text(q, 0));
	db_reset(q);
	return v;
}

const char *db_col_text(db_q *q, int col)
{
	if (!q->st)
		return pg_q_text(q->pg, col);
	const unsigned char *t = sqlite3_column_text(q->st, col);
	return t ? (const char *)t : "";
}

date_t db_col_date(db_q *q, int col)
{
	date_t d = 0;
	date_parse_iso(db_col_text(q, col), &d);
	return d;
}

int db_begin(struct srv *s)
{
	/* A transaction of one's own: the open batch commits first. */
	srv_batch_flush(s);
	return db_run(s, "BEGIN IMMEDIATE", "");   /* BEGIN on PostgreSQL (db_pg.c) */
}

int db_commit(struct srv *s)
{
	return db_run(s, "COMMIT", "");
}

void db_rollback(struct srv *s)
{
	if (db_in_tx(s))
		db_run(s, "ROLLBACK", "");
}
