/* srv_booking.h - appointments (预约) and the hall's opening hours, as the
 * board and the report read them (h_bookings.c, issue #17). */
#ifndef WICKET_SRV_BOOKING_H
#define WICKET_SRV_BOOKING_H

#include <stdbool.h>
#include <stdint.h>

#include "wicket/core/date.h"
#include "wicket/core/hours.h"
#include "wicket/server/srv.h"

/* The id a route's key names when it is all digits (a booking or a home
 * visit is named by its id or its number); 0 otherwise (h_bookings.c). */
int64_t bk_key_id(const char *key);

/* The hall's booking rules (the setting "bookings", defaults beside). */
struct bk_conf {
	int days_ahead;      /* bookable up to this many days after today (7) */
	int slot_minutes;    /* a slot's length (30) */
	int capacity;        /* bookings a slot takes (2) */
	int daily_limit;     /* bookings an applicant may hold on one day (1) */
	int grace_minutes;   /* how late a check-in is still on time (15) */
};

/* The rules for service (its own slot length and capacity when the
 * setting names them) into *c. */
void bk_conf_read(struct srv *s, const char *service, struct bk_conf *c);

/* The hall's hours on day d into *h: the day's exception when the
 * setting "opening_exceptions" has one, else closed on a day the calendar
 * does not work, else the weekday's hours of "opening_hours".  Returns
 * true when the hall opens that day. */
bool bk_hours(struct srv *s, date_t d, struct hours *h);

/* The epoch time the hall closes on day d; 0 when it does not open. */
int64_t bk_closes_at(struct srv *s, date_t d);

/* The hours on day d that service is served in: the hall's (bk_hours),
 * and the spans of the day's 不打烊 sessions one of whose windows serves
 * it.  Returns true when there are any (h_extra.c). */
bool bk_service_hours(struct srv *s, const char *service, date_t d, struct hours *h);

/* True when window is in a 不打烊 session at `at` (h_extra.c). */
bool extra_window_in_session(struct srv *s, int window, int64_t at);

/* Add the period's 不打烊 sessions to the report's root ("extra_sessions":
 * [{id, date, hours, windows, tickets_served, handle_minutes}]) (h_extra.c). */
void extra_report_add(struct srv *s, cJSON *root, date_t from, date_t to);

/* Bookings whose grace is over with nobody checked in are told on the
 * feed, once each (booking.no_show, at the grace's end), in a transaction
 * of their own; the hall's only (not a drill's).  Call with s->lock held,
 * before a request is served. */
void booking_sweep(struct srv *s);
/* "YYYY-MM-DD HH:MM" in the hall's time into *at: 0, or -1 when s is not
 * that (h_bookings.c). */
int bk_parse_local(const char *s, int64_t *at);
/* Add the period's home visits (上门服务) to the report's root
 * ("home_visits": {booked, done, cancelled, by_group}) (h_home.c). */
void home_report_add(struct srv *s, cJSON *root, date_t from, date_t to);

/* Add today's bookings per hour against capacity to the board's root
 * ("bookings": [{hour, capacity, booked, checked_in, no_show}]). */
void bk_board_add(struct srv *s, cJSON *root, int64_t now);

/* Add the period's counts of bookings to the report's root ("bookings":
 * {booked, checked_in, late, no_show, cancelled}). */
void bk_report_add(struct srv *s, cJSON *root, date_t from, date_t to, int64_t now);

#endif
