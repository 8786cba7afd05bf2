/* errors.c - what went wrong, in the user's words: the server's error
 * codes this client knows, and the message line for a failed request. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "app_int.h"
#include "wicket/net/api_error.h"
#include "wicket/common/i18n.h"

const char *app_error_text(const struct api_error *e)
{
	static const struct { const char *code; const char *text; } known[] = {
		{ "queue_empty", N_("Nobody is waiting.") },
		{ "window_not_open", N_("The window is not open.") },
		{ "ticket_in_progress", N_("Finish the current applicant first.") },
		{ "bad_credentials", N_("Wrong user name or password.") },
		{ "window_not_assigned", N_("You do not work at that window.") },
		{ "unauthorized", N_("Signed out by the server: sign in again.") },
		{ "already_rated", N_("The applicant has already rated this case.") },
		{ "too_many_attempts", N_("Too many failed sign-ins: wait a moment before trying again.") },
		{ "account_disabled", N_("This account is disabled: ask the hall's administrator.") },
		{ "unknown_drill", N_("No running drill has this code: check it with the trainer.") },
		{ "not_a_trainee", N_("You are not a trainee of this drill.") },
		{ "unknown_user", N_("No such user: check the trainees' user names.") },
		{ "unknown_scenario", N_("The server has no such scenario any more: reload the list.") },
		{ "script_done", N_("Every applicant of the script has arrived.") },
		{ "drill_finished", N_("The drill is finished: its score is frozen.") },
	};
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (strcmp(e->code, known[i].code) == 0)
			return _(known[i].text);
	return e->message;
}

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
	session_say(&a->s, true, "%s", app_error_text(&e));
}
