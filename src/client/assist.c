/* assist.c - 帮办代办 (issue #18) at the counter: on the case screen,
 * before the case is recorded, the clerk marks that the applicant is
 * helped through (帮办) or that an agent acts for them (代办), entering
 * the agent's name, ID number, relation and phone; the accept key's
 * request then carries it, and for 代办 the authorization letter
 * (授权委托书) joins the checklist as a required material. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <string.h>

#include "app_int.h"
#include "wicket/common/i18n.h"
#include "wicket/net/api.h"

void app_assist_action(struct app *a)
{
	clerk_ask(a, PICK_ASSIST, N_("帮办代办: how is the applicant assisted?"));
	picker_add(&a->picker, _("帮办: a helper takes the applicant through the steps"), 1);
	picker_add(&a->picker, _("代办: an agent acts for the applicant (authorization letter)"), 2);
	picker_add(&a->picker, _("Neither: the applicant on their own"), 3);
	a->picker.sel = a->c.assist == CA_HELP ? 0 : a->c.assist == CA_PROXY ? 1 : 2;
}

void app_assist_picked(struct app *a, int v)
{
	struct counter *c = &a->c;
	if (v == 2) {
		app_dialog(a, DLG_AGENT, N_("代办: the agent"));
		form_add(&a->dlg, N_("Name"), c->agent_name, false, 50);
		form_add(&a->dlg, N_("ID number"), c->agent_id, false, 18);
		form_add(&a->dlg, N_("Relation"), c->agent_relation, false, 20);
		form_add(&a->dlg, N_("Phone (may be empty)"), c->agent_phone, false, 20);
		return;
	}
	if (v == 1 || v == 3) {
		counter_set_assist(c, v == 1 ? CA_HELP : CA_NONE, NULL, NULL, NULL, NULL, NULL);
		session_say(&a->s, false, "%s", v == 1 ? _("Marked 帮办: the applicant is helped through.") :
			    _("Not assisted."));
	}
}

bool app_assist_dialog(struct app *a)
{
	struct form *f = &a->dlg;
	if (a->dlg_kind != DLG_AGENT)
		return false;
	/* Checked here, as the server will, so the clerk corrects it now. */
	char id[CASE_ID_SIZE];
	int field = 0;
	const char *why = counter_agent_problem(f->f[0].value, f->f[1].value, f->f[2].value, f->f[3].value,
						a->c.applicant_id, id, &field);
	if (why) {
		snprintf(f->error, sizeof f->error, "%s", _(why));
		f->focus = field;
		return true;
	}
	counter_set_assist(&a->c, CA_PROXY, f->f[0].value, id, f->f[2].value, f->f[3].value,
			   _("Authorization letter (授权委托书)"));
	session_say(&a->s, false, "%s", _("Marked 代办: tick the authorization letter when it is here."));
	a->dlg_kind = DLG_NONE;
	return true;
}

char *app_assist_body(const struct app *a, char *body)
{
	const struct counter *c = &a->c;
	const char *mode = counter_assist_mode(c);
	if (!mode)
		return body;
	return api_encode_assist(body, mode, c->agent_name, c->agent_id, c->agent_relation, c->agent_phone);
}
