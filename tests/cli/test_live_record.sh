#!/usr/bin/env bash
# Live kernel: two network namespaces joined by a veth pair, real traffic
# between them, `nettuned record` inside one of them, then `sample` on the
# capture. Touches nothing outside the namespaces it creates.
set -u
nt=${NT_NETTUNED:?}
if [ "$(id -u)" -ne 0 ] || ! ip netns list >/dev/null 2>&1; then
	echo "1..0 # SKIP needs root and ip netns"
	exit 77
fi
a=nt-rec-a-$$ b=nt-rec-b-$$
tmp=$(mktemp -d)
cleanup() {
	ip netns del "$a" 2>/dev/null
	ip netns del "$b" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
ip netns add "$a" && ip netns add "$b" || { echo "1..0 # SKIP cannot create namespaces"; exit 77; }
ip -n "$a" link add nta type veth peer name ntb netns "$b"
ip -n "$a" addr add 10.231.0.1/30 dev nta
ip -n "$b" addr add 10.231.0.2/30 dev ntb
ip -n "$a" link set nta up
ip -n "$b" link set ntb up
ip -n "$a" link set lo up
ip -n "$b" link set lo up

n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else no "$1"; fi; }

# 200 pings over ~2 s between the namespaces while recording
ip netns exec "$a" ping -q -c 200 -i 0.01 10.231.0.2 >/dev/null 2>&1 &
ping_pid=$!
ip netns exec "$a" "$nt" record --out "$tmp/cap" --count 3 --interval 0.5 2>"$tmp/err"; rc=$?
wait $ping_pid
check "record exits 0" '[ $rc -eq 0 ]'
check "record wrote 0000..0002 and meta" '[ -d "$tmp/cap/0000" ] && [ -d "$tmp/cap/0002" ] && [ -f "$tmp/cap/meta" ] && [ ! -e "$tmp/cap/0000.tmp" ]'
check "snapshot holds the veth device, its ethtool text and a timestamp" \
	'[ -f "$tmp/cap/0000/sys/class/net/nta/statistics/rx_packets" ] && grep -q "driver: veth" "$tmp/cap/0000/ethtool/nta/driver" && grep -q "NIC statistics:" "$tmp/cap/0000/ethtool/nta/stats" && [ -s "$tmp/cap/0000/timestamp" ]'
check "host interfaces are not in the namespace capture" '[ ! -e "$tmp/cap/0000/sys/class/net/eth0" ]'

"$nt" sample --capture "$tmp/cap" --json >"$tmp/cap.json"; rc=$?
check "sample --capture exits 0" '[ $rc -eq 0 ]'
python3 - "$tmp/cap.json" >"$tmp/py.out" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["snapshots"] == 3, d["snapshots"]
assert 0.9 < d["interval_s"] < 1.5, d["interval_s"]
nics = {n["name"]: n for n in d["nics"]}
assert "nta" in nics and "eth0" not in nics, list(nics)
nta = nics["nta"]
assert nta["driver_info"]["driver"] == "veth", nta["driver_info"]
rate = nta["counter_rates_per_s"]["rx_packets"]
# 100 echo replies per second cross nta while the pings run
assert rate is not None and 20 < rate < 400, rate
assert nta["driver_stats"]["count"] > 0
assert nta["driver_stats"]["values"].get("peer_ifindex", 0) > 0
assert nta["channels"].get("rx_max", 0) >= 1 or "error" in nta["channels"]
for c in d["cpus"]:
    assert c["time_squeeze_per_s"] is None or c["time_squeeze_per_s"] >= 0
print("ok")
PY
check "capture rates match the traffic sent (veth rx_packets 20..400/s, driver stats present)" 'grep -q "^ok$" "$tmp/py.out" || { sed "s/^/# /" "$tmp/py.out"; false; }'

"$nt" sample --root "$tmp/cap/0000" >"$tmp/root.txt"; rc=$?
check "sample --root on one snapshot shows the veth NIC" '[ $rc -eq 0 ] && grep -q "^NIC nta: virtual, driver veth" "$tmp/root.txt"'

# the live view from inside the namespace agrees with the recorded one
ip netns exec "$a" "$nt" sample --json >"$tmp/live.json"; rc=$?
python3 - "$tmp/live.json" "$tmp/cap.json" >"$tmp/py2.out" 2>&1 <<'PY'
import json, sys
live, cap = (json.load(open(p)) for p in sys.argv[1:3])
assert live["live"] is True
assert sorted(n["name"] for n in live["nics"]) == sorted(n["name"] for n in cap["nics"])
assert live["cpus_online"] == cap["cpus_online"]
assert live["sysctls"] == cap["sysctls"]
print("ok")
PY
check "live sample and capture agree on NICs, CPUs and sysctls" '[ $rc -eq 0 ] && grep -q "^ok$" "$tmp/py2.out" || { sed "s/^/# /" "$tmp/py2.out"; false; }'

err=$(ip netns exec "$a" "$nt" record --out "$tmp/cap" --count 1 2>&1); rc=$?
check "record refuses to overwrite a capture" '[ $rc -eq 1 ] && grep -q "already holds a capture" <<<"$err"'

# the host itself, read only: NICs and their queue IRQs survive record -> sample --root
"$nt" record --out "$tmp/host" --count 1 2>/dev/null; rc=$?
"$nt" sample --json >"$tmp/hlive.json" && "$nt" sample --root "$tmp/host/0000" --json >"$tmp/hcap.json"
python3 - "$tmp/hlive.json" "$tmp/hcap.json" >"$tmp/py3.out" 2>&1 <<'PY'
import json, sys
live, cap = (json.load(open(p)) for p in sys.argv[1:3])
def irqs(d):
    return {n["name"]: sorted((i["irq"], i["name"], i["queue_kind"], i["queue"]) for i in n["irqs"])
            for n in d["nics"]}
assert irqs(live) == irqs(cap), (irqs(live), irqs(cap))
assert [n["name"] for n in live["nics"]] == [n["name"] for n in cap["nics"]]
print("ok", sum(len(v) for v in irqs(cap).values()))
PY
check "host record -> sample --root keeps every NIC and its queue IRQs ($(cat "$tmp/py3.out" | tail -1))" '[ $rc -eq 0 ] && grep -q "^ok" "$tmp/py3.out" || { sed "s/^/# /" "$tmp/py3.out"; false; }'

echo "1..$n"
[ $fail -eq 0 ]
