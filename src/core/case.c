/* PLACEHOLDER: being written. */
typedef int wicket_placeholder_case;
