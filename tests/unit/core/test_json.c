// SPDX-License-Identifier: GPL-2.0-or-later
/* The JSON writer: strings are bytes in, valid UTF-8 out. */
#include "check.h"
#include "util/json.h"

#include <stdlib.h>

/* The JSON text of one string value. */
static char *quoted(const char *s)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	struct nt_json j;

	json_init(&j, f);
	json_string(&j, s);
	fclose(f);
	return text;
}

#define CHECK_QUOTED(in, want)         \
	do {                           \
		char *_t = quoted(in); \
		CHECK_STR(_t, want);   \
		free(_t);              \
	} while (0)

static void valid_utf8_passes(void)
{
	CHECK_QUOTED("eth0", "\"eth0\"");
	CHECK_QUOTED("caf\xc3\xa9", "\"caf\xc3\xa9\"");           /* U+00E9 */
	CHECK_QUOTED("\xe2\x82\xac", "\"\xe2\x82\xac\"");         /* U+20AC */
	CHECK_QUOTED("\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\""); /* U+1F600 */
	CHECK_QUOTED("a\"b\\c\nd\te\x01", "\"a\\\"b\\\\c\\nd\\te\\u0001\"");
}

/* A veth named with byte 0xff made `sample --json` unparseable. */
static void other_bytes_escaped(void)
{
	CHECK_QUOTED("v\xff", "\"v\\udcff\"");
	CHECK_QUOTED("\x80x", "\"\\udc80x\"");                     /* lone continuation */
	CHECK_QUOTED("\xc0\xaf", "\"\\udcc0\\udcaf\"");            /* overlong '/' */
	CHECK_QUOTED("\xed\xa0\x80", "\"\\udced\\udca0\\udc80\""); /* encoded surrogate */
	CHECK_QUOTED("\xf4\x90\x80\x80", "\"\\udcf4\\udc90\\udc80\\udc80\""); /* > U+10FFFF */
	CHECK_QUOTED("\xe2\x82", "\"\\udce2\\udc82\"");                       /* cut short */
	CHECK_QUOTED("\xe2\x82x", "\"\\udce2\\udc82x\"");
}

int main(void)
{
	RUN(valid_utf8_passes);
	RUN(other_bytes_escaped);
	CHECK_DONE();
}
