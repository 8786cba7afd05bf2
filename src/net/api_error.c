#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "wicket/net/api_error.h"
#include "wicket/common/i18n.h"
#include "wicket/common/utf8.h"

/* Codes are identifiers the client compares against: keep them to a safe
 * alphabet so a hostile server cannot smuggle anything through them. */
static int api_code_ok(const char *s)
{
	if (!*s || strlen(s) >= sizeof ((struct api_error *)0)->code)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

static void api_set_message(struct api_error *out, const char *msg)
{
	char *clean = utf8_sanitize(msg, false);
	utf8_copy(out->message, sizeof out->message, clean);
	free(clean);
}

int api_error_decode(long status, const char *body, size_t len, struct api_error *out)
{
	memset(out, 0, sizeof *out);
	out->status = status;
	if (!body || len == 0) {
		snprintf(out->code, sizeof out->code, "http_%ld", status);
		snprintf(out->message, sizeof out->message, "HTTP status %ld with no body", status);
		return -1;
	}
	cJSON *root = cJSON_ParseWithLength(body, len);
	cJSON *err = cJSON_GetObjectItemCaseSensitive(root, "error");
	cJSON *code = cJSON_GetObjectItemCaseSensitive(err, "code");
	cJSON *msg = cJSON_GetObjectItemCaseSensitive(err, "message");
	int rc = -1;
	if (cJSON_IsString(code) && api_code_ok(code->valuestring) && cJSON_IsString(msg)) {
		snprintf(out->code, sizeof out->code, "%s", code->valuestring);
		api_set_message(out, msg->valuestring);
		cJSON *cur = cJSON_GetObjectItemCaseSensitive(err, "current");
		if (cJSON_IsNumber(cur) && cur->valuedouble >= 0 && cur->valuedouble < 1e15 &&
		    cur->valuedouble == (double)(long long)cur->valuedouble) {
			out->count = (long long)cur->valuedouble;
			out->has_count = 1;
		}
		rc = 0;
	} else {
		snprintf(out->code, sizeof out->code, "bad_reply");
		snprintf(out->message, sizeof out->message,
			 "the server sent an unreadable reply (HTTP %ld)", status);
	}
	cJSON_Delete(root);
	return rc;
}

/* The clerk-facing sentence (an English msgid, translated by the caller's
 * catalogue) for every error code docs/api.md lists.  The server's own
 * `message` is English for logs; what a clerk reads comes from here, so
 * tests/unit/test_error_texts walks the document's table and fails on a
 * code without a sentence here or without zh_CN / zh_TW text for it. */
static const struct {
	const char *code;
	const char *msgid;
} api_error_texts[] = {
	{ "bad_json", N_("The server could not read the request: it is not well-formed.") },
	{ "invalid_utf8", N_("The request holds text that is not valid UTF-8.") },
	{ "missing_field", N_("A required entry is missing.") },
	{ "invalid_field", N_("An entry is not valid: check its length and characters.") },
	{ "invalid_query", N_("The request asked for something malformed (a date or a number).") },
	{ "invalid_id_number", N_("The ID number is not valid: check its 18 characters and the check character.") },
	{ "invalid_phone", N_("The phone number is not valid.") },
	{ "unknown_material", N_("That material is not in the matter's guide.") },
	/* 帮办代办 */
	{ "agent_required", N_("代办 needs the agent's name, ID number and relation to the applicant.") },
	{ "invalid_agent_id_number", N_("The agent's ID number is not valid: check its 18 characters and the "
					"check character.") },
	{ "invalid_agent_phone", N_("The agent's phone number is not valid.") },
	{ "agent_is_applicant", N_("The agent is someone else than the applicant.") },
	{ "weak_password", N_("The new password is too short: at least 8 characters.") },
	{ "unauthorized", N_("Signed out by the server: sign in again.") },
	{ "bad_credentials", N_("Wrong user name or password.") },
	{ "forbidden", N_("You may not do this here: your role or window does not allow it.") },
	{ "window_not_assigned", N_("You do not work at that window.") },
	{ "account_disabled", N_("This account is disabled: ask the hall's administrator.") },
	{ "not_found", N_("Not found on the server: it may have been removed.") },
	{ "unknown_account", N_("No account has that user name.") },
	{ "unknown_matter", N_("The server has no such matter.") },
	{ "unknown_service", N_("The server has no such service.") },
	{ "unknown_ticket", N_("No such ticket.") },
	{ "queue_empty", N_("Nobody is waiting.") },
	{ "unknown_drill", N_("No running drill has this code: check it with the trainer.") },
	{ "unknown_scenario", N_("The server has no such scenario any more: reload the list.") },
	{ "unknown_user", N_("No such user: check the user names.") },
	{ "not_a_trainee", N_("You are not a trainee of this drill.") },
	{ "method_not_allowed", N_("The server does not allow this request.") },
	{ "invalid_state", N_("The record has changed and no longer allows this: reload it.") },
	{ "window_not_open", N_("The window is not open.") },
	{ "ticket_in_progress", N_("Finish the current applicant first.") },
	{ "not_callable", N_("That ticket cannot be called at this window now.") },
	{ "ticket_not_at_window", N_("The applicant is not called or being served at your window.") },
	{ "already_rated", N_("The applicant has already rated this case.") },
	{ "drill_finished", N_("The drill is finished: its score is frozen.") },
	{ "script_done", N_("Every applicant of the script has arrived.") },
	{ "account_exists", N_("An account with that user name exists already.") },
	{ "choose_hall", N_("This account is in more than one hall: choose the hall to sign in to.") },
	{ "hall_exists", N_("A hall with that code exists already.") },
	{ "unknown_hall", N_("There is no such hall on this platform.") },
	{ "own_account", N_("You cannot disable the account you are signed in with.") },
	{ "resync_required", N_("Bringing the screen up to date with the server.") },
	{ "payload_too_large", N_("Too much was sent at once.") },
	{ "invalid_header", N_("The request was malformed (a header given twice or too long).") },
	{ "unsupported_media_type", N_("The request was not sent as JSON.") },
	{ "too_many_tickets", N_("Too many tickets issued in a minute: wait a moment.") },
	{ "idempotency_key_reused", N_("The server refused a repeated action that differs from the first one.") },
	{ "unknown_role", N_("No such role.") },
	{ "unknown_window", N_("No such window.") },
	{ "too_many_attempts", N_("Too many failed sign-ins: wait a moment before trying again.") },
	{ "too_many_long_polls", N_("Too many connections of this sign-in are waiting for news: try again in a moment.") },
	{ "busy", N_("The server is busy: nothing was changed, try again.") },
	{ "drill_unavailable", N_("The drill cannot be opened on the server: ask the trainer.") },
	{ "window_closed", N_("That window is closed: confirm to send the applicant there all the same.") },
	{ "ticket_not_no_show", N_("Only a ticket marked as not present can be put back in the queue.") },
	{ "ticket_not_today", N_("That ticket is from an earlier day: issue a new one.") },
	{ "requeue_limit", N_("This ticket has been put back in the queue as often as the hall allows.") },
	{ "not_bookable", N_("That time cannot be booked: it has passed or is too many days ahead.") },
	{ "hall_closed", N_("The hall is closed on that day.") },
	{ "not_a_slot", N_("That time is not the start of a booking slot.") },
	{ "slot_full", N_("That slot is fully booked: choose another.") },
	{ "booking_limit", N_("The applicant already holds as many bookings that day as the hall allows.") },
	{ "not_today", N_("That booking is for another day.") },
	{ "not_the_applicant", N_("The ID card is not the one the booking was made with.") },
	{ "overlaps_hours", N_("That session overlaps the hall's hours or another session of the day.") },
	{ "clerk_not_of_service", N_("That clerk does not work at a window of the matter's service.") },
	{ "still_waiting", N_("After closing time the window stays open while anybody waits for it.") },
	{ "not_deferrable", N_("A missing material may not be brought later: the guide does not allow it.") },
	{ "materials_owed", N_("The case still owes materials accepted to follow (容缺): record them first, then complete it.") },
	{ "internal", N_("The server failed and changed nothing: tell the hall's administrator.") },
	/* AB岗 (issue #18) */
	{ "a_present", N_("That window's A clerk is not away: a B clerk covers it only while A is away.") },
	{ "not_a_clerk", N_("That user is not a clerk.") },
	{ "invalid_post", N_("A post names a clerk only once (its A is not one of its Bs).") },
	{ "invalid_period", N_("The period must end after it begins, within a year.") },
};

const char *api_error_msgid(const char *code)
{
	for (size_t i = 0; i < sizeof api_error_texts / sizeof api_error_texts[0]; i++)
		if (strcmp(code, api_error_texts[i].code) == 0)
			return api_error_texts[i].msgid;
	return NULL;
}

const char *api_error_text(const struct api_error *e)
{
	const char *msgid = api_error_msgid(e->code);

	return msgid != NULL ? gettext(msgid) : e->message;
}
