/* input.c - keys to actions: the open form or picker first, else the
 * keymap; the actions every screen has (moving, back, quit, help), keys
 * typed ahead of an answer, and refusals said in words.  What an action
 * does for a role is its controller's (clerk.c, desk.c, trainer.c). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "app_int.h"
#include "wicket/client/app.h"
#include "wicket/common/i18n.h"
#include "wicket/common/xalloc.h"

/* Up or down: on the screens every role has, else on the role's own. */
static void app_move(struct app *a, long delta)
{
	struct session *s = &a->s;
	switch (app_screen(a)) {
	case SCR_HELP: a->help_scroll = (int)counter_move((size_t)a->help_scroll, ACT_COUNT, delta); break;
	case SCR_CONFLICTS: s->conflict_sel = counter_move(s->conflict_sel, s->nconflict, delta); break;
	default:
		if (a->role && a->role->select)
			a->role->select(a, delta);
		break;
	}
}

void app_quit(struct app *a)
{
	app_send(a, REQ_LOGOUT, "POST", "/api/v1/logout", NULL, false, NULL);
	if (a->s.login.token)
		app_resume_forget(a);   /* signed out: nothing to resume */
	a->quit = true;
}

/* Actions that need no server and no permission. */
static bool app_local_action(struct app *a, enum action act)
{
	switch (act) {
	case ACT_HELP: app_push(a, SCR_HELP); return true;
	case ACT_BACK: {
		enum scr from = app_screen(a);
		app_pop(a);
		if (app_screen(a) != from && a->role && a->role->back)
			a->role->back(a, from);
		return true;
	}
	case ACT_QUIT:
		if (!a->role || !a->role->quit || !a->role->quit(a))
			app_quit(a);
		return true;
	case ACT_REFRESH: app_refresh_all(a); return true;
	case ACT_UP: app_move(a, -1); return true;
	case ACT_DOWN: app_move(a, 1); return true;
	case ACT_PAGE_UP: app_move(a, -10); return true;
	case ACT_PAGE_DOWN: app_move(a, 10); return true;
	case ACT_CONFLICTS:
		app_push(a, SCR_CONFLICTS);
		return true;
	case ACT_ACKNOWLEDGE:
		app_acknowledge(a);
		return true;
	default:
		return false;
	}
}

/* Type-ahead: a clerk who presses F5 right after F3 means both.  Actions
 * pressed while the server has not answered the last one wait here, and
 * run (checked again against the state the answer left) in order. */
static bool app_queue_action(struct app *a, enum action act)
{
	if (a->ntypeahead == (int)(sizeof a->typeahead / sizeof a->typeahead[0]))
		return false;
	a->typeahead[a->ntypeahead++] = act;
	return true;
}

void app_run_typeahead(struct app *a)
{
	while (a->ntypeahead > 0 && !a->s.busy) {
		enum action act = a->typeahead[0];
		memmove(a->typeahead, a->typeahead + 1, (size_t)--a->ntypeahead * sizeof a->typeahead[0]);
		app_action(a, act);
	}
}

void app_action(struct app *a, enum action act)
{
	a->dirty = true;
	if (app_local_action(a, act))
		return;
	if (a->drill_over) {
		session_say(&a->s, true, _("The drill is over: press F10 to quit."));
		return;
	}
	if (a->role && a->role->action)
		a->role->action(a, act);
}

/* A refusal the counter's own key ends says which key (it may be rebound):
 * true when said so. */
static bool app_refusal_keyed(struct app *a, enum refusal why)
{
	static const struct { enum refusal why; enum action act; const char *text; } keyed[] = {
		{ REF_WINDOW_NOT_OPEN, ACT_PAUSE, N_("The window is not open: press %s to open it.") },
		{ REF_NOT_SERVING, ACT_START, N_("Start serving the applicant first: press %s.") },
	};
	char key[16];
	for (size_t i = 0; i < sizeof keyed / sizeof keyed[0]; i++) {
		if (keyed[i].why != why || !*keymap_label(a->cfg->km, KM_COUNTER, keyed[i].act, key))
			continue;
		session_say(&a->s, true, _(keyed[i].text), key);
		return true;
	}
	return false;
}

bool app_refused(struct app *a, enum refusal why, enum action act)
{
	if (why == REF_OK || (why == REF_BUSY && app_queue_action(a, act)))
		return why != REF_OK;
	if (!app_refusal_keyed(a, why))
		session_say(&a->s, true, "%s", _(counter_refusal_text(why)));
	return true;
}

/* ---- dialogs and pickers ---- */

/* A code from the server goes into a URL path: escape all but the
 * unreserved characters, so that it can only name a matter. */
void app_path_escape(const char *s, char *out, size_t len)
{
	size_t n = 0;
	for (; *s && n + 4 < len; s++) {
		unsigned char ch = (unsigned char)*s;
		if ((ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		    ch == '-' || ch == '_')
			out[n++] = (char)ch;
		else
			n += (size_t)snprintf(out + n, len - n, "%%%02X", ch);
	}
	out[n] = '\0';
}

/* The open dialog was confirmed: its role's (which closes it when done). */
static void app_dialog_done(struct app *a)
{
	if (a->role && a->role->dialog)
		a->role->dialog(a);
	else
		a->dlg_kind = DLG_NONE;
}

/* The open picker chose an item: its role's. */
static void app_picker_done(struct app *a)
{
	int v = a->picker.values[a->picker.sel];
	enum picker_kind kind = a->picking;
	a->picking = PICK_NONE;
	/* Cleared first: the answer may ask the next question. */
	picker_clear(&a->picker);
	if (kind == PICK_HALL)
		app_hall_picked(a, v, false);
	else if (a->role && a->role->picker)
		a->role->picker(a, kind, v);
}

/* A key: to the open form or picker first, else through the keymap. */
void app_key(struct app *a, int key, bool is_char)
{
	a->dirty = true;
	a->draw_held_until = 0;    /* what is typed shows at once */
	/* ^L repaints the whole terminal on every screen, a dialog open or not. */
	if (keymap_lookup(a->cfg->km, view_screens[app_screen(a)]->scope, key) == ACT_REFRESH)
		ui_repaint();
	if (a->signing_in && app_screen(a) == SCR_SIGNIN) {
		enum form_result fr = form_key(&a->signin, key, is_char);
		if (fr == FORM_SUBMIT)
			app_signin_submit(a);
		else if (fr == FORM_CANCEL)
			a->quit = true;
		if (!is_char && key == KEY_F(10))
			a->quit = true;
		return;
	}
	if (a->dlg_kind != DLG_NONE) {
		enum form_result fr = form_key(&a->dlg, key, is_char);
		if (fr == FORM_SUBMIT)
			app_dialog_done(a);
		else if (fr == FORM_CANCEL)
			a->dlg_kind = DLG_NONE;
		return;
	}
	if (a->picking != PICK_NONE) {
		enum picker_result pr = picker_key(&a->picker, key);
		if (pr == PICKER_CHOSEN)
			app_picker_done(a);
		else if (pr == PICKER_CANCEL) {
			enum picker_kind kind = a->picking;
			a->picking = PICK_NONE;
			picker_clear(&a->picker);
			if (kind == PICK_HALL)
				app_hall_picked(a, 0, true);
		}
		return;
	}
	enum action act = keymap_lookup(a->cfg->km, view_screens[app_screen(a)]->scope, key);
	if (act != ACT_NONE)
		app_action(a, act);
}

/* ---- drawing ---- */
