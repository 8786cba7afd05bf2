/* PLACEHOLDER: being written. */
#include "wicket/srv.h"
#define P(name) void name(struct req *r) { srv_error(r, 501, "pending", "pending"); }
P(h_windows_list) P(h_window_open) P(h_window_pause) P(h_window_close)
P(h_window_queue) P(h_window_call)
