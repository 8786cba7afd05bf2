/* hours.h - a hall's opening hours on one day and the booking slots in
 * them (issue #17).
 *
 * A day's hours are written "HH:MM-HH:MM", several spans joined by commas
 * ("09:00-12:00,13:30-17:00"); "" and "closed" mean closed.  A slot is a
 * whole number of minutes that fits inside one span, counted from the
 * span's start.  Pure logic: no I/O, thread-safe. */
#ifndef WICKET_HOURS_H
#define WICKET_HOURS_H

#include <stdbool.h>
#include <stddef.h>

#define HOURS_MAX_SPANS 4

/* One day's hours: spans of minutes since midnight, in order. */
struct hours {
	int n;
	int from[HOURS_MAX_SPANS], to[HOURS_MAX_SPANS];
};

/* Parse s into *h.  Returns 0, or -1 when s is not hours (a bad time, a
 * span that ends before it starts, spans out of order or overlapping,
 * more than HOURS_MAX_SPANS); *h is then closed. */
int hours_parse(const char *s, struct hours *h);

/* The minute the day closes (the end of the last span); -1 when closed. */
int hours_close(const struct hours *h);

/* True when a slot of len minutes starting at minute fits the hours. */
bool hours_slot_ok(const struct hours *h, int len, int minute);

/* The starts (minutes) of the day's slots of len minutes into out (at
 * most max); returns how many there are. */
size_t hours_slots(const struct hours *h, int len, int *out, size_t max);

/* Write h as hours_parse() reads it into out (size bytes, at least 64);
 * "" when closed. */
void hours_format(const struct hours *h, char *out, size_t size);

#endif
