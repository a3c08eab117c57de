// SPDX-License-Identifier: GPL-2.0-or-later
/* Signal names, scopes and units: the vocabulary of rule files. */
#include "engine/signal.h"

#include <string.h>

const struct nt_signal_info nt_signals[NT_SIG_COUNT] = {
	[NT_SIG_CPU_TIME_SQUEEZE] = { "cpu.time_squeeze", NT_SCOPE_CPU, NT_UNIT_PER_S,
		"net_rx_action exits with work left (budget or time ran out), softnet_stat column 3", false },
	[NT_SIG_CPU_BACKLOG_DROPS] = { "cpu.backlog_drops", NT_SCOPE_CPU, NT_UNIT_PER_S,
		"packets dropped entering the per-CPU backlog, softnet_stat column 2", false },
	[NT_SIG_CPU_FLOW_LIMIT_DROPS] = { "cpu.flow_limit_drops", NT_SCOPE_CPU, NT_UNIT_PER_S,
		"of those, dropped by flow limit on purpose, softnet_stat column 11", false },
	[NT_SIG_CPU_BACKLOG_OVERFLOW] = { "cpu.backlog_overflow", NT_SCOPE_CPU, NT_UNIT_PER_S,
		"backlog drops not explained by flow limit (netdev_max_backlog reached)", false },
	[NT_SIG_CPU_PROCESSED] = { "cpu.processed", NT_SCOPE_CPU, NT_UNIT_PER_S,
		"packets processed by the CPU's backlog and NAPI polls, softnet_stat column 1", false },
	[NT_SIG_CPU_NET_RX] = { "cpu.net_rx", NT_SCOPE_CPU, NT_UNIT_PER_S,
		"NET_RX softirqs raised on the CPU, /proc/softirqs", false },
	[NT_SIG_CPU_NET_RX_SHARE] = { "cpu.net_rx_share", NT_SCOPE_CPU, NT_UNIT_PERCENT,
		"the CPU's share of the host's NET_RX softirqs", false },
	[NT_SIG_CPU_SOFTIRQ] = { "cpu.softirq", NT_SCOPE_CPU, NT_UNIT_PERCENT,
		"the CPU's time in softirq, /proc/stat", false },
	[NT_SIG_CPU_NET_RX_TIME] = { "cpu.net_rx_time", NT_SCOPE_CPU, NT_UNIT_PERCENT,
		"the CPU's time in NET_RX softirq handlers (BPF: irq:softirq_entry/exit)", true },
	[NT_SIG_CPU_NET_TX_TIME] = { "cpu.net_tx_time", NT_SCOPE_CPU, NT_UNIT_PERCENT,
		"the CPU's time in NET_TX softirq handlers (BPF: irq:softirq_entry/exit)", true },
	[NT_SIG_DEV_RX_PACKETS] = { "dev.rx_packets", NT_SCOPE_DEVICE, NT_UNIT_PER_S,
		"packets received, statistics/rx_packets", false },
	[NT_SIG_DEV_RX_DROPPED] = { "dev.rx_dropped", NT_SCOPE_DEVICE, NT_UNIT_PER_S,
		"packets dropped by the stack or driver, statistics/rx_dropped", false },
	[NT_SIG_DEV_RING_DISCARDS] = { "dev.ring_discards", NT_SCOPE_DEVICE, NT_UNIT_PER_S,
		"packets the NIC discarded for want of RX descriptors (driver statistics, "
		"else statistics/rx_missed_errors + rx_fifo_errors)", false },
	[NT_SIG_DEV_LPI] = { "dev.lpi", NT_SCOPE_DEVICE, NT_UNIT_PER_S,
		"EEE low-power-idle entries (driver statistics)", false },
	[NT_SIG_DEV_EEE_ACTIVE] = { "dev.eee_active", NT_SCOPE_DEVICE, NT_UNIT_BOOL,
		"EEE enabled and negotiated with the link partner", false },
	[NT_SIG_DEV_RX_QUEUES] = { "dev.rx_queues", NT_SCOPE_DEVICE, NT_UNIT_COUNT,
		"RX queues in use (queues/rx-N)", false },
	[NT_SIG_DEV_QUEUE_IRQS] = { "dev.queue_irqs", NT_SCOPE_DEVICE, NT_UNIT_COUNT,
		"interrupts of the device that serve a data queue", false },
	[NT_SIG_DEV_IRQ_RATE] = { "dev.irq_rate", NT_SCOPE_DEVICE, NT_UNIT_PER_S,
		"interrupts of the device's queue IRQs", false },
	[NT_SIG_DEV_IRQ_TOP_SHARE] = { "dev.irq_top_share", NT_SCOPE_DEVICE, NT_UNIT_PERCENT,
		"share of the device's queue interrupts taken by its busiest CPU", false },
	[NT_SIG_DEV_NET_RX_CPU_SHARE] = { "dev.net_rx_cpu_share", NT_SCOPE_DEVICE, NT_UNIT_PERCENT,
		"share of the host's NET_RX softirqs on the CPU taking the device's interrupts "
		"(a virtual device's: the CPU its NAPI or backlog polls ran on, and its share of "
		"the NET_RX time, from BPF)", false },
	[NT_SIG_DEV_NET_RX_CPU_SOFTIRQ] = { "dev.net_rx_cpu_softirq", NT_SCOPE_DEVICE, NT_UNIT_PERCENT,
		"softirq time of the CPU taking the device's interrupts (a virtual device's: "
		"as dev.net_rx_cpu_share)", false },
	[NT_SIG_DEV_RPS_ENABLED] = { "dev.rps_enabled", NT_SCOPE_DEVICE, NT_UNIT_BOOL,
		"some RX queue of the device has RPS CPUs", false },
	[NT_SIG_DEV_NAPI_POLLS] = { "dev.napi_polls", NT_SCOPE_DEVICE, NT_UNIT_PER_S,
		"NAPI polls of the device's NAPI instances (BPF: napi:napi_poll)", true },
	[NT_SIG_DEV_NAPI_PACKETS] = { "dev.napi_packets", NT_SCOPE_DEVICE, NT_UNIT_PER_S,
		"packets its NAPI polls processed (BPF: napi:napi_poll work)", true },
	[NT_SIG_DEV_NAPI_FULL] = { "dev.napi_full_polls", NT_SCOPE_DEVICE, NT_UNIT_PER_S,
		"polls that used the NAPI's whole weight and want to run again (BPF)", true },
	[NT_SIG_DEV_NAPI_FULL_SHARE] = { "dev.napi_full_share", NT_SCOPE_DEVICE, NT_UNIT_PERCENT,
		"share of the device's polls that used the whole weight (BPF)", true },
	[NT_SIG_QUEUE_DISCARDS] = { "queue.discards", NT_SCOPE_QUEUE, NT_UNIT_PER_S,
		"frames the NIC discarded on this RX queue (per-queue driver statistics)", false },
	[NT_SIG_QUEUE_DISCARD_SHARE] = { "queue.discard_share", NT_SCOPE_QUEUE, NT_UNIT_PERCENT,
		"this queue's share of the device's per-queue discards", false },
	[NT_SIG_QUEUE_IRQ_RATE] = { "queue.irq_rate", NT_SCOPE_QUEUE, NT_UNIT_PER_S,
		"interrupts of the IRQs serving this queue", false },
	[NT_SIG_QUEUE_NAPI_FULL] = { "queue.napi_full_polls", NT_SCOPE_QUEUE, NT_UNIT_PER_S,
		"polls of this queue's NAPI that used the whole weight (BPF)", true },
	[NT_SIG_TCP_TIMEOUTS] = { "tcp.timeouts", NT_SCOPE_HOST, NT_UNIT_PER_S,
		"TCP retransmission timeouts, TcpExt TCPTimeouts", false },
	[NT_SIG_TCP_RETRANS_RATIO] = { "tcp.retrans_ratio", NT_SCOPE_HOST, NT_UNIT_PERCENT,
		"retransmitted segments over segments sent, Tcp RetransSegs/OutSegs", false },
	[NT_SIG_HOST_NET_RX] = { "host.net_rx", NT_SCOPE_HOST, NT_UNIT_PER_S,
		"NET_RX softirqs on all CPUs", false },
	[NT_SIG_HOST_DROPS] = { "host.drops", NT_SCOPE_HOST, NT_UNIT_PER_S,
		"packets freed as dropped, any reason (BPF: skb:kfree_skb)", true },
	[NT_SIG_HOST_DROPS_BACKLOG] = { "host.drops_backlog", NT_SCOPE_HOST, NT_UNIT_PER_S,
		"drops with reason CPU_BACKLOG: the per-CPU backlog was full (BPF, kernel >= 5.17)", true },
	[NT_SIG_HOST_DROPS_RCVBUF] = { "host.drops_rcvbuf", NT_SCOPE_HOST, NT_UNIT_PER_S,
		"drops with reason SOCKET_RCVBUFF: a socket's receive buffer was full (BPF, >= 5.17)", true },
	[NT_SIG_HOST_DROPS_NETFILTER] = { "host.drops_netfilter", NT_SCOPE_HOST, NT_UNIT_PER_S,
		"drops with reason NETFILTER_DROP (BPF, kernel >= 5.17)", true },
};

int signal_by_name(const char *name)
{
	for (int i = 0; i < NT_SIG_COUNT; i++)
		if (!strcmp(nt_signals[i].name, name))
			return i;
	return -1;
}

const char *scope_name(enum nt_scope scope)
{
	switch (scope) {
	case NT_SCOPE_HOST: return "host";
	case NT_SCOPE_CPU: return "cpu";
	case NT_SCOPE_DEVICE: return "device";
	case NT_SCOPE_QUEUE: return "queue";
	}
	return "?";
}

const char *unit_suffix(enum nt_unit unit)
{
	switch (unit) {
	case NT_UNIT_PER_S: return "/s";
	case NT_UNIT_PERCENT: return "%";
	case NT_UNIT_COUNT:
	case NT_UNIT_BOOL: return "";
	}
	return "";
}
