/* SPDX-License-Identifier: BSD-3-Clause */
/* cli_tokens.h: value tokens that TAB completes: any word parses (the command says what a
 * bad one is), and the values the command takes are the completions. */
#ifndef EBB_APP_CLI_TOKENS_H
#define EBB_APP_CLI_TOKENS_H

#include <stddef.h>

#include <cmdline_parse.h>
#include <cmdline_parse_string.h>

/** A free word (a cmdline_fixed_string_t in the result) completed from a list. */
struct ebb_token_choice {
	cmdline_parse_token_string_t str; /**< first: parsed as the library's free string */
	int (*count)(void);               /**< how many values */
	/** value i (0 .. count - 1) into buf; 0, or -1 when i is out of range */
	int (*get)(int i, char *buf, unsigned int size);
	const char *help;                 /**< what `?` shows for the token */
};

extern struct cmdline_token_ops ebb_token_choice_ops;

/** The forwarding modes (set fwd MODE). */
int ebb_token_modes_count(void);
int ebb_token_modes_get(int i, char *buf, unsigned int size);
/** "all" then each port number (show port info all|N ...). */
int ebb_token_ports_count(void);
int ebb_token_ports_get(int i, char *buf, unsigned int size);

#define EBB_TOKEN_CHOICE_INITIALIZER(structure, field, cnt, elt, helpstr) { \
	.str = { .hdr = { .ops = &ebb_token_choice_ops, \
			  .offset = offsetof(structure, field) }, \
		 .string_data = { .str = NULL } }, \
	.count = (cnt), .get = (elt), .help = (helpstr) }

#define EBB_TOKEN_MODES_INITIALIZER(structure, field) \
	EBB_TOKEN_CHOICE_INITIALIZER(structure, field, ebb_token_modes_count, \
				     ebb_token_modes_get, "mode")
#define EBB_TOKEN_PORTS_INITIALIZER(structure, field) \
	EBB_TOKEN_CHOICE_INITIALIZER(structure, field, ebb_token_ports_count, \
				     ebb_token_ports_get, "all|port")

#endif /* EBB_APP_CLI_TOKENS_H */
