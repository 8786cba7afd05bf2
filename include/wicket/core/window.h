/* window.h - a counter window's status, as both programs name it.
 *
 *   closed --open--> open --pause--> paused --open--> open --close--> closed
 *
 * The one definition of the wire's window statuses: wicketd stores and sends
 * these names, the client decodes them.  Pure: no I/O, nothing allocated. */
#ifndef WICKET_CORE_WINDOW_H
#define WICKET_CORE_WINDOW_H

enum window_status {
	WINDOW_CLOSED,       /* nobody at it (also a zeroed struct's) */
	WINDOW_OPEN,
	WINDOW_PAUSED,
	WINDOW_STATUS_COUNT
};

/* "closed", "open", "paused": a static string; "?" when st is out of range. */
const char *window_status_name(enum window_status st);
/* Parse one of those names.  Returns 0 and sets *out, or -1 (also for NULL)
 * leaving *out alone. */
int window_status_parse(const char *s, enum window_status *out);

#endif
