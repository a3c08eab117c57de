#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
Generates snapshot roots (capture format, see README "Capture format") of
hosts with 2, 64, 256 and 1024 CPUs for the sampler benchmark:

    gen_sysroot.py OUTDIR [NCPUS ...]     -> OUTDIR/cpus-0002/, cpus-0064/, ...

Each host looks like a current x86 server (6.x formats): 15-column
softnet_stat; a /proc/interrupts with one column per CPU, legacy and PCIe
port IRQs, four NVMe controllers with min(ncpus, 128) I/O queues each plus
an admin queue, two NICs with min(ncpus, 64) queues each (i40e-style
"i40e-eth0-TxRx-N" plus a misc vector, mlx5-style "mlx5_compN@pci:..." plus
an async vector) and the per-CPU arch rows (NMI, LOC, ...); /proc/irq/N for
every IRQ; /proc/softirqs and /proc/stat for every CPU; sysfs for lo, the
two NICs, a bridge and eight veths; ethtool text for the NICs.
Standard library only; deterministic.
"""

import os
import sys

SIZES = (2, 64, 256, 1024)


class Tree:
    def __init__(self, root):
        self.root = root

    def put(self, rel, text):
        path = os.path.join(self.root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)

    def mkdir(self, rel):
        os.makedirs(os.path.join(self.root, rel), exist_ok=True)


def cpulist(cpus):
    cpus = sorted(cpus)
    out, i = [], 0
    while i < len(cpus):
        j = i
        while j + 1 < len(cpus) and cpus[j + 1] == cpus[j] + 1:
            j += 1
        out.append(str(cpus[i]) if i == j else "%d-%d" % (cpus[i], cpus[j]))
        i = j + 1
    return ",".join(out)


def cpumask(cpus, n):
    v = 0
    for c in cpus:
        v |= 1 << c
    groups = (n + 31) // 32
    out = []
    for g in range(groups - 1, -1, -1):
        w = 8 if g != groups - 1 else max(1, (n - 32 * g + 3) // 4)
        out.append("%0*x" % (w, (v >> (32 * g)) & 0xffffffff))
    return ",".join(out)


def counter(seed, i, scale):
    x = (seed * 2654435761 + i * 40503 + 12345) & 0xffffffff
    return (x % scale) if scale else 0


ARCH = [("NMI", "Non-maskable interrupts"), ("LOC", "Local timer interrupts"),
        ("SPU", "Spurious interrupts"), ("PMI", "Performance monitoring interrupts"),
        ("IWI", "IRQ work interrupts"), ("RTR", "APIC ICR read retries"),
        ("RES", "Rescheduling interrupts"), ("CAL", "Function call interrupts"),
        ("TLB", "TLB shootdowns"), ("TRM", "Thermal event interrupts"),
        ("THR", "Threshold APIC interrupts"), ("DFR", "Deferred Error APIC interrupts"),
        ("MCE", "Machine check exceptions"), ("MCP", "Machine check polls")]
ARCH_TAIL = [("PIN", "Posted-interrupt notification event"),
             ("NPI", "Nested posted-interrupt event"),
             ("PIW", "Posted-interrupt wakeup event")]
SOFTIRQS = ["HI", "TIMER", "NET_TX", "NET_RX", "BLOCK", "IRQ_POLL", "TASKLET", "SCHED",
            "HRTIMER", "RCU"]
STATS = sorted("collisions multicast rx_bytes rx_compressed rx_crc_errors rx_dropped "
               "rx_errors rx_fifo_errors rx_frame_errors rx_length_errors "
               "rx_missed_errors rx_nohandler rx_over_errors rx_packets "
               "tx_aborted_errors tx_bytes tx_carrier_errors tx_compressed tx_dropped "
               "tx_errors tx_fifo_errors tx_heartbeat_errors tx_packets "
               "tx_window_errors".split())


def gen(root, ncpus):
    t = Tree(root)
    cpus = list(range(ncpus))
    nodes = 1 if ncpus <= 2 else 2
    node_of = lambda c: c * nodes // ncpus
    node0 = [c for c in cpus if node_of(c) == 0]

    t.put("timestamp", "86400.000\n")
    t.put("wallclock", "2026-01-15T10:00:00+00:00\n")
    t.put("running", "systemd\nsystemd-journal\nsshd\nirqbalance\ncontainerd\ndockerd\n"
          "kubelet\nnode_exporter\n")
    t.put("sys/devices/system/cpu/online", "0-%d\n" % (ncpus - 1))
    t.put("sys/devices/system/cpu/isolated", "\n")
    t.put("sys/devices/system/cpu/nohz_full", "(null)\n")
    for n, v in (("netdev_budget", 300), ("netdev_budget_usecs", 2000),
                 ("netdev_max_backlog", 1000), ("rps_sock_flow_entries", 0),
                 ("dev_weight", 64)):
        t.put("proc/sys/net/core/" + n, "%d\n" % v)

    # softnet_stat, 15 columns
    t.put("proc/net/softnet_stat", "".join(
        " ".join("%08x" % x for x in (counter(1, c, 1 << 31), 0, counter(2, c, 64), 0, 0, 0,
                                       0, 0, 0, counter(3, c, 1 << 20), 0, 0, c, 0, 0)) + "\n"
        for c in cpus))

    # IRQ table: (irq, chip, hwirq, flow, action, affinity, device)
    irqs = []
    for irq, hw, flow, name in ((0, 2, "edge", "timer"), (1, 1, "edge", "i8042"),
                                (8, 8, "edge", "rtc0"), (9, 9, "fasteoi", "acpi"),
                                (12, 12, "edge", "i8042"), (16, 16, "fasteoi", "i801_smbus")):
        irqs.append((irq, "IR-IO-APIC", hw, flow, name, cpus, None))
    irqs.append((24, "DMAR-MSI", 0, "edge", "dmar0", cpus, None))
    irqs.append((25, "DMAR-MSI", 1, "edge", "dmar1", cpus, None))
    nr = 26
    for p in range(8):
        irqs.append((nr, "IR-PCI-MSI-0000:%02x:00.0" % (0x10 + p), 0, "edge",
                     "PCIe PME, aerdrv", cpus, None))
        nr += 1
    for d in range(4):
        nq = min(ncpus, 128)
        slot = "0000:%02x:00.0" % (0x60 + d)
        for q in range(nq + 1):
            aff = cpus if q == 0 else [c for c in cpus if c % nq == q - 1]
            irqs.append((nr, "IR-PCI-MSIX-" + slot, q, "edge", "nvme%dq%d" % (d, q), aff, None))
            nr += 1
    nq = min(ncpus, 64)
    eth0_irqs, eth1_irqs = [], []
    slot0, slot1 = "0000:3b:00.0", "0000:5e:00.0"
    irqs.append((nr, "IR-PCI-MSIX-" + slot0, 0, "edge", "i40e-%s:misc" % slot0, cpus, "eth0"))
    eth0_irqs.append(nr)
    nr += 1
    for q in range(nq):
        irqs.append((nr, "IR-PCI-MSIX-" + slot0, q + 1, "edge", "i40e-eth0-TxRx-%d" % q,
                     [node0[q % len(node0)]], "eth0"))
        eth0_irqs.append(nr)
        nr += 1
    irqs.append((nr, "IR-PCI-MSIX-" + slot1, 0, "edge", "mlx5_async0@pci:" + slot1, cpus,
                 "eth1"))
    eth1_irqs.append(nr)
    nr += 1
    for q in range(nq):
        irqs.append((nr, "IR-PCI-MSIX-" + slot1, q + 1, "edge",
                     "mlx5_comp%d@pci:%s" % (q, slot1), [q % ncpus], "eth1"))
        eth1_irqs.append(nr)
        nr += 1

    prec = 3
    j = 1000
    while prec < 10 and j <= max(nr + 32, 8 * ncpus):
        prec += 1
        j *= 10
    out = [" " * (prec + 8) + "".join("CPU%-8d" % c for c in cpus) + "\n"]
    for irq, chip, hw, flow, name, aff, dev in irqs:
        row = ["%*d: " % (prec, irq)]
        for c in cpus:
            row.append("%10u " % (counter(irq, c, 5000000) if c in aff[:4] or len(aff) == 1
                                  and c == aff[0] else 0))
        row.append(" %s %*d-%-8s  %s\n" % (chip, prec, hw, flow, name))
        out.append("".join(row))
    for name, desc in ARCH:
        out.append("%*s: " % (prec, name) + "".join("%10u " % counter(len(name) + ord(name[0]), c, 90000000)
                                                   for c in cpus) + "  " + desc + "\n")
    out.append("%*s: %10u\n" % (prec, "ERR", 0))
    out.append("%*s: %10u\n" % (prec, "MIS", 0))
    for name, desc in ARCH_TAIL:
        out.append("%*s: " % (prec, name) + "".join("%10u " % 0 for c in cpus) + "  " + desc + "\n")
    t.put("proc/interrupts", "".join(out))

    for irq, chip, hw, flow, name, aff, dev in irqs:
        d = "proc/irq/%d/" % irq
        t.put(d + "smp_affinity", cpumask(aff, ncpus) + "\n")
        t.put(d + "smp_affinity_list", cpulist(aff) + "\n")
        t.put(d + "effective_affinity", cpumask(aff[:1], ncpus) + "\n")
        t.put(d + "effective_affinity_list", cpulist(aff[:1]) + "\n")
        t.put(d + "node", "%d\n" % (node_of(aff[0]) if len(aff) == 1 else -1))
        t.put(d + "affinity_hint", cpumask([], ncpus) + "\n")
        t.put(d + "spurious", "count 0\nunhandled 0\nlast_unhandled 0 ms\n")
        for a in name.split(", "):
            t.mkdir(d + a)

    out = [" " * 20 + "".join("CPU%-8d" % c for c in cpus) + "\n"]
    for i, n in enumerate(SOFTIRQS):
        out.append("%12s:" % n + "".join(" %10u" % counter(i + 7, c, 300000000) for c in cpus) + "\n")
    t.put("proc/softirqs", "".join(out))

    out = ["cpu  %d 0 %d %d 0 0 %d 0 0 0\n" % (100000 * ncpus, 30000 * ncpus,
                                                8000000 * ncpus, 2000 * ncpus)]
    for c in cpus:
        out.append("cpu%d %d 0 %d %d %d 0 %d 0 0 0\n" % (
            c, 100000 + counter(4, c, 9999), 30000 + counter(5, c, 999), 8000000,
            counter(6, c, 300), 2000 + counter(8, c, 200)))
    out.append("intr 123456789 " + " ".join(str(counter(9, i, 1000)) for i in range(nr + 32)) + "\n")
    out.append("ctxt 987654321\nbtime 1768464000\nprocesses 123456\nprocs_running 3\n"
               "procs_blocked 0\nsoftirq 4567890 0 1 2 3 4 5 6 7 8 9\n")
    t.put("proc/stat", "".join(out))

    tcpext = ("SyncookiesSent SyncookiesRecv SyncookiesFailed EmbryonicRsts PruneCalled "
              "RcvPruned OfoPruned OutOfWindowIcmps LockDroppedIcmps ArpFilter TW "
              "TWRecycled TWKilled PAWSActive PAWSEstab DelayedACKs DelayedACKLocked "
              "DelayedACKLost ListenOverflows ListenDrops TCPHPHits TCPPureAcks TCPHPAcks "
              "TCPRenoRecovery TCPSackRecovery TCPSACKReneging TCPSACKReorder "
              "TCPRenoReorder TCPTSReorder TCPFullUndo TCPPartialUndo TCPDSACKUndo "
              "TCPLossUndo TCPLostRetransmit TCPRenoFailures TCPSackFailures "
              "TCPLossFailures TCPFastRetrans TCPSlowStartRetrans TCPTimeouts "
              "TCPLossProbes TCPLossProbeRecovery TCPRenoRecoveryFail "
              "TCPSackRecoveryFail TCPRcvCollapsed TCPBacklogCoalesce TCPDSACKOldSent "
              "TCPDSACKOfoSent TCPDSACKRecv TCPDSACKOfoRecv TCPAbortOnData "
              "TCPAbortOnClose TCPAbortOnMemory TCPAbortOnTimeout TCPAbortOnLinger "
              "TCPAbortFailed TCPMemoryPressures TCPMemoryPressuresChrono "
              "TCPSACKDiscard TCPDSACKIgnoredOld TCPDSACKIgnoredNoUndo TCPSpuriousRTOs "
              "TCPMD5NotFound TCPMD5Unexpected TCPMD5Failure TCPSackShifted "
              "TCPSackMerged TCPSackShiftFallback TCPBacklogDrop PFMemallocDrop "
              "TCPMinTTLDrop TCPDeferAcceptDrop IPReversePathFilter TCPTimeWaitOverflow "
              "TCPReqQFullDoCookies TCPReqQFullDrop TCPRetransFail TCPRcvCoalesce "
              "TCPOFOQueue TCPOFODrop TCPOFOMerge TCPChallengeACK TCPSYNChallenge "
              "TCPFastOpenActive TCPFastOpenActiveFail TCPFastOpenPassive "
              "TCPFastOpenPassiveFail TCPFastOpenListenOverflow TCPFastOpenCookieReqd "
              "TCPFastOpenBlackhole TCPSpuriousRtxHostQueues BusyPollRxPackets "
              "TCPAutoCorking TCPFromZeroWindowAdv TCPToZeroWindowAdv "
              "TCPWantZeroWindowAdv TCPSynRetrans TCPOrigDataSent TCPDelivered "
              "TCPDeliveredCE TCPAckCompressed TCPZeroWindowDrop TCPRcvQDrop "
              "TCPWqueueTooBig").split()
    ipext = ("InNoRoutes InTruncatedPkts InMcastPkts OutMcastPkts InBcastPkts OutBcastPkts "
             "InOctets OutOctets InMcastOctets OutMcastOctets InBcastOctets OutBcastOctets "
             "InCsumErrors InNoECTPkts InECT1Pkts InECT0Pkts InCEPkts").split()
    hv = lambda sec, names: "%s %s\n%s %s\n" % (sec, " ".join(names), sec, " ".join(
        str(counter(len(n), i, 10 ** 9)) for i, n in enumerate(names)))
    t.put("proc/net/netstat", hv("TcpExt:", tcpext) + hv("IpExt:", ipext))
    snmp = hv("Ip:", "Forwarding DefaultTTL InReceives InHdrErrors InAddrErrors ForwDatagrams "
              "InUnknownProtos InDiscards InDelivers OutRequests OutDiscards OutNoRoutes "
              "ReasmTimeout ReasmReqds ReasmOKs ReasmFails FragOKs FragFails "
              "FragCreates".split())
    snmp += hv("Tcp:", "RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens "
               "AttemptFails EstabResets CurrEstab InSegs OutSegs RetransSegs InErrs "
               "OutRsts InCsumErrors".split())
    snmp += hv("Udp:", "InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors "
               "InCsumErrors IgnoredMulti MemErrors".split())
    snmp += hv("UdpLite:", "InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors "
               "SndbufErrors InCsumErrors IgnoredMulti MemErrors".split())
    t.put("proc/net/snmp", snmp)

    def netdev(name, ifindex, nrx, ntx, typ=1, speed=None, devtype=None):
        d = "sys/class/net/%s/" % name
        t.put(d + "ifindex", "%d\n" % ifindex)
        t.put(d + "type", "%d\n" % typ)
        t.put(d + "operstate", ("unknown" if typ == 772 else "up") + "\n")
        t.put(d + "address", "02:00:00:00:%02x:%02x\n" % (ifindex >> 8, ifindex & 255))
        if speed is not None:
            t.put(d + "speed", "%d\n" % speed)
        t.put(d + "uevent", ("DEVTYPE=%s\n" % devtype if devtype else "") +
              "INTERFACE=%s\nIFINDEX=%d\n" % (name, ifindex))
        for s in STATS:
            t.put(d + "statistics/" + s, "%d\n" % counter(ifindex, len(s), 10 ** 12))
        for q in range(nrx):
            t.put(d + "queues/rx-%d/rps_cpus" % q, cpumask([], ncpus) + "\n")
            t.put(d + "queues/rx-%d/rps_flow_cnt" % q, "0\n")
        for q in range(ntx):
            t.put(d + "queues/tx-%d/xps_cpus" % q, cpumask([q % ncpus], ncpus) + "\n")
            t.put(d + "queues/tx-%d/tx_timeout" % q, "0\n")
        return d

    netdev("lo", 1, 1, 1, typ=772)
    for name, idx, slot, drv, pid, msi in (("eth0", 2, slot0, "i40e", "8086:158B", eth0_irqs),
                                           ("eth1", 3, slot1, "mlx5_core", "15B3:1017",
                                            eth1_irqs)):
        d = netdev(name, idx, nq, nq, speed=25000)
        t.put(d + "device/uevent", "DRIVER=%s\nPCI_CLASS=20000\nPCI_ID=%s\nPCI_SLOT_NAME=%s\n"
              % (drv, pid, slot))
        t.put(d + "device/numa_node", "0\n")
        for irq in msi:
            t.put(d + "device/msi_irqs/%d" % irq, "")
        e = "ethtool/%s/" % name
        t.put(e + "driver", "driver: %s\nversion: 6.8.0\nfirmware-version: 9.20\n"
              "expansion-rom-version: \nbus-info: %s\nsupports-statistics: yes\n"
              "supports-test: yes\nsupports-eeprom-access: yes\n"
              "supports-register-dump: yes\nsupports-priv-flags: yes\n" % (drv, slot))
        lines = ["NIC statistics:\n"]
        for n in ("rx_packets", "tx_packets", "rx_bytes", "tx_bytes", "rx_errors",
                  "tx_errors", "rx_dropped", "tx_dropped", "collisions", "rx_length_errors",
                  "rx_crc_errors", "rx_unicast", "tx_unicast", "rx_multicast",
                  "tx_multicast", "rx_broadcast", "tx_broadcast", "rx_unknown_protocol",
                  "tx_linearize", "tx_force_wb", "tx_busy", "rx_alloc_fail",
                  "rx_pg_alloc_fail", "rx_discards", "rx_missed_errors",
                  "rx_out_of_buffer"):
            lines.append("     %s: %d\n" % (n, counter(idx, len(n), 10 ** 10)))
        for q in range(nq):
            for n in ("packets", "bytes", "restart", "busy"):
                lines.append("     tx-%d.tx_%s: %d\n" % (q, n, counter(q, len(n), 10 ** 9)))
            for n in ("packets", "bytes", "alloc_fail", "drops"):
                lines.append("     rx-%d.rx_%s: %d\n" % (q, n, counter(q, len(n) + 1, 10 ** 9)))
        for p in range(8):
            lines.append("     port.tx_priority_%d_xon_tx: 0\n" % p)
            lines.append("     port.rx_priority_%d_xon_rx: 0\n" % p)
        t.put(e + "stats", "".join(lines))
        t.put(e + "rings", "Ring parameters for %s:\nPre-set maximums:\nRX:\t\t4096\n"
              "RX Mini:\tn/a\nRX Jumbo:\tn/a\nTX:\t\t4096\nCurrent hardware settings:\n"
              "RX:\t\t512\nRX Mini:\tn/a\nRX Jumbo:\tn/a\nTX:\t\t512\nRX Buf Len:\t\tn/a\n"
              "CQE Size:\t\tn/a\nTX Push:\toff\nTCP data split:\tn/a\n" % name)
        t.put(e + "channels", "Channel parameters for %s:\nPre-set maximums:\nRX:\t\tn/a\n"
              "TX:\t\tn/a\nOther:\t\t1\nCombined:\t%d\nCurrent hardware settings:\n"
              "RX:\t\tn/a\nTX:\t\tn/a\nOther:\t\t1\nCombined:\t%d\n" % (name, max(nq, 64), nq))
        t.put(e + "eee", "EEE settings for %s:\n\tEEE status: not supported\n" % name)
    netdev("docker0", 4, 1, 1, devtype="bridge")
    for v in range(8):
        name = "veth%07x" % (0x1a2b3c0 + v)
        netdev(name, 10 + v, 1, 1, speed=10000)
        t.mkdir("sys/class/net/docker0/lower_" + name)


def main(argv):
    if len(argv) < 2:
        sys.stderr.write("usage: gen_sysroot.py OUTDIR [NCPUS ...]\n")
        return 2
    out = argv[1]
    sizes = [int(x) for x in argv[2:]] or list(SIZES)
    for n in sizes:
        gen(os.path.join(out, "cpus-%04d" % n), n)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
