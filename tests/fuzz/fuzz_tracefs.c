// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tracefs format files (bpf/format.c): the fields the BPF programs read,
 * the __print_symbolic lists of drop reasons and softirq vectors, and the
 * drop-reason table built from them.
 */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "bpf/format.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static int count_symbol(unsigned long value, const char *name, size_t len, void *arg)
{
	(void)value;
	FZ_CHECK(memchr(name, 0, len) == NULL || len == 0);
	(*(size_t *)arg)++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const fields[] = {
		"napi",    "work",     "budget",   "dev_name", "vec",
		"skbaddr", "location", "protocol", "reason",   "rx_sk",
	};
	char *text = fz_strndup(data, size);
	struct nt_drop_names *names = malloc(sizeof(*names));
	struct nt_tp_field f;
	unsigned long v;
	size_t n = 0;
	int r;

	FZ_CHECK(names != NULL);
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (bpf_tp_format_field(text, fields[i], &f) == 0)
			FZ_CHECK(f.offset >= 0 && f.size >= 0);
	r = bpf_tp_format_symbols(text, "reason", count_symbol, &n);
	FZ_CHECK(r < 0 || (size_t)r == n);
	bpf_tp_format_symbols(text, "vec", count_symbol, &n);
	bpf_tp_format_symbol_value(text, "vec", "NET_RX", &v);
	bpf_drop_names_init(names);
	/* the entries of the list, repeated ones too: each named one reason */
	r = bpf_drop_names_from_format(names, text);
	FZ_CHECK(r < 0 || names->n <= (unsigned int)r);
	for (unsigned int i = 0; i < NT_BPF_REASONS; i++)
		FZ_CHECK(memchr(names->name[i], 0, sizeof(names->name[i])));
	free(names);
	free(text);
	return 0;
}
