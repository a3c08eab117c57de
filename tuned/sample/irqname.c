// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Drivers name their IRQs freely (request_irq()'s name argument), so the
 * queue an IRQ serves is read from conventions, not from any interface.
 * The forms we know come from the drivers' request_irq() calls: ixgbe/igb/
 * bnxt "%s-TxRx-%d", i40e/ice "%s-%s-TxRx-%d" (driver, ifname), ena
 * "%s-Tx-Rx-%d", virtio_net "%s-input.%d"/"%s-output.%d" (virtio device),
 * mlx5 "mlx5_comp%d@pci:%s", stmmac "%s:rx-%d"/"%s:tx-%d"/"%s:mac", and
 * the plain interface name used by single-IRQ NICs and by ixgbe's "other"
 * vector.
 */
#include "sample/irqname.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static bool is_sep(char c)
{
	return c == '\0' || c == '-' || c == ':' || c == '_' || c == '@' || c == '.' ||
	       c == ' ' || c == ',';
}

static const char *find_ifname(const char *action, const char *ifname)
{
	size_t n = strlen(ifname);

	if (!n)
		return NULL;
	for (const char *p = strstr(action, ifname); p; p = strstr(p + 1, ifname))
		if ((p == action || is_sep(p[-1])) && is_sep(p[n]))
			return p;
	return NULL;
}

bool irqname_has_ifname(const char *action, const char *ifname)
{
	return find_ifname(action, ifname) != NULL;
}

static bool has(const char *stem, const char *word)
{
	return strstr(stem, word) != NULL;
}

void irqname_parse(const char *action, const char *ifname, int *queue, enum nt_qdir *dir)
{
	char stem[128];
	size_t n = 0, len;
	const char *at = ifname ? find_ifname(action, ifname) : NULL;

	*queue = -1;
	*dir = NT_Q_OTHER;
	if (at && at == action && !action[strlen(ifname)]) {
		*dir = NT_Q_NONE;
		return;
	}
	/* lower-case copy without the ifname and without an "@pci:..." suffix */
	for (const char *p = action; *p && *p != '@' && n + 1 < sizeof(stem); p++) {
		if (at && p == at) {
			p += strlen(ifname) - 1;
			stem[n++] = '-';
			continue;
		}
		stem[n++] = (char)tolower((unsigned char)*p);
	}
	stem[n] = '\0';
	len = n;
	while (len && isdigit((unsigned char)stem[len - 1]))
		len--;
	if (len < n && len > 0 && !isdigit((unsigned char)stem[len - 1])) {
		int q = 0;

		if (sscanf(stem + len, "%d", &q) == 1)
			*queue = q;
		stem[len] = '\0';
	}
	if (has(stem, "txrx") || has(stem, "tx-rx") || has(stem, "rxtx") ||
	    has(stem, "rx-tx") || has(stem, "comp") || has(stem, "ntfy") ||
	    has(stem, "combined") || has(stem, "-fp-"))
		*dir = NT_Q_COMBINED;
	else if (has(stem, "rx") || has(stem, "input"))
		*dir = NT_Q_RX;
	else if (has(stem, "tx") || has(stem, "output"))
		*dir = NT_Q_TX;
	else if (*queue >= 0 && at)
		*dir = NT_Q_COMBINED;	/* "eth0-3": numbered vectors of the NIC */
	if (*dir == NT_Q_OTHER)
		*queue = -1;
}
