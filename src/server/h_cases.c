/* PLACEHOLDER: being written. */
#include "wicket/srv.h"
#define P(name) void name(struct req *r) { srv_error(r, 501, "pending", "pending"); }
P(h_case_create) P(h_case_list) P(h_case_get) P(h_case_materials)
P(h_case_suspend) P(h_case_resume) P(h_case_complete) P(h_case_rating)
