/* PLACEHOLDER: being written. */
#include "wicket/srv.h"
#define P(name) void name(struct req *r) { srv_error(r, 501, "pending", "pending"); }
P(h_ticket_issue) P(h_ticket_get) P(h_ticket_recall) P(h_ticket_no_show)
P(h_ticket_start) P(h_ticket_transfer) P(h_ticket_finish)
int ticket_insert(struct srv *s, const char *service, const char *matter,
		  const char *priority, int64_t appointment_at, int64_t issued_at,
		  int64_t *id, char number[16])
{ (void)s; (void)service; (void)matter; (void)priority; (void)appointment_at; (void)issued_at; *id = 0; number[0] = 0; return 0; }
