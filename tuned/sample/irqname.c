// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Drivers name their IRQs freely (request_irq()'s name argument), so the
 * queue an IRQ serves is read from conventions, not from any interface.
 * The forms we know come from the drivers' request_irq() calls: ixgbe/igb/
 * bnxt "%s-TxRx-%d", i40e/ice "%s-%s-TxRx-%d" (driver, ifname), ena
 * "%s-Tx-Rx-%d", virtio_net "%s-input.%d"/"%s-output.%d" (virtio device),
 * mlx5 "mlx5_comp%d@pci:%s", stmmac "%s:rx-%d"/"%s:tx-%d"/"%s:mac", and
 * the plain interface name used by single-IRQ NICs and by ixgbe's "other"
 * vector. Also:
 *  - Azure MANA (gdma_main.c, mana_gd_setup_irqs()): "mana_q%d@pci:%s" for
 *    the event queue of queue pair N, "mana_hwc@pci:%s" the control one;
 *  - i40e's Flow Director vector (i40e_main.c, i40e_vsi_open()):
 *    "i40e-%s:fdir-TxRx-%d" with the PCI address, a queue of the FDIR VSI,
 *    not of the netdev;
 *  - gve notify blocks (gve_main.c, gve_alloc_notify_blocks()):
 *    "gve-ntfy-blk%d@pci:%s" (6.3+), "%s-ntfy-block.%d" before (with a
 *    literal "eth%d": named before the netdev was), and "gve-mgmnt@pci:%s";
 *    a block is a TX or an RX queue depending on how many there are
 *    (irqname_notify_block()).
 */
#include "sample/irqname.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_sep(char c)
{
	return c == '\0' || c == '-' || c == ':' || c == '_' || c == '@' || c == '.' || c == ' ' ||
	       c == ',';
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
	if (has(stem, "fdir"))
		*dir = NT_Q_OTHER; /* i40e Flow Director: not a queue of the netdev */
	else if (has(stem, "txrx") || has(stem, "tx-rx") || has(stem, "rxtx") ||
		 has(stem, "rx-tx") || has(stem, "comp") || has(stem, "ntfy") ||
		 has(stem, "combined") || has(stem, "-fp-") || has(stem, "mana_q"))
		*dir = NT_Q_COMBINED;
	else if (has(stem, "rx") || has(stem, "input"))
		*dir = NT_Q_RX;
	else if (has(stem, "tx") || has(stem, "output"))
		*dir = NT_Q_TX;
	else if (*queue >= 0 && at)
		*dir = NT_Q_COMBINED; /* "eth0-3": numbered vectors of the NIC */
	if (*dir == NT_Q_OTHER)
		*queue = -1;
}

bool irqname_notify_block(const char *action, int *block)
{
	static const char *const forms[] = { "gve-ntfy-blk", "-ntfy-block." };
	const char *p = NULL;
	char *end;
	long v;

	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]) && !p; i++) {
		p = strstr(action, forms[i]);
		if (p && i == 0 && p != action)
			p = NULL; /* the 6.3+ form starts the name */
		if (p)
			p += strlen(forms[i]);
	}
	if (!p || !isdigit((unsigned char)*p))
		return false;
	v = strtol(p, &end, 10);
	if (v > 65535 || (*end && *end != '@' && *end != ','))
		return false;
	*block = (int)v;
	return true;
}
