/* errors.c - what went wrong, in the user's words: the message line for a
 * failed request (the server's error codes are worded by api_error_text()
 * in src/net/api_error.c). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "app_int.h"
#include "wicket/net/api_error.h"
#include "wicket/common/i18n.h"

void app_say_error(struct app *a, const struct net_reply *r)
{
	if (r->status == 0) {
		session_say(&a->s, true, r->tls_error ?
			    _("TLS failure talking to the server: %s") :
			    _("Cannot reach the server: %s"), r->error ? r->error : "?");
		return;
	}
	struct api_error e;
	api_error_decode(r->status, r->body, r->len, &e);
	session_say(&a->s, true, "%s", api_error_text(&e));
}
